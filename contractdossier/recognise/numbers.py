"""Dutch and English number words, and duration mentions in contract text.

``parse_number("vierentwintig") == 24``, ``parse_number("one hundred and twenty") == 120``,
``parse_ordinal("vijfde") == 5``; :func:`find_durations` turns "drie (3) maanden", "sixty (60)
days", "one-year", "10 werkdagen" or "24 uur" into :class:`~contractdossier.deadlines.Duration`
values with character offsets.

Reading rules:

- Dutch numbers are written as one word ("vijfentwintigduizend", "tweeduizendvijfentwintig",
  "tweeëntwintig"); English ones as words separated by spaces or hyphens ("twenty-four", "one
  hundred and twenty"). "een"/"één" is 1; a multiplier ("tweemaal", "driemaal") is its number.
- When a number is written in words *and* in digits ("drie (3) jaar", "30 (thirty) days") and
  they disagree, the digits win and the mention gets a low confidence (the disagreement is
  exactly what a person should look at).
- "een jaar" counts as one year (confidence 0.8, "een" is also the article); English "a year" /
  "a month" likewise (0.6), except after "once", "twice" or "times" ("twice a year" is a rate).
- "year to year" / "van jaar tot jaar" is one year; "month to month" one month.
- "anderhalf jaar" is P18M, "een half jaar" P6M, "anderhalf uur" PT1H30M, "half uur" PT30M.
- Werkdagen / business / working / banking days are working days (``Duration.business_days``);
  kalenderdagen / calendar days are days; kwartalen / quarters are three months each.
- A number glued to a time or a decimal ("12:00 uur", "1,5 jaar") is not read as a duration.

All scanning is linear in the length of the text: one regular expression without nested
quantifiers finds the unit words, and the quantity is read from a bounded window before each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from contractdossier.deadlines import Duration

__all__ = [
    "DurationMention",
    "find_durations",
    "parse_number",
    "parse_ordinal",
]


@dataclass(frozen=True, slots=True)
class DurationMention:
    """A duration read from text; ``start``/``end`` are offsets into the text given."""

    duration: Duration
    start: int
    end: int
    text: str
    confidence: float


# --------------------------------------------------------------------------------------------
# Number words
# --------------------------------------------------------------------------------------------

_NL_SMALL = {
    "nul": 0,
    "een": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_NL_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
_NL_UNITS = {k: v for k, v in _NL_SMALL.items() if 1 <= v <= 9}

_EN_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_SCALES = {"thousand": 1_000, "million": 1_000_000}
_EN_WORDS = frozenset(_EN_SMALL) | frozenset(_EN_TENS) | {"hundred", "and"} | frozenset(_EN_SCALES)

_EN_ORDINALS = {
    "first": "one",
    "second": "two",
    "third": "three",
    "fifth": "five",
    "eighth": "eight",
    "ninth": "nine",
    "twelfth": "twelve",
}


def _fold(word: str) -> str:
    """Lower case without diacritics: "Één" -> "een", "tweeëntwintig" -> "tweeentwintig"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _nl_below_100(s: str) -> int | None:
    if s in _NL_SMALL:
        return _NL_SMALL[s]
    if s in _NL_TENS:
        return _NL_TENS[s]
    for name, value in _NL_UNITS.items():  # "vierentwintig" = vier + en + twintig
        tens = s[len(name) + 2 :]
        if s.startswith(name + "en") and tens in _NL_TENS:
            return value + _NL_TENS[tens]
    return None


def _nl_scaled(
    s: str, scale_word: str, scale: int, below: Callable[[str], int | None]
) -> int | None:
    """``[left]<scale_word>[right]`` = left * scale + right, with left < 1000, right < scale."""
    if scale_word not in s:
        return below(s)
    left, _, right = s.partition(scale_word)
    multiplier = 1 if left == "" else below(left)
    if multiplier is None or not 1 <= multiplier < 1000:
        return None
    if right.startswith("en") and below(right) is None:
        right = right[2:]  # "honderdenvijf"
    rest = 0 if right == "" else below(right)
    if rest is None or rest >= scale:
        return None
    return multiplier * scale + rest


def _nl_below_1000(s: str) -> int | None:
    return _nl_scaled(s, "honderd", 100, _nl_below_100)


def _nl_below_million(s: str) -> int | None:
    return _nl_scaled(s, "duizend", 1000, _nl_below_1000)


def _nl_number(s: str) -> int | None:
    if not s or not s.isalpha() or len(s) > 80:
        return None
    return _nl_scaled(s, "miljoen", 1_000_000, _nl_below_million)


def _en_below_100(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    if i >= len(tokens):
        return None
    word = tokens[i]
    if word in _EN_TENS:
        value = _EN_TENS[word]
        if (
            i + 1 < len(tokens)
            and tokens[i + 1] in _EN_SMALL
            and 1 <= _EN_SMALL[tokens[i + 1]] <= 9
        ):
            return value + _EN_SMALL[tokens[i + 1]], i + 2
        return value, i + 1
    if word in _EN_SMALL:
        return _EN_SMALL[word], i + 1
    return None


def _en_below_1000(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    first = _en_below_100(tokens, i)
    if first is None:
        return None
    value, i = first
    if i < len(tokens) and tokens[i] == "hundred":
        if not 1 <= value <= 99:
            return None
        value *= 100
        i += 1
        j = i + 1 if i < len(tokens) and tokens[i] == "and" else i
        rest = _en_below_100(tokens, j)
        if rest is not None:
            value += rest[0]
            i = rest[1]
    return value, i


def _en_number(tokens: Sequence[str]) -> int | None:
    if not tokens or len(tokens) > 12:
        return None
    total = 0
    i = 0
    last_scale = None
    while i < len(tokens):
        group = _en_below_1000(tokens, i)
        if group is None:
            return None
        value, i = group
        if i < len(tokens) and tokens[i] in _EN_SCALES:
            scale = _EN_SCALES[tokens[i]]
            if last_scale is not None and scale >= last_scale:
                return None
            total += value * scale
            last_scale = scale
            i += 1
            if i < len(tokens) and tokens[i] == "and":
                i += 1
                if i == len(tokens):
                    return None
            continue
        if i != len(tokens):
            return None
        return total + value
    return total if last_scale is not None else None


_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")


@lru_cache(maxsize=8192)
def parse_number(text: str, language: str | None = None) -> int | None:
    """The value of a number written in digits or in Dutch or English words, else ``None``.

    ``language`` ('nl' or 'en') restricts the words tried; ``None`` tries both.
    """
    s = _fold(text.strip())
    if not s or len(s) > 120:
        return None
    if s.isdecimal():
        return int(s) if len(s) <= 12 else None
    if s.endswith("maal") and language != "en":  # tweemaal, driemaal
        return _nl_number(s[: -len("maal")])
    tokens = [t for t in _SPLIT.split(s) if t]
    if language != "en" and len(tokens) == 1:
        value = _nl_number(tokens[0])
        if value is not None:
            return value
    if language != "nl":
        return _en_number(tokens)
    return None


_ORDINAL_DIGITS = re.compile(r"(\d{1,4})(?:e|ste|de|st|nd|rd|th)")


@lru_cache(maxsize=4096)
def parse_ordinal(text: str, language: str | None = None) -> int | None:
    """``eerste`` 1, ``vijfde`` 5, ``eenentwintigste`` 21, ``1e``/``1ste`` 1, ``first``,
    ``twenty-first``, ``19th``; ``None`` for anything else."""
    s = _fold(text.strip())
    if not s or len(s) > 120:
        return None
    digits = _ORDINAL_DIGITS.fullmatch(s)
    if digits:
        number = int(digits.group(1))
        return number if number > 0 else None
    if language != "en" and s.isalpha():
        dutch = _nl_ordinal(s)
        if dutch is not None:
            return dutch
    if language != "nl":
        tokens = [t for t in _SPLIT.split(s) if t]
        if not tokens:
            return None
        last = tokens[-1]
        if last in _EN_ORDINALS:
            last = _EN_ORDINALS[last]
        elif last.endswith("ieth"):
            last = last[: -len("ieth")] + "y"
        elif last.endswith("th"):
            last = last[: -len("th")]
        else:
            return None
        english = _en_number([*tokens[:-1], last])
        return english if english else None
    return None


def _nl_ordinal(s: str) -> int | None:
    for word, small in (("eerste", 1), ("derde", 3)):
        if s.endswith(word):  # eerste, derde, honderdeerste, ...
            head = s[: -len(word)]
            if not head:
                return small
            base = _nl_number(head)
            return None if base is None or base % 100 else base + small
    for suffix in ("ste", "de"):
        if s.endswith(suffix):
            found = _nl_number(s[: -len(suffix)])
            if found:
                return found
    return None


# --------------------------------------------------------------------------------------------
# Duration mentions
# --------------------------------------------------------------------------------------------

_UNIT_PATTERN = (
    # phrases meaning one period
    r"(?P<each>(?:from\s{1,3})?(?P<each_en>year|month)[\s-]{1,3}to[\s-]{1,3}(?P=each_en)"
    r"|van\s{1,3}(?P<each_nl>jaar|maand)\s{1,3}tot\s{1,3}(?P=each_nl))\b"
    # unit words
    r"|(?P<unit>werkdag(?:en)?|kalenderdag(?:en)?|dag(?:en)?|we(?:ek|ken)"
    r"|kalendermaand(?:en)?|maand(?:en)?|kalenderjaar|kalenderjaren|jaar|jaren"
    r"|kwarta(?:al|len)|uur|uren|minuut|minuten"
    r"|(?:business|working|banking|calendar)[\s-]{1,3}days?|days?|weeks?|months?|years?"
    r"|quarters?|hours?|minutes?)\b"
)
# The look-ahead (first letters of every alternative) lets the engine skip most positions.
_UNITS = re.compile(r"(?=[bcdfhjkmquvwy])\b(?:" + _UNIT_PATTERN + ")", re.IGNORECASE)

# Tokens before a unit: a parenthesised group, a word, a number.
_TOKEN = re.compile(r"\([^()\n]{1,40}\)|[^\W\d_]+|\d{1,6}")
# a few blanks or a hyphen (or the tilde a text layer misreads it as: "3~year"); or a line or
# page break ("for a period of 12\n\n   months")
_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011~]{0,3}|\s{1,24}")
_WINDOW = 48  # enough for "one hundred and twenty-five (125) "
# "anderhalf jaar", "a half year", "half a year"
_HALF = re.compile(
    r"\b(anderhalf|anderhalve|halve|half)(?:[ \t]{1,3}an?)?[ \t]{1,3}\Z", re.IGNORECASE
)
_ONCE = frozenset({"once", "twice", "thrice", "times", "per", "each", "every"})
# One or two words between the number and the unit: "two (2) consecutive years", "five (5)
# full years", "twelve (12) full calendar months"
_BETWEEN = re.compile(
    r"\b(?:(?:consecutive|additional|successive|further|full|calendar|contract|renewal|extension"
    r"|opeenvolgende|aaneengesloten|volle|aanvullende)[ \t\u00a0\-]{1,3}){1,2}\Z",
    re.IGNORECASE,
)


_UNIT_FIELDS = (
    (("werkdag", "business", "working", "banking"), "business_days", 1),
    (("kalenderdag", "calendar", "dag", "day"), "days", 1),
    (("week", "weken"), "weeks", 1),
    (("kalendermaand", "maand", "month"), "months", 1),
    (("kalenderjaar", "jaar", "jaren", "year"), "years", 1),
    (("kwarta", "quarter"), "months", 3),
    (("uur", "uren", "hour"), "hours", 1),
    (("minu",), "minutes", 1),
)


@lru_cache(maxsize=256)
def _unit_field(unit: str) -> tuple[str, int] | None:
    """('business_days', 1) for "Werkdagen", ('months', 3) for "kwartalen", ..."""
    u = _fold(unit)
    for prefixes, name, factor in _UNIT_FIELDS:
        if u.startswith(prefixes):
            return name, factor
    return None


def _unit_duration(unit: str, n: int) -> Duration | None:
    field = _unit_field(unit)
    if field is None:
        return None
    name, factor = field
    return Duration(**{name: n * factor})


def _halves(word: str, unit: str) -> Duration | None:
    """'anderhalf jaar' / 'half uur' and friends."""
    u = _fold(unit)
    w = _fold(word)
    yearish = u.startswith(("jaar", "jaren", "year"))
    hourish = u.startswith(("uur", "uren", "hour"))
    if w in ("anderhalf", "anderhalve"):
        if yearish:
            return Duration(months=18)
        if hourish:
            return Duration(hours=1, minutes=30)
    if w in ("half", "halve"):
        if yearish:
            return Duration(months=6)
        if hourish:
            return Duration(minutes=30)
    return None


@dataclass(slots=True)
class _Quantity:
    value: int
    start: int  # offset in the window
    confidence: float


@lru_cache(maxsize=8192)
def _is_number_word(word: str) -> bool:
    w = _fold(word)
    return w in _EN_WORDS or _nl_number(w) is not None


def _words_before(
    window: str, tokens: list[re.Match[str]], i: int, pos: int, clipped: bool
) -> tuple[int, int] | None:
    """Longest run of number words ending at token ``i`` (adjacent to ``pos``).

    Returns (value, start offset in the window) or None.
    """
    run: list[re.Match[str]] = []
    right = pos
    j = i
    while j >= 0 and len(run) < 8:
        tok = tokens[j]
        if not tok.group().isalpha() or not _GAP.fullmatch(window, tok.end(), right):
            break
        if clipped and tok.start() == 0:
            break  # the window cut this word; we cannot know it
        if not _is_number_word(tok.group()):
            break
        run.insert(0, tok)
        right = tok.start()
        j -= 1
    # the longest suffix that parses as one number
    for k in range(len(run)):
        words = [m.group() for m in run[k:]]
        if _fold(words[0]) == "and":
            continue
        value = parse_number(" ".join(words))
        if value is not None:
            return value, run[k].start()
    return None


def _quantity(window: str, clipped: bool) -> _Quantity | None:
    """Read the number that ends ``window`` (the text just before a unit word).

    Accepted shapes, right to left: an optional parenthesised number ("(3)", "(thirty)"), then
    digits or number words ("drie", "twenty-four", "one hundred and twenty"), or "a"/"an".
    """
    tokens = list(_TOKEN.finditer(window))

    def adjacent(j: int, right: int) -> re.Match[str] | None:
        if j < 0:
            return None
        tok = tokens[j]
        if not _GAP.fullmatch(window, tok.end(), right) or (clipped and tok.start() == 0):
            return None
        return tok

    i = len(tokens) - 1
    pos = len(window)
    tok = adjacent(i, pos)
    if tok is None:
        return None
    paren: tuple[int, bool] | None = None  # (value, written in digits)
    paren_start = tok.start()
    if tok.group().startswith("("):
        inner = tok.group()[1:-1].strip()
        # "one (I) year": a capital I (or an OCR'd l) for the digit one
        value = 1 if inner in ("I", "l") else parse_number(inner)
        if value is None:
            return None
        paren = (value, inner.isdecimal())
        pos, i = tok.start(), i - 1
        tok = adjacent(i, pos)

    main: tuple[int, bool, int, str] | None = None  # (value, digits, start, as written)
    if tok is not None and tok.group().isdecimal():
        s = tok.start()
        if s >= 2 and window[s - 1] in ".,:" and window[s - 2].isdecimal():
            return None  # a decimal, a time or a thousands group: "1,5 jaar", "12:00 uur"
        main = (int(tok.group()), True, s, tok.group())
    elif tok is not None and tok.group().isalpha():
        found = _words_before(window, tokens, i, pos, clipped)
        if found is not None:
            main = (found[0], False, found[1], window[found[1] : pos].strip())
        elif paren is None and _fold(tok.group()) in ("a", "an"):
            previous = _fold(tokens[i - 1].group()) if i >= 1 else ""
            return None if previous in _ONCE else _Quantity(1, tok.start(), 0.6)

    if main is None:
        return None if paren is None else _Quantity(paren[0], paren_start, 0.85)
    value, in_digits, start, written = main
    if paren is None:
        if _fold(written) == "een":  # "één" is unambiguous, "een" is also the article
            return _Quantity(1, start, 0.95 if "é" in written.lower() else 0.8)
        return _Quantity(value, start, 0.9)
    if value == paren[0]:
        return _Quantity(value, start, 0.98)
    # words and digits disagree: the digits win, with a low confidence
    return _Quantity(paren[0] if paren[1] or not in_digits else value, start, 0.5)


def find_durations(text: str, language: str | None = None) -> list[DurationMention]:
    """All duration mentions in ``text``, in order. ``language`` is accepted for symmetry with
    the date recogniser; number words of both languages are always read."""
    del language
    mentions: list[DurationMention] = []
    for match in _UNITS.finditer(text):
        if match.group("each"):
            unit = match.group("each_en") or match.group("each_nl") or ""
            duration = _unit_duration(unit, 1)
            if duration is not None:
                mentions.append(
                    DurationMention(duration, match.start(), match.end(), match.group(), 0.85)
                )
            continue
        unit = match.group("unit")
        lo = max(0, match.start() - _WINDOW)
        window = text[lo : match.start()]
        clipped = lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "(")
        tail_at = max(0, len(window) - 16)
        half = _HALF.search(window, tail_at)
        if half is not None:
            duration = _halves(half.group(1), unit)
            if duration is not None:
                start = lo + half.start(1)
                mentions.append(
                    DurationMention(duration, start, match.end(), text[start : match.end()], 0.85)
                )
                continue
        quantity = _quantity(window, clipped)
        if quantity is None:
            between = _BETWEEN.search(window, max(0, len(window) - 28))
            if between is None:
                continue
            window = window[: between.start()]
            quantity = _quantity(window, clipped)
            if quantity is None:
                continue
        duration = _unit_duration(unit, quantity.value)
        if duration is None or duration.is_zero:
            continue
        start = lo + quantity.start
        mentions.append(
            DurationMention(
                duration, start, match.end(), text[start : match.end()], quantity.confidence
            )
        )
    return mentions
