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
import sys
from collections.abc import Iterable, Iterator
from typing import Any


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
    read = _parsed(pattern)
    if read is None:  # another runtime: scan the whole text
        return None
    parsed, constants = read
    if not parsed.data or parsed.data[-1] != (constants.AT, constants.AT_END):
        return None
    widest = parsed.getwidth()[1]
    if widest >= constants.MAXREPEAT:
        return None
    return int(widest) + 1


def _parsed(pattern: re.Pattern[str]) -> tuple[Any, Any] | None:
    """``pattern`` as the parser behind re.compile reads it (CPython 3.11+), with re's
    constants to read the tree by; None on a runtime without that parser."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        return _parser.parse(pattern.pattern, pattern.flags), _constants
    except (ImportError, AttributeError, re.error):
        return None


# --------------------------------------------------------------------------------------------
# Literal gates
# --------------------------------------------------------------------------------------------

# The shortest literal worth a gate: shorter ones ("of", "en") stand in nearly every sentence.
_MIN_LITERAL = 3
# Characters that ``re`` under IGNORECASE equates with a letter that str.lower() does not turn
# them into ("ſ" matches "s", "ı" matches "i", "İ" lower-cases to two characters): a text with
# one of them is always searched.
_ODD_CASE = re.compile(
    "[\u0130\u0131\u017f\u00b5\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0"
    "\u03c1\u03c2\u03c3\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434\u043e\u0441"
    "\u0442\u044a\u0463\u1c80-\u1c88\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06]"
)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which the text of every match of ``pattern`` contains, or
    None when the pattern has no such set of at least three characters each (or the runtime
    has no ``re`` parser to read it with).

    Read from the parsed pattern: a run of literal characters in sequence (zero-width checks
    such as ``\\b`` may stand between them); of a group, or a repeat of at least one, what its
    body requires; of an alternation, the union of what each branch requires (none when one
    branch requires nothing). Of several candidates in a sequence the one with the longest
    shortest string is taken.
    """
    read = _parsed(pattern)
    if read is None:
        return None
    parsed, constants = read
    found = _required(parsed.data, constants)
    return tuple(sorted(found, key=lambda s: (len(s), s))) if found else None


def _required(items: Any, c: Any) -> frozenset[str] | None:
    """What one parsed sequence requires (``c``: ``re._constants``)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av).lower())
            continue
        if op is c.AT:  # zero width: the run goes on
            continue
        close_run()
        sub: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            sub = _required(av[3].data, c)
        elif op is c.ATOMIC_GROUP:
            sub = _required(av.data, c)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, body = av
            sub = _required(body.data, c) if low >= 1 else None
        elif op is c.BRANCH:
            branches = [_required(b.data, c) for b in av[1]]
            if all(branches):
                sub = _shortest(frozenset(s for b in branches if b for s in b))
        if sub:
            candidates.append(sub)
    close_run()
    useful = [s for s in candidates if min(map(len, s)) >= _MIN_LITERAL]
    return max(useful, key=lambda s: (min(map(len, s)), -len(s))) if useful else None


def _shortest(strings: frozenset[str]) -> frozenset[str]:
    """``strings`` without those that contain another one (which finds them anyway)."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


class Gated:
    """A compiled pattern behind a cheap test: when the searched stretch of text holds none of
    the pattern's :func:`required_literals` (compared lower-cased), no match can exist and
    the scan is skipped. ``search``, ``match``, ``fullmatch`` and ``finditer`` return exactly
    what the pattern's own return.

    Worth it for a pattern that starts at every position (a look-around or a letter under
    IGNORECASE first) and is run on many sentences that mostly lack its words: the Dutch
    renewal cues on an English contract, the dispute cues outside a dispute clause.
    """

    __slots__ = ("pattern", "literals")

    def __init__(self, pattern: re.Pattern[str], literals: tuple[str, ...] | None = None) -> None:
        literals = literals or required_literals(pattern)
        if literals is None:
            raise ValueError(f"no literal to gate on in {pattern.pattern[:60]!r}")
        self.pattern = pattern
        self.literals = literals

    def _absent(self, string: str, pos: int, endpos: int) -> bool:
        pos = max(pos, 0)  # as re reads a negative start
        part = string[pos:endpos] if pos or endpos < len(string) else string
        low = part.lower()
        for literal in self.literals:
            if literal in low:
                return False
        return part.isascii() or _ODD_CASE.search(part) is None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self.pattern.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self.pattern.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if self._absent(string, pos, endpos):
            return None
        return self.pattern.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self._absent(string, pos, endpos):
            return iter(())
        return self.pattern.finditer(string, pos, endpos)


# a pattern or a gated pattern, wherever either may be passed
Searcher = re.Pattern[str] | Gated


def gated(pattern: re.Pattern[str]) -> Searcher:
    """``pattern`` behind its gate when it has literals to gate on, else itself."""
    literals = required_literals(pattern)
    return pattern if literals is None else Gated(pattern, literals)
