"""Search behaviour, the same suite on both engines (tantivy and Whoosh).

Contracts, clauses, pages and facts are inserted straight into the store through SQLAlchemy
(no PDF ingestion), then indexed from the store and searched. All contract text here is our
own. Access tokens follow access.py's scheme: every contract's acl holds "*" plus "u:<user>" /
"g:<group>" for readers; a beheerder's filter holds "*", others' their user and group tokens.
"""

from __future__ import annotations

import datetime as dt
import getpass
import importlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, insert, update

from contractdossier import clock
from contractdossier.access_store import AuditLog
from contractdossier.errors import AccessDeniedError, ExitCode, IndexBusyError, QueryError
from contractdossier.search import SearchFilters, SearchIndex, SearchResults, open_indexer
from contractdossier.search import index as index_module
from contractdossier.search.lock import FileLock
from contractdossier.settings import Settings
from contractdossier.store import Store, schema

BACKENDS = ("tantivy", "whoosh", "postgres")
ADMIN = frozenset({"*"})
ALICE = frozenset({"u:alice", "g:legal"})


# -- building a store by hand ------------------------------------------------------------------

@dataclass
class C:
    """A clause: (ref, heading, text, types, first page, last page)."""

    ref: str
    heading: str
    text: str
    types: tuple[str, ...] = ()
    pages: tuple[int, int] = (1, 1)


@dataclass
class Contract:
    id: int
    title: str
    language: str
    dossier: str
    clauses: list[C] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # a document without clauses: its pages
    facts: dict[str, Any] = field(default_factory=dict)
    acl: frozenset[str] = frozenset({"*"})


CORPUS = [
    Contract(1, "Huurovereenkomst bedrijfsruimte Spaarnehof", "nl", "Vastgoed/Haarlem", [
        C("1", "Definities", "In deze overeenkomst wordt verstaan onder huurder: Jansen Holding."),
        C("4", "Duur en verlenging", "De huur wordt aangegaan voor vijf jaar. Na afloop volgt een "
          "verlenging van telkens een jaar.", ("term", "renewal")),
        C("5", "Opzegging en beëindiging", "Opzegging geschiedt per aangetekende brief met "
          "inachtneming van een opzegtermijn van ten minste drie maanden.", ("termination",)),
        C("9", "Boete", "Bij overtreding van artikel 8 verbeurt de huurder een direct opeisbare "
          "boete van EUR 1.000 per dag.", ("penalty",), (2, 2)),
        C("12", "Aansprakelijkheid", "De aansprakelijkheid van verhuurder is beperkt tot het "
          "bedrag van één jaarhuur.\fDeze beperking geldt niet bij opzet of bewuste roekeloosheid "
          "van verhuurder.", ("liability_cap",), (2, 3)),
    ], facts={"parties": [{"name": "Spaarnehof B.V.", "role": "verhuurder"},
                          {"name": "Jansen Holding", "role": "huurder"}],
              "end_date": "2025-12-31", "notice_deadline": "2025-09-30",
              "signing_date": "2021-01-15", "contract_type": "lease"},
        acl=frozenset({"*", "g:legal"})),
    Contract(2, "Software License Agreement", "en", "IT/Licences", [
        C("1", "Definitions", "Confidential Information means all information disclosed by a "
          "party."),
        C("11", "Termination", "Either party may terminate this Agreement for convenience upon "
          "ninety (90) days prior written notice.", ("termination",)),
        C("12", "Limitation of Liability", "In no event shall the aggregate liability of Licensor "
          "exceed the fees paid. This liability cap does not apply to gross negligence.",
          ("liability_cap",)),
        C("13", "Liquidated Damages", "If Licensee fails to deliver the reports, Licensee shall "
          "pay liquidated damages of USD 500 per day.", ("penalty",)),
        C("15", "Insurance", "Licensor shall maintain liability insurance with a reputable "
          "insurer.", ("insurance",)),
    ], facts={"parties": ["Acme Inc.", "Globex Corporation"], "end_date": "2027-06-30",
              "notice_period": "P3M", "renewal": {"type": "automatic", "period": "P1Y"},
              "signing_date": "2022-05-01", "doc_type": "license"},  # notice: 2027-03-31
        acl=frozenset({"*", "u:alice"})),
    Contract(3, "Merger Agreement Zanzibar", "en", "Board/Confidential", [
        C("1", "Closing", "The Zanzibar transaction shall close with a break fee payable by "
          "the buyer under this Agreement.", ("payment",)),
    ], facts={"parties": ["Zanzibar Holdings"], "end_date": "2024-03-31"},
        acl=frozenset({"*", "u:ceo"})),
    Contract(4, "Geheimhoudingsverklaring", "nl", "Vastgoed", pages=[
        "Geheimhoudingsverklaring tussen partijen.",
        "De ontvangende partij zal alle vertrouwelijke informatie strikt geheimhouden.",
    ], acl=frozenset({"*", "g:legal"})),
]


def insert_contract(store: Store, c: Contract) -> None:
    now = clock.now_iso()
    with store.engine.begin() as conn:
        conn.execute(insert(schema.contracts).values(
            id=c.id, title=c.title, language=c.language, dossier=c.dossier, created_at=now,
            updated_at=now))
        page_texts = c.pages or ["\f".join(cl.text for cl in c.clauses)]
        conn.execute(insert(schema.documents).values(
            id=c.id, sha256=f"{c.id:064x}", contract_id=c.id, size=100,
            page_count=len(page_texts), language=c.language, archive_path=f"{c.id}.pdf",
            created_at=now))
        offset = 0
        for n, text in enumerate(c.pages, 1):
            conn.execute(insert(schema.pages).values(document_id=c.id, number=n, offset=offset,
                                                     source="text", text=text))
            offset += len(text) + 1
        for i, cl in enumerate(c.clauses):
            conn.execute(insert(schema.clauses).values(
                contract_id=c.id, document_id=c.id, seq=i, ref=cl.ref, heading=cl.heading,
                types=list(cl.types), page_start=cl.pages[0], page_end=cl.pages[1], start=0,
                end=len(cl.text), text=cl.text))
        for name, value in c.facts.items():
            conn.execute(insert(schema.facts).values(
                contract_id=c.id, document_id=c.id, field=name, value=value, confidence=0.8,
                source="extracted", created_at=now))


class Acl:
    """acl_for over the test corpus; changeable to test access updates."""

    def __init__(self, corpus: Sequence[Contract]) -> None:
        self.tokens = {c.id: c.acl for c in corpus}
        self.version = 0

    def __call__(self, ids: list[int]) -> dict[int, frozenset[str]]:
        return {i: self.tokens.get(i, frozenset({"*"})) for i in ids}

    def state(self) -> str:
        return str(self.version)


@dataclass
class World:
    settings: Settings
    store: Store
    index: SearchIndex
    acl: Acl

    def search(self, text: str, tokens: frozenset[str] = ADMIN, **kw: Any) -> SearchResults:
        return self.index.search(text, filter_tokens=tokens, **kw)

    def reopen(self, **kw: Any) -> SearchIndex:
        return open_indexer(self.settings, self.store, acl_for=self.acl,
                            acl_state=self.acl.state, **kw)


def database_for(request: pytest.FixtureRequest, backend: str) -> str:
    """The postgres backend searches a PostgreSQL store: a fresh database (else SQLite)."""
    if backend != "postgres":
        return ""
    return str(request.getfixturevalue("pg_server").create_database())


def make_world(home: Path, backend: str, corpus: Sequence[Contract] = CORPUS,
               database_url: str = "") -> World:
    settings = Settings(home=home, search_backend=backend, database_url=database_url)
    store = Store.open(settings.url)
    for c in corpus:
        insert_contract(store, c)
    acl = Acl(corpus)
    index = open_indexer(settings, store, acl_for=acl, acl_state=acl.state)
    index.reindex()
    return World(settings, store, index, acl)


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[World]:
    """A read-only world per backend, shared by the tests that only search."""
    w = make_world(tmp_path_factory.mktemp(f"search-{request.param}"), request.param,
                   database_url=database_for(request, request.param))
    yield w
    w.index.close()
    w.store.close()


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    """A world of one's own, for tests that write."""
    w = make_world(tmp_path / "home", request.param,
                   database_url=database_for(request, request.param))
    yield w
    w.index.close()
    w.store.close()


def ids(results: SearchResults) -> list[int]:
    return [c.contract_id for c in results.contracts]


def refs(results: SearchResults) -> list[tuple[int, str | None]]:
    return [(h.contract_id, h.clause_ref) for c in results.contracts for h in c.hits]


def snippets(results: SearchResults) -> str:
    return "\n".join(h.snippet for c in results.contracts for h in c.hits)


# -- language ----------------------------------------------------------------------------------

def test_dutch_stemming_plural_and_participle(world: World) -> None:
    r = world.search("overeenkomsten")
    assert (1, "1") in refs(r)
    assert "«overeenkomst»" in snippets(r)
    r = world.search("verlengd")  # the text says "verlenging"
    assert refs(r)[0] == (1, "4")
    assert "«verlenging»" in snippets(r)


def test_english_stemming(world: World) -> None:
    r = world.search("terminated")
    assert refs(r)[0] == (2, "11")
    assert "«terminate»" in snippets(r)
    assert (2, "15") in refs(world.search("insurers"))


def test_accent_folding_both_ways(world: World) -> None:
    with_accent = world.search("beëindiging")
    without = world.search("beeindiging")
    assert refs(with_accent) == refs(without)
    assert refs(without)[0] == (1, "5")
    assert (1, "12") in refs(world.search("een jaarhuur"))


def test_prefix_finds_compounds(world: World) -> None:
    r = world.search("opzeg*")
    assert refs(r)[0] == (1, "5")
    assert "«opzegtermijn»" in snippets(r) and "«Opzegging»" in snippets(r)


def test_stop_words_do_not_match_alone(world: World) -> None:
    with pytest.raises(QueryError, match="only stop words"):
        world.search("in is was over")  # stop words in both languages
    assert world.search("de het een").total_contracts == 0  # Dutch ones, not English ones


# -- queries -----------------------------------------------------------------------------------

def test_phrase_is_exact_and_keeps_stop_word_gaps(world: World) -> None:
    assert refs(world.search('"prior written notice"')) == [(2, "11")]
    assert world.search('"written prior notice"').total_contracts == 0
    assert (2, "12") in refs(world.search('"limitation of liability"'))


def test_more_words_rank_higher_and_a_missing_word_does_not_empty(world: World) -> None:
    r = world.search("liability cap")
    hits = [h.clause_ref for h in r.contracts[0].hits]
    assert r.contracts[0].contract_id == 2
    assert hits.index("12") < hits.index("15")  # both words beat one
    assert (2, "15") in refs(r)
    r = world.search("liability zeppelin")  # one word nowhere: still answers
    assert 2 in ids(r)


def test_boolean_operators(world: World) -> None:
    assert {ref for _, ref in refs(world.search("liability AND insurance"))} == {"15"}
    r = world.search("liability -insurance")
    assert (2, "12") in refs(r) and (2, "15") not in refs(r)
    r = world.search("liability NOT insurance")
    assert (2, "15") not in refs(r) and (2, "12") in refs(r)
    r = world.search("termination OR boete")
    assert {1, 2} <= set(ids(r))
    assert world.search("NOT liability", limit=50).total_contracts >= 1


def test_exclusion_also_covers_the_first_candidate(world: World) -> None:
    # Regression: Whoosh's AndNotMatcher let an excluded first document through.
    r = world.search("party:acme -liability")
    assert ids(r) == [2]
    assert {h.clause_ref for h in r.contracts[0].hits} == {"1", "11", "13"}


def test_fielded_queries(world: World) -> None:
    assert ids(world.search("party:acme")) == [2]
    assert ids(world.search('party:"Jansen Holding"')) == [1]
    assert ids(world.search("party:jans*")) == [1]
    assert {ref for _, ref in refs(world.search("type:termination"))} == {"5", "11"}
    assert set(ids(world.search("lang:nl", limit=50))) == {1, 4}
    assert ids(world.search("dossier:vastgoed/haarlem")) == [1]
    assert set(ids(world.search("dossier:Vastgoed"))) == {1, 4}  # a folder and its subfolders
    assert ids(world.search("title:spaarnehof")) == [1]
    assert ids(world.search("liability party:acme")) == [2]


def test_cli_style_filters(world: World) -> None:
    assert ids(world.search("termination", filters=SearchFilters(party="Acme Inc."))) == [2]
    assert ids(world.search("opzegging", filters=SearchFilters(contract_type="lease"))) == [1]
    assert ids(world.search("opzegging", filters=SearchFilters(dossier="it"))) == [2]


def test_results_are_grouped_per_contract(world: World) -> None:
    r = world.search("liability", limit=10)
    assert len(ids(r)) == len(set(ids(r)))
    acme = next(c for c in r.contracts if c.contract_id == 2)
    assert {h.clause_ref for h in acme.hits} >= {"12", "15"}
    assert acme.title == "Software License Agreement" and acme.dossier == "IT/Licences"
    assert acme.score == max(h.score for h in acme.hits)
    assert all(h.contract_id == 2 and h.document_id == 2 for h in acme.hits)
    assert r.total_contracts == len(r.contracts)
    scores = [c.score for c in r.contracts]
    assert scores == sorted(scores, reverse=True)
    assert ids(world.search("liability", limit=1)) == [r.contracts[0].contract_id]


def test_hits_carry_page_and_evidence(world: World) -> None:
    r = world.search("roekeloosheid")
    hit = r.contracts[0].hits[0]
    assert (hit.clause_ref, hit.heading) == ("12", "Aansprakelijkheid")
    assert (hit.page_start, hit.page_end, hit.page) == (2, 3, 3)  # the match is on page 3
    assert "«roekeloosheid»" in hit.snippet
    assert hit.types == ("liability_cap",)
    r = world.search('"vertrouwelijke informatie"')  # a document without clauses: page hits
    page_hit = r.contracts[0].hits[0]
    assert (page_hit.contract_id, page_hit.kind.value, page_hit.page) == (4, "page", 2)
    assert page_hit.clause_ref is None


def test_contract_level_match_shows_its_best_clauses(world: World) -> None:
    # The words are in different clauses: only the contract as a whole has both.
    r = world.search("negligence AND reports")
    assert ids(r) == [2]
    assert {h.clause_ref for h in r.contracts[0].hits} <= {"12", "13"}
    assert any(h.clause_ref for h in r.contracts[0].hits)


def test_text_outside_clauses_is_found_and_combines_with_clause_text(fresh: World) -> None:
    # A document with pages and clauses: the preamble and the signature block are in no clause.
    # Clause text is indexed in its clause only; the contract entry keeps what no clause holds.
    preamble = "Partijen: Kozijnfabriek Noord en de gemeente Zaanstad."
    clause = "De leverancier levert de kozijnen voor de winter."
    page1, page2 = f"{preamble}\n\n{clause}", "Getekend te Zaandam door de wethouder."
    start = page1.index(clause)
    now = clock.now_iso()
    with fresh.store.engine.begin() as conn:
        conn.execute(insert(schema.contracts).values(
            id=7, title="Leveringsovereenkomst kozijnen", language="nl", dossier="Inkoop",
            created_at=now, updated_at=now))
        conn.execute(insert(schema.documents).values(
            id=7, sha256=f"{7:064x}", contract_id=7, size=100, page_count=2, language="nl",
            archive_path="7.pdf", created_at=now))
        for n, (text, offset) in enumerate([(page1, 0), (page2, len(page1) + 1)], 1):
            conn.execute(insert(schema.pages).values(document_id=7, number=n, offset=offset,
                                                     source="text", text=text))
        conn.execute(insert(schema.clauses).values(
            contract_id=7, document_id=7, seq=0, ref="1", heading="", types=[], page_start=1,
            page_end=1, start=start, end=start + len(clause), text=clause))
    fresh.index.index_contracts([7])
    r = fresh.search("wethouder")  # only in the signature block
    assert ids(r) == [7] and r.contracts[0].hits[0].kind.value == "contract"
    assert refs(fresh.search("zaanstad")) == [(7, None)]  # the preamble
    assert refs(fresh.search('"levert de kozijnen"')) == [(7, "1")]
    r = fresh.search("wethouder AND winter")  # one word outside the clause, one in it
    assert ids(r) == [7] and r.total_contracts == 1
    assert refs(r) == [(7, "1")]  # the clause with one of the words is what it shows
    assert fresh.search("wethouder AND liability").total_contracts == 0


def test_thesaurus_dutch_query_finds_english_clause_below_exact(world: World) -> None:
    r = world.search("boete")
    assert ids(r)[:2] == [1, 2]  # "boete" exact, then "liquidated damages"
    assert refs(r)[0] == (1, "9")
    assert (2, "13") in refs(r)
    assert r.contracts[0].score > r.contracts[1].score
    r = world.search("opzegging")
    assert ids(r)[0] == 1 and 2 in ids(r)
    r = world.search("liquidated damages")
    assert ids(r)[0] == 2 and 1 in ids(r)


def test_date_filters(world: World) -> None:
    # Contract 1 states its notice deadline; contract 2's is computed by the deadline rules
    # from its end date, notice period and automatic renewal (2027-06-30, P3M -> 2027-03-31).
    f = SearchFilters
    assert ids(world.search("", filters=f(ends_before=dt.date(2026, 1, 1)))) == [1, 3]
    assert ids(world.search("", filters=f(ends_before=dt.date(2025, 12, 31)))) == [3]
    assert ids(world.search("", filters=f(notice_before=dt.date(2027, 12, 31)))) == [1, 2]
    assert ids(world.search("", filters=f(notice_before=dt.date(2027, 3, 31)))) == [1]
    assert ids(world.search("", filters=f(signed_after=dt.date(2021, 1, 15)))) == [2]
    r = world.search("liability", filters=f(ends_before=dt.date(2026, 1, 1)))
    assert ids(r) == [1]  # clause hits are filtered by their contract's dates
    assert (1, "12") in refs(r)


def test_a_corrected_date_wins(fresh: World) -> None:
    with fresh.store.engine.begin() as conn:
        conn.execute(insert(schema.facts).values(
            contract_id=3, document_id=None, field="end_date", value="2030-01-01",
            confidence=1.0, source="person", created_by="admin", reason="signed extension",
            created_at=clock.now_iso()))
    fresh.index.index_contracts([3])
    assert ids(fresh.search("", filters=SearchFilters(ends_before=dt.date(2026, 1, 1)))) == [1]


# -- access ------------------------------------------------------------------------------------

def test_access_filter_hides_everything_of_a_hidden_contract(world: World) -> None:
    assert ids(world.search("zanzibar")) == [3]
    hidden = world.search("zanzibar", ALICE)
    assert (hidden.total_contracts, hidden.contracts, hidden.suggestion) == (0, (), None)
    assert world.search("zanzibr").suggestion == "zanzibar"  # a beheerder gets the hint
    assert world.search("zanzibr", ALICE).suggestion is None  # alice does not
    assert world.search("liabilty", ALICE).suggestion == "liability"
    r = world.search("agreement", ALICE)
    assert set(ids(r)) == {2} and r.total_contracts == 1
    assert world.search("agreement").total_contracts == 2
    assert "Zanzibar" not in json.dumps(world.search("break fee transaction", ALICE).as_dict())
    assert world.search("break fee transaction", frozenset({"u:nobody"})).total_contracts == 0


def test_access_filter_fails_closed(world: World) -> None:
    with pytest.raises(AccessDeniedError):
        world.index.search("liability", filter_tokens=frozenset())
    with pytest.raises(AccessDeniedError):
        world.index.search("liability", filter_tokens=None)  # type: ignore[arg-type]
    with pytest.raises(AccessDeniedError):
        world.index.search("liability", filter_tokens=frozenset({""}))


def test_changed_grants_reach_the_index_before_the_next_search(fresh: World) -> None:
    assert fresh.search("zanzibar", ALICE).total_contracts == 0
    fresh.acl.tokens[3] = frozenset({"*", "u:ceo", "u:alice"})
    fresh.acl.version += 1
    assert ids(fresh.search("zanzibar", ALICE)) == [3]
    fresh.acl.tokens[3] = frozenset({"*", "u:ceo"})
    fresh.acl.version += 1
    assert fresh.search("zanzibar", ALICE).total_contracts == 0


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message", "position"), [
    ('termination "written notice', "unbalanced quote", 12),
    ("(liability OR cap", "never closed", 0),
    ("liability)", "without a matching", 9),
    ("*", "at least 2 letters", 0),
    ("a*", "at least 2 letters", 0),
    ("te*rm", "only allowed at the end", 2),
    ("colour:red", "unknown field 'colour:'", 0),
    ("liability AND", "AND needs a term after it", 10),
    ("OR cap", "OR needs a term before it", 0),
    ("x" * 5000, "query too long", 1000),
    (" ".join(["w"] * 100), "too many terms", 128),
    ("(" * 20 + "x" + ")" * 20, "too deeply nested", 12),
])
def test_bad_queries_raise_query_error_with_position(world: World, text: str, message: str,
                                                     position: int) -> None:
    with pytest.raises(QueryError, match=message) as info:
        world.search(text)
    assert info.value.position == position


def test_awkward_queries_get_bounded_answers(world: World) -> None:
    for text in ("e-mail", "12.3 (b)", "€ 1.000", "?!", "and or not", "-", "' OR 1=1 --",
                 "Ünïcödé ßtraße", "party:acme OR party:globex"):
        try:
            r = world.search(text)
        except QueryError as e:
            assert e.position is None or 0 <= e.position <= len(text)
        else:
            assert r.total_contracts >= 0 and len(r.contracts) <= 10


# -- writing -----------------------------------------------------------------------------------

def test_index_contracts_adds_updates_and_removes(fresh: World) -> None:
    extra = Contract(5, "Onderhoudscontract liften", "nl", "Vastgoed", [
        C("3", "Storingen", "Storingen worden binnen vier uur verholpen door de monteur.")])
    insert_contract(fresh.store, extra)
    assert fresh.search("monteur").total_contracts == 0
    fresh.index.index_contracts([5])
    assert refs(fresh.search("monteur")) == [(5, "3")]
    with fresh.store.engine.begin() as conn:
        conn.execute(update(schema.clauses).where(schema.clauses.c.contract_id == 5)
                     .values(text="Storingen worden binnen acht uur verholpen door de technicus."))
    fresh.index.index_contracts([5])
    assert fresh.search("monteur").total_contracts == 0
    assert refs(fresh.search("technicus")) == [(5, "3")]
    fresh.index.remove_contracts([5])
    assert fresh.search("technicus").total_contracts == 0


def test_an_added_contract_is_found_by_other_forms_of_its_words(fresh: World) -> None:
    """Words indexed one contract at a time (not by a rebuild) are found by their stem: a
    plural by its singular, a participle by its noun, and in a phrase of other forms."""
    extra = Contract(6, "Onderhoudscontract pompen", "nl", "Vastgoed", [
        C("2", "Inspecties", "De leveranciers worden jaarlijks gecontroleerd door erkende "
          "keurmeesters."),
    ])
    english = Contract(7, "Pump Service Agreement", "en", "Vastgoed", [
        C("4", "Audits", "The supplier audited the pumping stations twice.")])
    for c in (extra, english):
        insert_contract(fresh.store, c)
    fresh.index.index_contracts([6, 7])
    assert refs(fresh.search("leverancier")) == [(6, "2")]
    assert refs(fresh.search("keurmeester")) == [(6, "2")]
    assert refs(fresh.search('"erkende keurmeester"')) == [(6, "2")]
    assert refs(fresh.search('"audits the pumping station"')) == [(7, "4")]
    assert fresh.search('"erkende leveranciers"').total_contracts == 0  # not a phrase there
    other = fresh.reopen()  # another process finds them too
    try:
        assert refs(other.search("keurmeester", filter_tokens=ADMIN)) == [(6, "2")]
    finally:
        other.close()


def test_an_entry_of_undetermined_language_is_found_in_either(fresh: World) -> None:
    mixed = Contract(8, "Side letter", "und", "Vastgoed", [
        C("1", "Verlenging", "The licences were renewed. De huurovereenkomsten zijn verlengd."),
    ])
    insert_contract(fresh.store, mixed)
    fresh.index.index_contracts([8])
    assert (8, "1") in refs(fresh.search("licence"))  # English stem
    assert (8, "1") in refs(fresh.search("huurovereenkomst"))  # Dutch stem
    assert (8, "1") in refs(fresh.search("renew*"))  # prefix over every language's words


def test_reindex_gives_the_same_results_in_a_new_generation(fresh: World) -> None:
    queries = ["liability cap", "opzeg*", "boete", '"prior written notice"', "party:acme",
               "agreement", "lang:nl"]
    before = [fresh.search(t).as_dict()["contracts"] for t in queries]
    old = fresh.index.location
    seen: list[tuple[int, int]] = []
    assert fresh.index.reindex(lambda done, total: seen.append((done, total))) == len(CORPUS)
    assert seen[-1] == (len(CORPUS), len(CORPUS))
    assert fresh.index.location != old and old.is_dir()  # swapped; the previous one kept
    after = [fresh.search(t).as_dict()["contracts"] for t in queries]
    assert after == before
    other = fresh.reopen()  # another process sees the new generation too
    try:
        assert [other.search(t, filter_tokens=ADMIN).as_dict()["contracts"]
                for t in queries] == before
    finally:
        other.close()


def _stop_after_two(done: int, total: int) -> None:
    """A reindex progress callback that interrupts the rebuild after two contracts."""
    if done == 2:
        raise KeyboardInterrupt


def test_interrupted_reindex_resumes(fresh: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BATCH", 1)
    monkeypatch.setattr(index_module, "COMMIT_ENTRIES", 1)  # a commit after each contract
    expected = refs(fresh.search("liability"))

    with pytest.raises(KeyboardInterrupt):
        fresh.index.reindex(_stop_after_two)
    assert (fresh.index.root / "BUILDING").exists()
    assert refs(fresh.search("liability")) == expected  # the live index kept serving
    seen: list[int] = []
    assert fresh.index.reindex(lambda done, total: seen.append(done)) == 2  # the other two
    assert seen == [3, 4]
    assert not (fresh.index.root / "BUILDING").exists()
    assert refs(fresh.search("liability")) == expected


def test_a_resumed_rebuild_adds_no_contract_twice(fresh: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Committed, but stopped before its progress was recorded: contract 2 is in the new
    generation while BUILDING says 1; the resumed rebuild replaces it rather than adding a
    second copy."""
    monkeypatch.setattr(index_module, "BATCH", 1)
    monkeypatch.setattr(index_module, "COMMIT_ENTRIES", 1)
    expected = refs(fresh.search("liability"))
    entries = fresh.index.num_entries()

    with pytest.raises(KeyboardInterrupt):
        fresh.index.reindex(_stop_after_two)
    building = fresh.index.root / "BUILDING"
    building.write_text(json.dumps({**json.loads(building.read_text()), "done_upto": 1}))
    assert fresh.index.reindex() == 3
    assert fresh.index.num_entries() == entries
    assert refs(fresh.search("liability")) == expected


def test_an_interrupted_rebuild_redoes_what_it_had_not_committed(
        fresh: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """tantivy and Whoosh rebuild into a generation of their own and commit seldom (here once,
    at the end); PostgreSQL's shared table commits every batch."""
    monkeypatch.setattr(index_module, "BATCH", 1)  # progress after each contract
    expected = refs(fresh.search("liability"))
    entries = fresh.index.num_entries()

    with pytest.raises(KeyboardInterrupt):
        fresh.index.reindex(_stop_after_two)
    seen: list[int] = []
    if fresh.index.backend == "postgres":
        assert fresh.index.reindex(lambda done, total: seen.append(done)) == len(CORPUS) - 2
        assert seen == list(range(3, len(CORPUS) + 1))
    else:
        assert fresh.index.reindex(lambda done, total: seen.append(done)) == len(CORPUS)
        assert seen == list(range(1, len(CORPUS) + 1))
    assert fresh.index.num_entries() == entries
    assert refs(fresh.search("liability")) == expected


def test_changes_during_a_rebuild_reach_the_new_index(fresh: World,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BATCH", 1)
    writer = fresh.reopen()  # as the pipeline of another process

    def change_contract_one(done: int, total: int) -> None:
        if done == 2:  # contract 1 is already in the new generation
            with fresh.store.engine.begin() as conn:
                conn.execute(update(schema.clauses).where(schema.clauses.c.contract_id == 1,
                                                          schema.clauses.c.ref == "9")
                             .values(text="Bij overtreding betaalt de huurder een dwangsom."))
            writer.index_contracts([1])

    try:
        fresh.index.reindex(change_contract_one)
    finally:
        writer.close()
    assert (1, "9") in refs(fresh.search("dwangsom"))


def test_a_new_index_format_rebuilds_without_deleting(fresh: World) -> None:
    current = json.loads((fresh.index.root / "CURRENT").read_text())
    old = fresh.index.root / current["generation"]
    (fresh.index.root / "CURRENT").write_text(json.dumps({**current, "schema": "0.old"}))
    again = fresh.reopen()
    try:
        assert refs(again.search("roekeloosheid", filter_tokens=ADMIN)) == [(1, "12")]
        assert again.location != old and old.is_dir()
    finally:
        again.close()


def test_one_writer_at_a_time(fresh: World) -> None:
    insert_contract(fresh.store, Contract(6, "Schoonmaakovereenkomst", "nl", "", [
        C("2", "Werkzaamheden", "De glazenwasser reinigt de ramen maandelijks.")]))
    busy = fresh.reopen(lock_timeout=0.2)
    lock = FileLock(fresh.index.root / "write.lock", "a test holding the lock").acquire(1.0)
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match="a test holding the lock") as info:
            busy.index_contracts([6])
        assert time.monotonic() - started < 5
        assert "queued" in str(info.value) and info.value.exit_code == ExitCode.index_busy
    finally:
        lock.release()
        busy.close()
    assert fresh.search("glazenwasser").total_contracts == 0
    fresh.index.index_contracts([])  # nothing to do, nothing taken
    fresh.index.index_contracts([2])  # the next writer takes the queued contract along
    assert ids(fresh.search("glazenwasser")) == [6]

    build = FileLock(fresh.index.root / "build.lock", "another rebuild").acquire(1.0)
    try:
        with pytest.raises(IndexBusyError, match="another rebuild"):
            fresh.index.reindex()
    finally:
        build.release()


def test_searching_while_contracts_are_indexed(fresh: World) -> None:
    new = [Contract(100 + i, f"Leveringsovereenkomst {i}", "nl", "Inkoop", [
        C("1", "Levering", f"De leverancier levert de kozijnen in partij {i}.")])
        for i in range(12)]
    for c in new:
        insert_contract(fresh.store, c)
    writer = fresh.reopen()  # its own index object, as another thread of a process would use
    errors: list[BaseException] = []

    def index_one_by_one() -> None:
        try:
            for c in new:
                writer.index_contracts([c.id])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    thread = threading.Thread(target=index_one_by_one)
    thread.start()
    counts: list[int] = []
    deadline = time.monotonic() + 60
    while thread.is_alive() and time.monotonic() < deadline:
        counts.append(fresh.search("kozijnen", limit=50).total_contracts)
    thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not thread.is_alive(), "indexing did not finish in time"
    writer.close()
    assert not errors
    assert counts == sorted(counts)  # never a half-written state, never going back
    assert all(0 <= n <= 12 for n in counts)
    assert fresh.search("kozijnen", limit=50).total_contracts == 12


def test_deleted_contract_disappears_on_reindex(fresh: World) -> None:
    with fresh.store.engine.begin() as conn:
        conn.execute(delete(schema.facts).where(schema.facts.c.contract_id == 4))
        conn.execute(delete(schema.clauses).where(schema.clauses.c.contract_id == 4))
        conn.execute(delete(schema.pages).where(schema.pages.c.document_id == 4))
        conn.execute(delete(schema.documents).where(schema.documents.c.id == 4))
        conn.execute(delete(schema.contracts).where(schema.contracts.c.id == 4))
    fresh.index.reindex()
    assert fresh.search('"vertrouwelijke informatie"').total_contracts == 0


# -- the CLI -----------------------------------------------------------------------------------

@dataclass
class Out:
    code: int
    out: str
    err: str


@pytest.fixture
def cli_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for var in ("DOSSIER_HOME", "DOSSIER_CONFIG", "DOSSIER_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    home = tmp_path / "home"
    yield home


def _run(home: Path, monkeypatch: pytest.MonkeyPatch, user: str, *args: str) -> Out:
    from contractdossier.cli import cli
    from contractdossier.cli_search import COMMANDS

    for command in COMMANDS:  # what the lead's registration in cli.py does
        if command.name not in cli.commands:
            cli.add_command(command)
    monkeypatch.setattr(getpass, "getuser", lambda: user)
    result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
    return Out(result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize("backend", BACKENDS)
def test_cli_search_as_two_users(cli_home: Path, monkeypatch: pytest.MonkeyPatch,
                                 backend: str, request: pytest.FixtureRequest) -> None:
    monkeypatch.setenv("DOSSIER_SEARCH_BACKEND", backend)
    database_url = database_for(request, backend)
    if database_url:
        monkeypatch.setenv("DOSSIER_DATABASE_URL", database_url)
    run: Callable[..., Out] = lambda user, *a: _run(cli_home, monkeypatch, user, *a)  # noqa: E731
    assert run("admin", "init").code == 0
    store = Store.open(Settings(home=cli_home, database_url=database_url).url)
    try:
        for c in CORPUS:
            insert_contract(store, c)
    finally:
        store.close()
    assert run("admin", "grant", "lezer", "user:alice", "--dossier", "IT").code == 0

    done = run("admin", "reindex")
    assert done.code == 0, done.err
    assert done.out.startswith("reindexed 4 contract(s) (") and f"with {backend}" in done.out

    admin = run("admin", "search", "liability", "--json")
    assert admin.code == 0, admin.err
    data = json.loads(admin.out)
    assert data["backend"] == backend and data["highlight"] == ["«", "»"]
    assert {c["id"] for c in data["contracts"]} == {1, 2}
    hit = data["contracts"][0]["hits"][0]
    assert set(hit) >= {"contract", "document", "clause", "heading", "page", "snippet", "score"}

    alice = run("alice", "search", "liability")
    assert alice.code == 0
    assert "[2] Software License Agreement — IT/Licences" in alice.out
    assert "Spaarnehof" not in alice.out and alice.out.startswith("1 contract match")

    hidden = run("alice", "search", "zanzibar")
    assert (hidden.code, hidden.out.strip()) == (0, 'no contracts match "zanzibar"')
    assert "did you mean: zanzibar" in run("admin", "search", "zanzibr").out

    dated = run("admin", "search", "--ends-before", "2026-01-01", "--json")
    assert [c["id"] for c in json.loads(dated.out)["contracts"]] == [1, 3]

    bad = run("admin", "search", 'notice "period')
    assert bad.code == ExitCode.bad_query
    assert bad.err.strip() == (
        "error: unbalanced quote: this '\"' is never closed (at position 8)")
    assert run("admin", "search").code == ExitCode.bad_query  # nothing to search for

    refused = run("alice", "reindex")
    assert refused.code == ExitCode.access_denied


def test_a_search_process_starts_without_sqlalchemy(cli_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """On the embedded store `dossier search` reads the grants and appends its audit entry
    through sqlite3 with the statements the store's own connections run: SQLAlchemy, most of
    a search process's start-up time, is not imported."""
    me = getpass.getuser()
    run: Callable[..., Out] = lambda *a: _run(cli_home, monkeypatch, me, *a)  # noqa: E731
    assert run("init").code == 0
    store = Store.open(Settings(home=cli_home).url)
    try:
        insert_contract(store, CORPUS[1])
        assert run("reindex").code == 0
        code = ("import sys\nfrom contractdossier.cli import cli\ntry:\n"
                "    cli(['search', 'liability'])\nfinally:\n"
                "    sys.stderr.write('sqlalchemy: %s' % ('sqlalchemy' in sys.modules))\n")
        env = {k: v for k, v in os.environ.items() if k != "SUDO_USER"}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**env, "DOSSIER_HOME": str(cli_home)}, check=False)
        assert done.returncode == 0, done.stderr
        assert "[2] Software License Agreement" in done.stdout
        assert done.stderr.endswith("sqlalchemy: False")
        log = AuditLog(store.engine)
        assert [e.detail["query"] for e in log.entries(action="search")] == ["liability"]
        assert log.verify() == []
    finally:
        store.close()


def test_lazily_loaded_commands_are_where_the_table_says() -> None:
    from contractdossier.cli import COMMAND_MODULES

    root = Path(importlib.import_module("contractdossier").__file__ or "").parent
    modules = {p.stem for p in root.glob("cli_*.py")} - {"cli_access"}  # cli_access: eager
    assert set(COMMAND_MODULES.values()) == modules
    for module in modules:
        names = {c.name for c in importlib.import_module(f"contractdossier.{module}").COMMANDS}
        assert names == {n for n, m in COMMAND_MODULES.items() if m == module}
