"""Reports a contract manager reads each week: obligations, deadlines, and a contract's file.

The pipeline of every report, top to bottom:

1. the CLI asks access control which contracts the principal may read;
2. :func:`load_files` reads each one's contract file (:func:`contractdossier.dossier.contract_file`,
   which resolves the facts and computes every deadline with :mod:`contractdossier.deadlines`);
3. a builder turns the files into typed rows (:mod:`.obligations`, :mod:`.deadlines_report`,
   :mod:`.dossier_report`); builders are pure: contract-file dicts and ``as_of`` in, rows out;
4. :mod:`.render` writes the rows as a terminal table, CSV, JSON, Markdown, HTML or iCalendar.

Nothing here computes a date rule of its own; the one place those live is ``deadlines``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from contractdossier import deadlines
from contractdossier.deadlines import Duration
from contractdossier.dossier import contract_file
from contractdossier.store import Store

# Dated items within this many days of ``as_of`` are "upcoming" unless a report says otherwise.
DEFAULT_WINDOW = Duration(days=90)
LOW_CONFIDENCE = 0.6  # the contract file's threshold for "uncertain"


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    html = "html"
    ics = "ics"


class When(StrEnum):
    """Where a date lies relative to ``as_of`` and the report's window."""

    past = "past"  # before as_of (the day itself is still in time)
    upcoming = "upcoming"  # from as_of up to and including as_of + window
    far = "far"  # later


_WINDOW = re.compile(
    r"^\s*(\d{1,5})\s*(d|day|days|w|wk|weeks?|m|mo|months?|y|yr|years?)?\s*$", re.I
)


def parse_window(text: str) -> Duration:
    """``90d``, ``12w``, ``3m``, ``1y`` (a bare number is days) or an ISO 8601 duration (``P90D``).

    ValueError for anything else, for zero, and for hours or minutes.
    """
    raw = text.strip()
    if raw.upper().startswith("P"):
        dur = Duration.from_iso(raw)
    else:
        m = _WINDOW.match(raw)
        if m is None:
            raise ValueError(f"not a period: {text!r} (use e.g. 90d, 12w, 3m, 1y or P90D)")
        n, unit = int(m.group(1)), (m.group(2) or "d").lower()
        if unit.startswith("d"):
            dur = Duration(days=n)
        elif unit.startswith("w"):
            dur = Duration(weeks=n)
        elif unit.startswith("m"):
            dur = Duration(months=n)
        else:
            dur = Duration(years=n)
    if dur.is_zero or dur.has_time:
        raise ValueError(f"a report window must be a positive number of days, not {text!r}")
    return dur


def horizon(as_of: dt.date, window: Duration) -> dt.date:
    """The last day of the window that starts on ``as_of`` (``deadlines`` arithmetic)."""
    return deadlines.add(as_of, window)


def when(day: dt.date, as_of: dt.date, last: dt.date) -> When:
    if day < as_of:
        return When.past
    return When.upcoming if day <= last else When.far


def load_files(store: Store, contract_ids: Iterable[int], as_of: dt.date) -> list[dict[str, Any]]:
    """The contract files of the given contracts (ascending id), each obligation completed with
    who set its status, when, and the note (the contract file carries only the status)."""
    ids = sorted(set(contract_ids))
    tracking = {int(o["id"]): o for o in store.rows("obligations", ids)} if ids else {}
    files = []
    for cid in ids:
        view = contract_file(store, cid, as_of)
        for o in view["obligations"]:
            row = tracking.get(int(o["id"]), {})
            o.setdefault("status_by", row.get("status_by"))
            o.setdefault("status_at", row.get("status_at"))
            o.setdefault("note", row.get("note"))
        files.append(view)
    return files


# -- reading a contract file ------------------------------------------------------------------


def fact(view: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    value = view.get(key)
    return value if isinstance(value, Mapping) else None


def fact_value(view: Mapping[str, Any], key: str) -> Any:
    f = fact(view, key)
    return None if f is None else f.get("value")


def fact_date(view: Mapping[str, Any], key: str) -> dt.date | None:
    """A date field's value as a date (``None`` when absent, ``indefinite`` or unreadable)."""
    value = fact_value(view, key)
    if not isinstance(value, str) or value == "indefinite":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def renewal_of(view: Mapping[str, Any]) -> Mapping[str, Any]:
    value = fact_value(view, "renewal")
    return value if isinstance(value, Mapping) else {}


def duration_of(value: Any) -> Duration | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return Duration.from_iso(value)
    except ValueError:
        return None


NO_ROLE = "role not stated"  # a party whose defined term names no role ("Water Now")

_UNITS = (
    ("years", "year"),
    ("months", "month"),
    ("weeks", "week"),
    ("days", "day"),
    ("business_days", "business day"),
    ("hours", "hour"),
    ("minutes", "minute"),
)


def _words(d: Duration, iso: str) -> str:
    counts = [(getattr(d, name), unit) for name, unit in _UNITS]
    return " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in counts if n) or iso


def human_duration(value: Any) -> str:
    """``P60D`` -> ``60 days``, ``P1Y6M`` -> ``1 year 6 months``, ``P10BD`` -> ``10 business
    days``, for text a person reads (the JSON keeps ISO 8601); anything else as it is."""
    d = duration_of(value)
    if d is None:
        return "" if value is None else str(value)
    return _words(d, str(value))


def readable(value: Any) -> str:
    """A fact's value for a person: a duration as words with its ISO value ("3 months (P3M)"),
    anything else as it is."""
    d = duration_of(value)
    if d is None:
        return "" if value is None else str(value)
    return f"{_words(d, str(value))} ({value})"


def first_evidence(f: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The first piece of evidence with a quote or a place (for a row's "where")."""
    if f is None:
        return {}
    for ev in f.get("evidence") or []:
        if ev.get("quote") or ev.get("clause") or ev.get("page"):
            return dict(ev)
    return {}


def in_dossier(view: Mapping[str, Any], folder: str) -> bool:
    """Is the contract in ``folder`` or a folder below it (``''`` is the inbox root only)?"""
    wanted = folder.strip().strip("/")
    have = str(view.get("dossier") or "")
    if not wanted:
        return have == ""
    return have == wanted or have.startswith(wanted + "/")


def describe_renewal(value: Any) -> str:
    """``automatic, by 12 months``; ``option, by 12 months, at most 2x, by Opdrachtgever, ...``;
    ``automatic, runs on for an indefinite period``; ``none``."""
    if not isinstance(value, Mapping):
        return "" if value is None else str(value)
    parts = [str(value.get("type") or "?")]
    if value.get("period") == "indefinite":
        parts.append("runs on for an indefinite period")
    elif value.get("period"):
        parts.append(f"by {human_duration(value['period'])}")
    if value.get("max") is not None:
        parts.append(f"at most {value['max']}x")
    if value.get("holder"):
        parts.append(f"by {value['holder']}")
    if value.get("exercise_notice"):
        parts.append(f"exercise {human_duration(value['exercise_notice'])} before the end")
    return ", ".join(parts)
