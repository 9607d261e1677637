"""The tantivy backend (tantivy-py 0.27): the only module that imports tantivy.

Notes on the library that shape this module:

* ``Query.boolean_query`` with only ``MustNot`` clauses matches nothing (what ``a AND NOT b``
  turns into in tantivy's own parser); the planner always pairs a ``MustNot`` with a ``Must`` or
  ``Should`` clause, and the filter is a ``Must`` next to the query, scored 0.
* Text fields are always indexed, so stored-only values (display metadata, the clause text) go
  into stored bytes fields that are not indexed.
* ``Searcher.search`` panics on ``limit=0``; counts ask for one hit.
* A second ``IndexWriter`` on the same folder fails at once; our write lock (``lock.py``) makes
  writers queue instead.

Text is analysed once: an entry's folded words, with positions, go into the words field of its
language (``WORDS_IN``; an entry of undetermined language into each), not into a stemmed body
plus a separate words field (two analysis passes and the stemmer made a rebuild cost twice the
CPU time: 5,575 against 11,907 clauses per CPU-second at 10,000 contracts). A query's stem
(``TermQ``/``PhraseQ`` on a ``BODY`` field, as the planner writes it for every engine) matches
every word of that language's field that stems to it; the generation's :class:`Forms` table
says which words those are, and is filled as words are indexed. ``WORDS`` itself (prefixes,
suggestions) means the words fields of every language. One field per language, rather than one
field with a language filter, keeps a query's stems to the postings of that language (the
filter doubled query times).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import tantivy

from contractdossier.errors import DiskFullError, StoreError
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

_INT_FIELDS = (KIND, CONTRACT, "rev", ORDINAL)
_BULK_HEAP = 256_000_000
_SMALL_HEAP = 32_000_000
_MAX_CONTRACT_BUCKETS = 65_000  # tantivy's default limit of buckets per aggregation
_LAYOUT = "w2"  # folded words only, stems looked up in FORMS_FILE (part of ``format``)
FORMS_FILE = "forms.sqlite3"
_LANG_OF = {field: lang for lang, field in BODY.items()}
# the folded words of entries in each language (an entry of another language is in each)
WORDS_IN = {lang: f"{WORDS}_{lang}" for lang in BODY}


@cache
def _analyzers() -> dict[str, Any]:
    def chain(*filters: Any) -> Any:
        builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        builder = builder.filter(tantivy.Filter.remove_long(analysis.MAX_TOKEN_CHARS + 1))
        builder = builder.filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold())
        for f in filters:
            builder = builder.filter(f)
        return builder.build()

    stop = {lang: sorted({analysis.fold(w) for w in analysis.STOP_WORDS[lang]})
            for lang in analysis.LANGUAGES}
    return {
        "nl": chain(tantivy.Filter.custom_stopword(stop["nl"]), tantivy.Filter.stemmer("dutch")),
        "en": chain(tantivy.Filter.custom_stopword(stop["en"]),
                    tantivy.Filter.stemmer("english")),
        "fold": chain(),
    }


@cache
def _schema() -> Any:
    sb = tantivy.SchemaBuilder()
    for name in _INT_FIELDS:
        sb.add_integer_field(name, stored=False, indexed=name in (KIND, CONTRACT), fast=True)
    sb.add_bytes_field("meta", stored=True, indexed=False)  # JSON: ref, heading, pages, ...
    sb.add_bytes_field("text", stored=True, indexed=False)
    # The one analysed copy of the text: terms (through Forms), phrases, prefixes, suggestions.
    for field in WORDS_IN.values():
        sb.add_text_field(field, stored=False, tokenizer_name="fold", index_option="position")
    for field in (PARTY, TITLE):
        sb.add_text_field(field, stored=False, tokenizer_name="fold", index_option="position")
    for field in (TYPE, LANG, DOSSIER, ACL):
        sb.add_text_field(field, stored=False, tokenizer_name="raw", index_option="basic")
    for field in DATE_FIELDS:
        sb.add_date_field(field, stored=False, indexed=True, fast=True)
    return sb.build()


def _register(index: Any) -> Any:
    for name, analyzer in _analyzers().items():
        index.register_tokenizer(name, analyzer)
    return index


@lru_cache(maxsize=8192)
def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class TantivyEngine:
    name = "tantivy"

    @property
    def format(self) -> str:
        version = str(getattr(tantivy, "__version__", ""))
        match = re.search(r"index_format v(\d+)", version)
        return f"tantivy-f{match.group(1) if match else version}-{_LAYOUT}"

    def create(self, path: Path) -> TantivyGeneration:
        path.mkdir(parents=True, exist_ok=False)
        Forms.create(path / FORMS_FILE)
        index = _register(tantivy.Index(_schema(), path=str(path), reuse=False))
        return TantivyGeneration(index, Forms(path / FORMS_FILE))

    def open(self, path: Path) -> TantivyGeneration:
        index = _register(tantivy.Index.open(str(path)))
        return TantivyGeneration(index, Forms(path / FORMS_FILE))

    def analyze(self, analyzer: str, text: str) -> list[str]:
        return list(_analyzers()[analyzer].analyze(text))

    def spans(self, analyzer: str, text: str) -> list[tuple[str, int, int]]:
        pre = _analyzers()[analyzer].pre_tokenize(text)
        return [(t.text, t.char_offset_from, t.char_offset_to) for t in pre.tokens]


class Forms:
    """Which indexed words stem to a stem, per language, for one generation.

    Only words that differ from their stem are stored (a stem always matches itself). Rows are
    only ever added: a word whose contracts were deleted matches nothing, which is harmless.
    Writers add the words of what they index before it becomes visible (a rebuild's generation
    is visible to nobody until the swap, so it learns its words at each commit, from the term
    dictionary); readers cache what they looked up until their searcher is refreshed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._reader: sqlite3.Connection | None = None
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}

    @staticmethod
    def create(path: Path) -> None:
        with _forms_errors(path), sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS forms (lang TEXT NOT NULL, "
                         "stem TEXT NOT NULL, word TEXT NOT NULL, "
                         "PRIMARY KEY (lang, stem, word)) WITHOUT ROWID")
        conn.close()

    def of(self, lang: str, stem: str) -> tuple[str, ...]:
        """The stem itself, then the indexed words (folded) that stem to it."""
        key = (lang, stem)
        found = self._cache.get(key)
        if found is None:
            with _forms_errors(self.path):
                if self._reader is None:
                    self._reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                                   timeout=30, check_same_thread=False)
                rows = self._reader.execute(
                    "SELECT word FROM forms WHERE lang = ? AND stem = ?", key).fetchall()
            found = (stem, *sorted(str(r[0]) for r in rows))
            self._cache[key] = found
        return found

    def forget(self) -> None:
        """Drop cached lookups (the index may hold new words now)."""
        self._cache.clear()

    def learn(self, lang: str, words: Iterable[str]) -> None:
        """Record how each of these (folded) words of ``lang`` entries stems in ``lang``."""
        analyze = _analyzers()[lang].analyze
        rows = []
        for word in words:
            if word.isdigit():
                continue
            for stem in analyze(word):
                if stem != word:
                    rows.append((lang, stem, word))
        if not rows:
            return
        with _forms_errors(self.path), sqlite3.connect(self.path, timeout=60) as conn:
            conn.executemany("INSERT OR IGNORE INTO forms VALUES (?, ?, ?)", rows)
        conn.close()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


@contextmanager
def _forms_errors(path: Path) -> Iterator[None]:
    """The forms table's SQLite errors as the index's own: a full disk is DiskFullError (the
    watcher waits for space), anything else StoreError (the index is a cache of the store: the
    contract stays stored and a reindex repairs it)."""
    try:
        yield
    except sqlite3.Error as e:
        if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            raise DiskFullError(f"writing the search index: the disk is full ({e})") from e
        raise StoreError(f"the search index's word forms ({path}) failed: {e}") from e


class TantivyWriter:
    private = True  # a rebuild writes a generation of its own: it may commit seldom

    def __init__(self, index: Any, forms: Forms, bulk: bool) -> None:
        # Two cores: as many indexing threads, each with half the heap; fewer, larger segments
        # mean less merging (which a rebuild pays for in CPU time too).
        threads = max(1, min(2, os.cpu_count() or 1)) if bulk else 1
        self._index = index
        self._writer = index.writer(_BULK_HEAP if bulk else _SMALL_HEAP, threads)
        self._forms = forms
        self._bulk = bulk
        # per language: words whose forms are recorded (by this writer), and the words of
        # entries added since the last commit
        self._learned = _no_words()
        self._new = _no_words()
        self._closed = False

    def delete_contracts(self, contract_ids: Sequence[int]) -> None:
        for cid in contract_ids:
            self._writer.delete_documents_by_term(CONTRACT, int(cid))

    def add(self, units: Iterable[IndexUnit]) -> int:
        n = 0
        add = self._writer.add_document
        shared: _Shared | None = None
        fold = None if self._bulk else _analyzers()["fold"].analyze
        for unit in units:
            if shared is None or shared.contract_id != unit.contract_id:
                shared = _Shared(unit)
            add(_document(unit, shared))
            if fold is not None:
                words = fold(unit.body)
                for lang in _langs(unit.language):
                    self._new[lang].update(words)
            n += 1
        return n

    def commit(self) -> None:
        if self._bulk:  # nobody reads this generation yet: learn from its term dictionary
            self._writer.commit()
            self._index.reload()
            searcher = self._index.searcher()
            for lang, field in WORDS_IN.items():
                self._learn(lang, (str(w) for w, _ in searcher.terms_with_prefix(field, "")))
        else:  # the words first, so a reader that sees the entries can find them
            for lang, words in self._new.items():
                self._learn(lang, words)
            self._writer.commit()
        self._new = _no_words()

    def _learn(self, lang: str, words: Iterable[str]) -> None:
        learned = self._learned[lang]
        new = [w for w in words if w not in learned]
        self._forms.learn(lang, new)
        learned.update(new)

    def rollback(self) -> None:
        self._writer.rollback()
        self._new = _no_words()

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._writer.wait_merging_threads()


class _Shared:
    """What the entries of one contract have in common, converted once per contract.

    ``base`` is a document holding the contract's own fields (id, revision, access tokens,
    parties, title, dossier, dates); each entry starts as a copy of a prototype (the base plus
    the entry's kind, language and type keywords, which few entries of a contract differ in),
    so an entry costs one copy and its own few fields, not a dozen calls and date conversions.
    """

    __slots__ = ("acl_json", "base", "contract_id", "meta_tail", "protos")

    def __init__(self, u: IndexUnit) -> None:
        self.contract_id = u.contract_id
        base: Any = tantivy.Document()  # (the stubs lack __copy__)
        base.add_integer(CONTRACT, u.contract_id)
        base.add_integer("rev", u.rev)
        acl = sorted(u.acl)
        for token in acl:
            base.add_text(ACL, token)
        for party in u.parties:
            base.add_text(PARTY, party)
        if u.title:
            base.add_text(TITLE, u.title)
        for key in analysis.dossier_keys(u.dossier):
            base.add_text(DOSSIER, key)
        for name in DATE_FIELDS:
            value = getattr(u, name)
            if value is not None:
                base.add_date(name, _utc(value))
        self.base = base
        self.protos: dict[tuple[UnitKind, str, str, tuple[str, ...]], Any] = {}
        self.acl_json = json.dumps(acl, ensure_ascii=False)
        tail = json.dumps({"title": u.title, "dossier": u.dossier}, ensure_ascii=False)
        self.meta_tail = tail[1:]

    def document(self, u: IndexUnit) -> Any:
        """A new document with the contract's fields and this entry's kind, language, types."""
        key = (u.kind, u.language, u.contract_type, u.types)
        proto = self.protos.get(key)
        if proto is None:
            proto = self.base.__copy__()
            proto.add_integer(KIND, int(u.kind))
            proto.add_text(LANG, u.language)
            for keyword in _keywords(u.contract_type, u.types):
                proto.add_text(TYPE, keyword)
            self.protos[key] = proto
        return proto.__copy__()


def _document(u: IndexUnit, shared: _Shared) -> Any:
    """The tantivy document of one entry (built with the typed add methods: several times
    cheaper than keyword arguments, which try each type in turn)."""
    # meta: {"u": [document, ref, heading, first page, last page, types, language], "title":
    # ..., "dossier": ..., "acl": [...] (contract entries: what contract_acls reads), written
    # out here rather than by json.dumps (a third of the Python time of a rebuild).
    unit = (f'{{"u":[{u.document_id:d},{_json_str(u.ref)},{_json_str(u.heading)},'
            f'{u.page_start:d},{u.page_end:d},{_json_types(u.types)},{_json_str(u.language)}],')
    if u.kind is UnitKind.contract:
        unit += f'"acl":{shared.acl_json},'
    doc = shared.document(u)
    doc.add_integer(ORDINAL, u.ordinal)
    # The body first: passing a str to tantivy keeps its UTF-8 form with it, so encoding the
    # stored text below is a copy when the body is the text (a clause without heading).
    # (The contract entry's body is its summary and the text no other entry covers.)
    for lang in _langs(u.language):
        doc.add_text(WORDS_IN[lang], u.body)
    doc.add_bytes("meta", (unit + shared.meta_tail).encode())
    doc.add_bytes("text", u.text.encode())
    return doc


def _langs(language: str) -> tuple[str, ...]:
    """The languages whose words field holds an entry: its own, or every one."""
    return (language,) if language in WORDS_IN else tuple(WORDS_IN)


def _fields(field: str) -> tuple[str, ...]:
    """The index fields behind a field name: ``WORDS`` is every language's words field."""
    return tuple(WORDS_IN.values()) if field == WORDS else (field,)


def _no_words() -> dict[str, set[str]]:
    return {lang: set() for lang in WORDS_IN}


_json_str = encode_basestring  # json.dumps(s, ensure_ascii=False) without its overhead


@lru_cache(maxsize=4096)
def _json_types(types: tuple[str, ...]) -> str:
    return json.dumps(list(types), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _keywords(contract_type: str, types: tuple[str, ...]) -> tuple[str, ...]:
    keys = (analysis.keyword(t) for t in (contract_type, *types) if t)
    return tuple(dict.fromkeys(k for k in keys if k))


class TantivyGeneration:
    def __init__(self, index: Any, forms: Forms) -> None:
        self._index = index
        self._schema = index.schema
        self._forms = forms
        self._index.reload()
        self._searcher = index.searcher()

    def writer(self, bulk: bool = False) -> TantivyWriter:
        return TantivyWriter(self._index, self._forms, bulk)

    def refresh(self) -> None:
        self._index.reload()
        self._searcher = self._index.searcher()
        self._forms.forget()

    def close(self) -> None:
        self._forms.close()  # tantivy releases its files when the objects are dropped

    # -- queries -------------------------------------------------------------------------------

    def compile(self, node: IR) -> Any:
        Q, s = tantivy.Query, self._schema
        if isinstance(node, TermQ):
            lang = _LANG_OF.get(node.field)
            if lang is not None:
                return self._words_of(lang, str(node.value))
            return _any([Q.term_query(s, f, node.value) for f in _fields(node.field)])
        if isinstance(node, TermSetQ):
            return Q.term_set_query(s, node.field, list(node.values))
        if isinstance(node, PhraseQ):
            lang = _LANG_OF.get(node.field)
            if lang is not None:
                return self._phrase_of(lang, node)
            return Q.phrase_query(s, node.field, [(p, t) for p, t in node.terms], node.slop)
        if isinstance(node, PrefixQ):
            pattern = re.escape(node.prefix) + ".*"
            return _any([Q.regex_query(s, f, pattern) for f in _fields(node.field)])
        if isinstance(node, DateRangeQ):
            return Q.range_query(
                s, node.field, tantivy.FieldType.Date,
                _utc(node.lower) if node.lower else None,
                _utc(node.upper) if node.upper else None,
                include_lower=True, include_upper=node.upper is None)
        if isinstance(node, AllQ):
            return Q.all_query()
        if isinstance(node, BoolQ):
            clauses = [(tantivy.Occur.Must, self.compile(c)) for c in node.must]
            clauses += [(tantivy.Occur.Should, self.compile(c)) for c in node.should]
            clauses += [(tantivy.Occur.MustNot, self.compile(c)) for c in node.must_not]
            return _boost(Q.boolean_query(clauses), node.boost)
        if isinstance(node, DisMaxQ):
            compiled = [self.compile(c) for c in node.children]
            return _boost(Q.disjunction_max_query(compiled, node.tie or None), node.boost)
        if isinstance(node, BoostQ):
            return _boost(self.compile(node.child), node.boost)
        raise TypeError(f"cannot compile {node!r}")  # pragma: no cover

    def _words_of(self, lang: str, stem: str) -> Any:
        """Every indexed word with this stem, each scored as a term of its own."""
        field = WORDS_IN[lang]
        return _any([tantivy.Query.term_query(self._schema, field, w)
                     for w in self._forms.of(lang, stem)])

    def _phrase_of(self, lang: str, node: PhraseQ) -> Any:
        """The phrase with, at each position, any indexed word with that position's stem."""
        alternatives = [(p, self._forms.of(lang, t)) for p, t in node.terms]
        if all(len(words) == 1 for _, words in alternatives):
            return tantivy.Query.phrase_query(
                self._schema, WORDS_IN[lang], [(p, words[0]) for p, words in alternatives],
                node.slop)
        patterns: list[str | tuple[int, str]] = [
            (p, "(" + "|".join(re.escape(w) for w in words) + ")") for p, words in alternatives]
        return tantivy.Query.regex_phrase_query(self._schema, WORDS_IN[lang], patterns, node.slop)

    def _filtered(self, query: IR, filter: IR) -> Any:
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Must, self.compile(query)),
            (tantivy.Occur.Must, tantivy.Query.const_score_query(self.compile(filter), 0.0)),
        ])

    def search(self, query: IR, filter: IR, limit: int) -> tuple[list[Ref], int]:
        result = self._searcher.search(self._filtered(query, filter), max(1, limit), count=True)
        hits = result.hits
        if not hits:
            return [], int(result.count or 0)
        addresses = [addr for _, addr in hits]
        cids = self._searcher.fast_field_values(CONTRACT, addresses)
        kinds = self._searcher.fast_field_values(KIND, addresses)
        ordinals = self._searcher.fast_field_values(ORDINAL, addresses)
        refs = [
            Ref(float(score), int(cid or 0), UnitKind(int(kind or 0)),
                (self._searcher, addr.segment_ord, addr.doc), int(ordinal or 0))
            for (score, addr), cid, kind, ordinal in zip(hits, cids, kinds, ordinals,
                                                         strict=True)
        ]
        return refs, int(result.count or 0)

    def count(self, query: IR, filter: IR) -> int:
        return int(self._searcher.search(self._filtered(query, filter), 1, count=True).count or 0)

    def count_contracts(self, query: IR, filter: IR) -> int:
        return round(self._searcher.cardinality(self._filtered(query, filter), CONTRACT))

    def contract_ids(self, query: IR, filter: IR) -> set[int]:
        compiled = self._filtered(query, filter)
        agg = {"c": {"terms": {"field": CONTRACT, "size": _MAX_CONTRACT_BUCKETS}}}
        try:
            result = self._searcher.aggregate(compiled, agg)
            buckets = result["c"]["buckets"]
        except Exception:  # more contracts than one aggregation may hold buckets for
            buckets = None
        if buckets is not None and len(buckets) < _MAX_CONTRACT_BUCKETS:
            return {int(b["key"]) for b in buckets}
        hits = self._searcher.search(compiled, max(1, self._searcher.num_docs), count=False).hits
        cids = self._searcher.fast_field_values(CONTRACT, [addr for _, addr in hits])
        return {int(c or 0) for c in cids}

    def fetch(self, refs: Sequence[Ref]) -> list[Stored]:
        out = []
        for ref in refs:
            searcher, segment, docid = ref.handle  # the searcher the hit came from
            doc = searcher.doc(tantivy.DocAddress(segment, docid))
            meta = json.loads(bytes(doc.get_first("meta") or b"{}"))
            did, clause_ref, heading, first, last, types, language = meta["u"]
            out.append(Stored(
                kind=ref.kind, contract_id=ref.contract_id, document_id=int(did),
                ref=clause_ref, heading=heading, page_start=int(first), page_end=int(last),
                types=tuple(types), language=language,
                text=bytes(doc.get_first("text") or b"").decode(), title=meta["title"],
                dossier=meta["dossier"],
            ))
        return out

    def terms_with_prefix(self, field: str, prefix: str, filter: IR, limit: int
                          ) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        compiled = self.compile(filter)
        for f in _fields(field):
            for term, n in self._searcher.terms_with_prefix(f, prefix, filter_query=compiled,
                                                            limit=limit):
                counts[str(term)] = counts.get(str(term), 0) + int(n)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def contract_revs(self) -> dict[int, int]:
        total = self._searcher.num_docs
        if not total:
            return {}
        query = tantivy.Query.term_query(self._schema, KIND, int(UnitKind.contract))
        hits = self._searcher.search(query, total, count=False).hits
        addresses = [addr for _, addr in hits]
        cids = self._searcher.fast_field_values(CONTRACT, addresses)
        revs = self._searcher.fast_field_values("rev", addresses)
        return {int(c or 0): int(r or 0) for c, r in zip(cids, revs, strict=True)}

    def contract_acls(self) -> dict[int, frozenset[str]]:
        total = self._searcher.num_docs
        if not total:
            return {}
        query = tantivy.Query.term_query(self._schema, KIND, int(UnitKind.contract))
        addresses = [addr for _, addr in self._searcher.search(query, total, count=False).hits]
        cids = self._searcher.fast_field_values(CONTRACT, addresses)
        out: dict[int, frozenset[str]] = {}
        for addr, cid in zip(addresses, cids, strict=True):
            meta = json.loads(bytes(self._searcher.doc(addr).get_first("meta") or b"{}"))
            out[int(cid or 0)] = frozenset(meta.get("acl", ()))
        return out

    def num_entries(self) -> int:
        return int(self._searcher.num_docs)


def _any(queries: list[Any]) -> Any:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _boost(query: Any, factor: float) -> Any:
    return query if factor == 1.0 else tantivy.Query.boost_query(query, factor)
