"""Fuzz the recognisers that had no fuzzing yet (amounts, clauses, terms, obligations, parties,
law, amendments) through ``recognise``: no exception, and bounded time per page.

Dates and durations are fuzzed in test_dates.py and test_numbers.py. The text is a soup of the
tokens the regular expressions key on (currency, numbers with separators, clause numbers,
date words, party cues) mixed with random characters, so the patterns get exercised, plus
long repetitions of single tokens, the classic trigger of catastrophic backtracking.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contractdossier.recognise import recognise
from contractdossier.records import ExtractedText, PageText, TextSource

PAGE_SECONDS = 1.0  # per page of up to ~4,000 characters; real pages take milliseconds

_TOKENS = [
    "€", "EUR", "euro", "USD", "$", "1.000.000,00", "1,000,000.00", "12,5", "0,-", "-", "%",
    "per maand", "per jaar", "excl. btw", "incl. BTW", "exclusief", "miljoen", "million",
    "Artikel", "artikel", "Article", "ARTICLE", "1.", "1.1", "1.1.1", "2.3.4.5.6", "(a)", "(ii)",
    "a.", "IV.", "§", "Bijlage", "Schedule", "1 januari 2025", "31-12-2024", "2024-01-01",
    "January 1, 2025", "the 1st day of", "drie (3) maanden", "three (3) months", "jaar",
    "years", "opzegtermijn", "notice", "verlengd", "renew", "stilzwijgend", "automatically",
    "uiterlijk", "binnen", "within", "no later than", "shall", "zal", "dient", "must",
    "B.V.", "N.V.", "Inc.", "LLC", "hierna te noemen", "hereinafter", "\"Opdrachtgever\"",
    "Party", "partijen", "tussen", "between", "and", "en", "Nederlands recht",
    "laws of the State of", "rechtbank", "courts", "wijziging", "amendment", "vervangen door",
    "is amended", "Effective Date", "ingangsdatum", "einddatum", "signed", "ondertekend",
    ":", ";", ",", ".", "(", ")", "\"", "'", "/", "\n", "\n\n", "\t", " ", "  ",
]
_SOUP = st.lists(
    st.one_of(
        st.sampled_from(_TOKENS),
        st.text(max_size=12),
        st.integers(min_value=0, max_value=10**12).map(str),
    ),
    max_size=300,
).map(" ".join)


@pytest.fixture(scope="module", autouse=True)
def _pipelines_loaded() -> None:
    """Build both spaCy pipelines once, outside the timed calls."""
    for language in ("nl", "en"):
        recognise(_doc(["Artikel 1 Duur\n1.1 Tekst."], language), "warm-up")


def _doc(pages: list[str], language: str) -> ExtractedText:
    out, offset = [], 0
    for number, text in enumerate(pages, start=1):
        out.append(PageText(number=number, text=text, offset=offset, source=TextSource.text_layer))
        offset += len(text) + 1
    return ExtractedText(pages=tuple(out), language=language, page_count=len(out))


def _recognise_bounded(pages: list[str], language: str) -> None:
    began = time.perf_counter()
    result = recognise(_doc(pages, language), "fuzz")
    elapsed = time.perf_counter() - began
    assert elapsed < PAGE_SECONDS * max(1, len(pages)) + 1.0, f"{elapsed:.2f} s"
    full = "\f".join(pages)
    for clause in result.clauses:
        assert 0 <= clause.start <= clause.end <= len(full)
    for fact in result.facts:
        if fact.evidence is not None and fact.evidence.page is not None:
            assert 1 <= fact.evidence.page <= len(pages)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(_SOUP, min_size=1, max_size=3), st.sampled_from(["nl", "en", "und"]))
def test_recognise_never_fails_on_token_soup(pages: list[str], language: str) -> None:
    _recognise_bounded(pages, language)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.sampled_from(["nl", "en"]))
def test_recognise_never_fails_on_random_text(text: str, language: str) -> None:
    _recognise_bounded([text], language)


@pytest.mark.parametrize(
    "unit",
    [
        "1", "1.", "1.1.", "€ ", "EUR 1", "1.000", "1,0", "(a) ", "Artikel ", "a", " ",
        "\n", "-", "1 januari ", "drie ", "B.V. ", "\"", "(", "per ", "binnen ", "shall ",
        "the ", "hierna te noemen ",
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_long_repetitions_stay_fast(unit: str, language: str) -> None:
    text = (unit * (4000 // len(unit) + 1))[:4000]
    _recognise_bounded([text, text], language)


def test_one_enormous_line_stays_fast() -> None:
    line = ("Opdrachtnemer zal binnen 30 dagen EUR 1.000,00 per maand betalen, " * 200).strip()
    _recognise_bounded([line], "nl")
