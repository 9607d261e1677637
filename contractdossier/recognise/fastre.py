"""Regex shapes that let Python's ``re`` skip ahead.

``re`` scans a text fast only when a pattern starts with a literal character, or with an
alternation whose branches each start with one (it then jumps from one possible first
character to the next). A pattern that starts with a look-around (``\\b``, ``(?<!\\w)``,
``(?=[A-Z])``) or with a letter under IGNORECASE is tried at every position of the text. On a
contract of 60,000 characters that is the difference between a tenth of a millisecond and a
millisecond and a half per pattern, and the recognisers scan each text with dozens.

The helpers here build the fast shape of the same language: the word-boundary check moves to
just after the first character, as a look-behind that includes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_start(forms: Iterable[str], not_after: str = r"\w") -> str:
    """An alternation of ``forms`` (literal words, tried longest first) that matches only where
    the character before is not ``not_after`` (a one-character class such as ``\\w`` or
    ``[^\\W_]``), grouped by first character so that ``re`` can skip ahead.

    Same language and the same choice among the forms as ``(?<!X)(?:f1|f2|...)`` with the forms
    sorted longest first.
    """
    by_first: dict[str, list[str]] = {}
    for form in sorted(set(forms), key=lambda w: (-len(w), w)):
        by_first.setdefault(form[0], []).append(form[1:])
    branches = []
    for first, rests in by_first.items():
        lead = re.escape(first)
        tail = "|".join(re.escape(r) for r in rests)
        branches.append(f"{lead}(?<!{not_after}{lead})(?:{tail})")
    return "(?:" + "|".join(branches) + ")"


def at_word_start(forms: Iterable[str]) -> str:
    """``\\b(?:f1|f2|...)`` (longest first) in the fast shape of :func:`word_start` when every
    form starts with a letter or digit, else as written (a word boundary before a form that
    starts with punctuation means something else)."""
    forms = set(forms)
    if all(re.match(r"\w", form) for form in forms):
        return word_start(forms)
    ordered = sorted(forms, key=lambda w: (-len(w), w))
    return r"\b(?:" + "|".join(re.escape(form) for form in ordered) + ")"


def tail_width(pattern: re.Pattern[str]) -> int | None:
    """For a pattern that ends in ``$`` at its top level (outside any alternation), the widest
    stretch at the end of a text that a match can cover, plus one for the line break ``$`` may
    stand before; None for any other pattern, or one whose matches have no bound in width.

    ``pattern.search(text, len(text) - width)`` then finds a match exactly when
    ``pattern.search(text)`` does (look-behinds and ``\\b`` still see the text before the start
    position), without trying every position of a long window.
    """
    try:
        # the parser behind re.compile (CPython 3.11+)
        from re import _constants, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except (ImportError, AttributeError, re.error):  # another runtime: scan the whole text
        return None
    if not parsed.data or parsed.data[-1] != (_constants.AT, _constants.AT_END):
        return None
    widest = parsed.getwidth()[1]
    if widest >= _constants.MAXREPEAT:
        return None
    return int(widest) + 1
