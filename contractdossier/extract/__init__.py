"""Text extraction: one PDF in, an :class:`ExtractedText` out.

Stages, top to bottom in :func:`extract_text`:

1. boundary checks and opening (``pdf.open_pdf``: empty, not a PDF, damaged, encrypted);
2. the text layer of every page from pdfium, normalised (``pdf``, ``layout``);
3. a page whose pdfium text looks garbled gets a second reading by pdfplumber (``pdf``);
4. pages without a usable text layer -- fewer than ``layout.MIN_USABLE_CHARS`` non-space
   characters once running headers/footers are set aside -- are rendered at 300 dpi and read by
   tesseract (``ocr``), if the page draws anything at all;
5. running headers/footers and page numbers removed, hyphenation repaired (``layout``);
6. the language told from stopwords (``language``).

Pages are read one at a time and closed at once (a 300-page PDF stays well under 500 MB).
The text of each page is kept in order and joined with ``\\f`` by ``ExtractedText.full_text``;
``PageText.offset`` indexes into that string.

pdfium is not thread-safe: run extractions in parallel in processes, not threads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from contractdossier.errors import ConfigError
from contractdossier.extract import layout, ocr
from contractdossier.extract.ocr import ocr_available
from contractdossier.extract.pdf import PdfFile, open_pdf
from contractdossier.records import ExtractedText, PageText, TextSource

__all__ = ["OcrMode", "extract_text", "ocr_available"]

log = logging.getLogger(__name__)

OCR_DPI = 300


class OcrMode(StrEnum):
    auto = "auto"  # OCR pages without a usable text layer, if tesseract is installed
    always = "always"  # OCR every page (tesseract required)
    never = "never"  # text layer only; pages without one get TextSource.none


def extract_text(
    path: Path,
    *,
    ocr: OcrMode = OcrMode.auto,
    ocr_languages: str = "nld+eng",
    max_pages: int | None = None,
) -> ExtractedText:
    """Extract the text of the PDF at ``path``, page by page.

    ``max_pages`` limits how many pages (from the first) are read; ``page_count`` in the result
    is still the document's full page count.

    Raises :class:`~contractdossier.errors.EmptyInputError`, ``InputFileError`` or
    ``EncryptedPdfError`` for unusable input, and ``ConfigError`` when ``ocr`` is ``always``
    but tesseract (with ``ocr_languages``) is not installed. In ``auto`` mode a missing
    tesseract is not an error: pages that need OCR get ``TextSource.none`` and a warning is
    logged.
    """
    started = time.perf_counter()
    mode = OcrMode(ocr)
    if max_pages is not None and max_pages < 1:
        raise ValueError(f"max_pages must be at least 1, not {max_pages}")
    can_ocr = mode is not OcrMode.never and ocr_available(ocr_languages)
    if mode is OcrMode.always and not can_ocr:
        raise ConfigError(_missing_ocr_message(ocr_languages))

    with open_pdf(Path(path)) as pdf:
        page_count = pdf.page_count
        n = page_count if max_pages is None else min(page_count, max_pages)
        texts = [layout.normalise_whitespace(_text_layer(pdf, index)) for index in range(n)]
        sources = [TextSource.text_layer] * n
        stripped = layout.remove_running_lines(texts)
        if mode is not OcrMode.never and _ocr_pages(
            pdf, texts, stripped.pages, sources, mode, can_ocr, ocr_languages
        ):
            stripped = layout.remove_running_lines(texts)  # again, with the OCR'd pages

    cleaned = layout.finish_pages(stripped)
    pages: list[PageText] = []
    offset = 0
    for index, (text, source) in enumerate(zip(cleaned.pages, sources, strict=True)):
        if not text:  # no text layer, or OCR (or header removal) left nothing readable
            source = TextSource.none
        pages.append(PageText(number=index + 1, text=text, offset=offset, source=source))
        offset += len(text) + 1  # the "\f" between pages
    result = ExtractedText(
        pages=tuple(pages),
        language=cleaned.language,
        page_count=page_count,
        removed_lines=cleaned.removed_lines,
    )
    log.debug(
        "extracted %s: %d/%d pages (%d OCR) in %.3f s",
        path,
        n,
        page_count,
        result.ocr_pages,
        time.perf_counter() - started,
    )
    return result


def _text_layer(pdf: PdfFile, index: int) -> str:
    """pdfium's text of one page, or pdfplumber's when pdfium's looks garbled and it is better."""
    text = pdf.text(index)
    if layout.looks_garbled(text):
        alternative = pdf.plumber_text(index)
        if alternative.strip() and not layout.looks_garbled(alternative):
            log.info("page %d of %s: garbled pdfium text, using pdfplumber's", index + 1, pdf.path)
            return alternative
        log.warning("page %d of %s: the text layer looks garbled", index + 1, pdf.path)
    return text


def _ocr_pages(
    pdf: PdfFile,
    texts: list[str],
    bodies: Sequence[str],
    sources: list[TextSource],
    mode: OcrMode,
    can_ocr: bool,
    languages: str,
) -> bool:
    """OCR the pages that need it, replacing their entries in ``texts`` and ``sources``.

    ``bodies`` are the page texts without running headers/footers: a scan with a stamped
    "Pagina 3 van 9" has no usable text layer. Returns whether any text changed.
    """
    if mode is OcrMode.always:
        candidates = list(range(len(texts)))
    else:
        candidates = [
            index
            for index, body in enumerate(bodies)
            if (layout.usable_chars(body) < layout.MIN_USABLE_CHARS or layout.looks_garbled(body))
            and pdf.has_graphics(index)
        ]
    if not candidates:
        return False
    if not can_ocr:
        log.warning(
            "%s: %d page(s) without a usable text layer left empty: %s",
            pdf.path,
            len(candidates),
            _missing_ocr_message(languages),
        )
        for index in candidates:
            texts[index] = ""
            sources[index] = TextSource.none
        return True
    for index in candidates:
        started = time.perf_counter()
        try:
            text = ocr.ocr_image(pdf.render(index, OCR_DPI), languages, OCR_DPI)
        except ocr.OcrFailed as e:
            log.warning("OCR of page %d of %s failed: %s", index + 1, pdf.path, e)
            if mode is OcrMode.auto:
                texts[index] = ""
                sources[index] = TextSource.none
            continue  # in 'always' mode the text layer stays
        log.debug("OCR page %d of %s: %.2f s", index + 1, pdf.path, time.perf_counter() - started)
        text = layout.normalise_whitespace(text)
        found = layout.usable_chars(text)
        trust_ocr = mode is OcrMode.always or layout.looks_garbled(texts[index])
        if found and (trust_ocr or found > layout.usable_chars(texts[index])):
            texts[index] = text
            sources[index] = TextSource.ocr
        # else: OCR read less than the (short) text layer has, which is kept
    return True


def _missing_ocr_message(languages: str) -> str:
    missing = ocr.missing_languages(languages)
    if missing is None:
        return "tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-nld)"
    return (
        f"tesseract lacks language data for {'+'.join(missing)} (e.g. tesseract-ocr-{missing[0]})"
    )
