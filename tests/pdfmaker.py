"""Real PDFs for the extraction tests, made with fpdf2 and Pillow from text written here.

Text pages get a real text layer (DejaVu Sans when the system has it, else core Helvetica);
image pages are the same kind of text rendered to a bitmap and embedded, with no text layer, the
way a scan arrives.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
A4_MM = (210.0, 297.0)


class PdfMaker:
    """Build a PDF page by page; ``header``/``footer`` may use ``{page}`` and ``{pages}``."""

    def __init__(self) -> None:
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 1))
        if DEJAVU.exists():
            self.pdf.add_font("body", fname=str(DEJAVU))
            self.family, self.unicode = "body", True
        else:
            self.family, self.unicode = "Helvetica", False
        self._running: list[tuple[int, str | None, str | None]] = []

    def _text(self, text: str) -> str:
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def text_page(
        self, lines: Sequence[str], *, header: str | None = None, footer: str | None = None
    ) -> PdfMaker:
        """One page; each item of ``lines`` is one printed line (keep them shorter than ~90)."""
        self.pdf.add_page()
        self.pdf.set_font(self.family, size=10)
        self.pdf.set_xy(20, 30)
        for line in lines:
            self.pdf.set_x(20)
            self.pdf.cell(0, 5.5, self._text(line), new_x="LMARGIN", new_y="NEXT")
        self._running.append((self.pdf.page, header, footer))
        return self

    def image_page(self, lines: Sequence[str], *, dpi: int = 200) -> PdfMaker:
        """One page that is only an image of ``lines`` (no text layer)."""
        image = text_image(lines, dpi=dpi)
        self.pdf.add_page()
        self.pdf.image(image, x=0, y=0, w=A4_MM[0], h=A4_MM[1])
        return self

    def encrypt(self, user_password: str, owner_password: str = "owner-secret") -> PdfMaker:
        self.pdf.set_encryption(owner_password=owner_password, user_password=user_password)
        return self

    def save(self, path: Path) -> Path:
        total = self.pdf.page
        for number, header, footer in self._running:
            self.pdf.page = number
            self.pdf.set_font(self.family, size=8)
            if header:
                self.pdf.set_xy(20, 12)
                self.pdf.cell(0, 5, self._text(header.format(page=number, pages=total)))
            if footer:
                self.pdf.set_xy(20, A4_MM[1] - 15)
                self.pdf.cell(0, 5, self._text(footer.format(page=number, pages=total)))
        self.pdf.page = total
        path.parent.mkdir(parents=True, exist_ok=True)
        self.pdf.output(str(path))
        return path


def text_image(lines: Sequence[str], *, dpi: int = 200) -> Image.Image:
    """A white A4 greyscale image with ``lines`` printed in 11 pt black text."""
    width, height = (round(mm / 25.4 * dpi) for mm in A4_MM)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    size = round(11 / 72 * dpi)
    font: Any = (
        ImageFont.truetype(str(DEJAVU), size) if DEJAVU.exists() else ImageFont.load_default(size)
    )
    x, y = round(20 / 25.4 * dpi), round(30 / 25.4 * dpi)
    for line in lines:
        draw.text((x, y), line, fill=0, font=font)
        y += round(size * 1.5)
    return image


def zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty (fpdf2 always adds a page, so by hand)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def truncated_copy(source: Path, target: Path, fraction: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


def filler_lines(page: int, n: int = 40, language: str = "nl") -> list[str]:
    """About ``n`` lines of plausible contract text (written here, not copied) for one page."""
    if language == "nl":
        sentence = (
            "{k}.{i} De opdrachtnemer voert de werkzaamheden uit met de zorg van een goed "
            "opdrachtnemer en houdt zich aan de afspraken in deze overeenkomst, tenzij partijen "
            "schriftelijk anders overeenkomen."
        )
    else:
        sentence = (
            "{k}.{i} The supplier shall perform the services with the care of a good supplier "
            "and shall comply with the terms of this agreement, unless the parties agree "
            "otherwise in writing."
        )
    out: list[str] = []
    i = 1
    while len(out) < n:
        out.extend(textwrap.wrap(sentence.format(k=page % 7 + 1, i=i), 85))
        i += 1
    return out[:n]
