"""The contract file: a contract's current facts, resolved from its documents, corrections and
the written date rules, each with its evidence.

Resolution of a single-valued field, in order:

1. A value set by a person (``dossier set``) wins; it is marked confirmed and the extracted value
   it replaced is kept beside it with its evidence.
2. Otherwise the value read from the latest document that states it: an amendment's new end date
   or notice period overrides the main document's (documents are ordered as they joined the
   contract). Within one document the most confident reading wins.
   The start and signing dates are the main document's: an amendment's own "in force" date is
   not the contract's start.
3. Derived values come from ``deadlines`` only: the end date from start + initial term when the
   text gives none (and the initial term from start and end when only those are given), the
   notice deadline for that end date (automatic renewal only), and, relative to ``as_of``, the
   current term end and the next notice deadline with automatic renewals rolled forward. For an
   option to extend, the option deadline is computed the same way as a notice deadline.
   A contract that runs on for an indefinite period after its term (renewal period
   ``indefinite``: "wordt daarna voortgezet voor onbepaalde tijd", "shall thereafter continue
   until either party gives notice") has the notice deadline of its end date up to that end
   date; after it, its current term end is ``indefinite`` and it has no next notice deadline
   (notice may be given at any time).
   A term the text counts from an event rather than from the start ("five years following the
   date of launch") is read with a confidence below ``TERM_FROM_START`` and gives no computed
   end date: the end depends on when that event happened, which a person must set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contractdossier import deadlines
from contractdossier.deadlines import Duration
from contractdossier.store import Store

INDEFINITE = "indefinite"  # an end date with no fixed day; a renewal that runs on until notice

SINGLE_FIELDS = (
    "signing_date",
    "start_date",
    "end_date",
    "initial_term",
    "renewal",
    "notice_period",
    "governing_law",
    "forum",
    "doc_type",
)
MAIN_ONLY = frozenset({"signing_date", "start_date"})
# The term facts of a contract file in reading order, with their labels.
TERM_FIELDS = (
    ("signing_date", "Signed"),
    ("start_date", "Start"),
    ("end_date", "End"),
    ("initial_term", "Initial term"),
    ("renewal", "Renewal"),
    ("notice_period", "Notice period"),
    ("notice_deadline", "Notice deadline (initial term)"),
    ("option_deadline", "Option deadline"),
    ("current_term_end", "Current term ends"),
    ("next_notice_deadline", "Next notice deadline"),
    ("governing_law", "Governing law"),
    ("forum", "Forum"),
)
# the column the values of TERM_FIELDS start at, after the longest label and its colon
TERM_LABEL_WIDTH = max(len(label) for _, label in TERM_FIELDS) + 2
DATE_FIELDS = frozenset({"signing_date", "start_date", "end_date"})
DURATION_FIELDS = frozenset({"initial_term", "notice_period"})
LOW_CONFIDENCE = 0.6
# an initial term read below this confidence counts from an event, not from the start date
# (recognise.terms.EVENT_TERM_CONFIDENCE): no end date is computed from it
TERM_FROM_START = 0.5


@dataclass(frozen=True, slots=True)
class Resolved:
    value: Any
    confidence: float
    source: str  # extracted | computed | person
    evidence: list[dict[str, Any]]
    extracted: dict[str, Any] | None = None  # what a person's correction replaced
    order: int = 0  # position of the stating document in the contract (person: above all)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "confirmed": self.source == "person",
            "evidence": self.evidence,
        }
        if self.extracted is not None:
            out["extracted"] = self.extracted
        return out


def _evidence(row: Mapping[str, Any], docs: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    doc = docs.get(row.get("document_id") or -1)
    return {
        "document": doc["sha256"] if doc else None,
        "document_id": row.get("document_id"),
        "document_title": doc["title"] if doc else None,
        "page": row.get("page"),
        "clause": row.get("clause_ref"),
        "quote": row.get("quote") or "",
    }


def _valid(field: str, value: Any) -> bool:
    try:
        if field in DATE_FIELDS:
            return value == INDEFINITE or bool(dt.date.fromisoformat(str(value)))
        if field in DURATION_FIELDS:
            return bool(Duration.from_iso(str(value)))
    except ValueError:
        return False
    return value is not None


def resolve_fields(
    facts: Sequence[Mapping[str, Any]], docs: Mapping[int, Mapping[str, Any]]
) -> dict[str, Resolved]:
    """Steps 1 and 2 of the module rules for every single-valued field."""
    order = {d["id"]: (d["seq"], d["id"]) for d in docs.values()}
    main_ids = {d["id"] for d in docs.values() if d["role"] == "main"}
    out: dict[str, Resolved] = {}
    for field in SINGLE_FIELDS:
        rows = [
            f for f in facts if f["field"] == field and f["active"] and _valid(field, f["value"])
        ]
        person = [f for f in rows if f["source"] == "person"]
        read = [f for f in rows if f["source"] != "person"]
        if field in MAIN_ONLY and any(f["document_id"] in main_ids for f in read):
            read = [f for f in read if f["document_id"] in main_ids]
        best = max(
            read, key=lambda f: (order.get(f["document_id"], (0, 0)), f["confidence"]), default=None
        )
        if person:
            p = max(person, key=lambda f: f["id"])
            extracted = None
            if best is not None:
                extracted = {
                    "value": best["value"],
                    "confidence": best["confidence"],
                    "evidence": [_evidence(best, docs)],
                }
            ev = {
                "document": None,
                "page": None,
                "clause": None,
                "quote": f"set by {p['created_by']}: {p['reason'] or ''}".strip(),
            }
            out[field] = Resolved(p["value"], 1.0, "person", [ev], extracted, order=1 << 30)
        elif best is not None:
            out[field] = Resolved(
                best["value"],
                float(best["confidence"]),
                best["source"],
                [_evidence(best, docs)],
                order=order.get(best["document_id"], (0, 0))[0],
            )
    return out


def _date(r: Resolved | None) -> dt.date | None:
    return None if r is None else _day(r.value)


def _day(value: Any) -> dt.date | None:
    if value in (None, INDEFINITE):
        return None
    return dt.date.fromisoformat(str(value))


def _dur(value: Any) -> Duration | None:
    if not value:
        return None
    try:
        return Duration.from_iso(str(value))
    except ValueError:
        return None


def derive(fields: dict[str, Resolved], as_of: dt.date) -> dict[str, Resolved]:
    """Step 3 of the module rules: the dates the written rules compute from the facts read."""
    out = dict(fields)
    start, end_r = _date(fields.get("start_date")), fields.get("end_date")
    term_r = fields.get("initial_term")
    if term_r is not None and end_r is not None and end_r.order > term_r.order:
        # A later document (an amendment) moved the end date: the initial term follows it.
        given_end = _date(end_r)
        if start and given_end and given_end >= start:
            term_r = out["initial_term"] = _computed(
                deadlines.term_between(start, given_end).iso(), [fields["start_date"], end_r]
            )
    term = _dur(term_r.value) if term_r is not None else None
    from_start = term_r is not None and (
        term_r.source == "person" or term_r.confidence >= TERM_FROM_START
    )
    if end_r is None and start and term and from_start:
        out["end_date"] = _computed(
            deadlines.end_date(start, term).isoformat(),
            [fields["start_date"], term_r],
        )
    elif (
        "initial_term" not in fields
        and start
        and (given_end := _date(end_r))
        and given_end >= start
    ):
        out["initial_term"] = _computed(
            deadlines.term_between(start, given_end).iso(), [fields["start_date"], end_r]
        )
    end = _date(out.get("end_date"))
    renewal = fields.get("renewal")
    rvalue = renewal.value if renewal else None
    rtype = rvalue.get("type") if isinstance(rvalue, dict) else None
    notice_r = fields.get("notice_period")
    notice = _dur(notice_r.value) if notice_r else None
    if end and notice and rtype == "automatic":
        out["notice_deadline"] = _computed(
            deadlines.notice_deadline(end, notice).isoformat(), [out["end_date"], notice_r]
        )
    if end and rtype == "option" and renewal is not None:
        lead = _dur(rvalue.get("exercise_notice")) if isinstance(rvalue, dict) else None
        if lead:
            out["option_deadline"] = _computed(
                deadlines.notice_deadline(end, lead).isoformat(), [out["end_date"], renewal]
            )
    period = _dur(rvalue.get("period")) if isinstance(rvalue, dict) else None
    runs_on = isinstance(rvalue, dict) and rvalue.get("period") == INDEFINITE
    if end and rtype == "automatic" and runs_on and as_of > end:
        out["current_term_end"] = _computed(INDEFINITE, [out["end_date"], renewal])
    elif end and rtype == "automatic" and period and not period.is_zero and not period.has_time:
        max_r = rvalue.get("max") if isinstance(rvalue, dict) else None
        current, _k = deadlines.roll_forward(end, period, as_of, max_r)
        out["current_term_end"] = _computed(current.isoformat(), [out["end_date"], renewal])
        if notice:
            nxt = deadlines.next_notice_deadline(end, notice, period, as_of, max_r)
            if nxt is not None:
                out["next_notice_deadline"] = _computed(
                    nxt.isoformat(), [out["end_date"], notice_r, renewal]
                )
    elif end:
        out["current_term_end"] = _computed(end.isoformat(), [out["end_date"]])
        if "notice_deadline" in out:
            out["next_notice_deadline"] = out["notice_deadline"]
    return out


def _computed(value: Any, basis: Sequence[Resolved | None]) -> Resolved:
    parts = [b for b in basis if b is not None]
    evidence = [e for b in parts for e in b.evidence]
    confidence = min((b.confidence for b in parts), default=0.0)
    return Resolved(value, confidence, "computed", evidence)


def contract_file(store: Store, contract_id: int, as_of: dt.date) -> dict[str, Any]:
    """The whole contract file as JSON-ready data (the shape of `dossier show --json`)."""
    contract = store.contract(contract_id)
    documents = store.documents([contract_id])
    docs = {d["id"]: d for d in documents}
    paths = store.document_paths(list(docs))
    facts = store.rows("facts", [contract_id])
    fields = derive(resolve_fields(facts, docs), as_of)
    parties = _parties(facts, docs)
    amounts = [
        {**(f["value"] or {}), "confidence": f["confidence"], "evidence": _evidence(f, docs)}
        for f in facts
        if f["field"] == "amount" and f["active"]
    ]
    obligations = [
        {
            "id": o["id"],
            "party": o["party"],
            "action": o["action"],
            "due": o["due"],
            "due_date": o["due_date"].isoformat() if o["due_date"] else None,
            "rule": o["rule"],
            "recurring": o["recurring"],
            "clause": o["clause_ref"],
            "page": o["page"],
            "quote": o["quote"],
            "confidence": o["confidence"],
            "status": o["status"],
            "document": docs[o["document_id"]]["sha256"] if o["document_id"] in docs else None,
        }
        for o in store.rows("obligations", [contract_id])
    ]
    clauses = [
        {
            "ref": c["ref"],
            "heading": c["heading"],
            "types": c["types"],
            "page": c["page_start"],
            "document_id": c["document_id"],
        }
        for c in store.rows("clauses", [contract_id])
    ]
    out: dict[str, Any] = {
        "id": contract_id,
        "title": contract["title"],
        "language": contract["language"],
        "dossier": contract["dossier"],
        "as_of": as_of.isoformat(),
        "documents": [
            {
                "id": d["id"],
                "role": d["role"],
                "seq": d["seq"],
                "title": d["title"],
                "sha256": d["sha256"],
                "pages": d["page_count"],
                "ocr_pages": d["ocr_pages"],
                "language": d["language"],
                "paths": [p["path"] for p in paths.get(d["id"], [])],
                "added": d["created_at"],
            }
            for d in documents
        ],
        "parties": parties,
    }
    for key in (
        "signing_date",
        "start_date",
        "end_date",
        "initial_term",
        "renewal",
        "notice_period",
        "notice_deadline",
        "option_deadline",
        "current_term_end",
        "next_notice_deadline",
        "governing_law",
        "forum",
    ):
        r = fields.get(key)
        out[key] = r.as_dict() if r is not None else None
    out["amounts"] = amounts
    out["obligations"] = obligations
    out["clauses"] = clauses
    out["needs_checking"] = needs_checking(out)
    return out


def _parties(
    facts: Sequence[Mapping[str, Any]], docs: Mapping[int, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for f in sorted(facts, key=lambda f: (-(f["source"] == "person"), f["id"])):
        if f["field"] != "party" or not f["active"] or not isinstance(f["value"], dict):
            continue
        name = str(f["value"].get("name") or "").strip()
        key = name.lower()
        if not name or key in seen:
            continue
        seen[key] = {
            "name": name,
            "role": f["value"].get("role"),
            "kvk": f["value"].get("kvk"),
            "trade_name": f["value"].get("trade_name"),
            "confidence": f["confidence"],
            "source": f["source"],
            "evidence": _evidence(f, docs),
        }
    return list(seen.values())


def _term_disagrees(view: Mapping[str, Any]) -> str | None:
    """Why a person should check the term when the start date and initial term, both read (or
    set), give an end more than a month from an end date read apart from them (a term and an end
    read from different sentences, one of them about something else), else None."""
    start, term, end = (view.get(f) for f in ("start_date", "initial_term", "end_date"))
    if start is None or term is None or end is None:
        return None
    if "computed" in (term.get("source"), end.get("source")):
        return None  # one follows from the other
    begins, ends, length = _day(start["value"]), _day(end["value"]), _dur(term["value"])
    if begins is None or ends is None or length is None or length.has_time:
        return None
    computed = deadlines.disagreeing_end(begins, length, ends)
    if computed is None:
        return None
    return (
        f"the start date plus the initial term ends {computed.isoformat()}, not on the end date "
        f"{ends.isoformat()}: check which is right"
    )


def _notice_before_start(view: Mapping[str, Any]) -> str | None:
    """Why a person should check the notice period when notice for the initial term had to be
    received before the contract started (a notice period as long as the term, or longer)."""
    start, deadline = view.get("start_date"), view.get("notice_deadline")
    if start is None or deadline is None:
        return None
    begins, last = _day(start["value"]), _day(deadline["value"])
    if begins is None or last is None or last >= begins:
        return None
    return (
        f"the notice deadline for the initial term, {last.isoformat()}, falls before the start "
        f"date {begins.isoformat()}: check the notice period and the term"
    )


def needs_checking(view: Mapping[str, Any]) -> list[str]:
    """Why a person should look at this contract's term facts (empty when they look sound)."""
    reasons: list[str] = []
    end = view.get("end_date")
    term = view.get("initial_term")
    if end is None and term is not None and term["confidence"] < TERM_FROM_START:
        reasons.append(
            "the initial term counts from an event, not the start (see its quote): set the end date"
        )
    elif end is None:
        reasons.append("no end date found (and none computable from start and term)")
    elif end["confidence"] < LOW_CONFIDENCE:
        reasons.append(f"end date uncertain (confidence {end['confidence']:.2f})")
    disagree = _term_disagrees(view)
    if disagree is not None:
        reasons.append(disagree)
    early = _notice_before_start(view)
    if early is not None:
        reasons.append(early)
    renewal = view.get("renewal")
    rvalue = renewal["value"] if renewal and isinstance(renewal["value"], dict) else {}
    rtype, period = rvalue.get("type"), rvalue.get("period")
    notice = view.get("notice_period")
    length = _dur(period)
    if rtype == "automatic" and period != INDEFINITE and (length is None or length.is_zero):
        reasons.append(
            "renews automatically but the renewal period is unknown: later terms cannot be "
            "rolled forward"
        )
    if rtype == "automatic" and notice is None:
        reasons.append("renews automatically but no notice period found")
    elif notice is not None and notice["confidence"] < LOW_CONFIDENCE:
        reasons.append(f"notice period uncertain (confidence {notice['confidence']:.2f})")
    if renewal is None and end is not None and end.get("value") != INDEFINITE:
        reasons.append("no renewal clause found: check whether it renews")
    return reasons
