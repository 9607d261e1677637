"""``dossier check``: does the data home hold together? Report drift, and repair what can be.

Checks, in order:

1. **store**: the database's own integrity check and foreign keys (SQLite);
2. **archive**: every document's original is in the archive with the SHA-256 it is stored
   under (``quick`` only checks presence and size). Repair: archive it again from a path it was
   seen under, if that file still has the same content;
3. **pages**: every document has its page rows. Repair: extract the text again from the
   archived original;
4. **ledger**: no job stays ``processing`` after its process died or its lease expired.
   Repair: back to the queue;
5. **index**: every stored contract is in the search index at its current ``rev``, and the
   index holds no contract the store does not. Repair: reindex those contracts, remove the
   others.

The store is the truth; the index is its cache, and the archive holds the originals that are
never modified. Nothing is deleted from the store or the archive here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, insert, select, text

from contractdossier.archive import Archive, sha256_of
from contractdossier.errors import DossierError
from contractdossier.records import JobState
from contractdossier.settings import Settings
from contractdossier.store import Store, schema
from contractdossier.store.store import owner_alive

log = logging.getLogger(__name__)


class Kind(StrEnum):
    store_integrity = "store_integrity"
    archive_missing = "archive_missing"
    archive_corrupt = "archive_corrupt"
    archive_temp = "archive_temp"
    pages_missing = "pages_missing"
    job_stuck = "job_stuck"
    index_missing = "index_missing"
    index_stale = "index_stale"
    index_orphan = "index_orphan"
    index_unusable = "index_unusable"


@dataclass(frozen=True, slots=True)
class Problem:
    kind: Kind
    subject: str  # "document 12", "job 7", "contract 3", "store"
    detail: str
    repaired: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "subject": self.subject,
            "detail": self.detail,
            "repaired": self.repaired,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[Problem, ...]
    counts: dict[str, int] = field(default_factory=dict)  # what was looked at

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def unrepaired(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.repaired)

    def as_dict(self) -> dict[str, Any]:
        return {
            "clean": self.clean,
            "counts": dict(self.counts),
            "problems": [p.as_dict() for p in self.problems],
            "unrepaired": len(self.unrepaired),
        }


class CheckedIndex(Protocol):
    def contract_revs(self) -> dict[int, int]: ...
    def index_contracts(self, contract_ids: list[int]) -> None: ...
    def remove_contracts(self, contract_ids: list[int]) -> None: ...


@dataclass(frozen=True, slots=True)
class IndexDrift:
    missing: tuple[int, ...]
    stale: tuple[int, ...]  # in the index at another rev than the store's
    orphans: tuple[int, ...]  # in the index, not in the store

    @property
    def to_index(self) -> list[int]:
        return sorted({*self.missing, *self.stale})


def store_revs(store: Store) -> dict[int, int]:
    c = schema.contracts
    with store.engine.connect() as conn:
        return {int(r.id): int(r.rev) for r in conn.execute(select(c.c.id, c.c.rev))}


def index_drift(store: Store, index: CheckedIndex) -> IndexDrift:
    """Contracts whose index entries are missing, stale or left over, compared with the store."""
    want = store_revs(store)
    have = index.contract_revs()
    return IndexDrift(
        missing=tuple(sorted(set(want) - set(have))),
        stale=tuple(sorted(i for i in set(want) & set(have) if want[i] != have[i])),
        orphans=tuple(sorted(set(have) - set(want))),
    )


def check(
    settings: Settings,
    store: Store,
    index: CheckedIndex | None,
    *,
    repair: bool = False,
    quick: bool = False,
    progress: Callable[[str], None] | None = None,
) -> CheckReport:
    """Run every check (and with ``repair``, fix what can be fixed); see the module docstring."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for name, step in (
        ("store", lambda: _check_store(store)),
        ("archive", lambda: _check_archive(settings, store, repair=repair, quick=quick)),
        ("pages", lambda: _check_pages(settings, store, repair=repair)),
        ("ledger", lambda: _check_ledger(store, repair=repair)),
        ("index", lambda: _check_index(store, index, repair=repair)),
    ):
        if progress is not None:
            progress(name)
        found, looked_at = step()
        problems.extend(found)
        counts[name] = looked_at
    return CheckReport(tuple(problems), counts)


# -- the checks -------------------------------------------------------------------------------


def _check_store(store: Store) -> tuple[list[Problem], int]:
    if store.engine.dialect.name != "sqlite":
        return [], 0
    problems: list[Problem] = []
    with store.engine.connect() as conn:
        result = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        if result != ["ok"]:
            problems.append(Problem(Kind.store_integrity, "store", "; ".join(result[:10])))
        for row in conn.execute(text("PRAGMA foreign_key_check")):
            problems.append(
                Problem(
                    Kind.store_integrity,
                    f"{row[0]} row {row[1]}",
                    f"refers to a missing row in {row[2]}",
                )
            )
    return problems, 1


def _check_archive(
    settings: Settings, store: Store, *, repair: bool, quick: bool
) -> tuple[list[Problem], int]:
    archive = Archive(settings.archive_dir)
    d, p = schema.documents, schema.document_paths
    with store.engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.sha256, d.c.size, d.c.archive_path)).all()
        seen: dict[int, list[str]] = {}
        for row in conn.execute(select(p.c.document_id, p.c.path).order_by(p.c.id)):
            seen.setdefault(int(row.document_id), []).append(str(row.path))
    problems: list[Problem] = []
    for doc in docs:
        path = archive.path_of(doc.archive_path)
        if not path.is_file():
            kind, detail = Kind.archive_missing, f"the original {path} is missing"
        elif path.stat().st_size != doc.size or (not quick and sha256_of(path) != doc.sha256):
            kind, detail = Kind.archive_corrupt, f"the original {path} does not match its SHA-256"
        else:
            continue
        repaired = False
        if repair:
            repaired = _rearchive(archive, path, doc.sha256, seen.get(int(doc.id), []))
            if repaired:
                detail += "; archived again from a path it was seen under"
        problems.append(Problem(kind, f"document {doc.id}", detail, repaired))
    leftovers = [p for p in settings.archive_dir.glob(".incoming-*") if p.is_file()]
    if leftovers:
        swept = archive.sweep_incoming() if repair else 0
        problems.append(
            Problem(
                Kind.archive_temp,
                "archive",
                f"{len(leftovers)} temporary copy(ies) left by interrupted writes"
                + (f"; {swept} removed" if repair else ""),
                repair and swept == len(leftovers),
            )
        )
    return problems, len(docs)


def _rearchive(archive: Archive, path: Path, sha256: str, sources: list[str]) -> bool:
    for source in sources:
        candidate = Path(source)
        try:
            if not candidate.is_file() or sha256_of(candidate) != sha256:
                continue
        except OSError:
            continue
        if path.exists():  # a damaged copy: set it aside, never silently overwrite it
            path.chmod(0o600)
            path.replace(path.with_name(path.name + ".damaged"))
        try:
            archived = archive.put(candidate)
        except DossierError as e:
            log.warning("cannot archive %s again: %s", candidate, e)
            return False
        return archived.sha256 == sha256 and archive.verify(archived.relpath, sha256)
    return False


def _check_pages(settings: Settings, store: Store, *, repair: bool) -> tuple[list[Problem], int]:
    d, pg = schema.documents, schema.pages
    with store.engine.connect() as conn:
        counted = (
            select(pg.c.document_id, func.count().label("n"))
            .group_by(pg.c.document_id)
            .subquery()
        )
        rows = conn.execute(
            select(d.c.id, d.c.sha256, d.c.page_count, d.c.archive_path, counted.c.n)
            .select_from(d.outerjoin(counted, counted.c.document_id == d.c.id))
        ).all()
    problems: list[Problem] = []
    for row in rows:
        have = int(row.n or 0)
        if row.page_count <= 0 or have >= row.page_count:
            continue
        detail = f"{have} of {row.page_count} pages stored"
        repaired = repair and _restore_pages(settings, store, row)
        if repaired:
            detail += "; text extracted again from the archived original"
        problems.append(Problem(Kind.pages_missing, f"document {row.id}", detail, repaired))
    return problems, len(rows)


def _restore_pages(settings: Settings, store: Store, row: Any) -> bool:
    from contractdossier.extract import OcrMode, extract_text

    path = Archive(settings.archive_dir).path_of(row.archive_path)
    try:
        extracted = extract_text(
            path, ocr=OcrMode(settings.ocr), ocr_languages=settings.ocr_languages
        )
    except DossierError as e:
        log.warning("cannot extract document %s again: %s", row.id, e)
        return False
    pg = schema.pages
    with store.engine.begin() as conn:
        present = set(
            conn.execute(select(pg.c.number).where(pg.c.document_id == row.id)).scalars()
        )
        missing = [p for p in extracted.pages if p.number not in present]
        if missing:
            conn.execute(
                insert(pg),
                [
                    dict(
                        document_id=row.id,
                        number=p.number,
                        offset=p.offset,
                        source=p.source.value,
                        text=p.text,
                    )
                    for p in missing
                ],
            )
    return True


def _check_ledger(store: Store, *, repair: bool) -> tuple[list[Problem], int]:
    from contractdossier import clock

    t = schema.jobs
    now = clock.now().timestamp()
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        rows = conn.execute(
            select(t.c.id, t.c.path, t.c.lease_owner, t.c.lease_expires).where(
                t.c.state == JobState.processing.value
            )
        ).all()
    stuck = [
        r for r in rows if (r.lease_expires or 0) < now or not owner_alive(r.lease_owner or "")
    ]
    if repair and stuck:
        store.requeue_abandoned()
    problems = [
        Problem(
            Kind.job_stuck,
            f"job {r.id}",
            f"{r.path} stayed 'processing' after {r.lease_owner or 'its process'} stopped"
            + ("; requeued" if repair else ""),
            repair,
        )
        for r in stuck
    ]
    return problems, total


def _check_index(
    store: Store, index: CheckedIndex | None, *, repair: bool
) -> tuple[list[Problem], int]:
    if index is None:
        return [], 0
    try:
        drift = index_drift(store, index)
    except DossierError as e:
        return [Problem(Kind.index_unusable, "index", str(e))], 0
    fixed = False
    if repair and (drift.to_index or drift.orphans):
        try:
            if drift.to_index:
                index.index_contracts(drift.to_index)
            if drift.orphans:
                index.remove_contracts(list(drift.orphans))
            fixed = True
        except DossierError as e:
            log.warning("repairing the index failed: %s", e)
    problems = [
        *(
            Problem(Kind.index_missing, f"contract {i}", "not in the search index", fixed)
            for i in drift.missing
        ),
        *(
            Problem(Kind.index_stale, f"contract {i}", "indexed at an older revision", fixed)
            for i in drift.stale
        ),
        *(
            Problem(Kind.index_orphan, f"contract {i}", "in the index but not in the store", fixed)
            for i in drift.orphans
        ),
    ]
    return problems, len(store_revs(store))
