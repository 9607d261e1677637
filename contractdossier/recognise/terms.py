"""Contract terms: signing, start and end dates, initial term, renewal and notice period.

:func:`recognise_terms` reads one document and returns at most one :class:`Fact` per field:

==================  ===========================================================================
field               value
==================  ===========================================================================
``signing_date``    ISO date of the *last* signature; the "made on" date when signatures are
                    undated ("THIS AGREEMENT is made on this 19th day of March 2024")
``start_date``      ISO date the term begins (ingangsdatum, "effective as of", "commencement")
``end_date``        ISO date or ``"indefinite"``, only when the text states it ("tot en met",
                    "eindigt op", "expiring on", "voor onbepaalde tijd"); an end computed from
                    start + term is left to the caller (``deadlines.end_date``). An end the text
                    states relative to a date ("end on the fifth anniversary of the Effective
                    Date", "until the third anniversary thereof", "end on the date which is
                    three (3) years after the Effective Date", "until the end of the current
                    calendar year") is computed here -- it is the date the text names, so no
                    "- 1 day" -- and has ``source=FactSource.computed``. A term that counts from
                    nothing ("This Agreement shall continue for a period of three (3) years.")
                    in a text that names no start date runs from the signing date: its end is
                    ``deadlines.end_date(signing, term)``, computed, at 0.5 (to be checked).
                    ``"indefinite"`` also
                    for "remain in force indefinitely/perpetually", and, at 0.55 (to be
                    checked), for a term clause that names no period but only an event ("shall
                    expire if the Distributor ceases to ...") or a party's notice ("shall
                    terminate upon either party giving ninety (90) days' notice")
``initial_term``    ISO 8601 duration as written ("drie (3) jaar" -> ``P3Y``, "36 maanden" ->
                    ``P36M``); a term counted from an event, not the start ("one (1) year
                    following the Launch Date", "twaalf maanden na oplevering"), at most
                    ``EVENT_TERM_CONFIDENCE`` (no end is computed from it)
``renewal``         ``{"type": "automatic"|"option"|"none", "period", "max", "holder",
                    "exercise_notice"}``; ``period`` is ``"indefinite"`` when the contract
                    runs on until notice after its term ("wordt daarna voortgezet voor
                    onbepaalde tijd", "shall thereafter continue until either party gives
                    notice", "renew for an unlimited period")
``notice_period``   the ordinary notice period (opzegtermijn): against renewal first, then
                    termination at the end of a period, then early termination; never a
                    cure period or a termination for breach or default ("within thirty (30)
                    days after written notice of breach")
``doc_type``        normalised type from the title ("ict_beheerovereenkomst"; low confidence)
==================  ===========================================================================

How it works. Dates and durations are found once for the whole text (``dates.find_dates`` --
which flags EDGAR footers and filing stamps, skipped here -- and ``numbers.find_durations``).
Each mention is then classified by the words just before and after it, inside its sentence:
"treedt in werking op D" makes D a start date, "Datum: D" on a line of a signature block a
signature date, "opzegtermijn van D" a notice period, "verlengd met D" a renewal period. Cue
phrases are anchored regular expressions over a short, whitespace-normalised window, so the cost
is linear in the text and independent of how many cues there are. When several mentions claim a
field, the strongest cue wins; the confidence is that cue's weight, lowered for weak contexts.

Signing date: the latest date in a signature block ("Datum: 12 februari 2024", "Haarlem, 12
februari 2025", "Date: 1/28/03", "Signed and effective this 25th day of May, 1999"); without
one, the date the document says it was made ("is made and entered into as of", "dated as of",
"Dated: May 8, 2014" under the title), and failing that a start date stated in the preamble
(confidence 0.5). A version date ("Versie: definitief, 2 december 2024") is never used. Start
date: "treedt in werking op", "gaat in op", "ingaande", "Ingangsdatum: D", "effective as of",
"commence on", "(the "Effective Date")"; "commencing on the date of this Agreement" takes the
made-on date and "effective as of the last date of signature" the signing date, and so do "take
effect / enter into force on the date first written above / of signature" and a term counted
"N years from the date of execution" (in a sentence about the term: "within 30 days from the
date hereof" is a deadline). A date said of another document ("the Selling Agreement, effective
as of ...", "amends the Distribution Agreement dated ...") does not count, nor the date a licence
or right "granted hereunder" takes effect.

Amendments (see ``amendments.py``): text quoted from the original contract as a restatement
("komt als volgt te luiden: '...'") does not give the amendment's own start date, and the words a
replacement removes ("worden de woorden 'drie (3) maanden' vervangen door 'zes (6) maanden'")
never give a value -- the new words do. Recitals and sentences in the conditional ("zou eindigen
op") do not give end dates in an amendment. An amendment never reports ``initial_term``: its own
start date is the date it takes effect, so start + term would compute nonsense.

:class:`TextContext` is shared with ``obligations.py``, ``amounts.py`` and ``amendments.py``:
sentences, pages, clauses and evidence for offsets into ``ExtractedText.full_text``.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from contractdossier import deadlines
from contractdossier.deadlines import Duration
from contractdossier.recognise.dates import DateMention, find_dates
from contractdossier.recognise.fastre import Gated, Searcher, gated, tail_width
from contractdossier.recognise.numbers import (
    DurationMention,
    find_durations,
    parse_number,
    parse_ordinal,
)
from contractdossier.records import (
    Clause,
    Evidence,
    ExtractedText,
    Fact,
    FactSource,
    TextSource,
)

__all__ = [
    "DateRoles",
    "TextContext",
    "context_for",
    "date_roles",
    "load_patterns",
    "recognise_terms",
]

PATTERNS_DIR = Path(__file__).with_name("patterns")
QUOTE_CHARS = 400


@cache
def load_patterns(name: str) -> Any:
    """A JSON data file from ``patterns/`` (cached; treat the result as read-only)."""
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _vocabulary() -> dict[str, frozenset[str]]:
    data = load_patterns("terms_vocabulary.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


def norm(text: str) -> str:
    """Whitespace collapsed to single spaces (form feeds and line breaks too)."""
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------
# Text context: sentences, pages, clauses, evidence
# --------------------------------------------------------------------------------------------

# Sentence boundaries, by kind: a paragraph break or page break; sentence punctuation followed
# by a capital, digit or opening quote; a line that starts a numbered or lettered item or an
# article heading; punctuation glued to a capital by the extractor ("gewezen.Artikel 4").
# Each alternative starts with its literal character (so that re skips from one possible first
# character to the next) and ends in an empty group naming its kind: "para", "punct", "item",
# "glued", with a suffix where a kind has several first characters (see _boundary_kind).
_PUNCT_GAP = r"[\"”’')\]]{0,2}[ \t\n]+"
_PUNCT_REST = rf"{_PUNCT_GAP}(?=[\"“‘'(\[]?[A-Z0-9À-Ý]|[a-z]{{1,3}}[A-Z])"
# a lettered item after a full stop: ". b) "SERVICES PERIOD" means"
_PUNCT_ITEM = rf"{_PUNCT_GAP}(?=[a-z]\)[ \t])"
_ITEM_AHEAD = (
    r"(?=[ \t]*(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?[ \t]|\([a-z0-9]{1,4}\)[ \t]"
    r"|[a-z]{1,3}[.)][ \t]|(?:Artikel|ARTIKEL|Article|ARTICLE|Section|SECTION|Bijlage|BIJLAGE"
    r"|Annex|ANNEX|Schedule|SCHEDULE)\b|[-•●▪–][ \t]))"
)
_GLUED_REST = r"(?<=[a-z\d)][a-z\d)][.;])(?=[A-Z][a-z])"
_BOUNDARY = re.compile(
    "|".join(
        (
            r"\n[ \t]*\n\s*(?P<para>)",
            r"\f\s*(?P<para_page>)",
            rf"\.(?:{_PUNCT_REST}|{_PUNCT_ITEM})(?P<punct>)",
            rf"!{_PUNCT_REST}(?P<punct_excl>)",
            rf"\?{_PUNCT_REST}(?P<punct_q>)",
            rf";{_PUNCT_REST}(?P<punct_semi>)",
            rf"\n{_ITEM_AHEAD}(?P<item>)",
            rf"\.{_GLUED_REST}(?P<glued>)",
            rf";{_GLUED_REST}(?P<glued_semi>)",
        )
    )
)


def _boundary_kind(match: re.Match[str]) -> str:
    return (match.lastgroup or "").split("_")[0]


_STRONG_ITEM = re.compile(
    r"[ \t]*(?:\d{1,3}\.\d{1,3}|\d{1,3}\.[ \t]+[A-Z]|\([a-z]{1,3}\)[ \t]|(?:Artikel|ARTIKEL|Article"
    r"|ARTICLE|Section|SECTION|Bijlage|BIJLAGE|Annex|ANNEX|Schedule|SCHEDULE)\b)"
)
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}[^\W\d_]?")
_MONTHS = frozenset(
    (
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "januari", "februari", "maart"),
        *("mei", "juni", "juli", "augustus", "oktober"),
        # abbreviated: "Dec. 31, 1997", "Sept. 30, 1997" (a stop after them ends no sentence when
        # a day or year follows)
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("okt", "mrt"),
    )
)
_YEAR_AHEAD = re.compile(
    r"(?:\d{1,2}(?:st|nd|rd|th|e|ste|de)?,?\s{1,3})?(?:1[89]|20)\d\d\b"  # "April. 1st 2019"
)
_WORD_BEFORE = re.compile(r"([\w./]{1,12})[.!?;]?\Z")


class TextContext:
    """Offsets into one document's ``full_text`` mapped to sentences, pages and clauses.

    Built once per document (see :func:`context_for`); dates and durations are found lazily and
    kept, so the recognisers that share a context scan the text for them once.
    """

    def __init__(
        self, text: ExtractedText, clauses: Sequence[Clause], language: str, document: str
    ) -> None:
        self.text = text
        self.full = text.full_text
        self.language = language if language in ("nl", "en") else "nl"
        self.document = document
        self.clauses = tuple(sorted(clauses, key=lambda c: (c.start, -c.end)))
        self._clause_starts = [c.start for c in self.clauses]
        self._page_offsets = [p.offset for p in text.pages]
        self._page_numbers = [p.number for p in text.pages]
        self._bounds: list[int] | None = None
        self._dates: list[DateMention] | None = None
        self._durations: list[DurationMention] | None = None
        self.cache: dict[str, Any] = {}  # per-document results shared between recognisers

    # -- sentences --------------------------------------------------------------------------

    def _boundaries(self) -> list[int]:
        if self._bounds is None:
            abbreviations = _vocabulary()["abbreviations"]
            full = self.full
            bounds = [0]
            for m in _BOUNDARY.finditer(full):
                kind = _boundary_kind(m)
                if kind == "para" and m.end() < len(full) and full[m.end()].islower():
                    prev = full[max(0, m.start() - 3) : m.start()].rstrip()
                    if prev and (prev[-1].isalnum() or prev[-1] in ",-("):
                        continue  # a page break or blank line inside a sentence
                if kind == "item" and not _STRONG_ITEM.match(full, m.end()):
                    prev = full[max(0, m.start() - 3) : m.start()].rstrip()
                    if prev and prev[-1] not in ".:;!?)”\"'’":
                        continue  # a wrapped line that happens to start with "9 " or "(12)"
                if kind == "punct" and not _BLANK_LINE.search(m.group()):
                    # (an abbreviation before a blank line still ends the sentence: "... and B
                    # Inc.\n\n12.1 Unless ...")
                    before = _WORD_BEFORE.search(full, max(0, m.start() - 12), m.start() + 1)
                    if before is not None:
                        word = before.group(1).lower().rstrip(".")
                        if word in abbreviations or (len(word) == 1 and word.isalpha()):
                            continue
                        if _INITIALS.fullmatch(word):  # "J.H.", "e.M."
                            continue
                        if word in _MONTHS and _YEAR_AHEAD.match(full, m.end()):
                            # a stray full stop inside a date ("16 day of August. 2012", "April.
                            # 1st 2019") or after an abbreviated month ("Dec. 31, 1997")
                            continue
                bounds.append(m.end())
            bounds.append(len(full))
            self._bounds = bounds
        return self._bounds

    def sentence(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``offset``."""
        bounds = self._boundaries()
        i = bisect.bisect_right(bounds, offset) - 1
        i = max(0, min(i, len(bounds) - 2))
        return bounds[i], bounds[i + 1]

    def sentences(self) -> Iterator[tuple[int, int]]:
        bounds = self._boundaries()
        for a, b in zip(bounds, bounds[1:], strict=False):
            if b > a:
                yield a, b

    def line(self, offset: int) -> tuple[int, int]:
        """(start, end) of the text line holding ``offset`` (form feeds end lines too)."""
        full = self.full
        start = max(full.rfind("\n", 0, offset), full.rfind("\f", 0, offset)) + 1
        ends = [i for i in (full.find("\n", offset), full.find("\f", offset)) if i >= 0]
        return start, min(ends) if ends else len(full)

    # -- pages, clauses, evidence -----------------------------------------------------------

    def page(self, offset: int) -> int | None:
        if not self._page_offsets:
            return None
        i = bisect.bisect_right(self._page_offsets, offset) - 1
        return self._page_numbers[max(0, i)]

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause whose span holds ``offset``."""
        i = bisect.bisect_right(self._clause_starts, offset)
        best: Clause | None = None
        for clause in reversed(self.clauses[:i]):
            if clause.start <= offset < clause.end and (
                best is None or clause.end - clause.start < best.end - best.start
            ):
                best = clause
            if best is not None and clause.end <= best.start:
                break
        return best

    def clause_ref(self, offset: int) -> str | None:
        clause = self.clause_at(offset)
        return None if clause is None else clause.ref

    def quote(self, start: int, end: int) -> str:
        quote = norm(self.full[start:end])
        if len(quote) > QUOTE_CHARS:
            half = QUOTE_CHARS // 2
            quote = f"{quote[:half].rstrip()} … {quote[-half:].lstrip()}"
        return quote

    def evidence(self, start: int, end: int, quote: tuple[int, int] | None = None) -> Evidence:
        """Evidence for the span ``start:end``; the quote is its sentence unless given."""
        q_start, q_end = quote if quote is not None else self.sentence(start)
        q_start, q_end = min(q_start, start), max(q_end, end)
        return Evidence(
            document=self.document,
            page=self.page(start),
            clause_ref=self.clause_ref(start),
            quote=self.quote(q_start, q_end),
            start=start,
            end=end,
        )

    # -- mentions ---------------------------------------------------------------------------

    @property
    def dates(self) -> list[DateMention]:
        """Dates in the text, boilerplate (footers, filing stamps) left out."""
        if self._dates is None:
            ocr = any(p.source is TextSource.ocr for p in self.text.pages)
            self._dates = [
                m for m in find_dates(self.full, self.language, ocr=ocr) if not m.in_boilerplate
            ]
        return self._dates

    @property
    def durations(self) -> list[DurationMention]:
        if self._durations is None:
            # line breaks as spaces (same length, so offsets hold): "drie (3)\nmaanden"
            flat = self.full.replace("\n", " ").replace("\f", " ")
            self._durations = find_durations(flat, self.language)
        return self._durations

    @property
    def lower(self) -> str:
        """``full`` lower-cased (same offsets; see :meth:`find_words`)."""
        low = self.cache.get("lower")
        if not isinstance(low, str):
            low = self.full.lower()
            if len(low) != len(self.full):  # a character whose lower case is longer: keep offsets
                low = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.full)
            self.cache["lower"] = low
        return low

    def find_words(self, words: Sequence[str]) -> list[int]:
        """Sorted offsets where any of ``words`` (lower-case literals) occurs, case-insensitive.

        One ``str.find`` loop per word: far faster than an alternation regex with IGNORECASE,
        which is what makes this the prefilter for the cue patterns.
        """
        key = "words:" + "|".join(words)
        cached = self.cache.get(key)
        if isinstance(cached, list):
            return cached
        low, squeezed, sq_starts, starts = self._squeezed()
        found: list[int] = []
        for word in words:
            text = squeezed if " " in word else low
            i = text.find(word)
            while i >= 0:
                if text is low:
                    found.append(i)
                else:  # back to an offset in the text: "date  of\nthis agreement" is a match
                    k = bisect.bisect_right(sq_starts, i) - 1
                    found.append(starts[k] + i - sq_starts[k])
                i = text.find(word, i + 1)
        found.sort()
        self.cache[key] = found
        return found

    def _squeezed(self) -> tuple[str, str, list[int], list[int]]:
        """(lower, lower with every whitespace run as one space, where each stretch between
        runs starts in the squeezed text, and where it starts in ``lower``): multi-word cues
        match across line breaks and double spaces (justified PDF text)."""
        cached = self.cache.get("squeezed")
        if isinstance(cached, tuple):
            return cached
        low = self.lower
        # a single line break or tab becomes a space in place (same length); only runs of two
        # or more whitespace characters shift the offsets
        spaced = low
        for c in "\n\t\r\f\v\xa0":
            spaced = spaced.replace(c, " ")
        if _OTHER_SPACE.search(spaced):
            spaced = _OTHER_SPACE.sub(" ", spaced)
        runs = [m.span() for m in _SPACE_RUN.finditer(spaced)]
        removed = itertools.accumulate(e - s - 1 for s, e in runs)
        starts = [0, *(e for _, e in runs)]
        sq_starts = [0, *(e - r for (_, e), r in zip(runs, removed, strict=True))]
        result = (low, _SPACE_RUN.sub(" ", spaced), sq_starts, starts)
        self.cache["squeezed"] = result
        return result

    def sentences_with(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """The sentences holding any of ``words`` (lower-case literals), in order."""
        spans: list[tuple[int, int]] = []
        for offset in self.find_words(words):
            if spans and offset < spans[-1][1]:
                continue  # in the sentence found last
            span = self.sentence(offset)
            if not spans or span[0] >= spans[-1][1]:
                spans.append(span)
        return spans

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """Date mentions starting in ``start:end``."""
        dates = self.dates
        if "date_starts" not in self.cache:
            self.cache["date_starts"] = [m.start for m in dates]
        starts = self.cache["date_starts"]
        return dates[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def durations_in(self, start: int, end: int) -> list[DurationMention]:
        """Duration mentions starting in ``start:end``."""
        durations = self.durations
        if "duration_starts" not in self.cache:
            self.cache["duration_starts"] = [m.start for m in durations]
        starts = self.cache["duration_starts"]
        return durations[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    def window(self, start: int, end: int, before: int = 160, after: int = 160) -> tuple[str, str]:
        """Lower-cased, whitespace-normalised text before and after a span, within its
        sentence."""
        s_start, s_end = self.sentence(start)
        s_end = max(s_end, end)
        left = norm(self.full[max(s_start, start - before) : start]).lower()
        right = norm(self.full[end : min(s_end, end + after)]).lower()
        return (left + " " if left else ""), (" " + right if right else "")


_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space
_SPACE_RUN = re.compile(r"  +")  # not " {2,}": a literal first character lets re skip ahead
_LAST: list[TextContext] = []


def context_for(
    text: ExtractedText, clauses: Sequence[Clause], language: str, document: str
) -> TextContext:
    """The context of a document, reused while the same ``text`` object is being recognised."""
    if _LAST:
        ctx = _LAST[0]
        if ctx.text is text and ctx.document == document and len(ctx.clauses) == len(clauses):
            return ctx
    ctx = TextContext(text, clauses, language, document)
    _LAST[:] = [ctx]
    return ctx


# --------------------------------------------------------------------------------------------
# Cue phrases
# --------------------------------------------------------------------------------------------

_I = re.IGNORECASE


def _flexible(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled with every lone ``\\s`` outside a character class read as ``\\s+``:
    for the patterns run on the text itself (not on a whitespace-normalised window), whose
    words may stand two spaces or a line break apart in justified PDF text."""
    out: list[str] = []
    i, in_class = 0, False
    behind: list[bool] = []  # per open group: inside a look-behind (which must keep its width)
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            pair = pattern[i : i + 2]
            lone = (
                pair == "\\s"
                and not in_class
                and not any(behind)
                and pattern[i + 2 : i + 3] not in ("*", "+", "?", "{")
            )
            out.append("\\s+" if lone else pair)
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "(" and not in_class:
            behind.append(pattern[i : i + 4] in ("(?<!", "(?<="))
        elif c == ")" and not in_class and behind:
            behind.pop()
        out.append(c)
        i += 1
    return re.compile("".join(out), flags)


Cue = tuple[Searcher, float]


def _cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    """The cue patterns; a cue anchored at the end of its window is searched in the window's
    tail (see ``_TAIL_WIDTH``), any other one behind the gate of its words (``fastre.Gated``)
    where it has some."""
    compiled: list[Cue] = []
    for p, w in pairs:
        pattern = re.compile(p, _I)
        width = tail_width(pattern)
        if width is not None:
            _TAIL_WIDTH[pattern] = width
        compiled.append((pattern if width is not None else gated(pattern), w))
    return tuple(compiled)


# a cue anchored at the end of its window ("... notice period of $") can only match in the
# window's last characters: the widest match it can make
_TAIL_WIDTH: dict[Searcher, int] = {}


def _best(cues: Iterable[Cue], text: str) -> float:
    n = len(text)
    return max(
        (w for p, w in cues if p.search(text, max(0, n - _TAIL_WIDTH.get(p, n)))), default=0.0
    )


_Q = "(?:``|''|[\"“”'‘’„`])"  # EDGAR texts write ``Effective Date'' too

# Cues before a date (window ends at the date), lower-cased and normalised.
# a start said of some other period than the contract's: a fiscal year, a phase of the work
_OTHER_PERIOD_BEGINS = re.compile(
    r"\b(?:(?:fiscal|financial|tax|accounting|calendar)\s(?:year|quarter)|boekjaar|belastingjaar"
    r"|phase\s[\w-]{1,4}|fase\s[\w-]{1,4}"
    # "during the period beginning October 1, 2009 and ending ..., X shall not ..."
    r"|(?:during|throughout|within|gedurende)\s(?:the|such|a|an|de|een)\s(?:\w+\s){0,2}?(?:period|periode))"
    r"\s(?:\w+\s){0,2}?(?:begins?|beginning|commenc\w*|starts?"
    r"|starting|aanvangt|begint|start)(?:\s(?:on|as\sof|from|op|per))?\s?(?:the\s)?$",
    _I,
)
# the day a termination takes effect, not the start: "may terminate this Agreement, effective as of"
# (or in Dutch order: "kan de Overeenkomst schriftelijk opzeggen met ingang van")
_TERMINATION_EFFECTIVE = re.compile(
    r"\b(?:terminate|cancel)\s(?:this|the)\s(?:[\w-]+\s){0,2}?"
    r"(?:agreement|contract|licen[cs]e|lease)\s?,?\s(?:[\w-]+\s){0,2}?"
    r"(?:effective|with\seffect)\s(?:as\sof\s|on\s|from\s|upon\s)?(?:the\s)?$"
    r"|\b(?:de|deze)\s(?:[\w-]+\s){0,2}?\w*overeenkomst\s(?:[\w-]+\s){0,4}?"
    r"(?:opzeggen|opzegt|beëindigen|beëindigt|ontbinden|ontbindt)\s(?:met\singang\svan|per|tegen)\s?$",
    _I,
)
_START_BEFORE = _cues(
    (
        r"\b(?:treedt|treden|trad)\s(?:\w+\s){0,3}?in\swerking\s(?:op|per|met\singang\svan)\s?$",
        0.95,
    ),
    (r"\bin\swerking\s(?:op|per)\s?$", 0.85),
    (r"\bgaa?t\s(?:\w+\s)?in\s(?:op|per)\s?$", 0.95),
    (r"\b(?:ingaande|ingaand)(?:\sop|\sper)?\s?$|\bmet\singang\svan\s?$", 0.9),
    (r"\b(?:vangt|vangen)\saan\s(?:op|per)\s?$", 0.9),
    (r"\b(?:aanvangt|aanvangend|begint|beginnend|start|startend|aanvang)\s(?:op|per)\s?$", 0.85),
    (
        rf"\b(?:ingangsdatum|aanvangsdatum|startdatum|begindatum){_Q}?\s?(?:is|:|\||=)?\s?(?:op\s)?$",
        0.9,
    ),
    (r"\b(?:contract|agreement)\s(?:start|commencement)(?:\sdate)?\s?[:|]\s?$", 0.85),
    (
        r"\beffective\s(?:date\s)?(?:for\sall\spurposes\s)?(?:(?:and\s)?in\sall\srespects\s)?"
        r"(?:as\sof|on|from|as\sfrom)(?:\s?:)?\s?(?:the\s|this\s)?(?:day\sof\s)?$",
        0.9,
    ),
    (
        r"\b(?:shall\s|will\s)?(?:commence|commences|commencing|commenced|start|starts|begin|begins"
        r"|beginning)\s(?:on|upon|as\sof|from|effective)\s?(?:the\s|this\s)?$",
        0.9,
    ),
    (r"\bwith\seffect\s(?:from|as\sof|as\sfrom)\s?(?:the\s)?$", 0.9),
    # "effective retroactively to D", "with retroactive effect from D", "met terugwerkende kracht
    # tot/per D"
    (
        r"\b(?:effective\sretroactively|with\sretroactive\seffect|retroactively\seffective"
        r"|met\sterugwerkende\skracht)\s(?:to|from|as\sof|tot(?:\sen\smet)?|per|vanaf|op)\s?"
        r"(?:the\s)?$",
        0.85,
    ),
    # "on the Commencement Date, being 1 April 2013", "de ingangsdatum, zijnde 1 april 2013"
    (
        rf"\b(?:effective|commencement|start)\sdate{_Q}?\)?,?\s(?:being|namely|which\sis|that\sis"
        rf"|i\.e\.,?)\s(?:the\s)?$|\b(?:ingangsdatum|aanvangsdatum|startdatum){_Q}?\)?,?\s"
        r"(?:zijnde|te\sweten|namelijk)\s$",
        0.9,
    ),
    (  # "The Effective Date of this Agreement (herein called the "Effective Date") is D",
        # "The effective date of the Franchise will be D", "Commencement Date" means: D
        rf"\b(?:effective|commencement|start)\sdates?{_Q}?(?:\s(?:of|for)\s(?:this|the)\s(?:\w+\s){{0,2}}?"
        r"(?:agreement|contract|franchise|lease|licen[cs]e|amendment|addendum|\w+))?"
        r"(?:\s?\([^()]{0,60}\))?\s?(?:(?:means|shall\smean|is|shall\sbe|will\sbe)\s?:?|:|\|)\s?(?:the\s)?$",
        0.92,
    ),
    (  # ""EFFECTIVE DATE" means 12:01 a.m. Eastern Standard Time on March 3, 2003"
        rf"\beffective\sdate{_Q}?\s(?:means|shall\smean|is)\s\d{{1,2}}:\d{{2}}\s?[ap]\.?m\.?\s"
        r"(?:[a-z ]{0,40}\s)?on\s$",
        0.9,
    ),
    (r"\b(?:shall\s|will\s)(?:commence|begin|start)\s$", 0.85),  # "shall commence January 1, 1996"
    (  # "The Term ... shall be for a period of N years commencing the 1st day of September 2004"
        r"\b(?:term|agreement|contract)\b[^.;]{0,80}\s(?:commencing|beginning|starting)\s(?:the\s)?$",
        0.85,
    ),
    # label rows: "EFFECTIVE DATE JUNE 1, 1998", "COMMENCEMENT DATE FOR MAINTENANCE UNDER THIS
    # ADDENDUM: MARCH 1, 2001"
    (r"(?:^|\s)(?:effective|commencement)\sdate\s$", 0.7),
    (r"\b(?:effective|commencement|start)\sdate\s(?:[\w-]+\s){0,5}[\w-]+:\s?$", 0.85),
    (  # "a fixed term Joint Venture beginning November 27, 2018 and ending ..."
        r"\b(?:term|period)\s(?:[\w-]+\s){0,6}?(?:beginning|commencing|starting)\s$",
        0.85,
    ),
    (
        r"\b(?:made|signed|entered\sinto)\sand\seffective\s(?:as\sof|from|on)?\s?(?:the\s|this\s)?$",
        0.85,
    ),
    (r"\beffective\s(?:this\s)?$", 0.8),
    (r"\beffective\s(?:beginning|starting|commencing)\s(?:on\s|as\sof\s)?$", 0.85),
    (r"\b(?:years?|months?)\s(?:from|starting\s(?:on\s)?|beginning\s(?:on\s)?)\s?$", 0.8),
    (
        r"\b(?:jaar|jaren|maand|maanden)\s(?:\(\d{1,3}\)\s)?(?:vanaf|met\singang\svan|ingaande(?:\sop)?"
        r"|te\srekenen\svan(?:af)?)\s?$",
        0.8,
    ),
    (r"\b(?:take[sn]?|taking)\seffect\s(?:on|as\sof|from)\s?(?:the\s)?$", 0.9),
    (
        r"\b(?:come[s]?|coming|enter[s]?|entering)\sinto\s(?:force|effect)\s(?:on|as\sof|from)\s?(?:the\s)?$",
        0.9,
    ),
    (r"\bin\s(?:force|effect)\s(?:on|as\sof|from)\s?(?:the\s)?$", 0.8),
    (
        r"\beffective\sdate[\"”']?,?\s(?:which\sis|which\sshall\sbe|being|shall\sbe)\s?(?:the\s)?$",
        0.9,
    ),
)
_START_AFTER = _cues(
    (
        # "June 13, 2012 the ("Effective Date")": the article outside the brackets
        rf"^{_Q}?\s?\)?\s?,?\s?(?:the\s)?\(\s?(?:the|this|hereinafter|hereinafter\sthe|de|het|hierna)?\s?:?\s?{_Q}?"
        r"(?:amendment\s|restatement\s)?(?:effective|commencement|start)\s?date\b",
        0.92,
    ),
    (
        rf"^\s?,?\s?\(\s?(?:de|het|hierna)?\s?:?\s?{_Q}?\s?(?:ingangsdatum|aanvangsdatum|startdatum)\b",
        0.92,
    ),
    (rf"^\s?,?\s?(?:the|this)\s{_Q}?(?:effective|commencement)\sdate{_Q}?", 0.8),
)
# "van D tot en met D2" / "from D to D2" in a sentence about the term
_FROM_BEFORE = re.compile(
    r"\b(?:van|vanaf|from|lopend\svan|loopt\svan|(?:de\s|het\s|the\s)?(?:periode|tijdvak|period)"
    r"|(?:looptijd|contractperiode|term|contract\speriod|duration|duur)\s?:)\s?$",
    _I,
)
# a quantity counted over the period: "the aggregate turnover of the Products in the U.S. during
# the period 1 July 2004 - 30 June 2005"
_MEASURED_IN_PERIOD = re.compile(
    r"\b(?:turnover|omzet|sales|revenues?|purchases|inkopen|afname|volumes?)\b[^;]{0,120}"
    r"\b(?:during|in|over|within|for|gedurende)\s(?:the\s|de\s|het\s)?(?:[\w-]+\s)?"
    r"(?:period|periode|tijdvak)\s?(?:from\s|van\s)?$",
    _I,
)
_TO_AFTER = re.compile(
    r"^\s?(?:tot\sen\smet|t/m|tot|through|until|till|to|up\sto\sand\sincluding)\s?$", _I
)

_MADE_BEFORE = _cues(
    (
        r"\b(?:is\s|are\s)?(?:made|entered\sinto|entered(?=\son\s)|executed|concluded)(?:\sand\s(?:is\s)?"
        r"(?:entered\sinto|made"
        r"|executed|effective|concluded|signed))?(?:,?\s(?:effective|dated)"
        # "made and entered into, effective for all purposes and in all respects as of"
        r"(?:\sfor\sall\spurposes)?(?:,?\s(?:and\s)?in\sall\srespects)?)?\s(?:(?:as\s)?(?:of|on|at"
        r"|from)(?:\s?:)?\s)?(?:the\s|this\s)?(?:(?:the|this)\s(?:_+\s)?day\sof\s)?$",
        0.85,
    ),
    (
        r"\b(?:date\sof\s(?:this\s)?(?:agreement|contract)|contract\sdate|execution\sdate|signing\sdate"
        r"|date\sof\s(?:signing|execution)|datum\svan\sondertekening|ondertekeningsdatum)[\"”']?\s?"
        r"(?:is|:|\|)?\s?$",
        0.8,
    ),
    # "dated as of", and "dated as April 15, 1994" (the "of" left out)
    # "dated for reference purposes as of July 12, 1999"
    (
        r"\bdated\s?(?:as(?:\sof)?\s?:?|for\sreference(?:\spurposes)?(?:\sonly)?(?:,?\sas\sof)?|:|\|)?"
        r"\s?(?:the\s|this\s)?$",
        0.8,
    ),
    (
        r"\b(?:made|entered\sinto|executed|concluded|signed)(?:\sand\s(?:entered\sinto|made|executed"
        r"|concluded|signed))?\s(?:at|in)\s"
        r"[^,.;()]{2,40}(?:,\s[^,.;()]{2,30})?,?\s(?:(?:as\sof|on)\s(?:the\s|this\s)?|this\s)?$",
        0.8,
    ),
    (
        r"\bto\sbe\s(?:duly\s)?(?:executed|signed)\s(?:\w+\s){0,6}?(?:(?:as\sof|on|effective\sas\sof)\s"
        r"(?:the\s|this\s)?|on\s(?:its|their|his|her)\sbehalf\s(?:this\s)?)$",
        0.75,
    ),
    (r"\bagreement\sdate\s?[:|]?\s?$", 0.85),
    (r"\bdatum\s(?:van\s)?(?:de\s|deze\s)?overeenkomst\s?[:|]?\s?$", 0.8),
    (r"\b(?:gesloten|overeengekomen)\sop\s?$", 0.7),
    (
        # "have executed this Agreement as of", "hereby execute this Joint Filing Agreement as
        # of", "execute this Agreement this 14th day of"
        r"\b(?:execute[sd]?|sign(?:s|ed)?|entered\sinto|made)\sthis\s(?:\w+\s){0,3}?(?:agreement"
        r"|amendment|contract)\s(?:(?:as\sof|on|effective(?:\sas\sof)?)\s?)?(?:the\s|this\s)?$",
        0.8,
    ),
)
_SIGNATURE_LABEL = re.compile(
    r"(?:^|\t|\s{3}|\||_)\s?(?:datum(?:\s(?:van\s)?ondertekening)?|date(?:\ssigned|\sof\ssignature)?"
    r"|dated|signed(?:\son)?|ondertekend\sop|signature\sdate|execution\sdate|signing\sdate"
    r"|date\sof\s(?:signing|execution))\s?[:.]?\s?$",
    _I,
)
_SIGNED_SENTENCE = re.compile(
    r"\b(?:ondertekend|getekend|signed|executed|signature\sauthenticated"
    r"|(?:agreed(?:\sto)?|acknowledged)\sand\saccepted"
    r"|accepted\sand\sagreed(?:\sto)?|voor\sakkoord\sgetekend)(?:\sand\s(?:effective|delivered|dated"
    r"|sealed)|\s(?:at|te|in)\s[\w' ,.-]{1,40}?"
    r"|\s(?:for\sand\son\sbehalf\sof|on\sbehalf\sof|for|by|namens|door)\s[\w' ,.&-]{1,60}?)?"
    r"\s(?:op\s|on\s|this\s|dated\s)?(?:the\s)?$",
    _I,
)
# a label alone on its line, the date alone on a line below it: "EFFECTIVE DATE\n\n JUNE 1, 1998"
_START_LABEL_LINE = re.compile(
    r"(?:^|\n)[ \t]*(?:effective|commencement)[ \t]+date[ \t]*:?[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*\Z",
    _I,
)
# "Date:" inside a signature block whose columns the text layer ran together: "BY: /s/ A. Gallo
# BY: /s/ T. Orr Date: 1/26/2020 Date: 1/27/2020" (not "Effective Date:")
_RUN_ON_DATE_LABEL = re.compile(
    r"(?<!effective)(?<!commencement)(?<!expiration)(?<!termination)(?<!start)(?<!end)"
    r"(?<!closing)(?<!due)(?<!renewal)\s(?:date[d]?|datum)\s?::?\s?$"  # "Date:: 5/4/2016" too
)
# the labels of a signer's row: "Its: President", "Title: CEO", "Name: ..."
_SIGNER_ROW = re.compile(r"\b(?:its|title|name|naam|functie)\s?:")
_EARLIER_OF = re.compile(r"\b(?:earlier|earliest|sooner|soonest)\sof\b", _I)
# a line near the top that dates the document: "Date Bogota D.C. January 30, 2012", a title line
# that ends in its date: "Hosting Agreement between Elephant Talk and T-Mobile, 18/9/2008"
_HEAD_DATE_LINE = re.compile(
    r"\s*(?:(?:date|dated|datum)\b|[^\n]{0,200}\b(?:agreement|contract|overeenkomst)\s(?:between|tussen)"
    r"\s[^\n]{3,80},\s?\S+\s*$)",
    _I,
)
# an address block and the salutation right after a date near the top (a letter's date)
_LETTER_DATE_AFTER = re.compile(r"(?s:.{0,400}?)\bDear\s[A-Z]")
# the preamble's date after the last party's defined term: '... and B ("Telnet") as of the';
# '... and B ("Telnet") on the'; right after it when the date is written "this 7th day of ..."
_PARTY_CLOSE = r"[)”\"']\)?\s?,?\s?"  # the end of the party's defined term
_PARTY_AS_OF = re.compile(
    rf"{_PARTY_CLOSE}(?:(?:effective\s)?as\sof\s(?:the\s|this\s)?|on\s(?:the\s|this\s)?)$", _I
)
_PARTY_END = re.compile(rf"{_PARTY_CLOSE}$")
_EFFECTIVE_AFTER = re.compile(r"\s?,?\s?\(\s?(?:the\s)?[\"“']?(?:effective|commencement)", _I)
_BETWEEN_PARTIES = re.compile(r"\b(?:made|entered\sinto)\s(?:\w+\s){0,3}?(?:between|among)\b", _I)
# a date written right after the mark of a signature or seal: "Rao Cheng (signature) June 25, 2014"
_AFTER_SIGNATURE_MARK = re.compile(
    r"\((?:signature|signed|seal|stamp|chop|handtekening|getekend)\)\s?(?:date[ds]?\s?[:：]?\s?)?$",
    _I,
)
_PLACE_COMMA = re.compile(
    r"(?:^|[\s_])(?:te\s|in\s)?(?:[A-Z][\w'’.\-/]{1,30}(?:[ -][\w'’.\-]{1,20}){0,2}"
    r"|namens\sdeze|voor\sdeze|for\sand\son\sbehalf\sof[^,]{0,60})\s?,\s?(?:op|on|de|den|the)?\s?$"
)
# a signature row's labels run in after its date: "1/14/02 ------- Name (type or print) Date"
_DATE_LABEL_AFTER = re.compile(
    r"[-_ \t]*+(?:[A-Z][\w()]*(?:[ \t][\w()]+){0,4}[ \t]+)?(?:Date|DATE)\b(?!\s?:)"
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ROW_GAP = re.compile(r"[ \t]{1,40}")
# the witness clause right before a place and date: the line it ends on is the signing line
_WITNESS_BEFORE = re.compile(
    r"\b(?:IN\sWITNESS\sWHEREOF|In\s[Ww]itness\s[Ww]hereof)\b[^\n]{0,300}\n[ \t]*\n?[^\n]{0,45}\Z"
)
_DATE_LABEL_FIRST = re.compile(r"\s?(?:date|dated|datum)\s?:\s?\S")
# a line that starts with a conformed signature ("/s/", which some filings write "\s\") and ends
# in a date after a gap: the date of that signature
_SIGNED_LINE_DATE = re.compile(r"[ \t]*(?:/s/|\\s\\)[^\n]{1,160}?(?:[ \t]{3,}|-{3,}[ \t]*)\Z")
_SIGNATURE_MARK = re.compile(
    r"_{4,}|\.{6,}|\b(?:naam|name|functie|title|plaats|place|by)\s?:|/s/|\\s\\|\bhandtekening|"
    r"\bsignature|\bparaaf|\bondertekend|\bsigned\b",
    _I,
)
_NOT_SIGNING = re.compile(r"\b(?:commission\sexpires|expires?|versie|version|geboren|born)\b", _I)

# a label row for the end: "Contract end: 04-01-08"
_CONTRACT_END_LABEL = r"(?:contract|agreement)\s(?:end|expiry|expiration)(?:\sdate)?\s?[:|]\s?$"
_END_BEFORE = _cues(
    (r"\beindig(?:t|en|end)\s(?:van\srechtswege\s)?(?:op|per)\s?$", 0.9),
    (rf"\b{_CONTRACT_END_LABEL}", 0.85),
    # "the two year period from the Effective Date to 31 July 2013"
    (
        r"\b(?:years?|months?|initial|contract)[\s-]period\sfrom\s(?:and\sincluding\s)?the\s"
        r"(?:effective|commencement)\sdate"
        r"\s(?:to|until|through|up\sto\sand\sincluding)\s?(?:the\s)?$",
        0.8,
    ),
    (r"\b(?:loopt|lopen|lopend)\s(?:\w+\s){0,3}?tot\s?(?:en\smet\s)?$", 0.85),
    (r"\b(?:tot\sen\smet|t/m)\s?$", 0.8),
    (
        r"\b(?:expir(?:e|es|ing)|end(?:s|ing)?|terminat(?:e|es|ing))\s(?:\w+\s){0,2}?on\s?(?:the\s)?$",
        0.85,
    ),
    (
        r"\b(?:continue|continues|remain|remains)\s(?:in\s(?:full\s)?(?:force\sand\s)?effect\s)?"
        r"(?:until|through|till)\s?(?:the\s)?$",
        0.85,
    ),
    (r"\b(?:until|through|till)\s?(?:and\sincluding\s)?(?:the\s)?$", 0.7),
    (
        r"\b(?:until|through|till|expire\sat|terminate\sat|end\sat)\s(?:midnight|(?:11:59|12:00|5:00)"
        r"(?:\s?[ap]\.?m\.?)?|the\sclose\sof\sbusiness)\s(?:\([^()]{1,20}\)\s)?(?:\w+\s){0,3}?on\s?(?:the\s)?$",
        0.8,
    ),
    (
        r"\b(?:until|through|till|(?:end|expire|terminate)(?:\son|\supon|\sat)?)\s(?:the\s)?(?:earlier"
        r"|earliest|first)(?:\sto\soccur)?\sof:?\s(?:\(?(?:a|i|1)\)\s)?$",
        0.75,
    ),
    (
        r"\b(?:term|period)\s(?:\w+\s){0,2}?(?:ending|expiring|terminating)\s(?:on\s)?(?:the\s)?$",
        0.85,
    ),
    (r"\b(?:and|to)\s(?:end|ending|expire|expiring|terminate|terminating)\s?$", 0.8),
    # "... shall begin on the date hereof and shall expire December 31, 2023"
    (r"\b(?:end|ends|expire|expires|terminate|terminates)\s(?:as\sof|at)\s?$", 0.8),
    # an amendment: "The Term of the Agreement is hereby extended to January 20, 2012"
    (r"\b(?:extended|renewed|verlengd)\s(?:until|to|through|tot(?:\sen\smet)?)\s?(?:the\s)?$", 0.8),
    (r"\bthrough\sto\s?$", 0.75),
    (r"\b(?:conclude|concludes|concluding)\s(?:on\s)?(?:the\s)?$", 0.85),
    (
        r"\b(?:continue|continues|remain|remains)\s(?:in\s(?:full\s)?(?:force\sand\s)?effect\s)?"
        r"up\sto\sand\sincluding\s?(?:the\s)?$",
        0.85,
    ),
    (r"\b(?:shall|will)\s(?:automatically\s)?(?:end|expire|terminate)\s?$", 0.8),
    (r"\b(?:commencing|beginning|starting)\s[^,;]{3,60}\sand\sending\s?$", 0.85),
    (
        rf"\b(?:expiration|expiry|end|termination)\sdate{_Q}?\s?(?:means|shall\smean|is|:|\|)\s?$",
        0.9,
    ),
    (rf"\beinddatum{_Q}?\s?(?:is|:|\|)?\s?$", 0.9),
)
# a label row: "Termination Date: December 31, 2023", "Einddatum: 31-12-2026"
_END_LABEL = re.compile(
    r"(?:^|\s)(?:expiration|expiry|end|termination)\sdate[\"”’']?\s?[:|]\s?$"
    rf"|(?:^|\s){_CONTRACT_END_LABEL}"
    r"|\beinddatum\s?[:|]?\s?$",
    _I,
)
_END_AFTER = _cues(
    (rf"^\s?,?\s?\(\s?(?:the|de|het)?\s?{_Q}?(?:expiry|expiration|end|termination)\s?date\b", 0.9),
    (rf"^\s?,?\s?\(\s?(?:de|het)?\s?{_Q}?einddatum\b", 0.9),
)
_OTHER_DOCUMENT = _flexible(
    r"(?<!This\s)(?<!this\s)(?<!THIS\s)\b(?!(?:This|THIS)\s)[A-Z][\w&-]*\s(?:[A-Z][\w&-]*\s){0,4}"
    r"(?:Agreement|License"
    r"|Licence|Contract|Memorandum|Plan|Lease|Amendment|Overeenkomst)\b(?:''|[”\"’)]){0,3},?\s(?:\w+\s){0,3}?"
    r"(?:effective|dated)\b[^.]{0,25}\Z"
)
# a period over which money is counted, not the contract's term
# something else that stays valid for a while: a quote, an offer, a warranty
_OTHER_SUBJECT = re.compile(
    r"\b(?:the\s|each\s|any\s|such\s)?(?:quotes?|quotations?|offers?|proposals?|prices?|warrant(?:y|ies)"
    r"|guarantees?|forecasts?|purchase\sorders?|orders?|invoices?|offertes?|prijzen|garanties?)\b"
    r"(?![^.;]{0,160}\b(?:this|the)\s(?:\w+\s)?agreement\s(?:shall|will))[^.;]{0,160}$",
    re.I,
)
_MONEY_PERIOD = re.compile(
    r"\b(?:formula|fees?|payments?|royalt\w*|commissions?|calculat\w*|prices?|quotas?|forecasts?"
    r"|taxable|taxation|fiscal|compensation|remuneration|discounts?|rebates?"
    r"|(?:required|obligated|committed)\sto\spurchase|minimum\s(?:annual\s)?(?:order|purchase)\w*"
    r"|(?:order|sales)\svolumes?"
    r"|invoic\w*|vergoeding\w*|betaling\w*|facturer\w*)\b",
    re.I,
)
# a period named for something else: "for purposes of the period commencing December 1, 2001 and
# ending December 31, 2001, the Minimum BCF shall be One Dollar"
_FOR_PURPOSES = re.compile(
    r"\bfor\s(?:the\s)?purposes?\sof\s(?:the\s|this\s|any\s|each\s)?(?:[\w-]+\s){0,2}?period\b[^.;]{0,160}$",
    re.I,
)
# a sentence about the contract's own term
_OWN_TERM = re.compile(
    r"(?<!during\sthe\s)(?<!throughout\sthe\s)\b(?:initial\s)?term\sof\s(?:this|the)\s(?:\w+\s)?"
    r"agreement\b|\binitial\sterm\b"
    r"|\bthis\s(?:\w+\s)?agreement\s(?:shall|will)\s(?:\w+\s)?(?:expire|terminate|end|continue|remain)"
    r"|\blooptijd\b|\b(?:deze|de)\s\w*overeenkomst\s(?:eindigt|loopt|wordt\saangegaan)",
    re.I,
)
# rights granted for a period of their own: "grants exclusive rights ... for the term of ten years"
_EXCLUSIVE_GRANT = re.compile(
    r"\b(?:grants?|granted|granting)\s(?:\w+\s){0,3}?(?:exclusive|exclusivity)\b[^.;]{0,120}$", re.I
)
# an exclusivity of its own that ends, not the contract: "the term of exclusivity ... shall expire"
_EXCLUSIVITY_ENDS = re.compile(
    r"\b(?:(?:term|period)\sof\sexclusivity|exclusiv(?:e|ity)\s(?:term|period)|exclusivity"
    r"|exclusiviteit)\b[^.;]{0,120}$",
    re.I,
)
# the object extended is a date or deadline of its own: "may extend the Conversion Date"
_OTHER_DATE_OBJECT = re.compile(
    r"\s*(?:the\s)?(?!(?:expiration|expiry|termination|end|renewal|final)\s)(?:[A-Z][\w-]*\s){1,3}"
    r"(?:Date|Deadline|Datum)\b"
)
# a date or deadline of its own extended, not the contract or its term
_OTHER_DATE_EXTENDED = re.compile(
    r"\b(?!(?:expiration|expiry|termination|end|renewal)\s)\w+\s(?:date|deadline|datum)\s(?:\w+\s){0,3}?"
    r"(?:extended|renewed|verlengd|verschoven)\s(?:until|to|through|tot(?:\sen\smet)?)\s?(?:the\s)?$",
    re.I,
)
# a phase of the work ends, not the contract: "Phase I will ... end on D", "fase 2 eindigt op D"
_PHASE_ENDS = re.compile(
    r"\b(?:phase|stage|fase)\s(?:[IVX]{1,4}|\d{1,2}|one|two|three|four|[A-D])\b[^.;]{0,100}$", re.I
)
# the end of a renewal or extension period, not of the initial term
_RENEWAL_PERIOD_ENDS = re.compile(
    r"\b(?:renew\w*|verleng\w*)\b[^.;]{0,120}?\b(?:additional|further|renewal|extension"
    r"|succeeding|subsequent|verlengings\w*|aanvullende|nieuwe|volgende)\b"
    r"(?:(?!initial|eerste)[^.;]){0,120}$",
    re.I,
)
_OLD_VALUE = re.compile(
    r"\b(?:zou|zouden|would|had|oorspronkelijk|originally|vóór\sdeze\swijziging"
    r"|voor\sdeze\swijziging|prior\sto\sthis\samendment|before\sthis\samendment)\b",
    _I,
)
_CONDITIONAL_AFTER = re.compile(r"^[^.]{0,40}?\b(?:zou|zouden|zijn\sgeëindigd)\b", _I)
# "Effective Date means the date on which this Agreement is signed by both parties", "...
# shall mean the date the last party hereto has executed this Agreement", "... is the date of the
# most recent final signature on this Agreement"
_EFFECTIVE_SIGNED = _flexible(
    r"\beffective\sdate(?:''|[”\"’'])?\)?,?\s(?:of\sthis\s(?:\w+\s)?agreement\s)?(?:means|shall\smean|is|will\sbe"
    r"|shall\sbe)\s(?:the\s)?(?:later\sof\s"
    r"the\s)?dates?\s(?:(?:on\swhich|when|upon\swhich|of)\s)?(?:this\s(?:\w+\s)?agreement\s(?:is|has\sbeen|shall"
    r"\shave\sbeen)\s|it\sis\s|both\sparties\shave\s|the\s(?:last|latest|most\srecent)\s(?:party\s)?"
    r"(?:of\sthe\sparties\s)?"
    r"(?:to\s)?)?(?:\w+\s){0,3}?(?:signed|executed|signs|execution|signature)",
    _I,
)
# a signing date defined as the Effective Date: "as of the date of the last signature below (the
# "Effective Date")", "met ingang van de datum van de laatste ondertekening (de "Ingangsdatum")"
_SIGNED_DEFINED_EFFECTIVE = _flexible(
    r"\b(?:(?:the\s)?(?:date\sof\s(?:the\s)?(?:last|latest|final)\s(?:signature|execution)"
    r"|(?:last|latest)\sdate\sof\s(?:signature|execution)|date\s(?:last\s)?(?:signed|executed)"
    r"|date\son\swhich\s(?:\w+\s){1,6}?(?:signed|executed|signs|executes))"
    r"|datum\svan\s(?:de\s)?(?:laatste\s)?ondertekening)"
    r"[^.;()]{0,60}?\(\s?(?:the\s|de\s|hereinafter\s)?(?:''|``|[\"“”'‘’])?"
    r"(?:effective\sdate|ingangsdatum)\b",
    _I,
)
# the day after a date named next: "effective ... on the day after the date of last signature"
_DAY_AFTER = re.compile(
    r"\b(?:the\s+)?(?P<business>business\s+)?day\s+(?:after|following)\s+\Z", re.I
)
# a sentence about the contract itself ("This Agreement shall be effective as of the date hereof")
_SELF_SUBJECT = re.compile(
    r"\b(?:this|deze|dit)\s+(?:[\w-]+\s+){0,3}?(?:agreement|contract|amendment|addendum|overeenkomst"
    r"|document|license|licence|lease|huurovereenkomst)\b|\b(?:effective|commencement)\s+date\b"
    r"|\bingangsdatum\b",
    re.I,
)
# a sentence whose subject is the contract itself, however far its verb: "This Nonexclusive Value
# Added Distributor Agreement ("Agreement"), between ..., is entered into as of ..."
_SENTENCE_OF_SELF = re.compile(
    r"(?:this|deze|dit)\s(?:[\w-]+\s){0,5}?(?:agreement|contract|amendment|addendum|overeenkomst"
    r"|license|licence|lease)\b"
)
# another agreement, named, right before the words: "the Globix Agreement remaining in effect"
_NAMED_OTHER_BEFORE = re.compile(
    r"\b(?:the|a|that|such)\s(?:[A-Z][\w&-]*\s)+(?:Agreement|Contract|Lease|License|Licence)\s"
    r"(?:\w+\s)?$"
)
_EXECUTED_AND_EFFECTIVE = _flexible(
    r"\b(?:executed|signed|entered\sinto)\s(?:as\sof|on)\sthe\sdate\sfirst\s(?:above\s)?(?:set\sforth"
    r"|written|stated)(?:\sabove)?,?\sand\s(?:shall|will)\s(?:be|become)\s(?:effective|valid|in\sforce)"
    r"(?:\ssimultaneously|\son\sthat\sdate|\sas\sof\sthat\sdate)?\b",
    _I,
)
# a sentence about a licence or right granted, not about the agreement's own term
_GRANT_SUBJECT = _flexible(
    r"\b(?:licen[cs]es?|rights?|options?|warrants?|licenties?|rechten)\s(?:\w+\s){0,2}?"
    r"(?:granted|hereunder|herein|verleend|toegekend)\b",
    _I,
)
# a period of its own that begins on the agreement's date: '"Standstill Period" shall mean the
# period commencing on the date of this Agreement', "at all times during the period commencing
# on the date hereof"
_OTHER_PERIOD_ANCHOR = re.compile(
    r"(?:[“\"](?:[\w-]+\s){0,3}(?:Period|Periode)[”\"]\s(?:shall\s)?(?:means?|betekent)\s(?:\w+\s){0,3}"
    r"|\b(?:during|throughout|within|gedurende|binnen)\s(?:the|such|a|an|de|het|een)\s(?:\w+\s){0,2}?"
    r"(?:period|periode)\s)$",
    re.I,
)
# statements made as of the agreement's date: not its start
_REPRESENTATIONS_MADE = re.compile(
    r"\b(?:representations?|warrant(?:y|ies)|covenants?|verklaringen|garanties)\b"
    r"(?:[^.;]|\.(?=\d)){0,140}$",
    re.I,
)
_AGREEMENT_DATE_ANCHOR = _flexible(
    r"(?:\b(?:commenc\w*|effective|begin\w*|start\w*|in\swerking(?:\s(?!op\b)\w+)?|ingaa?n\w*|gaat\sin|entered\sinto"
    r"|made|take[sn]?\seffect|taking\seffect|(?:come|comes|coming|enter|enters|entering)\sinto\s"
    r"(?:force|effect)|(?:in|into)\s(?:full\s)?(?:force|effect)(?:\sand\s(?:force|effect))?|valid"
    r"|(?P<dur>(?:years?|months?|jaar|maanden)(?:\s\(\d{1,3}\))?))\s(?:\w+\s){0,2}?"
    r"(?:\((?:the\s|de\s|het\s)?\W{0,2}(?:effective|ingangs|commencement)[^()]{0,30}\)\s)?"
    r"(?:on|as\sof|from(?:\sand\sincluding)?|op|per|met\singang\svan|upon|bij|after|following|na|vanaf"
    r"|when|once|zodra)"
    r"|\b(?:effective|commencement)\sdate(?:''|[”\"’'])?\)?,?\s(?:of\sthis\s(?:\w+\s)?agreement\s)?(?:means"
    r"|shall\smean|shall\sbe"
    r"|is|will\sbe|(?:shall\shave|has)\sthe\smeaning\s(?:set\sforth|given(?:\sto\sit)?|ascribed\sto\sit"
    r"|assigned\sto\sit)\sin))\s(?:the\s|de\s)?"
    r"(?P<what>date\s(?:of\s)?(?:this\s(?:agreement|document|contract)|hereof|first\s(?:above\s)?(?:written|set\sforth"
    r"|stated|mentioned|listed)(?:\sabove)?|above|set\sforth\sabove)|datum\svan\s(?:ondertekening|deze\s\w+)"
    # "effective as of the day and year first above written"
    r"|day\sand\syear\sfirst\s(?:above\s)?(?:written|set\sforth|stated|mentioned)"
    r"|date\sof\s(?:the\s)?last\ssignature"
    r"|(?:last|latest)\sdate\sof\s(?:signature|execution)|dag\svan\sondertekening"
    r"|date\s(?:last\s)?(?:noted|set\sforth|written|indicated|signed)\s(?:below|on\sthe\ssignature\spage)"
    r"|date\sset\sforth\sin\sthe\s(?:preamble|introductory\sparagraph|first\sparagraph|heading)"
    r"|(?:preamble|introductory\sparagraph|first\sparagraph|opening\sparagraph)\b"
    r"|date\sof\s(?:its\s|the\s)?(?:execution|signing|signature)"
    r"|date\s(?:on\swhich\s|that\s|when\s)?(?:it|this\sagreement)\s(?:is|has\sbeen)\s(?:fully\s|duly\s)?"
    r"(?:signed|executed)"
    r"|(?:(?:it|this\sagreement)\s(?:is|has\sbeen)\s)?(?:fully\s|duly\s)?(?:signed|executed)\sby\s(?:both"
    r"|all|each\sof\sthe)\sparties"
    # "shall become effective when one or more counterparts have been signed by each Party"
    r"|(?:one\sor\smore\s)?counterparts\s(?:have\sbeen|are|shall\shave\sbeen)\s(?:signed|executed)"
    r"\sby\s(?:each\sparty|each\sof\sthe\sparties|(?:both|all)\s(?:of\sthe\s)?parties)"
    r"|(?:zij|deze\s\w+|de\s\w*overeenkomst|het\scontract)\s(?:door\s(?:beide|alle)\spartijen\s)?"
    r"(?:is\s)?ondertekend"
    # "effective on the later of the dates that it is executed by Imprimis and Surgical"
    r"|(?:later|last|latest)\sof\sthe\sdates\s(?:of|on\swhich|that|when)\s(?:signature|execution"
    r"|it\sis\s(?:signed|executed))"
    # "upon the completion of the execution by both Parties", "the date of signed acceptance"
    r"|(?:completion\sof\s(?:the\s)?)?(?:its\s)?(?:execution|signing|signature)(?:\sby\s(?:both|all)"
    r"\sparties)?|date\sof\s(?:signed\s)?acceptance"
    r"|(?:the\s)?signatures?(?:\sand\s(?:the\s)?seals?)?\sof\s(?:both|all|the)\s(?:\w+\s)?parties"
    r"|execution\sdate|date\sof\sexecution)",
    _I,
)


# --------------------------------------------------------------------------------------------
# Dates and their roles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatedCue:
    """A date with the role a cue gave it."""

    date: dt.date
    start: int
    end: int
    score: float
    hedge: float = 0.0  # taken off the reported confidence only, not the ranking


@dataclass(frozen=True, slots=True)
class DateRoles:
    """What the dates of one document are: candidates per role, strongest first."""

    signatures: tuple[DatedCue, ...]
    made_on: tuple[DatedCue, ...]
    start: tuple[DatedCue, ...]
    end: tuple[DatedCue, ...]


@dataclass(slots=True)
class _Regions:
    """Spans of an amendment whose values are not the document's own (see amendments.py)."""

    is_amendment: bool = False
    restated: tuple[tuple[int, int], ...] = ()  # text quoted from the original contract
    removed: tuple[tuple[int, int], ...] = ()  # the words a replacement takes out
    recitals: tuple[int, int] | None = None

    def inside(self, spans: Iterable[tuple[int, int]], offset: int) -> bool:
        return any(a <= offset < b for a, b in spans)

    def in_recitals(self, offset: int) -> bool:
        return self.recitals is not None and self.recitals[0] <= offset < self.recitals[1]


def _regions(ctx: TextContext) -> _Regions:
    cached = ctx.cache.get("regions")
    if isinstance(cached, _Regions):
        return cached
    from contractdossier.recognise import amendments  # late: amendments uses this module

    found = amendments.regions(ctx)
    regions = _Regions(found.is_amendment, found.restated, found.removed, found.recitals)
    ctx.cache["regions"] = regions
    return regions


def _term_context(sentence: str) -> bool:
    vocab = _vocabulary()
    words = set(re.findall(r"[a-zà-ÿ]+", sentence))
    if not words & vocab["term_words"]:
        return False
    return not words & vocab["not_term_words"] and "voor het eerst" not in sentence


def _line_before(ctx: TextContext, start: int) -> str:
    line_start, _ = ctx.line(start)
    return ctx.full[line_start:start]


def _signature_near(ctx: TextContext, start: int, end: int) -> bool:
    """Whether a signature mark is within 350 characters of the date, on its side of any
    appendix heading: "Dated: December 14, 2015 ... APPENDIX A ... Date: November 01, 2016"
    dates the appendix, not a signature."""
    lo, hi = max(0, start - 350), min(len(ctx.full), end + 350)
    before = [h.end() for h in _ANNEX_HEADING.finditer(ctx.full, lo, start)]
    if before:
        lo = before[-1]
    after = _ANNEX_HEADING.search(ctx.full, end, hi)
    if after is not None:
        hi = after.start()
    return _SIGNATURE_MARK.search(ctx.full, lo, hi) is not None


_ANNEX_HEADING = re.compile(
    r"(?m)^[ \t]*(?:APPENDIX|Appendix|EXHIBIT|Exhibit|SCHEDULE|Schedule|ANNEX|Annex|BIJLAGE"
    r"|Bijlage)[ \t]+[A-Z0-9]{1,4}\b"
)


# another document named with an article, anywhere: "amends the Distribution Agreement dated D"
# another agreement, unnamed: "via an Agreement executed by Marv and Premier on May 12, 2010"
_AN_AGREEMENT = _flexible(
    r"\b(?:an?|another)\s(?:(?:prior|earlier|separate|previous|original)\s)?(?:agreement|contract"
    r"|license|licence|lease)\s(?:dated|(?:executed|signed|entered\sinto)(?:\sby\s[^.;()]{1,60}?)?"
    r"\s(?:on|as\sof))\s?(?:the\s)?\Z",
    _I,
)
_THE_OTHER_DOCUMENT = _flexible(
    r"\b(?i:the|that\scertain|said|such|an?)\s(?:(?i:original|existing|underlying|separate|prior"
    r"|previous|former|master|(?:fully\s)?executed)\s)?(?:"
    # "the Joint Use and Management Agreement", "the Agreement for Exchange of Confidential
    # Information"
    r"(?:(?:[A-Z][\w&-]*|and|of|for|&)\s){0,6}[A-Z][\w&-]*\s(?i:Agreement|License|Licence|Contract"
    r"|Lease|Plan|Amendment|Sheet|Memorandum)\b"  # "the Term Sheet executed by the parties on"
    # "that certain Agreement and Plan of Merger, dated September 16, 2019"
    r"|(?i:Agreement|License|Licence|Contract|Lease|Plan|Letter|Memorandum)\s(?:for|of|on|and)\s"
    r"(?:(?:[A-Z][\w&-]*|of|and"
    r"|the)\s){0,5}[A-Z][\w&-]*"
    r")(?:''|[”\"’)])?(?:\s?\([^()]{1,60}\))?,?\s"
    # "... by and between the City of San Diego and Padres, L.P. dated as of", "... executed by
    # IBM on"
    r"(?:(?:by\sand\s)?(?:between|among)\s[^;()]{1,90}?\s|(?:\w+\s){0,3}?)"
    r"(?i:effective|dated|(?:executed|signed|entered\sinto)(?:\sby\s[^.;()]{1,40}?)?\s(?:on|as\sof))"
    r"\b[^.]{0,25}\Z"
)
# "confirmed by letter dated November 30, 2007"
_LETTER_DATED = _flexible(
    r"\b(?:letter|e-?mail|fax|brief|offerte|proposal|quotation|invoice|factuur|purchase\sorder)"
    r"\s(?:\w+\s){0,2}?(?:dated|of|van|d\.d\.)\s?\Z"
    # "pursuant to a trust agreement dated as of D": a document named with "a", never this one
    # or "that certain agreement effective as of D among NFL Enterprises LLC, ..."
    r"|\b(?:a|an|(?:that\s)?certain)\s(?:[\w-]+\s){0,4}?(?:agreement|contract|lease|licen[cs]e|plan|indenture"
    r"|note|deed)"
    r"\s(?:\([^()]{1,60}\)\s)?,?\s?(?:dated|effective)\b[^.]{0,25}\Z",
    _I,
)


# an agreement in small letters after a preposition is another one (this one is "this
# Agreement"): "under the agreement dated September 28, 1989 between BMS and LEO"
_UNDER_THE_AGREEMENT = _flexible(
    r"\b(?:under|pursuant\sto|of|in|by)\s(?:the|an?)\s(?:[a-z-]+\s){0,3}?agreements?\s"
    r"(?:\([^()]{1,60}\)\s)?,?\s?(?:dated|effective|entered\sinto)\b[^.]{0,25}\Z"
)
# a treaty or convention signed on its own date: "the Convention on Combating Bribery of Foreign
# Public Officials in International Business Transactions signed in Paris in December 19, 1997"
_TREATY = re.compile(r"\b(?:Convention|Treaty|Protocol|Verdrag)\b[^.;]{0,160}\Z")


def _other_document(ctx: TextContext, regions: _Regions, at: int, s_start: int) -> bool:
    """Whether the date at ``at`` is said of another document ("the Selling Agreement,
    effective as of D"). Near the top only with an article before the name: a title
    "Distribution Agreement" over "Dated D" is this document's."""
    lo = max(s_start, at - 180)
    if (
        _THE_OTHER_DOCUMENT.search(ctx.full, lo, at)
        or _LETTER_DATED.search(ctx.full, lo, at)
        or _AN_AGREEMENT.search(ctx.full, lo, at)
        or _TREATY.search(ctx.full, lo, at)
        or _UNDER_THE_AGREEMENT.search(ctx.full, lo, at)
    ):
        return True
    lo = max(s_start, at - 90)
    return (at > 1500 or regions.in_recitals(at)) and bool(_OTHER_DOCUMENT.search(ctx.full, lo, at))


def date_roles(ctx: TextContext) -> DateRoles:
    """Classify every date of the document by its cue (cached on the context)."""
    cached = ctx.cache.get("date_roles")
    if isinstance(cached, DateRoles):
        return cached
    full = ctx.full
    regions = _regions(ctx)
    preamble_end = max(4000, len(full) // 8)
    signatures: list[DatedCue] = []
    made: list[DatedCue] = []
    starts: list[DatedCue] = []
    ends: list[DatedCue] = []
    dates = ctx.dates
    by_start = {m.start: m for m in dates}
    for m in dates:
        if regions.inside(regions.removed, m.start):
            continue
        left, right = ctx.window(m.start, m.end)
        if left.rstrip().endswith("_"):
            left = left.rstrip("_ ") + " "  # a date filled into a blank: "effective as of _Dec. 8"
        s_start, s_end = ctx.sentence(m.start)
        sentence = norm(full[s_start:s_end]).lower()
        line = _line_before(ctx, m.start)
        restated = regions.inside(regions.restated, m.start)
        # signature blocks
        if not _NOT_SIGNING.search(line) and not restated:
            line_l = norm(line.replace("\t", "   ")).lower() if "\t" not in line else line.lower()
            cell = line.split("\t")[-1]
            if (
                _SIGNATURE_LABEL.search(line_l)
                or _SIGNATURE_LABEL.search(" " + cell.lower())
                or (
                    _RUN_ON_DATE_LABEL.search(line_l[-40:])
                    # "Date: 1/19/07 Date: January 22, 2007": the second column's date; "James
                    # M. Ballweg Its: Vice President/Sales Date: 3/21/08": a signer's row
                    and (
                        _SIGNATURE_MARK.search(line)
                        or _DATE_LABEL_FIRST.match(line_l)
                        or _SIGNER_ROW.search(line_l)
                    )
                )
            ):
                if _signature_near(ctx, m.start, m.end):
                    signatures.append(DatedCue(m.date, m.start, m.end, 0.9))
                else:  # "Dated: May 8, 2014" under a title: the date of the document
                    made.append(DatedCue(m.date, m.start, m.end, 0.7))
                continue
            # the labels under a signature row run into it: "Maura Lynch Gray 1/14/02
            # ------------ Name (type or print) Date", "Markham, ON 24 OCT 2011 Place Date";
            # for each date of the row: "December 8, 2005 December 7, 2005 ------ Date Date"
            row_end = m.end
            while (spaces := _ROW_GAP.match(full, row_end)) and (
                nxt := by_start.get(spaces.end())
            ):
                row_end = nxt.end
            if _DATE_LABEL_AFTER.match(full, row_end) and _signature_near(ctx, m.start, m.end):
                signatures.append(DatedCue(m.date, m.start, m.end, 0.85))
                continue
            rest = full[m.end : ctx.line(m.end)[1]].strip()
            if (
                len(line.strip()) <= 90
                and _PLACE_COMMA.search(norm(cell)[-45:])
                and (
                    (len(rest) <= 30 and _signature_near(ctx, m.start, m.end))
                    # "IN WITNESS WHEREOF, ... duly authorized.\n\nRome/Houston, 2 April 2020
                    # Kiromic Biopharma Inc. Molipharma s.r.l."
                    or (
                        len(rest) <= 90
                        and _WITNESS_BEFORE.search(full, max(0, m.start - 400), m.start)
                    )
                )
            ):
                signatures.append(DatedCue(m.date, m.start, m.end, 0.85))
                continue
            if _SIGNED_LINE_DATE.match(line):
                # "/s/ John Dick      General Manager - -----------      19 Jan. 1998"
                signatures.append(DatedCue(m.date, m.start, m.end, 0.85))
                continue
            if _AFTER_SIGNATURE_MARK.search(left[-40:]):
                # "Party A: ... (seal) Rao Cheng (signature) June 25, 2014"
                signatures.append(DatedCue(m.date, m.start, m.end, 0.85))
                continue
            if _SIGNED_SENTENCE.search(left) and not _other_document(
                ctx, regions, m.start, s_start
            ):
                signatures.append(DatedCue(m.date, m.start, m.end, 0.8))
                if re.search(r"\beffective\b", left):
                    starts.append(DatedCue(m.date, m.start, m.end, 0.85))
                continue
        # start
        score = max(_best(_START_BEFORE, left), _best(_START_AFTER, right))
        if not score and _START_LABEL_LINE.search(full, max(0, m.start - 120), m.start):
            score = 0.85  # a cover page: "EFFECTIVE DATE" on a line, the date under it
        if score and _OTHER_PERIOD_BEGINS.search(left):
            score = 0.0  # "the Licensee's fiscal year which begins on D", "Phase I will commence"
        if score and _TERMINATION_EFFECTIVE.search(left[-160:]):
            score = 0.0  # "Constellation may terminate this Agreement, effective as of D": its end
        if score and _other_document(ctx, regions, m.start, s_start):
            score -= 0.45  # "the Selling Agreement, effective as of December 1, 2002"
        if score and not regions.is_amendment and regions.in_recitals(m.start):
            score -= 0.2
        if score:
            if _CONDITIONAL_AFTER.search(right) or re.search(
                r"\b(?:getreden|is\sgetreden)\b", right[:40]
            ):
                score -= 0.3
            if regions.is_amendment:
                if restated or regions.in_recitals(m.start):
                    score -= 0.4
                elif any(w in sentence for w in _vocabulary()["amendment_self"]):
                    score += 0.05
            starts.append(DatedCue(m.date, m.start, m.end, score))
        # "van D tot en met D2" in a sentence about the term
        if (
            _FROM_BEFORE.search(left)
            and _term_context(sentence)
            and not _MEASURED_IN_PERIOD.search(left[-200:])
        ):
            gap = full[m.end : m.end + 20]
            to = re.match(
                r"\s{0,3}(?:tot\s+en\s+met|t/m|tot|through\s+to|through|until|till|to|-|–)\s{1,3}",
                gap,
                _I,
            )
            if to is not None and (m.end + to.end()) in by_start:
                nxt = by_start[m.end + to.end()]
                penalty = (
                    0.4
                    if regions.is_amendment and (restated or regions.in_recitals(m.start))
                    else 0.0
                )
                starts.append(DatedCue(m.date, m.start, m.end, 0.85 - penalty))
                ends.append(DatedCue(nxt.date, nxt.start, nxt.end, 0.85))
        # made on / dated
        made_score = _best(_MADE_BEFORE, left)
        if (
            not made_score
            and m.start < preamble_end
            and (
                _PARTY_AS_OF.search(left)
                or (m.text.lower().startswith(("this ", "the ")) and _PARTY_END.search(left))
            )
            and _BETWEEN_PARTIES.search(full, max(0, m.start - 1200), m.start)
            and not _EFFECTIVE_AFTER.match(right)
        ):
            made_score = 0.7  # "... and B ("Telnet") as of the 1st day of June, 2004"
        if made_score and _other_document(ctx, regions, m.start, s_start):
            made_score -= 0.4
        elif (
            made_score
            and left.rstrip().endswith(("dated", "dated as of", "dated as"))
            and not re.search(
                r"\b(?:agreement|overeenkomst|contract|this|deze|amendment|addendum|wijziging)\b",
                left[-90:],
            )
        ):
            made_score -= 0.35  # "the Schedule 13G/A ..., dated as of": another document
        if made_score and not restated:
            if m.start > preamble_end and not re.search(
                r"\b(?:this|deze)\s(?:agreement|overeenkomst)", left
            ):
                made_score -= 0.3
            if regions.in_recitals(m.start):
                made_score -= 0.3
            if made_score >= 0.45:
                made.append(DatedCue(m.date, m.start, m.end, made_score))
        elif m.start < 1500 and not restated:
            # a date on a line of its own near the top: the date of the document
            l_start, l_end = ctx.line(m.start)
            line_text = full[l_start:l_end]
            bare = norm(line_text.replace(m.text, "")).strip(" ,.:-|")
            versioned = any(w in line_text.lower() for w in _vocabulary()["version_words"])
            if len(bare) <= 8 and not versioned:
                made.append(DatedCue(m.date, m.start, m.end, 0.55))
            elif not versioned and len(bare) <= 240 and _HEAD_DATE_LINE.match(norm(line_text)):
                # "Date Bogota D.C. January 30, 2012", "... Agreement between A and B, 18/9/2008"
                made.append(DatedCue(m.date, m.start, m.end, 0.5))
            elif not versioned and _LETTER_DATE_AFTER.match(full, m.end):
                # a letter agreement's date over its address and salutation: "AGENCY AGREEMENT
                # May 25, 2016 Compass Point Research & Trading, LLC ... Dear Ladies and Gentlemen:"
                made.append(DatedCue(m.date, m.start, m.end, 0.5))
        # end
        end_score = max(_best(_END_BEFORE, left), _best(_END_AFTER, right))
        if end_score and _OTHER_DATE_EXTENDED.search(left[-90:]):
            end_score = 0.0  # "the Long Stop Date shall be extended until D": not the term
        if end_score and _EXCLUSIVITY_ENDS.search(left[-160:]) and not _OWN_TERM.search(sentence):
            end_score = 0.0  # "Licensee's term of exclusivity ... shall expire on D"
        if end_score and _PHASE_ENDS.search(left[-120:]):
            end_score = 0.0  # "Phase I will commence on August 1, 2010 and end on July 31, 2011"
        if end_score and not regions.is_amendment and _RENEWAL_PERIOD_ENDS.search(left[-260:]):
            # "may renew this Agreement ... for one (1) additional five year period that shall
            # begin on January 1, 2005 and end on December 31, 2009": the renewal's end
            end_score = 0.0
        if (
            end_score
            and (
                _OTHER_DEFINITION.search(sentence)
                or _MONEY_PERIOD.search(sentence)
                or _FOR_PURPOSES.search(left[-240:])
            )
            and not _OWN_TERM.search(sentence)
        ):
            # '"Processing Year 1" means the period ... ending on June 30, 2007', "the following
            # formula for the period from the Effective Date through September 30, 2010", '"Contract
            # Year" means ... the period of time commencing on the Effective Date and ending on'
            end_score -= 0.4
        if end_score and (_term_context(sentence) or _END_LABEL.search(left)):
            if _OLD_VALUE.search(left[-80:]) or _CONDITIONAL_AFTER.search(right):
                end_score -= 0.45
            # "the earlier of: (a) ... to 31 July 2013; or (b) <an event>": an event may end it
            # sooner, so the date is reported with less confidence (its rank among the ends
            # stays)
            hedge = 0.2 if _EARLIER_OF.search(sentence) else 0.0
            if regions.is_amendment and regions.in_recitals(m.start):
                end_score -= 0.4
            if regions.is_amendment and restated:
                end_score += 0.05
            ends.append(DatedCue(m.date, m.start, m.end, end_score, hedge))
    roles = DateRoles(
        signatures=tuple(signatures),
        made_on=tuple(sorted(made, key=lambda c: (-c.score, c.start))),
        start=tuple(sorted(starts, key=lambda c: (-c.score, c.start))),
        end=tuple(sorted(ends, key=lambda c: (-c.score, c.start))),
    )
    ctx.cache["date_roles"] = roles
    return roles


def _signing(ctx: TextContext, roles: DateRoles) -> Fact | None:
    good = [c for c in roles.signatures if c.score >= 0.6]
    if good:
        last = max(good, key=lambda c: (c.date, c.score))
        confidence = max(c.score for c in good)
        if len(good) >= 2:
            confidence = min(0.95, confidence + 0.05)
        if roles.made_on and roles.made_on[0].date > last.date:
            confidence -= 0.2  # signed before the date it says it was made: look at it
        return _date_fact(ctx, "signing_date", last, confidence)
    if roles.made_on:
        best = roles.made_on[0]
        return _date_fact(ctx, "signing_date", best, best.score)
    first = roles.start[0] if roles.start else None
    if first is not None and first.score >= 0.8:
        before = ctx.full[max(0, first.start - 60) : first.start]
        after = ctx.full[first.end : first.end + 40]
        preamble = first.start < 3000 and (
            re.search(r"\beffective\b", before, _I) or re.search(r"\beffective\sdate\b", after, _I)
        )
        defined = re.search(r"effective\sdate[”\"']?\s(?:shall\s)?means?\s?:?\s*$", before, _I)
        if preamble or defined:
            # "effective as of D", "..., as of D (“Effective Date”)" in the preamble, or
            # "“Effective Date” shall mean D", and nothing else: the date the parties gave it
            # (not "the term shall commence on D": a start is no signing)
            return _date_fact(ctx, "signing_date", first, 0.5)
    return None


def _date_fact(ctx: TextContext, field: str, cue: DatedCue, confidence: float) -> Fact:
    return Fact(
        field=field,
        value=cue.date.isoformat(),
        confidence=round(max(0.05, min(confidence, 0.98)), 2),
        evidence=ctx.evidence(cue.start, cue.end),
    )


def _start(ctx: TextContext, roles: DateRoles, signing: Fact | None) -> Fact | None:
    best = roles.start[0] if roles.start else None
    if best is not None and best.score >= 0.5:
        return _date_fact(ctx, "start_date", best, best.score)
    # "commencing on the date of this Agreement", "effective as of the last date of signature"
    regions = _regions(ctx)
    spans = ctx.sentences_with(
        (
            "date of this agreement",
            "date of this document",
            "date of this contract",
            "date hereof",
            "date first",
            "year first",
            "date above",
            "date set forth above",
            "date of signature",
            "date of execution",
            "date of signing",
            "later of the dates",
            "commencement date means",
            "signing date",
            "signed acceptance",
            "completion of the execution",
            "below",
            "last signature",
            "signature page",
            "upon execution",
            "upon the execution",
            "upon the signing",
            "on the execution",
            "upon its execution",
            "upon signing",
            "upon signature",
            "bij ondertekening",
            "execution date",
            "datum van ondertekening",
            "datum van deze",
            "dag van ondertekening",
            "date of its",
            "is signed",
            "is executed",
            "dates of",
            "preamble",
            "introductory paragraph",
            "first paragraph",
            "been signed",
            "been executed",
            "fully executed",
            "signed by both",
            "executed by both",
            "signed by all",
            "executed by all",
            "ondertekend",
            "signatures",
        )
    )
    for a, b in ctx.sentences_with(("date first",)):
        # "This Agreement has been duly executed as of the date first set forth above and shall
        # be effective simultaneously": effective on its own date
        both = _EXECUTED_AND_EFFECTIVE.search(ctx.full, a, b)
        if both is not None and roles.made_on and not regions.inside(regions.restated, a):
            made = roles.made_on[0]
            return Fact(
                field="start_date",
                value=made.date.isoformat(),
                confidence=round(min(0.75, made.score), 2),
                evidence=ctx.evidence(both.start(), both.end()),
            )
    matches = (m for a, b in spans for m in _AGREEMENT_DATE_ANCHOR.finditer(ctx.full, a, b))
    for a, b in ctx.sentences_with(("effective date", "ingangsdatum")):
        defined = _EFFECTIVE_SIGNED.search(ctx.full, a, b) or _SIGNED_DEFINED_EFFECTIVE.search(
            ctx.full, a, b
        )
        if defined is not None and signing is not None:
            # "on the day after the date of last signature ... ("Effective Date")"
            after = _DAY_AFTER.search(ctx.full, max(a, defined.start() - 40), defined.start())
            if after is not None and after.group("business"):
                continue  # the next business day: not counted here
            day = dt.date.fromisoformat(str(signing.value))
            return Fact(
                field="start_date",
                value=(day + dt.timedelta(days=1 if after else 0)).isoformat(),
                confidence=round(min(0.75, signing.confidence), 2),
                evidence=ctx.evidence(defined.start(), defined.end()),
            )
    for m in matches:
        if regions.inside(regions.restated, m.start()):
            continue
        if m.group("dur") and not (
            _TERM_SENTENCE.search(_sentence_text(ctx, m.start())[2])
            or _term_heading(ctx, m.start())
        ):
            continue  # "within thirty days from the date hereof": a deadline, not the term
        if _GRANT_SUBJECT.search(ctx.full, ctx.sentence(m.start())[0], m.start()):
            continue  # "the licence granted hereunder shall become effective upon execution"
        s_start, _, sentence = _sentence_text(ctx, m.start())
        if _NAMED_OTHER_BEFORE.search(ctx.full, max(s_start, m.start() - 60), m.start()):
            continue  # "the Globix Agreement remaining in effect after this Agreement is signed"
        if _OTHER_PERIOD_ANCHOR.search(ctx.full, max(s_start, m.start() - 120), m.start()):
            continue  # '"Standstill Period" shall mean the period commencing on the date hereof'
        if _REPRESENTATIONS_MADE.search(ctx.full, max(s_start, m.start() - 160), m.start()):
            continue  # "representations ..., which are made as of the date of execution"
        if not (
            _SELF_SUBJECT.search(ctx.full, max(s_start, m.start() - 100), m.start("what"))
            or _SENTENCE_OF_SELF.match(sentence)
            or _TERM_SENTENCE.search(sentence)
            or _term_heading(ctx, m.start())
        ):
            continue  # "as of the date hereof, Mr. Glazer will be appointed": not the contract
        what = m.group("what").lower()
        if "sign" in what or "onderteken" in what or "execut" in what or "below" in what:
            anchor_fact = signing
            cue = None
        else:
            cue = roles.made_on[0] if roles.made_on else None
            anchor_fact = signing if cue is None else None
        if cue is not None:
            return Fact(
                field="start_date",
                value=cue.date.isoformat(),
                confidence=round(min(0.8, cue.score), 2),
                evidence=ctx.evidence(m.start(), m.end()),
            )
        if anchor_fact is not None:
            return Fact(
                field="start_date",
                value=anchor_fact.value,
                confidence=round(min(0.75, anchor_fact.confidence), 2),
                evidence=ctx.evidence(m.start(), m.end()),
            )
    return None


# --------------------------------------------------------------------------------------------
# Durations: initial term, renewal period, notice period
# --------------------------------------------------------------------------------------------

_TERM_BEFORE = _cues(
    (
        r"\b(?:initi[eë]le\s|eerste\s|vaste\s|minimale\s)?looptijd\s(?:\w+\s){0,2}?van\s"
        r"(?:ten\sminste\s|minimaal\s)?$",
        0.9,
    ),
    (
        r"\b(?:aangegaan|gesloten|afgesloten|verhuurd|verleend)\s(?:\w+\s){0,2}?voor\s(?:een|de)\s"
        r"(?:\w+\s)?(?:periode|duur|termijn|looptijd|tijdvak)\svan\s$",
        0.9,
    ),
    (
        r"\b(?:aangegaan|gesloten|afgesloten|verhuurd|verleend)\s(?:\w+\s){0,2}?voor\s(?:de\sduur\svan\s)?$",
        0.85,
    ),
    (r"\bvoor\s(?:de\sduur|een\s(?:\w+\s)?(?:periode|termijn|looptijd))\svan\s$", 0.75),
    (r"\b(?:heeft|hebben|met)\seen\s(?:\w+\s)?(?:looptijd|duur)\svan\s$", 0.9),
    (
        r"\b(?:agreement|contract)\s(?:shall\s|will\s)?(?:has|have|be)\s(?:for\s)?an?\s(?:initial\s|fixed\s)?"
        r"(?:term|duration|period)\sof\s$",
        0.9,
    ),
    (
        # "The Initial Term of this Technical Infrastructure Maintenance Agreement is", "the
        # initial term of this Agreement ("Initial Term") will be"
        r"\b(?:initial\s)?term\sof\s(?:(?:the\s)?validity\sof\s)?(?:(?:this|the)\s(?:[\w-]+\s){0,4}?"
        r"(?:agreement|contract|lease|licen[cs]e|franchise|appointment|engagement|subscription)\s"
        r"(?:\([^()]{1,30}\)\s)?)?(?:shall\sbe|is|will\sbe)\s"
        r"(?:for\s)?(?:a\speriod\sof\s)?$",
        0.9,
    ),
    (
        r"(?:\bthe\s|\binitial\s)term\s(?:hereof\s|of\sthis\s(?:\w+\s)?agreement\s)?(?:shall\sbe|is"
        r"|will\sbe)\s(?:for\s)?(?:a\speriod\sof\s)?$",
        0.9,
    ),
    # "term of the Cooperation will be four years": in a cooperation agreement, under a term
    # heading or in a term sentence (a research collaboration may have a term of its own)
    (
        r"\bterm\sof\s(?:the|this)\s(?:cooperation|co-operation|collaboration|alliance|partnership"
        r"|relationship)\s(?:shall\sbe|is|will\sbe)\s(?:for\s)?(?:a\speriod\sof\s)?$",
        0.75,
    ),
    # "The initial term of this Agreement shall be the sooner of six (6) months from the Effective
    # Date, or replacement of this Agreement": at most that long, to be checked
    (
        r"(?:\bthe\s|\binitial\s)term\s(?:hereof\s|of\sthis\s(?:\w+\s)?agreement\s)?(?:shall\sbe|is"
        r"|will\sbe)\sthe\s(?:sooner|earlier|shorter|lesser)\sof\s(?:\(?(?:a|i|1)\)\s)?$",
        0.7,
    ),
    (r"\b(?:an?\s)?(?:initial\s|fixed\s|original\s)?(?:term|period)\sof\s$", 0.75),
    (
        r"\b(?:continue|continues|remain|remains|be|extend|extends)\s(?:valid\s|effective\s|in\s(?:full\s)?"
        r"(?:force|effect)"
        r"(?:\sand\s(?:force|effect))?\s)?(?:initially\s)?"
        r"for\s(?:at\sleast\s)?(?:a\s(?:further\s)?(?:term|period)\sof\s|an?\sinitial\s(?:term|period)\sof\s"
        r"|a\s|the\s(?:entire|full)\s|the\s(?:term|period)\sof\s|the\s)?$",
        0.85,
    ),
    (r"\bfor\san?\sinitial\s(?:term|period)\sof\s$", 0.9),
    # "This JV Agreement shall become effective on the signing date and shall have a duration of"
    (r"\b(?:shall|will)\s(?:have|has)\sa\s(?:(?:total|initial|fixed)\s)?duration\sof\s$", 0.85),
    (
        r"\b(?:the\s|initial\s)duration\s(?:hereof\s|of\s(?:this|the)\s(?:\w+\s)?agreement\s)?(?:shall\sbe"
        r"|is|will\sbe)\s(?:for\s)?(?:a\speriod\sof\s)?$",
        0.9,
    ),
    (r"\bfor\san?\sinitial\s$", 0.85),  # "... continue in effect for an initial five (5) year term"
    (
        r"\b(?:continue|continues|remain|remains)\s(?:thereafter|hereafter)\sfor\s(?:a\s(?:term|period)"
        r"\sof\s)?$",
        0.8,
    ),
    # "... shall continue until five (5) years following the Effective Date"
    (
        r"\b(?:continue|continues|remain|remains)\s(?:in\s(?:full\s)?(?:force|effect)(?:\sand\s(?:force"
        r"|effect))?\s)?until\s$",
        0.8,
    ),
    (r"\b(?:shall|will)\s(?:run|last)\sfor\s(?:a\s(?:term|period)\sof\s)?$", 0.85),
    (r"\b(?:expire|terminate|end)\s$", 0.6),  # "... will expire ten (10) years from the ..."
    (r"\b(?:expire|expires|terminate|terminates|end|ends)\sin\s$", 0.75),  # "expires in five years"
    (
        r"\b(?:expire|terminate|end|until)\s(?:on\s|upon\s)?the\s(?:earlier|earliest)\sof:?\s\(?(?:a|i|1)\)\s$",
        0.7,
    ),
    # "... beginning on the Effective Date and ending two (2) years thereafter"
    (r"\band\s(?:ending|expiring|terminating)\s$", 0.75),
    (
        r"\beindig(?:t|en)\s(?:van\srechtswege\s)?na\s(?:(?:een\speriode|het\sverstrijken)\svan\s)?$",
        0.85,
    ),
    (  # "... and end on the date that is five (5) years after the Effective Date"
        r"\b(?:expire|expires|terminate|terminates|end|ends|continue\suntil)\s(?:on\s)?the\s"
        r"(?:date|day)\s(?:that\sis\s|which\sis\s|falling\s)?$",
        0.85,
    ),
    (r"\b(?:on|upon)\s(?:the\s)?$", 0.5),  # "... on the five (5) year anniversary of ..."
    (r"\b(?:i\.e\.,?\s)?an?\s$", 0.6),  # "(i.e., a three (3) year period commencing on ...)"
)
# what a term counts from when the words after it name an anchor ("three years from the first
# delivery", "commencing on the Launch Date", "after completion")
_TERM_ANCHORED = re.compile(
    r"^\s?(?:\)\s?)?,?\s?(?:\w+\s)?(?:from|after|following|commenc\w*|beginning|starting|upon|as\sof"
    r"|since|on|of|vanaf|na|met\singang|ingaande|te\srekenen|per|op)\b",
    _I,
)


def _end_from_signing(ctx: TextContext, term: _DurationCue, signing: Fact) -> Fact | None:
    """The end of a term that counts from nothing, run from the signing date (see the module
    doc); None when the words after the term name what it counts from."""
    m = term.mention
    _, right = ctx.window(m.start, m.end, before=0, after=80)
    if _TERM_ANCHORED.match(right) or term.score < 0.6:
        return None
    end = deadlines.end_date(dt.date.fromisoformat(str(signing.value)), m.duration)
    return Fact(
        field="end_date",
        value=end.isoformat(),
        confidence=0.5,
        evidence=ctx.evidence(m.start, m.end),
        source=FactSource.computed,
    )


_AGREEMENT_MENTION = re.compile(
    r"\b(?:this|the)\s(?:\w+\s){0,3}?(?:agreement|contract|lease|license|licence)\b|\bthe\sterm\b"
    r"|\b(?:de|deze|het|dit)\s(?:\w+\s)?(?:\w*overeenkomst|abonnement|huur|detachering|bruikleen|contract)\b"
    r"|\blooptijd|\bduur\b|\binitial\sterm\b",
    _I,
)
_TERM_SENTENCE = re.compile(
    r"\bterm\sof\s(?:this|the)\s(?:\w+\s)?(?:agreement|contract)|\b(?:this|the)\s(?:\w+\s){0,2}?"
    r"(?:agreement|contract)\s(?:shall|will)"
    r"\s(?:\w+\s)?(?:continue|remain|be\sin\s(?:full\s)?(?:force|effect)|commence|expire|terminate|run"
    r"|be\sfor|be\svalid|begin|become\seffective|be\seffective|extend)"
    r"|\binitial\s(?:term|period)\b|\bthe\sterm\b|\blooptijd|\bduur\b|\baangegaan|\bgesloten\svoor"
    r"|\bloopt\b"
    r"|\b(?:(?:shall|will)\shave|has)\san?\s(?:initial\s)?(?:term|duration)\b"
    r"|\b(?:this|the)\s(?:\w+\s){0,2}?(?:agreement|contract)\sis\s(?:for|valid)\b",
    _I,
)
_TERM_HEADING = re.compile(
    r"\b(?:term|duration|duur|looptijd|period|expir\w*|ingangsdatum|commencement)\b", _I
)


def _clause_chain(ctx: TextContext, offset: int) -> Iterator[Clause]:
    """The clause at ``offset`` and the clauses around it, innermost first."""
    clause = ctx.clause_at(offset)
    while clause is not None:
        yield clause
        parent = [
            c
            for c in ctx.clauses
            if c.start <= clause.start
            and c.end >= clause.end
            and c is not clause
            and c.level < clause.level
        ]
        clause = parent[-1] if parent else None


def _termination_heading(ctx: TextContext, offset: int) -> bool:
    """Whether the clause at ``offset`` is headed "Termination" (or is about the term)."""
    return any(
        re.search(r"\b(?:terminat\w*|beëindig\w*)", c.heading, _I)
        for c in _clause_chain(ctx, offset)
    ) or _term_heading(ctx, offset)


def _term_heading(ctx: TextContext, offset: int) -> bool:
    return any(
        _TERM_HEADING.search(c.heading) or "term" in c.types for c in _clause_chain(ctx, offset)
    )


_COVENANT = re.compile(
    r"\b(?:compet\w*|solicit\w*|confidential\w*|geheim\w*|concurren\w*|relatiebeding|survive\w*|covenant\w*"
    r"|van\skracht\sblijft|blijft\s(?:\w+\s){0,3}van\skracht|warrant\w*|garantie\w*|indemnif\w*)",
    _I,
)
_TERM_STATEMENT = re.compile(
    r"\b(?:this|the)\s(?:\w+\s){0,2}?agreement\s(?:shall|will)\s(?:\w+\s)?(?:continue|remain|commence"
    r"|expire|be\sfor|have\san\sinitial)|\bterm\sof\s(?:this|the)\s(?:\w+\s)?agreement\s(?:shall|will|is)"
    r"|\b(?:de|deze)\s(?:\w+)?overeenkomst\s(?:wordt|is)\saangegaan|\blooptijd\svan\b",
    _I,
)
_OTHER_DEFINITION = re.compile(
    r"[“\"](?!(?:initial\s)?term[”\"]|(?:initi[eë]le\s)?looptijd[”\"]|(?:contract|agreement)\s(?:period"
    r"|term)[”\"]|contractperiode[”\"])[^”\"]{2,40}[”\"]\s?(?:means|shall\smean"
    r"|betekent|wordt\sverstaan)|\bthe\sterm\s[“\"]",
    _I,
)
_TERM_AFTER_OK = re.compile(
    r"^\s?(?:\)|,)?\s?(?:(?:te\srekenen\s)?(?:vanaf|na|from(?:\sand\sincluding)?|after|following"
    r"|subsequent\sto|commencing|beginning"
    r"|starting)\s(?:de|het|the|on\sthe|this)?\s?(?:ingangsdatum|effective\sdate|commencement\sdate"
    r"|date|datum|start|aanvang|ondertekening|signing|execution)"
    r"|(?:commencing|beginning|starting|ingaande|aanvangend)\s(?:on\s|as\sof\s|op\s|per\s)?(?:the\s)?"
    r"(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mrt|mei|okt)[a-z]*\.?\s\d)"
    r"|anniversary|(?:year\s)?anniversary\sof|(?:the\s)?period\scommencing|(?:initial\s)?(?:term"
    r"|agreement|contract)\b|\(?(?:de|the)\s"
    r"[\"“']?(?:initi[eë]le\slooptijd|initial\sterm|looptijd|term)\b"
    # "shall end fifteen months therefrom"
    r"|(?:therefrom|thereafter|from\s(?:such|that)\sdate)\b)",
    _I,
)
# The document itself described by its length: "this is a", "this Agreement shall be a"
_IS_AN_AGREEMENT_OF = _flexible(
    r"\b(?:this\s+(?:agreement|contract)\s+(?:shall\s+be|is|will\s+be)|this\s+is|deze\s+"
    r"overeenkomst\s+is)\s+(?:a|an|een)\s+$",
    _I,
)
_AGREEMENT_AFTER = re.compile(r"^\s?(?:agreement|contract|overeenkomst)\b", _I)
_NOT_TERM_AFTER = re.compile(
    r"^\s?(?:\)|,)?\s?(?:(?:na|after|following|from)\s(?:\(\w{1,3}\)\s)?(?:the\s|de\s|het\s)?(?:einde|expiration|expiry"
    r"|termination|beëindiging|afloop|date\sof\stermination)|(?:prior|before|voor|vóór|van\stevoren"
    r"|in\sadvance|notice|written\snotice|'|’|’s|'s)\b|(?:opzeg|notice))",
    _I,
)

# "year to year", "year-to-year", also broken at a line end ("year-to-\nyear")
_YEAR_TO_YEAR = r"year[\s-]{1,3}to[\s-]{1,3}year"
_MONTH_TO_MONTH = r"month[\s-]{1,3}to[\s-]{1,3}month"

_AUTO_RENEWAL = Gated(
    _flexible(
        r"\bstilzwijgend\w*\s(?:\w+\s){0,4}?verleng\w*|\bverleng\w*\s(?:\w+\s){0,6}?stilzwijgend"
        r"|\bautomatisch\w*\s(?:\w+\s){0,4}?verleng\w*|\bverleng\w*\s(?:\w+\s){0,3}?automatisch"
        r"|\btelkens\s(?:\w+\s){0,4}?verlengd|\bverlengd\s(?:\w+\s){0,3}?telkens"
        r"|\b(?:wordt|worden)\s(?:\w+\s){0,4}?(?:voortgezet|verlengd)\s(?:\w+\s){0,2}?(?:voor|met)\s(?:\w+\s){0,2}?"
        r"(?:aansluitende|opeenvolgende)\b"
        r"|\bautomatic(?:ally)?\s(?:\w+\s){0,3}?(?:renew|extend|extension)\w*|\b(?:renew|extend)\w*\s(?:\w+\s){0,3}?"
        r"automatically|\bauto[\s-]renew\w*|\bevergreen\b"
        r"|\b(?:renew|renewed|extended|continue)\s(?:\w+\s){0,4}?for\s(?:\w+,?\s){0,3}?(?:successive|consecutive)\b"
        r"|\b(?:renewed|extended|renews|continues)\stacitly\b|\btacit(?:ly)?\s(?:renewal|renewed|extension)\b"
        r"|\bunless\b[^.]{0,80}\b(?:continue|continues|remain|remains)\s(?:\w+\s){0,5}?for\s(?:\w+\s){0,2}?"
        r"(?:additional|further|subsequent|consecutive|successive)\b"
        r"|\bautomatically\s(?:continue|continues|remain|remains)\s(?:\w+,?\s){0,5}?for\s(?:\w+\s){0,2}?"
        r"(?:additional|further|subsequent|consecutive)\b"
        r"|\b(?:continue|continues)\s(?:\w+\s){0,5}?for\s(?:an?\s)?(?:\w+\s)?(?:additional|further"
        r"|subsequent|consecutive)\b(?=[^.]{0,300}\bunless\b)"
        r"|\bsuccessive\s(?:\w+\s){0,4}?(?:renewal\s)?(?:periods?|terms?)\b"
        rf"|\bfrom\s{_YEAR_TO_YEAR}\b|\b{_YEAR_TO_YEAR}\b|\b{_MONTH_TO_MONTH}\b"
        r"|\brenewable\b(?=[^.]{0,300}\bunless\b[^.]{0,120}\b(?:notice|notif\w*|elect\w*))"
        r"|\b(?:renew|renews|renewed|extend|extends|extended)\s(?:\w+\s){0,6}?(?:for|by)\s(?:an?\s|one\s)?"
        r"(?:\(\d\)\s)?(?:additional|further|subsequent|consecutive|like|similar)\b(?=[^.]{0,300}\bunless\b)"
        r"|\bunless\b[^.]{0,200}\b(?:not\sto\srenew|non-renewal|intention\snot\sto\s(?:renew|extend))"
        r"|\b(?:renew|renews|renewed|extended)\s(?:automatically\s)?annually\b(?=[^.]{0,300}\bunless\b)",
        _I,
    )
)
# After the (initial) term the contract runs on with no fixed end until a party gives notice:
# "Thereafter, this Agreement shall automatically continue in effect until either party gives
# ... notice", "renew for an unlimited period", "wordt daarna voortgezet voor onbepaalde tijd".
_CONTINUES_INDEFINITELY = Gated(
    _flexible(
        r"\b(?:thereafter|after\sthat|hereafter|after\s(?:the\s)?(?:expiry|expiration|end)\sof\s(?:the|such"
        r"|its)\s(?:\w+\s)?(?:term|period)),?\s(?:\w+\s){0,4}?(?:automatically\s)?(?:continue|continues"
        r"|remain|remains|be\sextended|be\srenewed)\s(?:in\s(?:full\s)?(?:force|effect)\s(?:and\s(?:force"
        r"|effect)\s)?)?(?:indefinitely\b|for\san?\s(?:indefinite|unlimited)\s(?:period|term|duration)"
        r"|until\s(?:(?:it\sis\s)?terminated\sby\s(?:either|any|one)|(?:either|any|one)\s(?:party|of\sthe"
        r"\sparties)\s(?:gives|provides|serves|delivers|terminates)))"
        r"|\b(?:renew|renews|renewed|renewal|extend|extends|extended|continue|continues)\s(?:automatically\s)?"
        r"(?:thereafter\s)?for\san?\s(?:unlimited|indefinite)\s(?:period|term|duration)"
        r"|\band\sindefinitely\s(?:after\sthat|thereafter)\suntil\s(?:it\sis\s)?terminated\b"
        # "... the fifteenth Contract Year, and shall continue in full force and effect thereafter
        # until terminated by either Party"
        r"|\b(?:continue|continues|remain|remains)\s(?:in\s(?:full\s)?(?:force|effect)\s(?:and\s(?:force"
        r"|effect)\s)?)?(?:thereafter|after\sthat|from\syear\sto\syear\sthereafter)\suntil\s(?:(?:it\sis\s)?"
        r"terminated\sby\s(?:either|any|one)|(?:either|any|one)\s(?:party|of\sthe\sparties)\s(?:gives"
        r"|provides|serves|delivers|terminates))"
        r"|\b(?:voortgezet|verlengd|omgezet)\s(?:\w+\s){0,3}?(?:voor|in\seen\s(?:\w+\s)?(?:\w*overeenkomst)"
        r"\svoor)\sonbepaalde\stijd\b"
        r"|\b(?:gaat|wordt)\s(?:\w+\s){0,6}?over\sin\seen\s(?:\w+\s)?(?:\w*overeenkomst)\svoor"
        r"\sonbepaalde\stijd\b",
        _I,
    )
)
_NOT_THE_CONTRACT = re.compile(
    r"\b(?:obligations?|licen[cs]es?|rights?|confidential\w*|verplichting\w*|geheimhouding\w*)\b",
    _I,
)
_TACIT_UNLESS = Gated(
    _flexible(r"\bwordt\s(?:\w+\s){0,8}?verlengd\b[^.]{0,250}?\btenzij\b", _I)
)
_OPTION_RENEWAL = Gated(
    _flexible(
        r"\b(?:kan|kunnen|mag|mogen)\s(?:\w+\s){0,10}?(?:worden\s)?verleng\w*"
        r"|\bverleng\w*\s(?:\w+\s){0,3}?(?:kan|mag)\b"
        r"|\b(?:optie|recht)\s(?:\w+\s){0,2}?(?:tot|om)\s(?:\w+\s){0,3}?verleng\w*|\bverlengingsoptie"
        r"|\b(?:heeft|hebben)\shet\srecht\s(?:\w+\s){0,8}?te\sverlengen\b"
        r"|\b(?:option|right)\s(?:\w+\s){0,2}?to\s(?:\w+\s){0,2}?(?:renew|extend)\b"
        r"|\b(?:option|right)\sto\scontinue\b(?=[^.]{0,100}\b(?:additional|further|renewal)\s(?:\w+\s)?"
        r"(?:terms?|periods?)\b)"
        r"|\bmay,?\s(?:[\w,]+\s){0,6}?(?:renew|extend)\w*\b|\bat\sthe\soption\sof\b"
        # "shall renew only upon the mutual written agreement of the parties for ..."
        r"|\b(?:renew|be\srenewed|extend|be\sextended)\s(?:only\s)?(?:upon|by|with)\s(?:the\s)?"
        r"(?:mutual\s(?:written\s)?|written\smutual\s)(?:agreement|consent)\b"
        r"|\brenewable\s(?:for|by|at|upon|on)\b"
        r"|\belects?\s(?:\w+\s){0,3}?to\s(?:\w+\s){0,2}?(?:renew|extend)\b"
        r"|\b(?:option|right),\s[^.;]{3,120}?,\sto\s(?:\w+\s){0,2}?(?:renew|extend)\b"
        r"|\bat\s(?:its|their|his|her)\s(?:sole\s)?(?:option|election|discretion),?\s(?:\w+\s){0,3}?(?:renew|extend)\w*\b"
        # "At Rogers' option, this Agreement shall renew for ..."
        r"|\bat\s[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3}(?:'s|'|’s|’)\s(?:sole\s)?(?:option|election|discretion),?\s"
        r"(?:\w+\s){0,4}?(?:renew|extend)\w*\b",
        _I,
    )
)
# renewal only by agreement of both parties: no party holds an option
_MUTUAL = re.compile(
    r"\bmutual(?:ly)?\b|\bby\s(?:written\s)?agreement\sof\s(?:both|the)\sparties"
    r"|\bagreed\s(?:upon\s)?(?:in\swriting\s)?by\s(?:both|the)\sparties|\bonderling\s(?:overleg"
    r"|goedvinden)|\bmet\swederzijds\w*\s(?:goedvinden|instemming|toestemming)"
    # "if STAAR and Distributor expressly agree in writing", "indien partijen dat overeenkomen"
    r"|\b(?:if|provided\sthat|indien|als)\s(?:both\s)?(?:the\s)?(?:parties|partijen|[\w&-]+\sand\s"
    r"(?:the\s)?[\w&-]+|[\w&-]+\sen\s[\w&-]+)\s(?:\w+\s){0,2}?(?:agree|overeenkomen)\b",
    _I,
)
_NO_RENEWAL = Gated(
    _flexible(
        r"\bstilzwijgende\sverlenging\s(?:\w+\s){0,3}?(?:is\s)?(?:uitgesloten|niet\smogelijk)"
        r"|\bniet\s(?:\w+\s){0,3}?(?:stilzwijgend|automatisch)\s(?:\w+\s){0,2}?verlengd"
        r"|\bverlenging\s(?:\w+\s){0,4}?(?:uitsluitend|slechts|alleen)\s(?:\w+\s){0,2}?mogelijk\sbij"
        r"\s(?:\w+\s){0,2}?schriftelijke"
        r"|\b(?:shall|will|does)\snot\s(?:be\s)?(?:automatically\s)?(?:renew|extend|be\srenewed)\w*"
        r"|\bnot\s(?:renew|be\sextended)\s(?:\w+\s){0,2}?automatically|\bno\sautomatic\srenewal"
        r"|\bmay\sonly\sbe\s(?:extended|renewed)\sby\s(?:a\s|the\s)?(?:written|mutual)"
        r"|\beindigt\s(?:\w+\s){0,4}?van\srechtswege\b",
        _I,
    )
)
_RENEWAL_OBJECT = Gated(
    re.compile(
        r"\b(?:(?:this|the|such)\s(?:\w+\s){0,3}?(?:agreement|contract|terms?|lease|license|licence"
        r"|subscription)|(?:de|deze|het|dit)\s(?:\w+\s){0,2}?(?:\w*overeenkomst|abonnement|huur|detachering"
        r"|bruikleen|contract)|looptijd|rights?\sto\s(?:renew|extend)|(?:option|right)\sto\s(?:renew|extend)"
        r"|it\s(?:shall|will)\s(?:then\s|thereafter\s)?(?:automatically\s)?(?:renew|be\srenewed|be\sextended)|renewal\sterms?"
        # "It is established by calendar year and renewed tacitly every year."
        r"|it\sis\s(?:\w+\s){0,5}?(?:renewed|extended)\s(?:tacitly|automatically)"
        r"|verlengingsoptie|initi[eë]le\slooptijd|initial\sterm)\b",
        _I,
    )
)
_TIME_PERIOD = _flexible(
    r"\b(?:time\speriods?|periods?\sof\stime|deadlines?|time\slimits?|such\speriods?\s(?:shall|will)"
    r"|termijnen?\svoor)\b",
    _I,
)
_NEGATED = re.compile(r"\b(?:not|niet|no|geen|never|nooit)\b[^.,;]{0,30}\Z", _I)
_NOT_RENEWAL = Gated(
    re.compile(
        r"\b(?:time\speriod|deadline|registrations?|patents?|policy|policies"
        r"|insurance|verzekering\w*|permits?)\b",
        _I,
    )
)
_PERIOD_AFTER_RENEWAL = Gated(
    re.compile(
        r"(?:verleng\w*|renew\w*|extend\w*|extension|verlenging|voortgezet|continue\w*)"
        r"(?:\s(?:\w+,?|\(\d+\)|[-–]|\([\w\s-]{1,30}\)))*?\s?$",
        _I,
    )
)
_INITIAL_PERIOD_BEFORE = re.compile(
    r"\b(?:initial|original|first|initi[eë]le|eerste)\s(?:term|period|periode|looptijd)\s(?:of|van)\s?$",
    _I,
)
_FURTHER = re.compile(
    r"\b(?:additional|successive|further|consecutive|subsequent|renewal|like|similar|aansluitende"
    r"|opeenvolgende)\b",
    _I,
)
# a renewal period stated on its own: "Each Renewal Term shall be one (1) year", "De
# verlengingsperiode bedraagt telkens twaalf (12) maanden"
_RENEWAL_TERM_IS = Gated(
    re.compile(
        r"\b(?:(?:renewal|extension)\s(?:term|period)s?|verlengingsperiodes?|verlengingstermijn(?:en)?)"
        r"(?:\shereunder)?(?:[\"”’']?\)?)?\s(?:shall\sbe|is|will\sbe|bedraagt|zijn)\s(?:for\s|telkens\s)?"
        r"(?:a\s(?:period|term)\sof\s|een\s(?:periode|termijn)\svan\s)?$",
        _I,
    )
)
_WITHIN_BEFORE = re.compile(
    r"\b(?:within|binnen)\s(?:a\s(?:period|term)\sof\s|een\stermijn\svan\s)?$", _I
)
# the duration names the initial term: "the five (5) year term ("Initial Term")"
_INITIAL_AFTER = re.compile(
    r"^\s?(?:\)\s?)?(?:terms?|periods?)?\s?\(\s?(?:the\s|hereinafter\s)?[\"“”'‘’]{0,2}\s?(?:initial|original)"
    r"\s(?:term|period)\b",
    _I,
)
_RENEWAL_LATER = re.compile(r"\b(?:renew\w*|extend\w*|thereafter)\b", _I)
_PERIOD_BEFORE_RENEWAL = re.compile(
    r"\b(?:met|for|by)\s(?:telkens\s|each\s)?(?:(?:een|an?)\s(?:\w+\s)?(?:periode|termijn|period|term)"
    r"\s(?:van|of)\s)?\s?$",
    _I,
)
_MAX_RENEWALS = re.compile(
    r"\b(?P<word>eenmaal|éénmaal|tweemaal|driemaal|viermaal|vijfmaal|once|twice|thrice)\b"
    r"|\b(?:maximaal|ten\shoogste|hooguit|up\sto|a\smaximum\sof|no\smore\sthan|not\smore\sthan)\s"
    r"(?P<n>[\w-]+)(?:\s\(\d+\))?\s(?:(?:additional|successive|further|consecutive|renewal)\s)*"
    r"(?:keer|maal|times|periods?|terms?|renewals?|extensions?|verlengingen|[\w-]+\s(?:periods?|terms?))"
    r"|\b(?P<m>one|two|three|four|five|\d)\s(?:\(\d\)\s)?(?:additional|successive|further|consecutive)"
    # "four (4) additional ten (10) year terms"
    r"\s(?:[\w()-]+\s){0,3}?(?:periods?|terms?|renewal)"
    # "twee keer met een jaar worden verlengd", "renewed two times" (not "twee keer per jaar")
    r"|\b(?P<k>een|één|twee|drie|vier|vijf|one|two|three|four|five|\d)\s(?:\(\d\)\s)?(?:keer|times)\b"
    r"(?!\s(?:per|a|an|every|each|in|op)\b)",
    _I,
)
_PERIOD_WORD = re.compile(
    r"\b(?P<y>(?:successive\s|additional\s|further\s)?annual\s(?:renewal\s)?(?:periods?|terms?|basis"
    r"|renewals?|extensions?)|(?:renew|renews|renewed|renewing|extend|extends|extended|extending)\s"
    r"(?:automatically\s)?annually"
    rf"|year\sby\syear|{_YEAR_TO_YEAR}|jaarlijks\w*|(?:each|every)\s(?:succeeding\s|following\s)?year"
    r"|for\s(?:another|one\s(?:more|further|additional))\syear)\b"
    rf"|\b(?:{_MONTH_TO_MONTH}|(?:each|every)\smonth|(?:successive\s)?monthly\s"
    r"(?:periods?|terms?|basis)|maandelijks\w*)\b",
    _I,
)
# a renewal period as long as the initial term
_SAME_PERIOD = re.compile(
    r"\b(?:equal\s(?:in\s(?:length|duration)\s)?to\sthe\s(?:initial\s|original\s|previous\s|preceding\s"
    r"|then[\s-]current\s|expiring\s)?(?:term|period)"
    r"|for\s(?:(?:successive|additional|further|consecutive)\s)*(?:like|identical|equal|similar)\s"
    r"(?:periods?|terms?)(?!\s(?:and|&)\sconditions)"
    r"|(?:the\ssame|equal|like)\s(?:length|duration|period)"
    r"|of\s(?:equal|the\ssame|like)\s(?:length|duration)"
    r"|(?:eenzelfde|een\sgelijke|dezelfde|gelijke)\s(?:periode|duur|termijn|looptijd))\b",
    _I,
)
_MULTIPLIER = {
    "eenmaal": 1,
    "éénmaal": 1,
    "once": 1,
    "tweemaal": 2,
    "twice": 2,
    "driemaal": 3,
    "thrice": 3,
    "viermaal": 4,
    "vijfmaal": 5,
}

_NOTICE_BEFORE = _cues(
    (
        r"\bopzeg(?:gings)?termijn\s(?:\w+\s){0,2}?van\s(?:ten\sminste\s|minimaal\s|tenminste\s)?$",
        0.92,
    ),
    (
        r"\b(?:met\sinachtneming\svan\s|tegen\s|onder\sinachtneming\svan\s)(?:een|de)\s(?:\w+\s)?"
        r"termijn\svan\s(?:ten\sminste\s|minimaal\s)?$",
        0.85,
    ),
    (r"\bmet\seen\stermijn\svan\s(?:ten\sminste\s|minimaal\s)?$", 0.8),
    (r"\b(?:notice\speriod|period\sof\snotice)\sof\s(?:at\sleast\s|not\sless\sthan\s)?$", 0.9),
    # "upon written notice to the other Party of at least 3 months"
    (
        r"\bnotice\s(?:of\stermination\s)?(?:to\s(?:the\sother\s|each\sother\s)?\w+\s)?of\s(?:at\sleast\s"
        r"|not\sless\sthan\s|no\sless\sthan\s)$",
        0.85,
    ),
    (
        r"\b(?:upon|on|by\sgiving|giving|with|after|provides?|gives?|give|by)\s(?:the\sother\sparty\s)?"
        r"(?:at\sleast\s|not\sless\sthan\s|no\sless\sthan\s|a\sminimum\sof\s|minimum\sof\s)?$",
        0.5,
    ),
    (
        r"\b(?:at\sleast|not\sless\sthan|no\sless\sthan|ten\sminste|minimaal|uiterlijk|tenminste)\s$",
        0.6,
    ),
)
_NOTICE_AFTER = re.compile(
    r"^\s?(?:\)\s?)?(?:'|’|’s|'s)?\s?(?:(?:prior|advance|written|voorafgaande|schriftelijke"
    r"|voorafgaand)\s){0,3}(?:notice|kennisgeving|notification|opzegging)\b",
    _I,
)
_BEFORE_END_AFTER = re.compile(
    r"^\s?(?:\)\s?)?(?:'|’|’s|'s)?\s?(?:or\s(?:more|longer)\s)?(?:(?:prior|previous)(?:\sto)?|before|voor|vóór"
    r"|preceding"
    r"|in\sadvance\sof)\s(?:het\s|the\s|de\s|such\s|each\s|any\s)?(?:(?:any|each|the)\syear[’']s\s)?"
    r"(?:(?:then[\s-])?(?:scheduled|relevant"
    r"|stated|respective|automatic|natural|normal|original)\s)?(?:einde|afloop|verstrijken|expiration|expiry"
    r"|end|termination|last\sday"
    r"|beginning|start"
    r"|then[\s-]current|current|applicable|anniversary|renewal|commencement|date\sof\s(?:expiration"
    r"|expiry|renewal)|(?:initial\s)?term|desired\sdate|the\sdate)"
    r"|^\s?(?:\)\s?)?(?:prior|previous)\sthereto\b",
    _I,
)
_END_OF_PERIOD = re.compile(
    r"\b(?:expiration|expiry|end\sof\sthe\s(?:then[\s-])?(?:current|initial|applicable)|einde\svan\sde"
    r"\s(?:lopende|dan\slopende)|afloop\svan|tegen\shet\seinde)\b",
    _I,
)
_IN_ADVANCE = re.compile(r"^\s?(?:in\sadvance|van\stevoren|vooraf|tevoren|beforehand)\b", _I)
_TERMINATION_CONTEXT = re.compile(
    r"\b(?:opzeg\w*|beëindig\w*|beeindig\w*|terminat\w*|cancel\w*|non-renewal|not\sto\srenew"
    r"|niet\s(?:te\s)?verlengen|renew\w*|extend\w*|extension|verleng\w*|einde|afloop|expir\w*|terugvorder\w*"
    r"|ontbind\w*|opgezegd)",
    _I,
)
_NOT_NOTICE = re.compile(
    r"\b(?:ingebrekestelling|in\sgebreke|herst\w*|remed\w*|cure\w*|breach\w*|tekortkoming"
    r"|overmacht|force\smajeure|prijswijziging\w*|price\schange|charges|fees|tarie\w*|prijs\w*"
    r"|kennis\sheeft\sgekregen|aankondig\w*|announce\w*|binnen|within|audit\w*|inspect\w*"
    r"|invoice\w*|factu\w*|betaling\w*|payment\w*)",
    _I,
)
# a notice (or the end of the contract brought about by one) named in the sentence
_NOTICE_WORD = re.compile(
    r"\b(?:notic\w*|notif\w*|inform\w*|in\swriting|non-?renew\w*|not\s(?:to\s)?(?:be\s)?(?:renew|extend)"
    r"|unless\s(?:\w+\s)?terminated\sby|terminated\sby\s(?:either|any|one|the\sother)\b"
    r"|request\w*\s(?:\w+\s)?(?:termination|non-?renewal|cancellation)"
    r"|terminat\w*\s(?:at\sleast|no\s(?:later|less)|not\sless)\b"
    r"|terminat\w*\s(?:this\s|the\s)?(?:\w+\s)?agreement\s(?:at\sany\stime\s)?(?:upon|by\sgiving|on|with)\b"
    r"|cancel\w*|opzeg\w*|opgezegd|beëindig\w*|kennisgev\w*|schriftelijk\w*"
    r"|aangetekend\w*|mededel\w*|laten\sweten|ontbind\w*)",
    _I,
)
# "reserves the right to change the applicable charges ... upon 30 days prior notice"
_PRICE_CHANGE = re.compile(
    r"\b(?:chang|increas|adjust|institut|wijzig|verhog|aanpass)\w*\s(?:\w+\s){0,3}?(?:charges|fees|prices"
    r"|rates|tarie[fv]\w*|prijz\w*|vergoeding\w*)\b",
    _I,
)
_INSURANCE = re.compile(r"\b(?:insur\w*|insurer|polic(?:y|ies)|verzeker\w*|polis)\b", _I)
_FOR_CAUSE = re.compile(
    r"\b(?:with\scause|for\scause|breach\w*|cure|cured|cures|curing|uncured|default\w*|insolven\w*|bankrupt\w*"
    r"|change\sof\scontrol"
    r"|ingebrekestelling|in\sgebreke|tekortkoming\w*|wanprestatie)\b",
    _I,
)
# a notice of something else than the end: "written notice of any deficiencies in your operation"
_NOTICE_OF_OTHER = re.compile(
    r"\bnotice\s(?:\w+\s){0,2}?of\s(?:any\s|the\s|such\s)?(?:deficienc\w*|defects?"
    r"|claims?)\b",
    _I,
)
_NOT_FOR_CAUSE = re.compile(r"\b(?:other\sthan|except\sfor|not\sfor)\s(?:a\s)?breach\b", _I)
_EARLY = re.compile(r"\b(?:tussentijds\w*|for\sconvenience|at\sany\stime|te\sallen\stijde)\b", _I)
_OPTION_EXERCISE = re.compile(
    r"\b(?:optie\w*|verlengingsoptie|gebruikmaakt|gebruik\smaakt|wil\sverlengen|verlenging\swenst"
    r"|option|exercise\w*|choice\sto\srenew|choos\w*\sto\s(?:renew|extend)|elect\w*\s(?:to\s\w+\s)?to\s(?:renew|extend)|intention\sto\s(?:renew"
    r"|extend)|(?:desires?|wish(?:es)?|wants?)\sto\s(?:renew|extend)|(?:extending|renewing)\sparty)\b",
    _I,
)

_INDEFINITE = _flexible(
    r"\bvoor\sonbepaalde\stijd|\bonbepaalde\slooptijd|\bfor\san?\s(?:indefinite|unlimited)\s"
    r"(?:period|term|duration)|\bin\sperpetuity\b|\bperpetual\b"
    r"|\b(?:continue|remain),?\s(?:[\w,]+\s){0,8}?until\s(?:it\sis\s)?terminated\b"
    r"|\b(?:valid|effective|in\s(?:full\s)?(?:force|effect)|continue|remain)\s(?:\w+\s){0,8}?"
    r"unless\sand\suntil\s(?:(?:it\sis\s)?terminated|(?:either|any|one)\s(?:party|of\sthe\sparties)"
    r"|the\soccurrence\sof\s(?:any\sof\s)?the\sfollowing)\b"
    r"|\b(?:continue|remain)\s(?:\w+\s){0,5}?until\s(?:either|any|one)\s(?:party|of\sthe\sparties)\s"
    r"(?:terminates|elects\sto\sterminate|gives|provides|informs|notifies|serves|delivers)\b"
    r"|\b(?:continue|continues|remain|remains|endure|endures|be|is|in\sforce|in\seffect)\s"
    r"(?:in\s(?:full\s)?(?:force|effect)\s(?:and\s(?:effect|force)\s)?)?(?:indefinitely|perpetually)\b"
    r"|\b(?:from|as\sof)\s[^.;]{3,40}\sand\sperpetually\sthereafter\b"
    r"|\bfor\sperpetuity\b|\b(?:end|ends|expire|expires)\swhen\sterminated\sby\b"
    r"|\b(?:continue|continues|remain|remains)\s(?:in\s(?:full\s)?(?:force|effect)\s)?until\stermination"
    r"\s(?:as\sprovided|in\saccordance|pursuant|under)\b",
    _I,
)
# No end at all: the contract ends only on an event ("This Agreement shall expire if the
# Distributor ceases to ...") or when a party gives notice ("This Agreement shall terminate upon
# either party giving sixty (60) days' notice"). Read only in a sentence that states the term.
_EVENT_END = _flexible(
    r"\b(?:this|the)\s(?:\w+\s){0,2}?agreement\s(?:shall|will)\s(?:automatically\s)?"
    r"(?:expire|terminate|end|continue\s(?:\w+\s){0,5}?until)(?:,\s[^.,;]{1,100},"
    r"|\s(?:as\sto|with\srespect\sto)\s[^.,;]{1,80}?"
    # "shall terminate (a) at the option of any party, upon 90 days' advance written notice"
    r"|\s\((?:a|i|1)\)\s(?:at\sthe\s(?:option|election)\sof\s(?:any|either)\s(?:party|of\sthe"
    r"\sparties)(?:\shereto)?,?)?)?\s(?:if|when"
    r"|at\ssuch\stime\sas|on\sthe\sdate\s(?:on\s)?(?:which|that)|(?P<notice>upon\s(?:(?:either|any"
    r"|one)\sparty\s(?:giving|providing|delivering|serving)|(?:[\w'’]+\s){0,4}?(?:written\s)?notice"
    r"\b))"
    # "shall terminate upon the earliest to occur of (a) ...", "upon the Trust's payment of ..."
    r"|(?P<event>upon\s(?:the\s)?(?:earliest|earlier|first)\s(?:to\s(?:occur|happen)\s)?of\b"
    r"|upon\s(?:the\s)?(?:[\w'’]+\s){1,3}?(?:payment|repayment|completion|closing|consummation"
    r"|dissolution|liquidation|sale)\s(?:to\s(?:\w+\s){1,3})?of\b))",
    _I,
)
# the next of a list of alternatives: "upon 90 days' notice; or (b) in the event of a breach"
_NEXT_ALTERNATIVE = re.compile(r";|\s\((?:b|ii|2)\)\s")
# The term runs until something else ends: "shall continue until the termination of the
# Strategic Alliance Agreement", "until the expiration of the Royalty Term applicable to such
# Product". No fixed end (read only where no term or end date was found).
_UNTIL_ANOTHER_ENDS = _flexible(
    r"\b(?:continue|continues|remain|remains|extend|extends|be\seffective)\s(?:in\s(?:full\s)?(?:force|effect)"
    r"(?:\sand\s(?:force|effect))?\s)?(?:[^.;]{0,80}?\s)?until\s(?:the\s)?(?:last\sdate\sof\s)?(?:expiration"
    r"|termination|expiry)\s(?:(?:or|and/or|and)\s(?:earlier\s)?(?:termination|expiration)\s)?of\s"
    r"(?!(?:the|this|such|its)\s(?:initial\s|renewal\s|then[\s-]current\s)?(?:term|agreement)\b)"
    # "shall continue to be in full force and effect for so long as ...", "continue through the
    # completion or termination of Developer's services"
    r"|\b(?:continue|continues|remain|remains)\s(?:to\sbe\s)?(?:in\s(?:full\s)?(?:force|effect)(?:\sand\s"
    r"(?:force|effect))?\s)?(?:for\sso\slong\sas|through\sthe\scompletion)\b"
    # "shall remain valid during the term of the LSA"
    r"|\b(?:remain|remains)\s(?:valid|in\s(?:full\s)?(?:force|effect))\s(?:for|during)\s(?:the\s)?"
    r"(?:term|duration|life)\sof\s(?:the\s)?(?!(?:this|such|its|initial|renewal|agreement|contract"
    r"|overeenkomst)\b)[A-Z]",
    _I,
)
_END_OF_SOMETHING = re.compile(
    r"\b(?:expiration|expiry|end|completion)\sof\s(?:the|this|its|such)\b"
)
_TERM_CLAUSE_START = re.compile(r"^\W{0,3}(?:[\d.]{1,8}\s)?(?:term|duration)\b")


# a label row naming the duration after it, the whole line up to the value
_LABEL_BEFORE = re.compile(
    # at the start of a line, or after a sentence on the same line (text without its line
    # breaks: "... managing the affairs of the Company. Term: twelve (12) months from ..."); a
    # clause number may come first: "3.2 Opzegtermijn: 3 maanden"
    r"(?:^|(?<=[.;])[ \t])[ \t]*(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?[ \t]+)?"
    r"(?:(?P<initial_term>(?:initial\s|original\s)?term(?:\sof\s(?:this\s)?agreement)?"
    r"|(?:initi[eë]le\s)?looptijd|contractduur|duur\sovereenkomst)"
    r"|(?P<notice_period>notice\speriod|(?:period\sof\s)?notice\s(?:of\s|for\s)?(?:non-renewal"
    r"|termination|cancellation)|opzegtermijn)"
    r"|(?P<renewal_period>renewal\s(?:term|period)|verlengingsperiode|verlengingstermijn))"
    r"[ \t]*(?:[:|]|\t)[ \t]*$",
    _I,
)


@dataclass(slots=True)
class _DurationCue:
    mention: DurationMention
    field: str  # initial_term, renewal_period, notice_period, exercise_notice
    score: float


def _sentence_text(ctx: TextContext, offset: int) -> tuple[int, int, str]:
    """(start, end, lower-cased normalised text) of the sentence at ``offset``; kept per sentence,
    as a long sentence may hold many durations."""
    s_start, s_end = ctx.sentence(offset)
    key = f"sentence_text:{s_start}"
    cached = ctx.cache.get(key)
    if isinstance(cached, str):
        return s_start, s_end, cached
    text = norm(ctx.full[s_start:s_end]).lower()
    ctx.cache[key] = text
    return s_start, s_end, text


def _is_renewal_sentence(ctx: TextContext, offset: int, sentence: str) -> bool:
    """Whether the sentence at ``offset`` speaks of a renewal (once per sentence: a long one
    may hold hundreds of durations)."""
    key = f"renewal_sentence:{ctx.sentence(offset)[0]}"
    cached = ctx.cache.get(key)
    if isinstance(cached, bool):
        return cached
    found = bool(
        _AUTO_RENEWAL.search(sentence)
        or _TACIT_UNLESS.search(sentence)
        or _OPTION_RENEWAL.search(sentence)
    )
    ctx.cache[key] = found
    return found


def _of_the_policies_before(ctx: TextContext, offset: int, sentence: str) -> bool:
    """Whether the sentence at ``offset`` goes on about the insurance policies of the sentence
    before it without naming the contract: "All policies shall be endorsed ... In the event of
    cancellation, non-renewal or material modification SDBF shall receive thirty (30) days
    written notice thereof." """
    if _CONTRACT_NAMED.search(sentence):
        return False
    s_start, _ = ctx.sentence(offset)
    if s_start == 0:
        return False
    p_start, p_end = ctx.sentence(s_start - 1)
    return _INSURANCE.search(ctx.full, p_start, p_end) is not None


_CONTRACT_NAMED = re.compile(
    r"\b(?:this\s(?:\w+\s)?agreement|the\sagreement|overeenkomst|contract|the\sterm|looptijd)\b"
)


def _classify_duration(
    ctx: TextContext, mention: DurationMention, regions: _Regions
) -> list[_DurationCue]:
    """The roles a duration may play, each with a score (usually zero or one)."""
    if mention.duration.has_time or mention.confidence < 0.5:
        return []
    if regions.inside(regions.removed, mention.start):
        return []
    conf = 1.0 if mention.confidence >= 0.8 else 0.85
    label = _LABEL_BEFORE.search(_line_before(ctx, mention.start))
    if label is not None:  # a row of a cover sheet or table: "Initial Term: 36 months"
        return [_DurationCue(mention, label.lastgroup or "initial_term", 0.85 * conf)]
    left, right = ctx.window(mention.start, mention.end, before=200, after=200)
    _, _, sentence = _sentence_text(ctx, mention.start)
    found: list[_DurationCue] = []
    renewal_sentence = _is_renewal_sentence(ctx, mention.start, sentence)
    notice_before = _best(_NOTICE_BEFORE, left)
    notice_like = bool(
        _NOTICE_AFTER.match(right)
        or _BEFORE_END_AFTER.match(right)
        or (_IN_ADVANCE.match(right) and notice_before >= 0.5)
    )
    # notice periods and option exercise periods
    if notice_like or notice_before >= 0.8:
        score = notice_before
        if _NOTICE_AFTER.match(right):
            score = max(score, 0.75)
        if _BEFORE_END_AFTER.match(right):
            score = max(score, 0.8)
        if _IN_ADVANCE.match(right):
            score = max(score, 0.7)
        termination = _TERMINATION_CONTEXT.search(sentence)
        if score and termination:
            if (
                _NOT_NOTICE.search(
                    sentence[: max(1, sentence.find(left[-30:]) + 1)] + " " + right[:80]
                )
                and score < 0.9
            ):
                score -= 0.25
            if _OPTION_EXERCISE.search(sentence) and not _AUTO_RENEWAL.search(sentence):
                found.append(_DurationCue(mention, "exercise_notice", score * conf))
            else:
                clause = ctx.clause_at(mention.start)
                if (
                    not _NOTICE_WORD.search(sentence)
                    or _INSURANCE.search(sentence)
                    or _PRICE_CHANGE.search(sentence)
                    or _NOTICE_OF_OTHER.search(sentence)
                    or (clause is not None and "insurance" in clause.types)
                    or _of_the_policies_before(ctx, mention.start, sentence)
                ):
                    # "at least eighteen months prior to the expiration of the Term, M&I shall
                    # submit a proposal"; "the insurer shall give thirty days' notice of
                    # non-renewal of the policy": a deadline, or an insurance policy's notice
                    return found
                if renewal_sentence or re.search(
                    r"\b(?:non-renewal|renewal|verlenging)\b", sentence
                ):
                    score += 0.1  # the notice that stops a renewal comes first
                elif (
                    score < 0.9
                    and _FOR_CAUSE.search(left[-120:] + right[:120])
                    and not _NOT_FOR_CAUSE.search(left[-120:] + right[:120])
                ):
                    # a cure period or termination for breach, not a notice period ("... in the
                    # event the other is in breach unless it cures before the expiration of such
                    # period")
                    return found
                elif _END_OF_PERIOD.search(sentence):
                    score += 0.05  # notice against the end of a period
                elif _EARLY.search(sentence):
                    score -= 0.1
                found.append(_DurationCue(mention, "notice_period", score * conf))
        return found
    if _RENEWAL_TERM_IS.search(left[-90:]):
        return [_DurationCue(mention, "renewal_period", 0.85 * conf)]
    # renewal period: after a renewal verb in a renewal sentence
    verb = _PERIOD_AFTER_RENEWAL.search(left[-140:])
    after_verb = verb is not None
    if (
        verb is not None
        and re.match(r"continu|extends?\s", verb.group().lower())
        and not _FURTHER.search(verb.group())
        and _RENEWAL_LATER.search(right[:160])
    ):
        after_verb = False  # "shall continue for one (1) year and shall renew for ...": the term
    before_verb = _PERIOD_BEFORE_RENEWAL.search(left[-60:]) is not None and (
        re.search(r"\b(?:renew\w*|extend\w*|extension|verleng\w*)", left[-140:]) is not None
        or re.match(r"^\s(?:\w+\s){0,2}(?:(?:(?:worden|wordt)\s)?verlengd|te\sverlengen)", right)
        is not None
    )
    if _INITIAL_PERIOD_BEFORE.search(left[-60:]):
        after_verb = before_verb = False  # "shall continue for an initial term of one year"
    if _WITHIN_BEFORE.search(left[-40:]):
        after_verb = before_verb = False  # "not to renew ... within a period of three months"
    initial_after = _INITIAL_AFTER.match(right) is not None  # "five (5) year term ("Initial Term")"
    if (
        renewal_sentence
        and (after_verb or before_verb)
        and not initial_after
        and not _NOT_TERM_AFTER.match(right)
    ):
        found.append(_DurationCue(mention, "renewal_period", 0.85 * conf))
        return found
    if (
        renewal_sentence
        and not initial_after
        and re.match(r"^\s?(?:\)\s?)?(?:renewal\s)?(?:periods?|terms?|termijnen)\b", right)
        # "for a thirty (30) day period, beginning thirty (30) days prior to the first
        # anniversary, Tickets shall have the right to renew": the window to renew in
        and not re.match(
            r"^\s?(?:\)\s?)?periods?,?\s(?:beginning|starting|commencing|prior|before|ending)",
            right,
        )
    ):
        found.append(_DurationCue(mention, "renewal_period", 0.85 * conf))
        return found
    if _IS_AN_AGREEMENT_OF.search(left[-60:]) and _AGREEMENT_AFTER.match(right):
        # "This is a five-year agreement", "This Agreement shall be a five (5) year agreement"
        found.append(_DurationCue(mention, "initial_term", 0.85 * conf))
        return found
    # initial term
    score = _best(_TERM_BEFORE, left)
    if score and not _NOT_TERM_AFTER.match(right):
        if score <= 0.6 and not _TERM_AFTER_OK.match(right):
            score = 0.0
        if renewal_sentence and re.search(r"verleng\w*|renew\w*|extend\w*|extension", left):
            score = 0.0
        if score and not _term_context(sentence) and score < 0.9:
            score -= 0.2
        if (
            score
            and score <= 0.75
            and not (_TERM_SENTENCE.search(sentence) or _term_heading(ctx, mention.start))
        ):
            score = 0.0
        if score and _OTHER_DEFINITION.search(sentence):
            score = 0.0
        if score and _COVENANT.search(sentence) and not _TERM_STATEMENT.search(sentence):
            score = 0.0  # "not to compete ... during the Term and for one year thereafter"
        if score and re.search(r"\bfailure\b|\bcontinues?\s(?:unremedied|uncured)\b", sentence):
            score = 0.0  # "any failure ... where such failure continues for thirty (30) days"
        if score and re.match(r"^\s?\)?\s?thereafter\b", right) and re.search(
            r"\bduring\s(?:the|its)\s(?:term|period)\b", left
        ):
            score = 0.0  # "during the term of this Agreement, and for three (3) years thereafter"
        if score and _OTHER_SUBJECT.search(left[-160:]):
            score = 0.0  # "The Quote ... shall remain valid for at least six months"
        if score and _EXCLUSIVE_GRANT.search(left[-160:]) and not _OWN_TERM.search(sentence):
            score = 0.0  # "grants exclusive rights to the Customer for the term of ten (10) years"
        if score > 0:
            if _TERM_AFTER_OK.match(right):
                score = min(0.95, score + 0.05)
            if score < 0.8 and _TERM_CLAUSE_START.match(sentence) and _TERM_AFTER_OK.match(right):
                # "2.1 Term. The term ... will expire ten (10) years from the Effective Date"
                score = 0.8
            found.append(_DurationCue(mention, "initial_term", score * conf))
    return found


def _duration_cues(ctx: TextContext) -> list[_DurationCue]:
    cached = ctx.cache.get("duration_cues")
    if isinstance(cached, list):
        return cached
    regions = _regions(ctx)
    cues = [c for m in ctx.durations for c in _classify_duration(ctx, m, regions)]
    ctx.cache["duration_cues"] = cues
    return cues


def _best_cue(cues: Sequence[_DurationCue], field: str) -> _DurationCue | None:
    mine = [c for c in cues if c.field == field and c.score >= 0.4]
    if not mine:
        return None
    return max(mine, key=lambda c: (round(c.score, 3), -c.mention.start))


# A term counted from an event, not from the start: "five (5) years following the date of launch
# of the first Website", "for a period of five years from the Reseller's first purchase order",
# "twaalf maanden na oplevering". The words right after the duration name what it counts from;
# the start (effective, commencement or signing date, "the date hereof", a date) is no event.
EVENT_TERM_CONFIDENCE = 0.45
_COUNTS_FROM = re.compile(
    r"^\s?(?:\)\s?)?(?:[\"“”']?\)\s?)?(?:\(?(?:the\s)?[\"“”']?(?:initial\s)?term[\"“”']?\)\s?)?,?\s?"
    r"(?:(?:(?:immediately|next)\s)?(?:from|after|following|subsequent\sto|commencing\s(?:on|upon|with|from)"
    r"|beginning\s(?:on|with)|starting\s(?:on|with)|vanaf|na|te\srekenen\svanaf))\s(?P<what>[^.;]{0,60})",
    _I,
)
_START_ANCHOR = re.compile(
    r"^(?:and\s(?:including|after)\s)?(?:the\s|de\s|het\s|such\s)?(?:(?:that|such|this)\sdate|date\sof\s(?:the\s)?"
    r"(?:effective|commencement)\sdate|date\sof\sits\s(?:execution|signing|signature)"
    r"|[\"“”']?(?:effective|commencement|start|execution"
    r"|signing|signature|agreement|contract)\sdate|date\s(?:hereof|of\s(?:this|the)\s(?:\w+\s)?(?:agreement"
    r"|contract|document)|of\s(?:execution|signature|signing)|first\s(?:above\s)?(?:written|set\sforth|stated)"
    r"|(?:it\sis\s|this\sagreement\sis\s)?(?:signed|executed)|set\sforth\sabove|above)|execution|signing"
    r"|signature|ingangsdatum|aanvangsdatum|ondertekening|datum\svan\s(?:ondertekening|deze|inwerkingtreding)"
    r"|inwerkingtreding|(?:the\s)?(?:effective|commencement)\sdate|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec|mrt|mei|okt)[a-z]*\.?\s\d|(?:its|his|her)\s(?:execution|signing)|today)",
    _I,
)


def _counts_from_an_event(ctx: TextContext, cue: _DurationCue) -> bool:
    _, right = ctx.window(cue.mention.start, cue.mention.end, before=0, after=120)
    m = _COUNTS_FROM.match(right)
    return m is not None and not _START_ANCHOR.match(m.group("what").strip())


def _duration_fact(ctx: TextContext, field: str, cue: _DurationCue) -> Fact:
    m = cue.mention
    return Fact(
        field=field,
        value=m.duration.iso(),
        confidence=round(min(cue.score, 0.97), 2),
        evidence=ctx.evidence(m.start, m.end),
    )


# --------------------------------------------------------------------------------------------
# Renewal
# --------------------------------------------------------------------------------------------

_ROLE_AFTER_DOOR = re.compile(
    r"\b(?:door|by|at\sthe\soption\sof|at)\s(?:de\s|het\s|the\s)?"
    r"(?P<role>[A-Z][\w-]{2,30})"
)
_ROLE_SUBJECT = re.compile(
    r"(?:^|[.;]\s)(?:de\s|het\s|the\s)?(?P<role>[A-Z][\w-]{2,30})\s"
    r"(?:heeft|has|shall\shave|will\shave|kan|may|is\sgerechtigd|mag)\b"
)


def _holder(sentence_raw: str) -> str | None:
    for pattern in (_ROLE_AFTER_DOOR, _ROLE_SUBJECT):
        m = pattern.search(sentence_raw)
        if m is not None:
            role = m.group("role")
            if role.lower() not in (
                "de",
                "het",
                "the",
                "partijen",
                "parties",
                "each",
                "either",
                "iedere",
                "elke",
                "this",
                "deze",
            ):
                return role
    return None


def _max_renewals(sentence: str) -> int | None:
    m = _MAX_RENEWALS.search(sentence)
    if m is None:
        return None
    if m.group("word"):
        return _MULTIPLIER.get(m.group("word").lower())
    word = m.group("n") or m.group("m") or m.group("k") or ""
    value = parse_number(word)
    if value is None:
        value = parse_number(word.replace("maal", ""))
    return value if value is not None and 0 < value < 50 else None


@dataclass(slots=True)
class _RenewalCue:
    kind: str  # automatic, option, none
    start: int
    end: int
    score: float
    sentence: tuple[int, int]
    indefinite: bool = False  # continues for an indefinite period (until notice) after the term


_RENEWAL_KEYS = (
    "verleng",
    "renew",
    "extend",
    "extension",
    "successive",
    "year to year",
    "year-to-",  # "year-to-year", also broken at a line end: "year-to-\nyear"
    "month to month",
    "month-to-",
    "renewable",
    "evergreen",
    "continue",
    "stilzwijgend",
    "automati",
    "rechtswege",
    "uitgesloten",
    "voortgezet",
    "indefinite",
    "onbepaalde",
    "unlimited",
    "thereafter",
    "hereafter",
    "after that",
    "after the expir",
    "after the end",
)


# "If applicable law requires longer notice ..., it remains in effect month to month": a holdover
# on a condition (not "an automatic renewal for one year as required by law", a renewal)
_LAW_REQUIRES = Gated(
    re.compile(
        r"\bif\s(?:the\s)?(?:applicable\s)?law\s(?:requires|so\srequires)"
        r"|\bindien\sde\swet\s(?:\w+\s)?(?:vereist|voorschrijft)",
        _I,
    )
)
_NO_OPTION = re.compile(r"\b(?:no|geen)\s(?:right|option|recht|optie)\b", _I)
# a renewal that happens because a party chooses it
_EXERCISED = re.compile(
    r"\bif\s(?:\w+\s){1,4}?(?:notifies|notify|elects|elect|exercises|exercise)\b[^.]{0,100}?"
    r"\b(?:renew|extend)",
    _I,
)
_MAY_OFFER = re.compile(r"\bmay\s(?:\w+\s){0,2}?(?:offer\sto\s)?(?:renew|extend)\b", _I)


def _renewal_cues(ctx: TextContext) -> list[_RenewalCue]:
    full = ctx.full
    regions = _regions(ctx)
    cues: list[_RenewalCue] = []
    for span in ctx.sentences_with(_RENEWAL_KEYS):
        sentence = norm(full[span[0] : span[1]]).lower()
        if not _RENEWAL_OBJECT.search(sentence):
            continue
        if _LAW_REQUIRES.search(sentence):
            continue  # "If applicable law requires longer notice ..., it will remain in effect
            # on a month-to-month basis until the notice has been given": no renewal
        if _NOT_RENEWAL.search(sentence) and not re.search(
            r"\b(?:this|the)\sagreement\b|overeenkomst", sentence
        ):
            continue
        for kind, pattern, score in (
            ("none", _NO_RENEWAL, 0.8),
            ("indefinite", _CONTINUES_INDEFINITELY, 0.9),
            ("automatic", _AUTO_RENEWAL, 0.9),
            ("automatic", _TACIT_UNLESS, 0.85),
            ("option", _OPTION_RENEWAL, 0.85),
        ):
            m = pattern.search(full, span[0], span[1])
            if m is None or regions.inside(regions.removed, m.start()):
                continue
            if _TIME_PERIOD.search(full, max(span[0], m.start() - 60), m.end()):
                continue  # "any applicable time period will be automatically extended"
            if kind == "option" and _NO_RENEWAL.search(full, span[0], span[1]):
                continue  # "may only be extended by a written variation": no option
            if kind == "option" and _NO_OPTION.search(full, max(span[0], m.start() - 30), m.end()):
                continue  # "You shall have no right or option to extend ... except as in 3.2"
            if kind == "option" and re.search(
                r"\bnot\sto\s(?:renew|extend)|\bnon-?renew", full[m.start() : m.end() + 12], _I
            ):
                continue  # "Pretzel Time may, at its option, ... elect not to renew": no option
            if _OTHER_DATE_OBJECT.match(full, m.end(), min(span[1], m.end() + 80)):
                continue  # "TAG may extend the Conversion Date to ...": a date, not the contract
            indefinite = kind == "indefinite"
            if indefinite and _NOT_THE_CONTRACT.search(full, m.start(), m.end()):
                continue  # "Thereafter, these confidentiality obligations shall continue ..."
            if indefinite:
                kind = "automatic"
            if kind == "automatic" and _NEGATED.search(
                full, max(span[0], m.start() - 40), m.start() + 1
            ):
                continue  # "shall not renew automatically"
            if kind == "automatic" and any(
                c.kind == "automatic" and c.sentence == span for c in cues
            ):
                continue
            s = score
            if (
                kind == "automatic"
                and not indefinite
                and _MUTUAL.search(sentence)
                and not re.search(
                    r"automatic|tacit|stilzwijgend|tenzij|unless\s(?:either|any|one|a)\s(?:party"
                    r"|of\sthe\sparties)",
                    sentence,
                )
            ):
                # "may be renewed for successive one (1) year terms by mutual written agreement":
                # nothing renews by itself; the parties may agree to renew
                kind = "option"
            if (
                kind == "automatic"
                and not indefinite
                and not re.search(r"\bunless\b|tenzij|tacit|stilzwijgend", sentence)
                and (
                    _EXERCISED.search(sentence)
                    or (_MAY_OFFER.search(sentence) and "automatic" not in sentence)
                )
            ):
                # "If MBE notifies the Company of its intent to so renew ..., the term shall
                # automatically be extended", "we may offer to extend the term ... on a
                # month-to-month basis": a party's choice, not a renewal by itself
                kind = "option"
                s -= 0.1  # below a stated option to renew
            if kind == "option" and _MUTUAL.search(sentence):
                s -= 0.2  # "may be extended by mutual written agreement": nobody's own option
            if (
                kind == "automatic"
                and re.search(rf"\bsuccessive|{_YEAR_TO_YEAR}", m.group(), _I)
                and not re.search(r"renew|extend|continue|remain|thereafter|verleng", sentence)
            ):
                continue
            if (
                kind == "option"
                and re.search(
                    r"\b(?:patent|trademark|registration|license|licence"
                    r"|permit|lease)s?\b",
                    sentence,
                )
                and not re.search(r"\b(?:this\sagreement|the\sterm|de\soverenkomst)\b", sentence)
            ):
                s -= 0.3
            if (
                kind == "none"
                and "van rechtswege" in m.group().lower()
                and re.search(r"optie|option|verleng", sentence)
            ):
                continue
            if regions.is_amendment and regions.in_recitals(m.start()):
                s -= 0.3
            cues.append(_RenewalCue(kind, m.start(), m.end(), s, span, indefinite))
    return cues


def _renewal(ctx: TextContext, cues: Sequence[_DurationCue]) -> Fact | None:
    found = _renewal_cues(ctx)
    if not found:
        return None
    by_kind: dict[str, list[_RenewalCue]] = {}
    for cue in found:
        by_kind.setdefault(cue.kind, []).append(cue)
    kind = "automatic" if "automatic" in by_kind else "option" if "option" in by_kind else "none"
    chosen = max(by_kind[kind], key=lambda c: (c.score, -c.start))
    if chosen.score < 0.5:
        return None
    if kind == "automatic" and "none" in by_kind:
        # "Stilzwijgende verlenging is uitgesloten" next to "verlengd ... tenzij": look twice
        negative = max(by_kind["none"], key=lambda c: c.score)
        if (
            negative.score >= chosen.score
            and "van rechtswege" not in ctx.full[negative.start : negative.end].lower()
        ):
            kind, chosen = "none", negative
    s_start, s_end = chosen.sentence
    sentence_raw = norm(ctx.full[s_start:s_end])
    sentence = sentence_raw.lower()
    value: dict[str, Any] = {
        "type": kind,
        "period": None,
        "max": None,
        "holder": None,
        "exercise_notice": None,
    }
    confidence = chosen.score
    if chosen.indefinite:
        value["period"] = "indefinite"
    elif kind != "none":
        in_sentence = [
            c for c in cues if c.field == "renewal_period" and s_start <= c.mention.start < s_end
        ]
        period = in_sentence[0] if in_sentence else _best_cue(cues, "renewal_period")
        if period is not None:
            value["period"] = period.mention.duration.iso()
        else:
            word = _PERIOD_WORD.search(sentence)
            initial = _best_cue(cues, "initial_term")
            if word is not None:
                value["period"] = "P1Y" if word.group("y") else "P1M"
                confidence -= 0.05
            elif initial is not None and _SAME_PERIOD.search(sentence):
                # "for successive terms equal in length to the Initial Term", "for like periods"
                value["period"] = initial.mention.duration.iso()
                confidence -= 0.05
            else:
                confidence -= 0.15
        value["max"] = _max_renewals(sentence)
    if confidence < 0.45:
        return None  # a weak cue without a period: no renewal worth reporting
    if kind == "option":
        value["holder"] = _holder(sentence_raw)
        exercise = _best_cue(cues, "exercise_notice")
        if exercise is not None:
            value["exercise_notice"] = exercise.mention.duration.iso()
    return Fact(
        field="renewal",
        value=value,
        confidence=round(max(0.3, min(confidence, 0.95)), 2),
        evidence=ctx.evidence(chosen.start, chosen.end, quote=chosen.sentence),
    )


# --------------------------------------------------------------------------------------------
# Title and document type
# --------------------------------------------------------------------------------------------

_TYPE_WORD = re.compile(
    r"\b([\w-]*(?:overeenkomst|contract|akte)|[\w-]*agreement)\b|(\b[A-Za-z][\w-]*\s)?"
    r"(agreement|contract)\b",
    _I,
)


def _doc_type(ctx: TextContext) -> Fact | None:
    head = ctx.full[:1500]
    stop = _vocabulary()["doc_type_stop"]
    for line_match in re.finditer(r"[^\n\f]{3,120}", head):
        line = line_match.group().strip()
        if not line or len(line.split()) > 10:
            continue
        low = line.lower()
        m = re.search(r"\b([a-zà-ÿ-]*(?:overeenkomst|akte|contract))\b", low)
        if m is not None and len(m.group(1)) > len("overeenkomst") - 1:
            word = m.group(1)
            if word == "overeenkomst":
                continue
            value = re.sub(r"[^a-z0-9]+", "_", word).strip("_")
        else:
            m = re.search(r"\b((?:[a-z]+\s){0,2})(agreement|contract|licen[cs]e)\b", low)
            if m is None:
                continue
            words = [w for w in m.group(1).split() if w not in stop and w not in ("this", "the")]
            value = "_".join([*words[-1:], m.group(2)]).replace("licence", "license")
        return Fact(
            field="doc_type",
            value=value,
            confidence=0.5,
            evidence=ctx.evidence(
                line_match.start(), line_match.end(), quote=(line_match.start(), line_match.end())
            ),
        )
    return None


# --------------------------------------------------------------------------------------------
# The recogniser
# --------------------------------------------------------------------------------------------


def _indefinite(ctx: TextContext) -> Fact | None:
    regions = _regions(ctx)
    spans = ctx.sentences_with(
        ("onbepaalde", "indefinite", "unlimited", "perpetu", "terminate", "unless and until",
         "when terminated", "until termination", "until either", "until one", "until any")
    )
    for m in (m for a, b in spans for m in _INDEFINITE.finditer(ctx.full, a, b)):
        if regions.inside(regions.removed, m.start()):
            continue
        s_start, _, sentence = _sentence_text(ctx, m.start())
        word = m.group().lower()
        if re.search(
            r"\b(?:licen[cs]e|licentie|rights?|recht|obligations?|verplichting\w*|survive"
            r"|geheimhouding|confidential\w*)\b",
            sentence,
        ) and not re.search(
            r"\b(?:this\sagreement|de\s(?:\w+)?overeenkomst|the\sterm)\b.{0,40}\b(?:shall|will|is|wordt"
            r"|gaat)",
            sentence,
        ):
            continue
        # "... and shall not be disclosed to any third party in perpetuity": secrecy, not the term
        just_before = norm(ctx.full[max(s_start, m.start() - 160) : m.start()]).lower()
        if re.search(r"\b(?:disclos\w*|confidential\w*|geheim\w*|used|openbaar\w*)\b", just_before):
            continue
        if re.search(r"\bduring\sthe\sterm\b[^.;]{0,40}\band\s(?:for\s)?$", just_before + " "):
            continue  # "during the term of this Agreement and for an indefinite period thereafter"
        if "perpetu" in word and not re.search(r"\b(?:agreement|term|overeenkomst)\b", sentence):
            continue
        if (
            "onbepaalde" in word
            and re.search(r"\b(?:verleng|voortgezet|renew|thereafter|daarna|na\safloop)\w*",
                          sentence)
        ) or ("indefinite" in word and re.search(r"\b(?:renew|extension)\w*", sentence)):
            continue  # continues for an indefinite period after a fixed term: not an end date
        if _CONTINUES_INDEFINITELY.search(sentence):
            continue  # "... and shall continue thereafter until terminated": the same
        strong = "onbepaalde" in word or "indefinite" in word or "unlimited" in word
        return Fact(
            field="end_date",
            value="indefinite",
            confidence=0.9 if strong else 0.65,
            evidence=ctx.evidence(m.start(), m.end()),
        )
    for a, b in ctx.sentences_with(
        ("until the expir", "until the termination", "until the last", "so long as",
         "through the completion", "during the term of", "for the term of", "for the duration of")
    ):
        until = _UNTIL_ANOTHER_ENDS.search(ctx.full, a, b)
        if until is None or regions.inside(regions.restated, until.start()):
            continue
        if not _TERM_SENTENCE.search(_sentence_text(ctx, until.start())[2]):
            continue
        return _no_fixed_end(ctx, until, (a, b))
    # the term clause names no period, only an event or a party's notice: no fixed end
    words = ("agreement shall", "agreement will", "agreement\nshall", "agreement\nwill")
    for a, b in ctx.sentences_with(words):
        event = _EVENT_END.search(ctx.full, a, b)
        if event is None or regions.inside(regions.restated, event.start()):
            continue
        s_start, s_end, sentence = _sentence_text(ctx, event.start())
        if not (
            event.group("notice")
            or (event.group("event") and _termination_heading(ctx, event.start()))
            or _TERM_CLAUSE_START.match(sentence)
            or _TERM_CLAUSE_START.match(norm(_line_before(ctx, event.start())).lower())
            or _term_heading(ctx, event.start())
        ):
            continue  # an event ends the contract only where the term clause says so
        if _END_OF_SOMETHING.search(sentence) and not event.group("event"):
            continue  # "shall terminate upon the expiration of the Term"
        # the alternative the notice stands in: "(a) ... upon notice; or (b) <breach>"
        alternative = _NEXT_ALTERNATIVE.search(ctx.full, event.end(), s_end)
        own = (
            sentence
            if alternative is None
            else norm(ctx.full[s_start : alternative.start()]).lower()
        )
        if event.group("notice") and (
            _FOR_CAUSE.search(own) or re.search(r"\bimmediately\b", own)
        ):
            continue  # "shall terminate upon written notice if the other party breaches"
        return _no_fixed_end(ctx, event, (a, b))
    # "The term of this Agreement shall commence on the Effective Date and shall end on the 60th
    # day following a written notice from one party to the other": it runs until notice is given
    for a, b in ctx.sentences_with(("day following", "day after", "day\nfollowing", "day\nafter")):
        ends = _ENDS_AFTER_NOTICE.search(ctx.full, a, b)
        if ends is None or regions.inside(regions.restated, ends.start()):
            continue
        sentence = _sentence_text(ctx, ends.start())[2]
        if _FOR_CAUSE.search(sentence) or not (
            _TERM_CLAUSE_START.match(sentence)
            or _THE_TERM_OF.match(sentence)
            or _term_heading(ctx, ends.start())
        ):
            continue
        return _no_fixed_end(ctx, ends, (a, b))
    return None


def _no_fixed_end(ctx: TextContext, m: re.Match[str], sentence: tuple[int, int]) -> Fact:
    """An indefinite end read from an event or a notice (listed for checking)."""
    return Fact(
        field="end_date",
        value="indefinite",
        confidence=0.55,
        evidence=ctx.evidence(m.start(), m.end(), quote=sentence),
    )


_ENDS_AFTER_NOTICE = _flexible(
    r"\b(?:shall|will)\s(?:end|terminate|expire)\s(?:on|upon)\sthe\s[\w-]{2,12}\s(?:business\s"
    r"|calendar\s)?day\s(?:following|after)\s(?:the\s)?(?:(?:receipt|delivery|giving)\sof\s)?"
    r"(?:a\s|the\s|such\s)?(?:prior\s)?(?:written\s)?notice\b",
    _I,
)
_THE_TERM_OF = re.compile(r"^\W{0,3}(?:[\d.]{1,8}\s)?(?:the\s)?term\sof\s(?:this|the)\s")


_ANNIVERSARY = _flexible(
    r"\b(?:end|ends|ending|expire|expires|expiring|terminate|terminates|terminating|until|through"
    r"|eindig\w*|tot)\s+(?:on\s+|op\s+|upon\s+|at\s+)?(?P<prior>(?:the\s+)?day\s+(?:prior|before)\s+"
    r"(?:to\s+)?)?(?P<either>(?:the\s+)?(?:earlier|later|earliest"
    r"|latest|first)\s+(?:to\s+occur\s+)?of\s*(?:the\s+(?:following|below)\s+(?:events?\s+)?(?:to\s+)?"
    r"(?:occurs?\s*)?)?:?\s*(?:\(?(?:a|i|1)\)\s*)?)?(?:the\s+|de\s+)?(?P<n>[\w-]+)"
    r"(?:\s+\((?P<digits>\d{1,2})(?:st|nd|rd|th|s\s?t|n\s?d|r\s?d|t\s?h)?\))?"
    r"\s+(?:\(\d{1,2}\)\s+)?(?:year\s+|jaar\s+)?(?:anniversary|verjaardag)\s+(?:date\s+)?(?:(?:of|van)\s+"
    r"(?:the\s+|de\s+|this\s+)?(?P<of>effective\s+date|commencement\s+date|ingangsdatum|agreement"
    r"|date\s+(?:of\s+)?(?:this\s+agreement|hereof)|such\s+date)|thereof\b)",
    _I,
)
# "will end on the date which is three (3) years after the Effective Date": start + 3 years
_DATE_WHICH_IS = _flexible(
    r"\b(?:end|ends|ending|expire|expires|expiring|terminate|terminates|terminating|until|through)"
    r"\s+(?:on\s+)?the\s+(?:date|day)\s+(?:which|that)\s+(?:is|falls)\s+",
    _I,
)
_AFTER_BASE = _flexible(
    r"\s{0,3}(?:after|following|from)\s+(?:the\s+)?(?:effective\s+date|commencement\s+date"
    r"|date\s+(?:of\s+)?(?:this\s+agreement|hereof))\b",
    _I,
)
# "until the end of calendar year 2012", "tot en met het einde van het kalenderjaar 2012"
_NAMED_YEAR_END = _flexible(
    r"\b(?:until|through|till|tot(?:\s+en\s+met)?|(?:expire|expires|end|ends|terminate"
    r"|terminates|eindigt|afloopt)(?:\s+(?:at|on|per|op|aan|bij))?)\s+(?:the\s+|het\s+)?"
    r"(?:end|einde)\s+(?:of|van)\s+(?:the\s+|het\s+)?(?:(?:calendar\s+year|kalenderjaar|year|jaar)\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b",
    _I,
)
# "until the end of the fifteenth (15th) Contract Year", "tot het einde van het vijfde
# contractjaar": start + N years - 1 day. A contract year is the contract's own defined term
# (usually twelve months from the start, sometimes a first longer or shorter year), so the end
# is to be checked.
_CONTRACT_YEAR_END = _flexible(
    r"\b(?:until|through|till|tot(?:\s+en\s+met)?|(?:expire|expires|end|ends|terminate"
    r"|terminates|eindigt|afloopt)(?:\s+(?:at|on|per|op|aan|bij))?)\s+(?:the\s+|het\s+)?"
    r"(?:end|einde|last\s+day|laatste\s+dag)\s+(?:of|van)\s+(?:the\s+|het\s+)?(?P<n>[\w-]+)"
    r"(?:\s+\((?P<digits>\d{1,2})(?:st|nd|rd|th|e|ste|de)?\))?\s+(?:full\s+)?"
    r"(?:(?:contract|agreement|lease|license|licence|service|operating)\s+year"
    r"|(?:contract|huur|overeenkomst)jaar)\b",
    _I,
)
# where the contract defines its year, it must count from the start: "“Contract Year” shall mean
# a period commencing ... on the Commencement Date" is no year from the Effective Date
_YEAR_DEFINED = _flexible(
    r"[“\"'](?P<word>contract|agreement|lease|license|licence|service|operating)\s+year[”\"']\s+"
    r"(?:shall\s+)?(?:means?|refers?\s+to|is\s+defined\s+as)\b",
    _I,
)
_YEAR_FROM_START = re.compile(
    r"\beffective\s+date\b|\bdate\s+(?:of\s+)?(?:this\s+agreement|hereof)\b", re.I
)
_CALENDAR_YEAR_END = _flexible(
    r"\b(?:until|through|tot)\s+(?:the\s+|het\s+)?(?:end|einde)\s+(?:of|van)\s+(?:the\s+|het\s+)?"
    r"(?:current|then\s+current|present|lopende|huidige)\s+(?:calendar\s+year|kalenderjaar)",
    _I,
)


def _relative_end(ctx: TextContext, start: Fact | None, signing: Fact | None) -> Fact | None:
    """An end the text states relative to a date: "end on the fifth anniversary of the Effective
    Date" (start + 5 years), "until the end of the current calendar year" (31 December of the
    year it starts), or to a named year: "until the end of calendar year 2012" (31 December
    2012). Computed by ``deadlines.add``; ``source`` is ``computed``."""
    regions = _regions(ctx)
    for a, b in ctx.sentences_with(("calendar year", "kalenderjaar", "end of the year",
                                    "einde van het jaar", "end of year", "end of 19", "end of 20",
                                    "einde van 20", "einde van jaar")):
        m = _NAMED_YEAR_END.search(ctx.full, a, b)
        if m is not None and not regions.inside(regions.restated, m.start()):
            return Fact(
                field="end_date",
                value=dt.date(int(m.group("year")), 12, 31).isoformat(),
                confidence=0.8,
                evidence=ctx.evidence(m.start(), m.end()),
                source=FactSource.computed,
            )
    base_fact = start or signing
    if base_fact is None:
        return None
    base = dt.date.fromisoformat(str(base_fact.value))
    for a, b in ctx.sentences_with((" year", "jaar")):
        m = _CONTRACT_YEAR_END.search(ctx.full, a, b)
        if m is None or regions.inside(regions.restated, m.start()):
            continue
        n = int(m.group("digits")) if m.group("digits") else parse_ordinal(m.group("n"))
        if not n or n > 99:
            continue
        kind = m.group(0).lower().split()[-2] if " year" in m.group(0).lower() else ""
        defined = next(
            (d for d in _YEAR_DEFINED.finditer(ctx.full) if d.group("word").lower() == kind),
            None,
        )
        if defined is not None and not _YEAR_FROM_START.search(
            _sentence_text(ctx, defined.end())[2]
        ):
            continue  # its years count from another day (a commencement, a calendar year)
        return Fact(
            field="end_date",
            value=deadlines.end_date(base, Duration(years=n)).isoformat(),
            confidence=0.6 if start is not None else 0.5,
            evidence=ctx.evidence(m.start(), m.end()),
            source=FactSource.computed,
        )
    for a, b in ctx.sentences_with(("anniversary", "verjaardag")):
        m = _ANNIVERSARY.search(ctx.full, a, b)
        if m is None and re.search(r":\s*$", ctx.full[max(0, a - 60) : a]):
            # a list item under "... until the earlier of the below events occur:"
            m = _ANNIVERSARY.search(ctx.full, max(0, a - 250), b)
            if m is not None and m.end() <= a:
                m = None
        if m is None or regions.inside(regions.restated, m.start()):
            continue
        word = re.sub(r"-years?$", "", m.group("n"), flags=_I)  # "the four-year anniversary"
        n = (
            int(m.group("digits"))
            if m.group("digits")
            else (parse_number(word) or parse_ordinal(word))
        )
        if not n or n > 99:
            continue
        # "until the earlier of (a) the fourth anniversary ... or (b) <an event>": the fixed date
        # is the latest the term can end, to be checked; "the later of" states no end
        either = (m.group("either") or "").lower()
        if "later" in either or "latest" in either:
            continue
        lowered = 0.2 if either else 0.0
        of = (m.group("of") or "").lower()
        # "the first anniversary of the date of this Agreement": counted from the made-on date
        counted_from = (
            dt.date.fromisoformat(str(signing.value))
            if signing is not None and ("agreement" in of or "hereof" in of)
            else base
        )
        end = deadlines.add(counted_from, Duration(years=n))
        if m.group("prior"):
            end -= deadlines.ONE_DAY  # "through the day prior to the second anniversary"
        return Fact(
            field="end_date",
            value=end.isoformat(),
            confidence=round((0.8 if start is not None else 0.65) - lowered, 2),
            evidence=ctx.evidence(m.start(), m.end()),
            source=FactSource.computed,
        )
    for a, b in ctx.sentences_with(("date which", "date that", "day which", "day that")):
        m = _DATE_WHICH_IS.search(ctx.full, a, b)
        if m is None or regions.inside(regions.restated, m.start()):
            continue
        later = ctx.durations_in(m.end(), m.end() + 3)
        if not later or later[0].duration.has_time:
            continue
        after = _AFTER_BASE.match(ctx.full, later[0].end)
        if after is None:
            continue
        return Fact(
            field="end_date",
            value=deadlines.add(base, later[0].duration).isoformat(),
            confidence=0.8 if start is not None else 0.65,
            evidence=ctx.evidence(m.start(), after.end()),
            source=FactSource.computed,
        )
    for a, b in ctx.sentences_with(("calendar year", "kalenderjaar")):
        m = _CALENDAR_YEAR_END.search(ctx.full, a, b)
        if m is not None:
            return Fact(
                field="end_date",
                value=dt.date(base.year, 12, 31).isoformat(),
                confidence=0.7,
                evidence=ctx.evidence(m.start(), m.end()),
                source=FactSource.computed,
            )
    return None


def _replacement_facts(ctx: TextContext) -> list[Fact]:
    """New values stated by "replace the words X with Y" in an amendment."""
    from contractdossier.recognise import amendments

    facts: list[Fact] = []
    for rep in amendments.replacements(ctx):
        if rep.field is None or rep.new_value is None:
            continue
        facts.append(
            Fact(field=rep.field, value=rep.new_value, confidence=0.8, evidence=rep.evidence)
        )
    return facts


def recognise_terms(
    text: ExtractedText, clauses: Sequence[Clause], language: str, document: str
) -> tuple[Fact, ...]:
    """The term facts of one document (see the module doc): at most one per field."""
    ctx = context_for(text, clauses, language, document)
    regions = _regions(ctx)
    roles = date_roles(ctx)
    facts: dict[str, Fact] = {}

    signing = _signing(ctx, roles)
    if signing is not None:
        facts["signing_date"] = signing
    start = _start(ctx, roles, signing)
    if start is not None:
        facts["start_date"] = start

    cues = _duration_cues(ctx)
    term = _best_cue(cues, "initial_term")
    if term is not None and not regions.is_amendment:
        facts["initial_term"] = _duration_fact(ctx, "initial_term", term)
        if _counts_from_an_event(ctx, term):
            # "five (5) years following the date of launch": the term is right, but an end
            # computed from the start date would be wrong (see dossier.derive)
            fact = facts["initial_term"]
            facts["initial_term"] = dataclasses.replace(
                fact, confidence=min(fact.confidence, EVENT_TERM_CONFIDENCE)
            )

    # the strongest end after the start: "the three-month period ending on September 30, 2019"
    # (a ledger period) does not hide "commence on May 1, 2020 ... and ends at April 30, 2029"
    begins = None if start is None else dt.date.fromisoformat(str(start.value))
    end = next(
        (c for c in roles.end if c.score >= 0.5 and (begins is None or c.date > begins)), None
    )
    if end is not None:
        facts["end_date"] = _date_fact(ctx, "end_date", end, end.score - end.hedge)
    else:
        relative = _relative_end(ctx, start, signing)
        if relative is not None:
            facts["end_date"] = relative
        elif "initial_term" not in facts:
            indefinite = _indefinite(ctx)
            if indefinite is not None:
                facts["end_date"] = indefinite
        elif start is None and signing is not None and term is not None:
            from_signing = _end_from_signing(ctx, term, signing)
            if from_signing is not None:
                facts["end_date"] = from_signing

    if _weak_term_against_dates(facts):
        # "Diplomat may dispose of products ... for 120 days after notice of termination" beside
        # "shall commence August 1, 1995 and continue until January 30, 2000": the dates say the
        # term (dossier.derive computes it from them)
        del facts["initial_term"]

    renewal = _renewal(ctx, cues)
    if renewal is not None:
        facts["renewal"] = renewal
    notice = _best_cue(cues, "notice_period")
    if notice is not None:
        facts["notice_period"] = _duration_fact(ctx, "notice_period", notice)

    if regions.is_amendment:
        for fact in _replacement_facts(ctx):
            current = facts.get(fact.field)
            if (
                current is None
                or current.confidence < fact.confidence
                or fact.field == "notice_period"
            ):
                facts[fact.field] = fact

    doc_type = _doc_type(ctx)
    if doc_type is not None:
        facts["doc_type"] = doc_type
    order = (
        "signing_date",
        "start_date",
        "end_date",
        "initial_term",
        "renewal",
        "notice_period",
        "doc_type",
    )
    return tuple(facts[f] for f in order if f in facts)


def _weak_term_against_dates(facts: Mapping[str, Fact]) -> bool:
    """Whether a weak initial term (one no end would be computed from: counted from an event, or
    read from a sentence about something else) contradicts a start and end the text states: its
    end from the start is more than a month from the stated end."""
    term, start, end = (facts.get(f) for f in ("initial_term", "start_date", "end_date"))
    if term is None or start is None or end is None or term.confidence > EVENT_TERM_CONFIDENCE:
        return False
    if "indefinite" in (term.value, end.value):
        return False
    try:
        begins, stated = (dt.date.fromisoformat(str(f.value)) for f in (start, end))
        length = Duration.from_iso(str(term.value))
    except ValueError:
        return False
    return deadlines.disagreeing_end(begins, length, stated) is not None


def anchors_from(facts: Iterable[Fact]) -> dict[str, dt.date]:
    """Anchor dates for ``deadlines.due_date`` from term facts: signing, start and a fixed end.

    The end is an anchor only when the contract does not renew automatically (otherwise "the
    end" depends on renewals and is an event); it is the stated end date, or start + initial
    term by ``deadlines.end_date``.
    """
    by_field = {f.field: f for f in facts}
    anchors: dict[str, dt.date] = {}
    for field, name in (("signing_date", deadlines.SIGNING), ("start_date", deadlines.START)):
        fact = by_field.get(field)
        if fact is not None:
            with contextlib.suppress(ValueError):
                anchors[name] = dt.date.fromisoformat(str(fact.value))
    renewal = by_field.get("renewal")
    automatic = (
        renewal is not None
        and isinstance(renewal.value, dict)
        and renewal.value.get("type") == "automatic"
    )
    end_fact = by_field.get("end_date")
    if not automatic:
        if end_fact is not None and end_fact.value != "indefinite":
            anchors[deadlines.END] = dt.date.fromisoformat(str(end_fact.value))
        elif (
            "initial_term" in by_field
            and deadlines.START in anchors
            and by_field["initial_term"].confidence > EVENT_TERM_CONFIDENCE
        ):
            term = Duration.from_iso(str(by_field["initial_term"].value))
            anchors[deadlines.END] = deadlines.end_date(anchors[deadlines.START], term)
    return anchors
