"""The store on PostgreSQL: ingest and access behaviour, reusing the embedded suite's tests.

The test functions come from test_ingest_cli / test_access_cli unchanged; only the fixtures
differ: ``DOSSIER_DATABASE_URL`` names a fresh PostgreSQL database (skipped without a server).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text

from contractdossier.cli import cli
from contractdossier.store import Store, schema
from tests.e2e import test_access_cli as access_tests
from tests.e2e import test_ingest_cli as ingest_tests
from tests.e2e.test_access_cli import Result


def plain(url: str) -> str:
    """The URL as a person writes it: ``postgresql://`` (the product picks psycopg)."""
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def pg_home(home: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DOSSIER_DATABASE_URL", plain(pg_url))
    return home


# -- ingest -----------------------------------------------------------------------------------

def test_ingest_stores_documents_on_postgresql(pg_home: Path, pg_url: str, tmp_path: Path
                                               ) -> None:
    inbox = ingest_tests.inbox.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    ingest_tests.test_ingest_stores_documents_with_their_dossier(pg_home, inbox)
    assert not (pg_home / "dossier.sqlite3").exists()  # the store is the database
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.documents)).scalar() == 2
        states = conn.execute(select(schema.jobs.c.state)).scalars().all()
    engine.dispose()
    assert sorted(states) == ["done", "done"]


def test_duplicates_on_postgresql(pg_home: Path, tmp_path: Path) -> None:
    inbox = ingest_tests.inbox.__wrapped__(tmp_path)  # type: ignore[attr-defined]
    ingest_tests.test_same_content_twice_is_one_document_with_both_paths(pg_home, inbox)


# -- access -----------------------------------------------------------------------------------

@pytest.fixture
def run(pg_home: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    def invoke(user: str, *args: str) -> Result:
        monkeypatch.setattr(getpass, "getuser", lambda: user)
        result = CliRunner().invoke(cli, ["--home", str(pg_home), *args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def store(pg_home: Path, pg_url: str, run: Callable[..., Result]) -> Iterator[Store]:
    """As test_access_cli's: initialised by 'admin', five contracts, on PostgreSQL."""
    assert run("admin", "init").code == 0
    st = Store(create_engine(pg_url))
    access_tests.add_contracts(st, {1: "Inkoop", 2: "Inkoop/2024", 3: "Inkoopx", 4: "",
                                    5: "Verkoop/EU"})
    with st.engine.begin() as conn:  # explicit ids: move the sequence past them
        conn.execute(text("SELECT setval(pg_get_serial_sequence('contracts', 'id'), 100)"))
    yield st
    st.close()


def test_default_deny_on_postgresql(store: Store, pg_home: Path,
                                    run: Callable[..., Result]) -> None:
    access_tests.test_default_deny(store, pg_home, run)


def test_folder_grants_on_postgresql(store: Store, pg_home: Path,
                                     run: Callable[..., Result]) -> None:
    access_tests.test_folder_grant_to_a_group_takes_effect_at_once(store, pg_home, run)


def test_audit_log_on_postgresql(store: Store, pg_home: Path,
                                 run: Callable[..., Result]) -> None:
    access_tests.test_audit_log_records_reads_and_changes(store, pg_home, run)
    report = json.loads(run("admin", "audit", "--verify", "--json").out)
    assert report["ok"] is True, report


def test_concurrent_audit_appends_on_postgresql(store: Store) -> None:
    access_tests.test_concurrent_appends_keep_one_chain(store)
