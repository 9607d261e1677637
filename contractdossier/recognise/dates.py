"""Date mentions in Dutch and English contract text, and deadline phrases as rules.

:func:`find_dates` returns every complete date (day, month and year) written in the text:

========================================  ===========  ====================================
written                                   kind         notes
========================================  ===========  ====================================
2024-07-01, 2024/07/01                    iso          year first is never ambiguous
1-3-2024, 01.03.2024, 1/3/2024, 17-2-'25  numeric      see "numeric dates" below
1 januari 2025, 1 jan. 2025, 15 maart '25 written      also "maandag 6 januari 2025"
March 1, 2024; 1 March 2024               written      also "Friday, March 1, 2024"
the 1st day of April, 2023                ordinal      also "this 19th day of March 2018"
de eerste dag van maart 2025              ordinal
de eerste dag van maart tweeduizend...    words        the year (or day) written in words
========================================  ===========  ====================================

Rules:

- Numeric dates are day-first for Dutch (and for unknown language: this is a Dutch service);
  for ``language="en"`` they are month-first ("03/01/2024" is 1 March 2024) unless the first
  number is above 12, or the separator is a dot: "1.4.2011" is 1 April in English text too
  (month-first dates are written with slashes or hyphens). When the preferred order gives no
  valid date and the other does, the other is used with a lower confidence; a valid but
  ambiguous date (both numbers <= 12 and different) also gets a lower confidence.
- Two-digit years: '25 is 2025; a bare "19" is 2019 and "99" is 1999 (below 70: 20xx).
  With a dot as separator a two-digit year is not accepted ("1.2.10" is a clause number).
- Invalid dates ("31-02-2024", "29 februari 2025") are not returned.
- A weekday that does not match the date ("dinsdag 6 januari 2025") lowers the confidence.
- Dates inside EDGAR filing stamps ("Source: ACME CORP, 10-K, 3/15/2019", "Filed 03/15/19") and
  on page-header/footer lines (see :func:`is_boilerplate_line`) are returned with
  ``in_boilerplate=True``, so callers can skip them.
- Partial dates (a day and month without year, "15 april") are not dates; :func:`parse_due`
  reads them as yearly recurring days.

Every regular expression here is free of nested quantifiers and uses bounded repetition, so
scanning is linear in the length of the text.

:func:`parse_due` turns a deadline phrase ("binnen tien (10) Werkdagen na de Ingangsdatum",
"vóór 14-12-2024", "jaarlijks, uiterlijk op 15 april") into a
:class:`~contractdossier.deadlines.DueRule`; the date itself is computed by
:func:`contractdossier.deadlines.due_date`, where the rules are written down. How phrases are
read:

- With a period in it: "binnen/uiterlijk N ... na X" / "within N ... after/of X" is
  ``within_after``; "N ... voor X" / "prior to X" is ``before_by``; "N ... van tevoren" / "in
  advance" is ``before_by`` an undated event; "gedurende N" / "for N" is no deadline at all.
- Without one, the first keyword found in this order decides: "tot en met" / "through", then
  "vóór of op" / "on or before", then "uiterlijk (op)" / "no later than" (all ``on_or_before``),
  then "vóór"/"voor" / "before" / "prior to" (``strictly_before``), then "op"/"bij"/"on"/"by"/"at".
- Anchors: Ingangsdatum, aanvangsdatum, "de eerste dag van de overeenkomst/detachering/...",
  Effective Date, Commencement Date are ``start``; ondertekening/signing/execution is
  ``signing``; the end, expiry or termination of the agreement is :data:`TERMINATION` (an event:
  it depends on renewal and notice); a date or a day-and-month; "afloop van iedere
  kalendermaand/kwartaal/leveringsjaar" is the end of each period. Anything else (an invoice, a
  report, "transportdatum") becomes an anchor named by the phrase itself, without articles and
  in lower case, for the caller to supply when it knows the date.
- Cycles come from "iedere/elke/per/van ieder" + week/maand/kwartaal/jaar, or an adverb
  (wekelijks, maandelijks, jaarlijks, monthly, annually, ...). Kalender-periods and plain ones
  are calendar periods; leverings-, contract-, huur- and abonnementsjaar count from the start.
  The phrase's context (its sentence) is consulted for a cycle only when the phrase has no date
  or start/signing anchor of its own, and for "voor het eerst op D".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from contractdossier.deadlines import (
    PERIOD_END,
    PERIOD_START,
    SIGNING,
    START,
    Anchor,
    DueKind,
    DueRule,
    Duration,
    MonthDay,
    Periods,
    due_date,
)
from contractdossier.recognise.fastre import word_start
from contractdossier.recognise.numbers import find_durations, parse_number, parse_ordinal

__all__ = [
    "TERMINATION",
    "DateKind",
    "DateMention",
    "find_dates",
    "is_boilerplate_line",
    "parse_due",
]

# The actual end of a contract (by notice, termination or expiry after renewals): an event.
TERMINATION = "termination"


class DateKind(StrEnum):
    """How a date was written."""

    iso = "iso"
    numeric = "numeric"
    written = "written"  # day, month name, year in digits
    ordinal = "ordinal"  # "the 1st day of April, 2023", "de eerste dag van maart 2025"
    words = "words"  # the year in words


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date read from text; ``start``/``end`` are offsets into the text given."""

    date: dt.date
    start: int
    end: int
    text: str
    confidence: float
    kind: DateKind
    in_boilerplate: bool = False


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan",
        "februari february feb febr",
        "maart march mrt mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "augustus august aug",
        "september sept sep",
        "oktober october okt oct",
        "november nov",
        "december dec",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "maandag monday",
        "dinsdag tuesday",
        "woensdag wednesday",
        "donderdag thursday",
        "vrijdag friday",
        "zaterdag saturday",
        "zondag sunday",
    )
):
    for _name in _names.split():
        _WEEKDAYS[_name] = _number


def _alternation(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_MONTH = rf"(?:{_alternation(_MONTHS)})"
_WEEKDAY = rf"(?:{_alternation(_WEEKDAYS)})"
_APOS = "['\u2019\u2018]"
_DAY_SUFFIX = r"(?:ste|st|nd|rd|th|de|e)"
# a suffix split by the text layer: "14t h day of April", "1s t of May"
_SPLIT_SUFFIX = r"[ ](?:st|nd|rd|th)|(?:s[ ]t|n[ ]d|r[ ]d|t[ ]h)(?=[ \t])"
_ORD_WORD = r"[^\W\d_]{3,16}(?:-[^\W\d_]{3,8})?"  # eerste, first, twenty-first
_YEAR_WORD = r"[^\W\d_]{8,48}"  # tweeduizendvijfentwintig
_SP = r"[ \t\u00a0]{1,3}"  # a few spaces on one line (stamps)
_WS = r"\s{1,8}"  # spaces (a justified line may stretch them) or a line break: dates may wrap

# Dates that start with a digit: 2024-07-01, 1-3-2024, 17-2-'25, 1 januari 2025, 1 jan. 2025,
# 15 maart '25, 1 March 2024, 1st of April 2023. The leading look-ahead lets the engine skip to
# the next digit quickly.
_DIGIT_DATES = re.compile(
    # "as of1 August 2019": a lost space; "Date:5/11/2016", but not a time ("10:30")
    r"(?=\d)(?:(?<![^\W_])|(?<=\bof))(?<![.,/\-])(?<!\d:)(?:"
    r"(?P<iso_y>\d{4})(?P<iso_sep>[-/.])(?P<iso_m>\d{1,2})(?P=iso_sep)(?P<iso_d>\d{1,2})"
    r"(?!\d|[-/.]\d)"
    rf"|(?P<num_a>\d{{1,2}})(?P<num_sep>[-/.])(?P<num_b>\d{{1,2}})(?P=num_sep)"
    rf"(?P<num_y>\d{{4}}|{_APOS}?\d{{2}})(?!\d|[-/.]\d)"
    rf"|(?P<dm_d>\d{{1,2}})(?:{_DAY_SUFFIX}|{_SPLIT_SUFFIX})?(?:{_WS}of{_WS}|{_WS}|-)"
    rf"(?P<dm_m>{_MONTH})(?:\.|\b),?"
    rf"(?:{_WS}|-)(?P<dm_y>\d{{4}}(?!\d)|{_APOS}\d{{2}}(?!\d)|{_YEAR_WORD}\b)"
    r")",
    re.IGNORECASE,
)


def _cased_forms(names: dict[str, int]) -> set[str]:
    """Capitalised and upper-case forms: month-first dates are English and capitalised."""
    return {f(n) for n in names for f in (str.capitalize, str.upper)}


# March 1, 2024; Jan. 5, 2024 (English, month first); the month not after a letter or digit,
# grouped by first letter so that re can skip ahead
_MONTH_WORD = word_start(_cased_forms(_MONTHS), r"[^\W_]")
_MONTH_FIRST = re.compile(
    # a date may fill a blank: "effective as of _Dec. 8, 2005"
    rf"(?P<m>{_MONTH_WORD})\.?{_WS}(?P<d>\d{{1,2}})"
    # "AUGUST 1ST, 2019" in a preamble in capitals; "November 19t h, 2012" split by the text layer
    r"(?:[ ]?(?:st|nd|rd|th|ST|ND|RD|TH)|s[ ]t|n[ ]d|r[ ]d|t[ ]h)?"
    # "March 18, 2021"; "March 18. 2021" (a typed dot for the comma, before a four-digit year)
    rf"(?:[ \t]?,\s{{0,3}}|\.[ \t]{{1,3}}(?=\d{{4}})|{_WS})"
    rf"(?P<y>\d{{4}}|{_APOS}\d{{2}})(?!\d)"
)
# ... day of April, 2023 / ... dag van maart tweeduizendvijfentwintig; the ordinal is read
# backwards from the match
_DAY_WORD = word_start(("day", "Day", "DAY", "dag", "Dag", "DAG"))
_DAY_OF = re.compile(
    # "the 20th day of Friday, March 2020": a weekday typed in between is passed over
    # and a blank left in the form before the month filled in: "1st day of --- November, 2003"
    rf"{_DAY_WORD}{_WS}(?i:of|van)(?:\s{{1,90}}[-_]{{2,20}})?{_WS}(?:(?i:{_WEEKDAY}),?{_WS})?"
    rf"(?P<m>(?i:{_MONTH}))\.?"
    rf"(?:[ \t]?,\s{{0,3}}|{_WS})"
    rf"(?:(?i:in{_WS}the{_WS}year|A\.?D\.?){_WS})?(?P<y>\d{{4}}|{_YEAR_WORD})\b"
)
_ORDINAL_BEFORE = re.compile(
    rf"(?:\b(?:the|this|de|op){_WS})?\b"
    rf"(?P<o>\d{{1,2}}(?:{_DAY_SUFFIX}|{_SPLIT_SUFFIX})?|{_ORD_WORD})"
    rf"(?:{_WS}\(\d{{1,2}}(?:st|nd|rd|th|ste|de|e)?\))?{_WS}\Z",
    re.I,
)
_WEEKDAY_BEFORE = re.compile(rf"\b(?P<wd>{_WEEKDAY}),?{_WS}\Z", re.I)


def _year(text: str) -> int | None:
    digits = text.lstrip("'\u2019\u2018")
    if digits.isdecimal():
        if len(digits) == 4:
            return int(digits)
        if len(digits) == 2:
            yy = int(digits)
            return 2000 + yy if yy < 70 else 1900 + yy
        return None
    value = parse_number(text, "nl") or parse_number(text, "en")
    return value if value is not None and 1900 <= value <= 2199 else None


def _make(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric(
    a: int, b: int, year: int | None, language: str | None
) -> tuple[dt.date, float] | None:
    day_first = _make(year, b, a)
    month_first = _make(year, a, b)
    preferred, other = (month_first, day_first) if language == "en" else (day_first, month_first)
    if preferred is not None:
        if other is None or other == preferred:
            return preferred, 0.95
        # both orders give a date: Dutch text is always day-first, English text varies
        return preferred, 0.8 if language == "en" else 0.9
    if other is not None:
        return other, 0.85  # the only valid order, but not the expected one
    return None


_Read = tuple[int, dt.date, float, DateKind]  # (start, date, confidence, kind)


def _weekday(text: str, start: int, found: dt.date, confidence: float) -> tuple[int, float]:
    """Take a weekday written just before ``start`` into the mention; a wrong one lowers the
    confidence."""
    weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
    if weekday is None:
        return start, confidence
    if _WEEKDAYS[weekday.group("wd").lower()] != found.weekday():
        confidence = 0.5
    return weekday.start(), confidence


def _read_digits(match: re.Match[str], text: str, language: str | None) -> _Read | None:
    g = match.group
    start = match.start()
    if g("iso_y"):
        found = _make(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return None if found is None else (start, found, 0.98, DateKind.iso)
    if g("num_a"):
        year_text = g("num_y")
        if g("num_sep") == "." and len(year_text) == 2:
            return None  # "1.2.10" is a clause number far more often than a date
        # dotted dates are day-first in any language: "1.4.2011" is 1 April
        order = "nl" if g("num_sep") == "." else language
        numeric = _numeric(int(g("num_a")), int(g("num_b")), _year(year_text), order)
        return None if numeric is None else (start, numeric[0], numeric[1], DateKind.numeric)
    year_text = g("dm_y")
    found = _make(_year(year_text), _MONTHS[g("dm_m").lower()], int(g("dm_d")))
    if found is None:
        return None
    words = year_text[0].isalpha()
    start, confidence = _weekday(text, start, found, 0.9 if words else 0.97)
    return start, found, confidence, DateKind.words if words else DateKind.written


def _read_month_first(match: re.Match[str], text: str) -> _Read | None:
    found = _make(_year(match.group("y")), _MONTHS[match.group("m").lower()], int(match.group("d")))
    if found is None:
        return None
    start, confidence = _weekday(text, match.start(), found, 0.97)
    return start, found, confidence, DateKind.written


def _read_day_of(match: re.Match[str], text: str) -> _Read | None:
    ordinal = _ORDINAL_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if ordinal is None:
        return None
    year_text = match.group("y")
    # "the 3 rd day of" (a suffix split off by the extractor), "the 15 day of" (none at all)
    day_text = ordinal["o"].replace(" ", "")
    day = int(day_text) if day_text.isdecimal() else parse_ordinal(day_text)
    found = _make(_year(year_text), _MONTHS[match.group("m").lower()], day)
    if found is None:
        return None
    words = not year_text.isdecimal()
    return (
        ordinal.start(),
        found,
        0.9 if words else 0.95,
        DateKind.words if words else DateKind.ordinal,
    )


# --------------------------------------------------------------------------------------------
# Boilerplate: filing stamps, page headers and footers
# --------------------------------------------------------------------------------------------

_STAMP_DATE = (
    rf"(?:\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_MONTH}\.?{_SP}\d{{1,2}},?{_SP}\d{{4}})"
)
# "Source: ACME CORP, 10-K, 3/15/2019" may sit anywhere in extracted text
_STAMPS = re.compile(rf"(?:Source|SOURCE):{_SP}[^\n]{{1,150}}?,[ \t]{{0,3}}(?i:{_STAMP_DATE})")
_BOILERPLATE_LINE = re.compile(
    r"[ \t\-\u2013|]{0,10}(?:"
    rf"source:{_SP}.{{0,150}}{_STAMP_DATE}[ \t.]{{0,3}}$"
    rf"|(?:date{_SP})?filed(?:{_SP}on)?[ \t]{{0,3}}:?[ \t]{{0,3}}{_STAMP_DATE}"
    r"|powered\sby\smorningstar"
    r"|(?:page|pagina|blad)\s{1,3}\d{1,4}(?:\s{0,3}(?:of|van|/)\s{0,3}\d{1,4})?[ \t.]{0,3}$"
    r"|\d{1,4}[ \t]{0,3}[│|][ \t]{0,3}(?:page|pagina)[ \t.]{0,3}$"  # "1 │ Page"
    r"|-?[ \t]{0,3}\d{1,4}[ \t]{0,3}-?[ \t]{0,3}$"
    r"|(?:exhibit|ex-)[ \t]{0,3}\d{1,3}(?:\.\d{1,3}){0,2}[ \t]{0,3}$"
    r"|table\s{1,3}of\s{1,3}contents[ \t]{0,3}$|inhoudsopgave[ \t]{0,3}$"
    r"|<page>"
    r")",
    re.IGNORECASE,
)
# "... | Pagina 3 van 13", "Page 2 of 36" anywhere in a short line
_PAGE_OF = re.compile(r"\b(?:page|pagina)\s{1,3}\d{1,4}\s{0,3}(?:of|van|/)\s{0,3}\d{1,4}\b", re.I)
_MAX_BOILERPLATE_LINE = 200


def is_boilerplate_line(line: str) -> bool:
    """True for a filing stamp, a page header/footer or a bare page number line.

    Flags "Source: ACME CORP, 10-K, 3/15/2019", "Filed 03/15/19", "Page 2 of 36", "Pagina 3 van
    13" (also inside a short running header), "- 4 -", "Exhibit 10.27", "Powered by Morningstar".
    Lines longer than 200 characters are never boilerplate.
    """
    if len(line) > _MAX_BOILERPLATE_LINE or not line.strip():
        return False
    return bool(_BOILERPLATE_LINE.match(line) or _PAGE_OF.search(line))


_EOL = re.compile(r"[\n\r\f]")


class _Lines:
    """Is the line holding an offset boilerplate? Offsets must not decrease; each character is
    looked at a bounded number of times, so many mentions on one long line stay linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.end = -1  # index of the end-of-line character of the current line (or len(text))
        self.flag = False

    def boilerplate(self, offset: int) -> bool:
        if offset > self.end:
            lo = self.end + 1
            cut = max(self.text.rfind(c, lo, offset) for c in "\n\r\f")
            start = lo if cut < 0 else cut + 1
            eol = _EOL.search(self.text, offset)
            self.end = len(self.text) if eol is None else eol.start()
            self.flag = self.end - start <= _MAX_BOILERPLATE_LINE and is_boilerplate_line(
                self.text[start : self.end]
            )
        return self.flag


# OCR reads a digit as a letter inside a number: "2lst day of January", "2O10"; such a token
# (digits mixed with l, I or O, an ordinal suffix allowed) is read with the digits meant
_OCR_MIXED = re.compile(r"\d(?:[lIO]|(?<=[lIO]\d))")
_OCR_TOKEN = re.compile(r"(?<![\w.])(?=[lIO]*\d)(?=\d*[lIO])[\dlIO]{2,4}(?=(?:st|nd|rd|th)?\b)")
_OCR_DIGIT = str.maketrans({"l": "1", "I": "1", "O": "0"})


def _ocr_digits(text: str) -> str:
    """``text`` with OCR's letters-for-digits inside numbers read as digits (same length)."""
    if _OCR_MIXED.search(text) is None:
        return text
    return _OCR_TOKEN.sub(lambda m: m.group().translate(_OCR_DIGIT), text)


def find_dates(text: str, language: str | None = "nl", *, ocr: bool = False) -> list[DateMention]:
    """Every complete date in ``text``, in order (see the module rules).

    ``language`` is 'nl', 'en' or None/'und' (read as Dutch); it only decides the order of
    day and month in numeric dates. With ``ocr`` (the text, or part of it, was read by OCR),
    digits that OCR read as letters inside a number ("2lst", "2O10") are read as digits.
    """
    if ocr:
        text = _ocr_digits(text)
    found: list[tuple[_Read, int]] = []
    for match in _DIGIT_DATES.finditer(text):
        read = _read_digits(match, text, language)
        if read is not None:
            found.append((read, match.end()))
    for match in _MONTH_FIRST.finditer(text):
        read = _read_month_first(match, text)
        if read is not None:
            found.append((read, match.end()))
    for match in _DAY_OF.finditer(text):
        read = _read_day_of(match, text)
        if read is not None:
            found.append((read, match.end()))
    found.sort(key=lambda item: (item[0][0], -item[1]))

    stamps = [m.span() for m in _STAMPS.finditer(text)]
    stamp_index = 0
    lines = _Lines(text)
    mentions: list[DateMention] = []
    last_end = 0
    for (start, day, confidence, kind), end in found:
        if start < last_end:
            continue  # overlaps the mention before it
        last_end = end
        while stamp_index < len(stamps) and stamps[stamp_index][1] <= start:
            stamp_index += 1
        in_stamp = stamp_index < len(stamps) and stamps[stamp_index][0] < end
        mentions.append(
            DateMention(
                date=day,
                start=start,
                end=end,
                text=text[start:end],
                confidence=confidence,
                kind=kind,
                in_boilerplate=in_stamp or lines.boilerplate(start),
            )
        )
    return mentions


# --------------------------------------------------------------------------------------------
# Deadline phrases -> DueRule
# --------------------------------------------------------------------------------------------

_MAX_PHRASE = 400

_CYCLE = re.compile(
    r"\b(?:"
    r"(?P<each>iedere?|elke?|each|every|per|van\s{1,3}ieder)\s{1,3}"
    r"(?P<unit>kalenderweek|week|kalendermaand|maand|kalenderkwartaal|kwartaal|kalenderjaar"
    r"|jaar|halfjaar|leveringsjaar|contractjaar|huurjaar|abonnementsjaar|huurkwartaal|huurmaand"
    r"|contractkwartaal|calendar\s{1,3}month"
    r"|month|calendar\s{1,3}quarter|quarter|calendar\s{1,3}year|contract\s{1,3}year|year|week)"
    r"|(?P<adverb>halfjaarlijks|jaarlijks|maandelijks|driemaandelijks|wekelijks|annually"
    r"|yearly|monthly|quarterly|weekly|semi-annually)"
    r")",
    re.IGNORECASE,
)
# a period counted from the start: "huurkwartaal" is a quarter of the lease, not of the calendar;
# "contractjaar", "contract year", "leveringsjaar" likewise
_TERM_PREFIX = re.compile(r"^(?:huur|contract|abonnements|leverings)\s?")


def _cycle(text: str) -> tuple[Duration, Periods] | None:
    match = _CYCLE.search(text)
    if match is None:
        return None
    word = " ".join((match.group("unit") or match.group("adverb")).lower().split())
    periods = Periods.term if _TERM_PREFIX.match(word) else Periods.calendar
    word = _TERM_PREFIX.sub("", word.removeprefix("kalender").removeprefix("calendar "))
    if word.startswith(("halfjaar", "semi")):
        return Duration(months=6), periods
    if word.startswith(("driemaandelijks", "kwarta", "quarter")):
        return Duration(months=3), periods
    if word.startswith(("week", "wekelijks")):
        return Duration(weeks=1), periods
    if word.startswith(("maand", "month")):
        return Duration(months=1), periods
    return Duration(years=1), periods


_ARTICLES = re.compile(r"^(?:(?:de|het|een|the|a|an|this|such|deze|dit)\s{1,3}){1,2}", re.I)
_START_WORDS = re.compile(
    r"^(?:ingangsdatum|aanvangsdatum|startdatum|begindatum|datum\s{1,3}van\s{1,3}ingang"
    r"|eerste\s{1,3}dag\s{1,3}van\s{1,3}(?:de|het)\s{1,3}(?:overeenkomst|detachering|huur"
    r"|huurovereenkomst|looptijd|termijn|opdracht|bruikleen)"
    r"|effective\s{1,3}date|commencement\s{1,3}date|start\s{1,3}date)\b",
    re.IGNORECASE,
)
_SIGNING_WORDS = re.compile(
    r"^(?:ondertekening|datum\s{1,3}van\s{1,3}ondertekening|signing|signature|execution"
    r"|date\s{1,3}of\s{1,3}(?:signing|execution))\b",
    re.IGNORECASE,
)
_TERMINATION_WORDS = re.compile(
    r"^(?:(?:het\s{1,3})?(?:einde|afloop|beëindiging|beeindiging|opzegging|ontbinding)"
    r"\s{1,3}(?:van\s{1,3})?(?:de|deze|het)\s{1,3}[\w-]{0,30}overeenkomst"
    r"|(?:the\s{1,3})?(?:end|expiration|expiry|termination)\s{1,3}(?:or\s{1,3}"
    r"(?:expiration|termination)\s{1,3})?of\s{1,3}(?:this|the)\s{1,3}agreement)\b",
    re.IGNORECASE,
)
_PERIOD_END_WORDS = re.compile(
    r"^(?:het\s{1,3})?(?:afloop|einde|end|the\s{1,3}end|expiry)\s{1,3}(?:van|of)\s{1,3}",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(rf"^(?P<d>\d{{1,2}}){_DAY_SUFFIX}?{_WS}(?P<m>{_MONTH})\b", re.I)
_FIRST_DAY_OF_PERIOD = re.compile(
    r"^(?:eerste|1e|first)\s{1,3}(?:dag|day)\s{1,3}(?:van|of)\s{1,3}(?:het|de|ieder|iedere|elk|elke|each"
    r"|every|the)\s{1,3}(?P<period>(?:huur|contract|kalender)?(?:kwartaal|halfjaar|jaar)"
    r"|(?:calendar\s{1,3})?(?:quarter|year))\b",
    re.IGNORECASE,
)
_NTH_DAY_OF_MONTH = re.compile(
    rf"^(?P<n>\d{{1,2}}{_DAY_SUFFIX}|{_ORD_WORD}){_WS}(?P<unit>werkdag|dag|business\s{{1,3}}day"
    rf"|working\s{{1,3}}day|day){_WS}(?:van|of){_WS}(?:iedere?|elke?|each|every|the)"
    rf"{_WS}(?:kalender)?(?:maand|month)\b",
    re.IGNORECASE,
)
_WEEKDAY_AFTER_WEEK = re.compile(
    rf"^(?P<wd>{_WEEKDAY})\b[^\n]{{0,40}}?\b(?:volgend\s{{1,3}}op|following)"
    rf"{_WS}(?:de|the){_WS}week\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Target:
    """What a deadline phrase points at."""

    anchor: Anchor
    cycle: tuple[Duration, Periods] | None = None  # the target itself recurs
    offset: Duration | None = None  # "de vijfde werkdag van iedere maand" = period end + 5 BD


def _target(text: str, language: str | None) -> _Target:
    s = text.strip(" ,.;:")
    if s.lower().startswith(("nadat", "zodra", "when", "once")):
        return _Target(" ".join(s.lower().split()))  # an event
    s = _ARTICLES.sub("", s)
    if not s:
        return _Target(None)
    dates = find_dates(s, language)
    if dates and dates[0].start == 0:
        return _Target(dates[0].date)
    if _START_WORDS.match(s):
        return _Target(START)
    if _SIGNING_WORDS.match(s):
        return _Target(SIGNING)
    if _TERMINATION_WORDS.match(s):
        return _Target(TERMINATION)
    first_day = _FIRST_DAY_OF_PERIOD.match(s)
    if first_day is not None:
        # "de eerste dag van ieder kwartaal", "de eerste dag van het huurkwartaal"
        cycle = _cycle("ieder " + first_day.group("period"))
        if cycle is not None:
            return _Target(PERIOD_START, cycle)
    nth = _NTH_DAY_OF_MONTH.match(s)
    if nth is not None:
        n = parse_ordinal(nth.group("n"))
        if n is not None and 1 <= n <= 31:
            monthly = (Duration(months=1), Periods.calendar)
            if nth.group("unit").lower().startswith("dag") or nth.group("unit").lower() == "day":
                return _Target(MonthDay(n), monthly)
            return _Target(PERIOD_END, monthly, Duration(business_days=n))
    weekday = _WEEKDAY_AFTER_WEEK.match(s)
    if weekday is not None:
        days = _WEEKDAYS[weekday.group("wd").lower()] + 1
        return _Target(PERIOD_END, (Duration(weeks=1), Periods.calendar), Duration(days=days))
    period_end = _PERIOD_END_WORDS.match(s)
    if period_end is not None:
        cycle = _cycle(s[period_end.end() :])
        if cycle is not None:
            return _Target(PERIOD_END, cycle)
    month_day = _MONTH_DAY.match(s)
    if month_day is not None:
        try:
            return _Target(
                MonthDay(int(month_day.group("d")), _MONTHS[month_day.group("m").lower()])
            )
        except ValueError:
            return _Target(None)
    return _Target(" ".join(s.lower().split()))  # a named event: 'transportdatum', 'melding'


_FIRST_TIME = re.compile(
    r"\b(?:voor\s{1,3}het\s{1,3}eerst|for\s{1,3}the\s{1,3}first\s{1,3}time)\s{1,3}(?:op|on)\s{1,3}",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^[\s,]{0,3}(?P<kw>nadat|na|after|following|from|of|vanaf|te\s{1,3}rekenen\s{1,3}vanaf)\b",
    re.I,
)
_BEFORE = re.compile(r"^[\s,]{0,3}(?P<kw>v[oó]{2}r|before|prior\s{1,3}to|preceding)\b", re.I)
_IN_ADVANCE = re.compile(
    r"^[\s,]{0,3}(?:van\s{1,3}tevoren|vooraf|vooruit|in\s{1,3}advance|beforehand)\b", re.I
)
_WITHIN = re.compile(r"\b(?:binnen|within|uiterlijk|no\s{1,3}later\s{1,3}than)\s{1,3}$", re.I)
_NOT_A_DEADLINE = re.compile(
    r"\b(?:gedurende|during|for\s{1,3}a\s{1,3}period\s{1,3}of|for)\s{1,3}$", re.I
)
# Keywords before a date or anchor, strongest first.
_ON_OR_BEFORE = [
    re.compile(
        r"\b(?:tot\s{1,3}en\s{1,3}met|t/m|through|up\s{1,3}to\s{1,3}and\s{1,3}including)\s{1,3}",
        re.I,
    ),
    re.compile(r"\b(?:v[oó]{2}r\s{1,3}of\s{1,3}op|on\s{1,3}or\s{1,3}before)\s{1,3}", re.I),
    re.compile(
        r"\b(?:uiterlijk(?:\s{1,3}op)?|no\s{1,3}later\s{1,3}than|not\s{1,3}later\s{1,3}than)\s{1,3}",
        re.I,
    ),
]
_STRICTLY_BEFORE = re.compile(r"\b(?:v[oó]{2}r|before|prior\s{1,3}to)\s{1,3}", re.I)
_ON = re.compile(r"\b(?:op|on|by|bij|at)\s{1,3}", re.I)


def _with_cycle(
    rule: DueRule, target: _Target, text: str, context: str, first: dt.date | None
) -> DueRule:
    """Make ``rule`` recurring when the phrase (or, for an undated target, its context) says so."""
    anchor = target.anchor
    dated = isinstance(anchor, dt.date) or anchor in (START, SIGNING)
    cycle = target.cycle or _cycle(text)
    if cycle is None and context and not dated:
        cycle = _cycle(context)
    if cycle is None and isinstance(anchor, MonthDay):  # a day without a year recurs by itself
        cycle = (
            Duration(months=1) if anchor.month is None else Duration(years=1),
            Periods.calendar,
        )
    if cycle is None or anchor in (START, SIGNING):
        return rule  # a single dated anchor: its recurrence (if any) is not modelled
    if isinstance(anchor, dt.date):
        # "maandelijks, uiterlijk op 1 april 2025": the date is the first occurrence
        first = first or due_date(rule, {})
        return DueRule(DueKind.recurring, cycle=cycle[0], periods=cycle[1], first=first)
    return DueRule(DueKind.recurring, cycle=cycle[0], periods=cycle[1], each=rule, first=first)


def _relative(
    text: str,
    start: int,
    end: int,
    duration: Duration,
    language: str | None,
    context: str,
    first: dt.date | None,
) -> DueRule | None:
    """A phrase with a period in it: "binnen N ... na X", "N ... voor X", "N ... van tevoren"."""
    before, after = text[:start], text[end:]
    after_kw = _AFTER.match(after)
    before_kw = _BEFORE.match(after)
    if after_kw is None and _NOT_A_DEADLINE.search(before):
        return None  # "gedurende dertig dagen": a period, not a deadline
    if after_kw is not None:
        kind = DueKind.within_after
        is_event = after_kw.group("kw").lower() == "nadat"
        target = _target(after if is_event else after[after_kw.end() :], language)
    elif before_kw is not None:
        kind = DueKind.before_by
        target = _target(after[before_kw.end() :], language)
    elif _IN_ADVANCE.match(after):
        kind, target = DueKind.before_by, _Target(None)
    elif _WITHIN.search(before):
        kind, target = DueKind.within_after, _Target(None)
    else:
        return None
    if target.offset is not None:
        return None  # "binnen 5 dagen na de vijfde werkdag ...": not a shape we read
    if target.anchor == PERIOD_END and target.cycle is not None:
        cycle, periods = target.cycle
        each = DueRule(kind, PERIOD_END, duration)
        return DueRule(DueKind.recurring, cycle=cycle, periods=periods, each=each, first=first)
    return _with_cycle(DueRule(kind, target.anchor, duration), target, text, context, first)


def parse_due(phrase: str, language: str | None = "nl", context: str = "") -> DueRule | None:
    """Read a deadline phrase as a :class:`DueRule`, or ``None`` when it is not understood.

    ``context`` (e.g. the sentence around the phrase) is used only for what the phrase leaves
    open: a cycle word ("wekelijks", "jaarlijks") for a phrase without a date of its own, and
    "voor het eerst op D". Anchor names: ``start`` (Ingangsdatum), ``signing`` (ondertekening),
    :data:`TERMINATION` (the end of the contract: an event), or the phrase itself, lower-cased
    and without articles ("transportdatum", "ontvangst van een aanvraag").
    """
    text = " ".join(phrase.split())[:_MAX_PHRASE]
    context = " ".join(context.split())[: _MAX_PHRASE * 4]
    if not text:
        return None
    first: dt.date | None = None
    for source in (text, context):
        marker = _FIRST_TIME.search(source)
        if marker is not None:
            dates = find_dates(source[marker.end() :], language)
            if dates and dates[0].start == 0:
                first = dates[0].date
                if source is text:
                    text = text[: marker.start()].rstrip(" ,;")
                break

    durations = [d for d in find_durations(text) if d.confidence >= 0.5]
    if durations:
        return _relative(
            text,
            durations[0].start,
            durations[0].end,
            durations[0].duration,
            language,
            context,
            first,
        )

    for pattern in (*_ON_OR_BEFORE, _STRICTLY_BEFORE, _ON):
        keyword = pattern.search(text)
        if keyword is None:
            continue
        target = _target(text[keyword.end() :], language)
        if target.anchor is None:
            continue
        if target.offset is not None and target.cycle is not None:
            # "uiterlijk op de vijfde werkdag van iedere maand" = N working days after month end
            each = DueRule(DueKind.within_after, PERIOD_END, target.offset)
            cycle, periods = target.cycle
            return DueRule(DueKind.recurring, cycle=cycle, periods=periods, each=each, first=first)
        kind = DueKind.strictly_before if pattern is _STRICTLY_BEFORE else DueKind.on_or_before
        return _with_cycle(DueRule(kind, target.anchor), target, text, context, first)

    # no deadline of its own: "ieder kalenderkwartaal", "maandelijks achteraf"
    found = _cycle(text)
    if found is not None:
        return DueRule(DueKind.recurring, cycle=found[0], periods=found[1], first=first)
    return None
