"""The real watchdog observer (native and polling) on a temporary folder.

No fixed sleeps: every wait polls ``events(timeout=0.2)`` until what is expected arrived or a
deadline passed. The slow writer runs on a virtual clock for the stability tracker while the
file, its events and its stat are real.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from contractdossier import errors
from contractdossier.ingest.stability import StabilityTracker
from contractdossier.ingest.watcher import FolderWatcher

pytestmark = pytest.mark.watcher

DEADLINE = 30.0  # generous: a loaded CI machine is slow; passing tests return early
PDF = b"%PDF-1.4\n" + b"x" * 100


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert leaked == [], f"threads left running: {leaked}"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def write(path: Path, data: bytes = PDF) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def collect(
    watcher: FolderWatcher, expected: set[Path], seen: set[Path] | None = None
) -> set[Path]:
    """Gather events until ``expected`` were all seen or the deadline passed."""
    seen = set() if seen is None else seen
    deadline = time.monotonic() + DEADLINE
    while not expected <= seen and time.monotonic() < deadline:
        seen.update(watcher.events(timeout=0.2))
    assert expected <= seen, f"not reported: {sorted(expected - seen)}"
    return seen


def wait_until(watcher: FolderWatcher, condition: Callable[[], bool]) -> set[Path]:
    """Keep draining events until ``condition`` holds; returns what was reported meanwhile."""
    seen: set[Path] = set()
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        seen.update(watcher.events(timeout=0.2))
    return seen


def drop_files(inbox: Path, outside: Path) -> tuple[set[Path], set[Path]]:
    """Copy, move and rename files and a folder into ``inbox``; returns (expected, junk)."""
    junk = {
        write(inbox / "~$contract.pdf", b"lock"),
        write(inbox / ".DS_Store", b"x"),
        write(inbox / "Facilitair" / "Thumbs.db", b"x"),
        write(inbox / "verwerkt" / "done.pdf"),  # excluded folder
        write(inbox / ".hidden" / "secret.pdf"),
    }
    source = write(outside / "copied.pdf")
    copied = Path(shutil.copy(source, inbox / "copied.pdf"))
    moved = Path(shutil.move(write(outside / "moved.pdf"), inbox / "moved.pdf"))
    download = write(inbox / "download.pdf.crdownload")
    junk.add(download)
    renamed = download.rename(inbox / "download.pdf")
    tree = outside / "Facilitair"
    nested = [
        write(tree / "Schoonmaak 2024" / "contract.pdf"),
        write(tree / "Schoonmaak 2024" / "bijlage 1.pdf"),
        write(tree / "Catering" / "Deep" / "offerte.pdf"),
    ]
    write(tree / "Schoonmaak 2024" / "Thumbs.db", b"x")
    shutil.move(tree, inbox / "Facilitair" / "moved-in")
    moved_tree = {inbox / "Facilitair" / "moved-in" / p.relative_to(tree) for p in nested}
    junk.add(inbox / "Facilitair" / "moved-in" / "Schoonmaak 2024" / "Thumbs.db")
    return {copied, moved, renamed, *moved_tree}, junk


@pytest.mark.parametrize("polling", [False, True], ids=["native", "polling"])
def test_files_copied_moved_and_folders_moved_in_are_reported(
    inbox: Path, outside: Path, polling: bool
) -> None:
    with FolderWatcher(
        [inbox], polling=polling, poll_interval=0.1, exclude=[inbox / "verwerkt"]
    ) as watcher:
        assert watcher.alive
        assert watcher.watching == (inbox,)
        expected, junk = drop_files(inbox, outside)
        sentinel = write(inbox / "zz-last.pdf")  # written after everything else
        seen = collect(watcher, expected | {sentinel})
        assert not seen & junk, f"junk reported: {sorted(seen & junk)}"
        assert all(p.is_absolute() and watcher.inbox_for(p) == inbox for p in seen)
        assert not any(p.is_dir() for p in seen)
    assert not watcher.alive


def test_slow_writer_becomes_ready_only_when_stable(inbox: Path) -> None:
    tracker = StabilityTracker(delay=1.0)
    now = 0.0  # virtual clock for the tracker; file, events and stat are real
    path = inbox / "scan.pdf"

    def observe(paths: set[Path]) -> None:
        for p in paths:
            st = p.stat()
            tracker.observe(p, st.st_size, st.st_mtime_ns, now)

    with FolderWatcher([inbox]) as watcher, path.open("wb") as f:
        for chunk in range(6):  # a chunk every 0.5 virtual seconds, delay is 1.0
            f.write(b"%PDF-1.4\n" if chunk == 0 else b"y" * 4096)
            f.flush()
            observe(collect(watcher, {path}))
            assert tracker.poll(os.stat, now) == [], f"ready while writing (chunk {chunk})"
            now += 0.5
        f.close()
        observe(collect(watcher, {path}))  # the close event (native) or nothing new
        assert path.stat().st_size == 9 + 5 * 4096
        assert tracker.poll(os.stat, now) == []  # last change at 2.5 (or on close, 3.0)
        now += 1.0
        assert tracker.poll(os.stat, now) == [path]
        assert tracker.poll(os.stat, now + 5) == []  # once
        assert len(tracker) == 0


def test_folder_removed_and_recreated_is_watched_again(inbox: Path) -> None:
    with FolderWatcher([inbox], poll_interval=0.1) as watcher:
        first = write(inbox / "first.pdf")
        collect(watcher, {first})
        shutil.rmtree(inbox)
        wait_until(watcher, lambda: watcher.watching == ())
        assert watcher.alive
        early = write(inbox / "Dossier" / "while-unwatched.pdf")
        collect(watcher, {early})  # reported when the folder is watched again
        assert watcher.watching == (inbox,)
        late = write(inbox / "after.pdf")
        collect(watcher, {late})


def test_folder_missing_at_start_is_watched_once_it_appears(tmp_path: Path) -> None:
    later = tmp_path / "later"
    with FolderWatcher([later]) as watcher:
        assert watcher.alive
        assert watcher.watching == ()
        assert watcher.events(timeout=0.05) == []
        path = write(later / "contract.pdf")
        collect(watcher, {path})
        assert watcher.watching == (later,)


def test_several_folders_one_observer_and_restart(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    watcher = FolderWatcher([a, b, a])
    assert watcher.folders == (a, b)
    assert not watcher.alive
    watcher.start()
    watcher.start()  # idempotent
    files = {write(a / "x.pdf"), write(b / "Dossier" / "y.pdf")}
    collect(watcher, files)
    watcher.stop()
    watcher.stop()
    assert not watcher.alive
    watcher.start()  # a fresh observer after stop()
    try:
        again = write(b / "z.pdf")
        collect(watcher, {again})
    finally:
        watcher.stop()


def test_events_times_out_empty(inbox: Path) -> None:
    with FolderWatcher([inbox]) as watcher:
        started = time.monotonic()
        assert watcher.events(timeout=0.1) == []
        assert time.monotonic() - started < 2.0


def test_a_file_as_watched_path_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "not-a-folder.pdf")
    with pytest.raises(errors.ConfigError, match="not a folder"):
        FolderWatcher([path]).start()
    with pytest.raises(errors.ConfigError):
        FolderWatcher([])
