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
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import tantivy

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
    for lang, field in BODY.items():
        sb.add_text_field(field, stored=False, tokenizer_name=lang, index_option="position")
    # Prefix expansion and "did you mean" need which words occur where, not how often.
    sb.add_text_field(WORDS, stored=False, tokenizer_name="fold", index_option="basic")
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
        return f"tantivy-f{match.group(1) if match else version}"

    def create(self, path: Path) -> TantivyGeneration:
        path.mkdir(parents=True, exist_ok=False)
        return TantivyGeneration(_register(tantivy.Index(_schema(), path=str(path), reuse=False)))

    def open(self, path: Path) -> TantivyGeneration:
        return TantivyGeneration(_register(tantivy.Index.open(str(path))))

    def analyze(self, analyzer: str, text: str) -> list[str]:
        return list(_analyzers()[analyzer].analyze(text))

    def spans(self, analyzer: str, text: str) -> list[tuple[str, int, int]]:
        pre = _analyzers()[analyzer].pre_tokenize(text)
        return [(t.text, t.char_offset_from, t.char_offset_to) for t in pre.tokens]


class TantivyWriter:
    private = True  # a rebuild writes a generation of its own: it may commit seldom

    def __init__(self, index: Any, bulk: bool) -> None:
        # Two cores: as many indexing threads, each with half the heap; fewer, larger segments
        # mean less merging (which a rebuild pays for in CPU time too).
        threads = max(1, min(2, os.cpu_count() or 1)) if bulk else 1
        self._writer = index.writer(_BULK_HEAP if bulk else _SMALL_HEAP, threads)
        self._closed = False

    def delete_contracts(self, contract_ids: Sequence[int]) -> None:
        for cid in contract_ids:
            self._writer.delete_documents_by_term(CONTRACT, int(cid))

    def add(self, units: Iterable[IndexUnit]) -> int:
        n = 0
        add = self._writer.add_document
        shared: _Shared | None = None
        for unit in units:
            if shared is None or shared.contract_id != unit.contract_id:
                shared = _Shared(unit)
            add(_document(unit, shared))
            n += 1
        return n

    def commit(self) -> None:
        self._writer.commit()

    def rollback(self) -> None:
        self._writer.rollback()

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
    doc.add_text(WORDS, u.body)  # prefixes and suggestions (the contract entry: summary, ...)
    field = BODY.get(u.language)
    if field is not None:
        doc.add_text(field, u.body)
    else:
        for field in BODY.values():
            doc.add_text(field, u.body)
    doc.add_bytes("meta", (unit + shared.meta_tail).encode())
    doc.add_bytes("text", u.text.encode())
    return doc


_json_str = encode_basestring  # json.dumps(s, ensure_ascii=False) without its overhead


@lru_cache(maxsize=4096)
def _json_types(types: tuple[str, ...]) -> str:
    return json.dumps(list(types), ensure_ascii=False)


@lru_cache(maxsize=4096)
def _keywords(contract_type: str, types: tuple[str, ...]) -> tuple[str, ...]:
    keys = (analysis.keyword(t) for t in (contract_type, *types) if t)
    return tuple(dict.fromkeys(k for k in keys if k))


class TantivyGeneration:
    def __init__(self, index: Any) -> None:
        self._index = index
        self._schema = index.schema
        self._index.reload()
        self._searcher = index.searcher()

    def writer(self, bulk: bool = False) -> TantivyWriter:
        return TantivyWriter(self._index, bulk)

    def refresh(self) -> None:
        self._index.reload()
        self._searcher = self._index.searcher()

    def close(self) -> None:
        pass  # tantivy releases its files when the objects are dropped

    # -- queries -------------------------------------------------------------------------------

    def compile(self, node: IR) -> Any:
        Q, s = tantivy.Query, self._schema
        if isinstance(node, TermQ):
            return Q.term_query(s, node.field, node.value)
        if isinstance(node, TermSetQ):
            return Q.term_set_query(s, node.field, list(node.values))
        if isinstance(node, PhraseQ):
            return Q.phrase_query(s, node.field, [(p, t) for p, t in node.terms], node.slop)
        if isinstance(node, PrefixQ):
            return Q.regex_query(s, node.field, re.escape(node.prefix) + ".*")
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
        found = self._searcher.terms_with_prefix(field, prefix, filter_query=self.compile(filter),
                                                 limit=limit)
        return [(str(term), int(n)) for term, n in found]

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


def _boost(query: Any, factor: float) -> Any:
    return query if factor == 1.0 else tantivy.Query.boost_query(query, factor)
