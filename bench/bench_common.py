"""What the benches share: printing a line of figures, and finding a corpus's PDFs."""

from __future__ import annotations

import sys
from pathlib import Path


def say(text: str = "") -> None:
    """One line on stdout, flushed (figures show while a long bench runs)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def pdf_files(folder: Path) -> list[Path]:
    """The PDFs below ``folder``, sorted; ``*.PDF`` too (25 of CUAD's are named so)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
