"""The PostgreSQL full-text backend: the only module with PostgreSQL full-text SQL.

The index lives in the store's own database, in one table (``search_entries``) that every
machine sharing the database reads and writes, so an ingest on one machine is found on all.
Entry rows are replaced per contract inside one transaction; a reader sees the old or the new
entries of a contract, never half. A rebuild rewrites the same table (and drops entries of
contracts that left the store); the generation folders in the data home only hold the local
bookkeeping of :mod:`index`.

Analysis is the package's own (:mod:`analysis`: tokens, accent folding, stop words), with the
stems from PostgreSQL's Snowball ``dutch`` and ``english`` dictionaries, chosen per entry
language (``dossier_nl_stem`` / ``dossier_en_stem``: the same stemmers without their stop-word
lists, so the stop words are ours). The tsvectors are built from those lexemes, with the token
positions our planner uses for phrases (stop words leave gaps). So a query means the same here
as in the embedded engines, and snippets come from the same engine-neutral code.

Matching is ``tsvector @@ tsquery`` on GIN indexes; the access filter (``acl && tokens``, a GIN
index over a text array) is part of the same SQL statement, so a narrow filter is applied first.
Ranking is BM25, computed in SQL: the term (or phrase) frequency comes from ``ts_rank_cd`` (cover
density, unnormalised), saturated and normalised by the entry's length against the average,
times the term's ``idf`` from its entry count; so long paragraphs are not favoured, as with
``ts_rank``'s own normalisations. Positions above 16,383 are clamped by PostgreSQL, which is why
clauses, not whole contracts, carry the phrases that matter.

What a common word costs. Every text vector a statement touches is fetched from TOAST storage
and decompressed, per reference; the GIN index answers a plain word without that, a phrase
needs a recheck of each candidate. So a search (:meth:`PgGeneration.search`) is one statement
that collects the matches' ids, contract ids and lengths by index scans (one per alternative
of a disjunction, the words of one column merged into one tsquery, see :meth:`_Sql.any`),
at most ``COUNT_CAP`` of them, counts them, and ranks at most ``CANDIDATES`` of them: all when
fewer match, else the shortest (at equal term frequency BM25 prefers the shorter entry; a long
entry that repeats a common word may be passed over). The candidates' vectors are read once
each. Past ``COUNT_CAP`` matches (a common word, for a reader of very many contracts) the
count stops: the number of contracts is then a lower bound (:class:`AtLeast`, "at least N",
``total_exact: false``), and the shortest matches are read by ranges of entry length (the
bitmap AND of the GIN lists and a btree on ``length``), sized from the lengths the count read,
so the ranking is the same without reading every match. The planner,
which prices a text match as one cheap operator call, is told not to read the table
sequentially (:func:`_prefer_indexes`). An access filter that keeps fewer than ``ACL_FIRST``
entries (a user with grants on some contracts), for words listed under many more entries, is
looked up first, in the acl index, and the words are tested on those entries only: the posting
list of a common word is not read at all.
A term's entry count for its ``idf`` is counted up to ``DF_EXACT`` and estimated from the
column statistics above that.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text

from contractdossier import clock
from contractdossier.access import TOKEN_EVERYONE
from contractdossier.search import analysis
from contractdossier.search.documents import IndexUnit, UnitKind
from contractdossier.search.engine import Generation, Ref, Stored
from contractdossier.search.ir import (
    ACL,
    BODY,
    CONTRACT,
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
from contractdossier.search.results import AtLeast

log = logging.getLogger(__name__)

FORMAT = "postgres-1"
TABLE = "search_entries"
_LOCK = 0x646F7373 + 7  # advisory lock key for creating the index objects
_K1, _B = 1.2, 0.75  # BM25 parameters (tantivy's)
DF_TTL = 120.0  # seconds the entry counts behind the ranking are reused
TERM_SAMPLE = 2000  # entries whose words "did you mean" considers per prefix
DF_EXACT = 2000  # entries counted exactly for a term's idf (above: the planner's estimate)
WORK_MEM = "64MB"  # for search statements (exact bitmaps)
ACL_FIRST = 5000  # an access filter keeping fewer entries is applied before any word
CANDIDATES = 2000  # matching entries ranked per search (the shortest, when more match)
COUNT_CAP = 20_000  # matching entries read to count a search's contracts (above: a lower bound)
COUNT_TTL = 5.0  # seconds a search's contract count answers count_contracts for its query
_MAX_POSITIONS = 256  # PostgreSQL keeps at most 256 positions per lexeme
_MAX_POSITION = 16383  # and positions up to this one (1-based)
_VECTOR_FIELDS = {BODY["nl"]: "body_nl", BODY["en"]: "body_en", WORDS: "words",
                  PARTY: "party", TITLE: "title_words"}
_ARRAY_FIELDS = {TYPE: "types", DOSSIER: "dossier_path", ACL: "acl"}
_INT_FIELDS = {KIND: "kind", CONTRACT: "cid", ORDINAL: "ord"}
_DATE_FIELDS = ("end_date", "notice_deadline", "signing_date")
_DICTS = {"nl": ("dossier_nl_stem", "dutch"), "en": ("dossier_en_stem", "english")}

_DDL = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigserial PRIMARY KEY,
        cid integer NOT NULL,
        kind smallint NOT NULL,
        ord integer NOT NULL,
        rev integer NOT NULL,
        lang text NOT NULL,
        meta text NOT NULL,
        body text NOT NULL,
        body_nl tsvector,
        body_en tsvector,
        words tsvector,
        party tsvector,
        title_words tsvector,
        types text[] NOT NULL DEFAULT '{{}}',
        dossier_path text[] NOT NULL DEFAULT '{{}}',
        acl text[] NOT NULL DEFAULT '{{}}',
        end_date date,
        notice_deadline date,
        signing_date date,
        length integer NOT NULL DEFAULT 0
    )""",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_cid ON {TABLE} (cid, kind)",
    *(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_{c} ON {TABLE} USING gin ({c})"
      for c in ("body_nl", "body_en", "words", "party", "title_words", "types",
                "dossier_path", "acl")),
    *(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_{c} ON {TABLE} ({c})"
      for c in (*_DATE_FIELDS, "length")),
    # The index format the table was last completely (re)built for, by any data home.
    f"CREATE TABLE IF NOT EXISTS {TABLE}_built (id smallint PRIMARY KEY CHECK (id = 1), "
    "schema text NOT NULL, built_at text NOT NULL)",
]

# Narrow table rows: a row PostgreSQL toasts (over 2 kB) has its text vectors and stored fields
# moved to TOAST storage until it is 128 bytes, not 2 kB, so a scan of the matches of a common
# word reads fewer table pages (at 10,000 contracts the table shrank from 429 to 117 MB and the
# beheerder's median search from 0.41 to 0.25 s); the small arrays the filters read stay in the
# row. Set once, after the table is created; on a table made by an older version they apply to
# the entries written from then on (``dossier reindex`` rewrites them all).
_NARROW = [
    f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)",
    f"ALTER TABLE {TABLE} " + ", ".join(f"ALTER COLUMN {c} SET STORAGE MAIN"
                                        for c in ("types", "dossier_path", "acl")),
]


class PostgresEngine:
    """A search engine on the store's PostgreSQL database (``engine``: its SQLAlchemy engine)."""

    name = "postgres"

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ValueError("the postgres search backend needs a PostgreSQL store")
        self.db = engine
        self._stems: dict[tuple[str, str], str] = {}
        self._ready = False
        self._mutex = threading.Lock()

    @property
    def format(self) -> str:
        return FORMAT

    def create(self, path: Path) -> Generation:
        path.mkdir(parents=True, exist_ok=False)
        self._ensure()
        return PgGeneration(self)

    def open(self, path: Path) -> Generation:
        if not path.is_dir():
            raise FileNotFoundError(path)
        self._ensure()
        return PgGeneration(self)

    def built_for(self) -> str | None:
        """The index schema the shared table was last completely built for, by any data home
        (None: never). A data home new to this database adopts the table when it is built for
        its own schema, rather than rewriting every entry that other machines are searching."""
        self._ensure()
        with self.db.connect() as conn:
            value = conn.execute(text(f"SELECT schema FROM {TABLE}_built")).scalar()
        return None if value is None else str(value)

    def mark_built(self, schema: str) -> None:
        """Record that a rebuild for ``schema`` completed (called when it is swapped in)."""
        self._ensure()
        with self.db.begin() as conn:
            conn.execute(text(
                f"INSERT INTO {TABLE}_built (id, schema, built_at) VALUES (1, :s, :t) "
                "ON CONFLICT (id) DO UPDATE SET schema = :s, built_at = :t"),
                {"s": schema, "t": clock.now_iso()})

    def _ensure(self) -> None:
        """Create the stemming dictionaries, the table and its indexes (once, race-free)."""
        if self._ready:
            return
        with self.db.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})
            for name, language in _DICTS.values():
                exists = conn.execute(
                    text("SELECT 1 FROM pg_ts_dict WHERE dictname = :n"), {"n": name}
                ).first()
                if exists is None:
                    conn.execute(text(
                        f"CREATE TEXT SEARCH DICTIONARY {name} "
                        f"(TEMPLATE = snowball, Language = {language})"))
            for statement in _DDL:
                conn.execute(text(statement))
            options = conn.execute(text(
                "SELECT reloptions FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": TABLE}).scalar()
            if "toast_tuple_target=128" not in (options or []):  # new, or made by an older version
                for statement in _NARROW:
                    conn.execute(text(statement))
        self._ready = True

    # -- analysis ----------------------------------------------------------------------------

    def analyze(self, analyzer: str, text_: str) -> list[str]:
        folded = [_fold(t) for t in analysis.tokens(text_)]
        if analyzer == "fold":
            self._read_ahead(folded)
            return folded
        stop = _stop(analyzer)
        kept = [t for t in folded if t not in stop]
        stems = self.stem(analyzer, kept)
        return [stems[t] for t in kept]

    def spans(self, analyzer: str, text_: str) -> list[tuple[str, int, int]]:
        return [(analysis.fold(t), s, e) for t, s, e in analysis.token_spans(text_)]

    def _read_ahead(self, words: Iterable[str]) -> None:
        """Stem a folded text's words in both languages now, in one statement each: the
        snippet code folds a hit's text and then judges its words one by one (one statement
        per word without this: some 600 for the first search of a process)."""
        todo = {w for w in words if any((lang, w) not in self._stems for lang in _DICTS)}
        for lang in _DICTS:
            missing = todo - _stop(lang)
            if missing:
                self.stem(lang, missing)

    def stem(self, lang: str, words: Iterable[str]) -> dict[str, str]:
        """Folded word -> its stem by PostgreSQL's Snowball stemmer for ``lang``."""
        out: dict[str, str] = {}
        todo: list[str] = []
        wanted = set(words)
        for w in wanted:
            hit = self._stems.get((lang, w))
            if hit is None:
                todo.append(w)
            else:
                out[w] = hit
        if todo:
            self._ensure()
            dictionary = _DICTS[lang][0]
            if (lang, "") not in self._stems:  # the first miss: the thesaurus's words too
                todo = sorted({*todo, *_thesaurus_words(), ""})
            with self.db.connect() as conn:
                rows = conn.execute(
                    text(f"SELECT w, ts_lexize('{dictionary}', w) "
                         "FROM unnest(CAST(:ws AS text[])) AS w"),
                    {"ws": sorted(todo)},
                ).all()
            with self._mutex:
                if len(self._stems) > 500_000:
                    self._stems.clear()
                for word, lexemes in rows:
                    stem = lexemes[0] if lexemes else word
                    self._stems[(lang, word)] = stem
                    if word in wanted:
                        out[word] = stem
        return out


@lru_cache(maxsize=1)
def _thesaurus_words() -> frozenset[str]:
    """The folded words of the thesaurus's entries. The planner analyses every entry when it
    starts (and each run of a query's words): stemming them in one statement on the first miss,
    not in one statement per entry and language (322 round trips per process start)."""
    from contractdossier.search import thesaurus

    return frozenset(analysis.fold(t) for g in thesaurus.load().groups for e in g.entries
                     for t in analysis.tokens(e))


_fold = lru_cache(maxsize=200_000)(analysis.fold)


@lru_cache(maxsize=4)
def _stop(lang: str) -> frozenset[str]:
    return frozenset(analysis.fold(w) for w in analysis.STOP_WORDS[lang])


@lru_cache(maxsize=4096)
def _title_vector(title: str) -> str:
    """The title's vector: every entry of a contract carries the same one."""
    return _vector_text(*_occurrences(analysis.tokens(title)))


@lru_cache(maxsize=4096)
def _party_vector(parties: tuple[str, ...]) -> str | None:
    where, n = _occurrences(t for name in parties for t in analysis.tokens(name))
    return _vector_text(where, n) if n else None


@lru_cache(maxsize=200_000)
def _quoted(lexeme: str) -> str:
    return _tsquery_term(lexeme) + ":"


def _tsquery_term(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


# -- writing -------------------------------------------------------------------------------------


class PgWriter:
    def __init__(self, engine: PostgresEngine, bulk: bool) -> None:
        self._engine = engine
        self._bulk = bulk
        self._conn: Connection = engine.db.connect()
        self._conn.begin()
        self._purged = False

    def delete_contracts(self, contract_ids: Sequence[int]) -> None:
        if contract_ids:
            self._conn.execute(
                text(f"DELETE FROM {TABLE} WHERE cid = ANY(CAST(:ids AS integer[]))"),
                {"ids": [int(i) for i in contract_ids]})

    def add(self, units: Iterable[IndexUnit]) -> int:
        batch = list(units)
        if not batch:
            return 0
        found = [_occurrences(analysis.tokens(u.body)) for u in batch]
        stems: dict[str, dict[str, str]] = {}
        for lang in analysis.LANGUAGES:
            stop = _stop(lang)
            stems[lang] = self._engine.stem(lang, {
                w for u, (where, _n) in zip(batch, found, strict=True) if lang in _langs(u)
                for w in where if w not in stop})
        rows = [_row(u, where, n, stems) for u, (where, n) in zip(batch, found, strict=True)]
        for start in range(0, len(rows), 500):
            self._conn.execute(_INSERT, rows[start : start + 500])
        return len(rows)

    def commit(self) -> None:
        if self._bulk and not self._purged:
            # A rebuild: entries of contracts that are no longer in the store go too.
            self._conn.execute(text(
                f"DELETE FROM {TABLE} e WHERE NOT EXISTS "
                "(SELECT 1 FROM contracts c WHERE c.id = e.cid)"))
            self._purged = True
        self._conn.commit()
        self._conn.begin()

    def rollback(self) -> None:
        self._conn.rollback()
        self._conn.begin()

    def close(self) -> None:
        if not self._conn.closed:
            self._conn.rollback()
            self._conn.close()


_COLUMNS = ("cid", "kind", "ord", "rev", "lang", "meta", "body", "body_nl", "body_en", "words",
            "party", "title_words", "types", "dossier_path", "acl", "end_date",
            "notice_deadline", "signing_date", "length")
_VECTORS = {"body_nl", "body_en", "words", "party", "title_words"}
_INSERT = text(
    f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) VALUES ("
    + ", ".join(f"CAST(:{c} AS tsvector)" if c in _VECTORS else f":{c}" for c in _COLUMNS)
    + ")"
)


def _occurrences(tokens: Iterable[str]) -> tuple[dict[str, list[int]], int]:
    """Each folded word of the tokens -> its positions (1-based, ascending), in order of first
    occurrence; and the number of tokens. One pass over the tokens: the coordinator indexes
    every entry it stores, and this is most of its CPU on the PostgreSQL path."""
    where: dict[str, list[int]] = {}
    n = 0
    for n, token in enumerate(tokens, 1):
        word = _fold(token)
        slot = where.get(word)
        if slot is None:
            where[word] = [n]
        else:
            slot.append(n)
    return where, n


def _langs(u: IndexUnit) -> tuple[str, ...]:
    """The languages whose stemmed body column an entry fills: its own, or both if unknown."""
    return (u.language,) if u.language in BODY else analysis.LANGUAGES


def _vector_text(positions: dict[str, list[int]], n: int) -> str:
    """A tsvector literal from lexeme -> ascending 1-based positions, ``n`` the last one."""
    if n > _MAX_POSITION:  # past PostgreSQL's last position: clamped (it drops duplicates)
        return " ".join(_quoted(lex) + ",".join(str(min(x, _MAX_POSITION))
                                                for x in p[:_MAX_POSITIONS])
                        for lex, p in positions.items())
    return " ".join([_quoted(lex) + ",".join(map(str, p[:_MAX_POSITIONS]))
                     for lex, p in positions.items()])


def _stemmed(where: dict[str, list[int]], n: int, stems: dict[str, str], lang: str) -> str:
    """The body vector for ``lang``: the words' positions under their stems, stop words left
    out (their positions stay gaps, for phrases)."""
    stop = _stop(lang)
    by_stem: dict[str, list[int]] = {}
    for word, positions in where.items():
        if word in stop:
            continue
        stem = stems[word]
        slot = by_stem.get(stem)
        by_stem[stem] = positions if slot is None else sorted(slot + positions)
    return _vector_text(by_stem, n)


def _row(u: IndexUnit, where: dict[str, list[int]], n: int, stems: dict[str, dict[str, str]]
         ) -> dict[str, Any]:
    meta = {
        "did": u.document_id, "ref": u.ref, "heading": u.heading, "ps": u.page_start,
        "pe": u.page_end, "types": list(u.types), "lang": u.language, "title": u.title,
        "dossier": u.dossier, "text": u.text,
    }
    types = [analysis.keyword(t) for t in (u.contract_type, *u.types) if t]
    langs = _langs(u)
    return {
        "cid": u.contract_id, "kind": int(u.kind), "ord": u.ordinal, "rev": u.rev,
        "lang": u.language, "meta": json.dumps(meta, ensure_ascii=False), "body": "",
        "body_nl": _stemmed(where, n, stems["nl"], "nl") if "nl" in langs else None,
        "body_en": _stemmed(where, n, stems["en"], "en") if "en" in langs else None,
        "words": _vector_text(where, n) if u.kind is not UnitKind.contract else None,
        "party": _party_vector(tuple(u.parties)),
        "title_words": _title_vector(u.title) if u.title else None,
        "types": list(dict.fromkeys(types)),
        "dossier_path": list(analysis.dossier_keys(u.dossier)),
        "acl": sorted(u.acl),
        "end_date": u.end_date, "notice_deadline": u.notice_deadline,
        "signing_date": u.signing_date,
        "length": n,
    }


# -- reading -------------------------------------------------------------------------------------


class _Sql:
    """Compiles IR to a WHERE condition and a score expression, collecting bind parameters."""

    def __init__(self, gen: PgGeneration, *, text_indexes: bool = True) -> None:
        self.gen = gen
        self.text_indexes = text_indexes  # False: text matches are tested on filtered entries
        self.postings = 0  # entries listed under the query's words (the GIN lists it reads)
        self.params: dict[str, Any] = {}
        self._n = itertools.count()
        self._leaves: dict[str, tuple[str, str]] = {}  # condition -> (column, tsquery text)
        self._ors: dict[str, list[str]] = {}  # an OR condition -> what it ORs

    def bind(self, value: Any) -> str:
        name = f"p{next(self._n)}"
        self.params[name] = value
        return f":{name}"

    def where(self, node: IR) -> str:
        return self.compile(node)[0]

    def compile(self, node: IR) -> tuple[str, str]:
        """(condition, score) for one node; the score counts only where the condition holds."""
        if isinstance(node, TermQ):
            return self._term(node.field, node.value)
        if isinstance(node, TermSetQ):
            if node.field in _ARRAY_FIELDS:
                col = _ARRAY_FIELDS[node.field]
                cond = f"{col} && CAST({self.bind(list(node.values))} AS text[])"
                if node.field == ACL and TOKEN_EVERYONE in node.values:
                    # Every entry carries the everyone token, so this filter keeps all: not
                    # worth an index scan (the planner, blind to the cost of reading text
                    # vectors, would take it and test the words on every entry).
                    cond = f"({cond}) IS TRUE"
                return cond, "1.0"
            if node.field == LANG:
                return f"lang = ANY(CAST({self.bind(list(node.values))} AS text[]))", "1.0"
            parts = [self._term(node.field, v) for v in node.values]
            return self.any(p[0] for p in parts), "1.0"
        if isinstance(node, PhraseQ):
            return self._phrase(node)
        if isinstance(node, PrefixQ):
            col = _VECTOR_FIELDS[node.field]
            self.postings += ACL_FIRST  # not counted: taken for a common one
            return self.match(col, _tsquery_term(node.prefix) + ":*"), "1.0"
        if isinstance(node, DateRangeQ):
            bounds = []
            if node.lower is not None:
                bounds.append(f"{node.field} >= {self.bind(node.lower)}")
            if node.upper is not None:
                bounds.append(f"{node.field} < {self.bind(node.upper)}")
            if not bounds:
                bounds.append(f"{node.field} IS NOT NULL")
            return " AND ".join(bounds), "1.0"
        if isinstance(node, AllQ):
            return "TRUE", "1.0"
        if isinstance(node, BoolQ):
            must = [self.compile(c) for c in node.must]
            should = [self.compile(c) for c in node.should]
            must_not = [self.compile(c)[0] for c in node.must_not]
            conds = [c for c, _ in must]
            if not must and should:
                conds.append(self.any(c for c, _ in should))
            conds += [f"NOT COALESCE(({c}), FALSE)" for c in must_not]
            scores = [s for _, s in must]
            scores += [f"(CASE WHEN {c} THEN {s} ELSE 0 END)" for c, s in should]
            score = " + ".join(scores) or "0"
            return _and(conds), _times(score, node.boost)
        if isinstance(node, DisMaxQ):
            parts = [self.compile(c) for c in node.children]
            cases = [f"(CASE WHEN {c} THEN {s} ELSE 0 END)" for c, s in parts]
            best = f"GREATEST({', '.join(cases)})" if len(cases) > 1 else cases[0]
            if node.tie and len(cases) > 1:
                best = f"({best} + {node.tie!r} * (({' + '.join(cases)}) - {best}))"
            return self.any(c for c, _ in parts), _times(best, node.boost)
        if isinstance(node, BoostQ):
            cond, score = self.compile(node.child)
            return cond, _times(score, node.boost)
        raise TypeError(f"cannot compile {node!r}")  # pragma: no cover

    def _term(self, field: str, value: str | int) -> tuple[str, str]:
        if field in _INT_FIELDS:
            return f"{_INT_FIELDS[field]} = {self.bind(int(value))}", "1.0"
        if field in _ARRAY_FIELDS:
            col = _ARRAY_FIELDS[field]
            return f"{col} @> ARRAY[CAST({self.bind(str(value))} AS text)]", "1.0"
        if field == LANG:
            return f"lang = {self.bind(str(value))}", "1.0"
        col = _VECTOR_FIELDS[field]
        cond, bound = self._match(col, _tsquery_term(str(value)))
        idf = self.gen.idf(col, [str(value)])
        self.postings += self.gen.entries_with(col, [str(value)])
        return cond, self.gen.bm25(col, bound, idf)

    def match(self, col: str, tsquery: str) -> str:
        return self._match(col, tsquery)[0]

    def _match(self, col: str, tsquery: str) -> tuple[str, str]:
        """(``col @@ tsquery``, the bound tsquery), the condition remembered as a leaf that
        :meth:`any` may merge with others."""
        bound = self.bind(tsquery)
        cond = f"{col} @@ CAST({bound} AS tsquery)"
        if not self.text_indexes:
            cond = f"({cond}) IS TRUE"  # the same test, but not one an index scan can answer
        if "<" not in tsquery:  # phrases stay apart: their GIN matches need a recheck
            self._leaves[cond] = (col, tsquery)
        return cond, bound

    def alternatives(self, cond: str) -> list[str]:
        """The conditions a disjunction made by :meth:`any` ORs, or the condition itself."""
        for c in (cond, cond[1:-1]):  # "(x)": a conjunction of one
            if c in self._ors:
                return self._ors[c]
        return [cond]

    def any(self, conds: Iterable[str]) -> str:
        """OR of conditions; term and prefix matches on one column become one tsquery, so
        the column is matched (and, on a recheck, decompressed) once per entry, not per term."""
        items = list(dict.fromkeys(x for c in conds for x in self._ors.get(c, [c])))
        by_col: dict[str, list[str]] = {}
        for c in items:
            if c in self._leaves:
                by_col.setdefault(self._leaves[c][0], []).append(c)
        out: list[str] = []
        for c in items:
            leaf = self._leaves.get(c)
            if leaf is None or len(by_col[leaf[0]]) < 2:
                out.append(c)
            elif by_col[leaf[0]][0] == c:
                queries = dict.fromkeys(self._leaves[x][1] for x in by_col[leaf[0]])
                out.append(self.match(leaf[0], " | ".join(f"({x})" for x in queries)))
        cond = _or(out)
        self._ors[cond] = out
        return cond

    def _phrase(self, node: PhraseQ) -> tuple[str, str]:
        col = _VECTOR_FIELDS[node.field]
        terms = sorted(node.terms)
        if not terms:
            return "FALSE", "0"
        if node.slop:
            expr = " & ".join(_tsquery_term(t) for _, t in terms)
        else:
            words = [_tsquery_term(terms[0][1])]
            for (p0, _), (p1, t) in itertools.pairwise(terms):
                gap = p1 - p0
                words.append(("<->" if gap == 1 else f"<{gap}>") + " " + _tsquery_term(t))
            expr = " ".join(words)
        cond, bound = self._match(col, expr)
        idf = self.gen.idf(col, [t for _, t in terms])
        self.postings += self.gen.entries_with(col, [t for _, t in terms])
        return cond, self.gen.bm25(col, bound, idf)


def _or(conds: Iterable[str]) -> str:
    items = list(conds)
    return "(" + " OR ".join(items) + ")" if items else "FALSE"


def _and(conds: Iterable[str]) -> str:
    items = list(conds)
    return "(" + " AND ".join(items) + ")" if items else "TRUE"


def _times(score: str, factor: float) -> str:
    return score if factor == 1.0 else f"({score}) * {factor!r}"


@dataclass(frozen=True, slots=True)
class _Matching:
    """A query and filter compiled: one condition per alternative of the query (each its own
    index scan), the filter's condition, the score expression and the bind parameters."""

    alternatives: list[str]
    where: str
    score: str
    params: dict[str, Any]
    postings: int  # entries listed under the query's words (an estimate of the matches)

    def selects(self, extra: str = "") -> list[str]:
        more = f" AND {extra}" if extra else ""
        return [f"SELECT id, cid, ord, length FROM {TABLE} WHERE {c} AND {self.where}{more}"
                for c in self.alternatives]

    def union(self) -> str:
        """The matches, each once."""
        return " UNION ".join(self.selects())

    def union_all(self, extra: str = "") -> str:
        """The matches of each alternative in turn (one matching several comes more than
        once), as a stream that a LIMIT stops early."""
        return " UNION ALL ".join(f"({x})" for x in self.selects(extra))

    @property
    def key(self) -> str:
        return " | ".join(self.alternatives) + self.where + json.dumps(
            self.params, sort_keys=True, default=str)


class PgGeneration:
    def __init__(self, engine: PostgresEngine) -> None:
        self.engine = engine
        self.db = engine.db
        self._df: dict[tuple[str, str], int] = {}
        self._total: int | None = None
        self._avglen = 1.0
        self._counted_at = time.monotonic()
        self._contracts: dict[str, tuple[float, int]] = {}  # by statement: contracts counted
        self._acl_sizes: dict[tuple[str, ...], int] = {}  # entries an access filter keeps

    def writer(self, bulk: bool = False) -> PgWriter:
        self._forget()
        return PgWriter(self.engine, bulk)

    def refresh(self) -> None:
        # Entry counts for ranking may lag other machines' writes by up to DF_TTL seconds:
        # counting every term anew for each search would cost a scan of its matches.
        if time.monotonic() - self._counted_at > DF_TTL:
            self._forget()

    def _forget(self) -> None:
        self._df.clear()
        self._contracts.clear()
        self._acl_sizes.clear()
        self._total = None
        self._counted_at = time.monotonic()

    def close(self) -> None:
        pass  # the store owns the connection pool

    # -- statistics for ranking ------------------------------------------------------------

    def _stats(self) -> tuple[int, float]:
        if self._total is None:
            with self.db.connect() as conn:
                n, avg = conn.execute(text(f"SELECT count(*), avg(length) FROM {TABLE}")).one()
            self._total, self._avglen = int(n), float(avg or 1.0)
        return self._total, self._avglen

    def bm25(self, col: str, q: str, idf: float) -> str:
        """BM25 over PostgreSQL's statistics: the term (or phrase) frequency read from
        ``ts_rank_cd`` without normalisation (0.1 per occurrence of an unweighted lexeme),
        saturated with k1 = 1.2 and normalised by the entry's length against the average
        (b = 0.75), as the embedded engines score."""
        _n, avglen = self._stats()
        tf = f"(ts_rank_cd({col}, CAST({q} AS tsquery), 0) * 10)"
        norm = f"({_K1} * ({1 - _B} + {_B} * length / {max(avglen, 1.0)!r}))"
        return f"({idf!r} * {tf} * {_K1 + 1} / ({tf} + {norm}))"

    def entries_with(self, col: str, lexemes: Sequence[str]) -> int:
        """Entries holding the rarest of the lexemes (after :meth:`idf` counted them)."""
        return min((self._df.get((col, lex), 0) for lex in lexemes), default=0)

    def idf(self, col: str, lexemes: Sequence[str]) -> float:
        n = max(1, self._stats()[0])
        total = 0.0
        for lex in lexemes:
            key = (col, lex)
            df = self._df.get(key)
            if df is None:
                df = self._entry_count(col, _tsquery_term(lex))
                if len(self._df) > 50_000:
                    self._df.clear()
                self._df[key] = df
            total += math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return round(total, 6)

    def _entry_count(self, col: str, tsquery: str) -> int:
        """How many entries hold the term: counted up to ``DF_EXACT``; above that (a common
        word, whose idf is low and changes slowly) the planner's estimate from the column
        statistics, as counting them all would read every matching entry."""
        with self.db.connect() as conn:
            _prefer_indexes(conn)
            params = {"q": tsquery}
            n = int(conn.execute(text(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {col} @@ CAST(:q AS tsquery) "
                f"LIMIT {DF_EXACT}) s"), params).scalar_one())
            if n < DF_EXACT:
                return n
            plan = conn.execute(text(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {col} @@ CAST(:q AS tsquery)"),
                params).scalar_one()
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return max(n, int(plan[0]["Plan"]["Plan Rows"]))

    # -- queries ---------------------------------------------------------------------------

    def _matching(self, query: IR, filter: IR) -> _Matching:
        """The matching entries as one SELECT of id, cid, ord and length per alternative, the
        score expression and the bind parameters. A query that is a disjunction gets one index
        scan per alternative: a phrase's GIN matches need a recheck, which in a single bitmap
        scan would extend to every match of the other words on the same table pages."""
        narrow = False
        size = self._filter_size(filter)
        if size is not None and size < ACL_FIRST:
            probe = _Sql(self)
            probe.compile(query)
            narrow = probe.postings > 2 * size  # else the words' lists are the shorter way
        sql = _Sql(self, text_indexes=not narrow)
        cond, score = sql.compile(query)
        where = sql.where(filter)
        if narrow:  # the filter's few entries, read once, their words tested
            return _Matching([cond], where, score, sql.params, sql.postings)
        return _Matching(sql.alternatives(cond), where, score, sql.params, sql.postings)

    def _filter_size(self, filter: IR) -> int | None:
        """How many entries the access filter keeps, counted up to ``ACL_FIRST`` (None for
        no filter or the beheerder's). When few, and the query's words are listed under many
        more entries, those few are looked up in the acl index and their words tested one by
        one: cheaper than reading the words' GIN posting lists over the whole table."""
        tokens = _acl_tokens(filter)
        if tokens is None or TOKEN_EVERYONE in tokens:
            return None
        size = self._acl_sizes.get(tokens)
        if size is None:
            with self.db.connect() as conn:
                _prefer_indexes(conn)
                size = int(conn.execute(text(
                    f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE acl && "
                    f"CAST(:t AS text[]) LIMIT {ACL_FIRST}) s"), {"t": list(tokens)}
                ).scalar_one())
            if len(self._acl_sizes) > 1000:
                self._acl_sizes.clear()
            self._acl_sizes[tokens] = size
        return size

    def search(self, query: IR, filter: IR, limit: int) -> tuple[list[Ref], int]:
        """The matching entries (by the GIN indexes, the access filter in the same condition)
        are read without their text vectors, at most ``COUNT_CAP`` of them, and counted
        (entries and contracts: :meth:`count_contracts` reuses the latter). When that was all
        of them, the same statement ranks a bounded candidate set: all matches up to
        ``CANDIDATES``, else the ``CANDIDATES`` shortest (BM25 prefers short entries at equal
        term frequency). Each candidate's vectors are read and decompressed once, not once
        per term of the score.

        More matches than ``COUNT_CAP`` (a common word at many contracts, for a reader of
        all of them): the count stops there, so the number of contracts is a lower bound
        (:class:`AtLeast`), and the candidates, the same shortest ones, are found by length
        (:meth:`_shortest`) without reading every match."""
        m = self._matching(query, filter)
        window = max(1, int(limit))
        candidates = max(CANDIDATES, window)
        # Without a text score, matches tie and come in document order: so do candidates.
        by_length = "ts_rank_cd" in m.score
        order = "length, cid, ord, id" if by_length else "cid, ord, id"
        statement = (
            f"WITH m AS MATERIALIZED ({m.union_all()} LIMIT {COUNT_CAP + 1}), "
            "u AS MATERIALIZED (SELECT DISTINCT id, cid, ord, length FROM m), "
            "k AS MATERIALIZED (SELECT (SELECT count(*) FROM m) AS n_read, "
            "(SELECT count(*) FROM u) AS total, (SELECT count(DISTINCT cid) FROM u) AS contracts, "
            "(SELECT percentile_disc(CAST(:shares AS float8[])) WITHIN GROUP (ORDER BY length) "
            "FROM u) AS steps), "
            f"c AS (SELECT id FROM u WHERE (SELECT n_read FROM k) <= {COUNT_CAP} "
            f"ORDER BY {order} LIMIT {candidates}) "
            "SELECT k.n_read, k.total, k.contracts, k.steps, s.* FROM k LEFT JOIN LATERAL ("
            f"{self._scored('SELECT id FROM c', m.score, window)}) s ON TRUE")
        # When capped, the lengths of the matches read for the count (a sample of them all)
        # say where the shortest lie: percentiles at the shares _shortest will read.
        shares = self._length_shares(max(m.postings, COUNT_CAP), candidates)
        with self.db.connect() as conn:
            _prefer_indexes(conn)
            rows = conn.execute(text(statement), {**m.params, "shares": shares}).all()
            head = rows[0]
            if head.n_read <= COUNT_CAP:
                total, contracts = int(head.total), int(head.contracts)
                scored = [r for r in rows if r.id is not None]
            else:  # capped: a lower bound, and the candidates found by length
                total, contracts = int(head.total), AtLeast(int(head.contracts))
                if by_length:
                    shortest, everything = self._shortest(conn, m, candidates, head.steps or [])
                    ids = [key[3] for key in shortest]
                    if everything:  # fewer than the cap after all (counted meanwhile)
                        total, contracts = len(ids), len({key[1] for key in shortest})
                    else:  # more than are ranked (the search layer asks for more, or counts)
                        total = max(total, len(ids) + 1)
                        contracts = AtLeast(max(contracts, len({key[1] for key in shortest})))
                else:
                    ids = [int(i) for i in conn.execute(text(
                        f"SELECT id FROM ({m.union()}) x ORDER BY {order} LIMIT {candidates}"),
                        m.params).scalars()]
                    total = max(total, len(ids) + 1)
                scored = list(conn.execute(
                    text(self._scored("SELECT unnest(CAST(:cand AS bigint[]))", m.score, window)),
                    {**m.params, "cand": ids}).all())
        self._remember(m, contracts)
        refs = [Ref(float(r.score), int(r.cid), UnitKind(int(r.kind)), int(r.id), int(r.ord))
                for r in scored]
        return refs, total

    def _scored(self, ids: str, score: str, window: int) -> str:
        """The best ``window`` of the entries whose ids ``ids`` selects, by ``score``; each
        entry's vectors are read and decompressed once (``|| ''``), not once per term."""
        used = [c for c in _VECTORS if re.search(rf"\b{c}\b", score)]
        columns = ", ".join(["e.id", *(f"e.{c}" for c in _COLUMNS
                                        if c not in _VECTORS and c not in ("meta", "body")),
                             *(f"e.{c} || ''::tsvector AS {c}" for c in used)])
        return (f"SELECT id, cid, kind, ord, ({score}) AS score FROM ("
                f"SELECT {columns} FROM {TABLE} e WHERE e.id IN ({ids}) OFFSET 0) d "
                f"ORDER BY score DESC, cid, ord LIMIT {window}")

    def _shortest(self, conn: Connection, m: _Matching, n: int, steps: Sequence[int]
                  ) -> tuple[list[tuple[int, int, int, int]], bool]:
        """The ``n`` shortest matching entries as (length, cid, ord, id), read by ranges of
        entry length up to each of ``steps`` in turn, until ``n`` are found: each range is the
        bitmap AND of the words' GIN lists and the length index, so only the matches in that
        range are read from the table. True when these are all the matches."""
        found: list[tuple[int, int, int, int]] = []
        lo = -1
        # Not an index scan in length order testing every entry's words on the way (what the
        # planner, blind to the cost of a text match, would choose for ORDER BY ... LIMIT).
        conn.execute(text("SELECT set_config('enable_indexscan', 'off', true)"))
        for hi in (*steps, None):
            if hi is not None and hi <= lo:
                continue
            within = f"length > {int(lo)}" + ("" if hi is None else f" AND length <= {int(hi)}")
            # One condition ORing the alternatives: one bitmap of the length range ANDed with
            # theirs (a phrase's recheck is then limited to matches in the range).
            found += [(int(r.length), int(r.cid), int(r.ord), int(r.id)) for r in conn.execute(
                text(f"SELECT length, cid, ord, id FROM {TABLE} WHERE {_or(m.alternatives)} "
                     f"AND {m.where} AND {within} ORDER BY length, cid, ord, id LIMIT {n}"),
                m.params)]
            if len(found) >= n or hi is None:
                break
            lo = hi
        conn.execute(text("SELECT set_config('enable_indexscan', 'on', true)"))
        return sorted(found)[:n], len(found) < n

    @staticmethod
    def _length_shares(matches: int, n: int) -> list[float]:
        """Where, as shares of the matches in length order, to end the ranges that
        :meth:`_shortest` reads: first about 2n of the ``matches`` estimated, then four times
        the share each time (the matches' lengths come from the sample the count read)."""
        shares = []
        share = 2.0 * n / max(1, matches)
        while share < 0.5:
            shares.append(share)
            share *= 4.0
        return shares

    def _remember(self, m: _Matching, contracts: int) -> None:
        if len(self._contracts) > 64:
            self._contracts.clear()
        self._contracts[m.key] = (time.monotonic(), contracts)

    def count(self, query: IR, filter: IR) -> int:
        """Matching entries, counted up to ``COUNT_CAP`` (then :class:`AtLeast`): "did you
        mean" asks whether a common word has any visible match."""
        return self._capped_count(self._matching(query, filter), "id")

    def count_contracts(self, query: IR, filter: IR) -> int:
        """Counted up to ``COUNT_CAP`` matching entries, as :meth:`search` counts (and its
        count reused for a few seconds): above that, :class:`AtLeast` the contracts seen."""
        m = self._matching(query, filter)
        seen = self._contracts.get(m.key)
        if seen is not None and time.monotonic() - seen[0] < COUNT_TTL:
            return seen[1]  # counted by the search just before
        return self._capped_count(m, "cid")

    def _capped_count(self, m: _Matching, column: str) -> int:
        """Distinct ``column`` values (entries: id, contracts: cid) among the first
        ``COUNT_CAP`` matches; :class:`AtLeast` when there were more."""
        with self.db.connect() as conn:
            _prefer_indexes(conn)
            n_read, n = conn.execute(text(
                f"SELECT count(*), count(DISTINCT {column}) FROM ({m.union_all()} "
                f"LIMIT {COUNT_CAP + 1}) x"), m.params).one()
        return int(n) if n_read <= COUNT_CAP else AtLeast(int(n))

    def contract_ids(self, query: IR, filter: IR) -> set[int]:
        m = self._matching(query, filter)
        with self.db.connect() as conn:
            _prefer_indexes(conn)
            return {int(c) for c in conn.execute(
                text(f"SELECT DISTINCT cid FROM ({m.union()}) x"), m.params).scalars()}

    def fetch(self, refs: Sequence[Ref]) -> list[Stored]:
        if not refs:
            return []
        with self.db.connect() as conn:
            rows = {int(r.id): r for r in conn.execute(
                text(f"SELECT id, cid, kind, meta FROM {TABLE} "
                     "WHERE id = ANY(CAST(:ids AS bigint[]))"),
                {"ids": [int(r.handle) for r in refs]})}
        out = []
        for ref in refs:
            row = rows[int(ref.handle)]
            meta = json.loads(row.meta)
            out.append(Stored(
                kind=ref.kind, contract_id=ref.contract_id, document_id=int(meta["did"]),
                ref=meta["ref"], heading=meta["heading"], page_start=int(meta["ps"]),
                page_end=int(meta["pe"]), types=tuple(meta["types"]), language=meta["lang"],
                text=meta["text"], title=meta["title"], dossier=meta["dossier"],
            ))
        return out

    def terms_with_prefix(self, field: str, prefix: str, filter: IR, limit: int
                          ) -> list[tuple[str, int]]:
        """Indexed terms with the prefix (not restricted to ``filter``: callers verify).

        ``ts_stat`` reads every vector it is given, so it reads those of the first
        ``TERM_SAMPLE`` entries holding such a term: the counts are of that sample."""
        col = _VECTOR_FIELDS[field]
        inner = (f"SELECT {col} FROM {TABLE} WHERE {col} @@ "
                 f"{_literal(_tsquery_term(prefix) + ':*')}::tsquery LIMIT {TERM_SAMPLE}")
        with self.db.connect() as conn:
            rows = conn.execute(
                text("SELECT word, ndoc FROM ts_stat(:inner) WHERE starts_with(word, :p) "
                     "ORDER BY ndoc DESC, word LIMIT :n"),
                {"inner": inner, "p": prefix, "n": int(limit)},
            ).all()
        return [(str(w), int(n)) for w, n in rows]

    def contract_revs(self) -> dict[int, int]:
        with self.db.connect() as conn:
            return {int(c): int(r) for c, r in conn.execute(
                text(f"SELECT cid, rev FROM {TABLE} WHERE kind = :k"),
                {"k": int(UnitKind.contract)})}

    def contract_acls(self) -> dict[int, frozenset[str]]:
        with self.db.connect() as conn:
            return {int(c): frozenset(a or ()) for c, a in conn.execute(
                text(f"SELECT cid, acl FROM {TABLE} WHERE kind = :k"),
                {"k": int(UnitKind.contract)})}

    def num_entries(self) -> int:
        with self.db.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())


def _acl_tokens(node: IR) -> tuple[str, ...] | None:
    """The tokens of the access filter a filter node requires, if it requires one."""
    if isinstance(node, TermSetQ) and node.field == ACL:
        return tuple(sorted(str(v) for v in node.values))
    if isinstance(node, BoolQ):
        for child in node.must:
            found = _acl_tokens(child)
            if found is not None:
                return found
    return None


def _prefer_indexes(conn: Connection) -> None:
    """Steer this transaction's plans to the GIN indexes, with exact bitmaps. The planner
    counts a text match as one cheap operator call, but on an entry read from the table it
    means fetching and decompressing the entry's vector, so for a common word it picks a
    sequential scan that reads every vector (2 s at 10,000 contracts where the bitmap scan
    takes 0.3 s).

    A bitmap of more matching table pages than work_mem holds turns lossy: every entry on
    such a page is rechecked, its vectors fetched (100,000 contracts at the default 4 MB: 16 s
    for "governing law"); 64 MB keeps bitmaps of about a million pages exact. The same
    mispricing makes the planner expect costly statements and compile them (JIT): 25 ms of
    compiling for a statement that runs in 100. One statement sets all three (SET LOCAL)."""
    conn.execute(text(
        "SELECT set_config('enable_seqscan', 'off', true), "
        f"set_config('work_mem', '{WORK_MEM}', true), set_config('jit', 'off', true)"))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"

