"""Index units built from the store: one per clause and one per contract.

The index is a cache of the store. For each contract this module reads the contract row, its
documents, clauses, pages and active facts, and produces

* one :class:`IndexUnit` per clause (contract, document, clause ref, heading, page range, clause
  types, text), carrying the contract's title, parties, type, dossier, dates and access tokens
  too, so every filter applies to clause hits directly;
* one per page of a document in which no clause was recognised, so its text stays findable and
  a hit still points at a page;
* one per contract (title, parties, dates, type, dossier, all clause types) whose text is a
  summary (title, parties, type) plus only the text that no clause or page entry covers
  (preamble, signature blocks). Clause text is analysed once, in its clause entry: a query
  whose parts match different clauses of one contract is answered from the clause entries
  grouped per contract (``SearchIndex``'s contract-level matching), not from a second copy.

Dates and the contract type are the contract file's own (``dossier.resolve_fields`` and
``dossier.derive``, the rules ``dossier show`` uses): a person's correction wins, an amendment's
end date overrides the main document's, and the notice deadline is computed from the end date
and notice period by the written deadline rules. A stored ``notice_deadline`` (or
``contract_type``) fact is used when the rules give none. Facts that are not there yet are
simply not indexed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where entries are built: a search needs neither
    from contractdossier.store import Store

log = logging.getLogger(__name__)

AclFor = Callable[[list[int]], Mapping[int, frozenset[str]]]
DATE_FACTS = ("end_date", "notice_deadline", "signing_date")
PARTY_FACTS = ("parties", "party")
TYPE_FACTS = ("doc_type", "contract_type", "type")
_AS_OF = dt.date(2000, 1, 1)  # end date and notice deadline do not depend on it
_CHUNK = 400  # ids per IN (...) clause


class UnitKind(IntEnum):
    contract = 0
    clause = 1
    page = 2


@dataclass(slots=True)
class IndexUnit:
    """One index entry. ``_units`` builds clause and page entries positionally: keep the field
    order in step with it (the fields' types and the search tests catch most slips).

    Not frozen, though nothing changes one once built: a frozen dataclass sets each of its 21
    fields through ``object.__setattr__``, which made building one ten times slower (a rebuild
    builds one per clause)."""

    kind: UnitKind
    contract_id: int
    document_id: int  # 0 for the contract unit
    ref: str
    heading: str
    page_start: int  # 0 when unknown
    page_end: int
    types: tuple[str, ...]
    language: str  # nl | en | und
    text: str  # stored: what snippets are cut from (page breaks kept as \f)
    body: str  # indexed
    title: str
    dossier: str
    parties: tuple[str, ...]
    contract_type: str
    acl: frozenset[str]
    rev: int
    end_date: dt.date | None = None
    notice_deadline: dt.date | None = None
    signing_date: dt.date | None = None
    ordinal: int = 0  # place in the contract: 0 the contract, then clauses and pages in order


def every_contract_public(contract_ids: list[int]) -> dict[int, frozenset[str]]:
    """The default ``acl_for`` until access control is configured: everyone's token ``*``."""
    return {cid: frozenset({"*"}) for cid in contract_ids}


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def load_units(store: Store, contract_ids: Iterable[int], acl_for: AclFor
               ) -> dict[int, list[IndexUnit]]:
    """The index units of these contracts; a contract that is not in the store is absent."""
    from sqlalchemy import Text, select, type_coerce

    from contractdossier.dossier import SINGLE_FIELDS
    from contractdossier.store import schema

    ids = sorted(set(contract_ids))
    if not ids:
        return {}
    fact_fields = tuple(dict.fromkeys((*SINGLE_FIELDS, *DATE_FACTS, *PARTY_FACTS, *TYPE_FACTS)))
    c, d, cl, f, p = (schema.contracts, schema.documents, schema.clauses, schema.facts,
                      schema.pages)
    contracts: dict[int, Any] = {}
    documents: dict[int, list[Any]] = {}
    clauses: dict[int, list[Any]] = {}
    facts: dict[int, list[Any]] = {}
    pages: dict[int, list[Any]] = {}
    with store.engine.connect() as conn:
        for chunk in _chunks(ids):
            for row in conn.execute(select(c).where(c.c.id.in_(chunk))):
                contracts[row.id] = row
            for row in conn.execute(
                select(d.c.id, d.c.contract_id, d.c.language, d.c.seq, d.c.role, d.c.title,
                       d.c.sha256)
                .where(d.c.contract_id.in_(chunk)).order_by(d.c.contract_id, d.c.seq, d.c.id)
            ):
                documents.setdefault(row.contract_id, []).append(row)
            for row in conn.execute(
                select(cl.c.document_id, cl.c.ref, cl.c.heading, cl.c.page_start,
                       cl.c.page_end, cl.c.start, cl.c.end, cl.c.text,
                       type_coerce(cl.c.types, Text).label("types"))  # decoded once per value
                .where(cl.c.contract_id.in_(chunk))
                .order_by(cl.c.contract_id, cl.c.document_id, cl.c.seq, cl.c.id)
            ):
                clauses.setdefault(row.document_id, []).append(row)
            for row in conn.execute(
                select(f).where(f.c.contract_id.in_(chunk), f.c.active.is_(True),
                                f.c.field.in_(fact_fields))
            ):
                facts.setdefault(row.contract_id, []).append(row)
            for row in conn.execute(
                select(p.c.document_id, p.c.number, p.c.text)
                .select_from(p.join(d, d.c.id == p.c.document_id))
                .where(d.c.contract_id.in_(chunk)).order_by(p.c.document_id, p.c.number)
            ):
                pages.setdefault(row.document_id, []).append(row)
    found = sorted(contracts)
    acl = acl_for(found) if found else {}
    out: dict[int, list[IndexUnit]] = {}
    for cid in found:
        tokens = frozenset(acl.get(cid, frozenset()))
        if not tokens:
            log.warning("contract %s has no access tokens: nobody will find it in search", cid)
        out[cid] = _units(contracts[cid], documents.get(cid, []), clauses, pages,
                          facts.get(cid, []), tokens)
    return out


def _units(contract: Any, documents: list[Any], clauses: Mapping[int, list[Any]],
           pages: Mapping[int, list[Any]], facts: list[Any], acl: frozenset[str]
           ) -> list[IndexUnit]:
    parties = _parties(facts)
    resolved = _resolved(facts, documents)
    contract_type = _text(resolved.get("doc_type")) or _text_fact(facts, TYPE_FACTS)
    dates = {name: _date(resolved.get(name)) or _date_fact(facts, name) for name in DATE_FACTS}
    contract_lang = contract.language if contract.language in ("nl", "en") else "und"
    cid, title, dossier = int(contract.id), contract.title or "", contract.dossier or ""
    rev = int(contract.rev)
    end_date, notice_deadline, signing_date = (dates[name] for name in DATE_FACTS)
    units: list[IndexUnit] = []
    uncovered: list[str] = []
    clause, page = UnitKind.clause, UnitKind.page
    for doc in documents:
        lang = doc.language if doc.language in ("nl", "en") else contract_lang
        doc_id = int(doc.id)
        doc_clauses = clauses.get(doc_id, [])
        doc_pages = pages.get(doc_id, [])
        if doc_pages and doc_clauses:  # text no clause covers: preamble, signature blocks
            uncovered.extend(_uncovered("\f".join(pg.text for pg in doc_pages), doc_clauses))
        # Positional arguments, in IndexUnit's field order: this loop runs once per clause,
        # and binding 21 keyword arguments took a third of its time.
        for cl in doc_clauses:
            heading, text = cl.heading or "", cl.text
            units.append(IndexUnit(
                clause, cid, doc_id, cl.ref or "", heading, int(cl.page_start or 0),
                int(cl.page_end or 0), _clause_types(cl.types), lang, text,
                f"{heading}\n{text}" if heading else text, title, dossier, parties,
                contract_type, acl, rev, end_date, notice_deadline, signing_date,
                len(units) + 1,
            ))
        if not doc_clauses:
            for pg in doc_pages:
                if pg.text.strip():
                    number = int(pg.number)
                    units.append(IndexUnit(
                        page, cid, doc_id, "", "", number, number, (), lang, pg.text, pg.text,
                        title, dossier, parties, contract_type, acl, rev, end_date,
                        notice_deadline, signing_date, len(units) + 1,
                    ))
    summary = " — ".join(x for x in (
        contract.title or "", "; ".join(parties), contract_type) if x)
    body = "\n".join([summary, *uncovered])
    all_types = tuple(dict.fromkeys(t for u in units for t in u.types))
    units.insert(0, IndexUnit(
        kind=UnitKind.contract, contract_id=cid, document_id=0, ref="", heading="",
        page_start=0, page_end=0, types=all_types, language=contract_lang, text=summary,
        body=body, title=title, dossier=dossier, parties=parties, contract_type=contract_type,
        acl=acl, rev=rev, end_date=end_date, notice_deadline=notice_deadline,
        signing_date=signing_date,
    ))
    return units


def _uncovered(full: str, doc_clauses: list[Any]) -> list[str]:
    """The stretches of a document's text (pages joined by \\f) that no clause covers.

    A clause is placed by its offsets when they point at its text, else found after the
    previous one; a clause that cannot be placed covers nothing (its text then counts as
    uncovered too, indexed twice rather than lost).
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for cl in doc_clauses:
        text = cl.text or ""
        if not text:
            continue
        start, end = int(cl.start or 0), int(cl.end or 0)
        if not (0 <= start < end <= len(full) and full[start:end] == text):
            start = full.find(text, cursor)
            if start < 0:
                start = full.find(text)
                if start < 0:
                    continue
            end = start + len(text)
        spans.append((start, end))
        cursor = max(cursor, end)
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start > pos and _has_words(full[pos:start]):
            out.append(full[pos:start])
        pos = max(pos, end)
    if pos < len(full) and _has_words(full[pos:]):
        out.append(full[pos:])
    return out


def _has_words(text: str) -> bool:
    return any(c.isalnum() for c in text)


@lru_cache(maxsize=4096)
def _clause_types(raw: str | None) -> tuple[str, ...]:
    """A clause's types from their stored JSON text (few distinct values: decoded once)."""
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return ()
    return tuple(str(t) for t in value) if isinstance(value, list) else ()


def _resolved(facts: list[Any], documents: list[Any]) -> dict[str, Any]:
    """The contract file's current values (``dossier``'s rules), by field."""
    from contractdossier.dossier import SINGLE_FIELDS, derive, resolve_fields

    rows = [dict(r._mapping) for r in facts if r.field in SINGLE_FIELDS]
    if not rows:
        return {}
    docs = {int(d.id): {"id": int(d.id), "seq": d.seq, "role": d.role, "sha256": d.sha256,
                        "title": d.title} for d in documents}
    try:
        return {name: r.value for name, r in derive(resolve_fields(rows, docs), _AS_OF).items()}
    except (ValueError, TypeError, KeyError) as e:  # a fact the rules cannot use
        log.warning("cannot resolve the facts of contract %s: %s", facts[0].contract_id, e)
        return {}


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None  # "indefinite"
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _ranked(facts: list[Any], names: Sequence[str]) -> list[Any]:
    rows = [r for r in facts if r.field in names]
    return sorted(rows, key=lambda r: (r.source != "person", -float(r.confidence or 0), -r.id))


def _date_fact(facts: list[Any], name: str) -> dt.date | None:
    for row in _ranked(facts, (name,)):
        value = row.value
        if isinstance(value, dict):
            value = value.get("value")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue  # "indefinite", or not a date: no date to filter on
    return None


def _text_fact(facts: list[Any], names: Sequence[str]) -> str:
    for row in _ranked(facts, names):
        value = row.value
        if isinstance(value, dict):
            value = value.get("value") or value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _parties(facts: list[Any]) -> tuple[str, ...]:
    rows = _ranked(facts, PARTY_FACTS)
    if any(r.source == "person" for r in rows):
        rows = [r for r in rows if r.source == "person"]
    names: list[str] = []
    for row in rows:
        values = row.value if isinstance(row.value, list) else [row.value]
        for value in values:
            if isinstance(value, dict):
                value = value.get("name") or value.get("value")
            if isinstance(value, str) and value.strip() and value.strip() not in names:
                names.append(value.strip())
    return tuple(names)
