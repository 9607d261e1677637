"""The deadlines report: which contracts need a decision soon, and which need checking first.

Per contract, from its contract file (every date computed there, by ``deadlines``):

- **notice**: the next notice deadline of a contract that renews automatically, rolled forward
  over the renewals already past: the last day notice must be *received* to stop the next renewal;
- **renewal**: the day the next automatic renewal takes effect, and whether notice can still
  stop it (the current term's notice deadline may have passed: then the next notice deadline
  is for the term after);
- **option**: the last day to exercise an option to extend;
- **end**: the end of the current term (an expired contract's end lies before ``as_of``).

Each row is ``past``, ``upcoming`` (from ``as_of`` up to the end of the window, 90 days unless
``within`` is given) or ``far``. With ``within`` only upcoming rows are listed.

Contracts whose term facts are missing or uncertain are listed separately under "needs checking"
(whatever the window), with the reasons: the contract file's own (no end date, notice period
missing or uncertain, no renewal clause) plus uncertain start, term or renewal, an option without
an exercise period, and an automatic renewal without a renewal period. A row of such a contract,
or a row whose date rests on an uncertain fact, is marked ``check``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from contractdossier import deadlines
from contractdossier.deadlines import Duration
from contractdossier.reports import (
    DEFAULT_WINDOW,
    LOW_CONFIDENCE,
    When,
    duration_of,
    fact,
    fact_date,
    first_evidence,
    horizon,
    human_duration,
    renewal_of,
    when,
)


class DeadlineKind(StrEnum):
    notice = "notice"
    option = "option"
    renewal = "renewal"
    end = "end"


_KIND_ORDER = {k: i for i, k in enumerate(DeadlineKind)}

# Term facts whose uncertainty puts a contract under "needs checking" (beyond the contract
# file's own reasons, which cover the end date and the notice period).
_ALSO_CHECKED = (
    ("start_date", "start date"),
    ("initial_term", "initial term"),
    ("renewal", "renewal clause"),
)


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    contract_id: int
    contract_title: str
    dossier: str
    kind: DeadlineKind
    date: dt.date
    when: When
    days_left: int
    what: str
    confidence: float
    confirmed: bool  # every fact it rests on was set or confirmed by a person
    check: bool
    clause: str | None
    page: int | None
    quote: str


@dataclass(frozen=True, slots=True)
class CheckRow:
    contract_id: int
    contract_title: str
    dossier: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeadlinesReport:
    as_of: dt.date
    window: Duration | None  # given with --within; None: every row, 90 days marks "upcoming"
    last_day: dt.date  # the last day that counts as upcoming
    contract_ids: tuple[int, ...]
    rows: tuple[DeadlineRow, ...] = field(default_factory=tuple)
    checks: tuple[CheckRow, ...] = field(default_factory=tuple)

    @property
    def upcoming(self) -> int:
        return sum(1 for r in self.rows if r.when is When.upcoming)


def build(
    views: Sequence[Mapping[str, Any]], as_of: dt.date, within: Duration | None = None
) -> DeadlinesReport:
    last = horizon(as_of, within or DEFAULT_WINDOW)
    rows: list[DeadlineRow] = []
    checks: list[CheckRow] = []
    for view in views:
        reasons = check_reasons(view)
        if reasons:
            checks.append(
                CheckRow(
                    int(view["id"]),
                    str(view.get("title") or ""),
                    str(view.get("dossier") or ""),
                    tuple(reasons),
                )
            )
        for row in contract_rows(view, as_of, last, bool(reasons)):
            if within is None or row.when is When.upcoming:
                rows.append(row)
    rows.sort(key=lambda r: (r.date, _KIND_ORDER[r.kind], r.contract_id))
    return DeadlinesReport(
        as_of, within, last, tuple(int(v["id"]) for v in views), tuple(rows), tuple(checks)
    )


def check_reasons(view: Mapping[str, Any]) -> list[str]:
    """Why a person should check this contract's term facts (empty when they look sound)."""
    reasons = list(view.get("needs_checking") or [])
    for key, label in _ALSO_CHECKED:
        f = fact(view, key)
        if f is not None and not f.get("confirmed") and float(f["confidence"]) < LOW_CONFIDENCE:
            reasons.append(f"{label} uncertain (confidence {float(f['confidence']):.2f})")
    renewal = renewal_of(view)
    if renewal.get("type") == "option" and fact(view, "option_deadline") is None:
        reasons.append(
            "option to extend but no exercise period found: the option deadline cannot be computed"
        )
    return reasons


def contract_rows(
    view: Mapping[str, Any], as_of: dt.date, last: dt.date, needs_check: bool = False
) -> list[DeadlineRow]:
    """The dated rows of one contract (no window applied)."""
    renewal = renewal_of(view)
    rtype = renewal.get("type")
    period = renewal.get("period")
    period_text = human_duration(period)
    notice = fact(view, "notice_period")
    notice_text = human_duration(notice["value"]) if notice is not None else "?"
    out: list[DeadlineRow] = []

    def add(kind: DeadlineKind, key: str, day: dt.date, what: str) -> None:
        f = fact(view, key) or {}
        ev = first_evidence(f)
        confidence = float(f.get("confidence") or 0.0)
        out.append(
            DeadlineRow(
                contract_id=int(view["id"]),
                contract_title=str(view.get("title") or ""),
                dossier=str(view.get("dossier") or ""),
                kind=kind,
                date=day,
                when=when(day, as_of, last),
                days_left=(day - as_of).days,
                what=what,
                confidence=confidence,
                confirmed=_all_confirmed(view, key),
                check=needs_check or confidence < LOW_CONFIDENCE,
                clause=ev.get("clause"),
                page=ev.get("page"),
                quote=str(ev.get("quote") or ""),
            )
        )

    term_end = fact_date(view, "current_term_end")
    nxt = fact_date(view, "next_notice_deadline")
    option = fact_date(view, "option_deadline")
    notice_term = notice_term_end(view) if nxt is not None else None

    renews = renews_after_current_term(view, as_of) if rtype == "automatic" else False
    in_time = notice_term is not None and notice_term == term_end

    if nxt is not None:
        ends = f" to end it on {notice_term}" if notice_term else ""
        add(
            DeadlineKind.notice,
            "next_notice_deadline",
            nxt,
            f"last day for notice ({notice_text}) to be received{ends}",
        )
    if option is not None:
        holder = f" (holder: {renewal['holder']})" if renewal.get("holder") else ""
        add(
            DeadlineKind.option,
            "option_deadline",
            option,
            f"last day to exercise the option to extend by {period_text}{holder}",
        )
    if term_end is None:
        return out
    if term_end < as_of and rtype == "automatic" and renews is None and period != "indefinite":
        # it renewed, but for how long is not known: no end can be said to have passed
        what = "initial term ended; renews automatically (renewal period unknown)"
    elif term_end < as_of:
        what = "contract ended"
    elif rtype == "automatic" and period == "indefinite":
        what = "term ends; the contract then runs on for an indefinite period " + (
            "unless notice is given" if in_time else "(too late for notice this term)"
        )
        renews = False
    elif rtype == "automatic" and renews is None:
        what = "current term ends; renews automatically (renewal period unknown)"
    elif rtype == "automatic" and not renews:
        what = "contract ends (no renewal left)"
    elif rtype == "automatic":
        what = f"current term ends; renews by {period_text} " + (
            "unless notice is given" if in_time else "(too late for notice this term)"
        )
    elif rtype == "option":
        what = "contract ends unless the option to extend is exercised"
    else:
        what = "contract ends"
    add(DeadlineKind.end, "current_term_end", term_end, what)
    if renews and term_end >= as_of:
        if in_time:
            why = f"unless notice is received by {nxt}"
        elif nxt is None:
            why = "(no notice period found)"
        else:
            why = "(the notice deadline for this term has passed)"
        add(
            DeadlineKind.renewal,
            "current_term_end",
            term_end + deadlines.ONE_DAY,
            f"renews automatically for {period_text} {why}",
        )
    return out


def renews_after_current_term(view: Mapping[str, Any], as_of: dt.date) -> bool | None:
    """Does another automatic renewal follow the current term (``None``: the period is unknown)?"""
    end = fact_date(view, "end_date")
    renewal = renewal_of(view)
    period = duration_of(renewal.get("period"))
    if end is None or period is None or period.is_zero or period.has_time:
        return None
    max_r = renewal.get("max") if isinstance(renewal.get("max"), int) else None
    _, k = deadlines.roll_forward(end, period, as_of, max_r)
    return max_r is None or k < max_r


def notice_term_end(view: Mapping[str, Any]) -> dt.date | None:
    """The end of the term that the next notice deadline stops: the term whose notice deadline
    (by ``deadlines.notice_deadline``) is the contract file's ``next_notice_deadline``."""
    nxt = fact_date(view, "next_notice_deadline")
    end = fact_date(view, "end_date")
    renewal = renewal_of(view)
    notice = duration_of((fact(view, "notice_period") or {}).get("value"))
    period = duration_of(renewal.get("period"))
    if nxt is None or end is None or notice is None:
        return None
    if period is None or period.is_zero or period.has_time:
        return end if deadlines.notice_deadline(end, notice) == nxt else None
    max_r = renewal.get("max") if isinstance(renewal.get("max"), int) else None
    _, k = deadlines.roll_forward(end, period, nxt, max_r)  # a term ends on/after its deadline
    for _ in range(1000):
        term_end = deadlines.renewal_end(end, period, k)
        deadline = deadlines.notice_deadline(term_end, notice)
        if deadline == nxt:
            return term_end
        if deadline > nxt or (max_r is not None and k >= max_r):
            return None
        k += 1
    return None


# What each computed date rests on (the rules in contractdossier.dossier.derive).
_BASIS = {
    "next_notice_deadline": ("end_date", "notice_period", "renewal"),
    "option_deadline": ("end_date", "renewal"),
    "current_term_end": ("end_date", "renewal"),
    "end_date": ("start_date", "initial_term"),
}


def _all_confirmed(view: Mapping[str, Any], key: str, depth: int = 0) -> bool:
    """Was the fact set by a person, or (computed) does everything it rests on come from one?"""
    f = fact(view, key)
    if f is None or depth > 3:
        return False
    if f.get("confirmed"):
        return True
    if f.get("source") != "computed" or key not in _BASIS:
        return False
    present = [b for b in _BASIS[key] if fact(view, b) is not None]
    return bool(present) and all(_all_confirmed(view, b, depth + 1) for b in present)
