"""Schema migrations, from the first release on.

A new store is created at the current version directly from ``schema.metadata`` and stamped.
An existing store at an older version runs each later step in order, each in its own
transaction, and is stamped after each step. A store newer than this code is refused.
Add a step by bumping ``schema.SCHEMA_VERSION`` and appending ``(version, note, function)``.

On PostgreSQL several processes (machines) may open the same new database at once: each
migration transaction first takes a transaction-scoped advisory lock, so one creates the schema
and the others then find it at the current version. (SQLite's write lock does the same there.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, Engine, insert, inspect, select, text
from sqlalchemy import func as sqlfunc

from contractdossier.errors import StoreError
from contractdossier.store import schema

Step = Callable[[Connection], None]

# (version reached, note, step). Version 1 is the first release: created from metadata.
STEPS: list[tuple[int, str, Step]] = []

_PG_MIGRATE_LOCK = 0x646F7331  # advisory lock key serialising migrations on PostgreSQL


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(select(sqlfunc.max(schema.schema_version.c.version))).scalar() or 0)


def migrate(engine: Engine) -> int:
    """Bring the store to ``SCHEMA_VERSION``; return the version it was at before."""
    with engine.begin() as conn:
        _lock(conn)
        before = current_version(conn)
        if before > schema.SCHEMA_VERSION:
            raise StoreError(
                f"the store is at schema version {before}, newer than this program "
                f"({schema.SCHEMA_VERSION}): upgrade contractdossier"
            )
        if before == 0:
            if inspect(conn).get_table_names():
                names = ", ".join(sorted(inspect(conn).get_table_names()))
                raise StoreError(f"the database holds tables that are not a dossier store: {names}")
            schema.metadata.create_all(conn)
            _stamp(conn, schema.SCHEMA_VERSION, "created")
            return 0
    for version, note, step in STEPS:
        if version <= before:
            continue
        with engine.begin() as conn:
            _lock(conn)
            if current_version(conn) >= version:  # another process got there first
                continue
            step(conn)
            _stamp(conn, version, note)
    return before


def _lock(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATE_LOCK})


def _stamp(conn: Connection, version: int, note: str) -> None:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(insert(schema.schema_version).values(version=version, applied_at=now, note=note))
