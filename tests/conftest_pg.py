"""PostgreSQL fixtures: one throwaway server per test session, a fresh database per test.

Tests that take ``pg_url`` are skipped, with the reason, only when no server can be started
here (no PostgreSQL binaries or no psycopg); scripts/setup.sh installs both.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, event

from tests.pg import PgServer, why_not


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    reason = why_not()
    if reason:
        pytest.skip(f"no PostgreSQL server for this test: {reason}")
    PgServer.reap_orphans()
    try:
        server = PgServer.start()
    except (RuntimeError, OSError) as e:
        pytest.skip(f"no PostgreSQL server for this test: cannot start one ({e})")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The SQLAlchemy URL of a new, empty database on the session's server."""
    url = pg_server.create_database()
    engines: weakref.WeakSet[Engine] = weakref.WeakSet()

    def seen(conn: Connection) -> None:
        engines.add(conn.engine)

    event.listen(Engine, "engine_connect", seen)
    try:
        yield url
    finally:
        event.remove(Engine, "engine_connect", seen)
        # Stores a test left open: close their pooled connections before the database goes.
        for engine in list(engines):
            engine.dispose()
        pg_server.drop_database(url)
