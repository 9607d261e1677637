"""Money amounts: "€ 12.500,00 excl. btw", "EUR 1,200.00", "$5,000", "vijfduizend euro (€ 5.000,-)".

:func:`find_amounts` returns one ``amount`` :class:`Fact` per amount printed, once per clause,
with ``value`` ``{"value": float, "currency": "EUR", "text": as printed, "what": str | None,
"period": ISO cycle | None, "vat": "excl" | "incl" | None}``.

Reading rules:

- Numbers: when both "." and "," occur, the last one is the decimal separator
  ("12.500,00", "1,200.00"); ",-" and ",--" mean whole units ("€ 5.000,-"). With one kind of
  separator followed by exactly three digits it is a thousands separator ("EUR 12.000",
  "$5,000"), unless the whole part is 0 ("€ 0,015") or a scale word follows ("$2.5 million" ->
  2,500,000). Other single separators are decimal ("€ 38,75", "$9.99").
- Words and figures together are one amount whose ``text`` is the whole expression:
  "vijfduizend euro (€ 5.000,-)", "€ 15.000,00 (zegge: vijftienduizend euro)", "EUR 48,000.00
  (forty-eight thousand euros)"; the figures give the value. An amount written only in words
  ("vijfentwintigduizend euro") is read with ``numbers.parse_number``, at a lower confidence.
- ``vat``: the first btw/VAT phrase after the amount in its sentence ("excl. btw", "te
  vermeerderen met omzetbelasting", "inclusief btw", "exclusive of VAT"), else the nearest one
  before it (a table's "(excl. btw)" header, "beide excl. btw"), else a document-wide "alle
  bedragen zijn exclusief btw" for prices (not for liability caps or insured sums), else None.
- ``period``: "per maand" P1M, "per (contract)jaar"/"per annum" P1Y, "per kwartaal" P3M,
  "per uur" PT1H, "per dag"/"voor iedere dag" P1D, "per week" P1W -- just after the amount
  (past other "per ..." units: "€ 38,75 per Werkplek per maand"), or a rate word just before it
  ("uurtarief", "maandvergoeding", "annual licence fee"); "eenmalig" means none.
- ``what``: the nearest money noun before the amount in its sentence with up to two words
  before it ("vaste vergoeding", "annual licence fee"), or in a table row the row's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from contractdossier.recognise.fastre import Gated
from contractdossier.recognise.numbers import parse_number
from contractdossier.recognise.terms import TextContext, context_for, load_patterns, norm
from contractdossier.records import Clause, ExtractedText, Fact

__all__ = ["find_amounts", "parse_money"]

_I = re.IGNORECASE


@cache
def _vocab() -> dict[str, object]:
    data: dict[str, object] = load_patterns("amounts_vocabulary.json")
    return data


def _prefixes() -> dict[str, str]:
    value = _vocab()["currency_prefix"]
    assert isinstance(value, dict)
    return value


def _suffixes() -> dict[str, str]:
    value = _vocab()["currency_suffix"]
    assert isinstance(value, dict)
    return value


def _words(name: str) -> list[str]:
    value = _vocab()[name]
    assert isinstance(value, list)
    return value


_NUM = r"\d{1,3}(?:[.,]\d{3})+(?:[.,](?:\d{1,4}|-{1,2}|—))?|\d{1,12}(?:[.,](?:\d{1,4}|-{1,2}|—))?"
_SCALE = r"miljoen|mln\.?|million|mio\.?|miljard|mld\.?|billion|bn"


@cache
def _prefix_re() -> re.Pattern[str]:
    """A currency before the number: "€ 12.500,00", "EUR 1,200.00", "US$ 5,000", "$2.5 million"."""
    prefixes = sorted(_prefixes(), key=len, reverse=True)
    words = "|".join(re.escape(p) for p in prefixes if p[0].isalpha())
    symbols = "|".join(re.escape(p) for p in prefixes if not p[0].isalpha())
    return re.compile(
        rf"(?P<pre>(?<![\w$])(?:{symbols})|\b(?:{words})(?![A-Za-z])\.?)"
        rf"[ \t\u00a0]{{0,2}}\n?[ \t]{{0,2}}"
        rf"(?P<num>{_NUM})(?![\d])(?:\s?(?P<scale>{_SCALE})\b)?",
        _I,
    )


@cache
def _suffix_re() -> re.Pattern[str]:
    """A currency word after the number ("12.500 euro", "5,000 dollars"); the number is read
    backwards from it."""
    suffixes = "|".join(re.escape(s) for s in sorted(_suffixes(), key=len, reverse=True))
    return re.compile(rf"\b(?:{suffixes})\b", _I)


_SYMBOLS = ("€", "$", "£", "¥")
_CODES = (
    "eur",
    "euro",
    "usd",
    "gbp",
    "chf",
    "sfr",
    "zar",
    "jpy",
    "cad",
    "aud",
    "hkd",
    "cny",
    "rmb",
    "sek",
    "nok",
    "dkk",
    "inr",
    "sgd",
)
_SUFFIX_WORDS = ("euro", "dollar", "pound", "eur", "usd", "gbp")


def _bounded(low: str, at: int, length: int) -> bool:
    """Is ``low[at:at + length]`` a whole word (no letter either side)?"""
    before = low[at - 1] if at > 0 else " "
    after = low[at + length] if at + length < len(low) else " "
    return not before.isalpha() and not after.isalpha()


def _anchors(ctx: TextContext) -> list[int]:
    """Offsets of currency symbols and whole-word currency codes: where an amount may start."""
    low = ctx.lower
    found = list(ctx.find_words(_SYMBOLS))
    for code in _CODES:
        found += [i for i in ctx.find_words((code,)) if _bounded(low, i, len(code))]
    return sorted(set(found))


def _suffixes_in(ctx: TextContext) -> list[re.Match[str]]:
    """Currency words that may follow a number ("12.500 euro", "5,000 dollars")."""
    pattern = _suffix_re()
    out = []
    for i in ctx.find_words(_SUFFIX_WORDS):
        if i > 0 and ctx.lower[i - 1].isalpha():
            continue
        m = pattern.match(ctx.full, i)
        if m is not None:
            out.append(m)
    return out


_NUM_BEFORE = re.compile(rf"(?<![\w.,])(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE}))?\s{{0,2}}\Z", _I)
_WORDS_BEFORE = re.compile(
    r"(?P<words>[a-zà-ÿ][a-zà-ÿ-]{1,60}(?:\s(?:and\s)?[a-zà-ÿ][a-zà-ÿ-]{1,20}){0,6})"
    r"\s\Z",
    _I,
)


_ZEGGE = re.compile(r"\s{0,2}\(\s?(?:zegge|in\swoorden|say|in\swords)?\s?:?\s?", _I)


def parse_money(number: str, scale: str | None = None) -> tuple[float, bool] | None:
    """(value, sure) for a printed number; ``sure`` is False when the separators are ambiguous."""
    s = number.strip().rstrip("-—").rstrip(".,")
    if not s:
        return None
    sure = True
    last_dot, last_comma = s.rfind("."), s.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
        thousands = "," if decimal == "." else "."
        s = s.replace(thousands, "").replace(decimal, ".")
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        parts = s.split(sep)
        whole, tail = parts[0], parts[-1]
        if len(parts) > 2:
            s = s.replace(sep, "")  # "1.250.000"
        elif len(tail) == 3 and whole != "0" and not scale:
            s = whole + tail  # "12.000", "5,000"
            sure = len(whole) > 0
        else:
            s = whole + "." + tail
    try:
        value = float(s)
    except ValueError:
        return None
    if scale:
        low = scale.lower().rstrip(".")
        if low in ("miljoen", "mln", "million", "mio"):
            value *= 1_000_000
        elif low in ("miljard", "mld", "billion", "bn"):
            value *= 1_000_000_000
    return value, sure


_VAT_EXCL = Gated(
    re.compile(
        r"\bexcl(?:\.|usief|uding|usive\sof)?\s?(?:[\w,]+\s){0,4}?(?:btw|b\.t\.w\.?|vat|omzetbelasting|sales\stax)"
        r"|\bte\svermeerderen\smet\s(?:de\s)?(?:\w+\s){0,2}?(?:btw|omzetbelasting)"
        r"|\b(?:plus|exclusive\sof|excluding|before)\s(?:applicable\s)?(?:vat|btw|sales\stax)"
        r"|\bex\.?\s?vat\b|\bzonder\sbtw\b|\bvermeerderd\smet\s(?:de\s)?(?:btw|omzetbelasting)",
        _I,
    )
)
_VAT_INCL = re.compile(
    r"\bincl(?:\.|usief|uding|usive\sof)?\s?(?:[\w%()]+\s){0,2}?(?:btw|b\.t\.w\.?|vat|omzetbelasting)"
    r"|\b(?:inclusive\sof|including)\s(?:applicable\s)?(?:vat|btw)",
    _I,
)
_DOC_EXCL = re.compile(
    r"\b(?:alle|de)\s(?:genoemde\s)?(?:bedragen|prijzen|tarieven|vergoedingen)\s(?:[\w,]+\s){0,8}?"
    r"(?:zijn|luiden)\s(?:[\w,]+\s){0,6}?exclusief\s(?:btw|omzetbelasting)"
    r"|\ball\s(?:amounts|prices|fees|charges)\s(?:[\w,]+\s){0,6}?(?:are|shall\sbe)\s(?:stated\s)?"
    r"(?:exclusive\sof|excluding|net\sof)\s(?:vat|value\sadded\stax)",
    _I,
)

_PERIOD_AFTER = (
    (
        re.compile(
            r"^\s?(?:per\s(?:kalender)?maand|maandelijks|/\s?(?:maand|mnd|month|mo)\b|per\smonth"
            r"|(?:a|each|every)\smonth|monthly|p\.?m\.)",
            _I,
        ),
        "P1M",
    ),
    (
        re.compile(
            r"^\s?(?:per\s(?:kalender|contract|boek|huur|verzekerings|lever(?:ings)?|abonnements)?jaar"
            r"|jaarlijks|per\sannum|per\s(?:calendar\s|contract\s)?year|annually|(?:a|each|every)\syear"
            r"|/\s?(?:jaar|year|yr)\b|p\.?a\.)",
            _I,
        ),
        "P1Y",
    ),
    (
        re.compile(
            r"^\s?(?:per\s(?:kalender)?kwartaal|per\s(?:calendar\s)?quarter|quarterly"
            r"|driemaandelijks|(?:each|every)\squarter)",
            _I,
        ),
        "P3M",
    ),
    (
        re.compile(
            r"^\s?(?:per\s(?:uur|hour)|/\s?(?:uur|hour|hr)\b|(?:an|each|every)\shour|hourly)", _I
        ),
        "PT1H",
    ),
    (
        re.compile(
            r"^\s?(?:per\s(?:werk)?dag|per\s(?:calendar\s)?day|(?:voor|for)\s(?:iedere|elke|each"
            r"|every)\s(?:\w+\s)?(?:dag|day)|/\s?(?:dag|day)\b|daily|a\sday)",
            _I,
        ),
        "P1D",
    ),
    (re.compile(r"^\s?(?:per\s(?:kalender)?week|weekly|(?:a|each|every)\sweek)", _I), "P1W"),
)
_PER_OTHER = re.compile(
    r"^\s?(?:,\s)?(?:per|voor\siedere|for\seach)\s[\w³²-]{1,25}(?:\s(?!per\b|excl|incl)[\w-]{1,15})?",
    _I,
)
_VAT_SKIP = re.compile(
    r"^\s?(?:\(?(?:excl|incl)\.?\s?(?:btw|vat)\)?|exclusief\sbtw|inclusief\sbtw"
    r"|exclusive\sof\svat|inclusive\sof\svat),?",
    _I,
)
_PERIOD_BEFORE = (
    (
        re.compile(
            r"\b(?:uurtarief|uurtarieven|hourly\s(?:rate|fee)|tarief\sper\suur)\b[^.]{0,40}$"
            r"|\b(?:per|ieder\w*|elk\w*|each|every)\s(?:\w+\s)?(?:uur|hour)\b[^.]{0,50}$",
            _I,
        ),
        "PT1H",
    ),
    (
        re.compile(r"\b(?:maandvergoeding|maandelijkse|maandtermijn|monthly)\b[^.]{0,40}$", _I),
        "P1M",
    ),
    (
        re.compile(
            r"\b(?:jaarlijkse|jaarlijks|jaarvergoeding|jaarfactuur|annual|yearly)\b[^.]{0,40}$", _I
        ),
        "P1Y",
    ),
    (re.compile(r"\b(?:kwartaal\w*|quarterly)\b[^.]{0,30}$", _I), "P3M"),
    (re.compile(r"\b(?:dagtarief|daily\s(?:rate|fee))\b[^.]{0,40}$", _I), "P1D"),
)
_ONE_OFF = re.compile(r"\b(?:eenmalig\w*|one[\s-]off|one[\s-]time|once)\b", _I)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: float
    currency: str
    sure: bool
    words_only: bool = False


def _currency_of(pre: str | None, post: str | None) -> str | None:
    if pre:
        key = pre.lower().replace(" ", "").rstrip(".")
        return _prefixes().get(key)
    if post:
        return _suffixes().get(" ".join(post.lower().split()))
    return None


def _scan(ctx: TextContext) -> list[_Found]:
    full = ctx.full
    found: list[_Found] = []
    prefix = _prefix_re()
    for at in _anchors(ctx):
        m = None
        if full[at] == "$":  # "US$", "U.S.$", "HK$", "C$", "A$", "S$"
            head = re.search(r"(?:U\.S\.|US|HK|C|A|S)\Z", full[max(0, at - 4) : at])
            if head is not None:
                m = prefix.match(full, at - len(head.group()))
        if m is None:
            m = prefix.match(full, at)
        if m is None:
            continue
        pre = m.group("pre")
        gap = full[m.end("pre") : m.start("num")]
        if pre.endswith(".") and (pre[:-1].lower() == "euro" or "\n" in gap):
            continue  # "... luiden in euro.\n9.2. De prijzen": the stop ends a sentence
        currency = _currency_of(pre, None)
        parsed = parse_money(m.group("num"), m.group("scale"))
        if currency is None or parsed is None or parsed[0] <= 0:
            continue
        found.append(_Found(m.start(), m.end(), parsed[0], currency, parsed[1]))
    for m in _suffixes_in(ctx):
        currency = _currency_of(None, m.group())
        if currency is None:
            continue
        window_start = max(0, m.start() - 40)
        num = _NUM_BEFORE.search(full, window_start, m.start())
        if num is not None:
            if re.fullmatch(r"\d{4}", num.group("num")):
                continue  # "2024 euro": a year next to a currency word is rarely an amount
            parsed = parse_money(num.group("num"), num.group("scale"))
            if parsed is not None and parsed[0] > 0:
                found.append(_Found(num.start(), m.end(), parsed[0], currency, parsed[1]))
            continue
        # amounts in words ("vijfentwintigduizend euro", "forty-eight thousand euros")
        words_m = _WORDS_BEFORE.search(full, max(0, m.start() - 120), m.start())
        if words_m is None:
            continue
        words = words_m.group("words").split()
        for k in range(len(words)):
            value = parse_number(" ".join(words[k:]))
            if value is not None:
                if value >= 2:
                    start = words_m.start() + words_m.group("words").find(words[k])
                    found.append(
                        _Found(start, m.end(), float(value), currency, True, words_only=True)
                    )
                break
    found.sort(key=lambda f: (f.start, -f.end))
    merged: list[_Found] = []
    for f in found:
        if merged and f.start < merged[-1].end:
            continue  # overlaps the previous one
        if merged:
            prev = merged[-1]
            gap = full[prev.end : f.start]
            # "€ 15.000,00 (zegge: vijftienduizend euro)" / "vijfduizend euro (€ 5.000,-)"
            if (
                f.words_only != prev.words_only
                and _ZEGGE.fullmatch(gap)
                and abs(f.value - prev.value) < 0.01 * max(1.0, prev.value)
            ):
                figures = f if prev.words_only else prev
                end = f.end
                close = re.match(r"\s?\)", full[end : end + 3])
                if close is not None:
                    end += close.end()
                merged[-1] = _Found(prev.start, end, figures.value, figures.currency, figures.sure)
                continue
        merged.append(f)
    return merged


def _vat(ctx: TextContext, f: _Found, s_start: int, s_end: int, doc_excl: bool) -> str | None:
    full = ctx.full
    after = norm(full[f.end : s_end])
    before = norm(full[s_start : f.start])
    hits = []
    for kind, pattern in (("excl", _VAT_EXCL), ("incl", _VAT_INCL)):
        m = pattern.search(after)
        if m is not None:
            hits.append((m.start(), kind))
    if hits:
        return min(hits)[1]
    last: tuple[int, str] | None = None
    for kind, pattern in (("excl", _VAT_EXCL), ("incl", _VAT_INCL)):
        for m in pattern.finditer(before):
            if last is None or m.start() > last[0]:
                last = (m.start(), kind)
    if last is not None:
        return last[1]
    if doc_excl:
        context = (before[-120:] + " " + after[:60]).lower()
        if any(w in context for w in _words("price_words")):
            return "excl"
    return None


def _period(ctx: TextContext, f: _Found, s_start: int, s_end: int) -> str | None:
    full = ctx.full
    after = " " + norm(full[f.end : min(s_end, f.end + 120)])
    before = norm(full[max(s_start, f.start - 120) : f.start])
    if _ONE_OFF.search(before[-40:]) or _ONE_OFF.match(after.strip()):
        return None
    rest = after
    for _ in range(4):
        for pattern, cycle in _PERIOD_AFTER:
            if pattern.match(rest):
                return cycle
        skip = _VAT_SKIP.match(rest) or _PER_OTHER.match(rest)
        if skip is None:
            break
        rest = " " + rest[skip.end() :].lstrip(" ,")
    for pattern, cycle in _PERIOD_BEFORE:
        if pattern.search(before):
            return cycle
    return None


@cache
def _filler() -> frozenset[str]:
    return frozenset(_words("what_filler"))


@cache
def _nouns() -> tuple[str, ...]:
    return tuple(sorted(_words("money_nouns"), key=len, reverse=True))


_ARTICLES = frozenset(["een", "de", "het", "the", "a", "an"])
# a line that ends in a joining word or holds a sentence's verb is prose, not a table row
_ROW_NOT = re.compile(
    r"\b(?:aan|van|tot|en|of|de|het|een|per|voor|the|to|a|an|and|or|for|be|zijn)$|[.;:,]$"
    r"|\b(?:bedraagt|betaalt|shall|will|wordt|is|are)\b",
    re.I,
)
_MARKER = re.compile(r"\(?(?:[a-z]{1,2}|[ivx]{1,4}|\d{1,2})[.)]?|[-–•●]")
_MONEY_MARK = re.compile(r"[€$£]|\b(?:EUR|USD|GBP)\b")
_AMOUNT_IN_LINE = re.compile(rf"(?:{_MONEY_MARK.pattern})\s?\d[\d.,]*(?:\s?%)?")


def _what(ctx: TextContext, f: _Found, s_start: int) -> str | None:
    full = ctx.full
    l_start, l_end = ctx.line(f.start)
    line = norm(full[max(l_start, s_start) : f.start]).strip(" :|-–")
    # a table row ("Manager € 175,00" between other rows with amounts) is named by its own
    # line, not by the header above it
    row = (
        bool(line)
        and len(line) <= 100
        and line[0].isupper()
        and not _ROW_NOT.search(line)
        and len(full[f.end : l_end].strip(" |\t")) <= 20
        and (
            _MONEY_MARK.search(full, max(0, l_start - 120), max(0, l_start - 1)) is not None
            or _MONEY_MARK.search(full, l_end + 1, min(len(full), l_end + 120)) is not None
        )
    )
    start = max(l_start, s_start) if row else max(s_start, f.start - 160)
    words = norm(full[start : f.start]).split()
    nouns = _nouns()
    for i in range(len(words) - 1, -1, -1):
        word = words[i].strip(",.;:()“”\"'").lower()
        if word.endswith(nouns):
            phrase = words[max(0, i - 2) : i + 1]
            articles = [k for k, w in enumerate(phrase[:-1]) if w.lower() in _ARTICLES]
            if articles:  # "is Opdrachtnemer een korting verschuldigd van": "korting"
                phrase = phrase[articles[-1] + 1 :]
            while phrase and (
                phrase[0].lower().strip(",.;:") in _filler() or not phrase[0][0].isalpha()
            ):
                phrase = phrase[1:]
            if phrase:
                return " ".join(phrase).strip(",.;: ")[:80]
    # a table flattened into one line names an amount after the amount before it: "Year 1
    # $400,000 $300,000 $100,000 Year 2 $700,000" gives "$700,000" "Year 2", the others nothing
    before = list(_AMOUNT_IN_LINE.finditer(line))
    if before:
        line = line[before[-1].end() :].strip(" :|-–")
        last = line.split()[-1].lower() if line else ""
        if (
            not line[:1].isupper()
            or last in _filler()
            or line[-1] in "(,:;<>="
            or _MONEY_MARK.match(line)  # "USD) on or before July 1, 2012"
        ):
            return None  # prose between two amounts ("per gebeurtenis en"), not a row's label
    if (
        line
        and len(line.split()) <= 8
        and not re.search(r"[.;]$", line)
        and not _MARKER.fullmatch(line)
    ):
        return line[-80:]  # a label ("Vaste vergoeding:"), not prose that wrapped before it
    return None  # "(b) USD 250,000.": a list item's letter names nothing


def find_amounts(
    text: ExtractedText, clauses: Sequence[Clause], language: str, document: str
) -> tuple[Fact, ...]:
    """Every money amount in the document, once per clause (see the module doc)."""
    ctx = context_for(text, clauses, language, document)
    full = ctx.full
    doc_excl = any(
        _DOC_EXCL.search(full, a, b)
        for a, b in ctx.sentences_with(
            ("exclusief btw", "exclusief omzetbelasting", "exclusive of", "excluding", "net of")
        )
    )
    facts: list[Fact] = []
    seen: set[tuple[float, str, str | None]] = set()
    for f in _scan(ctx):
        clause = ctx.clause_ref(f.start)
        key = (round(f.value, 4), f.currency, clause)
        if key in seen:
            continue
        seen.add(key)
        s_start, s_end = ctx.sentence(f.start)
        confidence = 0.9 if f.sure else 0.65
        if f.words_only:
            confidence = 0.75
        value = {
            "value": f.value,
            "currency": f.currency,
            "text": norm(full[f.start : f.end]),
            "what": _what(ctx, f, s_start),
            "period": _period(ctx, f, s_start, s_end),
            "vat": _vat(ctx, f, s_start, s_end, doc_excl),
        }
        facts.append(
            Fact(
                field="amount",
                value=value,
                confidence=confidence,
                evidence=ctx.evidence(f.start, f.end, quote=(s_start, s_end)),
            )
        )
    return tuple(facts)
