"""The batch runner's worker pools: a pool that the runner stops or replaces charges no file.

A pool is stopped by the runner itself (a job over its time limit, a crash that broke it) and
replaced by a new one while futures of the old pool may still be arriving. Those futures must
neither count as a crash of their file nor bring the new, healthy pool down: once this went
round in a loop after one crash, and six good files ended 'failed' after three "crashes" each.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from contractdossier.ingest.runner import BatchRunner
from contractdossier.ingest.scan import iter_source_files, source_file
from contractdossier.pipeline import Pipeline
from contractdossier.settings import Settings, load
from contractdossier.store import Store, schema
from tests.hostile.make_corpus import good_pdf

GOOD = 6


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[tuple[BatchRunner, Store]]:
    settings: Settings = load({"home": tmp_path / "home", "ocr": "never", "workers": 2}, environ={})
    settings.home.mkdir()
    store = Store.open(settings.url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(GOOD):
        (inbox / f"goed-{i}.pdf").write_bytes(good_pdf(f"Goed{i}"))
    for src in iter_source_files([inbox]):
        store.register(src)
    with BatchRunner(Pipeline(settings, store), workers=2) as batch:
        yield batch, store
    store.close()


def _lease(store: Store, job_id: int) -> float:
    with store.engine.connect() as conn:
        row = conn.execute(
            select(schema.jobs.c.lease_expires).where(schema.jobs.c.id == job_id)
        ).scalar_one()
    return float(row or 0.0)


def _attempts(store: Store) -> dict[str, tuple[str, int, str]]:
    return {
        Path(j.path).name: (j.state.value, j.attempts, j.error or "") for j in store.jobs(limit=100)
    }


@pytest.mark.slow
def test_a_pool_stopped_by_the_runner_charges_none_of_its_jobs(
    runner: tuple[BatchRunner, Store],
) -> None:
    batch, store = runner
    batch.step(timeout=0.0)  # jobs in flight in the first pool
    assert len(batch._inflight) == batch.depth
    batch._kill_pool()  # as for another job's timeout: the runner's decision, no file's fault
    summary = batch.drain()
    assert summary.failed == 0
    rows = _attempts(store)
    assert all(state == "done" for state, _, _ in rows.values()), rows
    assert all(attempts == 1 for _, attempts, _ in rows.values()), rows


@pytest.mark.slow
def test_futures_of_a_replaced_pool_do_not_bring_down_the_new_one(
    runner: tuple[BatchRunner, Store],
) -> None:
    batch, store = runner
    batch.step(timeout=0.0)
    old = batch._pool
    assert old is not None and len(batch._inflight) == batch.depth
    first_generation = batch._generation
    # A worker dies between jobs (no file to blame); the runner learns of it when it submits
    # the next job, kills the broken pool and starts a new one...
    processes = list(old._processes.values())  # type: ignore[attr-defined]
    os.kill(processes[0].pid, signal.SIGKILL)
    for proc in processes:
        proc.join(10)
    batch._kill_pool()
    batch._ensure_pool()
    assert batch._generation == first_generation + 1
    new = batch._pool
    # ... and only then collects the futures of the old pool: they must not stop the new one.
    batch._collect(timeout=5.0)
    assert batch._pool is new
    summary = batch.drain()
    assert summary.failed == 0
    rows = _attempts(store)
    assert all(state == "done" for state, _, _ in rows.values()), rows
    assert sum(attempts for _, attempts, _ in rows.values()) <= GOOD + batch.depth, rows


@pytest.mark.slow
def test_the_leases_of_jobs_in_flight_are_renewed(runner: tuple[BatchRunner, Store]) -> None:
    batch, store = runner
    batch.step(timeout=0.0)
    ids = [i.job.id for i in batch._inflight.values()]
    assert len(ids) == batch.depth
    before = {i: _lease(store, i) for i in ids}
    time.sleep(0.05)
    batch._last_renewal -= batch.lease_seconds  # a third of a lease has passed
    batch._renew_leases()
    after = {i: _lease(store, i) for i in ids}
    assert all(after[i] > before[i] for i in ids), (before, after)
    assert batch.drain().failed == 0


SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "inbox"
ZORG = SAMPLES / "ICT" / "Zorgplatform 2025"


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_an_amendment_analysed_before_its_contract_still_joins_it(
    tmp_path: Path, workers: int
) -> None:
    """The amendment is queued first, so it is analysed first; it is stored only once the
    contract it amends (queued after it) is stored, and joins that contract."""
    contract = next(ZORG.glob("*SaaS-overeenkomst*.pdf"))
    amendment = next(ZORG.glob("*Wijzigingsovereenkomst*.pdf"))
    settings = load({"home": tmp_path / "home", "ocr": "never", "workers": workers}, environ={})
    settings.home.mkdir()
    store = Store.open(settings.url)
    try:
        for path in (amendment, contract):
            store.register(source_file(path, SAMPLES))
        with BatchRunner(Pipeline(settings, store), workers=workers) as batch:
            summary = batch.drain()
        assert summary.ingested == 2 and summary.failed == 0
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(schema.documents.c.contract_id, schema.documents.c.role)
            ).all()
        assert len({r.contract_id for r in rows}) == 1, rows
        assert sorted(r.role for r in rows) == ["amendment", "main"]
    finally:
        store.close()
