"""The dossier report: a contract's whole file on one page.

Parties and their roles, the term facts (each with where it was read, or who set it), the
deadlines and obligations (the same rows as the other two reports), the documents in the order
they joined the contract (main document, then amendments and annexes), amounts, what needs
checking, and which facts a person confirmed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contractdossier.dossier import TERM_FIELDS
from contractdossier.reports import deadlines_report as deadlines_mod
from contractdossier.reports import describe_renewal, fact, first_evidence
from contractdossier.reports import obligations as obligations_mod


@dataclass(frozen=True, slots=True)
class FactLine:
    key: str
    label: str
    value: str
    source: str  # extracted | computed | person
    confirmed: bool
    confidence: float
    where: str  # "p. 3, art. 5.1" or "set by anna: reason"
    quote: str
    replaced: str | None  # the extracted value a person's correction replaced


@dataclass(frozen=True, slots=True)
class PartyLine:
    name: str
    role: str | None
    kvk: str | None
    confirmed: bool
    confidence: float
    where: str
    quote: str
    trade_name: str | None = None  # "Alfa Aesar" of "X, Inc. d/b/a Alfa Aesar"

    @property
    def label(self) -> str:
        return party_label(self.name, self.trade_name)


def party_label(name: str, trade_name: str | None) -> str:
    """A party's name as a reader wants it: "X Inc. (trading as Y)"."""
    return f"{name} (trading as {trade_name})" if trade_name else name


@dataclass(frozen=True, slots=True)
class DocumentLine:
    seq: int
    role: str  # main | amendment | annex
    title: str
    pages: int
    ocr_pages: int
    added: str
    paths: tuple[str, ...]
    sha256: str


@dataclass(frozen=True, slots=True)
class AmountLine:
    text: str
    what: str
    where: str


@dataclass(frozen=True, slots=True)
class DossierReport:
    as_of: dt.date
    contract_id: int
    title: str
    dossier: str
    language: str
    parties: tuple[PartyLine, ...]
    term: tuple[FactLine, ...]
    deadlines: deadlines_mod.DeadlinesReport
    obligations: obligations_mod.ObligationsReport
    documents: tuple[DocumentLine, ...]
    amounts: tuple[AmountLine, ...]
    needs_checking: tuple[str, ...]
    confirmed: tuple[str, ...]  # labels of the facts a person set or confirmed

    @property
    def contract_ids(self) -> tuple[int, ...]:
        return (self.contract_id,)


def build(view: Mapping[str, Any], as_of: dt.date) -> DossierReport:
    term = tuple(line for key, label in TERM_FIELDS if (line := _fact_line(view, key, label)))
    parties = tuple(
        PartyLine(
            name=str(p.get("name") or ""),
            role=p.get("role"),
            kvk=p.get("kvk"),
            confirmed=p.get("source") == "person",
            confidence=float(p.get("confidence") or 0.0),
            where=where(p.get("evidence") or {}),
            quote=str((p.get("evidence") or {}).get("quote") or ""),
            trade_name=p.get("trade_name"),
        )
        for p in view.get("parties") or []
    )
    documents = tuple(
        DocumentLine(
            seq=int(d.get("seq") or 0),
            role=str(d.get("role") or ""),
            title=str(d.get("title") or ""),
            pages=int(d.get("pages") or 0),
            ocr_pages=int(d.get("ocr_pages") or 0),
            added=str(d.get("added") or ""),
            paths=tuple(str(p) for p in d.get("paths") or ()),
            sha256=str(d.get("sha256") or ""),
        )
        for d in sorted(view.get("documents") or [], key=lambda d: (d.get("seq") or 0, d["id"]))
    )
    amounts = tuple(
        AmountLine(
            text=str(a.get("text") or a.get("value") or ""),
            what=str(a.get("what") or ""),
            where=where(a.get("evidence") or {}),
        )
        for a in view.get("amounts") or []
    )
    dl = deadlines_mod.build([view], as_of)
    obligations = obligations_mod.build(
        [view], as_of, obligations_mod.ObligationFilter(status=obligations_mod.StatusFilter.all)
    )
    confirmed = tuple(
        [line.label for line in term if line.confirmed]
        + [f"party {p.name}" for p in parties if p.confirmed]
    )
    checks = dl.checks[0].reasons if dl.checks else ()
    return DossierReport(
        as_of=as_of,
        contract_id=int(view["id"]),
        title=str(view.get("title") or ""),
        dossier=str(view.get("dossier") or ""),
        language=str(view.get("language") or ""),
        parties=parties,
        term=term,
        deadlines=dl,
        obligations=obligations,
        documents=documents,
        amounts=amounts,
        needs_checking=tuple(checks),
        confirmed=confirmed,
    )


def value_text(value: Any) -> str:
    if isinstance(value, Mapping):
        if "type" in value:
            return describe_renewal(value)
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def where(ev: Mapping[str, Any]) -> str:
    parts = []
    if ev.get("page"):
        parts.append(f"p. {ev['page']}")
    if ev.get("clause"):
        parts.append(f"art. {ev['clause']}")
    if not parts and ev.get("quote") and ev.get("document") is None:
        return str(ev["quote"])  # a person's value: "set by anna: reason"
    return ", ".join(parts)


def _fact_line(view: Mapping[str, Any], key: str, label: str) -> FactLine | None:
    f = fact(view, key)
    if f is None:
        return None
    ev = first_evidence(f)
    extracted = f.get("extracted")
    replaced = value_text(extracted.get("value")) if isinstance(extracted, Mapping) else None
    source = str(f.get("source") or "")
    return FactLine(
        key=key,
        label=label,
        value=value_text(f.get("value")),
        source=source,
        confirmed=bool(f.get("confirmed")),
        confidence=float(f.get("confidence") or 0.0),
        where=where(ev),
        quote="" if source == "person" else str(ev.get("quote") or ""),
        replaced=replaced,
    )
