"""The written date and deadline rules (contractdossier.deadlines)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractdossier.deadlines import (
    END,
    PERIOD_END,
    SIGNING,
    START,
    DueKind,
    DueRule,
    Duration,
    MonthDay,
    Periods,
    WorkdayCalendar,
    add,
    add_working_days,
    disagreeing_end,
    due_date,
    dutch_holidays,
    easter_sunday,
    end_date,
    is_working_day,
    next_notice_deadline,
    next_occurrence,
    notice_deadline,
    roll_forward,
    term_between,
)

P = Duration.from_iso
D = date


# --- Duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P3M", Duration(months=3)),
        ("P1Y", Duration(years=1)),
        ("P60D", Duration(days=60)),
        ("P4W", Duration(weeks=4)),
        ("P1Y6M", Duration(years=1, months=6)),
        ("PT24H", Duration(hours=24)),
        ("PT30M", Duration(minutes=30)),
        ("P10BD", Duration(business_days=10)),
        ("p3m", Duration(months=3)),
    ],
)
def test_duration_from_iso(text: str, expected: Duration) -> None:
    parsed = P(text)
    assert parsed == expected
    assert parsed.normalised() == expected.normalised()


@pytest.mark.parametrize("text", ["P3M", "P1Y", "P12M", "P60D", "P4W", "PT24H", "P10BD", "P1Y6M"])
def test_iso_keeps_the_unit_the_text_used(text: str) -> None:
    assert P(text).iso() == text
    assert str(P(text)) == text


@pytest.mark.parametrize("text", ["", "P", "PT", "P1YT", "3M", "P-1M", "P1.5Y", "P3X", "1Y"])
def test_duration_rejects_non_durations(text: str) -> None:
    with pytest.raises(ValueError):
        P(text)


def test_duration_equality_normalises_years_and_weeks_only() -> None:
    assert P("P1Y") == P("P12M")
    assert hash(P("P1Y")) == hash(P("P12M"))
    assert P("P4W") == P("P28D")
    assert P("P1Y") != P("P365D")
    assert P("P1M") != P("P30D")
    assert P("P1W") != P("P5BD")
    assert P("PT24H") != P("P1D")
    assert {P("P1Y"), P("P12M")} == {P("P12M")}


def test_duration_parts_are_non_negative_ints() -> None:
    with pytest.raises(ValueError):
        Duration(months=-1)
    with pytest.raises(ValueError):
        Duration(days=True)
    assert Duration().iso() == "P0D"
    assert P("P12M") * 3 == P("P36M")
    assert (3 * P("P1Y")).iso() == "P3Y"


# --- Calendar arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "sign", "expected"),
    [
        (D(2024, 1, 31), "P1M", 1, D(2024, 2, 29)),  # leap year: clamp to the 29th
        (D(2023, 1, 31), "P1M", 1, D(2023, 2, 28)),
        (D(2024, 2, 29), "P1Y", 1, D(2025, 2, 28)),
        (D(2024, 2, 29), "P12M", 1, D(2025, 2, 28)),
        (D(2024, 2, 29), "P4Y", 1, D(2028, 2, 29)),
        (D(2024, 3, 31), "P1M", -1, D(2024, 2, 29)),
        (D(2024, 1, 15), "P1M", -1, D(2023, 12, 15)),
        (D(2024, 12, 31), "P2M", 1, D(2025, 2, 28)),
        (D(2024, 1, 1), "P60D", 1, D(2024, 3, 1)),
        (D(2024, 1, 1), "P4W", 1, D(2024, 1, 29)),
        (D(2024, 1, 31), "P1M1D", 1, D(2024, 3, 1)),  # months first, then days
        (D(2024, 12, 20), "P5BD", 1, D(2024, 12, 31)),
    ],
)
def test_add(start: date, duration: str, sign: int, expected: date) -> None:
    assert add(start, P(duration), sign) == expected


def test_add_refuses_hours_and_bad_signs() -> None:
    with pytest.raises(ValueError):
        add(D(2024, 1, 1), P("PT24H"))
    with pytest.raises(ValueError):
        add(D(2024, 1, 1), P("P1D"), 2)


@pytest.mark.parametrize(
    ("start", "term", "expected"),
    [
        (D(2024, 1, 1), "P3Y", D(2026, 12, 31)),
        (D(2024, 3, 1), "P36M", D(2027, 2, 28)),
        (D(2024, 3, 1), "P48M", D(2028, 2, 29)),
        (D(2025, 1, 6), "P9M", D(2025, 10, 5)),
        (D(2025, 9, 15), "P6M", D(2026, 3, 14)),
        (D(2025, 2, 1), "P1Y", D(2026, 1, 31)),
        (D(2024, 2, 29), "P1Y", D(2025, 2, 27)),  # 2025-02-28 (clamped) minus one day
    ],
)
def test_end_date(start: date, term: str, expected: date) -> None:
    assert end_date(start, P(term)) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 9, 15), D(2026, 3, 14), "P6M"),
        (D(2024, 3, 1), D(2027, 2, 28), "P36M"),
        (D(2024, 3, 1), D(2028, 2, 29), "P48M"),
        (D(2024, 1, 31), D(2024, 2, 28), "P1M"),
        (D(2025, 1, 6), D(2025, 10, 5), "P9M"),
        (D(2024, 1, 1), D(2024, 1, 10), "P10D"),
        (D(2024, 1, 1), D(2024, 1, 1), "P1D"),
        (D(2024, 1, 15), D(2024, 3, 1), "P47D"),
    ],
)
def test_term_between(start: date, end: date, expected: str) -> None:
    assert term_between(start, end).iso() == expected
    assert end_date(start, term_between(start, end)) == end


def test_term_between_refuses_an_end_before_the_start() -> None:
    with pytest.raises(ValueError):
        term_between(D(2024, 1, 2), D(2024, 1, 1))


@pytest.mark.parametrize(
    ("end", "notice", "expected"),
    [
        (D(2026, 12, 31), "P3M", D(2026, 9, 30)),
        (D(2027, 2, 28), "P3M", D(2026, 11, 30)),
        (D(2027, 6, 30), "P60D", D(2027, 5, 1)),
        (D(2028, 2, 29), "P6M", D(2027, 8, 31)),
        (D(2026, 2, 28), "P1M", D(2026, 1, 31)),
        (D(2026, 1, 31), "P2M", D(2025, 11, 30)),
        (D(2027, 3, 31), "P3M", D(2026, 12, 31)),  # an option's exercise deadline
        (D(2028, 9, 30), "P4M", D(2028, 5, 31)),
    ],
)
def test_notice_deadline(end: date, notice: str, expected: date) -> None:
    assert notice_deadline(end, P(notice)) == expected


# --- Automatic renewal ------------------------------------------------------------------------

END_01 = D(2027, 2, 28)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2025, 1, 1), (END_01, 0)),
        (END_01, (END_01, 0)),  # the last day of a term still belongs to it
        (D(2027, 3, 1), (D(2028, 2, 29), 1)),  # from the boundary 2027-03-01: a leap day
        (D(2028, 2, 29), (D(2028, 2, 29), 1)),
        (D(2028, 3, 1), (D(2029, 2, 28), 2)),
        (D(2031, 1, 1), (D(2031, 2, 28), 4)),
    ],
)
def test_roll_forward(as_of: date, expected: tuple[date, int]) -> None:
    assert roll_forward(END_01, P("P12M"), as_of) == expected


def test_roll_forward_uses_the_original_boundaries_not_cumulative_clamping() -> None:
    # adding one month to each clamped end would give 12-30, 01-30, ... instead of month ends
    end = D(2023, 11, 30)
    ends = [roll_forward(end, P("P1M"), end + timedelta(days=1 + 31 * k))[0] for k in range(4)]
    assert ends == [D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)]


def test_roll_forward_stops_after_the_last_renewal() -> None:
    assert roll_forward(END_01, P("P12M"), D(2035, 1, 1), max_renewals=2) == (D(2029, 2, 28), 2)
    assert roll_forward(END_01, P("P12M"), D(2035, 1, 1), max_renewals=0) == (END_01, 0)
    assert roll_forward(END_01, P("P12M"), D(2028, 1, 1), max_renewals=2) == (D(2028, 2, 29), 1)
    with pytest.raises(ValueError):
        roll_forward(END_01, P("P0D"), D(2035, 1, 1))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 1, 1), D(2026, 11, 30)),
        (D(2026, 11, 29), D(2026, 11, 30)),
        (D(2026, 11, 30), D(2026, 11, 30)),  # on the deadline day notice is still in time
        (D(2026, 12, 1), D(2027, 11, 30)),  # passed: the next term's deadline
        (D(2027, 12, 1), D(2028, 11, 30)),
        (D(2029, 6, 1), D(2029, 11, 30)),
    ],
)
def test_next_notice_deadline(as_of: date, expected: date) -> None:
    assert next_notice_deadline(END_01, P("P3M"), P("P12M"), as_of) == expected


def test_next_notice_deadline_with_max_renewals() -> None:
    # two renewals allowed: deadlines exist for the initial term and the first renewal only
    notice, period = P("P3M"), P("P12M")
    assert next_notice_deadline(END_01, notice, period, D(2026, 12, 1), 2) == D(2027, 11, 30)
    assert next_notice_deadline(END_01, notice, period, D(2027, 12, 1), 2) is None
    assert next_notice_deadline(END_01, notice, period, D(2026, 12, 1), 1) is None
    assert next_notice_deadline(END_01, notice, period, D(2026, 1, 1), 0) is None


def test_next_notice_deadline_when_notice_is_longer_than_the_renewal_period() -> None:
    # end 2024-12-31, renewed by quarters, six months' notice
    end, notice, period = D(2024, 12, 31), P("P6M"), P("P3M")
    assert next_notice_deadline(end, notice, period, D(2024, 6, 30)) == D(2024, 6, 30)
    assert next_notice_deadline(end, notice, period, D(2024, 7, 1)) == D(2024, 9, 30)
    assert next_notice_deadline(end, notice, period, D(2025, 1, 15)) == D(2025, 3, 31)


# --- Working days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1981, D(1981, 4, 19)),
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2011, D(2011, 4, 24)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_holidays_2025() -> None:
    assert dict(dutch_holidays(2025)) == {
        D(2025, 1, 1): "Nieuwjaarsdag",
        D(2025, 4, 21): "Tweede Paasdag",
        D(2025, 4, 26): "Koningsdag",  # the 27th is a Sunday
        D(2025, 5, 5): "5 mei",
        D(2025, 5, 29): "Hemelvaartsdag",
        D(2025, 6, 9): "Tweede Pinksterdag",
        D(2025, 12, 25): "Eerste Kerstdag",
        D(2025, 12, 26): "Tweede Kerstdag",
    }


def test_kings_day_and_queens_day() -> None:
    assert D(2024, 4, 27) in dutch_holidays(2024)
    assert D(2025, 4, 27) not in dutch_holidays(2025)
    assert D(2023, 4, 27) in dutch_holidays(2023)
    assert dutch_holidays(2006)[D(2006, 4, 29)] == "Koninginnedag"  # the 30th was a Sunday
    assert D(2013, 4, 30) in dutch_holidays(2013)
    with pytest.raises(ValueError):
        dutch_holidays(1979)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2024, 3, 29), True),  # Goede Vrijdag is not a holiday
        (D(2024, 4, 1), False),  # Tweede Paasdag
        (D(2025, 5, 5), False),  # 5 mei, every year
        (D(2024, 5, 6), True),  # 5 mei 2024 was a Sunday; nothing moves
        (D(2025, 5, 29), False),  # Hemelvaartsdag
        (D(2025, 6, 9), False),  # Tweede Pinksterdag
        (D(2026, 1, 1), False),  # Nieuwjaarsdag
        (D(2024, 12, 24), True),
        (D(2024, 12, 25), False),
        (D(2024, 12, 26), False),
        (D(2025, 2, 1), False),  # Saturday
        (D(2025, 4, 28), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 12, 20), 5, D(2024, 12, 31)),  # across Christmas 2024
        (D(2024, 3, 1), 10, D(2024, 3, 15)),
        (D(2024, 3, 28), 1, D(2024, 3, 29)),  # Goede Vrijdag counts
        (D(2024, 3, 29), 1, D(2024, 4, 2)),  # Tweede Paasdag does not
        (D(2024, 3, 31), 5, D(2024, 4, 8)),
        (D(2025, 4, 30), 5, D(2025, 5, 8)),  # 5 mei 2025
        (D(2025, 3, 11), 10, D(2025, 3, 25)),
        (D(2025, 2, 1), 15, D(2025, 2, 21)),  # counted from a Saturday
        (D(2025, 12, 31), 10, D(2026, 1, 15)),  # Nieuwjaarsdag 2026
        (D(2025, 5, 28), 1, D(2025, 5, 30)),  # Hemelvaartsdag
        (D(2025, 6, 6), 1, D(2025, 6, 10)),  # Tweede Pinksterdag
        (D(2025, 4, 1), -10, D(2025, 3, 18)),
        (D(2025, 9, 8), -10, D(2025, 8, 25)),
        (D(2025, 5, 6), -1, D(2025, 5, 2)),
        (D(2025, 2, 1), 0, D(2025, 2, 1)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_weekdays_calendar_ignores_holidays() -> None:
    assert add_working_days(D(2024, 12, 20), 5, WorkdayCalendar.weekdays) == D(2024, 12, 27)
    assert is_working_day(D(2024, 12, 25), WorkdayCalendar.weekdays)
    assert add(D(2024, 12, 20), P("P5BD"), calendar=WorkdayCalendar.weekdays) == D(2024, 12, 27)


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)),
    st.integers(min_value=-30, max_value=30).filter(bool),
)
def test_add_working_days_counts_exactly_n_working_days(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert is_working_day(result)
    if n > 0:  # the days after the start, up to and including the result
        span = [start + timedelta(days=i) for i in range(1, (result - start).days + 1)]
    else:  # the result, up to the day before the start
        span = [result + timedelta(days=i) for i in range((start - result).days)]
    assert sum(is_working_day(d) for d in span) == abs(n)


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_term_end_and_notice_deadline_are_consistent(start: date, months: int) -> None:
    term = Duration(months=months)
    end = end_date(start, term)
    assert end + timedelta(days=1) == add(start, term)
    # with a notice period as long as the term, the deadline is the day before the start, as
    # long as no month end was clamped on the way (clamping cannot be undone: 2000-01-29 + P13M
    # = 2001-02-28, and 2001-02-28 - P13M = 2000-01-28)
    if start.day <= 28:
        assert notice_deadline(end, term) == start - timedelta(days=1)
    else:
        assert notice_deadline(end, term) <= start - timedelta(days=1)


# --- Due dates --------------------------------------------------------------------------------

ANCHORS = {START: D(2024, 3, 1), SIGNING: D(2024, 2, 12), "transportdatum": D(2025, 9, 8)}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (DueRule(DueKind.on_or_before, D(2024, 5, 31)), D(2024, 5, 31)),  # uiterlijk op D
        (DueRule(DueKind.strictly_before, D(2024, 12, 14)), D(2024, 12, 13)),  # voor D
        (DueRule(DueKind.on_or_before, START), D(2024, 3, 1)),
        (DueRule(DueKind.within_after, START, P("P10BD")), D(2024, 3, 15)),
        (DueRule(DueKind.within_after, START, P("P4M")), D(2024, 7, 1)),
        (DueRule(DueKind.within_after, D(2024, 1, 31), P("P1M")), D(2024, 2, 29)),
        (DueRule(DueKind.within_after, SIGNING, P("P2W")), D(2024, 2, 26)),
        (DueRule(DueKind.before_by, "transportdatum", P("P10BD")), D(2025, 8, 25)),
        (DueRule(DueKind.before_by, START, P("P1M")), D(2024, 2, 1)),
        (DueRule(DueKind.within_after, "melding", P("PT30M")), None),  # event with no date
        (DueRule(DueKind.within_after, None, P("P30D")), None),
        (DueRule(DueKind.within_after, START, P("PT24H")), None),  # a moment, not a day
        (DueRule(DueKind.within_after, END, P("P30D")), None),  # end not given
    ],
)
def test_due_date_one_off(rule: DueRule, expected: date | None) -> None:
    assert due_date(rule, ANCHORS) == expected


def _every(cycle: str, each: DueRule | None, **kwargs: Any) -> DueRule:
    return DueRule(DueKind.recurring, cycle=P(cycle), each=each, **kwargs)


MONTHLY_REPORT = _every("P1M", DueRule(DueKind.within_after, PERIOD_END, P("P5BD")))


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        # first month ending after the start, then five working days (Tweede Paasdag 2024)
        (MONTHLY_REPORT, D(2024, 3, 1), D(2024, 4, 8)),
        (MONTHLY_REPORT, D(2025, 4, 1), D(2025, 5, 8)),  # 5 mei 2025
        (MONTHLY_REPORT, D(2024, 3, 31), D(2024, 5, 7)),  # March ends on, not after, the start
        (
            _every("P3M", DueRule(DueKind.within_after, PERIOD_END, P("P20D"))),
            D(2025, 7, 1),
            D(2025, 10, 20),
        ),
        (
            _every("P3M", DueRule(DueKind.within_after, PERIOD_END, P("P10BD"))),
            D(2025, 10, 1),
            D(2026, 1, 15),
        ),
        (
            _every(
                "P1Y",
                DueRule(DueKind.within_after, PERIOD_END, P("P6W")),
                periods=Periods.term,
            ),
            D(2025, 1, 1),
            D(2026, 2, 11),
        ),
        (
            _every(
                "P1Y",
                DueRule(DueKind.within_after, PERIOD_END, P("P6W")),
                periods=Periods.term,
            ),
            D(2025, 3, 1),
            D(2026, 4, 11),  # contract year ends 2026-02-28
        ),
        (
            _every("P1W", DueRule(DueKind.within_after, PERIOD_END, P("P1D"))),
            D(2025, 1, 6),
            D(2025, 1, 13),  # the Monday after the first week
        ),
        (
            _every("P1Y", DueRule(DueKind.on_or_before, MonthDay(15, 4))),
            D(2024, 3, 1),
            D(2024, 4, 15),
        ),
        (
            _every("P1Y", DueRule(DueKind.on_or_before, MonthDay(15, 4))),
            D(2024, 4, 16),
            D(2025, 4, 15),
        ),
        (
            _every("P1Y", DueRule(DueKind.strictly_before, MonthDay(15, 1))),
            D(2025, 4, 1),
            D(2026, 1, 14),
        ),
        (
            _every("P1Y", DueRule(DueKind.strictly_before, MonthDay(15, 1))),
            D(2025, 1, 15),
            D(2026, 1, 14),  # 2025-01-14 is before the start
        ),
        (_every("P1M", DueRule(DueKind.on_or_before, MonthDay(1))), D(2025, 3, 1), D(2025, 3, 1)),
        (_every("P1M", DueRule(DueKind.on_or_before, MonthDay(1))), D(2025, 3, 2), D(2025, 4, 1)),
        (
            _every("P1M", DueRule(DueKind.on_or_before, MonthDay(31))),
            D(2025, 2, 1),
            D(2025, 2, 28),
        ),
        (
            _every("P1Y", DueRule(DueKind.on_or_before, MonthDay(29, 2))),
            D(2025, 1, 1),
            D(2025, 2, 28),
        ),
        (_every("P3M", None, first=D(2025, 9, 15)), D(2025, 7, 1), D(2025, 9, 15)),
        (_every("P3M", None), D(2025, 7, 1), None),  # recurs, but without a deadline
        (
            _every("P1M", DueRule(DueKind.within_after, "factuurdatum", P("P14D"))),
            D(2025, 1, 1),
            None,
        ),
    ],
)
def test_due_date_recurring(rule: DueRule, start: date, expected: date | None) -> None:
    assert due_date(rule, {START: start}) == expected


def test_recurring_due_date_needs_a_start() -> None:
    assert due_date(MONTHLY_REPORT, {}) is None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2024, 4, 8), D(2024, 4, 8)),  # the deadline day itself still counts
        (D(2024, 4, 9), D(2024, 5, 7)),
        (D(2024, 12, 1), D(2024, 12, 6)),
        (D(2025, 1, 1), D(2025, 1, 8)),  # December's report, after Christmas and New Year
    ],
)
def test_next_occurrence(as_of: date, expected: date) -> None:
    anchors = {START: D(2024, 3, 1)}
    assert next_occurrence(MONTHLY_REPORT, as_of, anchors) == expected


def test_next_occurrence_respects_the_term() -> None:
    anchors = {START: D(2024, 3, 1), END: D(2024, 6, 30)}
    # June's report is due in July, after the end, and still belongs to the term
    assert next_occurrence(MONTHLY_REPORT, D(2024, 7, 1), anchors) == D(2024, 7, 5)
    assert next_occurrence(MONTHLY_REPORT, D(2024, 7, 9), anchors) is None
    # without a start, calendar periods still work
    assert next_occurrence(MONTHLY_REPORT, D(2024, 3, 2)) == D(2024, 3, 7)
    yearly = _every("P1Y", DueRule(DueKind.on_or_before, MonthDay(15, 4)))
    assert next_occurrence(yearly, D(2025, 4, 16), {END: D(2026, 3, 31)}) is None
    # "jaarlijks voor 1 januari": the occurrence of 2026 is due on the last day of the term
    new_year = _every("P1Y", DueRule(DueKind.strictly_before, MonthDay(1, 1)))
    term = {START: D(2025, 1, 1), END: D(2025, 12, 31)}
    assert next_occurrence(new_year, D(2025, 6, 1), term) == D(2025, 12, 31)
    assert next_occurrence(new_year, D(2026, 1, 1), term) is None
    quarterly = _every("P3M", None, first=D(2025, 9, 15))
    assert next_occurrence(quarterly, D(2025, 9, 16)) == D(2025, 12, 15)
    with pytest.raises(ValueError):
        next_occurrence(DueRule(DueKind.on_or_before, START), D(2025, 1, 1))


def test_due_rule_validation() -> None:
    with pytest.raises(ValueError):
        DueRule(DueKind.within_after, START)  # no duration
    with pytest.raises(ValueError):
        DueRule(DueKind.on_or_before, START, P("P1D"))  # a duration it would ignore
    with pytest.raises(ValueError):
        DueRule(DueKind.recurring)  # no cycle
    with pytest.raises(ValueError):
        _every("P2W", None)  # calendar fortnights are not defined
    assert _every("P2W", None, periods=Periods.term).cycle == P("P14D")
    with pytest.raises(ValueError):
        MonthDay(30, 2)
    with pytest.raises(ValueError):
        MonthDay(0)


# --- Cross-check against the nl-synth labels --------------------------------------------------

LABELS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "nl-synth" / "labels.jsonl"


def _labels() -> list[dict[str, Any]]:
    if not LABELS.is_file():
        pytest.skip(f"nl-synth labels not found at {LABELS}")
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line]


def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def test_nl_synth_term_and_notice_dates() -> None:
    checked = 0
    for label in _labels():
        start, end = _d(label["start_date"]), _d(label["end_date"])
        assert start is not None and end is not None
        if label["initial_term"] is not None:
            assert end_date(start, P(label["initial_term"])) == end, label["file"]
            assert term_between(start, end) == P(label["initial_term"]), label["file"]
            checked += 1
        renewal = label["renewal"]
        if renewal["type"] == "automatic":
            expected = _d(label["notice_deadline"])
            assert notice_deadline(end, P(label["notice_period"])) == expected, label["file"]
            # on the start date, the next deadline is the initial term's
            found = next_notice_deadline(
                end, P(label["notice_period"]), P(renewal["period"]), start, renewal["max"]
            )
            assert found == expected, label["file"]
            checked += 1
        else:
            assert label["notice_deadline"] is None
        if renewal["type"] == "option":
            deadline = notice_deadline(end, P(renewal["exercise_notice"]))
            assert deadline == _d(renewal["exercise_deadline"]), label["file"]
            checked += 1
        for change in (label.get("amends") or {}).get("changes", []):
            if change["field"] == "notice_deadline":
                assert change["new"] == label["notice_deadline"]
    assert checked >= 15


def test_a_stated_end_disagrees_with_start_plus_term_beyond_a_month() -> None:
    # three years from 1998-06-01 end on 2001-05-31
    assert disagreeing_end(D(1998, 6, 1), P("P3Y"), D(1998, 12, 31)) == D(2001, 5, 31)
    assert disagreeing_end(D(1998, 6, 1), P("P3Y"), D(2001, 5, 31)) is None
    assert disagreeing_end(D(1998, 6, 1), P("P3Y"), D(2001, 7, 1)) is None  # 31 days off
    assert disagreeing_end(D(1998, 6, 1), P("P3Y"), D(2001, 7, 2)) == D(2001, 5, 31)
