"""Generate a corpus of hostile and broken input files for the ingestion tests.

Usage::

    python -m tests.hostile.make_corpus OUTDIR

writes ``OUTDIR/inbox`` (what gets dropped into the watched folder) and ``OUTDIR/outside``
(files that symlinks in the inbox point at, which must never be ingested), and prints one line
per specimen. :func:`make_corpus` does the same and returns the specimens with the outcome each
must get, so the tests can check every file.

Everything is written here from scratch (fpdf2 and hand-built PDF bytes): no third-party text.
Generation is fast (a few seconds): the decompression bomb is assembled from repeated deflate
blocks instead of compressing gigabytes, and the long PDF repeats one small page object.
"""

from __future__ import annotations

import random
import struct
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

BOMB_MIB = 3072  # what the bomb's content stream inflates to
LONG_PAGES = 2000


class Expect(StrEnum):
    done = "done"  # ingested
    quarantined = "quarantined"
    skipped = "skipped"  # never registered (symlink out of the inbox, junk)
    handled = "handled"  # done or quarantined, either is right as long as there is a reason


@dataclass(frozen=True, slots=True)
class Specimen:
    name: str  # path relative to the inbox
    expect: Expect
    reason: str = ""  # a fragment the quarantine reason must contain (if quarantined)
    what: str = ""


# -- hand-built PDFs --------------------------------------------------------------------------


def raw_pdf(objects: Sequence[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 = ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text_content(lines: Sequence[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 60 780 Td 14 TL"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + safe.encode("latin-1", "replace") + b") '")
    ops.append(b"ET")
    return b"\n".join(ops)


def simple_pdf(
    lines: Sequence[str], *, catalog_extra: bytes = b"", extra: Sequence[bytes] = ()
) -> bytes:
    """One text page; ``extra`` objects are numbered from 5 on."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            _FONT,
            _stream(_text_content(lines)),
            *extra,
        ]
    )


def _contract_lines(name: str) -> list[str]:
    return [
        f"DIENSTVERLENINGSOVEREENKOMST {name.upper()}",
        f"Partijen: {name} B.V. te Utrecht en Gemeente Voorbeeld.",
        "Artikel 1 Duur",
        "1.1 Deze overeenkomst gaat in op 1 januari 2025 en geldt voor drie jaar.",
        "Artikel 2 Opzegging",
        "2.1 Opzegging geschiedt schriftelijk met een termijn van drie maanden.",
    ]


def good_pdf(name: str) -> bytes:
    return simple_pdf(_contract_lines(name))


def zip_bomb_pdf(mib: int = BOMB_MIB) -> bytes:
    """A ~``mib/1000`` MB PDF whose content stream inflates to ``mib`` MiB of zeros.

    Deflate output for identical input after a full flush is identical, so one compressed
    block is repeated instead of compressing gigabytes; the Adler-32 of n zero bytes is
    (n mod 65521) << 16 | 1.
    """
    chunk = bytes(1 << 20)
    comp = zlib.compressobj(9)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    final = comp.flush()[:-4]  # the empty final block, without the checksum
    n = mib << 20
    data = first + block * (mib - 1) + final + struct.pack(">I", ((n % 65521) << 16) | 1)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            _FONT,
            _stream(data, b"/Filter /FlateDecode "),
        ]
    )


def nested_pdf(depth: int = 100_000) -> bytes:
    """A page whose resources hold an array nested ``depth`` deep (parser recursion)."""
    nested = b"[" * depth + b"]" * depth
    return simple_pdf(
        ["Deeply nested object"],
        extra=[b"<< /Deep " + nested + b" >>"],
        catalog_extra=b"/Deep 6 0 R ",
    )


def nested_dict_pdf(depth: int = 50_000) -> bytes:
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    return simple_pdf(["Deeply nested dictionaries"], extra=[nested], catalog_extra=b"/X 6 0 R ")


def huge_object_stream_pdf(count: int = 200_000) -> bytes:
    """An object stream claiming ``count`` objects (and holding them), plus a normal page."""
    header = b" ".join(b"%d %d" % (1000 + i, i * 4) for i in range(count))
    body = b"".join(b"%-3d " % (i % 1000) for i in range(count))
    data = zlib.compress(header + b" " + body, 6)
    first = len(header) + 1
    return simple_pdf(
        ["A huge object stream"],
        extra=[
            _stream(
                data, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode " % (count, first)
            )
        ],
    )


def javascript_pdf() -> bytes:
    lines = _contract_lines("Scriptum")
    return simple_pdf(
        lines,
        catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(a) 6 0 R] >> >> ",
        extra=[
            b"<< /Type /Action /S /JavaScript "
            b"/JS (app.alert\\('hello'\\); this.exportDataObject\\({cName: 'x'}\\);) >>"
        ],
    )


def embedded_file_pdf() -> bytes:
    payload = b"MZ\x90\x00 not really an executable, but it claims to be one\n" * 20
    return simple_pdf(
        _contract_lines("Bijlage"),
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(payload.exe) 6 0 R] >> >> ",
        extra=[
            b"<< /Type /Filespec /F (payload.exe) /UF (payload.exe) /EF << /F 7 0 R >> >>",
            _stream(payload, b"/Type /EmbeddedFile "),
        ],
    )


def long_pdf(pages: int = LONG_PAGES) -> bytes:
    """``pages`` pages sharing fonts; each has its own small content stream (fast to write)."""
    kids = b" ".join(b"%d 0 R" % (5 + 2 * i) for i in range(pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _FONT,
        b"<< /Font << /F1 3 0 R >> >>",
    ]
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R "
            b"/Contents %d 0 R >>" % (6 + 2 * i)
        )
        text = [f"Bijlage A, pagina {i + 1}: specificatie van de dienstverlening."]
        if i == 0:
            text = _contract_lines("Langdurig") + text
        objects.append(_stream(_text_content(text)))
    return raw_pdf(objects)


def encrypted_pdf(user_password: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in _contract_lines("Geheim"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


# -- the corpus -------------------------------------------------------------------------------


def make_corpus(root: Path, *, seed: int = 8, heavy: bool = True) -> list[Specimen]:
    """Write the corpus under ``root`` (``inbox/`` and ``outside/``); return the specimens.

    ``heavy=False`` leaves out the decompression bomb and the 2,000-page PDF.
    """
    rng = random.Random(seed)
    inbox, outside = root / "inbox", root / "outside"
    inbox.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    specimens: list[Specimen] = []

    def put(name: str, data: bytes, expect: Expect, reason: str = "", what: str = "") -> None:
        path = inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        specimens.append(Specimen(name, expect, reason, what or name))

    good = good_pdf("Basis")
    put("empty.pdf", b"", Expect.quarantined, "empty file", "zero bytes")
    put("letter.pdf", b"Dit is een brief, geen PDF.\n" * 10, Expect.quarantined, "not a PDF")
    put("image.png.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200), Expect.quarantined, "not a PDF")
    for cut in (0.02, 0.3, 0.6, 0.95):
        put(
            f"truncated-{int(cut * 100):02d}.pdf",
            good[: max(9, int(len(good) * cut))],
            Expect.handled,
            "",
            f"truncated at {cut:.0%}",
        )
    put("header-only.pdf", b"%PDF-1.7\n", Expect.quarantined, "damaged or truncated")
    put(
        "random-body.pdf",
        b"%PDF-1.4\n" + rng.randbytes(64 * 1024),
        Expect.quarantined,
        "damaged or truncated",
        "random bytes after a %PDF- header",
    )
    put("encrypted.pdf", encrypted_pdf("secret"), Expect.quarantined, "encrypted PDF")
    put("encrypted-empty-password.pdf", encrypted_pdf(""), Expect.done, "", "empty user password")
    put("nested-arrays.pdf", nested_pdf(), Expect.handled, "", "arrays nested 100,000 deep")
    put("nested-dicts.pdf", nested_dict_pdf(), Expect.handled, "", "dictionaries 50,000 deep")
    put("object-stream.pdf", huge_object_stream_pdf(), Expect.handled, "", "200,000 objects")
    put("javascript.pdf", javascript_pdf(), Expect.done, "", "JavaScript open action")
    put("embedded-file.pdf", embedded_file_pdf(), Expect.done, "", "embedded file")
    if heavy:
        put("bomb.pdf", zip_bomb_pdf(), Expect.handled, "", f"inflates to {BOMB_MIB} MiB")
        put("long-2000-pages.pdf", long_pdf(), Expect.done, "", f"{LONG_PAGES} pages")

    # names
    put("met spaties  en  meer.pdf", good_pdf("Spatie"), Expect.done)
    put("überéénkomst — 契約 🖋.pdf", good_pdf("Unicode"), Expect.done)
    put("regel\neinde.pdf", good_pdf("Newline"), Expect.done, "", "newline in the name")
    put("-rf --help.pdf", good_pdf("Dash"), Expect.done, "", "leading dashes")
    long_name = "lang-" + "x" * (255 - len("lang-") - len(".pdf")) + ".pdf"
    put(long_name, good_pdf("Lang"), Expect.done, "", "255-byte name")
    put("Diep/" * 20 + "genest.pdf", good_pdf("Genest"), Expect.done, "", "20 folders deep")
    put("tab\tand\x1bescape.pdf", good_pdf("Escape"), Expect.done, "", "control characters")

    # symlinks and escapes
    secret = outside / "secret.pdf"
    secret.write_bytes(good_pdf("Geheimhouding"))
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/sh\n")
    links = {
        "link-out-absolute.pdf": secret,
        "link-out-relative.pdf": Path("..") / "outside" / "secret.pdf",
        "link-passwd.pdf": Path("/etc/passwd"),
        "link-dangling.pdf": Path("/nonexistent/nothing.pdf"),
    }
    for name, target in links.items():
        (inbox / name).symlink_to(target)
        specimens.append(Specimen(name, Expect.skipped, "", f"symlink to {target}"))
    (inbox / "up").symlink_to("..")  # a folder link to the inbox's parent: not followed
    (inbox / "outside-folder").symlink_to(outside)
    specimens.append(Specimen("up/outside/secret.pdf", Expect.skipped, "", "folder link to .."))
    specimens.append(Specimen("outside-folder/secret.pdf", Expect.skipped, "", "folder link"))
    inside = inbox / "inside-target.pdf"
    inside.write_bytes(good_pdf("Binnen"))
    specimens.append(Specimen("inside-target.pdf", Expect.done))
    (inbox / "link-inside.pdf").symlink_to("inside-target.pdf")
    specimens.append(Specimen("link-inside.pdf", Expect.handled, "", "symlink inside the inbox"))
    return specimens


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m tests.hostile.make_corpus OUTDIR\n")
        return 2
    for s in make_corpus(Path(args[0])):
        sys.stdout.write(f"{s.expect:12} {s.name!r}: {s.what}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
