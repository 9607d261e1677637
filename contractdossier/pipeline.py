"""The pipeline, readable top to bottom: identify -> extract -> recognise -> store -> index.

``process_file`` runs every stage for one ledger job in this process. The batch runner
(``ingest.runner``) runs the same stages, with ``analyse`` (extract + recognise, the CPU-heavy
part) in worker processes and the rest in the coordinating process, which is the only writer.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from contractdossier import faults
from contractdossier.archive import Archive, Archived
from contractdossier.errors import DossierError, InputFileError
from contractdossier.ingest.quarantine import free_path, quarantine
from contractdossier.records import JobState, ProcessedDocument, SourceFile
from contractdossier.settings import Settings
from contractdossier.store import Job, Store

log = logging.getLogger(__name__)


class Indexer(Protocol):
    def index_contracts(self, contract_ids: list[int]) -> None: ...


@dataclass(frozen=True, slots=True)
class AnalyseOptions:
    ocr: str = "auto"
    ocr_languages: str = "nld+eng"

    @classmethod
    def from_settings(cls, settings: Settings) -> AnalyseOptions:
        return cls(ocr=settings.ocr, ocr_languages=settings.ocr_languages)


class Step(StrEnum):
    analyse = "analyse"  # the file needs extraction and recognition
    finished = "finished"  # nothing more to do (duplicate, vanished, changed)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one job; the runner counts these and the CLI reports them."""

    job_id: int
    path: str
    state: JobState
    reason: str | None = None
    contract_id: int | None = None
    document_id: int | None = None
    pages: int = 0


@dataclass(frozen=True, slots=True)
class Identified:
    step: Step
    source: SourceFile
    archived: Archived | None = None
    outcome: Outcome | None = None


class Pipeline:
    """The coordinator's side of the stages; owns the store, archive and index writes."""

    def __init__(self, settings: Settings, store: Store, indexer: Indexer | None = None) -> None:
        self.settings = settings
        self.store = store
        self.archive = Archive(settings.archive_dir)
        self.indexer = indexer
        self._unindexed: set[int] = set()  # stored contracts waiting for the next index commit
        faults.install_store_hook(store.engine)

    def process_file(self, job: Job) -> Outcome:
        """Every stage for one claimed job, in this process."""
        ident = self.identify(job)
        if ident.step is Step.finished:
            assert ident.outcome is not None
            return ident.outcome
        assert ident.archived is not None
        try:
            processed = analyse(
                self.archive.path_of(ident.archived.relpath),
                ident.archived.sha256,
                AnalyseOptions.from_settings(self.settings),
            )
        except InputFileError as e:
            return self.reject(job, ident.source, ident.archived, e)
        outcome = self.commit(job, ident.source, ident.archived, processed)
        self.flush_index()
        return outcome

    # -- stage 1: identify (hash into the archive, spot duplicates) ---------------------------

    def identify(self, job: Job) -> Identified:
        src = source_of(job)
        try:
            archived = self.archive.put(src.path)
        except InputFileError as e:  # vanished or unreadable before it was archived
            # A vanished file is not coming back as this event (a new file is a new event):
            # no point retrying it; an unreadable one may be a passing lock or permission.
            gone = not src.path.exists() and not src.path.is_symlink()
            state = self.store.retry_or_fail(
                job.id, str(e), type(e).__name__, 1 if gone else self.settings.max_attempts
            )
            return Identified(Step.finished, src, outcome=Outcome(job.id, job.path, state, str(e)))
        self.store.set_sha(job.id, archived.sha256)
        try:
            now = src.path.stat()
            changed = (now.st_size, now.st_mtime_ns) != (job.size, job.mtime_ns)
        except FileNotFoundError:
            changed = False  # archived intact; a move right after reading is fine
        if changed:
            # The file changed after it was queued: its newer state is (or will be) a job of its
            # own, so this event is finished without storing a possibly half-written copy.
            reason = (
                "file changed after it was queued (still being written?); "
                "its newer state is processed as a new event"
            )
            self.store.retry_or_fail(job.id, reason, "FileChanged", 1)
            return Identified(
                Step.finished, src, archived, Outcome(job.id, job.path, JobState.failed, reason)
            )
        if self.store.document_id_by_sha(archived.sha256) is not None:
            return Identified(Step.finished, src, archived, self._duplicate(job, src, archived))
        return Identified(Step.analyse, src, archived)

    def _duplicate(self, job: Job, src: SourceFile, archived: Archived) -> Outcome:
        doc = self.store.finish_duplicate(job.id, src, archived.sha256)
        self._after_ingest(src)
        return Outcome(
            job.id, job.path, JobState.duplicate, self.store.job(job.id).error, document_id=doc
        )

    # -- stages 4 and 5: store, then index ------------------------------------------------------

    def commit(
        self, job: Job, src: SourceFile, archived: Archived, processed: ProcessedDocument
    ) -> Outcome:
        saved = self.store.save_document(job.id, src, archived, processed)
        self._unindexed.add(saved.contract_id)
        faults.point("after_store")
        self._after_ingest(src)
        done = self.store.job(job.id)
        return Outcome(
            job.id,
            job.path,
            done.state,
            done.error,
            saved.contract_id,
            saved.document_id,
            processed.text.page_count,
        )

    def catch_up_index(self) -> int:
        """Queue for indexing every stored contract the index lacks or holds at an older rev
        (a process killed between its store commit and its index commit). Returns how many."""
        if self.indexer is None or not hasattr(self.indexer, "contract_revs"):
            return 0
        from contractdossier.check import index_drift

        try:
            drift = index_drift(self.store, self.indexer)  # type: ignore[arg-type]
        except DossierError as e:
            log.warning("cannot compare the search index with the store: %s", e)
            return 0
        self._unindexed.update(drift.to_index)
        if drift.to_index:
            log.info("%d stored contract(s) not yet in the search index", len(drift.to_index))
        return len(drift.to_index)

    @property
    def index_pending(self) -> int:
        return len(self._unindexed)

    def flush_index(self) -> None:
        """Index every contract stored since the last flush, in one index commit.

        The store is the truth and the index its cache: if indexing fails, the contracts stay
        stored, the failure is logged, and `dossier reindex` (or the next flush) repairs it.
        """
        if not self._unindexed or self.indexer is None:
            self._unindexed.clear()
            return
        ids = sorted(self._unindexed)
        faults.point("index_commit")
        try:
            self.indexer.index_contracts(ids)
        except DossierError as e:
            log.warning("indexing %d contract(s) failed (%s); run `dossier reindex`", len(ids), e)
            return
        faults.point("after_index")
        self._unindexed.difference_update(ids)

    def reject(
        self, job: Job, src: SourceFile, archived: Archived | None, error: DossierError
    ) -> Outcome:
        """Quarantine a file that cannot be read as a contract, with its reason."""
        message = str(error)
        if archived is not None:  # workers read the archived copy: name the file the person knows
            message = message.replace(str(self.archive.path_of(archived.relpath)), str(src.path))
        original = (
            src.path
            if src.path.exists()
            else (self.archive.path_of(archived.relpath) if archived else src.path)
        )
        moved = self.settings.after_ingest == "move" and original == src.path
        target = quarantine(
            self.settings.quarantine_dir,
            original,
            reason=message,
            code=type(error).__name__,
            sha256=archived.sha256 if archived else None,
            move=moved,
        )
        self.store.finish_quarantined(
            job.id,
            archived.sha256 if archived else None,
            message,
            type(error).__name__,
            str(target),
        )
        log.info("quarantined %s: %s", src.path, message)
        return Outcome(job.id, job.path, JobState.quarantined, message)

    def _after_ingest(self, src: SourceFile) -> None:
        """Move the source to the processed folder when so configured (only after it is stored)."""
        if self.settings.after_ingest != "move" or self.settings.processed_dir is None:
            return
        if not src.path.exists():
            return
        target_dir = self.settings.processed_dir / src.dossier  # '' keeps the root
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.move(str(src.path), free_path(target_dir, src.path.name))


# -- stages 2 and 3: extract and recognise (run in worker processes) ---------------------------


def analyse(archive_path: Path, sha256: str, options: AnalyseOptions) -> ProcessedDocument:
    """Extract the text of one archived original and recognise its facts. No store access."""
    from contractdossier.extract import OcrMode, extract_text
    from contractdossier.recognise import recognise

    started = time.perf_counter()
    text = extract_text(archive_path, ocr=OcrMode(options.ocr), ocr_languages=options.ocr_languages)
    warnings: list[str] = []
    if text.page_count and not any(p.text.strip() for p in text.pages):
        warnings.append("no readable text on any page (scan without OCR?)")
    recognised = recognise(text, sha256)
    return ProcessedDocument(
        sha256=sha256,
        size=archive_path.stat().st_size,
        text=text,
        recognised=recognised,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


def source_of(job: Job) -> SourceFile:
    return SourceFile(
        path=Path(job.path),
        size=job.size,
        mtime_ns=job.mtime_ns,
        inbox=Path(job.inbox) if job.inbox else None,
        dossier=job.dossier,
    )
