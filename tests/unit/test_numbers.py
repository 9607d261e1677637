"""Number words and duration mentions (contractdossier.recognise.numbers)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractdossier.deadlines import Duration
from contractdossier.recognise.numbers import find_durations, parse_number, parse_ordinal

P = Duration.from_iso


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("drie", 3),
        ("twaalf", 12),
        ("achttien", 18),
        ("vierentwintig", 24),
        ("eenentwintig", 21),
        ("tweeëntwintig", 22),
        ("achtenveertig", 48),
        ("honderdvijftig", 150),
        ("tweehonderd", 200),
        ("vijftienhonderd", 1500),
        ("duizend", 1000),
        ("vijfentwintigduizend", 25_000),
        ("vijfduizend", 5_000),
        ("tweeduizendvijfentwintig", 2025),
        ("honderdduizend", 100_000),
        ("één", 1),
        ("een", 1),
        ("Twaalf", 12),
        ("tweemaal", 2),
        ("driemaal", 3),
        ("sixty", 60),
        ("twenty-four", 24),
        ("twenty four", 24),
        ("one hundred and twenty", 120),
        ("one hundred twenty", 120),
        ("five thousand", 5_000),
        ("two thousand and twenty-five", 2025),
        ("twelve hundred", 1200),
        ("36", 36),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "and", "one and", "twenty twenty", "vierenvijf", "dertigentwee", "maandag", "dag", "x1"],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_language() -> None:
    assert parse_number("drie", "en") is None
    assert parse_number("three", "nl") is None
    assert parse_number("three", "en") == 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eerste", 1),
        ("tweede", 2),
        ("derde", 3),
        ("vijfde", 5),
        ("achtste", 8),
        ("vijftiende", 15),
        ("twintigste", 20),
        ("eenentwintigste", 21),
        ("1e", 1),
        ("1ste", 1),
        ("2de", 2),
        ("first", 1),
        ("third", 3),
        ("twelfth", 12),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("twenty-first", 21),
        ("thirty-first", 31),
        ("1st", 1),
        ("19th", 19),
    ],
)
def test_parse_ordinal(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("text", ["drie", "dag", "last", "0th", "de"])
def test_parse_ordinal_rejects(text: str) -> None:
    assert parse_ordinal(text) is None


def _one(text: str) -> tuple[str, str, float]:
    mentions = find_durations(text)
    assert len(mentions) == 1, mentions
    m = mentions[0]
    assert text[m.start : m.end] == m.text
    return m.duration.iso(), m.text, m.confidence


@pytest.mark.parametrize(
    ("text", "iso", "span"),
    [
        ("voor de duur van drie (3) jaar", "P3Y", "drie (3) jaar"),
        ("een looptijd van 36 maanden", "P36M", "36 maanden"),
        ("voor een periode van twaalf maanden", "P12M", "twaalf maanden"),
        ("vierentwintig (24) maanden", "P24M", "vierentwintig (24) maanden"),
        ("within sixty (60) days after", "P60D", "sixty (60) days"),
        ("a one-year term", "P1Y", "one-year"),
        ("for one (1) year", "P1Y", "one (1) year"),
        ("renews from year to year", "P1Y", "from year to year"),
        ("van jaar tot jaar", "P1Y", "van jaar tot jaar"),
        ("on a month-to-month basis", "P1M", "month-to-month"),
        ("voor de duur van 9 maanden", "P9M", "9 maanden"),
        ("een opzegtermijn van vier weken", "P4W", "vier weken"),
        ("binnen 10 werkdagen na", "P10BD", "10 werkdagen"),
        ("binnen tien (10) Werkdagen na", "P10BD", "tien (10) Werkdagen"),
        ("within ten (10) business days", "P10BD", "ten (10) business days"),
        ("within 5 working days", "P5BD", "5 working days"),
        ("thirty (30) calendar days", "P30D", "thirty (30) calendar days"),
        ("30 (thirty) days", "P30D", "30 (thirty) days"),
        ("binnen 24 uur", "PT24H", "24 uur"),
        ("binnen dertig (30) minuten", "PT30M", "dertig (30) minuten"),
        ("voor een jaar", "P1Y", "een jaar"),
        ("een periode van één jaar", "P1Y", "één jaar"),
        ("binnen één (1) maand", "P1M", "één (1) maand"),
        ("one hundred and twenty (120) days", "P120D", "one hundred and twenty (120) days"),
        ("twenty-four (24) months", "P24M", "twenty-four (24) months"),
        ("twee kwartalen", "P6M", "twee kwartalen"),
        ("anderhalf jaar", "P18M", "anderhalf jaar"),
        ("een half jaar", "P6M", "half jaar"),
        ("a 30-day cure period", "P30D", "30-day"),
        ("tweemaal met twaalf maanden", "P12M", "twaalf maanden"),
        ("binnen achtenveertig (48) uur", "PT48H", "achtenveertig (48) uur"),
        # a word between the number and the unit
        ("for two (2) consecutive years", "P2Y", "two (2) consecutive years"),
        ("renew for one (1) additional year", "P1Y", "one (1) additional year"),
        ("lasting one calendar year", "P1Y", "one calendar year"),
        ("for ten (10) full years", "P10Y", "ten (10) full years"),
        ("voor twee opeenvolgende jaren", "P2Y", "twee opeenvolgende jaren"),
        # a page break between the number and its unit
        ("for a period of 12\n\n\n\n     months, each", "P12M", "12\n\n\n\n     months"),
        ("een termijn van drie (3)\n\nmaanden", "P3M", "drie (3)\n\nmaanden"),
    ],
)
def test_find_durations(text: str, iso: str, span: str) -> None:
    found_iso, found_span, _ = _one(text)
    assert (found_iso, found_span) == (iso, span)


def test_confidence_follows_agreement() -> None:
    agree = _one("drie (3) maanden")[2]
    words = _one("drie maanden")[2]
    article = _one("een maand")[2]
    assert agree > words > article
    iso, span, disagree = _one("drie (4) maanden")
    assert (iso, span) == ("P4M", "drie (4) maanden")  # the digits win
    assert disagree < article
    iso, _, disagree_reversed = _one("3 (vier) maanden")
    assert iso == "P3M" and disagree_reversed < article


@pytest.mark.parametrize(
    "text",
    [
        "twice a year",
        "once a month",
        "per maand",
        "ieder jaar",
        "om 12:00 uur",
        "1,5 jaar",
        "de vijfde werkdag",
        "de eerste dag van maart",
        "maandag",
        "jaarlijks",
        "per kalenderjaar",
        "0 dagen",
    ],
)
def test_not_durations(text: str) -> None:
    assert find_durations(text) == []


def test_offsets_in_longer_text() -> None:
    text = "Artikel 3.3\nOpzegging geschiedt met inachtneming van een termijn van 60 dagen.\fDe"
    [m] = find_durations(text)
    assert (m.duration, text[m.start : m.end]) == (P("P60D"), "60 dagen")


def test_clipped_window_does_not_invent_numbers() -> None:
    # the 48-character window starts inside a word; the partial word must not be read
    text = "x" * 100 + "tien" + " " * 45 + "dagen"
    assert find_durations(text) == []


# --- Cross-check against the nl-synth texts ---------------------------------------------------

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "nl-synth"


def test_nl_synth_terms_and_notice_periods_are_found() -> None:
    labels = CORPUS / "labels.jsonl"
    if not labels.is_file():
        pytest.skip(f"nl-synth not found at {CORPUS}")
    checked = 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        text = (CORPUS / label["text_file"]).read_text(encoding="utf-8")
        found = {m.duration for m in find_durations(text)}
        wanted = [label["notice_period"]]
        if not label["file"].startswith("07"):  # 07 states its term only as from/to dates
            wanted.append(label["initial_term"])
        for iso in filter(None, wanted):
            assert P(iso) in found, (label["file"], iso)
            checked += 1
    assert checked >= 15


# --- Round trip against an independent number-to-words writer ---------------------------------

_NL_SMALL = [
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
]
_NL_TENS = [
    "-",
    "-",
    "twintig",
    "dertig",
    "veertig",
    "vijftig",
    "zestig",
    "zeventig",
    "tachtig",
    "negentig",
]
_EN_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["-", "-", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _dutch(n: int) -> str:
    if n < 20:
        return _NL_SMALL[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if not unit:
            return _NL_TENS[tens]
        word = _NL_SMALL[unit]
        return word + ("ën" if word.endswith("e") else "en") + _NL_TENS[tens]
    for size, name in ((1000, "duizend"), (100, "honderd")):
        if n >= size:
            high, rest = divmod(n, size)
            return ("" if high == 1 else _dutch(high)) + name + (_dutch(rest) if rest else "")
    raise AssertionError(n)


def _english(n: int) -> str:
    if n < 20:
        return _EN_SMALL[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _EN_TENS[tens] + (f"-{_EN_SMALL[unit]}" if unit else "")
    for size, name in ((1000, "thousand"), (100, "hundred")):
        if n >= size:
            high, rest = divmod(n, size)
            joint = " and " if rest and rest < 100 else " "
            return f"{_english(high)} {name}" + (joint + _english(rest) if rest else "")
    raise AssertionError(n)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number(_dutch(n), "nl") == n, _dutch(n)
    assert parse_number(_english(n), "en") == n, _english(n)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parse_number_and_ordinal_never_fail(text: str) -> None:
    for language in ("nl", "en", None):
        value = parse_number(text, language)
        assert value is None or value >= 0
        ordinal = parse_ordinal(text, language)
        assert ordinal is None or ordinal > 0


# --- Fuzzing: no exceptions, linear time ------------------------------------------------------

_VOCAB = [
    "drie",
    "(3)",
    "(",
    ")",
    "jaar",
    "maanden",
    "werkdagen",
    "business",
    "days",
    "twenty",
    "-",
    "one",
    "hundred",
    "and",
    "een",
    "één",
    "vierentwintig",
    "uur",
    "12:00",
    "1,5",
    "anderhalf",
    "year to year",
    "a",
    "twice",
    "36",
    "\n",
]
_TEXT = st.lists(
    st.one_of(st.sampled_from(_VOCAB), st.text(max_size=12)), min_size=0, max_size=1500
).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_find_durations_never_fails_and_stays_fast(text: str) -> None:
    text = (text * (10_000 // max(len(text), 1) + 1))[:10_000] if text else text
    began = time.perf_counter()
    mentions = find_durations(text)
    assert time.perf_counter() - began < 0.5
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert 0 < m.confidence <= 1


@pytest.mark.parametrize(
    "unit",
    ["1-", "drie (3) dagen ", "de eerste dag van ", "one and ", "(((", "a" * 50 + " ", " "],
)
def test_adversarial_text_is_linear(unit: str) -> None:
    text = (unit * (10_000 // len(unit) + 1))[:10_000]
    began = time.perf_counter()
    find_durations(text)
    assert time.perf_counter() - began < 0.5


def test_a_word_between_without_a_number_is_no_duration() -> None:
    assert find_durations("for each additional year of service", "en") == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("a period of twelve (12) full calendar months", "P12M"),
        ("five (5) successive renewal years", "P5Y"),
        ("3 contract years", "P3Y"),
    ],
)
def test_one_or_two_words_between_the_number_and_the_unit(text: str, iso: str) -> None:
    found = find_durations(text)
    assert [m.duration.iso() for m in found] == [iso]


@pytest.mark.parametrize(
    ("text", "iso"),
    [("half a year", "P6M"), ("a half year", "P6M"), ("anderhalf jaar", "P18M")],
)
def test_half_a_year(text: str, iso: str) -> None:
    assert [m.duration.iso() for m in find_durations(text)] == [iso]


def test_a_hyphen_misread_as_a_tilde() -> None:
    found = find_durations("renewed for successive additional 3~year periods", "en")
    assert [(m.duration.iso(), m.text) for m in found] == [("P3Y", "3~year")]
