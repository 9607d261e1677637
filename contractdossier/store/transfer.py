"""Copy a whole store into another, empty database (``dossier migrate --to postgresql://...``).

Every table is copied in foreign-key order, its rows in primary-key order with their ids (so
the audit log's hash chain, which covers the ids, stays intact), in one transaction on the
target: a failure leaves the target as empty as it was. PostgreSQL's id sequences are then
moved past the copied ids. The copy is verified by row counts and a digest of every row per
table, read back from both sides, and by hashing every original in the archive against its
document's SHA-256 (the archive stays where it is: the data home's ``archive`` folder).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from contractdossier.errors import StoreError
from contractdossier.store import schema
from contractdossier.store.store import Store, normalise_url

log = logging.getLogger(__name__)

BATCH = 1000
Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class TableCopy:
    name: str
    source: int
    target: int
    same_rows: bool  # the digests of all rows agree


@dataclass(frozen=True, slots=True)
class TransferReport:
    tables: tuple[TableCopy, ...]
    originals: int  # originals whose bytes hash to their document's SHA-256
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "tables": {
                t.name: {"source": t.source, "target": t.target, "same_rows": t.same_rows}
                for t in self.tables
            },
            "originals": self.originals,
            "problems": list(self.problems),
        }


def copied_tables() -> list[Table]:
    """Every table but the schema stamp, parents before children."""
    return [t for t in schema.metadata.sorted_tables if t is not schema.schema_version]


def transfer(
    source: Store, target_url: str, archive_root: Path, progress: Progress | None = None
) -> TransferReport:
    """Copy ``source`` into the empty database at ``target_url`` and verify the copy."""
    target_url = normalise_url(target_url)
    if str(source.engine.url.render_as_string(hide_password=False)) == target_url:
        raise StoreError("the target is the store itself")
    target = Store.open(target_url)  # creates the schema in an empty database
    try:
        with target.engine.begin() as tconn:
            _refuse_non_empty(tconn)
            with source.engine.connect() as sconn:
                for table in copied_tables():
                    n = _copy_table(sconn, tconn, table)
                    if progress:
                        progress(table.name, n)
            if tconn.dialect.name == "postgresql":
                _reset_sequences(tconn)
        return _verify(source, target, archive_root)
    finally:
        target.close()


def _refuse_non_empty(conn: Connection) -> None:
    filled = [
        f"{t.name} ({n} rows)"
        for t in copied_tables()
        if (n := int(conn.execute(select(func.count()).select_from(t)).scalar_one()))
    ]
    if filled:
        raise StoreError(
            "the target database already holds a dossier: "
            + ", ".join(filled)
            + "; migrate only into an empty database"
        )


def _copy_table(sconn: Connection, tconn: Connection, table: Table) -> int:
    result = sconn.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    n = 0
    for rows in result.partitions(BATCH):
        tconn.execute(insert(table), [dict(r._mapping) for r in rows])
        n += len(rows)
    return n


def _reset_sequences(conn: Connection) -> None:
    """Move each serial id sequence past the copied ids (the next insert must not collide)."""
    quote = conn.dialect.identifier_preparer.quote
    for table in schema.metadata.sorted_tables:
        pks = list(table.primary_key.columns)
        if len(pks) != 1 or pks[0].autoincrement is False:
            continue
        column = pks[0].name
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f"COALESCE((SELECT MAX({quote(column)}) FROM {quote(table.name)}), 0) + 1, false)"
            ),
            {"t": table.name, "c": column},
        )


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 over every row in primary-key order) — equal for equal contents."""
    digest = hashlib.sha256()
    n = 0
    result = conn.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for row in result:
        digest.update(
            json.dumps(list(row), default=str, ensure_ascii=False, sort_keys=True).encode()
        )
        digest.update(b"\n")
        n += 1
    return n, digest.hexdigest()


def _verify(source: Store, target: Store, archive_root: Path) -> TransferReport:
    problems: list[str] = []
    copies: list[TableCopy] = []
    with source.engine.connect() as sconn, target.engine.connect() as tconn:
        for table in copied_tables():
            ns, ds = table_digest(sconn, table)
            nt, dt_ = table_digest(tconn, table)
            copies.append(TableCopy(table.name, ns, nt, ds == dt_))
            if ns != nt:
                problems.append(f"{table.name}: {ns} rows in the source, {nt} in the target")
            elif ds != dt_:
                problems.append(f"{table.name}: the rows differ between source and target")
        documents = tconn.execute(
            select(schema.documents.c.sha256, schema.documents.c.archive_path).order_by(
                schema.documents.c.id
            )
        ).all()
    verified = 0
    for sha, relpath in documents:
        path = archive_root / relpath
        try:
            actual = _sha256_of(path)
        except OSError as e:
            problems.append(f"original {relpath}: cannot be read ({e.strerror})")
            continue
        if actual != sha:
            problems.append(f"original {relpath}: its bytes do not hash to {sha}")
        else:
            verified += 1
    return TransferReport(tuple(copies), verified, tuple(problems))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
