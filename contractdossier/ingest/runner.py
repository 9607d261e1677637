"""The batch runner: drains the ledger with parallel worker processes.

The coordinating process claims jobs, hashes each file into the archive (identify), hands the
CPU-heavy stages (extract + recognise) to a pool of worker processes, and commits every result
itself, so there is one writer to the store and the index. A worker that is killed (SIGKILL:
the OOM killer, an operator) breaks the pool: its job goes back to the queue with an attempt
counted, the pool is rebuilt, and a file that keeps killing workers ends as 'failed' after
``max_attempts``. A worker that crashes on a file (SIGABRT, SIGSEGV) gets that file quarantined.

Per-file limits: a job that runs longer than ``job_timeout`` has its pool killed and the file is
quarantined ("took longer than ..."); each worker runs under an address-space limit of
``worker_memory_mb`` (``RLIMIT_AS``), and a file that needs more (Python's MemoryError, or pdfium
aborting on a failed allocation) is quarantined ("needed more than ... MB"). Which file broke a
pool is known from a marker each worker writes before it starts a job: the other jobs in flight
go back to the queue without an attempt counted.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from contractdossier import faults
from contractdossier.errors import (
    DiskFullError,
    DossierError,
    InputFileError,
    LimitExceededError,
    StoreError,
)
from contractdossier.pipeline import (
    AnalyseOptions,
    Identified,
    Outcome,
    Pipeline,
    Step,
    analyse,
)
from contractdossier.records import DocumentRole, JobState, ProcessedDocument
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
    stopped: bool = False  # its worker was stopped by us for another job's sake
    gen: int = 0  # the pool generation it was submitted to


_worker_memory_mb = 0
_worker_markers: Path | None = None


def _worker_init(memory_mb: int = 0, markers: str | None = None) -> None:
    global _worker_memory_mb, _worker_markers
    # Ctrl-C is the coordinator's to handle: it finishes or requeues the running jobs.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _worker_markers = Path(markers) if markers else None
    if memory_mb > 0:
        import resource

        limit = memory_mb << 20
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            _worker_memory_mb = memory_mb
        except (ValueError, OSError) as e:  # a lower hard limit is already in place
            log.warning("cannot limit worker memory to %d MB: %s", memory_mb, e)
    _warm_up()


def _warm_up() -> None:
    """Load the stages and build both spaCy pipelines now, so the first job's time limit is not
    spent on them."""
    import contractdossier.extract  # noqa: F401
    from contractdossier.recognise import recognise
    from contractdossier.records import ExtractedText, PageText, TextSource

    samples = {
        "nl": "Artikel 1 Duur\n1.1 Deze overeenkomst gaat in op 1 januari 2025.",
        "en": "1. Term\n1.1 This Agreement commences on 1 January 2025.",
    }
    for language, text in samples.items():
        page = PageText(number=1, text=text, offset=0, source=TextSource.text_layer)
        try:
            recognise(ExtractedText(pages=(page,), language=language, page_count=1), "warm-up")
        except Exception:  # a warm-up only: the real job reports its own errors
            log.debug("warm-up of the %s pipeline failed", language, exc_info=True)


def _memory_message(memory_mb: int) -> str:
    return (
        f"needed more than {memory_mb} MB of memory to extract (the worker_memory_mb limit); "
        "a decompression bomb or an extremely complex PDF?"
    )


def analyse_in_worker(path: Path, sha256: str, options: AnalyseOptions) -> ProcessedDocument:
    """``analyse`` in a pool worker: marks which file this process works on, maps MemoryError."""
    marker = _worker_markers / str(os.getpid()) if _worker_markers is not None else None
    if marker is not None:
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(sha256)
        tmp.replace(marker)
    faults.point("extract")
    try:
        return analyse(path, sha256, options)
    except MemoryError:
        raise LimitExceededError(_memory_message(_worker_memory_mb)) from None
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


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
        # Jobs handed to the pool at once: one waiting per worker, so a worker that finishes
        # starts its next file at once instead of idling while the coordinator stores the
        # result and archives the next file.
        self.depth = 2 * self.workers
        self.options = AnalyseOptions.from_settings(self.settings)
        self.owner = worker_identity()
        self.on_start = on_start
        self.on_outcome = on_outcome
        self._pool: ProcessPoolExecutor | None = None
        self._inflight: dict[Future[ProcessedDocument], _InFlight] = {}
        self._deferred: list[Job] = []  # same content as a job in flight: decided after it
        # Amendments analysed while other files were still in flight or queued: stored once the
        # pool runs dry, so one that finished before the contract it amends (dropped together,
        # or queued after it) still finds that contract.
        self._held: list[tuple[_InFlight, ProcessedDocument]] = []
        self._markers = Path(tempfile.mkdtemp(prefix="dossier-workers-"))
        # per pool generation: sha256 -> exit code of the worker that died on that file
        self._crashed: dict[int, dict[str, int]] = {}
        self._generation = 0
        self._last_index = time.monotonic()
        self._last_renewal = time.monotonic()
        self.summary = Summary()

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> BatchRunner:
        self.store.requeue_abandoned()
        swept = self.pipeline.archive.sweep_incoming() if self.pipeline.archive.root.is_dir() else 0
        if swept:
            log.info("removed %d temporary archive file(s) left by a stopped process", swept)
        self.pipeline.catch_up_index()
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
        try:
            self._release_held()  # analysed already: storing them is quick
        except DossierError:
            for item, _ in self._held:
                self.store.requeue(item.job.id, "interrupted; requeued")
            self._held.clear()
        self._kill_pool()
        self.pipeline.flush_index()
        shutil.rmtree(self._markers, ignore_errors=True)

    # -- driving ------------------------------------------------------------------------------

    def drain(self, stop: threading.Event | None = None) -> Summary:
        """Process every queued job (including retries after their backoff) until none is left."""
        started = time.perf_counter()
        while not (stop and stop.is_set()):
            self.step(timeout=0.2)
            if self.busy:
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

        Stored contracts are indexed in batches: when the pool runs dry (nothing in flight and
        nothing runnable in the queue), or every ``INDEX_EVERY`` seconds or ``INDEX_BATCH``
        contracts while it is busy. (An index commit per finished job would cost the
        coordinator more CPU than the commits of the store.)
        """
        outcomes = self._fill()
        outcomes += self._collect(timeout)
        if outcomes:
            outcomes += self._fill()  # refill before deciding whether the pool ran dry
        if self._held and not self._inflight and not self._deferred:
            outcomes += self._release_held()
        self._renew_leases()
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
    def lease_seconds(self) -> float:
        """How long a claimed job stays ours without renewal: past the job time limit, so a
        worker on another machine takes over only the jobs of a coordinator that stopped."""
        return (self.settings.job_timeout or 3600.0) + 120.0

    def _renew_leases(self) -> None:
        """Every third of a lease, extend the leases of the jobs in flight (a job without a time
        limit can run longer than one lease)."""
        if time.monotonic() - self._last_renewal < self.lease_seconds / 3:
            return
        self._last_renewal = time.monotonic()
        ids = [i.job.id for i in self._inflight.values()] + [j.id for j in self._deferred]
        ids += [item.job.id for item, _ in self._held]
        renewed = self.store.renew(ids, self.owner, self.lease_seconds)
        if renewed < len(ids):
            log.warning(
                "%d of %d job lease(s) could not be renewed (taken over by another worker?)",
                len(ids) - renewed,
                len(ids),
            )

    @property
    def busy(self) -> bool:
        return bool(self._inflight or self._deferred or self._held)

    def _fill(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        free = self.depth - len(self._inflight)
        if free <= 0:
            return outcomes
        for job in self.store.runnable_jobs(limit=free * 2):
            if len(self._inflight) >= self.depth:
                break
            if not self.store.claim(job.id, self.owner, self.lease_seconds):
                continue  # another process took it
            if self.on_start:
                self.on_start(job)
            outcome = self._start(job)
            if outcome is not None:
                outcomes.append(self._done(outcome))
        return outcomes

    def _start(self, job: Job) -> Outcome | None:
        try:
            ident = self.pipeline.identify(job)
        except DiskFullError:
            # Nothing was half-written (the archive removes its temporary copy): the job waits
            # in the queue until there is space again.
            self.store.requeue(job.id, "disk full while archiving; requeued")
            raise
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
            fut = pool.submit(analyse_in_worker, path, ident.archived.sha256, self.options)
        except BrokenProcessPool:
            self._kill_pool()
            fut = self._ensure_pool().submit(
                analyse_in_worker, path, ident.archived.sha256, self.options
            )
        self._inflight[fut] = _InFlight(job, ident, time.monotonic(), gen=self._generation)
        return None

    def _collect(self, timeout: float) -> list[Outcome]:
        outcomes: list[Outcome] = []
        if not self._inflight:
            if timeout > 0 and not self._deferred:
                time.sleep(min(timeout, 0.05))
            return self._redo_deferred()
        done, _ = wait(list(self._inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        broken = False
        # Futures of an earlier pool generation can still arrive after that pool was replaced:
        # only a failure of the current pool says anything about the current pool.
        if self._pool is not None and any(
            self._inflight[fut].gen == self._generation
            and not fut.cancelled()
            and isinstance(fut.exception(), BrokenProcessPool)
            for fut in done
        ):
            self._record_crashes(self._pool)
        for fut in done:
            item = self._inflight.pop(fut)
            outcome, was_broken = self._finish(fut, item)
            broken = broken or was_broken
            if outcome is not None:
                outcomes.append(self._done(outcome))
        self._enforce_timeout()
        if broken:
            self._kill_pool()
        outcomes += self._redo_deferred()
        return outcomes

    def _finish(
        self, fut: Future[ProcessedDocument], item: _InFlight
    ) -> tuple[Outcome | None, bool]:
        """Store (or reject, requeue) a finished job; None when it is held back (see _held)."""
        job, ident = item.job, item.ident
        assert ident.archived is not None
        if fut.cancelled():  # never started (its pool was shut down): nothing to charge
            reason = "the extraction worker was stopped"
            self.store.requeue(job.id, reason)
            return Outcome(job.id, job.path, JobState.queued, reason), False
        try:
            processed = fut.result()
        except InputFileError as e:
            return self.pipeline.reject(job, ident.source, ident.archived, e), False
        except BrokenProcessPool:
            return self._broken(item), item.gen == self._generation
        except Exception as e:  # a bug in a stage: keep the watcher alive, record, retry
            log.exception("unexpected error while analysing %s", job.path)
            reason = f"internal error: {type(e).__name__}: {e}"
            state = self.store.retry_or_fail(
                job.id, reason, type(e).__name__, self.settings.max_attempts
            )
            return Outcome(job.id, job.path, state, reason), False
        rec = processed.recognised
        if (
            rec.role is not DocumentRole.main
            and rec.amends
            and (self._inflight or self._deferred or self.store.runnable_jobs(limit=1))
        ):
            self._held.append((item, processed))
            return None, False
        return self._commit(item, processed), False

    def _release_held(self) -> list[Outcome]:
        """Store the held amendments, now that what was in flight or queued before is stored."""
        outcomes: list[Outcome] = []
        while self._held:  # one at a time: if storing fails, the rest stay held
            item, processed = self._held[0]
            outcome = self._commit(item, processed)
            self._held.pop(0)
            outcomes.append(self._done(outcome))
        return outcomes

    def _commit(self, item: _InFlight, processed: ProcessedDocument) -> Outcome:
        job, ident = item.job, item.ident
        assert ident.archived is not None
        try:
            return self.pipeline.commit(job, ident.source, ident.archived, processed)
        except DiskFullError:
            self.store.requeue(job.id, "disk full while storing; requeued")
            raise
        except DossierError:
            self.store.requeue(job.id, "the store could not be written; requeued")
            raise
        except Exception as e:  # an untyped error from the database driver: nothing was stored
            log.exception("storing %s failed", job.path)
            self.store.requeue(job.id, f"storing failed ({e}); requeued")
            raise StoreError(f"storing {job.path} failed: {e}") from e

    def _broken(self, item: _InFlight) -> Outcome:
        """A job whose worker pool broke: the file's fault (quarantine, retry) or a bystander."""
        job, ident = item.job, item.ident
        assert ident.archived is not None
        if item.timed_out:
            error = LimitExceededError(
                f"took longer than {self.settings.job_timeout:g} s to extract (the job_timeout "
                "limit); a huge or pathological PDF?"
            )
            return self.pipeline.reject(job, ident.source, ident.archived, error)
        causes = self._crashed.get(item.gen, {})
        code = causes.get(ident.archived.sha256)
        if item.stopped or (code is None and causes):
            # Another file broke the pool (or we stopped it): this one was a bystander.
            reason = "the extraction worker was stopped because of another file; requeued"
            self.store.requeue(job.id, reason)
            return Outcome(job.id, job.path, JobState.queued, reason)
        if code is not None and code < 0 and code != -signal.SIGKILL:
            name = _signal_name(-code)
            message = f"the PDF reader crashed ({name}) on this file"
            if self.settings.worker_memory_mb and code in (-signal.SIGABRT, -signal.SIGSEGV):
                message = (
                    f"{_memory_message(self.settings.worker_memory_mb)} (the PDF reader "
                    f"stopped with {name})"
                )
            return self.pipeline.reject(
                job, ident.source, ident.archived, LimitExceededError(message)
            )
        reason = "the extraction worker died (crashed or was killed) while reading this file"
        if code is not None and code > 0:
            reason = f"the extraction worker exited with status {code} while reading this file"
        if code == -signal.SIGKILL:
            reason = "the extraction worker was killed (SIGKILL) while reading this file"
        state = self.store.retry_or_fail(
            job.id, reason, "WorkerCrashed", self.settings.max_attempts
        )
        return Outcome(job.id, job.path, state, reason)

    def _began(self) -> dict[str, float]:
        """sha256 -> wall-clock time a worker started on it, from the workers' markers."""
        out: dict[str, float] = {}
        for marker in self._markers.glob("[0-9]*"):
            if marker.suffix:
                continue
            try:
                out[marker.read_text()] = marker.stat().st_mtime
            except OSError:
                continue  # finished meanwhile
        return out

    def _record_crashes(self, pool: ProcessPoolExecutor) -> None:
        self._crashed.setdefault(self._generation, {}).update(self._crash_causes(pool))

    def _crash_causes(self, pool: ProcessPoolExecutor) -> dict[str, int]:
        """sha256 -> exit code, for the workers that died on a job (not stopped by the pool)."""
        processes = list((getattr(pool, "_processes", None) or {}).values())
        causes: dict[str, int] = {}
        for proc in processes:
            proc.join(timeout=0.5) if proc.exitcode is None else None
            code = proc.exitcode
            if code is None or code in (0, -signal.SIGTERM):
                continue
            try:
                sha = (self._markers / str(proc.pid)).read_text()
            except OSError:
                log.warning("an extraction worker (pid %s) exited with %s between jobs", proc.pid,
                            code)
                continue
            causes[sha] = code
        return causes

    def _enforce_timeout(self) -> None:
        limit = self.settings.job_timeout
        if not limit:
            return
        now = time.monotonic()
        late = [i for i in self._inflight.values() if now - i.started > limit]
        if late:
            # The clock starts when a worker starts the job (its marker), not at submission:
            # spawning a worker and loading the stages is not the file's fault.
            began = self._began()
            wall = time.time()
            late = [
                i
                for i in late
                if i.ident.archived is not None
                and (
                    wall - began[i.ident.archived.sha256] > limit
                    if i.ident.archived.sha256 in began
                    else now - i.started > limit + 120.0
                )
            ]
        if late:
            for item in late:
                item.timed_out = True
                log.warning(
                    "%s exceeded the job timeout of %g s; stopping its worker", item.job.path, limit
                )
            for item in self._inflight.values():
                item.stopped = not item.timed_out
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
            self._generation += 1
            live = {i.gen for i in self._inflight.values()}
            self._crashed = {g: c for g, c in self._crashed.items() if g in live}
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_init,
                initargs=(self.settings.worker_memory_mb, str(self._markers)),
                max_tasks_per_child=200,
            )
        return self._pool

    def _kill_pool(self) -> None:
        """Stop the pool now; futures still running fail with BrokenProcessPool."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if getattr(pool, "_broken", False):  # a worker died: learn on which file, before killing
            self._record_crashes(pool)
        else:
            # Stopped by us, not broken by a file: its jobs are bystanders, whenever their
            # futures report the stop (now or on a later step).
            for item in self._inflight.values():
                if item.gen == self._generation and not item.timed_out:
                    item.stopped = True
        processes = list(getattr(pool, "_processes", {}).values())
        for proc in processes:
            if proc.is_alive():
                proc.kill()
        pool.shutdown(wait=True, cancel_futures=True)
        # Jobs whose futures died with the pool are handled by _collect on the next step.
        for fut, item in list(self._inflight.items()):
            # A future cancelled by the shutdown (queued, not yet in a worker) is never reported
            # by wait() again: it is handled here, with the ones still running.
            if fut.done() and not fut.cancelled():
                continue
            self._inflight.pop(fut)
            if item.timed_out:
                outcome = self._broken(item)
            else:
                reason = "the extraction worker was stopped"
                self.store.requeue(item.job.id, reason)
                outcome = Outcome(item.job.id, item.job.path, JobState.queued, reason)
            self._done(outcome)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
