"""Dutch/English detection from stopwords."""

from __future__ import annotations

import time

from contractdossier.extract.language import detect_language, stopword_counts

DUTCH = (
    "Artikel 3 Duur en opzegging. Deze overeenkomst wordt aangegaan voor de duur van twee jaar "
    "en gaat in op de datum van ondertekening. Zij wordt daarna telkens stilzwijgend verlengd "
    "met een jaar, tenzij een van de partijen uiterlijk drie maanden voor het einde schriftelijk "
    "opzegt."
)
ENGLISH = (
    "Section 3 Term and termination. This agreement shall commence on the effective date and "
    "shall continue for a period of two years. It will renew automatically for successive "
    "one-year terms unless either party gives written notice of non-renewal at least ninety "
    "days before the end of the then-current term."
)


def test_dutch_and_english() -> None:
    assert detect_language(DUTCH) == "nl"
    assert detect_language(ENGLISH) == "en"


def test_words_shared_by_both_languages_do_not_count() -> None:
    # "in", "is", "of", "die", "was" are Dutch and English words alike
    assert stopword_counts("in is of die was over") == (0, 0)


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("") == "und"
    assert detect_language("EUR 12.000,00 | 2025-01-01 | P3M") == "und"
    assert detect_language("de huur") == "und"


def test_an_even_mix_is_undetermined_and_a_clear_majority_wins() -> None:
    assert stopword_counts(DUTCH * 2 + ENGLISH * 3) == (48, 48)
    assert detect_language(DUTCH * 2 + "\n" + ENGLISH * 3) == "und"
    assert detect_language(DUTCH * 3 + "\n" + ENGLISH) == "nl"
    assert detect_language(ENGLISH * 3 + "\n" + DUTCH) == "en"


def test_case_and_accents_do_not_matter() -> None:
    assert detect_language(DUTCH.upper()) == "nl"


def test_long_text_is_sampled_from_start_middle_and_end() -> None:
    text = DUTCH * 2000 + ENGLISH * 20 + DUTCH * 2000  # ~1.5 MB, English only in the middle
    started = time.perf_counter()
    assert detect_language(text) == "nl"
    assert time.perf_counter() - started < 2.0  # sampled: about 20 ms, generous for CI
    # only a sample of about a tenth of the 4020 paragraphs is counted
    assert sum(stopword_counts(text)) < sum(stopword_counts(DUTCH)) * 4000 / 4
