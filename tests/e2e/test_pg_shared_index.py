"""A data home new to a PostgreSQL database uses the search table others built, as it is.

The PostgreSQL backend's index is one table that every data home on the database reads and
writes. A home that has no index bookkeeping of its own yet (a new machine) used to rebuild it:
every entry rewritten under the searches of the other machines. Now the table records the index
schema it was last completely built for, and a home of the same schema adopts it. The tests tell
a rewrite by the rows' physical addresses (``ctid``): a rewritten row gets a new one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from contractdossier.search import open_indexer, postgres_index
from contractdossier.settings import Settings
from contractdossier.store import Store
from tests.e2e.test_search import ADMIN, ALICE, CORPUS, World, make_world


@pytest.fixture
def first(pg_server: Any, tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path / "first", "postgres", CORPUS,
                   database_url=pg_server.create_database())
    yield w
    w.index.close()
    w.store.close()


def addresses(store: Store) -> list[tuple[int, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            f"SELECT id, ctid::text FROM {postgres_index.TABLE} ORDER BY id")).all()
    return [(int(i), str(c)) for i, c in rows]


def second_home(first: World, tmp_path: Path) -> World:
    settings = Settings(home=tmp_path / "second", search_backend="postgres",
                        database_url=first.settings.database_url)
    store = Store.open(settings.url)
    index = open_indexer(settings, store, acl_for=first.acl, acl_state=first.acl.state)
    return World(settings, store, index, first.acl)


def results(world: World, query: str, tokens: frozenset[str]) -> list[tuple[int, str | None]]:
    r = world.search(query, tokens, limit=20)
    return [(h.contract_id, h.clause_ref) for c in r.contracts for h in c.hits]


def test_a_new_home_adopts_the_built_table_without_rewriting_it(first: World,
                                                                tmp_path: Path) -> None:
    before = addresses(first.store)
    assert before
    second = second_home(first, tmp_path)
    try:
        for query, tokens in (("termination", ADMIN), ("termination", ALICE),
                              ("opzegging", ADMIN), ("aansprakelijkheid", ALICE)):
            assert results(second, query, tokens) == results(first, query, tokens)
        assert addresses(first.store) == before  # nothing rewritten
        assert (second.index.root / "CURRENT").is_file()  # its own bookkeeping written
    finally:
        second.index.close()
        second.store.close()


def test_a_table_built_for_another_schema_is_rebuilt(first: World, tmp_path: Path) -> None:
    with first.store.engine.begin() as conn:
        conn.execute(text(f"UPDATE {postgres_index.TABLE}_built SET schema = 'older'"))
    before = addresses(first.store)
    second = second_home(first, tmp_path)
    try:
        assert results(second, "termination", ADMIN) == results(first, "termination", ADMIN)
        after = addresses(first.store)
        assert after != before  # rewritten
        assert second.index.engine.built_for() == second.index.schema  # and recorded
    finally:
        second.index.close()
        second.store.close()


def test_reindex_still_rewrites_an_adopted_table(first: World, tmp_path: Path) -> None:
    second = second_home(first, tmp_path)
    try:
        assert results(second, "termination", ADMIN)
        before = addresses(first.store)
        second.index.reindex()
        assert addresses(first.store) != before
        assert results(second, "termination", ADMIN) == results(first, "termination", ADMIN)
    finally:
        second.index.close()
        second.store.close()
