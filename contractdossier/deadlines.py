"""The date and deadline rules: the one place where they are written down.

Every date the service *computes* (as opposed to reads) comes from a function in this module,
so a question like "why is the notice deadline 30 November?" has one answer, here. The module
is pure: no I/O, no clock (callers pass ``as_of``), standard library only.

Rules
=====

Durations
    A :class:`Duration` keeps the unit the text used (``P3M`` stays three months, ``P1Y`` stays
    one year, ``P60D`` stays sixty days, ``P4W`` stays four weeks), because that is what a person
    checks against the contract. Two durations are *equal* when they always give the same date:
    years are normalised to 12 months (``P1Y == P12M``) and weeks to 7 days (``P4W == P28D``).
    Working days, hours and minutes are kept apart: ``P5BD`` (five working days; ``BD`` is our
    own, non-ISO designator) is not ``P1W``, and ``PT24H`` is not ``P1D``.

Calendar arithmetic (:func:`add`)
    Years and months first, then weeks and days, then working days. Adding months keeps the day
    of the month and clamps to the last day of a shorter month: 2024-01-31 + P1M = 2024-02-29,
    2023-01-31 + P1M = 2023-02-28, 2024-02-29 + P1Y = 2025-02-28. Subtracting clamps the same
    way. Hours and minutes cannot be applied to a date; :func:`add` refuses them.

Term dates (:func:`end_date`, :func:`term_between`)
    The last day of a term is ``start + term - 1 day``: a 3-year term from 2024-01-01 ends on
    2026-12-31; 2024-03-01 + P36M - 1 day = 2027-02-28; 2024-03-01 + P48M - 1 day = 2028-02-29.
    A term given only as from/to dates is the whole number of months for which that rule gives
    the end date back (2025-09-15 to 2026-03-14 is P6M), else a number of days.

Notice deadline (:func:`notice_deadline`)
    The last day on which notice must be *received* so that the contract ends on ``end`` is
    ``(end + 1 day) - notice - 1 day``. Counting back from the day after the end (the first day
    the contract would run on) makes month arithmetic land on month ends: end 2026-12-31 with
    P3M gives 2026-09-30; end 2027-02-28 with P3M gives 2027-03-01 - 3 months = 2026-12-01,
    so 2026-11-30; end 2027-06-30 with P60D gives 2027-05-02 - 1 day = 2027-05-01. The same
    formula gives the deadline to exercise an extension option.

Automatic renewal (:func:`roll_forward`, :func:`next_notice_deadline`)
    Renewal term ``k`` (``k >= 1``) ends on ``add(end + 1 day, k * period) - 1 day``: each term end
    is computed from the original boundary, never by adding to the previous (clamped) end, so a
    term ending on 28 February does not drift away from month ends. On ``as_of`` the current
    term is the first whose end is on or after ``as_of``. With ``max_renewals`` the contract ends
    after the last renewal; the returned end then lies before ``as_of``.
    A notice deadline has *not* passed on the deadline day itself: notice received that day is
    in time. :func:`next_notice_deadline` returns the first deadline on or after ``as_of``. A term
    after which no renewal can follow (the last one allowed) has no notice deadline.

Working days (:func:`is_working_day`, :func:`add_working_days`)
    A working day (werkdag) is Monday to Friday except the public holidays of the Algemene
    termijnenwet, art. 3: Nieuwjaarsdag (1 January), Tweede Paasdag (Easter Monday), Koningsdag
    (27 April, or Saturday 26 April when the 27th is a Sunday), 5 mei (every year, not only
    lustrum years), Hemelvaartsdag (Easter + 39 days), Tweede Pinksterdag (Easter + 50 days) and
    both Christmas days (25 and 26 December). Goede Vrijdag is *not* a holiday. Easter comes from
    the anonymous Gregorian algorithm. Before 2014 the King's day was Koninginnedag: 30 April,
    or Saturday 29 April when the 30th was a Sunday (the rule since 1980); years before 1980 are
    refused rather than guessed.
    "Binnen N werkdagen na X" is the N-th working day after X, X itself not counted (X may be a
    weekend day). "N werkdagen voor X" is the N-th working day before X.
    English "business days" use the same Dutch calendar by default, since the contracts in a
    dossier are held by a Dutch organisation; :attr:`WorkdayCalendar.weekdays` (Monday to Friday,
    no holidays) is the alternative for a contract that defines business days without them.
    Holidays of other jurisdictions are not modelled.
    A deadline that falls on a weekend or a holiday is *not* moved: art. 1 of the Algemene
    termijnenwet extends only statutory periods, and a contract must say so itself.

Due dates (:func:`due_date`, :class:`DueRule`)
    - "uiterlijk op D" / "on or before D" / "op D": D.
    - "voor D" (strictly before) / "before D": D - 1 day.
    - "binnen N dagen/weken/maanden na X": X + N (calendar arithmetic, month clamping);
      "binnen N werkdagen na X": the N-th working day after X.
    - "N dagen/maanden voor X": X - N; "N werkdagen voor X": the N-th working day before X.
    - "na ondertekening" is anchored on the date of the last signature (anchor ``signing``).
    - An anchor that is an event with no date (a report, an invoice, a discovery, a request, the
      actual end of the contract when it depends on renewal or termination) gives ``None``;
      so does a period in hours or minutes after a date, since a date has no time of day.
    - A recurring obligation (cycle P1W, P1M, P3M, P6M, P1Y) is due on its *first occurrence in
      the term*. When each occurrence hangs on the end of a period ("binnen 5 werkdagen na afloop
      van iedere kalendermaand"), that is the occurrence for the first period ending after the
      start date. When it is a fixed day ("jaarlijks uiterlijk op 15 april", "op de eerste dag van
      iedere maand"), it is the first such deadline on or after the start date. "Voor het eerst
      op D" gives D. Calendar periods are weeks Monday to Sunday, calendar months, quarters
      (January-March, ...), half-years and calendar years; ``Periods.term`` counts periods from
      the start date instead (contract years, delivery years). A fixed day beyond the end of a
      shorter month is clamped to its last day.
    - "De vijfde werkdag van iedere kalendermaand" is five working days after the end of each
      month: such deadlines are for reports about the month before, so the first falls in the
      month after the first full period (start 2025-04-01 gives 2025-05-08, not 2025-04-07).
    - Later occurrences (:func:`next_occurrence`): the first deadline on or after ``as_of``; that
      day still counts. With an ``end`` anchor, a period-end deadline belongs to the term when its
      period begins on or before the end (the last month's report may fall after it); a fixed-day
      deadline must itself lie on or before the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

ONE_DAY = dt.timedelta(days=1)

# Anchor names understood by :func:`due_date`. Other names are looked up in ``anchors`` as given.
SIGNING = "signing"  # date of the last signature
START = "start"  # first day of the term (ingangsdatum)
END = "end"  # last day of the (initial) term, when it is fixed
PERIOD_START = "period_start"  # inside a recurring rule: first day of the current period
PERIOD_END = "period_end"  # inside a recurring rule: last day of the current period


# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------

_ISO = re.compile(
    r"P(?:(?P<years>\d{1,6})Y)?(?:(?P<months>\d{1,6})M)?(?:(?P<weeks>\d{1,6})W)?"
    r"(?:(?P<days>\d{1,6})D)?(?:(?P<business_days>\d{1,6})BD)?"
    r"(?:T(?:(?P<hours>\d{1,6})H)?(?:(?P<minutes>\d{1,6})M)?)?"
)
_FIELDS = ("years", "months", "weeks", "days", "business_days", "hours", "minutes")


@dataclass(frozen=True, slots=True, eq=False)
class Duration:
    """A length of time as a contract states it, in the unit it used.

    ``iso()`` (and ``str()``) give ISO 8601 (``P3M``, ``P1Y``, ``P60D``, ``P4W``, ``PT24H``);
    working days use the non-standard designator ``BD`` (``P10BD``). Equality and hashing
    compare :meth:`normalised` values (``P1Y == P12M``, ``P1W == P7D``). All parts are
    non-negative; the direction of arithmetic is the ``sign`` argument of :func:`add`.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    business_days: int = 0
    hours: int = 0
    minutes: int = 0

    def __post_init__(self) -> None:
        for name in _FIELDS:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Duration.{name} must be a non-negative int, got {value!r}")

    @classmethod
    def from_iso(cls, text: str) -> Duration:
        """Parse ``P3M``, ``P1Y``, ``P60D``, ``P4W``, ``P1Y6M``, ``PT24H``, ``P10BD``."""
        s = text.strip().upper()
        match = _ISO.fullmatch(s)
        if match is None or s.endswith("T") or not any(match.groupdict().values()):
            raise ValueError(f"not an ISO 8601 duration: {text!r}")
        return cls(**{k: int(v) for k, v in match.groupdict().items() if v is not None})

    def iso(self) -> str:
        date_part = "".join(
            f"{value}{unit}"
            for value, unit in (
                (self.years, "Y"),
                (self.months, "M"),
                (self.weeks, "W"),
                (self.days, "D"),
                (self.business_days, "BD"),
            )
            if value
        )
        time_part = "".join(
            f"{value}{unit}" for value, unit in ((self.hours, "H"), (self.minutes, "M")) if value
        )
        if not date_part and not time_part:
            return "P0D"
        return "P" + date_part + ("T" + time_part if time_part else "")

    def __str__(self) -> str:
        return self.iso()

    def normalised(self) -> tuple[int, int, int, int]:
        """(calendar months, calendar days, working days, minutes): what arithmetic sees."""
        return (
            self.years * 12 + self.months,
            self.weeks * 7 + self.days,
            self.business_days,
            self.hours * 60 + self.minutes,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return self.normalised() == other.normalised()

    def __hash__(self) -> int:
        return hash(self.normalised())

    def __mul__(self, k: int) -> Duration:
        if not isinstance(k, int) or k < 0:
            raise ValueError(f"a duration can only be multiplied by a non-negative int, not {k!r}")
        return Duration(*(getattr(self, name) * k for name in _FIELDS))

    __rmul__ = __mul__

    @property
    def is_zero(self) -> bool:
        return self.normalised() == (0, 0, 0, 0)

    @property
    def has_time(self) -> bool:
        """True when the duration has hours or minutes (it cannot be added to a date)."""
        return bool(self.hours or self.minutes)


# --------------------------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------------------------


class WorkdayCalendar(StrEnum):
    """Which days count as working days (werkdagen, business days)."""

    nl = "nl"  # Monday-Friday minus the holidays of the Algemene termijnenwet (the default)
    weekdays = "weekdays"  # Monday-Friday, no holidays


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=256)
def dutch_holidays(year: int) -> Mapping[dt.date, str]:
    """The public holidays of the Algemene termijnenwet (art. 3) in ``year``, with their names.

    Years before 1980 raise ``ValueError`` (the rule for the monarch's birthday differed).
    """
    if year < 1980:
        raise ValueError(f"no verified Dutch holiday calendar before 1980 (asked for {year})")
    easter = easter_sunday(year)
    if year >= 2014:
        kings_day = dt.date(year, 4, 27)
        name = "Koningsdag"
    else:
        kings_day = dt.date(year, 4, 30)
        name = "Koninginnedag"
    if kings_day.weekday() == 6:  # Sunday -> the Saturday before
        kings_day -= ONE_DAY
    days = {
        dt.date(year, 1, 1): "Nieuwjaarsdag",
        easter + dt.timedelta(days=1): "Tweede Paasdag",
        kings_day: name,
        dt.date(year, 5, 5): "5 mei",
        easter + dt.timedelta(days=39): "Hemelvaartsdag",
        easter + dt.timedelta(days=50): "Tweede Pinksterdag",
        dt.date(year, 12, 25): "Eerste Kerstdag",
        dt.date(year, 12, 26): "Tweede Kerstdag",
    }
    return MappingProxyType(days)


def is_working_day(d: dt.date, calendar: WorkdayCalendar = WorkdayCalendar.nl) -> bool:
    if d.weekday() >= 5:
        return False
    if calendar is WorkdayCalendar.weekdays:
        return True
    return d not in dutch_holidays(d.year)


def add_working_days(d: dt.date, n: int, calendar: WorkdayCalendar = WorkdayCalendar.nl) -> dt.date:
    """The ``n``-th working day after ``d`` (``d`` itself not counted); before ``d`` when ``n < 0``.

    ``n == 0`` returns ``d`` unchanged, whether or not it is a working day.
    """
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if is_working_day(d, calendar):
            remaining -= 1
    return d


# --------------------------------------------------------------------------------------------
# Calendar arithmetic
# --------------------------------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - ONE_DAY).day


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus (or minus) whole months, clamped to the last day of a shorter month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return dt.date(year, month, min(d.day, _last_day(year, month)))


def add(
    d: dt.date,
    dur: Duration,
    sign: int = +1,
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> dt.date:
    """``d + dur`` (``sign=+1``) or ``d - dur`` (``sign=-1``); see the module rules."""
    if sign not in (1, -1):
        raise ValueError(f"sign must be +1 or -1, not {sign!r}")
    if dur.has_time:
        raise ValueError(f"cannot add {dur.iso()} to a date: it has hours or minutes")
    months, days, working_days, _ = dur.normalised()
    result = add_months(d, sign * months) if months else d
    if days:
        result += dt.timedelta(days=sign * days)
    if working_days:
        result = add_working_days(result, sign * working_days, calendar)
    return result


def end_date(
    start: dt.date, term: Duration, *, calendar: WorkdayCalendar = WorkdayCalendar.nl
) -> dt.date:
    """Last day (inclusive) of a term of length ``term`` beginning on ``start``."""
    return add(start, term, calendar=calendar) - ONE_DAY


TERM_END_TOLERANCE = 31  # days a stated end may lie from start + term before they disagree


def disagreeing_end(start: dt.date, term: Duration, end: dt.date) -> dt.date | None:
    """The end ``start`` + ``term`` gives (:func:`end_date`) when it lies more than
    ``TERM_END_TOLERANCE`` days from a stated ``end``, else None: the term and the end were read
    from different sentences, and one of them is about something else."""
    computed = end_date(start, term)
    return computed if abs((computed - end).days) > TERM_END_TOLERANCE else None


def term_between(start: dt.date, end: dt.date) -> Duration:
    """The term that runs from ``start`` to ``end`` inclusive, for a contract that gives only
    from/to dates: whole months when :func:`end_date` gives ``end`` back for some number of
    months, else days (15 September 2025 to 14 March 2026 is ``P6M``)."""
    if end < start:
        raise ValueError(f"the end {end} lies before the start {start}")
    months = (end.year - start.year) * 12 + end.month - start.month
    for n in (months, months + 1):
        if n >= 1 and end_date(start, Duration(months=n)) == end:
            return Duration(months=n)
    return Duration(days=(end - start).days + 1)


def notice_deadline(
    end: dt.date, notice: Duration, *, calendar: WorkdayCalendar = WorkdayCalendar.nl
) -> dt.date:
    """Last day notice must be received for the contract to end on ``end`` (inclusive)."""
    return add(end + ONE_DAY, notice, -1, calendar=calendar) - ONE_DAY


def _check_period(period: Duration) -> None:
    if period.is_zero or period.has_time:
        raise ValueError(f"a renewal period must be a positive number of days, not {period.iso()}")


def renewal_end(
    end: dt.date,
    renewal_period: Duration,
    k: int,
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> dt.date:
    """End of the term after ``k`` renewals (``k == 0`` is ``end`` itself)."""
    if k == 0:
        return end
    return add(end + ONE_DAY, renewal_period * k, calendar=calendar) - ONE_DAY


def roll_forward(
    end: dt.date,
    renewal_period: Duration,
    as_of: dt.date,
    max_renewals: int | None = None,
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> tuple[dt.date, int]:
    """``(end of the term current on as_of, number of renewals that led to it)``.

    The current term is the first whose end is on or after ``as_of``. If ``max_renewals`` stops the
    contract before that, the end of the last allowed term is returned (it is before ``as_of``:
    the contract has ended).
    """
    _check_period(renewal_period)
    if max_renewals is not None and max_renewals < 0:
        raise ValueError("max_renewals must be >= 0")
    k = 0
    current = end
    while current < as_of:
        if max_renewals is not None and k >= max_renewals:
            break
        k += 1
        current = renewal_end(end, renewal_period, k, calendar=calendar)
    return current, k


def next_notice_deadline(
    end: dt.date,
    notice: Duration,
    renewal_period: Duration,
    as_of: dt.date,
    max_renewals: int | None = None,
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> dt.date | None:
    """First notice deadline on or after ``as_of`` (the deadline day itself is still in time).

    A deadline belongs to a term after which a renewal would follow; when no renewal is left
    (``max_renewals`` used up, or ``max_renewals == 0``) there is nothing to give notice against
    and the result is ``None``.
    """
    _check_period(renewal_period)
    _, k = roll_forward(end, renewal_period, as_of, max_renewals, calendar=calendar)
    while max_renewals is None or k < max_renewals:
        term_end = renewal_end(end, renewal_period, k, calendar=calendar)
        deadline = notice_deadline(term_end, notice, calendar=calendar)
        if deadline >= as_of:
            return deadline
        k += 1
    return None


# --------------------------------------------------------------------------------------------
# Due dates
# --------------------------------------------------------------------------------------------


class DueKind(StrEnum):
    on_or_before = "on_or_before"  # "uiterlijk op D", "op D", "on or before D"
    strictly_before = "strictly_before"  # "voor D", "before D": D - 1 day
    within_after = "within_after"  # "binnen N ... na X": X + N
    before_by = "before_by"  # "N ... voor X": X - N
    recurring = "recurring"  # every cycle; see DueRule.each


class Periods(StrEnum):
    """How the periods of a recurring obligation are laid out."""

    calendar = "calendar"  # weeks Mon-Sun, calendar months, quarters, half-years, years
    term = "term"  # consecutive periods counted from the start date


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A day that recurs: ``MonthDay(15, 4)`` is every 15 April, ``MonthDay(1)`` every 1st."""

    day: int
    month: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31 or (self.month is not None and not 1 <= self.month <= 12):
            raise ValueError(f"not a day of the month/year: {self.day}-{self.month}")
        if self.month is not None and self.day > _last_day(2000, self.month):  # 2000: leap year
            raise ValueError(f"no such day: {self.day}-{self.month}")


Anchor = str | dt.date | MonthDay | None


@dataclass(frozen=True, slots=True)
class DueRule:
    """A deadline rule, as read from a phrase like "binnen 10 werkdagen na de Ingangsdatum".

    ``anchor`` is a name looked up in the ``anchors`` of :func:`due_date` (``signing``, ``start``,
    ``end``, or the name of another dated event such as ``transportdatum``), a fixed date, a
    :class:`MonthDay` (only inside a recurring rule), or ``None`` for an event with no date.
    A recurring rule has a ``cycle`` and, in ``each``, the rule for one occurrence, anchored on
    :data:`PERIOD_END`, :data:`PERIOD_START` or a :class:`MonthDay`; ``each=None`` means the
    obligation recurs without a computable deadline ("ieder kwartaal", "maandelijks achteraf").
    """

    kind: DueKind
    anchor: Anchor = None
    duration: Duration | None = None
    cycle: Duration | None = None
    each: DueRule | None = None
    periods: Periods = Periods.calendar
    first: dt.date | None = None  # "voor het eerst op D"

    def __post_init__(self) -> None:
        needs_duration = self.kind in (DueKind.within_after, DueKind.before_by)
        if needs_duration != (self.duration is not None):
            raise ValueError(f"a {self.kind.value} rule needs a duration, and only such a rule")
        if self.kind is DueKind.recurring:
            if self.cycle is None or self.cycle.is_zero or self.cycle.has_time:
                raise ValueError("a recurring rule needs a cycle of whole days or longer")
            if self.each is not None and self.each.kind is DueKind.recurring:
                raise ValueError("a recurring rule cannot recur inside another one")
            if self.periods is Periods.calendar and _calendar_unit(self.cycle) is None:
                raise ValueError(
                    f"calendar periods of {self.cycle.iso()} are not defined; use Periods.term"
                )


def _resolve_month_day(md: MonthDay, period: tuple[dt.date, dt.date] | None) -> dt.date | None:
    """First date matching ``md`` on or after the period start, if it lies in the period."""
    if period is None:
        return None
    p_start, p_end = period
    year, month = p_start.year, p_start.month
    for _ in range(13):
        if md.month is None or md.month == month:
            candidate = dt.date(year, month, min(md.day, _last_day(year, month)))
            if candidate >= p_start:
                return candidate if candidate <= p_end else None
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _anchor_date(
    anchor: Anchor,
    anchors: Mapping[str, dt.date],
    period: tuple[dt.date, dt.date] | None,
) -> dt.date | None:
    if anchor is None:
        return None
    if isinstance(anchor, MonthDay):
        return _resolve_month_day(anchor, period)
    if isinstance(anchor, dt.date):
        return anchor
    if period is not None and anchor == PERIOD_START:
        return period[0]
    if period is not None and anchor == PERIOD_END:
        return period[1]
    return anchors.get(anchor)


def _one_off(
    rule: DueRule,
    anchors: Mapping[str, dt.date],
    calendar: WorkdayCalendar,
    period: tuple[dt.date, dt.date] | None = None,
) -> dt.date | None:
    base = _anchor_date(rule.anchor, anchors, period)
    if base is None:
        return None
    if rule.kind is DueKind.on_or_before:
        return base
    if rule.kind is DueKind.strictly_before:
        return base - ONE_DAY
    assert rule.duration is not None  # checked in DueRule.__post_init__
    if rule.duration.has_time:
        return None  # a moment after an event on a date: no day can be computed honestly
    sign = 1 if rule.kind is DueKind.within_after else -1
    return add(base, rule.duration, sign, calendar=calendar)


# Recurring rules -----------------------------------------------------------------------------


def _calendar_unit(cycle: Duration) -> tuple[str, int] | None:
    """('week', 1) or ('month', n) for cycles with calendar-aligned periods, else None."""
    months, days, working_days, minutes = cycle.normalised()
    if working_days or minutes:
        return None
    if months == 0 and days == 7:
        return ("week", 1)
    if days == 0 and months in (1, 2, 3, 4, 6, 12):
        return ("month", months)
    return None


def _calendar_period(cycle: Duration, index: int) -> tuple[dt.date, dt.date]:
    unit = _calendar_unit(cycle)
    assert unit is not None
    if unit[0] == "week":
        monday = dt.date.fromordinal(index * 7 + 1)  # ordinal 1 (0001-01-01) is a Monday
        return monday, monday + dt.timedelta(days=6)
    months = unit[1]
    first_month = index * months
    year, month0 = divmod(first_month, 12)
    p_start = dt.date(year, month0 + 1, 1)
    return p_start, add_months(p_start, months) - ONE_DAY


def _calendar_index(cycle: Duration, d: dt.date) -> int:
    unit = _calendar_unit(cycle)
    assert unit is not None
    if unit[0] == "week":
        return (d.toordinal() - 1) // 7
    return (d.year * 12 + d.month - 1) // unit[1]


class _Schedule:
    """The periods of a recurring rule and the deadline of each, indexed by an int."""

    def __init__(
        self, rule: DueRule, anchors: Mapping[str, dt.date], calendar: WorkdayCalendar
    ) -> None:
        assert rule.cycle is not None
        self.rule = rule
        self.cycle = rule.cycle
        self.anchors = anchors
        self.calendar = calendar
        self.start = anchors.get(START)
        self.end = anchors.get(END)

    def period(self, k: int) -> tuple[dt.date, dt.date]:
        if self.rule.periods is Periods.calendar:
            return _calendar_period(self.cycle, k)
        assert self.start is not None
        p_start = add(self.start, self.cycle * k, calendar=self.calendar)
        return p_start, add(self.start, self.cycle * (k + 1), calendar=self.calendar) - ONE_DAY

    def index_of(self, d: dt.date) -> int:
        if self.rule.periods is Periods.calendar:
            return _calendar_index(self.cycle, d)
        assert self.start is not None
        k = 0
        while self.period(k)[1] < d:
            k += 1
        return k

    def deadline(self, k: int) -> dt.date | None:
        each = self.rule.each
        if each is None:
            return None
        return _one_off(each, self.anchors, self.calendar, self.period(k))

    def in_term(self, k: int) -> bool:
        """Does the occurrence of period ``k`` belong to the term (see the module rules)?"""
        deadline = self.deadline(k)
        if deadline is None:
            return False
        p_start, p_end = self.period(k)
        if self.rule.each is not None and self.rule.each.anchor == PERIOD_END:
            # in arrears: periods that end after the start and begin before the end
            if self.start is not None and p_end <= self.start:
                return False
            if self.end is not None and p_start > self.end:
                return False
        else:
            # a fixed day: deadlines from the start up to the end
            if self.start is not None and deadline < self.start:
                return False
            if self.end is not None and deadline > self.end:
                return False
        return self.rule.first is None or deadline >= self.rule.first

    def past_end(self, k: int, deadline: dt.date | None) -> bool:
        """Is period ``k`` (and so every later one) beyond the end of the term?"""
        if self.end is None:
            return False
        at_period_end = self.rule.each is not None and self.rule.each.anchor == PERIOD_END
        if at_period_end or deadline is None:
            return self.period(k)[0] > self.end
        return deadline > self.end

    def occurrences_from(self, as_of: dt.date) -> Iterator[dt.date]:
        """Deadlines of periods in the term, in order, starting with the first on/after as_of."""
        ref = as_of if self.start is None else max(as_of, self.start)
        k = self.index_of(ref)
        lowest = 0 if self.rule.periods is Periods.term else None
        # A deadline may lag its period (e.g. six weeks after a year end): step back while the
        # previous period's deadline is still on or after as_of.
        while lowest is None or k > lowest:
            previous = self.deadline(k - 1)
            if previous is None or previous < as_of or not self.in_term(k - 1):
                break
            k -= 1
        misses = 0
        while misses < 24:  # periods without an occurrence are skipped, but not forever
            deadline = self.deadline(k)
            if self.past_end(k, deadline):
                return
            if deadline is not None and deadline >= as_of and self.in_term(k):
                misses = 0
                yield deadline
            else:
                misses += 1
            k += 1


def _first_given(rule: DueRule, as_of: dt.date) -> dt.date:
    """For "voor het eerst op D" without a usable per-occurrence rule: D, D + cycle, ..."""
    assert rule.first is not None and rule.cycle is not None
    k = 0
    occurrence = rule.first
    while occurrence < as_of:
        k += 1
        occurrence = add(rule.first, rule.cycle * k)
    return occurrence


def next_occurrence(
    rule: DueRule,
    as_of: dt.date,
    anchors: Mapping[str, dt.date] | None = None,
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> dt.date | None:
    """The first deadline of a recurring rule on or after ``as_of`` (that day still counts).

    ``anchors`` may give ``start`` (needed for :attr:`Periods.term`; occurrences before the term
    are skipped) and ``end`` (no occurrences for periods after the term). ``None`` when the
    rule has no computable deadline or the term is over.
    """
    if rule.kind is not DueKind.recurring:
        raise ValueError("next_occurrence() needs a recurring rule")
    anchors = anchors or {}
    if rule.periods is Periods.term and START not in anchors:
        return None
    each = rule.each
    periodic = each is not None and (
        each.anchor in (PERIOD_START, PERIOD_END) or isinstance(each.anchor, MonthDay)
    )
    if not periodic:
        # no deadline per period (none given, or one that hangs on an undated event)
        if rule.first is None:
            return None
        result = _first_given(rule, as_of)
        end = anchors.get(END)
        return None if end is not None and result > end else result
    schedule = _Schedule(rule, anchors, calendar)
    return next(schedule.occurrences_from(as_of), None)


def due_date(
    rule: DueRule,
    anchors: Mapping[str, dt.date],
    *,
    calendar: WorkdayCalendar = WorkdayCalendar.nl,
) -> dt.date | None:
    """The date a rule gives, or ``None`` when it hangs on an event with no date.

    For a recurring rule: the first occurrence in the term (``anchors['start']`` is needed).
    """
    if rule.kind is not DueKind.recurring:
        return _one_off(rule, anchors, calendar)
    if rule.first is not None:
        return rule.first
    start = anchors.get(START)
    if start is None:
        return None
    return next_occurrence(rule, start, anchors, calendar=calendar)
