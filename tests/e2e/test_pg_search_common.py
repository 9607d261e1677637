"""Common words on the PostgreSQL search backend: a bounded candidate set, capped counts.

A word in most entries used to be ranked in every one of them (1-12 s per search at 10,000
contracts); now only ``CANDIDATES`` of them are ranked: all when fewer match, else the shortest
(or, for a query without a text score, the first in document order). Matches are counted up to
``COUNT_CAP`` entries; past that the number of contracts is a lower bound (``AtLeast``) and the
shortest are read by length ranges. These tests shrink ``CANDIDATES`` and ``COUNT_CAP`` to see
both sides on a small corpus, and check with EXPLAIN that a common word is looked up in the GIN
index, not by reading every entry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from contractdossier.cli_search import render
from contractdossier.search import SearchFilters, postgres_index
from contractdossier.search import query as q
from contractdossier.search.results import AtLeast
from tests.e2e.test_search import ADMIN, ALICE, C, Contract, World, make_world

N = 40
FILLER = "the licensee shall keep records of all deliveries made under this agreement"


def corpus(n: int = N) -> list[Contract]:
    """Contract k has one clause with "notice" once; the higher k, the shorter the clause.
    Every fifth is readable by alice."""
    out = []
    for k in range(1, n + 1):
        words = (FILLER.split() * 30)[: 2 * (n - k)]
        body = "Written notice is required. " + " ".join(words)
        out.append(Contract(k, f"Agreement {k}", "en", "Common", [C("1", "Notice", body)],
                            acl=frozenset({"*", "u:alice"}) if k % 5 == 0 else frozenset({"*"})))
    return out


@pytest.fixture(scope="module")
def world(pg_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = make_world(tmp_path_factory.mktemp("pg-common"), "postgres", corpus(),
                   database_url=pg_server.create_database())
    yield w
    w.index.close()
    w.store.close()


BIG = 150  # more matches than the 100 entries the search layer asks for


@pytest.fixture(scope="module")
def big(pg_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = make_world(tmp_path_factory.mktemp("pg-big"), "postgres", corpus(BIG),
                   database_url=pg_server.create_database())
    yield w
    w.index.close()
    w.store.close()


def ranked(world: World, query: str, tokens: frozenset[str], limit: int
           ) -> tuple[list[int], int]:
    """The generation's own search (the search layer asks for at least 100 entries): the
    contracts of the best ``limit`` entries, and how many entries match."""
    plan = world.index.planner.plan(q.parse(query), SearchFilters(), tokens)
    refs, total = world.index.live().search(plan.query, plan.filter, limit)
    refs.sort(key=lambda r: (-r.score, r.contract_id, r.ordinal))
    return [r.contract_id for r in refs], total


@pytest.mark.parametrize("candidates", [2000, 8])
def test_a_common_word_ranks_the_shortest_entries_first(world: World, candidates: int,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_index, "CANDIDATES", candidates)
    assert ranked(world, "notice", ADMIN, 5) == ([40, 39, 38, 37, 36], N)  # all counted
    r = world.search("notice", ADMIN, limit=5)
    assert [c.contract_id for c in r.contracts] == [40, 39, 38, 37, 36]
    assert r.total_contracts == N
    assert all(c.hits and "«notice»" in c.hits[0].snippet for c in r.contracts)


def test_the_access_filter_comes_before_the_candidate_set(world: World,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_index, "CANDIDATES", 3)
    assert ranked(world, "notice", ALICE, 3) == ([40, 35, 30], N // 5)
    r = world.search("notice", ALICE, limit=10)
    assert [c.contract_id for c in r.contracts] == [40, 35, 30, 25, 20, 15, 10, 5]


def test_without_a_text_score_matches_come_in_document_order(world: World,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setattr(postgres_index, "CANDIDATES", 8)
    assert ranked(world, "noti*", ADMIN, 5) == ([1, 2, 3, 4, 5], N)


def test_a_thesaurus_word_is_one_text_match_per_column(world: World) -> None:
    """'termination' also searches its synonyms: the matching is one tsquery per column (and
    one per phrase), not one per synonym."""
    statement, _params = captured(world, "termination")[0]
    matching = statement.split("), c AS")[0]
    assert matching.count("body_en @@") <= 2, matching


def test_a_common_word_is_looked_up_in_the_gin_index(world: World) -> None:
    plan = explain(world, "notice")
    assert "Bitmap Index Scan on ix_search_entries_body_en" in plan, plan
    assert "Seq Scan on search_entries" not in plan, plan


def test_a_narrow_access_filter_is_looked_up_first(world: World) -> None:
    """Alice's filter keeps a few entries: they come from the acl index and their words are
    tested one by one, rather than intersecting with the posting list of a common word."""
    plan = explain(world, "notice", ALICE)
    assert "Bitmap Index Scan on ix_search_entries_acl" in plan, plan
    assert "ix_search_entries_body" not in plan, plan


def test_entry_rows_are_set_to_keep_their_vectors_out_of_line(world: World) -> None:
    """A scan of many matches reads narrow rows: the vectors and stored fields of a row
    that PostgreSQL compresses (over 2 kB) go to TOAST storage until the row is at most
    128 bytes, the arrays the filters test stay in the row."""
    with world.store.engine.connect() as conn:
        options = conn.execute(text(
            "SELECT reloptions FROM pg_class WHERE relname = 'search_entries'")).scalar()
        storage = dict(conn.execute(text(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
            "CAST('search_entries' AS regclass) AND attnum > 0")).all())
    assert "toast_tuple_target=128" in options
    assert {storage[c] for c in ("acl", "types", "dossier_path")} == {"m"}
    assert storage["body_en"] == storage["meta"] == "x"


# -- helpers ----------------------------------------------------------------------------------

def captured(world: World, query: str, tokens: frozenset[str] = ADMIN
             ) -> list[tuple[str, Any]]:
    """The ranking statements a search runs, with their bind parameters."""
    seen: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        if statement.startswith("WITH m AS"):
            seen.append((statement, params))

    event.listen(Engine, "before_cursor_execute", before)
    try:
        world.search(query, tokens, limit=5)
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    assert seen, "no ranking statement ran"
    return seen


def explain(world: World, query: str, tokens: frozenset[str] = ADMIN) -> str:
    statement, params = captured(world, query, tokens)[0]
    with world.store.engine.connect() as conn:
        conn.execute(text("ANALYZE search_entries"))
        postgres_index._prefer_indexes(conn)  # as the search does, in its transaction
        cursor = conn.connection.cursor()
        cursor.execute("EXPLAIN " + statement, params)
        return "\n".join(str(row[0]) for row in cursor.fetchall())


# -- more matches than are counted -----------------------------------------------------------

def test_past_the_count_cap_the_total_is_a_lower_bound_and_the_ranking_the_same(
        big: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """With more matches than COUNT_CAP, the count stops (total_contracts is AtLeast, shown
    "at least N", total_exact false in the JSON) and the candidates are read by entry length:
    the same top contracts as when everything is counted."""
    monkeypatch.setattr(postgres_index, "CANDIDATES", 8)
    exact = big.search("notice", ADMIN, limit=5)
    monkeypatch.setattr(postgres_index, "COUNT_CAP", 120)  # above the 100 entries ranked
    capped = big.search("notice", ADMIN, limit=5)
    assert [c.contract_id for c in capped.contracts] == [c.contract_id for c in exact.contracts]
    assert [c.contract_id for c in capped.contracts] == [150, 149, 148, 147, 146]
    assert exact.total_exact and exact.total_contracts == BIG
    assert not capped.total_exact
    assert isinstance(capped.total_contracts, AtLeast)
    assert 5 <= capped.total_contracts <= BIG
    shown = capped.as_dict()
    assert shown["total_exact"] is False and shown["total_contracts"] == capped.total_contracts
    assert render(capped).startswith(f"at least {int(capped.total_contracts)} contracts match")
    assert exact.as_dict()["total_exact"] is True


def test_past_the_count_cap_reading_every_match_by_length_counts_exactly(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """More candidates than matches: the length ranges read them all, so the count is exact."""
    monkeypatch.setattr(postgres_index, "COUNT_CAP", 10)
    r = world.search("notice", ADMIN, limit=5)
    assert r.total_exact and r.total_contracts == N
    assert [c.contract_id for c in r.contracts] == [40, 39, 38, 37, 36]


def test_past_the_count_cap_by_length_ranges(world: World, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    """The shortest candidates are found by ranges of entry length that widen (here from a
    range holding none of the matches) until enough are found."""
    monkeypatch.setattr(postgres_index, "CANDIDATES", 4)
    monkeypatch.setattr(postgres_index, "COUNT_CAP", 10)
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        if statement.startswith("SELECT length, cid, ord, id"):
            seen.append(statement)

    monkeypatch.setattr(postgres_index.PgGeneration, "_length_shares",
                        staticmethod(lambda matches, n: [0.01, 0.05, 0.3]))
    event.listen(Engine, "before_cursor_execute", before)
    try:
        r = world.search("notice", ADMIN, limit=3)
    finally:
        event.remove(Engine, "before_cursor_execute", before)
    assert [c.contract_id for c in r.contracts] == [40, 39, 38]
    assert seen and "length <=" in seen[0]


def test_past_the_count_cap_only_readable_contracts_count(world: World,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """Capped or not, the access filter is in every statement: alice's count and hits are
    of her eight contracts only."""
    monkeypatch.setattr(postgres_index, "COUNT_CAP", 3)
    monkeypatch.setattr(postgres_index, "CANDIDATES", 2)
    monkeypatch.setattr(postgres_index, "ACL_FIRST", 0)  # her filter not looked up first
    r = world.search("notice", ALICE, limit=10)
    assert [c.contract_id for c in r.contracts] == [40, 35, 30, 25, 20, 15, 10, 5]
    assert r.total_exact and r.total_contracts == N // 5  # the length ranges read all 8
    contracts, _total = ranked(world, "notice", ALICE, 2)  # 2 ranked of 8: capped
    assert contracts == [40, 35]
    gen = world.index.live()
    plan = world.index.planner.plan(q.parse("notice"), SearchFilters(), ALICE)
    counted = gen.count_contracts(plan.query, plan.filter)
    assert isinstance(counted, AtLeast) and 1 <= counted <= N // 5


def test_a_lower_bound_stays_one_when_more_contracts_were_seen(
        big: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search layer takes the larger of the contracts it saw and the engine's count; when
    the count is a lower bound, so is the total (it was shown as exact when the contracts seen
    were more)."""
    monkeypatch.setattr(postgres_index, "COUNT_CAP", 120)
    monkeypatch.setattr(postgres_index.PgGeneration, "count_contracts",
                        lambda self, query, filter: AtLeast(1))
    r = big.search("notice", ADMIN, limit=5)
    assert not r.total_exact and isinstance(r.total_contracts, AtLeast)
    assert r.total_contracts > 1  # the contracts seen, still "at least"
