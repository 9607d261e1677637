"""The obligations report: what must be done, by whom, by when.

One row per recognised obligation of the contracts given, with the party that must act (the role
as written and, when the contract names a party in that role, its name), the action, the due date
and the clause, page and quote it was read from.

The due date of a row:

- a one-off obligation: its due date as recognised (:class:`DueBasis.date`);
- a recurring obligation: the next occurrence on or after ``as_of`` from
  :func:`contractdossier.deadlines.next_occurrence` (:class:`DueBasis.next`). The rule is read
  from the deadline phrase as written; when that reading does not give back the recognised first
  occurrence, the occurrences are counted from the first one by the cycle instead
  (:class:`DueBasis.stepped`, still through ``next_occurrence``). No occurrence left in the
  term: :class:`DueBasis.ended`;
- a deadline that hangs on an event with no date (an invoice, a report, the end of the contract):
  no date; the rule or phrase is shown (:class:`DueBasis.event`).

Order: overdue rows first (open, due before ``as_of``; the due day itself is still in time), then
by due date, then rows without a date; ties by contract and obligation id.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from contractdossier import deadlines
from contractdossier.deadlines import DueKind, DueRule, Duration, Periods
from contractdossier.reports import fact_date, horizon, in_dossier

log = logging.getLogger(__name__)


class DueBasis(StrEnum):
    date = "date"  # a one-off due date
    next = "next"  # next occurrence of a recurring obligation, from its rule
    stepped = "stepped"  # next occurrence counted from the first by the cycle
    ended = "ended"  # recurring, but no occurrence left in the term
    event = "event"  # hangs on an event with no date: the rule is shown
    none = "none"  # no deadline stated


class StatusFilter(StrEnum):
    open = "open"
    done = "done"
    all = "all"


@dataclass(frozen=True, slots=True)
class ObligationFilter:
    contract_ids: frozenset[int] | None = None
    party: str | None = None  # case-insensitive part of the role or the party's name
    dossier: str | None = None  # a folder and everything below it
    due_before: dt.date | None = None  # due strictly before this day
    due_within: Duration | None = None  # due on or before as_of + this (overdue ones included)
    status: StatusFilter = StatusFilter.open

    def as_dict(self) -> dict[str, Any]:
        return {
            "contracts": sorted(self.contract_ids) if self.contract_ids is not None else None,
            "party": self.party,
            "dossier": self.dossier,
            "due_before": self.due_before.isoformat() if self.due_before else None,
            "due_within": self.due_within.iso() if self.due_within else None,
            "status": self.status.value,
        }

    @property
    def dated_only(self) -> bool:
        return self.due_before is not None or self.due_within is not None


@dataclass(frozen=True, slots=True)
class ObligationRow:
    id: int
    contract_id: int
    contract_title: str
    dossier: str
    party: str | None  # as recognised (a role: "Opdrachtnemer", "Supplier")
    party_name: str | None  # the party the contract names in that role
    action: str
    due_date: dt.date | None
    due: str  # what to show: the date, or the rule / phrase when there is none
    basis: DueBasis
    recurring: str | None
    overdue: bool
    days_left: int | None  # due_date - as_of; negative when overdue
    status: str
    status_by: str | None
    status_at: str | None
    note: str | None
    clause: str | None
    page: int | None
    quote: str
    confidence: float

    @property
    def who(self) -> str:
        if self.party and self.party_name and self.party_name != self.party:
            return f"{self.party} ({self.party_name})"
        return self.party or self.party_name or "?"


@dataclass(frozen=True, slots=True)
class ObligationsReport:
    as_of: dt.date
    filters: ObligationFilter
    contract_ids: tuple[int, ...]  # the contracts the report covered
    rows: tuple[ObligationRow, ...] = field(default_factory=tuple)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)


def build(
    views: Sequence[Mapping[str, Any]],
    as_of: dt.date,
    filters: ObligationFilter | None = None,
) -> ObligationsReport:
    """The report over ``views`` (contract files) on ``as_of``."""
    filters = filters or ObligationFilter()
    covered = [v for v in views if _contract_selected(v, filters)]
    rows = [r for v in covered for r in _rows(v, as_of) if _row_selected(r, as_of, filters)]
    rows.sort(key=sort_key)
    return ObligationsReport(as_of, filters, tuple(int(v["id"]) for v in covered), tuple(rows))


def sort_key(r: ObligationRow) -> tuple[Any, ...]:
    return (
        0 if r.overdue else 1,
        r.due_date is None,
        r.due_date or dt.date.max,
        r.contract_id,
        r.id,
    )


def _contract_selected(view: Mapping[str, Any], f: ObligationFilter) -> bool:
    if f.contract_ids is not None and int(view["id"]) not in f.contract_ids:
        return False
    return f.dossier is None or in_dossier(view, f.dossier)


def _row_selected(r: ObligationRow, as_of: dt.date, f: ObligationFilter) -> bool:
    if f.status is not StatusFilter.all and r.status != f.status.value:
        return False
    if f.party:
        needle = f.party.strip().lower()
        if needle not in (r.party or "").lower() and needle not in (r.party_name or "").lower():
            return False
    if f.dated_only and r.due_date is None:
        return False
    if f.due_before is not None and r.due_date is not None and r.due_date >= f.due_before:
        return False
    return not (
        f.due_within is not None
        and r.due_date is not None
        and r.due_date > horizon(as_of, f.due_within)
    )


def party_names(view: Mapping[str, Any]) -> dict[str, str]:
    """Role (lower case) -> the name of the party the contract gives that role."""
    out: dict[str, str] = {}
    for p in view.get("parties") or []:
        role, name = (p.get("role") or "").strip().lower(), (p.get("name") or "").strip()
        if role and name:
            out.setdefault(role, name)
    return out


def _rows(view: Mapping[str, Any], as_of: dt.date) -> list[ObligationRow]:
    names = party_names(view)
    out = []
    for o in view.get("obligations") or []:
        due_date, basis, due = due_of(o, view, as_of)
        status = str(o.get("status") or "open")
        party = o.get("party")
        out.append(
            ObligationRow(
                id=int(o["id"]),
                contract_id=int(view["id"]),
                contract_title=str(view.get("title") or ""),
                dossier=str(view.get("dossier") or ""),
                party=party,
                party_name=names.get((party or "").strip().lower()),
                action=str(o.get("action") or ""),
                due_date=due_date,
                due=due,
                basis=basis,
                recurring=o.get("recurring"),
                overdue=status == "open" and due_date is not None and due_date < as_of,
                days_left=(due_date - as_of).days if due_date is not None else None,
                status=status,
                status_by=o.get("status_by"),
                status_at=o.get("status_at"),
                note=o.get("note"),
                clause=o.get("clause"),
                page=o.get("page"),
                quote=str(o.get("quote") or ""),
                confidence=float(o.get("confidence") or 0.0),
            )
        )
    return out


def _iso(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def due_of(
    o: Mapping[str, Any], view: Mapping[str, Any], as_of: dt.date
) -> tuple[dt.date | None, DueBasis, str]:
    """(date the row is sorted on, how it was found, what to show) for one obligation."""
    first = _iso(o.get("due_date"))
    phrase = str(o.get("rule") or o.get("due") or "").strip()
    cycle_text = o.get("recurring")
    if cycle_text:
        anchors = _term_anchors(view)
        rule = _read_rule(o, view)
        ended = (None, DueBasis.ended, f"no occurrence left in the term ({phrase})")
        if rule is not None and _usable(rule, first, anchors):
            nxt = deadlines.next_occurrence(rule, as_of, anchors)
            return (nxt, DueBasis.next, nxt.isoformat()) if nxt is not None else ended
        stepped = _stepped_rule(str(cycle_text), first)
        if stepped is not None:
            assert stepped.first is not None
            counted = {deadlines.START: stepped.first, **anchors}  # term periods need a start
            nxt = deadlines.next_occurrence(stepped, as_of, counted)
            return (nxt, DueBasis.stepped, nxt.isoformat()) if nxt is not None else ended
        return None, DueBasis.event, phrase or f"every {cycle_text}"
    if first is not None:
        return first, DueBasis.date, first.isoformat()
    if phrase:
        return None, DueBasis.event, phrase
    return None, DueBasis.none, "no deadline"


def _term_anchors(view: Mapping[str, Any]) -> dict[str, dt.date]:
    """``start`` and the end of the current term (rolled forward over automatic renewals)."""
    anchors: dict[str, dt.date] = {}
    start = fact_date(view, "start_date")
    end = fact_date(view, "current_term_end")
    if start is not None:
        anchors[deadlines.START] = start
    if end is not None:
        anchors[deadlines.END] = end
    return anchors


def _read_rule(o: Mapping[str, Any], view: Mapping[str, Any]) -> DueRule | None:
    """The deadline phrase as a rule, read the way recognition reads it."""
    from contractdossier.recognise.dates import parse_due

    phrase = str(o.get("due") or "")
    if not phrase:
        return None
    language = view.get("language")
    try:
        return parse_due(
            phrase, language if language in ("nl", "en") else None, str(o.get("quote") or "")
        )
    except ValueError:
        return None


def _usable(rule: DueRule, first: dt.date | None, anchors: Mapping[str, dt.date]) -> bool:
    """A recurring rule that gives a first occurrence, the one recognition found (if any)."""
    if rule.kind is not DueKind.recurring:
        return False
    try:
        own = deadlines.due_date(rule, anchors)
    except ValueError:
        return False
    return own is not None and (first is None or own == first)


def _stepped_rule(cycle_text: str, first: dt.date | None) -> DueRule | None:
    """Occurrences ``first``, ``first + cycle``, ... (for a rule that could not be read)."""
    if first is None:
        return None
    try:
        cycle = Duration.from_iso(cycle_text)
    except ValueError:
        log.warning("unusable cycle %r on a recurring obligation", cycle_text)
        return None
    for periods in (Periods.calendar, Periods.term):  # term: cycles without calendar periods
        try:
            return DueRule(DueKind.recurring, cycle=cycle, periods=periods, first=first)
        except ValueError:
            continue
    return None
