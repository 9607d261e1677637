"""Shared fixtures: a fresh data home per test, the sample PDFs, PDF makers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest_pg import pg_server, pg_url  # noqa: F401  (PostgreSQL fixtures)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("DOSSIER_HOME", str(path))
    for var in ("DOSSIER_CONFIG", "DOSSIER_DATABASE_URL", "DOSSIER_WORKERS", "DOSSIER_TODAY"):
        monkeypatch.delenv(var, raising=False)
    return path


def tesseract_ready() -> bool:
    from contractdossier.extract import ocr_available

    return ocr_available()


needs_ocr = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (scripts/setup.sh installs it)",
)
