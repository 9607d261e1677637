"""Report builders and renderers on hand-made contract files with an injected ``as_of``.

The term facts of a contract file are resolved and derived by the contract file's own pure rules
(``dossier.resolve_fields`` and ``dossier.derive``), so the reports are tested on exactly the
dates the rest of the product computes; everything else in the files is written out by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from itertools import count
from typing import Any

import icalendar
import pytest

from contractdossier.deadlines import Duration
from contractdossier.dossier import derive, needs_checking, resolve_fields
from contractdossier.reports import Format, When, describe_renewal, human_duration, parse_window
from contractdossier.reports import deadlines_report as dl
from contractdossier.reports import dossier_report as dr
from contractdossier.reports import obligations as ob
from contractdossier.reports import render as rd

DOCS = {
    1: {"id": 1, "seq": 0, "role": "main", "sha256": "a" * 64, "title": "Overeenkomst"},
    2: {"id": 2, "seq": 1, "role": "amendment", "sha256": "b" * 64, "title": "Wijziging 1"},
}
KEYS = (
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
)
_ids = count(1)


def fact(
    field: str, value: Any, *, confidence: float = 0.9, source: str = "extracted", doc: int = 1
) -> dict[str, Any]:
    return {
        "id": next(_ids),
        "field": field,
        "value": value,
        "document_id": None if source == "person" else doc,
        "source": source,
        "confidence": confidence,
        "active": True,
        "page": 2,
        "clause_ref": "5.1",
        "quote": f"{field} as written",
        "created_by": "anna",
        "reason": "checked against the signed copy",
    }


def automatic(period: str = "P1Y", max_: int | None = None) -> dict[str, Any]:
    return {"type": "automatic", "period": period, "max": max_, "holder": None}


def ob_row(
    oid: int,
    action: str,
    *,
    due_date: str | None = None,
    due: str | None = None,
    recurring: str | None = None,
    party: str = "Opdrachtnemer",
    status: str = "open",
    clause: str = "4.1",
) -> dict[str, Any]:
    return {
        "id": oid,
        "party": party,
        "action": action,
        "due": due,
        "due_date": due_date,
        "rule": None,
        "recurring": recurring,
        "clause": clause,
        "page": 3,
        "quote": f"{party} {action} {due or ''}".strip(),
        "confidence": 0.8,
        "status": status,
        "status_by": "anna" if status == "done" else None,
        "status_at": "2026-11-02T10:00:00+00:00" if status == "done" else None,
        "note": None,
        "document": "a" * 64,
    }


PARTIES = [
    {
        "name": "Elzenhoeve Zorg B.V.",
        "role": "Opdrachtgever",
        "kvk": "64820391",
        "confidence": 0.9,
        "source": "extracted",
        "evidence": {"document": "a" * 64, "page": 1, "clause": None, "quote": "Elzenhoeve"},
    },
    {
        "name": "Wolkenveld Software B.V.",
        "role": "Opdrachtnemer",
        "kvk": "58316027",
        "confidence": 0.9,
        "source": "extracted",
        "evidence": {"document": "a" * 64, "page": 1, "clause": None, "quote": "Wolkenveld"},
    },
]


def make_view(
    cid: int,
    facts: Sequence[dict[str, Any]],
    as_of: dt.date,
    *,
    title: str = "",
    dossier: str = "ICT",
    obligations: Sequence[dict[str, Any]] = (),
    parties: Sequence[dict[str, Any]] = (),
    language: str = "nl",
) -> dict[str, Any]:
    """A contract file in the shape of ``dossier.contract_file``."""
    fields = derive(resolve_fields(list(facts), DOCS), as_of)
    view: dict[str, Any] = {
        "id": cid,
        "title": title or f"Contract {cid}",
        "language": language,
        "dossier": dossier,
        "as_of": as_of.isoformat(),
        "documents": [
            {
                "id": 2,
                "role": "amendment",
                "seq": 1,
                "title": "Wijziging 1",
                "sha256": "b" * 64,
                "pages": 2,
                "ocr_pages": 0,
                "language": "nl",
                "paths": ["/in/ICT/w1.pdf"],
                "added": "2026-10-01T09:00:00+00:00",
            },
            {
                "id": 1,
                "role": "main",
                "seq": 0,
                "title": "Overeenkomst",
                "sha256": "a" * 64,
                "pages": 5,
                "ocr_pages": 5,
                "language": "nl",
                "paths": ["/in/ICT/o.pdf"],
                "added": "2024-12-12T09:00:00+00:00",
            },
        ],
        "parties": list(parties),
    }
    for key in KEYS:
        view[key] = fields[key].as_dict() if key in fields else None
    view["amounts"] = []
    view["obligations"] = [dict(o) for o in obligations]
    view["clauses"] = []
    view["needs_checking"] = needs_checking(view)
    return view


AS_OF = dt.date(2026, 12, 1)
SAAS = [
    fact("start_date", "2025-01-01"),
    fact("initial_term", "P3Y"),
    fact("renewal", automatic("P12M")),
    fact("notice_period", "P3M"),
]


# -- windows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", Duration(days=90)),
        ("90", Duration(days=90)),
        (" 14 days ", Duration(days=14)),
        ("12w", Duration(weeks=12)),
        ("3m", Duration(months=3)),
        ("1y", Duration(years=1)),
        ("P2M", Duration(months=2)),
        ("p10bd", Duration(business_days=10)),
    ],
)
def test_parse_window(text: str, expected: Duration) -> None:
    assert parse_window(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "abc", "-3d", "PT5H", "3 fortnights", "P"])
def test_parse_window_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_window(text)


# -- obligations ------------------------------------------------------------------------------


def _obligation_views() -> list[dict[str, Any]]:
    one = make_view(
        1,
        SAAS,
        AS_OF,
        title="SaaS Zorgplatform",
        dossier="ICT/Zorgplatform",
        parties=PARTIES,
        obligations=[
            ob_row(11, "exitplan leveren", due_date="2026-11-30", due="uiterlijk op 30 nov"),
            ob_row(12, "migratieplan voorleggen", due_date="2026-12-01"),
            ob_row(13, "beheeraccounts leveren", due_date="2026-06-01"),
            ob_row(
                14, "facturen betalen", due="binnen 30 dagen na factuurdatum", party="Opdrachtgever"
            ),
            ob_row(15, "training geven", due_date="2027-01-10"),
            ob_row(16, "implementatieplan leveren", due_date="2026-01-01", status="done"),
            ob_row(17, "datalek melden", due=None),
        ],
    )
    two = make_view(
        2,
        SAAS,
        AS_OF,
        title="Licentie",
        dossier="ICTx",
        obligations=[ob_row(21, "sleutels teruggeven", due_date="2026-12-01", party="Supplier")],
    )
    return [one, two]


def _summary(report: ob.ObligationsReport) -> list[tuple[Any, ...]]:
    return [(r.id, r.due, r.overdue, r.days_left, r.basis.value) for r in report.rows]


def test_obligations_overdue_first_then_by_date_then_undated() -> None:
    report = ob.build(_obligation_views(), AS_OF)
    assert _summary(report) == [
        (13, "2026-06-01", True, -183, "date"),
        (11, "2026-11-30", True, -1, "date"),
        (12, "2026-12-01", False, 0, "date"),  # due today: still in time
        (21, "2026-12-01", False, 0, "date"),  # same day: by contract
        (15, "2027-01-10", False, 40, "date"),
        (14, "binnen 30 dagen na factuurdatum", False, None, "event"),
        (17, "no deadline", False, None, "none"),
    ]
    assert report.overdue == 2
    assert report.contract_ids == (1, 2)
    first = report.rows[0]
    assert (first.party, first.party_name, first.who) == (
        "Opdrachtnemer",
        "Wolkenveld Software B.V.",
        "Opdrachtnemer (Wolkenveld Software B.V.)",
    )
    assert report.rows[3].who == "Supplier"  # no party named in that role


def test_done_obligations_are_never_overdue_and_sort_after_overdue_ones() -> None:
    views = _obligation_views()
    everything = ob.build(views, AS_OF, ob.ObligationFilter(status=ob.StatusFilter.all))
    assert [r.id for r in everything.rows][:4] == [13, 11, 16, 12]
    done = everything.rows[2]
    assert (done.status, done.overdue, done.status_by) == ("done", False, "anna")
    only_done = ob.build(views, AS_OF, ob.ObligationFilter(status=ob.StatusFilter.done))
    assert [r.id for r in only_done.rows] == [16]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (ob.ObligationFilter(party="wolkenveld"), [13, 11, 12, 15, 17]),
        (ob.ObligationFilter(party="OPDRACHTGEVER"), [14]),
        (ob.ObligationFilter(party="elzenhoeve"), [14]),
        (ob.ObligationFilter(dossier="ICT"), [13, 11, 12, 15, 14, 17]),  # not "ICTx"
        (ob.ObligationFilter(dossier="ICTx/"), [21]),
        (ob.ObligationFilter(dossier=""), []),  # the inbox root only
        (ob.ObligationFilter(contract_ids=frozenset({2})), [21]),
        (ob.ObligationFilter(due_before=dt.date(2026, 12, 1)), [13, 11]),  # strictly before
        (ob.ObligationFilter(due_within=Duration(days=30)), [13, 11, 12, 21]),
        (ob.ObligationFilter(due_within=Duration(days=40)), [13, 11, 12, 21, 15]),
    ],
)
def test_obligation_filters(filters: ob.ObligationFilter, ids: list[int]) -> None:
    assert [r.id for r in ob.build(_obligation_views(), AS_OF, filters).rows] == ids


QUARTERLY = "binnen tien (10) werkdagen na afloop van ieder kalenderkwartaal"


@pytest.mark.parametrize(
    ("as_of", "due", "basis"),
    [
        (dt.date(2026, 12, 1), "2027-01-15", "next"),  # Q4 2026, Nieuwjaarsdag skipped
        (dt.date(2027, 1, 15), "2027-01-15", "next"),  # the day itself still counts
        (dt.date(2027, 1, 16), "2027-04-14", "next"),  # Q1 2027 over Easter Monday 29 March
        (dt.date(2028, 1, 10), "2028-01-14", "next"),  # the last quarter's report after the end
        (dt.date(2028, 2, 1), "no occurrence left in the term (" + QUARTERLY + ")", "ended"),
    ],
)
def test_recurring_obligation_shows_its_next_occurrence(
    as_of: dt.date, due: str, basis: str
) -> None:
    facts = [
        fact("start_date", "2025-01-01"),
        fact("end_date", "2027-12-31"),
        fact("renewal", {"type": "none"}),
    ]
    report = ob_row(
        5, "kwartaalrapportage verstrekken", due_date="2025-04-14", due=QUARTERLY, recurring="P3M"
    )
    view = make_view(1, facts, as_of, obligations=[report])
    built = ob.build([view], as_of)
    row = built.rows[0]
    assert (row.due, row.basis.value) == (due, basis)
    assert row.overdue is False
    if basis == "next":
        assert f"{due} (every 3 months)" in rd.render(built, Format.table, width=200)


def test_recurring_obligation_follows_rolled_forward_renewals() -> None:
    as_of = dt.date(2031, 2, 1)  # four automatic renewals after the initial term
    report = ob_row(5, "kwartaalrapportage", due_date="2025-04-14", due=QUARTERLY, recurring="P3M")
    view = make_view(1, SAAS, as_of, obligations=[report])
    assert view["current_term_end"]["value"] == "2031-12-31"
    row = ob.build([view], as_of).rows[0]
    # Q1 2031: ten working days after 31 March, Easter Monday (14 April) not counted
    assert (row.due_date, row.basis) == (dt.date(2031, 4, 15), ob.DueBasis.next)


@pytest.mark.parametrize(
    ("as_of", "due"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1)),
        (dt.date(2026, 12, 2), dt.date(2027, 3, 1)),
        (dt.date(2029, 1, 1), None),  # past the last term's last quarter (term ends 2029-02-28)
    ],
)
@pytest.mark.parametrize(
    ("phrase", "basis"),
    [
        ("uiterlijk bij aanvang van het huurkwartaal", ob.DueBasis.stepped),  # not understood
        ("uiterlijk op de eerste dag van het huurkwartaal", ob.DueBasis.next),  # a lease quarter
    ],
)
def test_recurring_rule_not_understood_is_counted_from_the_first_occurrence(
    as_of: dt.date, due: dt.date | None, phrase: str, basis: ob.DueBasis
) -> None:
    """A recurring rule the reports cannot read steps on from its first occurrence; the first
    day of each lease quarter (counted from the start, 1 March) gives the same days by rule."""
    facts = [
        fact("start_date", "2024-03-01"),
        fact("end_date", "2029-02-28"),
        fact("renewal", {"type": "none"}),
    ]
    rent = ob_row(
        3,
        "huur betalen (per kwartaal vooruit)",
        due_date="2024-03-01",
        due=phrase,
        recurring="P3M",
        party="Huurder",
    )
    row = ob.build([make_view(1, facts, as_of, obligations=[rent])], as_of).rows[0]
    assert row.due_date == due
    assert row.basis is (basis if due else ob.DueBasis.ended)


def test_recurring_without_any_date_shows_the_phrase() -> None:
    monthly = ob_row(4, "maandrapport", due="maandelijks achteraf", recurring="P1M")
    row = ob.build([make_view(1, SAAS, AS_OF, obligations=[monthly])], AS_OF).rows[0]
    assert (row.due_date, row.due, row.basis) == (None, "maandelijks achteraf", ob.DueBasis.event)


# -- deadlines --------------------------------------------------------------------------------


ROLLING = [
    fact("start_date", "2020-01-01"),
    fact("end_date", "2020-12-31"),
    fact("renewal", automatic("P1Y")),
    fact("notice_period", "P2M"),
]


def _rows(report: dl.DeadlinesReport) -> list[tuple[str, str, str, str]]:
    return [(r.kind.value, r.date.isoformat(), r.when.value, r.what) for r in report.rows]


@pytest.mark.parametrize(
    ("as_of", "rows"),
    [
        (
            dt.date(2023, 10, 31),  # on the deadline day: notice is still in time
            [
                (
                    "notice",
                    "2023-10-31",
                    "upcoming",
                    "last day for notice (2 months) to be received to end it on 2023-12-31",
                ),
                (
                    "end",
                    "2023-12-31",
                    "upcoming",
                    "current term ends; renews by 1 year unless notice is given",
                ),
                (
                    "renewal",
                    "2024-01-01",
                    "upcoming",
                    "renews automatically for 1 year unless notice is received by 2023-10-31",
                ),
            ],
        ),
        (
            dt.date(2023, 11, 1),  # one day late: this renewal is certain, notice is for the next
            [
                (
                    "end",
                    "2023-12-31",
                    "upcoming",
                    "current term ends; renews by 1 year (too late for notice this term)",
                ),
                (
                    "renewal",
                    "2024-01-01",
                    "upcoming",
                    "renews automatically for 1 year "
                    "(the notice deadline for this term has passed)",
                ),
                (
                    "notice",
                    "2024-10-31",
                    "far",
                    "last day for notice (2 months) to be received to end it on 2024-12-31",
                ),
            ],
        ),
        (
            dt.date(2026, 9, 1),  # five renewals on
            [
                (
                    "notice",
                    "2026-10-31",
                    "upcoming",
                    "last day for notice (2 months) to be received to end it on 2026-12-31",
                ),
                (
                    "end",
                    "2026-12-31",
                    "far",
                    "current term ends; renews by 1 year unless notice is given",
                ),
                (
                    "renewal",
                    "2027-01-01",
                    "far",
                    "renews automatically for 1 year unless notice is received by 2026-10-31",
                ),
            ],
        ),
    ],
)
def test_automatic_renewal_rolls_forward_over_several_cycles(
    as_of: dt.date, rows: list[tuple[str, str, str, str]]
) -> None:
    report = dl.build([make_view(1, ROLLING, as_of)], as_of)
    assert _rows(report) == rows
    assert report.checks == ()


def test_notice_deadline_is_for_the_term_it_stops_at_month_ends() -> None:
    facts = [
        fact("start_date", "2024-03-01"),
        fact("initial_term", "P36M"),
        fact("renewal", automatic("P12M")),
        fact("notice_period", "P3M"),
    ]
    report = dl.build([make_view(1, facts, AS_OF)], AS_OF)
    assert _rows(report) == [  # the deadline for 2027-02-28 was 2026-11-30: one day too late
        (
            "end",
            "2027-02-28",
            "upcoming",
            "current term ends; renews by 12 months (too late for notice this term)",
        ),
        (
            "renewal",
            "2027-03-01",
            "upcoming",
            "renews automatically for 12 months (the notice deadline for this term has passed)",
        ),
        (
            "notice",
            "2027-11-30",
            "far",
            "last day for notice (3 months) to be received to end it on 2028-02-29",
        ),
    ]


def test_notice_longer_than_the_renewal_period() -> None:
    facts = [
        fact("start_date", "2020-01-01"),
        fact("end_date", "2020-12-31"),
        fact("renewal", automatic("P1M")),
        fact("notice_period", "P3M"),
    ]
    as_of = dt.date(2021, 1, 15)
    view = make_view(1, facts, as_of)
    assert view["next_notice_deadline"]["value"] == "2021-01-31"
    assert dl.notice_term_end(view) == dt.date(2021, 4, 30)


@pytest.mark.parametrize(
    ("as_of", "rows"),
    [
        (dt.date(2022, 6, 1), [("end", "2022-12-31", "far", "contract ends (no renewal left)")]),
        (dt.date(2023, 11, 1), [("end", "2022-12-31", "past", "contract ended")]),
    ],
)
def test_no_notice_deadline_when_no_renewal_is_left(
    as_of: dt.date, rows: list[tuple[str, str, str, str]]
) -> None:
    facts = [*ROLLING[:2], fact("renewal", automatic("P1Y", 2)), ROLLING[3]]
    assert _rows(dl.build([make_view(1, facts, as_of)], as_of)) == rows


def test_option_deadline_and_window() -> None:
    facts = [
        fact("start_date", "2025-04-01"),
        fact("initial_term", "P2Y"),
        fact(
            "renewal",
            {
                "type": "option",
                "period": "P12M",
                "max": 2,
                "holder": "Opdrachtgever",
                "exercise_notice": "P2M",
            },
        ),
        fact("notice_period", "P3M"),
    ]
    views = [make_view(7, facts, AS_OF), make_view(1, ROLLING, AS_OF)]
    report = dl.build(views, AS_OF)
    assert [(r.contract_id, *row) for r, row in zip(report.rows, _rows(report), strict=True)] == [
        (
            1,
            "end",
            "2026-12-31",
            "upcoming",
            "current term ends; renews by 1 year (too late for notice this term)",
        ),
        (
            1,
            "renewal",
            "2027-01-01",
            "upcoming",
            "renews automatically for 1 year (the notice deadline for this term has passed)",
        ),
        (
            7,
            "option",
            "2027-01-31",
            "upcoming",
            "last day to exercise the option to extend by 12 months (holder: Opdrachtgever)",
        ),
        (7, "end", "2027-03-31", "far", "contract ends unless the option to extend is exercised"),
        (
            1,
            "notice",
            "2027-10-31",
            "far",
            "last day for notice (2 months) to be received to end it on 2027-12-31",
        ),
    ]
    within = dl.build(views, AS_OF, Duration(days=45))
    assert within.last_day == dt.date(2027, 1, 15)
    assert [(r.kind.value, r.contract_id) for r in within.rows] == [("end", 1), ("renewal", 1)]


def test_needs_checking_lists_missing_and_uncertain_term_facts() -> None:
    views = [
        make_view(1, [], AS_OF, title="Empty"),
        make_view(
            2,
            [
                fact("start_date", "2024-01-01", confidence=0.5),
                fact("initial_term", "P3Y"),
                fact("renewal", automatic("P1Y")),
                fact("notice_period", "P3M", confidence=0.4),
            ],
            AS_OF,
            title="Shaky",
        ),
        make_view(
            3,
            [
                fact("start_date", "2025-04-01"),
                fact("initial_term", "P2Y"),
                fact("renewal", {"type": "option", "period": "P1Y"}),
            ],
            AS_OF,
            title="Option",
        ),
        make_view(
            4,
            [
                fact("end_date", "2027-06-30"),
                fact("renewal", {"type": "automatic"}),
                fact("notice_period", "P1M"),
            ],
            AS_OF,
            title="No period",
        ),
        make_view(5, ROLLING, AS_OF, title="Sound"),
    ]
    report = dl.build(views, AS_OF, Duration(days=7))
    assert [(c.contract_id, c.reasons) for c in report.checks] == [
        (1, ("no end date found (and none computable from start and term)",)),
        (
            2,
            (
                "end date uncertain (confidence 0.50)",  # computed from the uncertain start
                "notice period uncertain (confidence 0.40)",
                "start date uncertain (confidence 0.50)",
            ),
        ),
        (
            3,
            (
                "option to extend but no exercise period found: the option deadline cannot be "
                "computed",
            ),
        ),
        (
            4,
            (
                "renews automatically but the renewal period is unknown: later terms cannot be "
                "rolled forward",
            ),
        ),
    ]
    assert report.rows == ()  # listed for checking whatever the window
    shaky = dl.build(views[1:2], AS_OF)
    assert shaky.rows and all(r.check for r in shaky.rows)
    notice = next(r for r in shaky.rows if r.kind is dl.DeadlineKind.notice)
    assert notice.confidence == pytest.approx(0.4)
    sound = dl.build(views[4:], AS_OF)
    assert not any(r.check for r in sound.rows)


def test_person_set_facts_make_a_computed_deadline_confirmed() -> None:
    facts = [
        *ROLLING,
        fact("notice_period", "P3M", source="person"),
        fact("end_date", "2020-12-31", source="person"),
        fact("renewal", automatic("P1Y"), source="person"),
    ]
    row = next(
        r
        for r in dl.build([make_view(1, facts, AS_OF)], AS_OF).rows
        if r.kind is dl.DeadlineKind.notice
    )
    assert row.confirmed and row.date == dt.date(2027, 9, 30)
    unconfirmed = next(
        r
        for r in dl.build([make_view(1, ROLLING, AS_OF)], AS_OF).rows
        if r.kind is dl.DeadlineKind.notice
    )
    assert not unconfirmed.confirmed


# -- dossier ----------------------------------------------------------------------------------


def test_dossier_report_has_the_whole_file() -> None:
    facts = [
        *SAAS,
        fact("notice_period", "P6M", source="person"),
        fact("end_date", "2028-12-31", doc=2),
    ]
    view = make_view(
        1, facts, AS_OF, parties=PARTIES, obligations=_obligation_views()[0]["obligations"]
    )
    report = dr.build(view, AS_OF)
    assert [(d.seq, d.role) for d in report.documents] == [(0, "main"), (1, "amendment")]
    assert [p.name for p in report.parties] == ["Elzenhoeve Zorg B.V.", "Wolkenveld Software B.V."]
    notice = next(f for f in report.term if f.key == "notice_period")
    assert (notice.value, notice.confirmed, notice.replaced) == ("P6M", True, "P3M")
    assert notice.where == "set by anna: checked against the signed copy"
    assert report.confirmed == ("Notice period",)
    end = next(f for f in report.term if f.key == "end_date")
    assert (end.value, end.source) == ("2028-12-31", "extracted")  # the amendment's
    assert [r.kind.value for r in report.deadlines.rows] == ["notice", "end", "renewal"]
    assert report.deadlines.rows[0].date == dt.date(2028, 6, 30)
    assert len(report.obligations.rows) == 7  # every status
    assert report.needs_checking == ()


# -- rendering --------------------------------------------------------------------------------

NOW = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)


def _tricky_view() -> dict[str, Any]:
    return make_view(
        9,
        SAAS,
        AS_OF,
        title="<script>alert(1)</script> & Co | B.V.",
        parties=PARTIES,
        obligations=[
            ob_row(91, "pay <b>all</b> | invoices", due_date="2026-11-01", due="by 1 Nov"),
            ob_row(92, "report", due_date="2027-01-15"),
            ob_row(93, "notify", due="within 24 hours"),
        ],
    )


def test_markdown_keeps_tables_intact() -> None:
    report = ob.build([_tricky_view()], AS_OF)
    text = rd.render(report, Format.md)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert "pay <b>all</b> \\| invoices" in text
    assert len({len(row.replace("\\|", "").split("|")) for row in rows}) == 1
    assert rows[1].startswith("| **OVERDUE** | 2026-11-01 | -30 | 91 |")


def test_html_escapes_everything_and_draws_the_timeline() -> None:
    view = _tricky_view()
    for report in (ob.build([view], AS_OF), dl.build([view], AS_OF), dr.build(view, AS_OF)):
        page = rd.render(report, Format.html, user="anna<x>", now=NOW)
        assert "<script>" not in page and "<b>all</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co | B.V." in page
        assert "anna&lt;x&gt;" in page
        assert page.count("<svg") == 1 and "@media print" in page
    obligations_page = rd.render(ob.build([view], AS_OF), Format.html, now=NOW)
    assert obligations_page.count('<circle class="obligation') == 2  # the dated ones
    assert 'class="obligation overdue"' in obligations_page


def test_timeline_without_dates() -> None:
    assert "No dated items" in rd.timeline_svg([], AS_OF, AS_OF)


def test_ics_events_uids_alarms_and_folding() -> None:
    view = _tricky_view()
    text = rd.render(dr.build(view, AS_OF), Format.ics, now=NOW)
    assert text == rd.render(dr.build(view, AS_OF), Format.ics, now=NOW)  # deterministic
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert sorted(events) == [
        "contract-9-end@contractdossier",
        "contract-9-notice@contractdossier",
        "contract-9-obligation-91@contractdossier",
        "contract-9-obligation-92@contractdossier",
    ]
    notice = events["contract-9-notice@contractdossier"]
    assert notice.decoded("DTSTART") == dt.date(2027, 9, 30)
    assert notice.decoded("DTSTAMP") == NOW
    assert sorted(a.decoded("TRIGGER") for a in notice.walk("VALARM")) == [
        dt.timedelta(days=-30),
        dt.timedelta(days=-7),
    ]
    end = events["contract-9-end@contractdossier"]
    assert [a.decoded("TRIGGER") for a in end.walk("VALARM")] == [dt.timedelta(days=-30)]
    due = events["contract-9-obligation-91@contractdossier"]
    assert (
        str(due["SUMMARY"]) == "Due: pay <b>all</b> | invoices (<script>alert(1)</script> "
        "& Co | B.V.)"
    )
    assert "dossier obligation done 91" in str(due["DESCRIPTION"])


def test_json_and_csv_carry_the_same_rows() -> None:
    report = ob.build([_tricky_view()], AS_OF, ob.ObligationFilter(status=ob.StatusFilter.all))
    data = json.loads(rd.render(report, Format.json))
    assert data == json.loads(json.dumps(rd.to_data(report)))
    rows = list(csv.DictReader(io.StringIO(rd.render(report, Format.csv))))
    assert [r["id"] for r in rows] == [str(r["id"]) for r in data["rows"]] == ["91", "92", "93"]
    assert rows[0]["overdue"] == "True" and rows[0]["due_date"] == "2026-11-01"
    assert rows[2]["due_date"] == "" and rows[2]["basis"] == "event"


def test_terminal_table_marks_overdue_and_lists_checks() -> None:
    text = rd.render(ob.build([_tricky_view()], AS_OF), Format.table, width=200)
    assert text.splitlines()[0] == (
        "Obligations (open) as of 2026-12-01 — 3 row(s), 1 overdue, 1 contract(s)"
    )
    assert "OVERDUE" in text
    checks = rd.render(dl.build([make_view(4, [], AS_OF, title="Empty")], AS_OF), Format.table)
    assert "No deadlines." in checks
    assert "Needs checking" in checks and "no end date found" in checks
    assert When.upcoming.value == "upcoming"


def test_dossier_table_shows_confirmed_facts_and_sections() -> None:
    facts = [*SAAS, fact("notice_period", "P6M", source="person")]
    view = make_view(1, facts, AS_OF, title="SaaS", parties=PARTIES)
    text = rd.render(dr.build(view, AS_OF), Format.table, width=200)
    lines = text.splitlines()
    assert lines[0] == "Contract 1: SaaS"
    assert "  Wolkenveld Software B.V. — Opdrachtnemer, KvK 58316027  [p. 1]" in lines
    notice = next(line for line in lines if line.startswith("  Notice period:"))
    assert "6 months (P6M) (confirmed)" in notice
    assert "[replaced extracted 3 months (P3M)]" in notice
    assert lines[-1] == "Confirmed by a person: Notice period"
    assert "  1. [main] Overeenkomst (5 p., 5 OCR), added 2024-12-12T09:00:00+00:00" in lines
    assert lines.index(
        "  1. [main] Overeenkomst (5 p., 5 OCR), added 2024-12-12T09:00:00+00:00"
    ) < (lines.index("  2. [amendment] Wijziging 1 (2 p.), added 2026-10-01T09:00:00+00:00"))
    bare = [{**PARTIES[0], "evidence": {}}]
    text = rd.render(dr.build(make_view(1, SAAS, AS_OF, parties=bare), AS_OF), Format.table)
    assert "  Elzenhoeve Zorg B.V. — Opdrachtgever, KvK 64820391" in text.splitlines()


def test_a_party_trade_name_shows_next_to_its_legal_name() -> None:
    trading = [{**PARTIES[1], "trade_name": "Wolkwerk"}, PARTIES[0]]
    report = dr.build(make_view(1, SAAS, AS_OF, parties=trading), AS_OF)
    lines = rd.render(report, Format.table, width=200).splitlines()
    assert "  Wolkenveld Software B.V. (trading as Wolkwerk) — Opdrachtnemer, KvK 58316027" in (
        line.split("  [")[0] for line in lines
    )
    assert "  Elzenhoeve Zorg B.V. — Opdrachtgever, KvK 64820391" in (
        line.split("  [")[0] for line in lines
    )
    assert report.parties[0].name == "Wolkenveld Software B.V."  # the legal name stays apart


def test_a_contract_that_runs_on_indefinitely_has_rows_up_to_its_end_only() -> None:
    facts = [
        fact("start_date", "2024-01-01"),
        fact("initial_term", "P3Y"),
        fact("renewal", automatic("indefinite")),
        fact("notice_period", "P3M"),
    ]
    before = dl.build([make_view(1, facts, dt.date(2026, 9, 1))], dt.date(2026, 9, 1))
    assert _rows(before) == [
        (
            "notice",
            "2026-09-30",
            "upcoming",
            "last day for notice (3 months) to be received to end it on 2026-12-31",
        ),
        (
            "end",
            "2026-12-31",
            "far",
            "term ends; the contract then runs on for an indefinite period unless notice is "
            "given",
        ),
    ]
    assert before.checks == ()  # an indefinite continuation is no unknown renewal period
    after = dl.build([make_view(1, facts, dt.date(2027, 2, 1))], dt.date(2027, 2, 1))
    assert _rows(after) == []


def test_durations_read_as_words_where_a_person_reads_them() -> None:
    assert human_duration("P60D") == "60 days"
    assert human_duration("P1Y6M") == "1 year 6 months"
    assert human_duration("P10BD") == "10 business days"
    assert human_duration("PT24H") == "24 hours"
    assert human_duration("indefinite") == "indefinite"
    assert human_duration(None) == ""
    assert (
        describe_renewal(
            {"type": "option", "period": "P12M", "max": 2, "holder": "Opdrachtgever",
             "exercise_notice": "P3M"}
        )
        == "option, by 12 months, at most 2x, by Opdrachtgever, exercise 3 months before the end"
    )


def test_a_party_without_a_role_reads_role_not_stated() -> None:
    nameless = {**PARTIES[0], "name": "Water Now, Inc.", "role": None, "kvk": None}
    view = make_view(1, SAAS, AS_OF, title="SaaS", parties=[nameless])
    text = rd.render(dr.build(view, AS_OF), Format.table, width=200)
    assert "  Water Now, Inc. — role not stated  [p. 1]" in text.splitlines()
    assert "<td>role not stated</td>" in rd.render(dr.build(view, AS_OF), Format.html, now=NOW)


@pytest.mark.parametrize(
    ("as_of", "what"),
    [
        (dt.date(2020, 6, 1), "current term ends; renews automatically (renewal period unknown)"),
        # past the initial term it has renewed, for a period nobody knows: it has not ended
        (dt.date(2021, 6, 1), "initial term ended; renews automatically (renewal period unknown)"),
    ],
)
def test_an_automatic_renewal_of_unknown_length_is_no_ended_contract(
    as_of: dt.date, what: str
) -> None:
    unknown = {"type": "automatic", "period": None, "max": None, "holder": None}
    facts = [*ROLLING[:2], fact("renewal", unknown), ROLLING[3]]
    view = make_view(1, facts, as_of)
    rows = _rows(dl.build([view], as_of))
    assert [(kind, day, w) for kind, day, _, w in rows if kind == "end"] == [
        ("end", "2020-12-31", what)
    ]
    assert any("renewal period is unknown" in r for r in dl.check_reasons(view))
