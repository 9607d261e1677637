"""The only module that imports pypdfium2 and pdfplumber.

:func:`open_pdf` checks a file at the boundary and returns a :class:`PdfFile`, which hands out
plain strings and bytes only: pdfium pages, text pages and bitmaps are closed before a method
returns, so memory stays flat however long the document (pdfium keeps the file open, not in
memory).

Reading order is pdfium's: characters in content-stream order, with line breaks where pdfium's
layout analysis sees a new line; we do not re-sort by geometry as pdftotext does. For the
word-processor and EDGAR PDFs contracts come as, that is the order the author wrote: on the nine
nl-synth text PDFs (tables, stacked signature blocks, letterheads) the word sequence after
clean-up equals the ground-truth reading-order text exactly (difflib ratio 1.0). A true
two-column page would come out in whatever order its producer drew it.

pdfplumber (pdfminer) reads the CUAD set at about 7 pages/s against pdfium's 300-400 and gives
the same words (word F1 against pdftotext 0.998 for both), so it is used for one thing only: a
second opinion on a page whose pdfium text looks garbled (:func:`layout.looks_garbled`), where
pdfminer's own font decoding sometimes succeeds. It is imported lazily, on the first such page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.internal as pdfium_i
import pypdfium2.raw as pdfium_c

from contractdossier.errors import EmptyInputError, EncryptedPdfError, InputFileError

log = logging.getLogger(__name__)

HEADER_BYTES = 1024  # the %PDF- header must start within this many bytes (as Acrobat accepts)
_GRAPHIC_OBJECTS = (
    pdfium_c.FPDF_PAGEOBJ_IMAGE,
    pdfium_c.FPDF_PAGEOBJ_PATH,
    pdfium_c.FPDF_PAGEOBJ_SHADING,
)


def check_header(path: Path) -> None:
    """Raise unless ``path`` is a non-empty readable file with ``%PDF-`` near its start."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_BYTES)
    except FileNotFoundError as e:
        raise InputFileError(f"no such file: {path}") from e
    except IsADirectoryError as e:
        raise InputFileError(f"not a file but a directory: {path}") from e
    except OSError as e:
        raise InputFileError(f"cannot read {path}: {e.strerror or e}") from e
    if not head:
        raise EmptyInputError(f"empty file (0 bytes): {path}")
    if b"%PDF-" not in head:
        raise InputFileError(
            f"not a PDF: {path} (no %PDF- header in the first {HEADER_BYTES} bytes)"
        )


def open_pdf(path: Path) -> PdfFile:
    """Check ``path`` and open it; the caller closes the result (it is a context manager).

    Raises :class:`EmptyInputError` for a 0-byte file or a PDF without pages,
    :class:`EncryptedPdfError` when a password is needed (an empty user password is tried, as
    viewers do), and :class:`InputFileError` for anything else pdfium cannot open.
    """
    check_header(path)
    # pdfium's raw loader, not PdfDocument(path): PdfDocument reports a PDF without pages as a
    # load failure with FPDF_GetLastError()'s code, which is stale after a successful load.
    raw = pdfium_c.FPDF_LoadDocument((str(path) + "\x00").encode("utf-8", "surrogateescape"), None)
    if not raw:
        code = pdfium_c.FPDF_GetLastError()
        cause = pdfium.PdfiumError(f"FPDF_LoadDocument failed with error {code}", err_code=code)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(
                f"encrypted PDF, a password is needed to open it: {path}"
            ) from cause
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedPdfError(
                f"encrypted PDF with an unsupported security handler: {path}"
            ) from cause
        if code == pdfium_c.FPDF_ERR_FILE:
            raise InputFileError(f"cannot read {path}") from cause
        reason = pdfium_i.ErrorToStr.get(code, f"error {code}")
        raise InputFileError(
            f"damaged or truncated PDF, cannot be opened ({reason}): {path}"
        ) from cause
    if pdfium_c.FPDF_GetPageCount(raw) < 1:
        pdfium_c.FPDF_CloseDocument(raw)
        raise EmptyInputError(f"PDF has no pages: {path}")
    document = pdfium.PdfDocument(raw)  # takes ownership: closing it closes the handle
    return PdfFile(path, document)


class PdfFile:
    """An open PDF. Page indices are 0-based."""

    def __init__(self, path: Path, document: Any) -> None:
        self.path = path
        self._doc = document
        self._plumber: Any = None
        self.page_count: int = len(document)

    def __enter__(self) -> PdfFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None
        self._doc.close()

    def _page(self, index: int) -> Any:
        try:
            return self._doc[index]
        except pdfium.PdfiumError as e:
            raise InputFileError(
                f"damaged PDF, page {index + 1} cannot be read: {self.path}"
            ) from e

    def text(self, index: int) -> str:
        """The text layer of one page as pdfium gives it (``\\r\\n`` line ends, hyphen marks)."""
        page = self._page(index)
        try:
            textpage = page.get_textpage()
            try:
                return str(textpage.get_text_range())
            finally:
                textpage.close()
        except pdfium.PdfiumError as e:
            raise InputFileError(
                f"damaged PDF, text of page {index + 1} cannot be read: {self.path}"
            ) from e
        finally:
            page.close()

    def has_graphics(self, index: int) -> bool:
        """True if the page draws an image, path or shading (something OCR could read)."""
        page = self._page(index)
        try:
            for _ in page.get_objects(filter=_GRAPHIC_OBJECTS):
                return True
            return False
        except pdfium.PdfiumError:
            return True  # cannot tell: let OCR look
        finally:
            page.close()

    def render(self, index: int, dpi: int = 300) -> bytes:
        """Render one page in greyscale as a binary PGM image (what tesseract reads fastest)."""
        page = self._page(index)
        try:
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False)
            try:
                width, height, stride = bitmap.width, bitmap.height, bitmap.stride
                if bitmap.n_channels != 1:  # pdfium gave no 8-bit grey bitmap: convert
                    data = bitmap.to_pil().convert("L").tobytes()
                else:
                    raw = memoryview(bitmap.buffer).cast("B")
                    if stride == width:
                        data = bytes(raw[: width * height])
                    else:
                        data = b"".join(
                            raw[row * stride : row * stride + width] for row in range(height)
                        )
            finally:
                bitmap.close()
        except pdfium.PdfiumError as e:
            raise InputFileError(
                f"damaged PDF, page {index + 1} cannot be rendered: {self.path}"
            ) from e
        finally:
            page.close()
        return b"P5\n%d %d\n255\n" % (width, height) + data

    def plumber_text(self, index: int) -> str:
        """The text of one page as pdfplumber (pdfminer) reads it; '' if pdfminer fails too."""
        try:
            if self._plumber is None:
                import pdfplumber

                self._plumber = pdfplumber.open(self.path)
            page = self._plumber.pages[index]
            try:
                return str(page.extract_text() or "")
            finally:
                page.close()
        except Exception as e:  # pdfminer raises many unrelated types on bad input
            log.warning("pdfplumber could not read page %d of %s: %s", index + 1, self.path, e)
            return ""


def render_page(path: Path, index: int, dpi: int = 300) -> bytes:
    """Render page ``index`` (0-based) of ``path`` as a greyscale PGM image."""
    with open_pdf(path) as pdf:
        return pdf.render(index, dpi)
