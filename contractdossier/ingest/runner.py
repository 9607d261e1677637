"""The batch runner: drains the ledger with parallel worker processes.

The coordinating process claims jobs, hashes each file into the archive (identify), hands the
CPU-heavy stages (extract + recognise) to a pool of worker processes, and commits every result
itself, so there is one writer to the store and the index. A worker that crashes or is killed
breaks the pool: its jobs go back to the queue with an attempt counted, the pool is rebuilt, and
a file that keeps killing workers ends as 'failed' after ``max_attempts``. A job that runs longer
than ``job_timeout`` has its pool killed the same way.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from contractdossier.errors import DiskFullError, InputFileError
from contractdossier.pipeline import AnalyseOptions, Identified, Outcome, Pipeline, Step, analyse
from contractdossier.records import JobState, ProcessedDocument
from contractdossier.store import Job, worker_identity

log = logging.getLogger(__name__)

OutcomeHook = Callable[[Outcome], None]
INDEX_EVERY = 2.0  # seconds between index commits while a batch runs
INDEX_BATCH = 200  # contracts per index commit at most
StartHook = Callable[[Job], None]


@dataclass
class Summary:
    ingested: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failed: int = 0
    retrying: int = 0
    pages: int = 0
    seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if outcome.state is JobState.done:
            self.ingested += 1
            self.pages += outcome.pages
        elif outcome.state is JobState.duplicate:
            self.duplicates += 1
        elif outcome.state is JobState.quarantined:
            self.quarantined += 1
        elif outcome.state is JobState.failed:
            self.failed += 1
        else:
            self.retrying += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "failed": self.failed,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class _InFlight:
    job: Job
    ident: Identified
    started: float
    timed_out: bool = False


def _worker_init() -> None:
    # Ctrl-C is the coordinator's to handle: it finishes or requeues the running jobs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker is killed when its coordinator dies (even by kill -9), so no orphan
    keeps running on a job that the next coordinator will take over anyway."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except OSError:
        log.debug("prctl(PR_SET_PDEATHSIG) unavailable")
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


class BatchRunner:
    def __init__(
        self,
        pipeline: Pipeline,
        *,
        workers: int,
        on_start: StartHook | None = None,
        on_outcome: OutcomeHook | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.store = pipeline.store
        self.settings = pipeline.settings
        self.workers = max(1, workers)
        self.options = AnalyseOptions.from_settings(self.settings)
        self.owner = worker_identity()
        self.on_start = on_start
        self.on_outcome = on_outcome
        self._pool: ProcessPoolExecutor | None = None
        self._inflight: dict[Future[ProcessedDocument], _InFlight] = {}
        self._deferred: list[Job] = []  # same content as a job in flight: decided after it
        self._last_index = time.monotonic()
        self.summary = Summary()

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> BatchRunner:
        self.store.requeue_abandoned()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, grace: float = 30.0) -> None:
        """Finish the running jobs (up to ``grace`` seconds), requeue the rest, stop the pool."""
        deadline = time.monotonic() + grace
        while self._inflight and time.monotonic() < deadline:
            self._collect(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
        for fut, item in list(self._inflight.items()):
            fut.cancel()
            self.store.requeue(item.job.id, "interrupted; requeued")
        self._inflight.clear()
        for job in self._deferred:
            self.store.requeue(job.id, "interrupted; requeued")
        self._deferred.clear()
        self._kill_pool()
        self.pipeline.flush_index()

    # -- driving ------------------------------------------------------------------------------

    def drain(self, stop: threading.Event | None = None) -> Summary:
        """Process every queued job (including retries after their backoff) until none is left."""
        started = time.perf_counter()
        while not (stop and stop.is_set()):
            self.step(timeout=0.2)
            if self._inflight or self._deferred:
                continue
            if self.store.runnable_jobs(limit=1):
                continue
            waiting = self.store.count_jobs(JobState.queued)
            if not waiting:
                break
            time.sleep(0.2)  # queued jobs in backoff: wait for them
        self.summary.seconds += time.perf_counter() - started
        return self.summary

    def step(self, timeout: float) -> list[Outcome]:
        """Fill the pool from the queue, then collect what finished within ``timeout``.

        Stored contracts are indexed in batches: when the pool runs dry, or every
        ``INDEX_EVERY`` seconds or ``INDEX_BATCH`` contracts while it is busy.
        """
        outcomes = self._fill()
        outcomes += self._collect(timeout)
        pending = self.pipeline.index_pending
        if pending and (
            not self.busy
            or pending >= INDEX_BATCH
            or time.monotonic() - self._last_index >= INDEX_EVERY
        ):
            self.pipeline.flush_index()
            self._last_index = time.monotonic()
        return outcomes

    @property
    def busy(self) -> bool:
        return bool(self._inflight or self._deferred)

    def _fill(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        free = self.workers - len(self._inflight)
        if free <= 0:
            return outcomes
        lease = (self.settings.job_timeout or 3600.0) + 120.0
        for job in self.store.runnable_jobs(limit=free * 2):
            if len(self._inflight) >= self.workers:
                break
            if not self.store.claim(job.id, self.owner, lease):
                continue  # another process took it
            if self.on_start:
                self.on_start(job)
            outcome = self._start(job)
            if outcome is not None:
                outcomes.append(self._done(outcome))
        return outcomes

    def _start(self, job: Job) -> Outcome | None:
        ident = self.pipeline.identify(job)
        if ident.step is Step.finished:
            return ident.outcome
        assert ident.archived is not None
        if any(
            i.ident.archived and i.ident.archived.sha256 == ident.archived.sha256
            for i in self._inflight.values()
        ):
            self._deferred.append(job)
            return None
        pool = self._ensure_pool()
        path = self.pipeline.archive.path_of(ident.archived.relpath)
        try:
            fut = pool.submit(analyse, path, ident.archived.sha256, self.options)
        except BrokenProcessPool:
            self._kill_pool()
            fut = self._ensure_pool().submit(analyse, path, ident.archived.sha256, self.options)
        self._inflight[fut] = _InFlight(job, ident, time.monotonic())
        return None

    def _collect(self, timeout: float) -> list[Outcome]:
        outcomes: list[Outcome] = []
        if not self._inflight:
            if timeout > 0 and not self._deferred:
                time.sleep(min(timeout, 0.05))
            return self._redo_deferred()
        done, _ = wait(list(self._inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        broken = False
        for fut in done:
            item = self._inflight.pop(fut)
            outcome, was_broken = self._finish(fut, item)
            broken = broken or was_broken
            outcomes.append(self._done(outcome))
        self._enforce_timeout()
        if broken:
            self._kill_pool()
        outcomes += self._redo_deferred()
        return outcomes

    def _finish(self, fut: Future[ProcessedDocument], item: _InFlight) -> tuple[Outcome, bool]:
        job, ident = item.job, item.ident
        assert ident.archived is not None
        try:
            processed = fut.result()
        except InputFileError as e:
            return self.pipeline.reject(job, ident.source, ident.archived, e), False
        except BrokenProcessPool:
            reason = "the extraction worker died (crashed or was killed) while reading this file"
            if item.timed_out:
                reason = f"took longer than {self.settings.job_timeout:g} s to extract"
            state = self.store.retry_or_fail(
                job.id, reason, "WorkerCrashed", self.settings.max_attempts
            )
            return Outcome(job.id, job.path, state, reason), True
        except Exception as e:  # a bug in a stage: keep the watcher alive, record, retry
            log.exception("unexpected error while analysing %s", job.path)
            reason = f"internal error: {type(e).__name__}: {e}"
            state = self.store.retry_or_fail(
                job.id, reason, type(e).__name__, self.settings.max_attempts
            )
            return Outcome(job.id, job.path, state, reason), False
        try:
            return self.pipeline.commit(job, ident.source, ident.archived, processed), False
        except DiskFullError:
            self.store.requeue(job.id, "disk full while storing; requeued")
            raise

    def _enforce_timeout(self) -> None:
        limit = self.settings.job_timeout
        if not limit:
            return
        now = time.monotonic()
        late = [i for i in self._inflight.values() if now - i.started > limit]
        if late:
            for item in late:
                item.timed_out = True
                log.warning(
                    "%s exceeded the job timeout of %g s; stopping its worker", item.job.path, limit
                )
            self._kill_pool()

    def _redo_deferred(self) -> list[Outcome]:
        """Deferred jobs whose twin has finished are identified again (now: a duplicate)."""
        if not self._deferred:
            return []
        inflight = {i.ident.archived.sha256 for i in self._inflight.values() if i.ident.archived}
        ready = [j for j in self._deferred if self.store.job(j.id).sha256 not in inflight]
        self._deferred = [j for j in self._deferred if j not in ready]
        outcomes: list[Outcome] = []
        for job in ready:
            outcome = self._start(job)
            if outcome is not None:
                outcomes.append(self._done(outcome))
        return outcomes

    def _done(self, outcome: Outcome) -> Outcome:
        self.summary.add(outcome)
        if self.on_outcome:
            self.on_outcome(outcome)
        return outcome

    # -- the pool -------------------------------------------------------------------------------

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                max_tasks_per_child=200,
            )
        return self._pool

    def _kill_pool(self) -> None:
        """Stop the pool now; futures still running fail with BrokenProcessPool."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        for proc in processes:
            if proc.is_alive():
                proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        # Jobs whose futures died with the pool are handled by _collect on the next step.
        for fut, item in list(self._inflight.items()):
            if fut.done():
                continue
            self._inflight.pop(fut)
            reason = "the extraction worker was stopped"
            if item.timed_out:
                reason = f"took longer than {self.settings.job_timeout:g} s to extract"
                state = self.store.retry_or_fail(
                    item.job.id, reason, "Timeout", self.settings.max_attempts
                )
            else:
                self.store.requeue(item.job.id, reason)
                state = JobState.queued
            self._done(Outcome(item.job.id, item.job.path, state, reason))
