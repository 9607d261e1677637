"""extract_text on real PDFs made here (and, when ../shared is present, a few corpus files)."""

from __future__ import annotations

import logging
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from contractdossier.errors import (
    ConfigError,
    EmptyInputError,
    EncryptedPdfError,
    InputFileError,
)
from contractdossier.extract import OcrMode, extract_text, ocr, ocr_available
from contractdossier.extract.pdf import PdfFile, render_page
from contractdossier.records import ExtractedText, TextSource
from tests.pdfmaker import PdfMaker, filler_lines, truncated_copy, zero_page_pdf

NL_SYNTH = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "nl-synth" / "pdf"

HEADER = "Huurovereenkomst Spaarnestad – Vertrouwelijk"
FOOTER = "Pagina {page} van {pages}"
SCAN_LINES = [
    "HUUROVEREENKOMST",
    "De huurder betaalt de huur per maand vooruit.",
    "De verhuurder onderhoudt het gehuurde.",
]

needs_tesseract = pytest.mark.skipif(
    not ocr_available("nld+eng"),
    reason="tesseract with nld+eng language data is not installed (apt install tesseract-ocr "
    "tesseract-ocr-nld)",
)


def assert_offsets_consistent(result: ExtractedText) -> None:
    full = result.full_text
    assert [p.number for p in result.pages] == list(range(1, len(result.pages) + 1))
    for page in result.pages:
        assert full[page.offset : page.offset + len(page.text)] == page.text
        assert "\f" not in page.text
        if page.text:
            assert result.page_at(page.offset) == page.number


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    """Four Dutch pages with a running header, "Pagina X van 4" and line-end hyphens."""
    maker = PdfMaker()
    maker.text_page(["HUUROVEREENKOMST", *filler_lines(1, 30)], footer=FOOTER)
    maker.text_page(
        [
            *filler_lines(2, 12),
            "Deze overeen-",
            "komst is gesloten te Haarlem, provincie Noord-",
            "Holland, op de datum van ondertekening.",
            *filler_lines(3, 12),
        ],
        header=HEADER,
        footer=FOOTER,
    )
    for n in (3, 4):
        maker.text_page(filler_lines(n + 2, 30), header=HEADER, footer=FOOTER)
    return maker.save(tmp_path / "huur.pdf")


@pytest.fixture
def clean_tesseract_cache() -> Iterator[None]:
    ocr.installed_languages.cache_clear()
    yield
    ocr.installed_languages.cache_clear()


# -- text layer --------------------------------------------------------------------------------


def test_text_pdf_pages_headers_footers_and_hyphenation(contract: Path) -> None:
    result = extract_text(contract)
    assert result.page_count == 4
    assert len(result.pages) == 4
    assert result.language == "nl"
    assert all(p.source is TextSource.text_layer for p in result.pages)
    assert_offsets_consistent(result)

    full = result.full_text
    assert HEADER not in full
    assert not re.search(r"Pagina \d van 4", full)
    assert HEADER in result.removed_lines
    assert "Pagina 1 van 4" in result.removed_lines
    assert result.pages[0].text.startswith("HUUROVEREENKOMST\n")

    second = result.pages[1].text
    assert "Deze overeenkomst\nis gesloten te Haarlem, provincie Noord-Holland,\nop de" in second
    assert "overeen-" not in full


def test_english_text_pdf(tmp_path: Path) -> None:
    maker = PdfMaker()
    for n in range(1, 3):
        maker.text_page(filler_lines(n, 30, language="en"), footer="Page {page} of {pages}")
    result = extract_text(maker.save(tmp_path / "en.pdf"))
    assert result.language == "en"
    assert "Page 1 of 2" in result.removed_lines
    assert "The supplier shall perform the services" in result.full_text


def test_max_pages_reads_only_the_first_pages(contract: Path) -> None:
    result = extract_text(contract, max_pages=2)
    assert result.page_count == 4
    assert [p.number for p in result.pages] == [1, 2]
    with pytest.raises(ValueError, match="max_pages"):
        extract_text(contract, max_pages=0)


def test_empty_user_password_opens(tmp_path: Path) -> None:
    maker = PdfMaker().encrypt(user_password="")
    maker.text_page(filler_lines(1, 20))
    result = extract_text(maker.save(tmp_path / "open.pdf"))
    assert "opdrachtnemer voert de werkzaamheden" in result.full_text


def test_garbled_pdfium_text_falls_back_to_pdfplumber(
    contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_text = PdfFile.text

    def garbled_first_page(self: PdfFile, index: int) -> str:
        return "\ue000\ue001\ue002 " * 40 if index == 0 else real_text(self, index)

    monkeypatch.setattr(PdfFile, "text", garbled_first_page)
    result = extract_text(contract, ocr=OcrMode.never)
    assert result.pages[0].source is TextSource.text_layer
    assert result.pages[0].text.startswith("HUUROVEREENKOMST")  # pdfplumber's reading
    assert "\ue000" not in result.full_text


def test_render_page_gives_a_greyscale_pgm(contract: Path) -> None:
    image = render_page(contract, 0, dpi=72)
    header, _, pixels = image.partition(b"\n255\n")
    magic, size = header.split(b"\n")
    width, height = (int(v) for v in size.split())
    assert magic == b"P5"
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4 at 72 dpi
    assert len(pixels) == width * height
    assert min(pixels) < 128 < max(pixels)  # black text on white


def test_300_pages(tmp_path: Path) -> None:
    maker = PdfMaker()
    for n in range(1, 301):
        maker.text_page(filler_lines(n, 40), header=HEADER, footer=FOOTER)
    path = maker.save(tmp_path / "big.pdf")
    started = time.perf_counter()
    result = extract_text(path, ocr=OcrMode.never)
    elapsed = time.perf_counter() - started
    assert result.page_count == 300 and len(result.pages) == 300
    assert all(p.source is TextSource.text_layer and p.text for p in result.pages)
    assert HEADER not in result.full_text and "Pagina 300 van 300" not in result.full_text
    assert_offsets_consistent(result)
    assert elapsed < 10  # about 0.6 s here; generous for a busy CI machine


# -- bad input ---------------------------------------------------------------------------------


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyInputError) as err:
        extract_text(path)
    assert str(err.value) == f"empty file (0 bytes): {path}"


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_text("Beste klant,\nhierbij de overeenkomst.\n")
    with pytest.raises(InputFileError) as err:
        extract_text(path)
    assert type(err.value) is InputFileError
    assert str(err.value) == f"not a PDF: {path} (no %PDF- header in the first 1024 bytes)"


def test_truncated_pdf(contract: Path, tmp_path: Path) -> None:
    path = truncated_copy(contract, tmp_path / "half.pdf")
    with pytest.raises(InputFileError) as err:
        extract_text(path)
    assert type(err.value) is InputFileError
    assert str(err.value).startswith("damaged or truncated PDF, cannot be opened")
    assert err.value.__cause__ is not None  # raised from pdfium's error


def test_encrypted_pdf(tmp_path: Path) -> None:
    maker = PdfMaker().encrypt(user_password="secret")
    maker.text_page(filler_lines(1, 20))
    path = maker.save(tmp_path / "geheim.pdf")
    with pytest.raises(EncryptedPdfError) as err:
        extract_text(path)
    assert str(err.value) == f"encrypted PDF, a password is needed to open it: {path}"
    assert err.value.__cause__ is not None


def test_pdf_without_pages(tmp_path: Path) -> None:
    path = zero_page_pdf(tmp_path / "nul.pdf")
    with pytest.raises(EmptyInputError, match="PDF has no pages"):
        extract_text(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        extract_text(tmp_path / "weg.pdf")
    with pytest.raises(InputFileError, match="directory"):
        extract_text(tmp_path)


# -- pages without a text layer ----------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Page 1 has a text layer, page 2 is only an image of text (a scan)."""
    maker = PdfMaker().text_page(filler_lines(1, 20)).image_page(SCAN_LINES)
    return maker.save(tmp_path / "mixed.pdf")


def test_image_page_without_ocr(mixed: Path) -> None:
    result = extract_text(mixed, ocr=OcrMode.never)
    assert [p.source for p in result.pages] == [TextSource.text_layer, TextSource.none]
    assert result.pages[1].text == ""
    assert_offsets_consistent(result)


def fake_tesseract(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then\n'
        '  printf "List of available languages (2):\\neng\\nnld\\n"; exit 0\n'
        "fi\n" + body + "\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.usefixtures("clean_tesseract_cache")
def test_missing_tesseract_in_auto_mode_is_a_warning(
    mixed: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", "no-such-tesseract-binary")
    with caplog.at_level(logging.WARNING, logger="contractdossier.extract"):
        result = extract_text(mixed, ocr=OcrMode.auto)
    assert [p.source for p in result.pages] == [TextSource.text_layer, TextSource.none]
    assert "tesseract is not installed" in caplog.text
    with pytest.raises(ConfigError, match="tesseract is not installed"):
        extract_text(mixed, ocr=OcrMode.always)


@pytest.mark.usefixtures("clean_tesseract_cache")
def test_missing_language_data(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", str(fake_tesseract(mixed.parent, "exit 1")))
    assert ocr_available("nld+eng")
    assert not ocr_available("nld+deu")
    with pytest.raises(ConfigError, match="lacks language data for deu"):
        extract_text(mixed, ocr=OcrMode.always, ocr_languages="nld+deu")


@pytest.mark.usefixtures("clean_tesseract_cache")
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('cat >/dev/null; echo "Error: image broken" >&2; exit 3', "exited with 3"),
        ("exec sleep 30", "timed out"),
    ],
)
def test_tesseract_failure_leaves_the_page_empty(
    mixed: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    body: str,
    message: str,
) -> None:
    monkeypatch.setattr(ocr, "TESSERACT", str(fake_tesseract(mixed.parent, body)))
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 0.5)
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="contractdossier.extract"):
        result = extract_text(mixed, ocr=OcrMode.auto)
    assert time.perf_counter() - started < 10  # the timed-out process group was killed
    assert [p.source for p in result.pages] == [TextSource.text_layer, TextSource.none]
    assert "OCR of page 2" in caplog.text and message in caplog.text


@pytest.mark.ocr
@needs_tesseract
def test_ocr_reads_the_image_page_only(mixed: Path) -> None:
    result = extract_text(mixed, ocr=OcrMode.auto)
    assert [p.source for p in result.pages] == [TextSource.text_layer, TextSource.ocr]
    assert result.ocr_pages == 1
    text = result.pages[1].text.lower()
    assert "huurovereenkomst" in text and "huur per maand" in text
    assert_offsets_consistent(result)


# -- the shared Dutch development set (skipped when ../shared is absent) -----------------------


def synth(prefix: str) -> Path:
    matches = sorted(NL_SYNTH.glob(f"{prefix}_*.pdf")) if NL_SYNTH.is_dir() else []
    if not matches:
        pytest.skip(f"corpus file {prefix}_*.pdf not found under {NL_SYNTH}")
    return matches[0]


@pytest.mark.parametrize(
    ("prefix", "pattern"),
    [("01", r"Pagina \d+ van 13"), ("09", r"pagina \d+/6")],
)
def test_corpus_running_headers_removed(prefix: str, pattern: str) -> None:
    result = extract_text(synth(prefix), ocr=OcrMode.never)
    assert result.language == "nl"
    assert result.removed_lines
    assert not re.search(pattern, result.full_text)
    assert any(re.search(pattern, line) for line in result.removed_lines)
    assert_offsets_consistent(result)


@pytest.mark.ocr
@needs_tesseract
def test_corpus_scan_is_ocrd() -> None:
    result = extract_text(synth("02"), max_pages=1)
    assert result.pages[0].source is TextSource.ocr
    text = result.pages[0].text.lower()
    assert "huur" in text and "verhuurder" in text
    assert result.language == "nl"
