"""Faults: kill -9 at random moments, a full disk, files that change or vanish while queued, an
inbox removed and recreated, and a polling watcher that misses events.

Afterwards every file is ingested exactly once, the archive holds every original with its
hash, the store passes its integrity check and the index agrees with the store
(``dossier check``).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from contractdossier import archive as archive_mod
from contractdossier.cli import cli
from contractdossier.errors import DiskFullError, StoreError
from contractdossier.ingest.runner import BatchRunner
from contractdossier.ingest.scan import iter_source_files
from contractdossier.pipeline import Pipeline
from contractdossier.settings import Settings, load
from contractdossier.store import Store
from tests.e2e.test_watch import Watcher, ledger, wait_for
from tests.hostile.make_corpus import good_pdf, long_pdf

FILES = 200
FAULTS = (
    "archive_write:0.004,extract:0.004,store_commit:0.002,after_store:0.006,"
    "index_commit:0.08,after_index:0.04"
)


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    return {**env, "DOSSIER_HOME": str(home), "DOSSIER_OCR": "never", **extra}


def _dossier(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "contractdossier", *args],
        env=_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{home / 'dossier.sqlite3'}?mode=ro", uri=True)) as conn:
        return list(conn.execute(sql))


def _check(home: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["--home", str(home), "check", "--json", *args], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.slow
def test_kill_minus_9_at_random_moments_loses_nothing_and_stores_nothing_twice(
    tmp_path: Path,
) -> None:
    home, inbox = tmp_path / "home", tmp_path / "inbox"
    for i in range(FILES):
        folder = inbox / f"map-{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"contract-{i:03d}.pdf").write_bytes(good_pdf(f"Fout{i:03d}"))
    rng = random.Random(9)
    kills = {"fault": 0, "external": 0}
    started = time.monotonic()
    for round_ in range(40):
        faults = round_ < 30
        env = {"DOSSIER_TEST_MODE": "1", "DOSSIER_FAULT": FAULTS} if faults else {}
        proc = subprocess.Popen(
            [sys.executable, "-m", "contractdossier", "ingest", "--workers", "2", str(inbox)],
            env=_env(home, DOSSIER_FAULT_SEED=str(round_), **env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            # every third round is also killed from outside, at a random moment
            timeout = rng.uniform(2.0, 8.0) if faults and round_ % 3 == 2 else 240.0
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate(timeout=60)
            kills["external"] += 1
            continue
        if proc.returncode == -signal.SIGKILL:
            kills["fault"] += 1
            continue
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        if not faults or sum(kills.values()) >= 8:
            break
    elapsed = time.monotonic() - started
    assert kills["fault"] >= 3, kills
    assert elapsed < 280, f"{elapsed:.0f} s"

    # every file exactly once: one ledger row each, done; one document and contract each
    jobs = _rows(home, "SELECT path, state, document_id FROM jobs")
    assert len(jobs) == FILES
    assert {s for _, s, _ in jobs} == {"done"}, [j for j in jobs if j[1] != "done"][:5]
    assert len({d for _, _, d in jobs}) == FILES
    docs = _rows(home, "SELECT sha256, archive_path FROM documents")
    assert len(docs) == FILES
    assert _rows(home, "SELECT COUNT(*) FROM contracts") == [(FILES,)]
    assert _rows(home, "SELECT COUNT(*) FROM document_paths") == [(FILES,)]
    for sha, rel in docs:  # the archive holds every original with a matching hash
        assert hashlib.sha256((home / "archive" / rel).read_bytes()).hexdigest() == sha
    assert not list((home / "archive").glob(".incoming-*")), "half-written archive files"
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for p in inbox.rglob("*.pdf")}
    assert originals == {sha for sha, _ in docs}

    # the store is sound, and the index caught up: every run first indexes what a killed
    # predecessor stored but did not index
    code, report = _check(home)
    assert (code, report["clean"]) == (0, True), report
    assert report["counts"]["index"] == FILES


def _settings(home: Path, **more: Any) -> Settings:
    return load({"home": home, "ocr": "never", "workers": 1, **more}, environ={})


@pytest.fixture
def local(tmp_path: Path) -> Iterator[tuple[Settings, Store, Path]]:
    settings = _settings(tmp_path / "home")
    settings.home.mkdir()
    store = Store.open(settings.url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    yield settings, store, inbox
    store.close()


def _queue(store: Store, inbox: Path) -> None:
    for src in iter_source_files([inbox]):
        store.register(src)


def _drain(settings: Settings, store: Store) -> Any:
    with BatchRunner(Pipeline(settings, store), workers=1) as runner:
        return runner.drain()


def _states(store: Store) -> dict[str, str]:
    return {Path(j.path).name: j.state.value for j in store.jobs(limit=1000)}


class _FullDisk:
    """The ``os`` module as the archive sees it, with every fsync failing with ENOSPC."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_archiving_keeps_the_job_queued_until_space_returns(
    local: tuple[Settings, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, store, inbox = local
    (inbox / "a.pdf").write_bytes(good_pdf("Vol"))
    _queue(store, inbox)
    monkeypatch.setattr(archive_mod, "os", _FullDisk())
    with pytest.raises(DiskFullError, match="no space left on device while archiving"):
        _drain(settings, store)
    assert _states(store) == {"a.pdf": "queued"}
    assert not [p for p in settings.archive_dir.rglob("*") if p.is_file()]  # nothing half-written
    monkeypatch.undo()
    summary = _drain(settings, store)
    assert summary.ingested == 1
    assert _states(store) == {"a.pdf": "done"}
    (job,) = store.jobs()
    assert job.attempts == 1  # the disk-full attempt did not count


def test_disk_full_while_storing_keeps_the_job_queued_until_space_returns(
    local: tuple[Settings, Store, Path],
) -> None:
    from sqlalchemy import event, text

    settings, store, inbox = local
    (inbox / "b.pdf").write_bytes(long_pdf(300))  # its pages need new database pages
    _queue(store, inbox)
    with store.engine.connect() as conn:
        pages = int(conn.execute(text("PRAGMA page_count")).scalar_one())

    def limit(dbapi_conn: Any, _record: Any) -> None:  # SQLite's own "database or disk is full"
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store.engine, "connect", limit)
    store.engine.dispose()
    try:
        # The store raises SQLite's error untranslated when a statement (not the COMMIT)
        # hits the limit; the runner still requeues the job and raises a StoreError.
        with pytest.raises(StoreError, match="disk is full"):
            _drain(settings, store)
    finally:
        event.remove(store.engine, "connect", limit)
        store.engine.dispose()
    assert _states(store) == {"b.pdf": "queued"}
    assert store.contract_ids() == []  # no half-stored document
    assert _drain(settings, store).ingested == 1
    assert _states(store) == {"b.pdf": "done"}
    (doc,) = store.documents()
    assert len(store.pages(doc["id"])) == 300


def test_files_removed_replaced_or_still_written_while_queued(
    local: tuple[Settings, Store, Path],
) -> None:
    settings, store, inbox = local
    for name in ("gone", "replaced", "growing", "kept"):
        (inbox / f"{name}.pdf").write_bytes(good_pdf(name.title()))
    _queue(store, inbox)
    (inbox / "gone.pdf").unlink()
    (inbox / "replaced.pdf").write_bytes(good_pdf("Vervangen-door-een-andere-versie"))
    os.utime(inbox / "replaced.pdf", ns=(1, 1_000_000_000))
    with (inbox / "growing.pdf").open("ab") as fh:
        fh.write(b"\n% still being written\n")
    started = time.monotonic()
    summary = _drain(settings, store)
    assert time.monotonic() - started < 60  # a vanished file is not retried with backoff
    jobs = {Path(j.path).name: j for j in store.jobs()}
    assert jobs["kept.pdf"].state.value == "done"
    assert jobs["gone.pdf"].state.value == "failed"
    assert "vanished" in (jobs["gone.pdf"].error or "")
    for name in ("replaced.pdf", "growing.pdf"):
        assert jobs[name].state.value == "failed", name
        assert "changed after it was queued" in (jobs[name].error or "")
    assert summary.ingested == 1
    # the watcher (or the next ingest) registers the new state of each file: it is stored
    _queue(store, inbox)
    assert _drain(settings, store).ingested == 2
    stored = {p["path"] for ps in store.document_paths(
        [d["id"] for d in store.documents()]).values() for p in ps}
    assert {str(inbox / n) for n in ("kept.pdf", "replaced.pdf", "growing.pdf")} == stored


def test_dossier_check_reports_and_repairs_drift(home: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("een", "twee", "drie"):
        (inbox / f"{name}.pdf").write_bytes(good_pdf(name.title()))
    result = CliRunner().invoke(cli, ["ingest", str(inbox)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    code, report = _check(home)
    assert (code, report["clean"]) == (0, True), report

    db = home / "dossier.sqlite3"
    with closing(sqlite3.connect(db)) as conn, conn:
        docs = conn.execute("SELECT id, archive_path FROM documents ORDER BY id").fetchall()
        conn.execute("DELETE FROM pages WHERE document_id = ?", (docs[1][0],))
        conn.execute("UPDATE contracts SET rev = rev + 1 WHERE id = 3")
        conn.execute(
            "UPDATE jobs SET state = 'processing', lease_owner = 'nohost:1', lease_expires = 0 "
            "WHERE id = 1"
        )
    (home / "archive" / docs[0][1]).unlink()
    code, report = _check(home)
    assert code == 12
    found = {(p["kind"], p["subject"]) for p in report["problems"]}
    assert found == {
        ("archive_missing", f"document {docs[0][0]}"),
        ("pages_missing", f"document {docs[1][0]}"),
        ("job_stuck", "job 1"),
        ("index_stale", "contract 3"),
    }, report
    code, report = _check(home, "--repair")
    assert code == 0, report
    assert all(p["repaired"] for p in report["problems"])
    code, report = _check(home)
    assert (code, report["clean"]) == (0, True), report
    text = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert text.exit_code == 0 and text.stdout.startswith("all well")


@pytest.mark.watcher
def test_inbox_removed_and_recreated_while_watching(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = Watcher(tmp_path / "home", inbox)
    watcher.start()
    try:
        home = watcher.home
        (inbox / "voor.pdf").write_bytes(good_pdf("Voor"))
        wait_for(lambda: any(r["state"] == "done" for r in ledger(home)), "the first file")
        shutil.rmtree(inbox)
        time.sleep(0.5)  # let the observer see the folder go (a real gap, not a wait)
        inbox.mkdir()
        (inbox / "na.pdf").write_bytes(good_pdf("Na"))
        wait_for(
            lambda: any(
                r["path"] == str(inbox / "na.pdf") and r["state"] == "done" for r in ledger(home)
            ),
            "a file in the recreated inbox",
        )
        code, _out, err = watcher.stop()
        assert code == 0, err
    finally:
        if watcher.proc is not None:
            watcher.kill()


def test_polling_watch_with_missed_events_finds_files_by_rescan(
    local: tuple[Settings, Store, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from contractdossier.ingest import watcher as watcher_mod
    from contractdossier.ingest.watch import WatchLoop

    class DeafWatcher:  # a network share whose events never arrive
        alive = True

        def __init__(self, *_a: Any, **_k: Any) -> None: ...
        def start(self) -> None: ...
        def stop(self) -> None: ...

        def events(self, timeout: float) -> list[Path]:
            time.sleep(min(timeout, 0.05))
            return []

    monkeypatch.setattr(watcher_mod, "FolderWatcher", DeafWatcher)
    settings, store, inbox = local
    stop = threading.Event()
    with BatchRunner(Pipeline(settings, store), workers=1) as runner:
        loop = WatchLoop(runner, [inbox], stable_delay=0.2, rescan_interval=0.5, polling=True)
        thread = threading.Thread(target=loop.run, args=(stop,))
        thread.start()
        try:
            (inbox / "stil.pdf").write_bytes(good_pdf("Stil"))
            deadline = time.monotonic() + 60
            while _states(store).get("stil.pdf") != "done" and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _states(store).get("stil.pdf") == "done"
        finally:
            stop.set()
            thread.join(timeout=60)
        assert not thread.is_alive()
