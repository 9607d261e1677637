"""`dossier watch` as a real process on a real folder: the real watchdog observer, real PDFs.

No fixed sleeps: every wait polls the ledger (via `dossier status --json`) up to a deadline.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tests.pdfs import contract_pages, write_pdf

pytestmark = pytest.mark.watcher

DEADLINE = 60.0


def dossier(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOSSIER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "contractdossier", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def ledger(home: Path) -> list[dict[str, object]]:
    """The ledger, read straight from the store (read-only), newest first."""
    db = home / "dossier.sqlite3"
    if not db.exists():
        return []
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM jobs ORDER BY id DESC")]
    except sqlite3.OperationalError:  # being created
        return []


def wait_for(check: Callable[[], bool], what: str, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def states(home: Path) -> dict[str, str]:
    return {str(r["path"]): str(r["state"]) for r in ledger(home)}


class Watcher:
    """`dossier watch` as a child process. Its output goes to files, not pipes: a pipe that
    nobody reads while the watcher runs fills up (64 KB, or a page or two when the user's pipe
    pages run short) and blocks the watcher's next log line, which looks exactly like a hung
    job."""

    def __init__(self, home: Path, inbox: Path, *extra: str) -> None:
        self.home, self.inbox, self.extra = home, inbox, extra
        self.proc: subprocess.Popen[str] | None = None
        self.out = home.parent / f"{home.name}-watch.out"
        self.err = home.parent / f"{home.name}-watch.err"

    def start(self) -> None:
        env = {**os.environ, "DOSSIER_HOME": str(self.home)}
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "contractdossier",
                    "watch",
                    "--stable-delay",
                    "1.5",
                    "--workers",
                    "1",
                    *self.extra,
                    str(self.inbox),
                ],
                env=env,
                stdout=out,
                stderr=err,
                text=True,
                start_new_session=True,
            )

    def output(self) -> tuple[str, str]:
        """What the watcher wrote so far to stdout and stderr."""
        read = lambda p: p.read_text(encoding="utf-8", errors="replace")  # noqa: E731
        return read(self.out), read(self.err)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=60)
        self.proc = None

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str, str]:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=60)
        self.proc = None
        return (code, *self.output())


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watcher]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = Watcher(tmp_path / "home", inbox)
    yield w
    if w.proc is not None:
        w.kill()


def test_copy_move_slow_write_duplicate_and_broken_files(watcher: Watcher, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    a = write_pdf(outside / "a.pdf", contract_pages("Alfa"))
    b = write_pdf(outside / "b.pdf", contract_pages("Bravo"))
    c = write_pdf(outside / "c.pdf", contract_pages("Charlie", 3))
    watcher.start()
    inbox, home = watcher.inbox, watcher.home
    wait_for(lambda: (home / "dossier.sqlite3").exists(), "the store to exist")

    shutil.copy(a, inbox / "a.pdf")  # copy in
    (inbox / "Facilitair").mkdir()
    shutil.move(str(b), inbox / "Facilitair" / "b.pdf")  # move in
    (inbox / ".DS_Store").write_bytes(b"junk")
    (inbox / "download.pdf.crdownload").write_bytes(b"partial")
    wait_for(
        lambda: (
            states(home).get(str(inbox / "a.pdf")) == "done"
            and states(home).get(str(inbox / "Facilitair" / "b.pdf")) == "done"
        ),
        "copy and move",
    )

    # a slow writer: the file is only taken once it stopped changing
    data = c.read_bytes()
    slow = inbox / "slow.pdf"
    with slow.open("wb") as fh:
        for i in range(0, len(data), len(data) // 4 + 1):
            fh.write(data[i : i + len(data) // 4 + 1])
            fh.flush()
            time.sleep(0.2)
            assert states(home).get(str(slow)) is None, "taken while still being written"
    wait_for(lambda: states(home).get(str(slow)) == "done", "the slow file")

    shutil.copy(inbox / "a.pdf", inbox / "a-kopie.pdf")  # same bytes, other name
    (inbox / "kapot.pdf").write_bytes(b"%PDF-1.7\n garbage that is not a pdf body")
    wait_for(
        lambda: (
            states(home).get(str(inbox / "a-kopie.pdf")) == "duplicate"
            and states(home).get(str(inbox / "kapot.pdf")) == "quarantined"
        ),
        "duplicate and broken",
    )

    write_pdf(inbox / "after-broken.pdf", contract_pages("Delta"))  # still watching
    wait_for(lambda: states(home).get(str(inbox / "after-broken.pdf")) == "done", "next file")

    code, _out, err = watcher.stop()
    assert code == 0, err
    rows = ledger(home)
    assert not any(str(r["path"]).endswith((".DS_Store", ".crdownload")) for r in rows)
    assert len([r for r in rows if r["state"] == "done"]) == 4
    assert len(rows) == 6  # every file exactly once


def test_files_dropped_while_down_are_picked_up_at_start(watcher: Watcher) -> None:
    inbox, home = watcher.inbox, watcher.home
    write_pdf(inbox / "één.pdf", contract_pages("Een"))
    write_pdf(inbox / "Legal" / "twee.pdf", contract_pages("Twee"))
    result = dossier("watch", "--once", "--stable-delay", "0", str(inbox), home=home)
    assert result.returncode == 0, result.stderr
    assert "ingested 2" in result.stdout
    write_pdf(inbox / "drie.pdf", contract_pages("Drie"))
    watcher.start()
    wait_for(
        lambda: states(home).get(str(inbox / "drie.pdf")) == "done", "the file dropped while down"
    )
    code, _, err = watcher.stop(signal.SIGINT)
    assert code == 0, err
    assert sorted(states(home).values()) == ["done", "done", "done"]


def test_kill_minus_9_mid_batch_then_restart_processes_every_file_once(watcher: Watcher) -> None:
    inbox, home = watcher.inbox, watcher.home
    for i in range(12):
        write_pdf(inbox / f"batch-{i:02d}.pdf", contract_pages(f"Batch{i}", 4))
    watcher.start()
    wait_for(lambda: any(s == "done" for s in states(home).values()), "the first file")
    assert watcher.proc is not None
    watcher.kill()  # SIGKILL the watcher mid-batch
    watcher.start()
    wait_for(
        lambda: len(states(home)) == 12 and set(states(home).values()) == {"done"},
        "all twelve files done after the restart",
    )
    watcher.stop()
    result = dossier("list", "--json", home=home)
    contracts = json.loads(result.stdout)
    assert len(contracts) == 12  # exactly once: no contract stored twice
    shas = [d["sha256"] for c in contracts for d in c["documents"]]
    assert len(set(shas)) == 12
    for sha in shas:
        assert (home / "archive" / sha[:2] / f"{sha}.pdf").exists()
