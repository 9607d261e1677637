from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from contractdossier.archive import Archive
from contractdossier.errors import InputFileError
from contractdossier.ingest.quarantine import quarantine


def test_archive_is_content_addressed_and_read_only(tmp_path: Path) -> None:
    src = tmp_path / "c.pdf"
    data = b"%PDF-1.7\n" + os.urandom(3_000_000)
    src.write_bytes(data)
    archive = Archive(tmp_path / "archive")
    got = archive.put(src)
    assert got.sha256 == hashlib.sha256(data).hexdigest() and got.size == len(data)
    stored = archive.path_of(got.relpath)
    assert stored.read_bytes() == data
    assert stored.stat().st_mode & 0o222 == 0  # never modified
    again = archive.put(src)
    assert again == got
    assert archive.verify(got.relpath, got.sha256)
    assert not list((tmp_path / "archive").glob(".incoming-*"))  # no temp files left


def test_archive_reports_a_vanished_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="vanished"):
        Archive(tmp_path / "archive").put(tmp_path / "nope.pdf")


def test_quarantine_keeps_the_original_and_writes_a_reason(tmp_path: Path) -> None:
    src = tmp_path / "in" / "-weird name\n.pdf"
    src.parent.mkdir()
    src.write_bytes(b"not a pdf")
    target = quarantine(
        tmp_path / "q",
        src,
        reason="not a PDF: no %PDF- header",
        code="InputFileError",
        sha256="ab" * 32,
    )
    assert src.exists()  # the original stays where it was
    assert target.read_bytes() == b"not a pdf"
    assert "\n" not in target.name and not target.name.startswith("-")
    reason = target.with_name(target.name + ".reason.txt").read_text()
    assert "not a PDF" in reason and str(src) in reason
    second = quarantine(tmp_path / "q", src, reason="again", code="InputFileError", sha256=None)
    assert second != target and second.exists()
