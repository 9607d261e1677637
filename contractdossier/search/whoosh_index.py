"""The Whoosh backend (pure Python, Whoosh 2.7): the only module that imports whoosh.

* Written with ``compound=False``: a compound segment file is read whole into memory by every
  process that opens it (1.2 GB resident at 5,000 contracts against 38 MB).
* One long-lived ``FileIndex`` per folder and process (opening costs 0.4-0.9 s on a large
  index); searchers are refreshed, not reopened.
* Dutch text is analysed as ``LanguageAnalyzer("nl")`` does (regex tokenizer, lower case, stop
  words, Snowball stemmer), with three changes so both engines behave alike: accent folding
  before stemming, our shared stop-word lists (:mod:`analysis`) instead of Whoosh's, and stop
  words leaving a gap in the positions instead of renumbering (so phrases keep their shape).
  English likewise with ``StemFilter(lang="en")`` (Snowball English, as tantivy).
* A phrase with stop words in it becomes a Whoosh phrase with a slop as wide as the largest
  gap: Whoosh cannot ask for exact gaps.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from whoosh import fields, index, sorting
from whoosh import query as wq
from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.matching.binary import AndNotMatcher
from whoosh.reading import TermNotFound
from whoosh.support.charset import accent_map

from contractdossier.search import analysis
from contractdossier.search.documents import IndexUnit, UnitKind
from contractdossier.search.engine import Ref, Stored
from contractdossier.search.ir import (
    ACL,
    BODY,
    CONTRACT,
    DATE_FIELDS,
    DOSSIER,
    IR,
    KIND,
    LANG,
    ORDINAL,
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

_SEP = "\x1f"  # between the values of a keyword field
_OPEN: dict[str, Any] = {}  # one FileIndex per folder and process
_OPEN_LOCK = threading.Lock()
_GRACE_SECONDS = 30.0


@cache
def _analyzers() -> dict[str, Any]:
    def base() -> Any:
        return RegexTokenizer(analysis.TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(
            accent_map)

    def stop(lang: str | None) -> Any:
        words = frozenset(analysis.fold(w) for w in analysis.STOP_WORDS[lang]) if lang else \
            frozenset()
        return StopFilter(stoplist=words, minsize=1, maxsize=analysis.MAX_TOKEN_CHARS,
                          renumber=False)

    return {
        "nl": base() | stop("nl") | StemFilter(lang="nl", cachesize=100_000),
        "en": base() | stop("en") | StemFilter(lang="en", cachesize=100_000),
        "fold": base() | stop(None),
        "keyword": RegexTokenizer(f"[^{_SEP}]+"),
    }


@cache
def _schema() -> Any:
    a = _analyzers()
    spec: dict[str, Any] = {
        KIND: fields.NUMERIC(int, bits=32, stored=True),
        CONTRACT: fields.NUMERIC(int, bits=64, stored=True),
        "rev": fields.NUMERIC(int, bits=64, stored=True),
        ORDINAL: fields.NUMERIC(int, bits=32, stored=True),
        "meta": fields.STORED(),
        "text": fields.STORED(),
        WORDS: fields.TEXT(analyzer=a["fold"], phrase=False),
        PARTY: fields.TEXT(analyzer=a["fold"], phrase=True),
        TITLE: fields.TEXT(analyzer=a["fold"], phrase=True),
    }
    for lang, field in BODY.items():
        spec[field] = fields.TEXT(analyzer=a[lang], phrase=True)
    for field in (TYPE, LANG, DOSSIER, ACL):
        spec[field] = fields.TEXT(analyzer=a["keyword"], phrase=False)
    for field in DATE_FIELDS:
        spec[field] = fields.NUMERIC(int, bits=32)  # date.toordinal()
    return fields.Schema(**spec)


class WhooshEngine:
    name = "whoosh"

    @property
    def format(self) -> str:
        import whoosh

        return "whoosh-" + ".".join(str(p) for p in whoosh.__version__[:2])

    def create(self, path: Path) -> WhooshGeneration:
        path.mkdir(parents=True, exist_ok=False)
        with _OPEN_LOCK:
            ix = index.create_in(str(path), _schema())
            _OPEN[str(path)] = ix
        return WhooshGeneration(ix)

    def open(self, path: Path) -> WhooshGeneration:
        with _OPEN_LOCK:
            ix = _OPEN.get(str(path))
            if ix is None:
                ix = index.open_dir(str(path))
                _OPEN[str(path)] = ix
        return WhooshGeneration(ix)

    def analyze(self, analyzer: str, text: str) -> list[str]:
        return [t.text for t in _analyzers()[analyzer](text)]

    def spans(self, analyzer: str, text: str) -> list[tuple[str, int, int]]:
        return [(t.text, t.startchar, t.endchar)
                for t in _analyzers()[analyzer](text, chars=True)]


def _fields(u: IndexUnit) -> dict[str, Any]:
    meta = {
        "did": u.document_id, "ref": u.ref, "heading": u.heading, "ps": u.page_start,
        "pe": u.page_end, "types": list(u.types), "lang": u.language, "title": u.title,
        "dossier": u.dossier,
    }
    if u.kind is UnitKind.contract:
        meta["acl"] = sorted(u.acl)
    out: dict[str, Any] = {
        KIND: int(u.kind), CONTRACT: u.contract_id, "rev": u.rev, ORDINAL: u.ordinal,
        "meta": json.dumps(meta, ensure_ascii=False), "text": u.text,
        ACL: _SEP.join(sorted(u.acl)), LANG: u.language,
    }
    out[WORDS] = u.body  # prefixes and suggestions (the contract entry: summary, preamble)
    if u.language in BODY:
        out[BODY[u.language]] = u.body
    else:
        for field in BODY.values():
            out[field] = u.body
    if u.parties:
        out[PARTY] = "\n".join(u.parties)
    if u.title:
        out[TITLE] = u.title
    types = [analysis.keyword(t) for t in (u.contract_type, *u.types) if t]
    if types:
        out[TYPE] = _SEP.join(dict.fromkeys(types))
    dossier = analysis.dossier_keys(u.dossier)
    if dossier:
        out[DOSSIER] = _SEP.join(dossier)
    for name in DATE_FIELDS:
        value = getattr(u, name)
        if value is not None:
            out[name] = value.toordinal()
    return out


class WhooshWriter:
    private = True  # a rebuild writes a generation of its own: it may commit seldom

    def __init__(self, ix: Any, bulk: bool) -> None:
        self._ix = ix
        self._bulk = bulk
        self._writer: Any = None

    def _w(self) -> Any:
        if self._writer is None:
            self._writer = self._ix.writer(compound=False, limitmb=256 if self._bulk else 64)
        return self._writer

    def delete_contracts(self, contract_ids: Sequence[int]) -> None:
        w = self._w()
        for cid in contract_ids:
            w.delete_by_term(CONTRACT, int(cid))

    def add(self, units: Iterable[IndexUnit]) -> int:
        w = self._w()
        n = 0
        for unit in units:
            w.add_document(**_fields(unit))
            n += 1
        return n

    def commit(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit()

    def rollback(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.cancel()

    def close(self) -> None:
        self.rollback()


class WhooshGeneration:
    def __init__(self, ix: Any) -> None:
        self._ix = ix
        self._searcher = ix.searcher()
        self._retired: list[tuple[float, Any]] = []  # replaced searchers, closed after a grace
        self._lock = threading.Lock()

    def writer(self, bulk: bool = False) -> WhooshWriter:
        return WhooshWriter(self._ix, bulk)

    def refresh(self) -> None:
        with self._lock:
            if not self._searcher.up_to_date():
                # Not Searcher.refresh(): it may close what the old searcher uses, and a search
                # in another thread may still be reading it. Close the old one after a grace.
                self._retired.append((time.monotonic(), self._searcher))
                self._searcher = self._ix.searcher()
            self._close_retired(_GRACE_SECONDS)

    def _close_retired(self, grace: float) -> None:
        now = time.monotonic()
        keep = []
        for since, searcher in self._retired:
            if now - since >= grace:
                searcher.close()
            else:
                keep.append((since, searcher))
        self._retired = keep

    def close(self) -> None:
        """Close the searchers; the FileIndex stays open for the life of the process."""
        with self._lock:
            self._close_retired(0.0)
            self._searcher.close()

    # -- queries -------------------------------------------------------------------------------

    def compile(self, node: IR) -> Any:
        if isinstance(node, TermQ):
            return wq.Term(node.field, node.value)
        if isinstance(node, TermSetQ):
            return wq.Or([wq.Term(node.field, v) for v in node.values])
        if isinstance(node, PhraseQ):
            positions = [p for p, _ in node.terms]
            gap = max((b - a for a, b in zip(positions, positions[1:], strict=False)), default=1)
            return wq.Phrase(node.field, [t for _, t in node.terms], slop=max(1, gap + node.slop))
        if isinstance(node, PrefixQ):
            return wq.Prefix(node.field, node.prefix)
        if isinstance(node, DateRangeQ):
            return wq.NumericRange(node.field,
                                   node.lower.toordinal() if node.lower else None,
                                   node.upper.toordinal() if node.upper else None,
                                   startexcl=False, endexcl=True)
        if isinstance(node, AllQ):
            return wq.Every()
        if isinstance(node, BoolQ):
            must = [self.compile(c) for c in node.must]
            should = [self.compile(c) for c in node.should]
            required = must[0] if len(must) == 1 else wq.And(must) if must else None
            optional = should[0] if len(should) == 1 else wq.Or(should) if should else None
            if required is not None and optional is not None:
                positive: Any = wq.AndMaybe(required, optional)
            else:
                positive = required or optional or wq.Every()
            if node.must_not:
                negative = [self.compile(c) for c in node.must_not]
                positive = _AndNot(positive, negative[0] if len(negative) == 1
                                     else wq.Or(negative))
            return _boost(positive, node.boost)
        if isinstance(node, DisMaxQ):
            return wq.DisjunctionMax([self.compile(c) for c in node.children],
                                     boost=node.boost, tiebreak=node.tie)
        if isinstance(node, BoostQ):
            return _boost(self.compile(node.child), node.boost)
        raise TypeError(f"cannot compile {node!r}")  # pragma: no cover

    def _current(self) -> Any:
        with self._lock:
            return self._searcher

    @staticmethod
    def _docset(searcher: Any, query: Any) -> set[int]:
        # Not Query.docs(), which ignores the negative side of AndNot (a filter with NOT would
        # let everything through); the matcher applies it.
        try:
            return set(query.matcher(searcher, searcher.boolean_context()).all_ids())
        except TermNotFound:
            return set()

    def _search(self, searcher: Any, query: IR, filter: IR, limit: int | None,
                **kw: Any) -> Any:
        """Results, or None when the filter lets nothing through. (Whoosh reads an empty
        filter set as "no filter": never hand it one.)"""
        allowed = self._docset(searcher, self.compile(filter))
        if not allowed:
            return None
        return searcher.search(self.compile(query), filter=allowed, limit=limit, **kw)

    def search(self, query: IR, filter: IR, limit: int) -> tuple[list[Ref], int]:
        searcher = self._current()
        results = self._search(searcher, query, filter, max(1, limit))
        if results is None:
            return [], 0
        refs = []
        for hit in results:
            stored = hit.fields()
            refs.append(Ref(float(hit.score or 0.0), int(stored[CONTRACT]),
                            UnitKind(int(stored[KIND])), (searcher, hit.docnum),
                            int(stored.get(ORDINAL, 0))))
        return refs, len(results)

    def count(self, query: IR, filter: IR) -> int:
        results = self._search(self._current(), query, filter, 1)
        return 0 if results is None else len(results)

    def count_contracts(self, query: IR, filter: IR) -> int:
        results = self._search(self._current(), query, filter, 1,
                               groupedby=sorting.FieldFacet(CONTRACT))
        return 0 if results is None else len(results.groups(CONTRACT))

    def contract_ids(self, query: IR, filter: IR) -> set[int]:
        results = self._search(self._current(), query, filter, None,
                               groupedby=sorting.FieldFacet(CONTRACT))
        return set() if results is None else {int(c) for c in results.groups(CONTRACT)}

    def fetch(self, refs: Sequence[Ref]) -> list[Stored]:
        out = []
        for ref in refs:
            searcher, docnum = ref.handle
            stored = searcher.stored_fields(docnum)
            meta = json.loads(stored["meta"])
            out.append(Stored(
                kind=ref.kind, contract_id=ref.contract_id, document_id=int(meta["did"]),
                ref=meta["ref"], heading=meta["heading"], page_start=int(meta["ps"]),
                page_end=int(meta["pe"]), types=tuple(meta["types"]), language=meta["lang"],
                text=stored["text"], title=meta["title"], dossier=meta["dossier"],
            ))
        return out

    def terms_with_prefix(self, field: str, prefix: str, filter: IR, limit: int
                          ) -> list[tuple[str, int]]:
        # Whoosh's lexicon cannot be restricted to a filter: these counts are over the whole
        # index, and the caller checks each candidate it uses against the filter.
        reader = self._current().reader()
        out: list[tuple[str, int]] = []
        for term in reader.expand_prefix(field, prefix):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            out.append((text, int(reader.doc_frequency(field, term))))
            if len(out) >= limit:
                break
        return out

    def contract_revs(self) -> dict[int, int]:
        searcher = self._current()
        results = searcher.search(wq.Term(KIND, int(UnitKind.contract)), limit=None)
        return {int(h[CONTRACT]): int(h["rev"]) for h in results}

    def contract_acls(self) -> dict[int, frozenset[str]]:
        searcher = self._current()
        results = searcher.search(wq.Term(KIND, int(UnitKind.contract)), limit=None)
        return {int(h[CONTRACT]): frozenset(json.loads(h["meta"]).get("acl", ()))
                for h in results}

    def num_entries(self) -> int:
        return int(self._current().doc_count())


class _AndNotMatcher(AndNotMatcher):
    """Whoosh 2.7.4's AndNotMatcher only skips an excluded first document when both sides
    start on the same one: ``cid:2 ANDNOT kind:0`` returned the excluded contract entry."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class _AndNot(wq.AndNot):
    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scored, excluded)

    def docs(self, searcher: Any) -> Any:
        return self.matcher(searcher, searcher.boolean_context()).all_ids()


def _boost(query: Any, factor: float) -> Any:
    if factor == 1.0:
        return query
    return query.with_boost(getattr(query, "boost", 1.0) * factor)
