"""The dossier store: contracts, documents, the ingestion ledger, facts, grants, audit.

All writes of one ingested document happen in one transaction (``save_document``), so a crash
leaves either the whole document or none of it.

The ledger is also the job queue. A job is *runnable* when it is queued and its retry backoff
(``not_before``) has passed, or when it is 'processing' under a lease that expired or whose owner
process is known to be dead (same host). ``claim`` takes a runnable job: on SQLite by a
compare-and-set on its state and lease owner (SQLite serialises writers); on PostgreSQL by
``SELECT ... FOR UPDATE SKIP LOCKED`` on the row first, so concurrent workers on several machines
never wait for nor take the same job. A transient failure goes back to the queue with an
exponential backoff; after ``max_attempts`` the job is 'failed' with its reason and error code:
'failed' is the dead-letter state (``dossier retry`` puts such jobs back in the queue).

``postgresql://`` URLs use the psycopg (3) driver.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from contractdossier import clock
from contractdossier.archive import Archived
from contractdossier.errors import DiskFullError, NotFoundError, StoreError
from contractdossier.records import DocumentRole, JobState, ProcessedDocument, SourceFile
from contractdossier.store import schema
from contractdossier.store.migrations import migrate

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    path: str
    inbox: str
    dossier: str
    size: int
    mtime_ns: int
    sha256: str | None
    state: JobState
    attempts: int
    error: str | None
    error_code: str | None
    document_id: int | None
    duplicate_of: int | None
    quarantine_path: str | None
    lease_owner: str | None
    created_at: str
    updated_at: str
    finished_at: str | None
    contract_id: int | None = None

    @classmethod
    def from_row(cls, row: Any, contract_id: int | None = None) -> Job:
        m = row._mapping
        return cls(
            id=m["id"],
            path=m["path"],
            inbox=m["inbox"],
            dossier=m["dossier"],
            size=m["size"],
            mtime_ns=m["mtime_ns"],
            sha256=m["sha256"],
            state=JobState(m["state"]),
            attempts=m["attempts"],
            error=m["error"],
            error_code=m["error_code"],
            document_id=m["document_id"],
            duplicate_of=m["duplicate_of"],
            quarantine_path=m["quarantine_path"],
            lease_owner=m["lease_owner"],
            created_at=m["created_at"],
            updated_at=m["updated_at"],
            finished_at=m["finished_at"],
            contract_id=contract_id,
        )


@dataclass(frozen=True, slots=True)
class SavedDocument:
    contract_id: int
    document_id: int
    new_contract: bool


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_alive(owner: str) -> bool:
    """Whether the process named by a lease owner still runs (only decidable on this host)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdecimal():
        return True  # another machine: only the lease expiry can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        engine = _engine(url)
        try:
            migrate(engine)
        except OperationalError as e:
            raise _store_error(e, f"cannot open the store {engine.url!r}") from e
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- ledger -----------------------------------------------------------------------------

    def register(self, src: SourceFile) -> tuple[int, bool]:
        """Record a source-file event; return (job id, created).

        The same event is never queued twice."""
        t = schema.jobs
        now = clock.now_iso()
        key = and_(t.c.path == str(src.path), t.c.size == src.size, t.c.mtime_ns == src.mtime_ns)
        with self._begin() as conn:
            existing = conn.execute(select(t.c.id).where(key)).scalar()
            if existing is not None:
                return int(existing), False
            try:
                with conn.begin_nested():
                    job_id = conn.execute(
                        insert(t).values(
                            path=str(src.path),
                            inbox=str(src.inbox or ""),
                            dossier=src.dossier,
                            size=src.size,
                            mtime_ns=src.mtime_ns,
                            state=JobState.queued.value,
                            attempts=0,
                            not_before=0.0,
                            created_at=now,
                            updated_at=now,
                        )
                    ).inserted_primary_key[0]
            except IntegrityError:  # a concurrent registrar won the race
                return int(conn.execute(select(t.c.id).where(key)).scalar_one()), False
        return int(job_id), True

    def job(self, job_id: int) -> Job:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.jobs).where(schema.jobs.c.id == job_id)).first()
        if row is None:
            raise NotFoundError(f"no ledger entry {job_id}")
        return Job.from_row(row)

    def runnable_jobs(self, limit: int = 100, now: float | None = None) -> list[Job]:
        """Queued jobs whose backoff has passed, oldest first."""
        t = schema.jobs
        now = clock.now().timestamp() if now is None else now
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(t)
                .where(t.c.state == JobState.queued.value, t.c.not_before <= now)
                .order_by(t.c.id)
                .limit(limit)
            ).all()
            if len(rows) < limit:
                rows = [*rows, *self._orphaned(conn, now)[: limit - len(rows)]]
        return [Job.from_row(r) for r in rows]

    @staticmethod
    def _orphaned(
        conn: Connection, now: float, alive: Callable[[str], bool] = owner_alive
    ) -> list[Any]:
        """'processing' jobs whose lease expired or whose owner died: another worker's to take."""
        t = schema.jobs
        rows = conn.execute(
            select(t).where(t.c.state == JobState.processing.value).order_by(t.c.id)
        ).all()
        return [r for r in rows if (r.lease_expires or 0) < now or not alive(r.lease_owner or "")]

    def count_jobs(self, state: JobState) -> int:
        t = schema.jobs
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).where(t.c.state == state.value)).scalar_one()
            )

    def claim(self, job_id: int, owner: str, lease_seconds: float) -> bool:
        """Take a runnable job (queued, or 'processing' under an expired lease or a dead owner).

        True when this caller got it. On PostgreSQL the row is locked with ``FOR UPDATE SKIP
        LOCKED`` first, so a job another worker is claiming right now is skipped, not waited for.
        """
        t = schema.jobs
        now = clock.now().timestamp()
        with self._begin() as conn:
            query = select(t.c.state, t.c.lease_owner, t.c.lease_expires).where(t.c.id == job_id)
            if self._postgres:
                query = query.with_for_update(skip_locked=True)
            row = conn.execute(query).first()
            if row is None:
                return False
            if row.state == JobState.queued.value:
                same = t.c.state == JobState.queued.value
            elif row.state == JobState.processing.value and (
                (row.lease_expires or 0) < now or not owner_alive(row.lease_owner or "")
            ):
                # Compare-and-set on the abandoned lease: only one taker wins.
                same = and_(
                    t.c.state == JobState.processing.value,
                    t.c.lease_owner == row.lease_owner
                    if row.lease_owner is not None
                    else t.c.lease_owner.is_(None),
                )
                log.info("taking over job %d abandoned by %s", job_id, row.lease_owner)
            else:
                return False
            result = conn.execute(
                update(t)
                .where(t.c.id == job_id, same)
                .values(
                    state=JobState.processing.value,
                    lease_owner=owner,
                    lease_expires=now + lease_seconds,
                    attempts=t.c.attempts + 1,
                    updated_at=clock.now_iso(),
                )
            )
        return result.rowcount == 1

    def claim_next(self, owner: str, lease_seconds: float, limit: int = 1) -> list[Job]:
        """Claim up to ``limit`` runnable jobs at once, oldest first (SKIP LOCKED on PostgreSQL)."""
        claimed: list[Job] = []
        for job in self.runnable_jobs(limit=limit * 4):
            if len(claimed) >= limit:
                break
            if self.claim(job.id, owner, lease_seconds):
                claimed.append(self.job(job.id))
        return claimed

    @property
    def _postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def requeue_abandoned(self, alive: Callable[[str], bool] = owner_alive) -> int:
        """Jobs left 'processing' by a dead process or an expired lease go back to the queue."""
        t = schema.jobs
        now = clock.now().timestamp()
        with self._begin() as conn:
            rows = conn.execute(
                select(t.c.id, t.c.lease_owner, t.c.lease_expires).where(
                    t.c.state == JobState.processing.value
                )
            ).all()
            stale = [
                r.id for r in rows if (r.lease_expires or 0) < now or not alive(r.lease_owner or "")
            ]
            if stale:
                conn.execute(
                    update(t)
                    .where(t.c.id.in_(stale), t.c.state == JobState.processing.value)
                    .values(
                        state=JobState.queued.value,
                        lease_owner=None,
                        lease_expires=None,
                        updated_at=clock.now_iso(),
                    )
                )
        if stale:
            log.info("requeued %d job(s) abandoned by a stopped process", len(stale))
        return len(stale)

    def renew(self, job_ids: Collection[int], owner: str, lease_seconds: float) -> int:
        """Extend the leases ``owner`` holds on these jobs (still 'processing' under it), so a
        long job is not taken over by another worker while this one is alive. Returns how many
        leases were extended: a job whose lease was taken over meanwhile is not taken back."""
        if not job_ids:
            return 0
        t = schema.jobs
        with self._begin() as conn:
            result = conn.execute(
                update(t)
                .where(
                    t.c.id.in_(list(job_ids)),
                    t.c.state == JobState.processing.value,
                    t.c.lease_owner == owner,
                )
                .values(lease_expires=clock.now().timestamp() + lease_seconds)
            )
        return int(result.rowcount)

    def requeue(self, job_id: int, reason: str, *, count_attempt: bool = False) -> None:
        """Give a job back to the queue (interrupted, file still being written)."""
        t = schema.jobs
        values: dict[str, Any] = dict(
            state=JobState.queued.value,
            lease_owner=None,
            lease_expires=None,
            error=reason,
            updated_at=clock.now_iso(),
        )
        if not count_attempt:
            values["attempts"] = t.c.attempts - 1
        with self._begin() as conn:
            conn.execute(
                update(t)
                .where(t.c.id == job_id, t.c.state == JobState.processing.value)
                .values(**values)
            )

    def retry_or_fail(self, job_id: int, error: str, code: str, max_attempts: int) -> JobState:
        """After a transient failure: back to the queue with backoff, or 'failed' (the dead-letter
        state, with the reason and error code) when out of tries."""
        t = schema.jobs
        with self._begin() as conn:
            attempts = int(conn.execute(select(t.c.attempts).where(t.c.id == job_id)).scalar_one())
            state = JobState.failed if attempts >= max_attempts else JobState.queued
            backoff = min(300.0, 2.0**attempts)
            conn.execute(
                update(t)
                .where(t.c.id == job_id)
                .values(
                    state=state.value,
                    error=error,
                    error_code=code,
                    lease_owner=None,
                    lease_expires=None,
                    not_before=clock.now().timestamp() + backoff,
                    updated_at=clock.now_iso(),
                    finished_at=clock.now_iso() if state is JobState.failed else None,
                )
            )
        return state

    def retry_failed(self, paths: Sequence[str] = ()) -> int:
        """Put failed jobs (all, or those of the given paths) back in the queue."""
        t = schema.jobs
        cond = t.c.state == JobState.failed.value
        if paths:
            cond = and_(cond, t.c.path.in_(list(paths)))
        with self._begin() as conn:
            result = conn.execute(
                update(t)
                .where(cond)
                .values(
                    state=JobState.queued.value,
                    attempts=0,
                    not_before=0.0,
                    finished_at=None,
                    updated_at=clock.now_iso(),
                )
            )
        return int(result.rowcount)

    def set_sha(self, job_id: int, sha256: str) -> None:
        with self._begin() as conn:
            conn.execute(
                update(schema.jobs).where(schema.jobs.c.id == job_id).values(sha256=sha256)
            )

    def finish_quarantined(
        self, job_id: int, sha256: str | None, reason: str, code: str, quarantine_path: str | None
    ) -> None:
        self._finish(
            job_id,
            JobState.quarantined,
            sha256=sha256,
            error=reason,
            error_code=code,
            quarantine_path=quarantine_path,
        )

    def finish_duplicate(self, job_id: int, src: SourceFile, sha256: str) -> int:
        """The content is already stored: record this path on that document. Returns its id."""
        with self._begin() as conn:
            doc = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.sha256 == sha256)
            ).scalar()
            if doc is None:
                raise NotFoundError(f"no stored document with sha256 {sha256}")
            self._finish_duplicate_in(conn, job_id, int(doc), src, sha256)
        return int(doc)

    def _finish_duplicate_in(
        self, conn: Connection, job_id: int, document_id: int, src: SourceFile, sha256: str
    ) -> None:
        t = schema.document_paths
        first = conn.execute(
            select(t.c.path).where(t.c.document_id == document_id).order_by(t.c.id).limit(1)
        ).scalar()
        self._record_path(conn, document_id, src)
        self._finish_in(
            conn,
            job_id,
            JobState.duplicate,
            sha256=sha256,
            duplicate_of=document_id,
            document_id=document_id,
            error=f"duplicate of {first}",
        )

    def _finish(self, job_id: int, state: JobState, **values: Any) -> None:
        with self._begin() as conn:
            self._finish_in(conn, job_id, state, **values)

    @staticmethod
    def _finish_in(conn: Connection, job_id: int, state: JobState, **values: Any) -> None:
        now = clock.now_iso()
        conn.execute(
            update(schema.jobs)
            .where(schema.jobs.c.id == job_id)
            .values(
                state=state.value,
                lease_owner=None,
                lease_expires=None,
                updated_at=now,
                finished_at=now,
                **values,
            )
        )

    # -- documents --------------------------------------------------------------------------

    def document_id_by_sha(self, sha256: str) -> int | None:
        with self.engine.connect() as conn:
            value = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.sha256 == sha256)
            ).scalar()
        return None if value is None else int(value)

    def save_document(
        self, job_id: int, src: SourceFile, archived: Archived, processed: ProcessedDocument
    ) -> SavedDocument:
        """Store one document with its pages, clauses, facts and obligations, atomically.

        If the same content was stored meanwhile (a concurrent worker), the job becomes a duplicate.
        """
        try:
            return self._save_document(job_id, src, archived, processed)
        except IntegrityError:
            if not self._postgres:
                raise
            # Another worker committed the same content between our check and our insert (on
            # PostgreSQL writers run concurrently): the second attempt finds it, a duplicate.
            return self._save_document(job_id, src, archived, processed)

    def _save_document(
        self, job_id: int, src: SourceFile, archived: Archived, processed: ProcessedDocument
    ) -> SavedDocument:
        rec = processed.recognised
        now = clock.now_iso()
        with self._begin() as conn:
            existing = conn.execute(
                select(schema.documents.c.id, schema.documents.c.contract_id).where(
                    schema.documents.c.sha256 == archived.sha256
                )
            ).first()
            if existing is not None:
                self._finish_duplicate_in(conn, job_id, existing.id, src, archived.sha256)
                return SavedDocument(existing.contract_id, existing.id, False)

            contract_id = None
            if rec.role is not DocumentRole.main and rec.amends:
                contract_id = self._find_contract_for(conn, rec.amends, src.dossier)
            new_contract = contract_id is None
            if contract_id is None:
                contract_id = conn.execute(
                    insert(schema.contracts).values(
                        title=rec.title,
                        language=processed.text.language,
                        inbox=str(src.inbox or ""),
                        dossier=src.dossier,
                        status="active",
                        rev=1,
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
                role = DocumentRole.main if rec.role is DocumentRole.main else rec.role
            else:
                role = rec.role
                conn.execute(
                    update(schema.contracts)
                    .where(schema.contracts.c.id == contract_id)
                    .values(rev=schema.contracts.c.rev + 1, updated_at=now)
                )
            seq = int(
                conn.execute(
                    select(func.count()).where(schema.documents.c.contract_id == contract_id)
                ).scalar_one()
            )
            document_id = conn.execute(
                insert(schema.documents).values(
                    sha256=archived.sha256,
                    contract_id=contract_id,
                    role=role.value,
                    seq=seq,
                    title=rec.title,
                    size=archived.size,
                    page_count=processed.text.page_count,
                    ocr_pages=processed.text.ocr_pages,
                    language=processed.text.language,
                    archive_path=archived.relpath,
                    extract_seconds=processed.seconds,
                    warnings=list(processed.warnings),
                    created_at=now,
                )
            ).inserted_primary_key[0]
            if processed.text.pages:
                conn.execute(
                    insert(schema.pages),
                    [
                        dict(
                            document_id=document_id,
                            number=p.number,
                            offset=p.offset,
                            source=p.source.value,
                            text=p.text,
                        )
                        for p in processed.text.pages
                    ],
                )
            self._record_path(conn, document_id, src)
            self._insert_recognised(conn, contract_id, document_id, processed)
            self._finish_in(
                conn,
                job_id,
                JobState.done,
                sha256=archived.sha256,
                document_id=document_id,
                error=None,
            )
        return SavedDocument(int(contract_id), int(document_id), new_contract)

    def _insert_recognised(
        self, conn: Connection, contract_id: int, document_id: int, processed: ProcessedDocument
    ) -> None:
        rec = processed.recognised
        now = clock.now_iso()
        if rec.clauses:
            conn.execute(
                insert(schema.clauses),
                [
                    dict(
                        contract_id=contract_id,
                        document_id=document_id,
                        seq=i,
                        ref=c.ref,
                        heading=c.heading,
                        level=c.level,
                        types=list(c.types),
                        page_start=c.page_start,
                        page_end=c.page_end,
                        start=c.start,
                        end=c.end,
                        text=c.text,
                    )
                    for i, c in enumerate(rec.clauses)
                ],
            )
        if rec.facts:
            conn.execute(
                insert(schema.facts),
                [
                    dict(
                        contract_id=contract_id,
                        document_id=document_id,
                        field=f.field,
                        value=f.value,
                        confidence=f.confidence,
                        source=f.source.value,
                        page=f.evidence.page if f.evidence else None,
                        clause_ref=f.evidence.clause_ref if f.evidence else None,
                        quote=f.evidence.quote if f.evidence else "",
                        start=f.evidence.start if f.evidence else None,
                        end=f.evidence.end if f.evidence else None,
                        active=True,
                        created_at=now,
                    )
                    for f in rec.facts
                ],
            )
        if rec.obligations:
            conn.execute(
                insert(schema.obligations),
                [
                    dict(
                        contract_id=contract_id,
                        document_id=document_id,
                        party=o.party,
                        action=o.action,
                        due=o.due,
                        due_date=o.due_date,
                        rule=o.rule,
                        recurring=o.recurring,
                        clause_ref=o.evidence.clause_ref,
                        page=o.evidence.page,
                        quote=o.evidence.quote,
                        confidence=o.confidence,
                        status="open",
                    )
                    for o in rec.obligations
                ],
            )

    @staticmethod
    def _find_contract_for(conn: Connection, amends: str, dossier: str) -> int | None:
        """The contract an amendment refers to: same title, preferring the same dossier."""
        t = schema.contracts
        needle = amends.strip().lower()
        if not needle:
            return None
        rows = conn.execute(select(t.c.id, t.c.title, t.c.dossier).order_by(t.c.id)).all()
        matches = [r for r in rows if r.title and r.title.strip().lower() == needle]
        if not matches:
            matches = [
                r
                for r in rows
                if r.title
                and len(r.title) > 5
                and (r.title.lower() in needle or needle in r.title.lower())
            ]
        same_folder = [r for r in matches if r.dossier == dossier]
        chosen = same_folder or matches
        return int(chosen[-1].id) if chosen else None

    @staticmethod
    def _record_path(conn: Connection, document_id: int, src: SourceFile) -> None:
        t = schema.document_paths
        now = clock.now_iso()
        result = conn.execute(
            update(t)
            .where(t.c.document_id == document_id, t.c.path == str(src.path))
            .values(last_seen=now)
        )
        if result.rowcount == 0:
            conn.execute(
                insert(t).values(
                    document_id=document_id,
                    path=str(src.path),
                    inbox=str(src.inbox or ""),
                    dossier=src.dossier,
                    first_seen=now,
                    last_seen=now,
                )
            )

    # -- corrections and obligation tracking -------------------------------------------------

    def set_fact(self, contract_id: int, field: str, value: Any, *, reason: str, user: str) -> int:
        """Record a person's value for a field. Earlier person values become inactive; extracted
        values stay (with their evidence) and are overridden when the file is resolved."""
        f = schema.facts
        now = clock.now_iso()
        with self._begin() as conn:
            if (
                conn.execute(
                    select(schema.contracts.c.id).where(schema.contracts.c.id == contract_id)
                ).first()
                is None
            ):
                raise NotFoundError(f"no contract {contract_id}")
            conn.execute(
                update(f)
                .where(
                    f.c.contract_id == contract_id,
                    f.c.field == field,
                    f.c.source == "person",
                )
                .values(active=False)
            )
            fact_id = conn.execute(
                insert(f).values(
                    contract_id=contract_id,
                    document_id=None,
                    field=field,
                    value=value,
                    confidence=1.0,
                    source="person",
                    quote="",
                    active=True,
                    reason=reason,
                    created_by=user,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            self._touch(conn, contract_id)
        return int(fact_id)

    def set_obligation_status(
        self, obligation_id: int, status: str, *, user: str, note: str | None
    ) -> dict[str, Any]:
        o = schema.obligations
        with self._begin() as conn:
            row = conn.execute(select(o).where(o.c.id == obligation_id)).first()
            if row is None:
                raise NotFoundError(f"no obligation {obligation_id}")
            conn.execute(
                update(o)
                .where(o.c.id == obligation_id)
                .values(status=status, status_by=user, status_at=clock.now_iso(), note=note)
            )
            self._touch(conn, row.contract_id)
        return dict(row._mapping)

    def obligation(self, obligation_id: int) -> dict[str, Any]:
        o = schema.obligations
        with self.engine.connect() as conn:
            row = conn.execute(select(o).where(o.c.id == obligation_id)).first()
        if row is None:
            raise NotFoundError(f"no obligation {obligation_id}")
        return dict(row._mapping)

    @staticmethod
    def _touch(conn: Connection, contract_id: int) -> None:
        c = schema.contracts
        conn.execute(
            update(c)
            .where(c.c.id == contract_id)
            .values(rev=c.c.rev + 1, updated_at=clock.now_iso())
        )

    # -- reading ----------------------------------------------------------------------------

    def contract_ids(self) -> list[int]:
        with self.engine.connect() as conn:
            return [
                int(i)
                for i in conn.execute(
                    select(schema.contracts.c.id).order_by(schema.contracts.c.id)
                ).scalars()
            ]

    def contracts(self, ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        t = schema.contracts
        query = select(t).order_by(t.c.id)
        if ids is not None:
            query = query.where(t.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def contract(self, contract_id: int) -> dict[str, Any]:
        rows = self.contracts([contract_id])
        if not rows:
            raise NotFoundError(f"no contract {contract_id}")
        return rows[0]

    def documents(self, contract_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        t = schema.documents
        query = select(t).order_by(t.c.contract_id, t.c.seq)
        if contract_ids is not None:
            query = query.where(t.c.contract_id.in_(list(contract_ids)))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def document_paths(self, document_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        t = schema.document_paths
        out: dict[int, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(
                select(t).where(t.c.document_id.in_(list(document_ids))).order_by(t.c.id)
            ):
                out.setdefault(r.document_id, []).append(dict(r._mapping))
        return out

    def pages(self, document_id: int) -> list[dict[str, Any]]:
        t = schema.pages
        with self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(
                    select(t).where(t.c.document_id == document_id).order_by(t.c.number)
                )
            ]

    def rows(self, table_name: str, contract_ids: Iterable[int]) -> list[dict[str, Any]]:
        """All rows of a per-contract table (clauses, facts, obligations) for some contracts."""
        t = schema.metadata.tables[table_name]
        with self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(
                    select(t).where(t.c.contract_id.in_(list(contract_ids))).order_by(t.c.id)
                )
            ]

    def jobs(self, *, path: str | None = None, limit: int = 50) -> list[Job]:
        """Ledger entries, newest first; for one path (exact, or every file under a folder)."""
        t = schema.jobs
        d = schema.documents
        query = (
            select(t, d.c.contract_id)
            .select_from(t.outerjoin(d, d.c.id == t.c.document_id))
            .order_by(t.c.id.desc())
            .limit(limit)
        )
        if path is not None:
            prefix = path.rstrip("/") + "/"
            query = query.where(or_(t.c.path == path, t.c.path.startswith(prefix, autoescape=True)))
        with self.engine.connect() as conn:
            return [Job.from_row(r, r.contract_id) for r in conn.execute(query)]

    def job_counts(self) -> dict[str, int]:
        t = schema.jobs
        with self.engine.connect() as conn:
            return {
                r.state: int(r.n)
                for r in conn.execute(
                    select(t.c.state, func.count().label("n")).group_by(t.c.state)
                )
            }

    # -- plumbing ---------------------------------------------------------------------------

    def _begin(self) -> Any:
        return _Transaction(self.engine)


class _Transaction:
    """``engine.begin()`` that turns disk-full and lock errors into our typed errors."""

    def __init__(self, engine: Engine) -> None:
        self._cm = engine.begin()

    def __enter__(self) -> Connection:
        try:
            return self._cm.__enter__()
        except OperationalError as e:
            raise _store_error(e, "cannot start a store transaction") from e

    def __exit__(self, *exc: Any) -> bool | None:
        try:
            result = self._cm.__exit__(*exc)  # rolls back when the body raised
        except OperationalError as e:
            raise _store_error(e, "cannot commit to the store") from e
        if isinstance(exc[1], OperationalError):  # a statement failed (disk full, locked)
            raise _store_error(exc[1], "a store statement failed") from exc[1]
        return result


def _store_error(e: OperationalError, what: str) -> StoreError:
    text = str(e.orig) if e.orig is not None else str(e)
    if "full" in text.lower() or "no space" in text.lower():
        return DiskFullError(f"{what}: the disk is full ({text})")
    return StoreError(f"{what}: {text}")


def normalise_url(url: str) -> str:
    """``postgresql://`` / ``postgres://`` select the psycopg (3) driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        created = not path.exists()
        with engine.connect():
            pass
        if created:
            path.chmod(0o600)
        return engine
    return create_engine(url, pool_pre_ping=True)


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
