"""Date mentions and deadline phrases (contractdossier.recognise.dates)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractdossier.deadlines import (
    PERIOD_END,
    SIGNING,
    START,
    DueKind,
    DueRule,
    Duration,
    MonthDay,
    Periods,
    due_date,
)
from contractdossier.recognise.dates import (
    TERMINATION,
    DateKind,
    find_dates,
    is_boilerplate_line,
    parse_due,
)

P = Duration.from_iso
D = date


def _one(text: str, language: str = "nl") -> tuple[date, str, DateKind, float]:
    mentions = find_dates(text, language)
    assert len(mentions) == 1, mentions
    m = mentions[0]
    assert text[m.start : m.end] == m.text
    return m.date, m.text, m.kind, m.confidence


@pytest.mark.parametrize(
    ("text", "expected", "span", "kind"),
    [
        ("op 1 januari 2025 gaat", D(2025, 1, 1), "1 januari 2025", DateKind.written),
        ("1 jan. 2025", D(2025, 1, 1), "1 jan. 2025", DateKind.written),
        ("1 mrt. 2024", D(2024, 3, 1), "1 mrt. 2024", DateKind.written),
        ("1-3-2024", D(2024, 3, 1), "1-3-2024", DateKind.numeric),
        ("01-03-2024", D(2024, 3, 1), "01-03-2024", DateKind.numeric),
        ("01.03.2024", D(2024, 3, 1), "01.03.2024", DateKind.numeric),
        ("1/3/2024", D(2024, 3, 1), "1/3/2024", DateKind.numeric),
        ("15 maart '25", D(2025, 3, 15), "15 maart '25", DateKind.written),
        ("Heemstede, 17-2-'25", D(2025, 2, 17), "17-2-'25", DateKind.numeric),
        ("2024-07-01", D(2024, 7, 1), "2024-07-01", DateKind.iso),
        ("Signed: 2025-01-29.", D(2025, 1, 29), "2025-01-29", DateKind.iso),
        ("as of March 1, 2024,", D(2024, 3, 1), "March 1, 2024", DateKind.written),
        ("Friday, March 1, 2024", D(2024, 3, 1), "Friday, March 1, 2024", DateKind.written),
        ("MARCH 1, 2024", D(2024, 3, 1), "MARCH 1, 2024", DateKind.written),
        ("on 1 March 2024", D(2024, 3, 1), "1 March 2024", DateKind.written),
        ("1st of April 2023", D(2023, 4, 1), "1st of April 2023", DateKind.written),
        (
            "made the 1st day of April, 2023 by",
            D(2023, 4, 1),
            "the 1st day of April, 2023",
            DateKind.ordinal,
        ),
        (  # a blank left before the month filled in, past a wide gap
            "is made this 1st day of" + " " * 60 + "\n      --- November, 2003 by",
            D(2003, 11, 1),
            "this 1st day of" + " " * 60 + "\n      --- November, 2003",
            DateKind.ordinal,
        ),
        (
            "entered into this 5th day of ________ March, 2004",
            D(2004, 3, 5),
            "this 5th day of ________ March, 2004",
            DateKind.ordinal,
        ),
        (
            "entered into this 19th day of March 2018",
            D(2018, 3, 19),
            "this 19th day of March 2018",
            DateKind.ordinal,
        ),
        (
            "the twenty-first day of June, 2021",
            D(2021, 6, 21),
            "the twenty-first day of June, 2021",
            DateKind.ordinal,
        ),
        (
            "ingaande de eerste dag van maart tweeduizendvijfentwintig (de",
            D(2025, 3, 1),
            "de eerste dag van maart tweeduizendvijfentwintig",
            DateKind.words,
        ),
        (
            "de eerste dag van maart 2025",
            D(2025, 3, 1),
            "de eerste dag van maart 2025",
            DateKind.ordinal,
        ),
        (
            "1 maart tweeduizendvijfentwintig",
            D(2025, 3, 1),
            "1 maart tweeduizendvijfentwintig",
            DateKind.words,
        ),
        ("vanaf maandag 6 januari 2025", D(2025, 1, 6), "maandag 6 januari 2025", DateKind.written),
        ("29 februari 2028", D(2028, 2, 29), "29 februari 2028", DateKind.written),
        ("1 MAART 2025", D(2025, 3, 1), "1 MAART 2025", DateKind.written),
        # ordinal suffixes split off by PDF extraction, bare day numbers, "A.D."
        (
            "made this 4 th day of June, 2012",
            D(2012, 6, 4),
            "this 4 th day of June, 2012",
            DateKind.ordinal,
        ),
        (
            "as of the 17 day of April 2009 by",
            D(2009, 4, 17),
            "the 17 day of April 2009",
            DateKind.ordinal,
        ),
        (
            "this 2nd day of May, A.D. 2003",
            D(2003, 5, 2),
            "this 2nd day of May, A.D. 2003",
            DateKind.ordinal,
        ),
        ("to begin on 8 th October 2021", D(2021, 10, 8), "8 th October 2021", DateKind.written),
        (
            "this 6th day of May , 2014",
            D(2014, 5, 6),
            "this 6th day of May , 2014",
            DateKind.ordinal,
        ),
        (
            "effective the first (1st) day of July, 2015",
            D(2015, 7, 1),
            "the first (1st) day of July, 2015",
            DateKind.ordinal,
        ),
        # the suffix split by the text layer
        (
            "entered into on the 14t h day of April, 2015 (the",
            D(2015, 4, 14),
            "the 14t h day of April, 2015",
            DateKind.ordinal,
        ),
        ("signed on the 22n d of May 2019", D(2019, 5, 22), "22n d of May 2019", DateKind.written),
        (
            "Hamburg, November 19t h, 2012",
            D(2012, 11, 19),
            "November 19t h, 2012",
            DateKind.written,
        ),
        # spaces stretched by a justified line
        (
            "shall commence on the 1st of      March, 2003, and",
            D(2003, 3, 1),
            "1st of      March, 2003",
            DateKind.written,
        ),
        # the space after "of" lost by the text layer
        (
            "made and effective as of1 August 2019, by",
            D(2019, 8, 1),
            "1 August 2019",
            DateKind.written,
        ),
        # a label run into its date
        ("Ventures Date:11/5/2016 Date", D(2016, 5, 11), "11/5/2016", DateKind.numeric),
    ],
)
def test_find_dates(text: str, expected: date, span: str, kind: DateKind) -> None:
    # numeric dates here are written day first: read them as Dutch; the rest reads the same
    found, found_span, found_kind, confidence = _one(text, "nl")
    assert _one(text, "en")[0] == expected or found_kind is DateKind.numeric
    assert (found, found_span, found_kind) == (expected, span, kind)
    assert 0.5 <= confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "31-02-2024",
        "29 februari 2025",
        "31 april 2025",
        "2024-13-01",
        "00-01-2024",
        "Artikel 4.1.2 en 12.3.25",  # clause numbers, not dates
        "€ 1.000.000 en 2.500,00",
        "om 12:00 uur",
        "15 april",  # no year
        "v1.2.2024x",
        "the last day of March 2024",
        "1 maart betaald",
        "proof1 August 2019",  # only a lost space after "of" joins a date to a word
        "om 14:05-06-2020",  # a time run into numbers: no date after "digit:"
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_numeric_dates_are_day_first_unless_english() -> None:
    assert _one("03/01/2024", "nl")[0] == D(2024, 1, 3)
    assert _one("03/01/2024", "und")[0] == D(2024, 1, 3)
    assert _one("03/01/2024", "en")[0] == D(2024, 3, 1)
    # a first number above 12 can only be a day
    assert _one("13/01/2024", "en")[0] == D(2024, 1, 13)
    # and a second number above 12 can only be a day, even in Dutch text
    assert _one("03/15/2019", "nl")[0] == D(2019, 3, 15)


def test_numeric_confidence() -> None:
    unambiguous = _one("17-2-2025")[3]
    ambiguous_nl = _one("1-3-2024", "nl")[3]
    ambiguous_en = _one("1/3/2024", "en")[3]
    unexpected_order = _one("03/15/2019", "nl")[3]
    assert unambiguous > ambiguous_nl > ambiguous_en
    assert unexpected_order < unambiguous
    assert _one("6-6-2024", "en")[3] == unambiguous  # both orders agree


def test_two_digit_years() -> None:
    assert _one("17-2-'25")[0] == D(2025, 2, 17)
    assert _one("11/2/99", "en")[0] == D(1999, 11, 2)
    assert _one("15 maart \u201925")[0] == D(2025, 3, 15)
    assert find_dates("1.2.10") == []  # a dot with a two-digit year reads as a clause number


def test_wrong_weekday_lowers_confidence() -> None:
    right = _one("maandag 6 januari 2025")[3]
    found, span, _, wrong = _one("dinsdag 6 januari 2025")
    assert (found, span) == (D(2025, 1, 6), "dinsdag 6 januari 2025")
    assert wrong < right


def test_several_dates_in_order_with_offsets() -> None:
    text = "Getekend op 12 februari 2024 te Breda.\nIngangsdatum: 01-03-2024; einde 2027-02-28."
    mentions = find_dates(text)
    assert [m.date for m in mentions] == [D(2024, 2, 12), D(2024, 3, 1), D(2027, 2, 28)]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert not any(m.in_boilerplate for m in mentions)


# --- Boilerplate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Source: ACME CORP, 10-K, 3/15/2019",
        "Source: CYBERGY HOLDINGS, INC., 10-Q, 5/20/2014",
        "Filed 03/15/19",
        "Date Filed: 2019-03-15",
        "Page 2 of 36",
        "Pagina 3 van 13",
        "pagina 3/13",
        "ICT-beheerovereenkomst Zuiderlicht | versie 1.0 | Pagina 3 van 13",
        "- 4 -",
        "12",
        "Exhibit 10.27",
        "EX-10.1",
        "Powered by Morningstar® Document Research℠",
        "Table of Contents",
        "1 │ Page",
        "12 | Pagina",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "This Agreement is dated March 15, 2019.",
        "De Overeenkomst vangt aan op 1 maart 2024.",
        "The Source: of funds shall be disclosed.",
        "Article 12",
        "",
        "x" * 300 + " Page 2 of 36",
    ],
)
def test_not_boilerplate_lines(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_dates_in_stamps_and_footers_are_flagged() -> None:
    text = (
        "This Agreement is made on March 1, 2024.\n"
        "Source: ACME CORP, 10-K, 3/15/2019\n"
        "Filed 03/15/19\n"
        "Page 2 of 36 | 01/04/2019\n"
        "The term ends 31 December 2026. Source: HER IMPORTS, 8-K/A, 10/18/2016 continues here"
    )
    mentions = find_dates(text, "en")
    flags = {m.text: m.in_boilerplate for m in mentions}
    assert flags == {
        "March 1, 2024": False,
        "3/15/2019": True,
        "03/15/19": True,
        "01/04/2019": True,
        "31 December 2026": False,
        "10/18/2016": True,
    }


# --- Deadline phrases -------------------------------------------------------------------------


def _rule(kind: DueKind, anchor: Any = None, duration: str | None = None) -> DueRule:
    return DueRule(kind, anchor, None if duration is None else P(duration))


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("uiterlijk op 31 mei 2024", _rule(DueKind.on_or_before, D(2024, 5, 31))),
        ("vóór 14-12-2024", _rule(DueKind.strictly_before, D(2024, 12, 14))),
        ("voor 1 april 2025", _rule(DueKind.strictly_before, D(2025, 4, 1))),
        ("op de ingangsdatum", _rule(DueKind.on_or_before, START)),
        ("uiterlijk op de Ingangsdatum", _rule(DueKind.on_or_before, START)),
        ("op de eerste dag van de detachering", _rule(DueKind.on_or_before, START)),
        (
            "binnen tien (10) Werkdagen na de Ingangsdatum",
            _rule(DueKind.within_after, START, "P10BD"),
        ),
        (
            "binnen vijf (5) Werkdagen na ondertekening van deze overeenkomst",
            _rule(DueKind.within_after, SIGNING, "P5BD"),
        ),
        (
            "uiterlijk vier (4) maanden na de Ingangsdatum",
            _rule(DueKind.within_after, START, "P4M"),
        ),
        (
            "uiterlijk tien (10) werkdagen vóór de transportdatum",
            _rule(DueKind.before_by, "transportdatum", "P10BD"),
        ),
        (
            "binnen één (1) maand na de opening van de Tentoonstelling",
            _rule(DueKind.within_after, "opening van de tentoonstelling", "P1M"),
        ),
        ("binnen dertig (30) minuten na melding", _rule(DueKind.within_after, "melding", "PT30M")),
        (
            "binnen twintig (20) Werkdagen na het einde van de Overeenkomst",
            _rule(DueKind.within_after, TERMINATION, "P20BD"),
        ),
        ("bij het einde van de huurovereenkomst", _rule(DueKind.on_or_before, TERMINATION)),
        (
            "binnen tien (10) werkdagen nadat hij daarvan kennis heeft gekregen",
            _rule(DueKind.within_after, "nadat hij daarvan kennis heeft gekregen", "P10BD"),
        ),
        ("ten minste twintig (20) Werkdagen van tevoren", _rule(DueKind.before_by, None, "P20BD")),
        (
            "onverwijld, doch uiterlijk binnen vierentwintig (24) uur",
            _rule(DueKind.within_after, None, "PT24H"),
        ),
        # English
        ("no later than March 1, 2024", _rule(DueKind.on_or_before, D(2024, 3, 1))),
        ("on or before the Effective Date", _rule(DueKind.on_or_before, START)),
        ("before January 15, 2025", _rule(DueKind.strictly_before, D(2025, 1, 15))),
        (
            "within ten (10) business days after the Effective Date",
            _rule(DueKind.within_after, START, "P10BD"),
        ),
        (
            "within five (5) Business Days of signing",
            _rule(DueKind.within_after, SIGNING, "P5BD"),
        ),
        (
            "at least sixty (60) days prior to the expiration of this Agreement",
            _rule(DueKind.before_by, TERMINATION, "P60D"),
        ),
        (
            "within thirty (30) days after receipt of the invoice",
            _rule(DueKind.within_after, "receipt of the invoice", "P30D"),
        ),
    ],
)
def test_parse_due_one_off(phrase: str, rule: DueRule) -> None:
    assert parse_due(phrase) == rule


def _every(cycle: str, each: DueRule | None, **kwargs: Any) -> DueRule:
    return DueRule(DueKind.recurring, cycle=P(cycle), each=each, **kwargs)


@pytest.mark.parametrize(
    ("phrase", "context", "rule"),
    [
        (
            "binnen vijf (5) Werkdagen na afloop van iedere kalendermaand",
            "",
            _every("P1M", _rule(DueKind.within_after, PERIOD_END, "P5BD")),
        ),
        (
            "binnen twintig (20) dagen na afloop van elk kalenderkwartaal",
            "",
            _every("P3M", _rule(DueKind.within_after, PERIOD_END, "P20D")),
        ),
        (
            "binnen zes (6) weken na afloop van ieder leveringsjaar",
            "",
            _every("P1Y", _rule(DueKind.within_after, PERIOD_END, "P6W"), periods=Periods.term),
        ),
        (
            "jaarlijks, uiterlijk op 15 april",
            "",
            _every("P1Y", _rule(DueKind.on_or_before, MonthDay(15, 4))),
        ),
        (
            "jaarlijks vóór 15 januari",
            "",
            _every("P1Y", _rule(DueKind.strictly_before, MonthDay(15, 1))),
        ),
        (
            "vóór of op de eerste dag van iedere kalendermaand",
            "",
            _every("P1M", _rule(DueKind.on_or_before, MonthDay(1))),
        ),
        (
            "uiterlijk op de vijfde werkdag van iedere kalendermaand",
            "",
            _every("P1M", _rule(DueKind.within_after, PERIOD_END, "P5BD")),
        ),
        (
            "uiterlijk op maandag 12:00 uur volgend op de week waarop de urenstaat betrekking"
            " heeft",
            "keurt de urenstaat wekelijks goed",
            _every("P1W", _rule(DueKind.within_after, PERIOD_END, "P1D")),
        ),
        (
            "in de periode van 15 mei tot en met 20 juni",
            "wordt jaarlijks uitgevoerd",
            _every("P1Y", _rule(DueKind.on_or_before, MonthDay(20, 6))),
        ),
        (
            "uiterlijk op 15 mei van ieder jaar, voor het eerst op 15 mei 2026",
            "",
            _every("P1Y", _rule(DueKind.on_or_before, MonthDay(15, 5)), first=D(2026, 5, 15)),
        ),
        ("ieder kalenderkwartaal", "", _every("P3M", None)),
        ("per kalendermaand vooraf", "", _every("P1M", None)),
        ("ten minste eenmaal per kalenderjaar", "", _every("P1Y", None)),
        ("maandelijks achteraf", "", _every("P1M", None)),
        (
            "binnen veertien (14) dagen na factuurdatum",
            "betaalt de maandelijkse voorschotnota",
            _every("P1M", _rule(DueKind.within_after, "factuurdatum", "P14D")),
        ),
    ],
)
def test_parse_due_recurring(phrase: str, context: str, rule: DueRule) -> None:
    assert parse_due(phrase, "nl", context) == rule


def test_context_does_not_make_a_dated_deadline_recurring() -> None:
    rule = parse_due("binnen tien (10) werkdagen na de Ingangsdatum", "nl", "jaarlijks overleg")
    assert rule == _rule(DueKind.within_after, START, "P10BD")


@pytest.mark.parametrize(
    "phrase",
    [
        "gedurende dertig (30) dagen",
        "met de factuur over de maand april 2025",
        "",
        "zo snel mogelijk",
    ],
)
def test_parse_due_not_understood(phrase: str) -> None:
    assert parse_due(phrase) is None


# --- Cross-check against the nl-synth texts and labels ----------------------------------------

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "nl-synth"
# Anchors that 07 defines in its own text: the transport date (art. 3.1) and the opening of the
# exhibition (art. 1.2). Everything else is anchored on the start or signing date.
EXTRA_ANCHORS = {
    "07": {"transportdatum": D(2025, 9, 8), "opening van de tentoonstelling": D(2025, 9, 20)}
}


def _labels() -> list[dict[str, Any]]:
    labels = CORPUS / "labels.jsonl"
    if not labels.is_file():
        pytest.skip(f"nl-synth not found at {CORPUS}")
    return [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line]


def test_nl_synth_obligation_due_dates() -> None:
    """Every due phrase the parser understands gives the labelled due date and cycle."""
    understood, not_understood = 0, []
    for label in _labels():
        anchors = {
            START: D.fromisoformat(label["start_date"]),
            SIGNING: D.fromisoformat(label["signing_date"]),
            **EXTRA_ANCHORS.get(label["file"][:2], {}),
        }
        for obligation in label["obligations"]:
            if obligation["due"] is None:
                continue
            where = (label["file"][:2], obligation["clause_ref"], obligation["due"])
            rule = parse_due(obligation["due"], "nl", obligation["quote"])
            if rule is None:
                not_understood.append(where)
                continue
            understood += 1
            expected = obligation["due_date"]
            assert due_date(rule, anchors) == (expected and D.fromisoformat(expected)), where
            cycle = rule.cycle if rule.kind is DueKind.recurring else None
            wanted = obligation["recurring"] and P(obligation["recurring"])
            assert cycle == wanted, where
    # two phrases name no deadline the rules can compute: "gedurende dertig (30) dagen" (a
    # period, not a deadline) and "met de factuur over de maand april 2025"
    assert understood >= 70
    assert len(not_understood) <= 2, not_understood


def test_nl_synth_dates_in_the_text() -> None:
    """Start and signature dates as printed (digits, words, weekday, ISO, '25) are found."""
    checked = 0
    for label in _labels():
        text = (CORPUS / label["text_file"]).read_text(encoding="utf-8")
        found = {m.date for m in find_dates(text, "nl") if not m.in_boilerplate}
        wanted = {label["start_date"]} | {s["date"] for s in label["signatures"]}
        for value in wanted:
            assert D.fromisoformat(value) in found, (label["file"], value)
            checked += 1
    assert checked >= 25


# --- Fuzzing: no exceptions, linear time ------------------------------------------------------

_VOCAB = [
    "1",
    "12",
    "2024",
    "'25",
    "-",
    "/",
    ".",
    ",",
    "januari",
    "March",
    "mei",
    "jan.",
    "maandag",
    "the",
    "1st",
    "day of",
    "dag van",
    "eerste",
    "tweeduizendvijfentwintig",
    "Source:",
    "Filed",
    "Page 2 of 3",
    "\n",
    "\f",
    "binnen",
    "uiterlijk op",
    "vóór",
    "na",
    "werkdagen",
    "iedere kalendermaand",
    "jaarlijks",
]
_TEXT = st.lists(
    st.one_of(st.sampled_from(_VOCAB), st.text(max_size=10)), min_size=0, max_size=1500
).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from(["nl", "en", None]))
def test_find_dates_never_fails_and_stays_fast(text: str, language: str | None) -> None:
    text = (text * (10_000 // max(len(text), 1) + 1))[:10_000] if text else text
    began = time.perf_counter()
    mentions = find_dates(text, language)
    assert time.perf_counter() - began < 0.5
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    for m in mentions:
        assert text[m.start : m.end] == m.text


@settings(max_examples=60, deadline=None)
@given(_TEXT.map(lambda s: s[:400]), _TEXT.map(lambda s: s[:1600]))
def test_parse_due_never_fails(phrase: str, context: str) -> None:
    rule = parse_due(phrase, "nl", context)
    if rule is not None:
        due_date(rule, {START: D(2025, 1, 1), SIGNING: D(2024, 12, 20)})


@pytest.mark.parametrize(
    "unit",
    [
        "1-",
        "12/",
        "1 januari ",
        "de eerste dag van ",
        "Source: ",
        "Page 1 of 2\n",
        "maandag ",
        "March 1, ",
        " ",
        "9" * 40 + " ",
    ],
)
def test_adversarial_text_is_linear(unit: str) -> None:
    text = (unit * (10_000 // len(unit) + 1))[:10_000]
    began = time.perf_counter()
    find_dates(text)
    assert time.perf_counter() - began < 0.5


def test_split_suffix_after_an_english_month() -> None:
    found = find_dates("This Agreement ends on August 30 th, 2022.", "en")
    assert [(m.date, m.text) for m in found] == [(date(2022, 8, 30), "August 30 th, 2022")]


def test_space_before_the_comma_after_an_english_month_day() -> None:
    found = find_dates("signed on May 8 , 2014 by", "en")
    assert [(m.date, m.text) for m in found] == [(date(2014, 5, 8), "May 8 , 2014")]


def test_no_space_after_the_comma_after_an_english_month_day() -> None:
    found = find_dates("made as of July 1,2005 and dated the 3rd day of March,2006.", "en")
    assert [(m.date, m.text) for m in found] == [
        (date(2005, 7, 1), "July 1,2005"),
        (date(2006, 3, 3), "the 3rd day of March,2006"),
    ]
    assert find_dates("see Sections 1,2005 and May 1,2", "en") == []


def test_ordinal_suffix_in_capitals_after_an_english_month() -> None:
    found = find_dates(
        "THIS AGREEMENT IS MADE AS OF AUGUST 1ST, 2019 AND AMENDED MARCH 3RD 2020", "en"
    )
    assert [(m.date, m.text) for m in found] == [
        (date(2019, 8, 1), "AUGUST 1ST, 2019"),
        (date(2020, 3, 3), "MARCH 3RD 2020"),
    ]


def test_dutch_ordinal_day_in_capitals() -> None:
    found = find_dates("DEZE OVEREENKOMST IS GESLOTEN OP 1 AUGUSTUS 2019", "nl")
    assert [(m.date, m.text) for m in found] == [(date(2019, 8, 1), "1 AUGUSTUS 2019")]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("This Agreement is made this 2lst day of January 2003 by", "en", date(2003, 1, 21)),
        ("signed on January 2l, 2OO3.", "en", date(2003, 1, 21)),
        ("Getekend te Utrecht op l5 maart 2O10.", "nl", date(2010, 3, 15)),
    ],
)
def test_digits_read_as_letters_by_ocr(text: str, language: str, expected: date) -> None:
    assert [m.date for m in find_dates(text, language, ocr=True)] == [expected]
    assert find_dates(text, language) == []  # a text layer means what it says


def test_letters_beside_digits_in_words_stay_letters() -> None:
    assert find_dates("ISO 9001, an I2C bus, LOL and 1O0 units", "en", ocr=True) == []


def test_a_dotted_date_is_day_first_in_english_text_too() -> None:
    assert _one("1.4.2011", "en")[0] == D(2011, 4, 1)
    assert _one("1/4/2011", "en")[0] == D(2011, 1, 4)  # slashes stay month-first


def test_a_dot_for_the_comma_before_a_four_digit_year() -> None:
    assert _one("in effect until March 18. 2021, unless", "en")[0] == D(2021, 3, 18)


def test_the_first_day_of_each_quarter_of_the_calendar_or_of_the_lease() -> None:
    anchors = {START: D(2024, 2, 15)}
    calendar = parse_due("uiterlijk op de eerste dag van ieder kwartaal", "nl")
    lease = parse_due("uiterlijk op de eerste dag van het huurkwartaal", "nl")
    assert calendar is not None and lease is not None
    assert (calendar.periods, lease.periods) == (Periods.calendar, Periods.term)
    assert due_date(calendar, anchors) == D(2024, 4, 1)  # Q2 of the calendar
    assert due_date(lease, anchors) == D(2024, 2, 15)  # the lease's first quarter


def test_a_weekday_typed_between_day_of_and_the_month() -> None:
    found = find_dates("made and entered into this 20th day of Friday, March 2020 (the", "en")
    assert [d.date for d in found] == [date(2020, 3, 20)]
