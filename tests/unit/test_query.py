"""The query language, the planner and the pure helpers of search, without an engine."""

from __future__ import annotations

import datetime as dt

import pytest

from contractdossier.errors import AccessDeniedError, QueryError
from contractdossier.search import analysis, check_filter_tokens
from contractdossier.search import query as q
from contractdossier.search.ir import (
    ACL,
    BODY,
    DOSSIER,
    PARTY,
    WORDS,
    AllQ,
    BoolQ,
    BoostQ,
    DateRangeQ,
    DisMaxQ,
    PhraseQ,
    PrefixQ,
    TermQ,
    TermSetQ,
)
from contractdossier.search.plan import COORD_BOOST, Planner
from contractdossier.search.results import SearchFilters
from contractdossier.search.snippets import make_snippet
from contractdossier.search.thesaurus import Matcher, Thesaurus, load

# -- the parser --------------------------------------------------------------------------------


def test_plain_words_are_a_soft_group() -> None:
    assert q.parse("liability cap") == q.Soft((q.Word("liability", None, 0),
                                               q.Word("cap", None, 10)))
    assert q.parse("opzegging") == q.Word("opzegging", None, 0)


def test_operators_and_precedence() -> None:
    node = q.parse("a b OR c AND d")
    assert node == q.Or((q.Soft((q.Word("a", None, 0), q.Word("b", None, 2))),
                         q.And((q.Word("c", None, 7), q.Word("d", None, 13)))))
    node = q.parse("liability NOT insurance -cap +fees")
    assert isinstance(node, q.Soft)
    kinds = [type(c).__name__ for c in node.children]
    assert kinds == ["Word", "Not", "Not", "Required"]
    assert q.parse("(a OR b) c") == q.Soft((q.Or((q.Word("a", None, 1), q.Word("b", None, 6))),
                                            q.Word("c", None, 9)))


def test_lower_case_operators_and_dashes_are_words() -> None:
    node = q.parse("price and quality - e-mail")
    assert node == q.Soft((q.Word("price", None, 0), q.Word("and", None, 6),
                           q.Word("quality", None, 10), q.Word("e-mail", None, 20)))


def test_phrases_prefixes_and_fields() -> None:
    assert q.parse('"governing law"') == q.Phrase("governing law", None, 0)
    assert q.parse("opzeg*") == q.Prefix("opzeg", None, 0)
    assert q.parse('party:"Acme B.V."') == q.Phrase("Acme B.V.", "party", 0)
    assert q.parse("Type:lease*") == q.Prefix("lease", "type", 0)
    assert q.parse("dossier:inkoop/2024") == q.Word("inkoop/2024", "dossier", 0)
    assert q.parse("party:(acme OR globex)") == q.Or((q.Word("acme", "party", 7),
                                                      q.Word("globex", "party", 15)))
    assert q.leaves(q.parse("a (b -c)")) == [q.Word("a", None, 0), q.Word("b", None, 3),
                                             q.Word("c", None, 6)]


@pytest.mark.parametrize(("text", "message", "position"), [
    ('"open', "unbalanced quote", 0),
    ("a (b", "never closed", 2),
    ("a) b", "without a matching", 1),
    ("()", "empty parentheses", 0),
    ('""', "empty phrase", 0),
    ("* x", "at least 2 letters", 0),
    ("o*", "at least 2 letters", 0),
    ("a*b", "only allowed at the end", 1),
    ("foo:bar", "unknown field 'foo:'", 0),
    ("party: acme", "needs a value right after the colon", 0),
    ("party:", "needs a value", 0),
    ("a AND", "AND needs a term after it", 2),
    ("AND a", "AND needs a term before it", 0),
    ("a OR", "OR needs a term after it", 2),
    ("a OR OR b", "OR needs a term after it", 2),
    ("NOT", "NOT needs a term after it", 0),
    ("a NOT -b", "two operators in a row", 6),
    ("", "empty query", 0),
    ("   ", "empty query", 0),
    ("y" * 1001, "query too long", 1000),
])
def test_bad_queries(text: str, message: str, position: int) -> None:
    with pytest.raises(QueryError, match=message) as info:
        q.parse(text)
    assert info.value.position == position
    assert f"(at position {position + 1})" in str(info.value)


def test_size_limits_bound_the_work() -> None:
    q.parse(" ".join(["w"] * q.MAX_TERMS))
    with pytest.raises(QueryError, match="too many terms"):
        q.parse(" ".join(["w"] * (q.MAX_TERMS + 1)))
    q.parse("(" * q.MAX_DEPTH + "x" + ")" * q.MAX_DEPTH)
    with pytest.raises(QueryError, match="too deeply nested"):
        q.parse("(" * (q.MAX_DEPTH + 1) + "x" + ")" * (q.MAX_DEPTH + 1))


# -- analysis helpers --------------------------------------------------------------------------


def test_fold_and_tokens() -> None:
    assert analysis.fold("Beëindiging Straße Ærø") == "beeindiging strasse aero"
    assert analysis.tokens("art. 12.3(b) e-mail_adres") == ["art", "12", "3", "b", "e", "mail",
                                                            "adres"]
    assert analysis.tokens("x" * 81 + " ok") == ["ok"]


def test_keywords_and_dossier_ancestors() -> None:
    assert analysis.keyword("  Huur Overeenkomst ") == "huur overeenkomst"
    assert analysis.dossier_keys("/Inkoop/2024/Café/") == ("inkoop", "inkoop/2024",
                                                           "inkoop/2024/cafe")
    assert analysis.dossier_keys("") == ()
    assert analysis.dossier_key("Inkoop\\2024") == "inkoop/2024"


@pytest.mark.parametrize(("word", "forms"), [
    ("verlengd", ("verleng",)),
    ("verlengt", ("verleng",)),
    ("verlengde", ("verleng",)),
    ("gewijzigd", ("gewijzig", "wijzig")),
    ("opgezegd", ("opgezeg",)),
    ("boetes", ("boete",)),
    ("premies", ("premie",)),
    ("contract", ()),
    ("huur", ()),
    ("12.5", ()),
])
def test_dutch_query_forms(word: str, forms: tuple[str, ...]) -> None:
    assert analysis.dutch_query_forms(word) == forms


def test_edit_distance_is_bounded() -> None:
    assert analysis.edit_distance("liabilty", "liability", 2) == 1
    assert analysis.edit_distance("zanzibr", "zanzibar", 2) == 1
    assert analysis.edit_distance("kitten", "sitting", 2) == 3  # more than the limit
    assert analysis.edit_distance("a", "abcdef", 2) == 3


def test_stop_words_and_fingerprint() -> None:
    assert "de" in analysis.STOP_NL and "the" in analysis.STOP_EN
    assert "shall" not in analysis.STOP_EN and "termijn" not in analysis.STOP_NL
    assert analysis.fingerprint() == analysis.fingerprint()


# -- snippets ----------------------------------------------------------------------------------


def test_snippet_marks_matches_and_cuts_at_words() -> None:
    text = ("Inleiding. " * 40) + "De opzegtermijn bedraagt drie maanden.\fOpzegging schriftelijk."
    start = text.index("opzegtermijn")
    snippet, offset = make_snippet(text, [(start, start + 12)])
    assert "«opzegtermijn»" in snippet
    assert snippet.startswith("…") and "\f" not in snippet
    assert offset == start
    short, off = make_snippet("Geen treffer hier.", [])
    assert (short, off) == ("Geen treffer hier.", 0)


def test_snippet_prefers_the_window_with_most_distinct_matches() -> None:
    text = "liability " + "x " * 300 + "liability cap here"
    a = text.index("liability cap")
    snippet, offset = make_snippet(text, [(0, 9), (a, a + 9), (a + 10, a + 13)])
    assert "«liability» «cap»" in snippet and offset == a


# -- thesaurus ---------------------------------------------------------------------------------


def _fake_analyze(name: str, text: str) -> list[str]:
    stop = analysis.STOP_WORDS.get(name, frozenset())
    return [analysis.fold(t) for t in analysis.tokens(text) if analysis.fold(t) not in stop]


def test_thesaurus_data_is_well_formed() -> None:
    th = load()
    assert 0 < th.weight < 1
    seen: dict[str, str] = {}
    for group in th.groups:
        assert len(group.entries) >= 2, group.concept
        for entry in group.entries:
            key = analysis.fold(entry)
            assert seen.setdefault(key, group.concept) == group.concept, entry
    concepts = {g.concept for g in th.groups}
    assert {"termination", "penalty", "liability", "renewal", "confidentiality"} <= concepts


def test_thesaurus_matcher_finds_multiword_entries_and_not_itself() -> None:
    th = Thesaurus.from_data({"weight": 0.3, "groups": [
        {"concept": "penalty", "nl": ["boete"], "en": ["penalty", "liquidated damages"]}]})
    m = Matcher(th, _fake_analyze)
    assert m.expansions(["pay", "liquidated", "damages"]) == [(1, 3, ["boete", "penalty"])]
    assert m.expansions(["Boete"]) == [(0, 1, ["penalty", "liquidated damages"])]
    assert m.expansions(["huur"]) == []


# -- the planner -------------------------------------------------------------------------------


def _planner() -> Planner:
    return Planner(_fake_analyze, Thesaurus.from_data({"weight": 0.3, "groups": [
        {"concept": "liability", "nl": ["aansprakelijkheid"], "en": ["liability"]}]}))


def _walk(node: object) -> list[object]:
    out = [node]
    for name in ("must", "should", "must_not", "children"):
        for child in getattr(node, name, ()):
            out.extend(_walk(child))
    if isinstance(node, BoostQ):
        out.extend(_walk(node.child))
    return out


def test_words_side_by_side_get_coordination_phrase_and_thesaurus() -> None:
    plan = _planner().plan(q.parse("liability cap"), SearchFilters(), frozenset({"*"}))
    assert isinstance(plan.query, BoolQ) and not plan.query.must
    nodes = _walk(plan.query)
    assert any(isinstance(n, BoolQ) and len(n.must) == 2 and n.boost == COORD_BOOST
               for n in nodes)
    assert any(isinstance(n, BoostQ) and isinstance(n.child, DisMaxQ) for n in nodes)
    assert PhraseQ(BODY["en"], ((0, "liability"), (1, "cap"))) in nodes
    assert any(isinstance(n, DisMaxQ) and n.boost == 0.3 and
               TermQ(BODY["nl"], "aansprakelijkheid") in _walk(n) for n in nodes)
    assert plan.highlight.tokens["en"] >= {"liability", "cap", "aansprakelijkheid"}
    assert [w.text for w in plan.words] == ["liability", "cap"]


def test_filters_and_access_go_into_the_filter() -> None:
    filters = SearchFilters(dossier="Inkoop/2024", ends_before=dt.date(2026, 1, 1),
                            signed_after=dt.date(2024, 1, 31), party="Acme B.V.")
    plan = _planner().plan(q.parse("fees"), filters, frozenset({"u:bob", "g:legal"}))
    assert isinstance(plan.filter, BoolQ)
    must = list(plan.filter.must)
    assert must[0] == TermSetQ(ACL, ("g:legal", "u:bob"))
    assert TermQ(DOSSIER, "inkoop/2024") in must
    assert DateRangeQ("end_date", None, dt.date(2026, 1, 1)) in must
    assert DateRangeQ("signing_date", dt.date(2024, 2, 1), None) in must  # after = from next day
    assert PhraseQ(PARTY, ((0, "acme"), (1, "b"), (2, "v"))) in must
    assert ACL not in {getattr(n, "field", None) for n in _walk(plan.query)}


def test_field_filters_among_words_are_required_and_not_alone_is_bounded() -> None:
    plan = _planner().plan(q.parse("fees party:acme"), SearchFilters(), frozenset({"*"}))
    assert isinstance(plan.query, BoolQ)
    assert TermQ(PARTY, "acme") in plan.query.must
    plan = _planner().plan(q.parse("-fees"), SearchFilters(), frozenset({"*"}))
    assert isinstance(plan.query, BoolQ) and plan.query.must == (AllQ(),)
    plan = _planner().plan(q.parse("opzeg*"), SearchFilters(), frozenset({"*"}))
    assert plan.query == PrefixQ(WORDS, "opzeg") and plan.highlight.prefixes == {"opzeg"}
    plan = _planner().plan(None, SearchFilters(contract_type="Lease"), frozenset({"*"}))
    assert plan.query == AllQ() and plan.relaxed is None


def test_a_wildcard_works_on_one_word() -> None:
    with pytest.raises(QueryError, match="one word"):
        _planner().plan(q.parse("e-ma*"), SearchFilters(), frozenset({"*"}))


def test_access_tokens_fail_closed() -> None:
    assert check_filter_tokens(frozenset({"u:a"})) == frozenset({"u:a"})
    for bad in (None, frozenset(), frozenset({""})):
        with pytest.raises(AccessDeniedError):
            check_filter_tokens(bad)


# -- contract-level matching and the contract entry's own text ---------------------------------


def test_only_real_conjunctions_are_matched_per_contract() -> None:
    from contractdossier.search.index import _conjunctive

    def conjunctive(text: str) -> bool:
        return _conjunctive(_planner().plan(q.parse(text), SearchFilters(),
                                            frozenset({"*"})).query)

    assert conjunctive("liability AND insurance") and conjunctive("+fees +cap")
    assert conjunctive("(a AND b) OR c")
    # The coordination bonus of plain words ranks; it does not decide what matches.
    for text in ("liability cap", "fees party:acme", "liability -insurance", "a OR b",
                 '"governing law"', "opzeg*"):
        assert not conjunctive(text), text


def test_uncovered_text_is_what_no_clause_holds() -> None:
    from types import SimpleNamespace

    from contractdossier.search.documents import _uncovered

    full = "Preamble of the parties.\n\n1. Fees are due.\fSigned in Utrecht."
    fees = SimpleNamespace(text="1. Fees are due.", start=full.index("1."), end=0)
    fees.end = fees.start + len(fees.text)
    assert _uncovered(full, [fees]) == ["Preamble of the parties.\n\n", "\fSigned in Utrecht."]
    moved = SimpleNamespace(text="1. Fees are due.", start=0, end=3)  # offsets off: found
    assert _uncovered(full, [moved]) == _uncovered(full, [fees])
    lost = SimpleNamespace(text="not in the text", start=0, end=5)  # covers nothing
    assert _uncovered(full, [lost]) == [full]
    whole = SimpleNamespace(text="1. Fees are due.", start=0, end=16)
    assert _uncovered("1. Fees are due.", [whole]) == []
