"""`dossier worker`: two processes on two data homes share one PostgreSQL queue.

Every file is stored exactly once; when one worker is killed mid-run (SIGKILL), the other
takes over its job and finishes the folder.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select

from contractdossier.store import Store, schema
from tests.pdfs import contract_pages, write_pdf

pytestmark = pytest.mark.slow


def dossier(home: Path, url: str, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DOSSIER_HOME": str(home),
        "DOSSIER_DATABASE_URL": url.replace("postgresql+psycopg://", "postgresql://"),
        "DOSSIER_WORKERS": "1",
    }
    for var in ("DOSSIER_CONFIG", "DOSSIER_TODAY"):
        env.pop(var, None)
    return subprocess.Popen(
        [sys.executable, "-m", "contractdossier", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(what: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if what():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    for i in range(14):
        write_pdf(box / f"map{i % 3}" / f"contract-{i}.pdf", contract_pages(f"Leverancier{i}", 2))
    return box


@pytest.fixture
def homes(tmp_path: Path) -> list[Path]:
    """Two data homes (two machines) whose archive is one shared folder."""
    shared = tmp_path / "shared-archive"
    shared.mkdir()
    out = []
    for name in ("machine-a", "machine-b"):
        home = tmp_path / name
        home.mkdir(mode=0o700)
        (home / "archive").symlink_to(shared)
        out.append(home)
    return out


@pytest.fixture
def engine(pg_url: str) -> Iterator[Engine]:
    Store.open(pg_url).close()  # the schema, so the test can poll the queue from the start
    eng = create_engine(pg_url)
    yield eng
    eng.dispose()


def count(engine: Engine, table: str, **where: str) -> int:
    t = schema.metadata.tables[table]
    query = select(func.count()).select_from(t)
    for column, value in where.items():
        query = query.where(t.c[column] == value)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def assert_each_file_once(engine: Engine, inbox: Path, shared: Path) -> None:
    files = sorted(str(p) for p in inbox.rglob("*.pdf"))
    with engine.connect() as conn:
        jobs = conn.execute(select(schema.jobs.c.path, schema.jobs.c.state)).all()
        docs = conn.execute(select(schema.documents.c.sha256, schema.documents.c.archive_path))
        documents = docs.all()
    assert sorted(j.path for j in jobs) == files  # one job per file
    assert {j.state for j in jobs} == {"done"}
    assert len(documents) == len(files)  # each stored once
    for d in documents:
        assert (shared / d.archive_path).exists()


def test_two_workers_take_each_file_once(
    homes: list[Path], inbox: Path, pg_url: str, engine: Engine, tmp_path: Path
) -> None:
    a = dossier(homes[0], pg_url, "worker", "--json", str(inbox))
    b = dossier(homes[1], pg_url, "worker", "--json", str(inbox))
    out_a, err_a = a.communicate(timeout=300)
    out_b, err_b = b.communicate(timeout=300)
    assert (a.returncode, b.returncode) == (0, 0), err_a + err_b
    assert_each_file_once(engine, inbox, tmp_path / "shared-archive")
    ingested = json.loads(out_a)["ingested"] + json.loads(out_b)["ingested"]
    assert ingested == 14  # together: every file, none twice


def test_a_killed_worker_s_jobs_are_finished_by_the_other(
    homes: list[Path], inbox: Path, pg_url: str, engine: Engine, tmp_path: Path
) -> None:
    survivor = dossier(homes[0], pg_url, "worker", str(inbox))
    victim = dossier(homes[1], pg_url, "worker", str(inbox))
    owner = f"{socket.gethostname()}:{victim.pid}"
    # Kill it mid-run: while it holds a job and files are still queued.
    wait_for(
        lambda: (
            count(engine, "jobs", state="processing", lease_owner=owner) >= 1
            and count(engine, "jobs", state="queued") >= 3
        ),
        240,
        "the second worker to hold a job while files are still queued",
    )
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    taken = [r.id for r in _rows(engine) if r.state == "processing" and r.lease_owner == owner]
    assert taken, "the killed worker held no job"
    out, err = survivor.communicate(timeout=300)
    assert survivor.returncode == 0, err
    assert_each_file_once(engine, inbox, tmp_path / "shared-archive")
    by_id = {r.id: r for r in _rows(engine)}
    for job_id in taken:  # taken over by the survivor: a second attempt
        assert by_id[job_id].attempts == 2
        assert by_id[job_id].lease_owner is None


def _rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(schema.jobs)).all())
