"""Hostile and broken input (tests/hostile/make_corpus.py) through `dossier ingest` and `watch`.

Every file ends quarantined (with a specific reason, and a reason file beside the copy) or
ingested; symlinks out of the inbox are never read; the whole corpus, decompression bomb and
2,000-page PDF included, is handled within a time bound and under the worker memory limit; and
the watcher keeps running and still ingests a good file afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_watch import Watcher, ledger, wait_for
from tests.hostile.make_corpus import Expect, Specimen, good_pdf, long_pdf, make_corpus

MEMORY_MB = 1200
INGEST_BOUND = 240.0  # seconds for the whole corpus on a busy 2-core machine


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    return {**env, "DOSSIER_HOME": str(home), "DOSSIER_OCR": "never", **extra}


def _ingest(home: Path, inbox: Path, **extra: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """`dossier ingest --json` in a wrapper that reports the peak RSS (KB) of its processes."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(r.stdout)\n"
        "sys.stderr.write(r.stderr)\n"
        "sys.stderr.write('\\nMAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN)"
        ".ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "contractdossier", "ingest",
         "--workers", "2", "--json", str(inbox)],
        env=_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=INGEST_BOUND + 60,
    )
    peak = int(result.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return result, peak


def _check(home: Path, inbox: Path, specimens: list[Specimen]) -> dict[str, dict[str, object]]:
    """Every specimen has the outcome it must have; returns the ledger by relative path."""
    rows = {str(Path(str(r["path"])).relative_to(inbox)): r for r in ledger(home)}
    assert all(r["state"] in ("done", "duplicate", "quarantined") for r in rows.values()), {
        k: (r["state"], r["error"]) for k, r in rows.items()
        if r["state"] not in ("done", "duplicate", "quarantined")
    }
    for s in specimens:
        row = rows.get(s.name)
        if s.expect is Expect.skipped:
            assert row is None, f"{s.name} ({s.what}) must not be read"
            continue
        assert row is not None, f"{s.name} ({s.what}) was not handled"
        state, error = row["state"], str(row["error"] or "")
        if s.expect is Expect.done:
            assert state in ("done", "duplicate"), (s.name, state, error)
        elif s.expect is Expect.quarantined:
            assert state == "quarantined", (s.name, state, error)
        if state == "quarantined":
            assert s.reason in error, (s.name, error)
            assert error and str(inbox) in error or "needed more" in error or "took" in error
            kept = Path(str(row["quarantine_path"]))
            reason_file = kept.with_name(kept.name + ".reason.txt")
            assert reason_file.read_text(encoding="utf-8").startswith("Quarantined: ")
    # nothing from outside the inbox was read into the archive
    outside = inbox.parent / "outside" / "secret.pdf"
    secret = hashlib.sha256(outside.read_bytes()).hexdigest()
    assert not (home / "archive" / secret[:2] / f"{secret}.pdf").exists()
    return rows


@pytest.mark.slow
def test_ingest_the_hostile_corpus(home: Path, tmp_path: Path) -> None:
    specimens = make_corpus(tmp_path / "corpus")
    inbox = tmp_path / "corpus" / "inbox"
    started = time.monotonic()
    result, peak_kb = _ingest(
        home, inbox, DOSSIER_WORKER_MEMORY_MB=str(MEMORY_MB), DOSSIER_JOB_TIMEOUT="120"
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 12, result.stderr  # partial: some files quarantined
    assert "Traceback" not in result.stderr
    assert elapsed < INGEST_BOUND
    assert peak_kb < (MEMORY_MB + 200) * 1024, f"peak RSS {peak_kb} KB"
    summary = json.loads(result.stdout)
    assert summary["failed"] == 0, [f for f in summary["files"] if f["state"] != "done"]
    rows = _check(home, inbox, specimens)
    bomb = rows["bomb.pdf"]
    assert bomb["state"] == "quarantined"
    assert f"needed more than {MEMORY_MB} MB" in str(bomb["error"])
    assert rows["long-2000-pages.pdf"]["state"] == "done"
    assert rows["encrypted.pdf"]["error_code"] == "EncryptedPdfError"
    assert rows["empty.pdf"]["error_code"] == "EmptyInputError"
    # the odd names were stored under their exact paths
    listed = subprocess.run(
        [sys.executable, "-m", "contractdossier", "list", "--json"],
        env=_env(home), capture_output=True, text=True, timeout=120,
    )
    paths = {p for c in json.loads(listed.stdout) for d in c["documents"] for p in d["paths"]}
    assert str(inbox / "regel\neinde.pdf") in paths
    assert str(inbox / "-rf --help.pdf") in paths
    assert str(inbox / "überéénkomst — 契約 🖋.pdf") in paths


@pytest.mark.slow
def test_a_file_over_the_time_limit_is_quarantined_and_the_others_go_on(
    home: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "long.pdf").write_bytes(long_pdf(40000))
    for i in range(3):
        (inbox / f"good-{i}.pdf").write_bytes(good_pdf(f"Goed{i}"))
    result, _ = _ingest(home, inbox, DOSSIER_JOB_TIMEOUT="1", DOSSIER_MAX_ATTEMPTS="2")
    assert result.returncode == 12, result.stderr
    rows = {Path(str(r["path"])).name: r for r in ledger(home)}
    assert rows["long.pdf"]["state"] == "quarantined"
    assert "took longer than 1 s to extract" in str(rows["long.pdf"]["error"])
    assert rows["long.pdf"]["attempts"] == 1  # not retried: it would take as long again
    assert all(rows[f"good-{i}.pdf"]["state"] == "done" for i in range(3))


@pytest.mark.slow
@pytest.mark.watcher
def test_the_watcher_survives_the_corpus_and_still_ingests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "corpus"
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    monkeypatch.setenv("DOSSIER_OCR", "never")
    monkeypatch.setenv("DOSSIER_WORKER_MEMORY_MB", str(MEMORY_MB))
    watcher = Watcher(tmp_path / "home", inbox)
    watcher.start()
    try:
        home = watcher.home
        wait_for(lambda: (home / "dossier.sqlite3").exists(), "the store to exist")
        specimens = make_corpus(root, heavy=False)
        expected = {s.name for s in specimens if s.expect is not Expect.skipped}

        def settled() -> bool:
            rows = {str(Path(str(r["path"])).relative_to(inbox)): r["state"] for r in ledger(home)}
            return expected <= set(rows) and all(
                rows[n] in ("done", "duplicate", "quarantined") for n in expected
            )

        try:
            wait_for(settled, "every corpus file to be handled", timeout=180)
        except AssertionError:
            rows = ledger(home)
            raise AssertionError(
                [(r["path"], r["state"], r["error"]) for r in rows if r["state"] != "done"],
                watcher.output()[1][-4000:],
            ) from None
        _check(home, inbox, specimens)
        assert watcher.proc is not None and watcher.proc.poll() is None, "the watcher died"
        (inbox / "after.pdf").write_bytes(good_pdf("Daarna"))
        wait_for(
            lambda: any(
                r["path"] == str(inbox / "after.pdf") and r["state"] == "done"
                for r in ledger(home)
            ),
            "a good file after the corpus",
        )
        code, _out, err = watcher.stop()
        assert code == 0, err
        assert "Traceback" not in err
    finally:
        if watcher.proc is not None:
            watcher.kill()
