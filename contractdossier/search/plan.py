"""From our query tree and the filters to one engine-neutral index query (:mod:`ir`).

This is where search behaviour is decided, once for every engine:

* an unfielded word searches the Dutch-stemmed and the English-stemmed body (each document is in
  one of them), plus its Dutch query forms at a lower weight (:func:`analysis.dutch_query_forms`);
* words side by side (:class:`query.Soft`): each is optional, a clause matching all of them gets
  a coordination bonus and one matching them as a phrase a phrase bonus;
* thesaurus entries found among the words add their other entries at the thesaurus weight, the
  best of them counting (so a Dutch query finds an English clause, below exact matches);
* filters (access tokens, the CLI's options) go into a separate filter that the engine applies
  inside the query, so nothing outside it is ever scored, counted, highlighted or suggested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from contractdossier.errors import QueryError
from contractdossier.search import analysis
from contractdossier.search import query as q
from contractdossier.search.documents import UnitKind
from contractdossier.search.ir import (
    ACL,
    BODY,
    DOSSIER,
    IR,
    KEYWORD_FIELDS,
    KIND,
    LANG,
    PARTY,
    TITLE,
    TYPE,
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
from contractdossier.search.results import SearchFilters
from contractdossier.search.thesaurus import Matcher, Thesaurus

Analyze = Callable[[str, str], list[str]]

VARIANT_WEIGHT = 0.7  # Dutch query forms ("verlengd" -> "verleng")
COORD_BOOST = 0.5  # bonus share for a clause that has all the words
PHRASE_BOOST = 1.0  # bonus for the words as a phrase

_FIELD_INDEX = {"party": PARTY, "title": TITLE, "type": TYPE, "lang": LANG, "dossier": DOSSIER}


@dataclass(frozen=True, slots=True)
class Highlight:
    """What to mark in snippets: analysed tokens per analyzer, and folded prefixes."""

    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SuggestWord:
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Plan:
    query: IR
    filter: IR
    relaxed: IR | None  # any positive term: to find a contract's best clauses
    highlight: Highlight
    words: tuple[SuggestWord, ...]  # positive unfielded words, for "did you mean"


class Planner:
    def __init__(self, analyze: Analyze, thesaurus: Thesaurus) -> None:
        self._analyze_engine = analyze
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self.thesaurus = thesaurus
        self.matcher = Matcher(thesaurus, self.analyze)

    def analyze(self, analyzer: str, text: str) -> list[str]:
        key = (analyzer, text)
        found = self._cache.get(key)
        if found is None:
            found = tuple(self._analyze_engine(analyzer, text))
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = found
        return list(found)

    # -- the whole plan ------------------------------------------------------------------------

    def plan(self, node: q.Node | None, filters: SearchFilters, access: frozenset[str]) -> Plan:
        must: list[IR] = [TermSetQ(ACL, tuple(sorted(access)))]
        must.extend(self.filter_clauses(filters))
        if node is None:
            must.append(TermQ(KIND, int(UnitKind.contract)))
            return Plan(AllQ(), BoolQ(must=tuple(must)), None, Highlight(), ())
        compiled = self.compile(node)
        if compiled is None:
            raise QueryError("nothing to search for: the query has only stop words", 0)
        positives = [leaf for leaf in _positive_leaves(node)]
        relaxed_parts = [ir for ir in (self.leaf(leaf) for leaf in positives) if ir is not None]
        relaxed = BoolQ(should=tuple(relaxed_parts)) if relaxed_parts else None
        words = tuple(
            SuggestWord(leaf.text, leaf.pos) for leaf in positives
            if isinstance(leaf, q.Word) and leaf.field is None
            and len(analysis.tokens(leaf.text)) == 1 and len(leaf.text) >= 3
        )
        return Plan(compiled, BoolQ(must=tuple(must)), relaxed, _highlight(compiled), words)

    def filter_clauses(self, filters: SearchFilters) -> list[IR]:
        out: list[IR] = []
        if filters.contract_type:
            out.append(TermQ(TYPE, analysis.keyword(filters.contract_type)))
        if filters.party:
            party = self.fielded(q.Phrase(filters.party, "party"))
            if party is None:
                raise QueryError(f"--party {filters.party!r} has no words to match")
            out.append(party)
        if filters.dossier:
            key = analysis.dossier_key(filters.dossier)
            if key:
                out.append(TermQ(DOSSIER, key))
        if filters.language:
            out.append(TermQ(LANG, analysis.keyword(filters.language)))
        if filters.ends_before:
            out.append(DateRangeQ("end_date", None, filters.ends_before))
        if filters.notice_before:
            out.append(DateRangeQ("notice_deadline", None, filters.notice_before))
        if filters.signed_after:
            out.append(DateRangeQ("signing_date", filters.signed_after + dt.timedelta(days=1),
                                  None))
        return out

    # -- tree -> IR ----------------------------------------------------------------------------

    def compile(self, node: q.Node) -> IR | None:
        if isinstance(node, q.Word | q.Phrase | q.Prefix):
            return self.expanded(node)
        if isinstance(node, q.Not):
            child = self.compile(node.child)
            return None if child is None else BoolQ(must=(AllQ(),), must_not=(child,))
        if isinstance(node, q.Required):
            return self.compile(node.child)
        if isinstance(node, q.Or):
            parts = [p for p in (self.compile(c) for c in node.children) if p is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else BoolQ(should=tuple(parts))
        if isinstance(node, q.And):
            return self._bool([], list(node.children), _negatives(node.children))
        return self._soft(node)

    def _bool(self, should: list[IR], required: list[q.Node], negated: list[q.Node]
              ) -> IR | None:
        must = [p for p in (self.compile(c) for c in required if not isinstance(c, q.Not))
                if p is not None]
        must_not = [p for p in (self.compile(c) for c in negated) if p is not None]
        if not must and not should:
            if not must_not:
                return None
            must = [AllQ()]
        return BoolQ(must=tuple(must), should=tuple(should), must_not=tuple(must_not))

    def _soft(self, node: q.Soft) -> IR | None:
        optional = [c for c in node.children if not isinstance(c, q.Not | q.Required)
                    and not _fielded(c)]
        required = [c.child if isinstance(c, q.Required) else c for c in node.children
                    if isinstance(c, q.Required) or _fielded(c)]
        negated = [c.child for c in node.children if isinstance(c, q.Not)]
        parts = [(c, self.leaf(c) if isinstance(c, q.Word | q.Phrase | q.Prefix)
                  else self.compile(c)) for c in optional]
        should: list[IR] = [ir for _, ir in parts if ir is not None]
        scoring = [ir for c, ir in parts if ir is not None and _is_leaf(c)]
        if len(scoring) >= 2:
            should.append(BoolQ(must=tuple(scoring), boost=COORD_BOOST))
        # Runs of plain words: the phrase bonus and thesaurus entries of several words.
        for run in _word_runs(optional):
            texts = [w.text for w in run]
            if len(run) >= 2:
                phrase = self.text_query(" ".join(texts))
                if phrase is not None:
                    should.append(BoostQ(phrase, PHRASE_BOOST))
            for _start, _end, entries in self.matcher.expansions(texts):
                exp = self.expansions(entries)
                if exp is not None:
                    should.append(exp)
        for c in optional:  # single phrases and fielded words expand on their own
            if isinstance(c, q.Phrase) and c.field is None:
                exp = self.phrase_expansions(c)
                if exp is not None:
                    should.append(exp)
        if not should and not required:
            return None
        return self._bool(should, required, negated)

    def expanded(self, leaf: q.Leaf) -> IR | None:
        """A lone leaf: itself, plus its thesaurus entries (unfielded words and phrases)."""
        base = self.leaf(leaf)
        if base is None or leaf.field is not None or isinstance(leaf, q.Prefix):
            return base
        if isinstance(leaf, q.Phrase):
            exp = self.phrase_expansions(leaf)
        else:
            found = self.matcher.expansions([leaf.text])
            exp = self.expansions(found[0][2]) if found else None
        return base if exp is None else BoolQ(should=(base, exp))

    def phrase_expansions(self, phrase: q.Phrase) -> IR | None:
        words = analysis.tokens(phrase.text)
        for start, end, entries in self.matcher.expansions(words):
            if start == 0 and end == len(words):
                return self.expansions(entries)
        return None

    def expansions(self, entries: list[str]) -> IR | None:
        parts = [p for p in (self.text_query(e) for e in entries) if p is not None]
        if not parts:
            return None
        return DisMaxQ(tuple(parts), boost=self.thesaurus.weight)

    # -- leaves ----------------------------------------------------------------------------------

    def leaf(self, leaf: q.Leaf) -> IR | None:
        if leaf.field is not None:
            return self.fielded(leaf)
        if isinstance(leaf, q.Prefix):
            return PrefixQ(WORDS, self._prefix(leaf))
        return self.text_query(leaf.text, variants=isinstance(leaf, q.Word))

    def text_query(self, text: str, *, variants: bool = False) -> IR | None:
        """Unfielded text against both language bodies; several tokens make a phrase."""
        toks = analysis.tokens(text)
        if not toks:
            return None
        alternatives: list[IR] = []
        for lang in analysis.LANGUAGES:
            body = BODY[lang]
            if len(toks) == 1:
                stems = self.analyze(lang, toks[0])
                if stems:
                    alternatives.append(TermQ(body, stems[0]))
                if variants and lang == "nl":
                    seen = set(stems)
                    for form in analysis.dutch_query_forms(toks[0]):
                        for stem in self.analyze(lang, form)[:1]:
                            if stem not in seen:
                                seen.add(stem)
                                alternatives.append(BoostQ(TermQ(body, stem), VARIANT_WEIGHT))
                continue
            terms = self._positions(lang, toks)
            if len(terms) == 1:
                alternatives.append(TermQ(body, terms[0][1]))
            elif terms:
                alternatives.append(PhraseQ(body, terms))
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else DisMaxQ(tuple(alternatives))

    def _positions(self, analyzer: str, toks: list[str]) -> tuple[tuple[int, str], ...]:
        out: list[tuple[int, str]] = []
        for i, tok in enumerate(toks):
            analysed = self.analyze(analyzer, tok)
            if analysed:
                out.append((i, analysed[0]))
        if out:
            first = out[0][0]
            out = [(p - first, t) for p, t in out]
        return tuple(out)

    def fielded(self, leaf: q.Leaf) -> IR | None:
        assert leaf.field is not None
        index_field = _FIELD_INDEX[leaf.field]
        if index_field in KEYWORD_FIELDS:
            value = (analysis.dossier_key(leaf.text) if index_field == DOSSIER
                     else analysis.keyword(leaf.text))
            if not value:
                raise QueryError(f"'{leaf.field}:' needs a value", leaf.pos)
            if isinstance(leaf, q.Prefix):
                return PrefixQ(index_field, value)
            return TermQ(index_field, value)
        if isinstance(leaf, q.Prefix):
            return PrefixQ(index_field, self._prefix(leaf))
        terms = self._positions("fold", analysis.tokens(leaf.text))
        if not terms:
            return None
        if len(terms) == 1:
            return TermQ(index_field, terms[0][1])
        return PhraseQ(index_field, terms)

    def _prefix(self, leaf: q.Prefix) -> str:
        toks = analysis.tokens(leaf.text)
        if len(toks) != 1:
            raise QueryError("a wildcard works on one word (no spaces or punctuation before "
                             "the '*')", leaf.pos)
        folded = self.analyze("fold", toks[0])
        if not folded or len(folded[0]) < q.MIN_PREFIX_CHARS:
            raise QueryError(
                f"a wildcard needs at least {q.MIN_PREFIX_CHARS} letters before the '*'",
                leaf.pos)
        return folded[0]


def _fielded(node: q.Node) -> bool:
    """A field filter among plain words: it restricts rather than ranks."""
    return isinstance(node, q.Word | q.Phrase | q.Prefix) and node.field is not None


def _is_leaf(node: q.Node) -> bool:
    return isinstance(node, q.Word | q.Phrase | q.Prefix)


def _negatives(children: tuple[q.Node, ...]) -> list[q.Node]:
    return [c.child for c in children if isinstance(c, q.Not)]


def _word_runs(children: Sequence[q.Node]) -> list[list[q.Word]]:
    """Maximal runs of adjacent unfielded single words."""
    runs: list[list[q.Word]] = [[]]
    for c in children:
        if isinstance(c, q.Word) and c.field is None:
            runs[-1].append(c)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _positive_leaves(node: q.Node) -> list[q.Leaf]:
    if isinstance(node, q.Word | q.Phrase | q.Prefix):
        return [node]
    if isinstance(node, q.Not):
        return []
    if isinstance(node, q.Required):
        return _positive_leaves(node.child)
    return [leaf for c in node.children for leaf in _positive_leaves(c)]


def _highlight(node: IR) -> Highlight:
    tokens: dict[str, set[str]] = {}
    prefixes: set[str] = set()
    by_field = {BODY["nl"]: "nl", BODY["en"]: "en", WORDS: "fold", PARTY: "fold", TITLE: "fold"}

    def walk(n: IR) -> None:
        if isinstance(n, TermQ) and n.field in by_field:
            tokens.setdefault(by_field[n.field], set()).add(str(n.value))
        elif isinstance(n, PhraseQ) and n.field in by_field:
            tokens.setdefault(by_field[n.field], set()).update(t for _, t in n.terms)
        elif isinstance(n, PrefixQ) and n.field in by_field:
            prefixes.add(n.prefix)
        elif isinstance(n, BoolQ):
            for child in (*n.must, *n.should):
                walk(child)
        elif isinstance(n, DisMaxQ):
            for child in n.children:
                walk(child)
        elif isinstance(n, BoostQ):
            walk(n.child)

    walk(node)
    return Highlight({k: frozenset(v) for k, v in tokens.items()}, frozenset(prefixes))
