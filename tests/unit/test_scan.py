"""Junk filter, candidates, dossier computation, the startup scan and the watch-loop check."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from contractdossier import errors
from contractdossier.ingest.scan import (
    assert_no_watch_loop,
    dossier_of,
    is_candidate,
    is_junk,
    iter_source_files,
    source_file,
    walk_folder,
)


def touch(path: Path, data: bytes = b"%PDF-1.4\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name",
    [
        ".DS_Store",
        "Thumbs.db",
        "thumbs.DB",
        "desktop.ini",
        "~$contract.docx",
        "~$ntract.pdf",
        "contract.pdf.part",
        "contract.pdf.crdownload",
        "contract.tmp",
        "contract.pdf.PARTIAL",
        ".~lock.contract.odt#",
        "._contract.pdf",
        ".hidden.pdf",
        "contract.pdf~",
    ],
)
def test_junk_names(name: str) -> None:
    assert is_junk(Path("/inbox") / name, Path("/inbox"))
    assert is_junk(Path(name))


@pytest.mark.parametrize(
    "name",
    [
        "contract.pdf",
        "CONTRACT.PDF",
        "Huurovereenkomst 2024 (getekend).pdf",
        "contract.docx",  # not junk: the pipeline quarantines it with a reason
        "tmp.pdf",
        "partial payment.pdf",
        "contract.pdf.txt",
    ],
)
def test_not_junk_names(name: str) -> None:
    assert not is_junk(Path("/inbox") / name, Path("/inbox"))


def test_hidden_folder_is_junk_relative_to_the_inbox_only() -> None:
    inbox = Path("/home/jan/.local/share/dossier/inbox")
    assert not is_junk(inbox / "Facilitair" / "contract.pdf", inbox)
    assert is_junk(inbox / ".git" / "contract.pdf", inbox)
    assert is_junk(inbox / "Facilitair" / ".Trash-1000" / "files" / "contract.pdf", inbox)


def test_zero_byte_file_is_a_candidate(tmp_path: Path) -> None:
    empty = touch(tmp_path / "empty.pdf", b"")
    assert not is_junk(empty, tmp_path)
    assert is_candidate(empty, tmp_path)


def test_non_pdf_regular_file_is_a_candidate(tmp_path: Path) -> None:
    assert is_candidate(touch(tmp_path / "notes.docx", b"PK"), tmp_path)


def test_folder_and_missing_file_are_not_candidates(tmp_path: Path) -> None:
    (tmp_path / "sub.pdf").mkdir()
    assert not is_candidate(tmp_path / "sub.pdf", tmp_path)
    assert not is_candidate(tmp_path / "missing.pdf", tmp_path)


def test_dossier_is_the_folder_relative_to_the_inbox(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    path = touch(inbox / "Facilitair" / "Schoonmaak 2024" / "contract.pdf", b"%PDF-1.7\n123")
    sf = source_file(path, inbox)
    assert sf.dossier == "Facilitair/Schoonmaak 2024"
    assert sf.inbox == inbox
    assert sf.path == path
    assert sf.path.is_absolute()
    assert sf.size == 12
    assert sf.mtime_ns == path.stat().st_mtime_ns


def test_dossier_at_the_root_and_without_inbox(tmp_path: Path) -> None:
    path = touch(tmp_path / "contract.pdf")
    assert source_file(path, tmp_path).dossier == ""
    sf = source_file(path, None)
    assert sf.dossier == ""
    assert sf.inbox is None


def test_dossier_outside_the_inbox_is_an_error() -> None:
    with pytest.raises(ValueError):
        dossier_of(Path("/elsewhere/a/b.pdf"), Path("/inbox"))


def test_dossier_of_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert dossier_of(Path("inbox/A/B/c.pdf"), tmp_path / "inbox") == "A/B"


def test_source_file_of_a_vanished_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        source_file(tmp_path / "gone.pdf", tmp_path)


def make_inbox(root: Path) -> Path:
    inbox = root / "inbox"
    touch(inbox / "b.pdf")
    touch(inbox / "a.pdf")
    touch(inbox / "Facilitair" / "Schoonmaak 2024" / "contract.pdf")
    touch(inbox / "Facilitair" / "Thumbs.db", b"x")
    touch(inbox / "Facilitair" / "~$contract.pdf", b"x")
    touch(inbox / "ICT" / "licentie.pdf.crdownload", b"x")
    touch(inbox / "ICT" / "leeg.pdf", b"")
    touch(inbox / ".git" / "objects" / "x.pdf")
    touch(inbox / ".DS_Store", b"x")
    return inbox


def test_iter_source_files_walks_sorted_and_skips_junk(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    found = list(iter_source_files([inbox]))
    assert [(f.dossier, f.path.name) for f in found] == [
        ("Facilitair/Schoonmaak 2024", "contract.pdf"),
        ("ICT", "leeg.pdf"),
        ("", "a.pdf"),
        ("", "b.pdf"),
    ]
    assert all(f.inbox == inbox for f in found)


def test_iter_source_files_is_deterministic(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    assert list(iter_source_files([inbox])) == list(iter_source_files([inbox]))


def test_file_argument_has_its_parent_as_inbox(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    path = inbox / "Facilitair" / "Schoonmaak 2024" / "contract.pdf"
    (sf,) = iter_source_files([path])
    assert sf.inbox == path.parent
    assert sf.dossier == ""


def test_junk_file_argument_is_skipped(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    assert list(iter_source_files([inbox / "Facilitair" / "Thumbs.db"])) == []


def test_file_reached_twice_is_yielded_once(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    found = list(iter_source_files([inbox / "a.pdf", inbox]))
    assert [f.path.name for f in found].count("a.pdf") == 1
    assert found[0].dossier == ""  # first argument wins
    assert len(found) == 4


def test_missing_argument_raises_before_yielding(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    with pytest.raises(errors.NotFoundError, match="missing.pdf"):
        iter_source_files([inbox, tmp_path / "missing.pdf"])


def test_symlink_out_of_the_inbox_is_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    outside = touch(tmp_path / "secret" / "salaries.pdf")
    touch(inbox / "real.pdf")
    (inbox / "escape.pdf").symlink_to(outside)
    (inbox / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (inbox / "Dossier").mkdir()
    (inbox / "Dossier" / "alias.pdf").symlink_to(inbox / "real.pdf")  # stays inside
    (inbox / "linked-folder").symlink_to(tmp_path / "secret", target_is_directory=True)
    with caplog.at_level(logging.WARNING, logger="contractdossier.ingest.scan"):
        found = list(iter_source_files([inbox]))
    assert [(f.dossier, f.path.name) for f in found] == [("Dossier", "alias.pdf"), ("", "real.pdf")]
    assert "escape.pdf" in caplog.text
    assert "symlink" in caplog.text
    # the same rule for a symlink given as argument
    assert list(iter_source_files([inbox / "escape.pdf"])) == []
    assert not is_candidate(inbox / "escape.pdf", inbox)


def test_excluded_folders_are_never_entered(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    touch(inbox / "verwerkt" / "done.pdf")
    touch(inbox / "Facilitair" / "quarantaine" / "bad.pdf")
    exclude = [inbox / "verwerkt", inbox / "Facilitair" / "quarantaine"]
    names = [f.path.name for f in iter_source_files([inbox], exclude=exclude)]
    assert "done.pdf" not in names
    assert "bad.pdf" not in names
    assert "contract.pdf" in names
    # an excluded folder or a file in one, given as argument, yields nothing
    assert list(iter_source_files([inbox / "verwerkt"], exclude=exclude)) == []
    assert list(iter_source_files([inbox / "verwerkt" / "done.pdf"], exclude=exclude)) == []
    assert not is_candidate(inbox / "verwerkt" / "done.pdf", inbox, exclude)


def test_exclude_given_through_a_symlink(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    touch(inbox / "verwerkt" / "done.pdf")
    (tmp_path / "processed").symlink_to(inbox / "verwerkt", target_is_directory=True)
    names = [f.path.name for f in iter_source_files([inbox], exclude=[tmp_path / "processed"])]
    assert "done.pdf" not in names


def test_walk_of_a_subfolder_keeps_the_inbox(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path)
    found = list(walk_folder(inbox / "Facilitair", inbox))
    assert found == [inbox / "Facilitair" / "Schoonmaak 2024" / "contract.pdf"]
    assert list(walk_folder(inbox / ".git", inbox)) == []
    assert list(walk_folder(inbox / "vanished", inbox)) == []


@pytest.mark.parametrize(
    ("watched", "protected"),
    [
        ("inbox", "inbox/.dossier"),  # store inside the inbox
        ("inbox", "inbox/sub/quarantine"),
        ("inbox", "inbox"),  # the same folder
        ("data/inbox", "data"),  # inbox inside the data home
    ],
)
def test_watch_loop_is_refused(tmp_path: Path, watched: str, protected: str) -> None:
    with pytest.raises(errors.ConfigError) as exc:
        assert_no_watch_loop([tmp_path / "other", tmp_path / watched], [tmp_path / protected])
    assert exc.value.exit_code is errors.ExitCode.config
    assert str(tmp_path / protected) in str(exc.value)


def test_watch_loop_through_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "inbox" / "q").mkdir(parents=True)
    (tmp_path / "quarantine").symlink_to(tmp_path / "inbox" / "q", target_is_directory=True)
    with pytest.raises(errors.ConfigError):
        assert_no_watch_loop([tmp_path / "inbox"], [tmp_path / "quarantine"])


def test_separate_folders_are_accepted(tmp_path: Path) -> None:
    assert_no_watch_loop(
        [tmp_path / "inbox", tmp_path / "inbox2"],
        [tmp_path / "data", tmp_path / "inbox-quarantine", tmp_path / "inbox2x"],
    )
