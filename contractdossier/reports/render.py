"""Reports as text: a terminal table, CSV, JSON, Markdown, HTML or iCalendar.

- **table**: for the terminal (rich, via ``output.table_text``); overdue rows say ``OVERDUE``.
- **csv**: one row per report row, the same fields as the JSON rows (a dossier report is written
  long: one line per item with its section).
- **json**: the report with every row.
- **md**: headings and pipe tables, for a wiki or a ticket.
- **html**: one self-contained page (inline CSS, inline SVG timeline, no external resources, a
  Content-Security-Policy that forbids loading any), styled and printable, all text escaped.
- **ics**: an RFC 5545 calendar (this module is the only one that imports ``icalendar``): one
  all-day event per notice deadline, option deadline, end date and dated obligation, with
  reminders, and a UID made of (contract id, kind, obligation id) so that importing a newer
  export updates the events instead of adding copies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from contractdossier import clock, deadlines, output
from contractdossier.dossier import TERM_LABEL_WIDTH
from contractdossier.reports import (
    DEFAULT_WINDOW,
    NO_ROLE,
    Format,
    When,
    human_duration,
    readable,
    when,
)
from contractdossier.reports.deadlines_report import (
    CheckRow,
    DeadlineKind,
    DeadlineRow,
    DeadlinesReport,
)
from contractdossier.reports.dossier_report import DossierReport
from contractdossier.reports.obligations import ObligationRow, ObligationsReport

Report = ObligationsReport | DeadlinesReport | DossierReport

PRODID = "-//contractdossier//dossier report//EN"
UID_DOMAIN = "contractdossier"
# Reminders, in days before the event.
ALARMS: Mapping[str, tuple[int, ...]] = {
    "notice": (30, 7),
    "option": (30, 7),
    "end": (30,),
    "obligation": (7,),
}
TIMELINE_MAX = 80  # events drawn on the timeline; the tables list every row

KIND_LABEL = {
    DeadlineKind.notice: "notice deadline",
    DeadlineKind.option: "option deadline",
    DeadlineKind.renewal: "renewal",
    DeadlineKind.end: "end of term",
}


def render(
    report: Report,
    fmt: Format | str,
    *,
    user: str | None = None,
    now: dt.datetime | None = None,
    width: int | None = None,
) -> str:
    """The report as text in ``fmt``. ``now`` stamps HTML and ICS (default: the clock)."""
    fmt = Format(fmt)
    now = now or clock.now()
    if fmt is Format.json:
        return output.json_text(to_data(report)) + "\n"
    if fmt is Format.csv:
        return csv_text(report)
    if fmt is Format.ics:
        return ics_text(report, now=now)
    if fmt is Format.html:
        return html_text(report, user=user, now=now)
    if fmt is Format.md:
        return md_text(report)
    return table_text(report, width=width)


# -- data -------------------------------------------------------------------------------------


def _plain(row: Any) -> dict[str, Any]:
    data: dict[str, Any] = output.to_jsonable(dataclasses.asdict(row))
    return data


def to_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    if isinstance(report, ObligationsReport):
        return {
            "report": "obligations",
            "as_of": report.as_of.isoformat(),
            "filters": report.filters.as_dict(),
            "contracts": list(report.contract_ids),
            "overdue": report.overdue,
            "rows": [_plain(r) for r in report.rows],
        }
    if isinstance(report, DeadlinesReport):
        return {
            "report": "deadlines",
            "as_of": report.as_of.isoformat(),
            "within": report.window.iso() if report.window else None,
            "upcoming_until": report.last_day.isoformat(),
            "contracts": list(report.contract_ids),
            "rows": [_plain(r) for r in report.rows],
            "needs_checking": [_plain(c) for c in report.checks],
        }
    return {
        "report": "dossier",
        "as_of": report.as_of.isoformat(),
        "contract": {
            "id": report.contract_id,
            "title": report.title,
            "dossier": report.dossier,
            "language": report.language,
        },
        "parties": [_plain(p) for p in report.parties],
        "term": [_plain(f) for f in report.term],
        "deadlines": [_plain(r) for r in report.deadlines.rows],
        "needs_checking": list(report.needs_checking),
        "obligations": [_plain(r) for r in report.obligations.rows],
        "documents": [_plain(d) for d in report.documents],
        "amounts": [_plain(a) for a in report.amounts],
        "confirmed": list(report.confirmed),
    }


OBLIGATION_COLUMNS = tuple(f.name for f in dataclasses.fields(ObligationRow))
DEADLINE_COLUMNS = ("section", *(f.name for f in dataclasses.fields(DeadlineRow)), "reasons")
DOSSIER_COLUMNS = (
    "section",
    "key",
    "label",
    "value",
    "source",
    "confirmed",
    "confidence",
    "where",
    "quote",
)


def csv_text(report: Report) -> str:
    if isinstance(report, ObligationsReport):
        return output.csv_text([_plain(r) for r in report.rows], OBLIGATION_COLUMNS)
    if isinstance(report, DeadlinesReport):
        rows = [{"section": "deadline", **_plain(r)} for r in report.rows]
        rows += [
            {
                "section": "needs_checking",
                "contract_id": c.contract_id,
                "contract_title": c.contract_title,
                "dossier": c.dossier,
                "reasons": "; ".join(c.reasons),
            }
            for c in report.checks
        ]
        return output.csv_text(rows, DEADLINE_COLUMNS)
    return output.csv_text(_dossier_long(report), DOSSIER_COLUMNS)


def _dossier_long(r: DossierReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"section": "contract", "key": k, "label": k, "value": v}
        for k, v in (
            ("id", r.contract_id),
            ("title", r.title),
            ("dossier", r.dossier),
            ("language", r.language),
            ("as_of", r.as_of.isoformat()),
        )
    ]
    rows += [
        {
            "section": "party",
            "key": p.role or "",
            "label": p.role or "",
            "value": p.name,
            "source": "person" if p.confirmed else "extracted",
            "confirmed": p.confirmed,
            "confidence": p.confidence,
            "where": p.where,
            "quote": p.quote,
        }
        for p in r.parties
    ]
    rows += [
        {
            "section": "term",
            "key": f.key,
            "label": f.label,
            "value": f.value,
            "source": f.source,
            "confirmed": f.confirmed,
            "confidence": f.confidence,
            "where": f.where,
            "quote": f.quote,
        }
        for f in r.term
    ]
    rows += [
        {
            "section": "deadline",
            "key": d.kind.value,
            "label": d.what,
            "value": d.date.isoformat(),
            "source": d.when.value,
            "confirmed": d.confirmed,
            "confidence": d.confidence,
            "where": _where(d.clause, d.page),
            "quote": d.quote,
        }
        for d in r.deadlines.rows
    ]
    rows += [{"section": "needs_checking", "value": reason} for reason in r.needs_checking]
    rows += [
        {
            "section": "obligation",
            "key": str(o.id),
            "label": f"{o.who}: {o.action}",
            "value": o.due,
            "source": o.status,
            "confidence": o.confidence,
            "where": _where(o.clause, o.page),
            "quote": o.quote,
        }
        for o in r.obligations.rows
    ]
    rows += [
        {
            "section": "document",
            "key": str(d.seq + 1),
            "label": d.role,
            "value": d.title,
            "where": "; ".join(d.paths),
            "quote": d.sha256,
        }
        for d in r.documents
    ]
    rows += [
        {"section": "amount", "label": a.what, "value": a.text, "where": a.where} for a in r.amounts
    ]
    return rows


def _where(clause: str | None, page: int | None) -> str:
    parts = []
    if clause:
        parts.append(f"art. {clause}")
    if page:
        parts.append(f"p. {page}")
    return ", ".join(parts)


# -- terminal ---------------------------------------------------------------------------------


def _obligation_cells(r: ObligationRow) -> dict[str, Any]:
    status = r.status if r.status == "open" else f"{r.status} ({r.status_by or '?'})"
    return {
        "flag": "OVERDUE" if r.overdue else "",
        "due": r.due
        + (f" (every {human_duration(r.recurring)})" if r.recurring and r.due_date else ""),
        "days": r.days_left,
        "contract": f"{r.contract_id} {r.contract_title}",
        "party": r.who,
        "action": r.action,
        "where": _where(r.clause, r.page),
        "status": status,
        "id": r.id,
    }


OBLIGATION_TABLE = (
    ("flag", ""),
    ("due", "Due"),
    ("days", "Days"),
    ("id", "#"),
    ("contract", "Contract"),
    ("party", "Party"),
    ("action", "Obligation"),
    ("where", "Where"),
    ("status", "Status"),
)


def _deadline_cells(r: DeadlineRow) -> dict[str, Any]:
    flag = {When.past: "past", When.upcoming: "SOON", When.far: ""}[r.when]
    if r.check:
        flag = (flag + " CHECK").strip()
    return {
        "flag": flag,
        "date": r.date.isoformat(),
        "days": r.days_left,
        "kind": KIND_LABEL[r.kind],
        "contract": f"{r.contract_id} {r.contract_title}",
        "what": r.what,
        "confidence": f"{r.confidence:.2f}" + (" confirmed" if r.confirmed else ""),
    }


DEADLINE_TABLE = (
    ("flag", ""),
    ("date", "Date"),
    ("days", "Days"),
    ("kind", "Kind"),
    ("contract", "Contract"),
    ("what", "What"),
    ("confidence", "Confidence"),
)


def _obligations_title(r: ObligationsReport) -> str:
    status = r.filters.status.value
    return (
        f"Obligations ({status}) as of {r.as_of} — {len(r.rows)} row(s), {r.overdue} overdue, "
        f"{len(r.contract_ids)} contract(s)"
    )


def _deadlines_title(r: DeadlinesReport) -> str:
    window = f"within {human_duration(r.window.iso())}" if r.window else "all"
    return (
        f"Deadlines ({window}) as of {r.as_of} — {len(r.rows)} row(s), {r.upcoming} up to "
        f"{r.last_day}, {len(r.checks)} contract(s) to check"
    )


def table_text(report: Report, *, width: int | None = None) -> str:
    if isinstance(report, ObligationsReport):
        out = _obligations_title(report) + "\n"
        if not report.rows:
            return out + "No obligations match.\n"
        return out + output.table_text(
            [_obligation_cells(r) for r in report.rows], OBLIGATION_TABLE, width=width
        )
    if isinstance(report, DeadlinesReport):
        return _deadlines_table(report, width)
    return _dossier_table(report, width)


def _deadlines_table(report: DeadlinesReport, width: int | None) -> str:
    out = _deadlines_title(report) + "\n"
    if report.rows:
        out += output.table_text(
            [_deadline_cells(r) for r in report.rows], DEADLINE_TABLE, width=width
        )
    else:
        out += "No deadlines.\n"
    out += _checks_text(report.checks)
    return out


def _checks_text(checks: Sequence[CheckRow]) -> str:
    if not checks:
        return ""
    lines = ["", "Needs checking (a missed notice deadline costs a year of an unwanted contract):"]
    for c in checks:
        lines.append(f"  {c.contract_id} {c.contract_title}")
        lines.extend(f"      - {reason}" for reason in c.reasons)
    return "\n".join(lines) + "\n"


def _dossier_table(r: DossierReport, width: int | None) -> str:
    lines = [
        f"Contract {r.contract_id}: {r.title}",
        f"Dossier: {r.dossier or '(inbox root)'}    Language: {r.language}    As of: {r.as_of}",
        "",
        "Parties",
    ]
    for p in r.parties:
        kvk = f", KvK {p.kvk}" if p.kvk else ""
        mark = " (confirmed)" if p.confirmed else ""
        where = f"  [{p.where}]" if p.where else ""
        lines.append(f"  {p.label} — {p.role or NO_ROLE}{kvk}{mark}{where}")
    if not r.parties:
        lines.append("  (none recognised)")
    lines += ["", "Term"]
    for f in r.term:
        mark = " (confirmed)" if f.confirmed else " (computed)" if f.source == "computed" else ""
        replaced = f"  [replaced extracted {readable(f.replaced)}]" if f.replaced else ""
        lines.append(
            f"  {f.label + ':':<{TERM_LABEL_WIDTH}}{readable(f.value)}{mark}"
            f"  confidence {f.confidence:.2f}"
            f"  {f.where}{replaced}"
        )
    if not r.term:
        lines.append("  (no term facts recognised)")
    text = "\n".join(lines) + "\n\n"
    text += _deadlines_table(r.deadlines, width)
    text += "\n" + table_text(r.obligations, width=width)
    docs = ["", "Documents"]
    for d in r.documents:
        ocr = f", {d.ocr_pages} OCR" if d.ocr_pages else ""
        docs.append(f"  {d.seq + 1}. [{d.role}] {d.title} ({d.pages} p.{ocr}), added {d.added}")
        docs.extend(f"       {p}" for p in d.paths)
    if r.amounts:
        docs += ["", "Amounts"]
        docs.extend(f"  {a.text} — {a.what}  [{a.where}]" for a in r.amounts)
    docs += ["", "Confirmed by a person: " + (", ".join(r.confirmed) or "nothing yet")]
    return text + "\n".join(docs) + "\n"


# -- markdown ---------------------------------------------------------------------------------


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _md_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> str:
    if not rows:
        return "_None._\n"
    head = "| " + " | ".join(_md_cell(h) for _, h in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    body = ["| " + " | ".join(_md_cell(row.get(k)) for k, _ in columns) + " |" for row in rows]
    return "\n".join([head, rule, *body]) + "\n"


def md_text(report: Report) -> str:
    if isinstance(report, ObligationsReport):
        return f"# {_md_cell(_obligations_title(report))}\n\n" + _md_obligations(report)
    if isinstance(report, DeadlinesReport):
        return f"# {_md_cell(_deadlines_title(report))}\n\n" + _md_deadlines(report)
    r = report
    parts = [
        f"# Contract {r.contract_id}: {_md_cell(r.title)}\n",
        f"Dossier: {_md_cell(r.dossier or '(inbox root)')} · language {r.language} · "
        f"as of {r.as_of}\n",
        "## Parties\n",
    ]
    parts.append(
        _md_table(
            [
                {
                    "name": p.label,
                    "role": p.role,
                    "kvk": p.kvk,
                    "confirmed": "yes" if p.confirmed else "",
                    "where": p.where,
                }
                for p in r.parties
            ],
            (
                ("name", "Name"),
                ("role", "Role"),
                ("kvk", "KvK"),
                ("confirmed", "Confirmed"),
                ("where", "Where"),
            ),
        )
    )
    parts.append("\n## Term\n")
    parts.append(
        _md_table(
            [
                {
                    "label": f.label,
                    "value": readable(f.value),
                    "source": f.source,
                    "confidence": f"{f.confidence:.2f}",
                    "where": f.where,
                    "quote": f.quote,
                }
                for f in r.term
            ],
            (
                ("label", "Fact"),
                ("value", "Value"),
                ("source", "Source"),
                ("confidence", "Confidence"),
                ("where", "Where"),
                ("quote", "Quote"),
            ),
        )
    )
    parts.append("\n## Deadlines\n")
    parts.append(_md_deadlines(r.deadlines))
    parts.append("\n## Obligations\n")
    parts.append(_md_obligations(r.obligations))
    parts.append("\n## Documents\n")
    parts.append(
        _md_table(
            [
                {
                    "n": d.seq + 1,
                    "role": d.role,
                    "title": d.title,
                    "pages": d.pages,
                    "added": d.added,
                }
                for d in r.documents
            ],
            (
                ("n", "#"),
                ("role", "Role"),
                ("title", "Title"),
                ("pages", "Pages"),
                ("added", "Added"),
            ),
        )
    )
    if r.amounts:
        parts.append("\n## Amounts\n")
        parts.append(
            _md_table(
                [{"text": a.text, "what": a.what, "where": a.where} for a in r.amounts],
                (("text", "Amount"), ("what", "What"), ("where", "Where")),
            )
        )
    parts.append(
        "\n## Confirmed by a person\n\n" + (", ".join(r.confirmed) or "Nothing yet.") + "\n"
    )
    return "\n".join(parts)


def _md_obligations(r: ObligationsReport) -> str:
    rows = []
    for o in r.rows:
        cells = _obligation_cells(o)
        cells["flag"] = "**OVERDUE**" if o.overdue else ""
        cells["quote"] = f"“{o.quote}”" if o.quote else ""
        rows.append(cells)
    return _md_table(rows, (*OBLIGATION_TABLE, ("quote", "Quote")))


def _md_deadlines(r: DeadlinesReport) -> str:
    out = _md_table([_deadline_cells(d) for d in r.rows], DEADLINE_TABLE)
    if r.checks:
        out += "\n### Needs checking\n\n"
        for c in r.checks:
            out += (
                f"- **{c.contract_id} {_md_cell(c.contract_title)}**: "
                + "; ".join(_md_cell(x) for x in c.reasons)
                + "\n"
            )
    return out


# -- events (calendar and timeline) -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    contract_id: int
    kind: str  # notice | option | end | obligation
    obligation_id: int | None
    date: dt.date
    summary: str
    description: str
    when: When
    overdue: bool
    short: str = ""  # the summary without the contract (for a one-contract timeline)

    @property
    def uid(self) -> str:
        """Stable across exports: the same contract, kind and obligation give the same UID."""
        tail = f"-{self.obligation_id}" if self.obligation_id is not None else ""
        return f"contract-{self.contract_id}-{self.kind}{tail}@{UID_DOMAIN}"


def _deadline_events(rows: Iterable[DeadlineRow]) -> list[CalendarEvent]:
    out = []
    for r in rows:
        if r.kind is DeadlineKind.renewal:
            continue  # the day after the term end: the end and notice events say it all
        title = {
            DeadlineKind.notice: "Notice deadline",
            DeadlineKind.option: "Option deadline",
            DeadlineKind.end: "Contract ends",
        }[r.kind]
        desc = [r.what, f"Contract {r.contract_id}: {r.contract_title}"]
        if r.dossier:
            desc.append(f"Dossier: {r.dossier}")
        if r.clause or r.page:
            desc.append(
                f"Read from {_where(r.clause, r.page)}: “{r.quote}”"
                if r.quote
                else f"Read from {_where(r.clause, r.page)}"
            )
        if r.check:
            desc.append("Needs checking: the facts behind this date are missing or uncertain.")
        desc.append(
            f"Confidence {r.confidence:.2f}. Details: dossier report dossier {r.contract_id}"
        )
        out.append(
            CalendarEvent(
                r.contract_id,
                r.kind.value,
                None,
                r.date,
                f"{title}: {r.contract_title}",
                "\n".join(desc),
                r.when,
                False,
                title,
            )
        )
    return out


def _obligation_events(
    rows: Iterable[ObligationRow], as_of: dt.date, last: dt.date
) -> list[CalendarEvent]:
    out = []
    for r in rows:
        if r.due_date is None:
            continue
        desc = [f"{r.who}: {r.action}", f"Contract {r.contract_id}: {r.contract_title}"]
        if r.recurring:
            every = human_duration(r.recurring)
            desc.append(f"Recurring (every {every}); this is the next occurrence.")
        if r.clause or r.page:
            desc.append(f"Read from {_where(r.clause, r.page)}: “{r.quote}”")
        desc.append(f"Status: {r.status}. Mark it done with: dossier obligation done {r.id}")
        out.append(
            CalendarEvent(
                r.contract_id,
                "obligation",
                r.id,
                r.due_date,
                f"Due: {r.action} ({r.contract_title})",
                "\n".join(desc),
                when(r.due_date, as_of, last),
                r.overdue,
                f"Due: {r.action}",
            )
        )
    return out


def events(report: Report) -> list[CalendarEvent]:
    """Every dated item of the report as an all-day event, by date."""
    if isinstance(report, ObligationsReport):
        last = deadlines.add(report.as_of, report.filters.due_within or DEFAULT_WINDOW)
        found = _obligation_events(report.rows, report.as_of, last)
    elif isinstance(report, DeadlinesReport):
        found = _deadline_events(report.rows)
    else:
        found = _deadline_events(report.deadlines.rows) + _obligation_events(
            report.obligations.rows, report.as_of, report.deadlines.last_day
        )
    return sorted(found, key=lambda e: (e.date, e.contract_id, e.kind, e.obligation_id or 0))


def ics_text(report: Report, *, now: dt.datetime) -> str:
    from icalendar import Alarm, Calendar, Event

    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if isinstance(report, ObligationsReport):
        name = "Contract obligations"
    elif isinstance(report, DeadlinesReport):
        name = "Contract deadlines"
    else:
        name = f"Contract {report.contract_id}: {report.title}"
    cal.add("x-wr-calname", name)
    for e in events(report):
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("last-modified", stamp)
        ev.add("dtstart", e.date)
        ev.add("dtend", e.date + deadlines.ONE_DAY)  # all-day: DTEND is exclusive
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        ev.add("categories", [e.kind])
        ev.add("transp", "TRANSPARENT")
        ev.add("class", "CONFIDENTIAL")
        for days in ALARMS.get(e.kind, ()):
            alarm = Alarm()
            alarm.add("uid", f"{e.uid.split('@')[0]}-alarm-{days}d@{UID_DOMAIN}")
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {days} days: {e.summary}")
            alarm.add("trigger", dt.timedelta(days=-days))
            ev.add_component(alarm)
        cal.add_component(ev)
    return str(cal.to_ical().decode("utf-8"))


# -- html -------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _css() -> str:
    return (resources.files("contractdossier.reports") / "templates" / "report.css").read_text(
        encoding="utf-8"
    )


def _page(title: str, meta: str, body: str, *, user: str | None, now: dt.datetime) -> str:
    stamp = now.astimezone().strftime("%Y-%m-%d %H:%M")
    who = f" for {_e(user)}" if user else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="contractdossier">\n'
        f"<title>{_e(title)}</title>\n<style>\n{_css()}</style>\n</head>\n<body>\n"
        f'<header class="report"><h1>{_e(title)}</h1><div class="meta">{meta}</div>'
        "</header>\n"
        f"{body}\n"
        f"<footer>contractdossier · generated {_e(stamp)}{who} · confidential: contract "
        "information for the people whose role requires it.</footer>\n</body>\n</html>\n"
    )


def _cards(items: Sequence[tuple[int, str, str]]) -> str:
    return (
        '<section class="cards">'
        + "".join(
            f'<div class="card {cls}"><div class="n">{n}</div><div class="l">{_e(label)}</div>'
            "</div>"
            for n, label, cls in items
        )
        + "</section>\n"
    )


def _legend(kinds: Iterable[str]) -> str:
    labels = {
        "notice": "notice deadline",
        "option": "option deadline",
        "end": "end of term",
        "obligation": "obligation due",
    }
    seen = set(kinds)
    present = [k for k in labels if k in seen]
    return (
        '<div class="legend">'
        + "".join(f'<span><i class="dot {k}"></i>{labels[k]}</span>' for k in present)
        + "<span>shaded: upcoming window · dashed line: as of</span></div>\n"
    )


def timeline_svg(items: Sequence[CalendarEvent], as_of: dt.date, last: dt.date) -> str:
    """A dot per dated item on a time axis, one row each, with the as-of day and the window."""
    one_contract = len({e.contract_id for e in items}) == 1
    if not items:
        return '<p class="empty">No dated items to draw.</p>'
    shown = list(items)[:TIMELINE_MAX]
    days = [e.date for e in shown]
    lo = min([*days, as_of])
    hi = max([*days, last])
    if (hi - lo).days < 30:
        hi = lo + dt.timedelta(days=30)
    width, x0, x1, top, row = 1000, 430, 980, 42, 22
    height = top + row * len(shown) + 12
    span = (hi - lo).days

    def x(d: dt.date) -> float:
        return round(x0 + (d - lo).days / span * (x1 - x0), 1)

    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" role="img" aria-label="Timeline of the deadlines">',
        f'<rect class="window" x="{x(as_of)}" y="{top - 6}" '
        f'width="{max(0.0, x(min(last, hi)) - x(as_of))}" height="{height - top}"/>',
    ]
    for i in range(len(shown)):
        if i % 2:
            parts.append(
                f'<rect class="band" x="0" y="{top + i * row - 2}" '
                f'width="{x0 - 10}" height="{row}"/>'
            )
    for tick, label in _ticks(lo, hi):
        tx = x(tick)
        parts.append(
            f'<g class="tick"><line x1="{tx}" y1="18" x2="{tx}" '
            f'y2="{height - 4}"/><text x="{tx + 2}" y="13">{_e(label)}'
            "</text></g>"
        )
    ax = x(as_of)
    parts.append(f'<line class="asof" x1="{ax}" y1="18" x2="{ax}" y2="{height - 4}"/>')
    anchor, dx = ("start", 3) if ax < x1 - 100 else ("end", -3)
    parts.append(
        f'<text class="asof-label" x="{ax + dx}" y="{top - 12}" '
        f'text-anchor="{anchor}">as of {as_of}</text>'
    )
    for i, e in enumerate(shown):
        cy = top + i * row + row / 2 - 2
        label = f"{e.date}  {e.short if one_contract and e.short else e.summary}"
        if len(label) > 62:
            label = label[:61] + "…"
        klass = e.kind + (" past" if e.when is When.past and not e.overdue else "")
        ring = " overdue" if e.overdue else ""
        parts.append(
            f'<g class="{klass}"><title>{_e(e.date)} — {_e(e.summary)}</title>'
            f'<text x="8" y="{cy + 4}">{_e(label)}</text>'
            f'<circle class="{_e(e.kind)}{ring}" cx="{x(e.date)}" cy="{cy}" r="6"/></g>'
        )
    parts.append("</svg>")
    more = len(items) - len(shown)
    note = f'<p class="empty">and {more} more in the table below.</p>' if more > 0 else ""
    return "\n".join(parts) + note


def _ticks(lo: dt.date, hi: dt.date) -> list[tuple[dt.date, str]]:
    span = (hi - lo).days
    step = 1 if span <= 200 else 3 if span <= 1100 else 12
    first = dt.date(lo.year, lo.month, 1)
    while (first.month - 1) % step:
        first = deadlines.add_months(first, -1)
    out = []
    tick = first
    while tick <= hi:
        if tick >= lo:
            out.append((tick, str(tick.year) if step == 12 else f"{tick.year}-{tick.month:02d}"))
        tick = deadlines.add_months(tick, step)
    return out


def _badge(text: str, cls: str) -> str:
    return f'<span class="badge {_e(cls)}">{_e(text)}</span>'


def _obligations_html(r: ObligationsReport, *, caption: bool = True) -> str:
    if not r.rows:
        return '<p class="empty">No obligations match.</p>'
    head = (
        '<table><thead><tr><th>Due</th><th class="num">Days</th><th>#</th><th>Contract</th>'
        "<th>Party</th><th>Obligation</th><th>Where</th><th>Status</th></tr></thead><tbody>"
    )
    body = []
    for o in r.rows:
        cls = "overdue" if o.overdue else ""
        if not o.overdue and o.days_left is not None and 0 <= o.days_left <= 90:
            cls = "upcoming"
        flag = _badge("overdue", "overdue") if o.overdue else ""
        every = f"every {human_duration(o.recurring)}" if o.recurring else ""
        recurring = f'<div class="quote">{_e(every)}</div>' if every else ""
        status = (
            _badge("done", "done") + f'<div class="quote">{_e(o.status_by)} '
            f"{_e((o.status_at or '')[:10])} {_e(o.note or '')}</div>"
            if o.status == "done"
            else _e(o.status)
        )
        quote = f'<div class="quote">“{_e(o.quote)}”</div>' if o.quote else ""
        body.append(
            f'<tr class="{cls}"><td class="date">{flag}{_e(o.due)}{recurring}</td>'
            f'<td class="num">{_e(o.days_left)}</td><td>{o.id}</td>'
            f"<td>{o.contract_id} {_e(o.contract_title)}</td><td>{_e(o.who)}</td>"
            f"<td>{_e(o.action)}{quote}</td>"
            f'<td class="where">{_e(_where(o.clause, o.page))}</td>'
            f"<td>{status}</td></tr>"
        )
    return head + "\n".join(body) + "</tbody></table>\n"


def _deadlines_html(r: DeadlinesReport) -> str:
    if not r.rows:
        table = '<p class="empty">No deadlines.</p>'
    else:
        rows = []
        for d in r.rows:
            badges = _badge(d.when.value if d.when is not When.upcoming else "soon", d.when.value)
            if d.check:
                badges += _badge("check", "check")
            quote = f'<div class="quote">“{_e(d.quote)}”</div>' if d.quote else ""
            conf = f"{d.confidence:.2f}" + (
                " " + _badge("confirmed", "person") if d.confirmed else ""
            )
            rows.append(
                f'<tr class="{d.when.value}"><td class="date">{_e(d.date)}</td>'
                f'<td class="num">{d.days_left}</td><td>{badges}{_e(KIND_LABEL[d.kind])}</td>'
                f"<td>{d.contract_id} {_e(d.contract_title)}</td><td>{_e(d.what)}{quote}</td>"
                f'<td>{conf}</td><td class="where">{_e(_where(d.clause, d.page))}</td></tr>'
            )
        table = (
            '<table><thead><tr><th>Date</th><th class="num">Days</th><th>Kind</th>'
            "<th>Contract</th><th>What</th><th>Confidence</th><th>Where</th></tr></thead>"
            "<tbody>" + "\n".join(rows) + "</tbody></table>\n"
        )
    return table + _checks_html(r.checks)


def _checks_html(checks: Sequence[CheckRow]) -> str:
    if not checks:
        return ""
    items = "".join(
        f"<li><strong>{c.contract_id} {_e(c.contract_title)}</strong>"
        f'{(" · " + _e(c.dossier)) if c.dossier else ""}<ul class="reasons">'
        + "".join(f"<li>{_e(x)}</li>" for x in c.reasons)
        + "</ul></li>"
        for c in checks
    )
    return (
        '<h2 id="needs-checking">Needs checking</h2><p>These contracts miss a term fact or '
        "have an uncertain one: their deadlines may be wrong or missing. A missed notice "
        f'deadline costs a year of an unwanted contract.</p><ul class="checks">{items}</ul>\n'
    )


def html_text(report: Report, *, user: str | None, now: dt.datetime) -> str:
    if isinstance(report, ObligationsReport):
        r = report
        soon = sum(
            1
            for o in r.rows
            if not o.overdue and o.days_left is not None and 0 <= o.days_left <= 90
        )
        undated = sum(1 for o in r.rows if o.due_date is None)
        evs = events(r)
        body = (
            _cards(
                [
                    (len(r.rows), f"{r.filters.status.value} obligations", ""),
                    (r.overdue, "overdue", "bad"),
                    (soon, "due within 90 days", "warn"),
                    (undated, "no date (hang on an event)", ""),
                ]
            )
            + "<h2>Timeline</h2>"
            + _legend(e.kind for e in evs)
            + timeline_svg(
                evs, r.as_of, deadlines.add(r.as_of, r.filters.due_within or DEFAULT_WINDOW)
            )
            + "<h2>Obligations</h2>"
            + _obligations_html(r)
        )
        meta = _e(_obligations_title(r)) + _filters_html(r.filters.as_dict())
        return _page("Obligations", meta, body, user=user, now=now)
    if isinstance(report, DeadlinesReport):
        d = report
        evs = events(d)
        body = (
            _cards(
                [
                    (d.upcoming, f"deadlines up to {d.last_day}", "warn"),
                    (len(d.checks), "contracts to check", "check"),
                    (len(d.contract_ids), "contracts covered", ""),
                ]
            )
            + "<h2>Timeline</h2>"
            + _legend(e.kind for e in evs)
            + timeline_svg(evs, d.as_of, d.last_day)
            + "<h2>Deadlines</h2>"
            + _deadlines_html(d)
        )
        return _page("Deadlines", _e(_deadlines_title(d)), body, user=user, now=now)
    return _dossier_html(report, user=user, now=now)


def _filters_html(filters: Mapping[str, Any]) -> str:
    used = {k: v for k, v in filters.items() if v not in (None, "", []) and k != "status"}
    if not used:
        return ""
    return "<br>Filters: " + ", ".join(f"{_e(k)} = {_e(v)}" for k, v in used.items())


def _dossier_html(r: DossierReport, *, user: str | None, now: dt.datetime) -> str:
    parties = "".join(
        f"<tr><td>{_e(p.label)}</td><td>{_e(p.role or NO_ROLE)}</td><td>{_e(p.kvk or '')}</td>"
        f"<td>{_badge('confirmed', 'person') if p.confirmed else f'{p.confidence:.2f}'}</td>"
        f"<td>{_e(p.where)}</td></tr>"
        for p in r.parties
    )
    parties_html = (
        (
            "<table><thead><tr><th>Party</th><th>Role</th><th>KvK</th>"
            "<th>Confidence</th><th>Where</th></tr></thead><tbody>" + parties + "</tbody></table>"
        )
        if r.parties
        else '<p class="empty">No parties recognised.</p>'
    )
    term_rows = []
    for f in r.term:
        badge = _badge(
            "confirmed" if f.confirmed else f.source, "person" if f.confirmed else f.source
        )
        replaced = (
            f'<div class="quote">replaced extracted value {_e(readable(f.replaced))}</div>'
            if f.replaced
            else ""
        )
        quote = f'<div class="quote">“{_e(f.quote)}”</div>' if f.quote else ""
        term_rows.append(
            f"<tr><td>{_e(f.label)}</td><td><strong>{_e(readable(f.value))}</strong>"
            f"{replaced}</td><td>{badge}</td><td>{f.confidence:.2f}</td>"
            f"<td>{_e(f.where)}{quote}</td></tr>"
        )
    term_html = (
        (
            "<table><thead><tr><th>Fact</th><th>Value</th><th>Source</th>"
            "<th>Confidence</th><th>Where</th></tr></thead><tbody>"
            + "".join(term_rows)
            + "</tbody></table>"
        )
        if r.term
        else '<p class="empty">No term facts recognised.</p>'
    )
    docs = "".join(
        f"<tr><td>{d.seq + 1}</td><td>{_e(d.role)}</td><td>{_e(d.title)}"
        + "".join(f'<div class="quote">{_e(p)}</div>' for p in d.paths)
        + f'</td><td class="num">{d.pages}{f" ({d.ocr_pages} OCR)" if d.ocr_pages else ""}</td>'
        f'<td class="date">{_e(d.added[:10])}</td></tr>'
        for d in r.documents
    )
    amounts = "".join(
        f"<tr><td>{_e(a.text)}</td><td>{_e(a.what)}</td><td>{_e(a.where)}</td></tr>"
        for a in r.amounts
    )
    evs = events(r)
    body = (
        _cards(
            [
                (len(r.deadlines.rows), "deadlines", "warn"),
                (r.obligations.overdue, "overdue obligations", "bad"),
                (len(r.needs_checking), "things to check", "check"),
                (len(r.confirmed), "facts confirmed by a person", ""),
            ]
        )
        + "<h2>Parties</h2>"
        + parties_html
        + "<h2>Term</h2>"
        + term_html
        + "<h2>Timeline</h2>"
        + _legend(e.kind for e in evs)
        + timeline_svg(evs, r.as_of, r.deadlines.last_day)
        + "<h2>Deadlines</h2>"
        + _deadlines_html(r.deadlines)
        + "<h2>Obligations</h2>"
        + _obligations_html(r.obligations)
        + "<h2>Documents</h2><table><thead><tr><th>#</th><th>Role</th><th>Title and paths</th>"
        '<th class="num">Pages</th><th>Added</th></tr></thead><tbody>'
        + docs
        + "</tbody></table>"
        + (
            "<h2>Amounts</h2><table><thead><tr><th>Amount</th><th>What</th><th>Where</th></tr>"
            "</thead><tbody>" + amounts + "</tbody></table>"
            if r.amounts
            else ""
        )
        + "<h2>Confirmed by a person</h2><p>"
        + (_e(", ".join(r.confirmed)) if r.confirmed else '<span class="empty">Nothing yet.</span>')
        + "</p>"
    )
    meta = (
        f"Contract {r.contract_id} · dossier {_e(r.dossier or '(inbox root)')} · "
        f"language {_e(r.language)} · as of {r.as_of}"
    )
    return _page(f"Contract {r.contract_id}: {r.title}", meta, body, user=user, now=now)
