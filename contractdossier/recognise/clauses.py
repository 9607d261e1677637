"""Clause structure, clause types and the contract's title.

:func:`segment` finds the article/section structure of one extracted document:

1. Every line is read once and may become a *candidate*: a keyword heading ("Artikel 5 - Duur",
   "ARTICLE XII GOVERNING LAW", "Section 2.01"), a numbered line ("5. Duur en beëindiging",
   "5.1", "5.1.2", "1.0 Introduction"), an annex ("Bijlage 1", "Annex A", "Schedule 2") or a
   lettered item ("(a)", "b.", "c)"). Plain regexes: the structure is line-anchored, a
   tokeniser adds nothing.
2. Candidates that cannot be headings are dropped early: a line that carries on the sentence of
   the line before, amounts and dates ("1.500 euro", "3.2 miljoen", "1.1.2024"), lone page
   numbers, table-of-contents lines (dot leaders, trailing page numbers), numbered list items
   that read as sentences ("1. Stichting X, gevestigd te ...").
3. The top-level articles are the best-scoring chain of increasing numbers (dynamic
   programming): a heading that has a body and sub-clauses ("5.1" under "5") beats its twin in
   the table of contents, and "1. ... 2. ..." list items inside an article cannot break the
   chain.
4. Sub-clauses are the increasing "N.M" (then "N.M.K") lines inside article N; lettered items
   are the "a, b, c" (or "i, ii, iii") runs inside the innermost numbered clause; annexes
   follow the last article, and when an annex heading occurs twice the one with a body wins.

Each :class:`~contractdossier.records.Clause` spans from its heading to the next clause of the
same or a higher level, so an article's text includes its sub-clauses. ``types`` is left empty
by :func:`segment`; :func:`classify` (or :func:`classify_all`) fills it.

:func:`classify` scores the patterns of ``patterns/clause_types.json``: heading matches (spaCy
Matcher, see ``nlp.py``) weigh 3, strong body phrases 2, other body phrases 1; a type is given
from a score of 2. Body phrases are matched by one regex per language, shaped as a trie so that
a scan of the lowercased text costs one pass.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from contractdossier.recognise import nlp
from contractdossier.records import Clause, ExtractedText

CLAUSE_TYPES: tuple[str, ...] = (
    "term", "renewal", "termination", "termination_for_convenience", "notice", "payment",
    "price_adjustment", "liability_cap", "indemnity", "penalty", "confidentiality",
    "data_protection", "intellectual_property", "license_grant", "warranty", "insurance",
    "service_levels", "force_majeure", "assignment", "change_of_control", "non_compete",
    "non_solicit", "exclusivity", "most_favoured_nation", "audit_rights", "escrow",
    "minimum_commitment", "governing_law", "dispute_resolution",
)  # fmt: skip

HEADING_WEIGHT = 3.0
STRONG_WEIGHT = 2.0
BODY_WEIGHT = 1.0
TYPE_THRESHOLD = 2.0
LONG_CLAUSE = 3000  # characters; a longer clause needs proportionally more body evidence

# --------------------------------------------------------------------------- line patterns

_KEYWORDS = (
    r"Artikel|ARTIKEL|Art\.|ART\.|Article|ARTICLE|Section|SECTION|Clause|CLAUSE|Paragraph|"
    r"PARAGRAPH|§"
)
_KEYWORD_RE = re.compile(
    rf"^(?P<kw>{_KEYWORDS})\s*(?P<num>\d{{1,3}}(?:\.\d{{1,3}}){{0,3}}|[IVXL]{{1,6}})"
    r"(?P<trail>\.?)(?=[\s:.\-–—(]|$)[.:]?\s*(?P<rest>.*)$"
)
_ANNEX_RE = re.compile(
    r"^(?P<kw>Bijlage|BIJLAGE|Annex|ANNEX|Anlage|Schedule|SCHEDULE|Exhibit|EXHIBIT|Appendix|"
    r"APPENDIX|Attachment|ATTACHMENT|Addendum|ADDENDUM)\s+"
    r"(?P<num>[IVX]{1,4}|[A-Z]|\d{1,2})(?P<sub>[-.]\d{1,3})?(?=[\s:.\-–—(]|$)[.:]?\s*"
    r"(?P<rest>.*)$"
)
_NUMBERED_RE = re.compile(
    r"^(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})(?P<dot>\.?)(?P<paren>\))?(?=\s|$)\s*(?P<rest>.*)$"
)
# "E. AGENCY'S ERRORS AND OMISSION, AND FIDELITY & ELECTRONIC CRIME INSURANCE": a capital
# letter numbering sections whose headings are in capitals
_CAPITAL_LETTER_RE = re.compile(r"^(?P<letter>[A-Z])\.[ \t]+(?P<rest>[^a-z]{3,90})$")
_LETTER_RE = re.compile(r"^(?:\((?P<p>[a-z]{1,4})\)|(?P<d>[a-z]{1,4})[.)])(?=\s)\s*(?P<rest>.*)$")
_TOC_TITLE_RE = re.compile(
    r"^(?:inhoudsopgave|inhoud|inhoudstafel|table of contents|contents|index)\s*:?$", re.I
)
# "....", "……", ". . .", "____"; each alternative starts with a literal, so re can skip ahead
_DOT_LEADER_RE = re.compile(r"(?:\.\.\.\.+|……+|\. \. \. (?:\. )*|____+)\s*\d{0,4}\s*$")
_TRAILING_PAGE_RE = re.compile(r"\S\s{2,}\d{1,4}\s*$")
_TRAILING_NUMBER_RE = re.compile(r"[^\W\d]\s+\d{1,3}$")
_UNIT_RE = re.compile(
    r"^(?:miljoen|miljard|mln|mld|million|billion|bn|procent|percent|%|euro|eur|usd|dollar|"
    r"dollars|uur|u\b|hours?|kg|km|m2|m²|m3|dagen|days|maanden|months|jaar|years?|x\b)",
    re.I,
)
_SEPARATORS = " \t-–—:.|"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SMALL_WORDS = _words(
    "and or of the to for in on by with a an at from under into upon as its their & en of "
    "van de der den het voor met in op bij tot door te aan als na om per over uit"
)
_CONNECTIVE_END = _words(
    "of and or the to in by with under section article clause paragraph schedule exhibit annex "
    "van en of de het te in op bij artikel artikelen bijlage lid sub onder per aan door"
)
_VERBS = _words(
    "shall will must may is are agrees agree hereby wordt worden zal zullen kan heeft hebben "
    "verklaart verklaren dient"
)
_ABBREVIATIONS = _words("mr mrs ms dr prof inc ltd corp co nr no art st sr jr mevr dhr")
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(value: str) -> int | None:
    value = value.lower()
    if not value or any(c not in _ROMAN for c in value):
        return None
    total = 0
    for i, c in enumerate(value):
        v = _ROMAN[c]
        total += -v if i + 1 < len(value) and _ROMAN[value[i + 1]] > v else v
    return total


_T = TypeVar("_T")


@dataclass(slots=True)
class _Line:
    start: int  # offsets into full_text
    end: int
    text: str  # stripped
    page: int
    first_on_page: int  # index of this line among the non-blank lines of its page
    blank_before: bool


@dataclass(slots=True)
class _Cand:
    kind: str  # "kw", "num", "annex", "letter"
    nums: tuple[int, ...]  # (5,) or (5, 1) ...; annex: (ordinal,)
    ref: str
    heading: str
    line: int  # index into lines
    start: int
    keyword: str = ""  # "artikel", "article", "section", ... for kind "kw"
    toc: bool = False
    toc_weak: bool = False
    heading_from_next: bool = False
    inline_heading: bool = False
    paragraph: bool = False  # a numbered paragraph without a heading ("3. In the event ...")
    score: float = 0.0
    body: int = 0
    end: int = 0


def _lines(text: ExtractedText) -> list[_Line]:
    out: list[_Line] = []
    for page in text.pages:
        blank = True
        k = 0
        pos = 0
        for raw in page.text.split("\n"):
            stripped = raw.strip()
            if stripped:
                lead = len(raw) - len(raw.lstrip())
                start = page.offset + pos + lead
                out.append(_Line(start, start + len(stripped), stripped, page.number, k, blank))
                k += 1
                blank = False
            else:
                blank = True
            pos += len(raw) + 1
    return out


def _continues_sentence(lines: list[_Line], i: int, *, strict: bool = True) -> bool:
    """Does line ``i`` carry on the sentence of the line before it (so is no heading)?

    Not ``strict`` (for "Artikel 5" / "Section 5" lines): only a line before that ends in a
    connecting word ("pursuant to", "bedoeld in") makes it a continuation.
    """
    line = lines[i]
    if line.blank_before or i == 0:
        return False
    prev = lines[i - 1]
    if prev.page != line.page:
        return False
    t = prev.text
    if t[-1] in ".:;!?)”\"'’]":
        return False
    last_word = t.rsplit(None, 1)[-1].lower()
    if last_word in _CONNECTIVE_END:
        return True
    if not strict or line.first_on_page <= 1:
        return False  # the line before may be a running header the extractor kept
    if _KEYWORD_RE.match(t):
        return False  # "Artikel 3.1 – Levering van maatschappelijke ondersteuning" is a heading
    return len(t) >= 50 and (t[-1].islower() or t[-1] in ",-")


def _next_continues(lines: list[_Line], i: int) -> bool:
    """Does the sentence of line ``i`` go on on the next line (so line ``i`` is no heading)?"""
    if i + 1 >= len(lines):
        return False
    line, nxt = lines[i], lines[i + 1]
    if nxt.page != line.page or nxt.blank_before or line.text[-1] in ".:;!?":
        return False
    last_word = line.text.rsplit(None, 1)[-1].lower()
    return nxt.text[0].islower() or line.text[-1] == "," or last_word in _CONNECTIVE_END


_BRAND = re.compile(r"[a-z]{1,2}[A-Z]")  # "iWmo", "eHealth": a name, though it starts small


def _word_ok(word: str) -> bool:
    return not word[:1].islower() or word.lower() in _SMALL_WORDS or bool(_BRAND.match(word))


def _clean_heading(text: str) -> str:
    text = _DOT_LEADER_RE.sub("", text)
    text = text.strip(_SEPARATORS)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return " ".join(text.split()).rstrip(".:;").strip()


def _heading_shape(rest: str) -> tuple[str, bool] | None:
    """The heading in the text after an article number, or None when it reads as a sentence.

    Returns ``(heading, inline)``; inline means the heading ends in a full stop and the body
    follows on the same line ("1. Definitions. In this Agreement ...").
    """
    rest = rest.strip(_SEPARATORS.replace(".", ""))
    if not rest:
        return "", False
    first = next((c for c in rest if c.isalpha()), "")
    if first and first.islower() and not _BRAND.match(rest.lstrip("“\"'‘(")):
        return None
    if _UNIT_RE.match(rest):
        return None
    m = re.match(r"^(.{2,80}?)[.:]\s+(?=[A-Z“\"(])", rest)
    if m and len(rest) > len(m.group(1)) + 2:
        head = m.group(1)
        words = head.split()
        abbreviation = len(words) == 1 and (len(head) <= 3 or head.lower() in _ABBREVIATIONS)
        if len(words) <= 8 and all(_word_ok(w) for w in words) and not abbreviation:
            return _clean_heading(head), True
    if len(rest) > 100 or len(rest.split()) > 14:
        return None
    if any(w.lower().strip(",:;") in _VERBS for w in rest.split()):
        return None
    if rest.rstrip()[-1:] in ",;":
        return None
    if rest.count(",") > 2:
        return None
    return _clean_heading(rest), False


def _sub_heading(rest: str) -> str:
    """An inline heading at the start of a sub-clause ("General Rights. Subject to ...")."""
    m = re.match(r"^(.{2,70}?)\.\s+(?=[A-Z“\"(])", rest)
    if m:
        words = m.group(1).split()
        if (
            1 <= len(words) <= 8
            and all(_word_ok(w) for w in words)
            and words[0][0].isupper()
            and not any(w.lower().strip(",;:") in _VERBS for w in words)
        ):
            return _clean_heading(m.group(1))
    if len(rest) <= 60 and rest[-1:] not in ".,;:" and len(rest.split()) <= 8:
        words = rest.split()
        if words and all(_word_ok(w) for w in words) and words[0][:1].isupper():
            return _clean_heading(rest)
    return ""


def _is_toc_line(text: str) -> bool:
    return bool(_DOT_LEADER_RE.search(text) or _TRAILING_PAGE_RE.search(text))


def _next_line_heading(lines: list[_Line], i: int) -> tuple[str, bool] | None:
    """A heading written on the line after a bare "ARTICLE 5" / "5." line."""
    if i + 1 >= len(lines):
        return None
    nxt = lines[i + 1]
    t = nxt.text
    if _NUMBERED_RE.match(t) or _KEYWORD_RE.match(t) or _LETTER_RE.match(t):
        return None
    toc = _is_toc_line(t)
    if len(t) > 90 and not toc:
        return None
    shape = _heading_shape(t)
    if shape is None or not shape[0] or shape[1]:
        return None
    return shape[0], toc


_PAGE_FOOTER = re.compile(r"[ \t]*\d{1,4}[ \t]*[│|][ \t]*(?:page|pagina)\b", re.I)


def _candidates(lines: list[_Line]) -> list[_Cand]:
    out: list[_Cand] = []
    in_toc_block = False
    toc_refs: set[str] = set()
    for i, line in enumerate(lines):
        t = line.text
        if _TOC_TITLE_RE.match(t):
            in_toc_block, toc_refs = True, set()
            continue
        cand = _parse_line(lines, i)
        if cand is None or _PAGE_FOOTER.match(t):
            continue  # a page footer "1 │ Page" is no clause 1
        if cand.kind != "letter" and _continues_sentence(lines, i, strict=cand.kind != "kw"):
            continue
        cand.toc = cand.toc or _is_toc_line(t)
        if in_toc_block and cand.kind != "letter":
            key = f"{cand.kind}:{cand.ref}".lower()
            if key in toc_refs:
                in_toc_block = False  # the body starts: its first heading was in the contents
            else:
                toc_refs.add(key)
                cand.toc_weak = True
        out.append(cand)
    return out


def _parse_line(lines: list[_Line], i: int) -> _Cand | None:
    line = lines[i]
    t = line.text
    m = _KEYWORD_RE.match(t)
    if m:
        num = m.group("num")
        if num[0].isdecimal():
            parts = tuple(int(p) for p in num.split("."))
        else:
            r = _roman(num)
            if r is None:
                return None
            parts = (r,)
        rest = m.group("rest")
        if re.match(r"^\(\w{1,3}\)", rest) and len(rest) > 40:
            return None  # "Section 5(b)(2) of the Act ..." is a reference
        if len(parts) > 1 and parts[-1] == 0:
            parts = parts[:-1]
        cand = _Cand("kw", parts, num, "", i, line.start, keyword=m.group("kw").lower())
        return _with_heading(lines, i, cand, rest, subclause=len(parts) > 1)
    m = _ANNEX_RE.match(t)
    if m:
        if m.group("sub"):
            return None  # "Exhibit 10.27": an EDGAR filing marker, not an annex
        kw = m.group("kw")
        word = kw[0] + kw[1:].lower()
        num = m.group("num")
        ordinal = int(num) if num.isdecimal() else (_roman(num) or ord(num[-1]) - 64)
        rest = m.group("rest")
        shape = _heading_shape(rest)
        if shape is None:
            return None
        cand = _Cand("annex", (ordinal,), f"{word} {num}", shape[0], i, line.start)
        if not rest.strip() and (nh := _next_line_heading(lines, i)) is not None:
            cand.heading, cand.toc = nh
            cand.heading_from_next = True
        cand.toc_weak = bool(_TRAILING_NUMBER_RE.search(rest))
        return cand
    m = _NUMBERED_RE.match(t)
    if m:
        num = m.group("num")
        parts = tuple(int(p) for p in num.split("."))
        if any(len(p) == 3 for p in num.split(".")[1:]) or parts[0] == 0 and len(parts) == 1:
            return None  # "1.500", "0"
        rest = m.group("rest")
        if _UNIT_RE.match(rest):
            return None
        if len(parts) == 1 and not m.group("dot") and not rest:
            return None  # a lone number: a page number
        if m.group("paren") and len(parts) == 1:
            return None  # "1)" list item
        ref = num
        if len(parts) > 1 and parts[-1] == 0:
            parts = parts[:-1]  # "1.0 Introduction" is article 1
        cand = _Cand("num", parts, ref, "", i, line.start)
        dotted = bool(m.group("dot")) or len(parts) > 1
        return _with_heading(lines, i, cand, rest, subclause=len(parts) > 1, dotted=dotted)
    m = _CAPITAL_LETTER_RE.match(t)
    if m and sum(ch.isalpha() for ch in m.group("rest")) >= 3:
        shape = _heading_shape(m.group("rest"))
        if shape is None or shape[1]:
            return None
        letter = m.group("letter")
        return _Cand("capital", (ord(letter) - 64,), letter, shape[0], i, line.start)
    m = _LETTER_RE.match(t)
    if m:
        letter = m.group("p") or m.group("d") or ""
        if len(letter) > 1 and _roman(letter) is None:
            return None
        return _Cand("letter", (0,), letter, "", i, line.start)
    return None


def _with_heading(
    lines: list[_Line], i: int, cand: _Cand, rest: str, *, subclause: bool, dotted: bool = True
) -> _Cand | None:
    first = next((c for c in rest if c.isalpha()), "")
    if cand.kind == "kw":
        subclause = False  # "Artikel 3.3 – Marketing", "Section 2.01 Definitions."
    if subclause:
        if first.islower() and not rest.startswith(("“", '"', "'", "‘")):
            return None
        cand.heading = _sub_heading(rest) if rest else ""
        if not rest and (nh := _next_line_heading(lines, i)) is not None:
            cand.heading, cand.toc = nh
            cand.heading_from_next = True
        cand.toc_weak = bool(_TRAILING_NUMBER_RE.search(rest))
        return cand
    shape = _heading_shape(rest)
    wraps = shape is not None and shape[0] and not shape[1] and len(rest) >= 40
    if wraps and _next_continues(lines, i):
        nxt = lines[i + 1].text
        if cand.kind == "kw" and len(nxt) <= 60 and nxt[-1:] not in ".,;:":
            shape = (_clean_heading(f"{rest} {nxt}"), False)  # a heading on two lines
        else:
            shape = None  # the first line of a paragraph, not a heading
    if shape is None:
        if not dotted or len(rest) < 15 or rest.rstrip()[-1:] in ",;" or _UNIT_RE.match(rest):
            return None
        cand.paragraph = True
        cand.toc_weak = bool(_TRAILING_NUMBER_RE.search(rest))
        return cand
    heading, inline = shape
    cand.heading, cand.inline_heading = heading, inline
    if not rest.strip():
        nh = _next_line_heading(lines, i)
        if nh is not None:
            cand.heading, cand.toc = nh[0], cand.toc or nh[1]
            cand.heading_from_next = True
        elif cand.kind == "num":
            return None  # "5." alone on a line with no heading after it
    cand.toc_weak = bool(_TRAILING_NUMBER_RE.search(rest))
    return cand


# --------------------------------------------------------------------------- selection


_LINE = 200  # characters: longer "lines" come from text that lost its line breaks


def _body_chars(full: str, lines: list[_Line], cand: _Cand, next_start: int) -> int:
    line = lines[cand.line + 1] if cand.heading_from_next and cand.line + 1 < len(lines) else None
    head_end = line.end if line is not None else lines[cand.line].end
    if cand.inline_heading or (cand.paragraph and len(lines[cand.line].text) <= _LINE):
        # "14. This Agreement shall not be assigned by mPhase without the prior" is body too
        # (not in text whose line breaks were lost, where one "line" holds pages)
        head_end = lines[cand.line].start
    return len(full[head_end:next_start].strip()) if next_start > head_end else 0


def _score_top(cand: _Cand, has_sub: bool) -> float:
    score = 2.0 if cand.kind == "kw" else 1.5
    if cand.paragraph:
        score -= 0.5
    elif cand.heading:
        score += 1.0 if cand.heading.isupper() or cand.kind == "kw" else 0.5
    elif cand.kind == "num":
        score -= 1.0
    if has_sub:
        score += 2.0
    if cand.body >= 200:
        score += 1.0
    elif cand.body < 40:
        score -= 2.0
    if cand.toc:
        score -= 6.0
    if cand.toc_weak and cand.body < 120:
        score -= 2.0
    return score


def _scored(
    full: str,
    lines: list[_Line],
    tops: list[_Cand],
    annexes: list[_Cand],
    sub_starts: list[tuple[tuple[int, ...], int]],
) -> list[_Cand]:
    """``tops`` with their bodies (up to the next of them or an annex) and scores."""
    boundaries = sorted([c.start for c in tops] + [c.start for c in annexes] + [len(full)])
    for c in tops:
        nxt = boundaries[bisect.bisect_right(boundaries, c.start)]
        c.body = _body_chars(full, lines, c, nxt)
        lo = bisect.bisect_left(sub_starts, (c.nums, c.start))
        has_sub = lo < len(sub_starts) and sub_starts[lo][0] == c.nums
        has_sub = has_sub and sub_starts[lo][1] < nxt
        c.score = _score_top(c, has_sub)
    return tops


def _steps(a: tuple[int, ...], b: tuple[int, ...]) -> int | None:
    """How many numbers article ``b`` lies after article ``a`` (None if it cannot follow)."""
    if len(a) == 1:
        d = b[0] - a[0]
        return d if 1 <= d <= 4 else None
    if a[0] == b[0]:
        d = b[1] - a[1]
        return d if 1 <= d <= 4 else None
    d = b[0] - a[0]
    return d + b[1] - 1 if 1 <= d <= 2 and b[1] <= 2 else None


def _best_chain(cands: list[_Cand]) -> list[_Cand]:
    """The highest-scoring chain of increasing article numbers, in text order."""
    usable = [c for c in cands if c.score > 0]
    best: list[float] = []
    back: list[int] = []
    for i, c in enumerate(usable):
        value = c.score - sum(max(0, n - 1) for n in c.nums) * 1.0
        prev = -1
        for j in range(i):
            d = _steps(usable[j].nums, c.nums)
            if d is not None:
                v = best[j] + c.score - (d - 1) * 1.5
                if v > value:
                    value, prev = v, j
        best.append(value)
        back.append(prev)
    if not usable:
        return []
    k = max(range(len(usable)), key=lambda i: best[i])
    chain: list[_Cand] = []
    while k != -1:
        chain.append(usable[k])
        k = back[k]
    return chain[::-1]


def _increasing_run(cands: list[_Cand], pos: int) -> list[_Cand]:
    """Greedy run of candidates whose number at ``pos`` goes up in small steps."""
    out: list[_Cand] = []
    last = 0
    for c in cands:
        n = c.nums[pos]
        if c.toc:
            continue
        if (not out and n <= 3) or (out and 1 <= n - last <= 3):
            out.append(c)
            last = n
    return out


def _capital_run(cands: list[_Cand]) -> list[_Cand]:
    """The longest run of capital-letter sections "A.", "B.", "C." ... in text order."""
    best: list[_Cand] = []
    run: list[_Cand] = []
    for c in cands:
        if run and c.nums[0] == run[-1].nums[0] + 1:
            run.append(c)
        elif c.nums[0] == 1:
            run = [c]
        else:
            continue
        if len(run) > len(best):
            best = list(run)
    return best


def _letter_run(cands: list[_Cand]) -> list[_Cand]:
    alpha: list[_Cand] = []
    for c in cands:
        letter = c.ref
        if len(letter) == 1 and ord(letter) == ord("a") + len(alpha):
            alpha.append(c)
    if alpha:
        return alpha
    roman: list[_Cand] = []
    for c in cands:
        if _roman(c.ref) == len(roman) + 1:
            roman.append(c)
    return roman


@dataclass(slots=True)
class _Node:
    cand: _Cand
    level: int
    ref: str
    start: int
    end: int


def segment(text: ExtractedText, document: str = "") -> tuple[Clause, ...]:
    """The clauses of one document in text order (articles, sub-clauses, items, annexes).

    ``document`` (the sha256) is accepted for symmetry with the other recognisers; clauses do
    not carry it. ``types`` is empty: see :func:`classify_all`.
    """
    full = text.full_text
    lines = _lines(text)
    if not lines:
        return ()
    cands = _candidates(lines)
    depth = _article_depth(cands)
    if depth == 1:
        tops = [c for c in cands if c.kind in ("kw", "num") and len(c.nums) == 1]
    else:  # "Artikel 1.1", "Artikel 1.2", ... under "Deel 1" / "Hoofdstuk 1"
        tops = [c for c in cands if c.kind == "kw" and len(c.nums) == 2]
    subs = [c for c in cands if c.kind in ("kw", "num") and len(c.nums) > depth]
    annexes = [c for c in cands if c.kind == "annex"]
    letters = [c for c in cands if c.kind == "letter"]

    sub_starts = sorted((c.nums[:depth], c.start) for c in subs if c.nums[depth] <= 1)
    chain = _best_chain(_scored(full, lines, tops, annexes, sub_starts))
    # "Artikel 5 Opzegging" over paragraphs numbered "1.", "2.": the keyword headings are the
    # articles, and the paragraphs (and a numbered list of the parties before them) may not
    # stand in for them; scored among the keyword headings alone, each has its body
    keyworded = [c for c in tops if c.kind == "kw"]
    headed = sum(1 for c in keyworded if c.heading and not c.paragraph and not c.toc)
    if headed >= 3 and any(c.kind == "num" for c in chain):
        keyword_chain = _best_chain(_scored(full, lines, keyworded, annexes, sub_starts))
        if len(keyword_chain) >= 3 and 2 * len(keyword_chain) >= len(chain):
            chain = keyword_chain

    # sections lettered "A. AUTHORITY OF AGENCY", "B. ...", with their numbered items
    # restarting in each: the letters are the articles when they start before the numbers do
    capitals = _capital_run([c for c in cands if c.kind == "capital" and not c.toc])
    if len(capitals) >= 3 and (not chain or capitals[0].start < chain[0].start):
        chain = capitals

    chain, chosen_annexes = _annexes(full, lines, chain, annexes)

    nodes: list[_Node] = []
    first_annex = chosen_annexes[0].start if chosen_annexes else len(full)
    top_ends = [c.start for c in chain[1:]] + [first_annex]
    for c, end in zip(chain, top_ends, strict=False):
        nodes.append(_Node(c, 1, c.ref, c.start, end))
    for k, c in enumerate(chosen_annexes):
        end = chosen_annexes[k + 1].start if k + 1 < len(chosen_annexes) else len(full)
        nodes.append(_Node(c, 1, c.ref, c.start, end))
    if not chain and depth == 1:
        nodes.extend(_orphan_subs(subs, first_annex))

    # sub-clauses, then lettered items, inside their parents
    children: list[_Node] = []
    sub_offsets = [c.start for c in subs]
    line_starts = [line.start for line in lines]
    for node in nodes:
        below = _sub_nodes(node, subs, sub_offsets)
        if not below and (node.cand.keyword in ("artikel", "art.") or node.cand.kind == "capital"):
            below = _leden(full, node, _between(lines, line_starts, node.start, node.end))
        children.extend(below)
    nodes.extend(children)
    leaves = _leaves(nodes)
    items: list[_Node] = []
    letter_offsets = [c.start for c in letters]
    for leaf in leaves:
        inside = _between(letters, letter_offsets, leaf.start, leaf.end)
        run = _letter_run(inside)
        for k, c in enumerate(run):
            end = run[k + 1].start if k + 1 < len(run) else leaf.end
            items.append(_Node(c, leaf.level + 1, f"{leaf.ref} ({c.ref})", c.start, end))
    nodes.extend(items)
    nodes.sort(key=lambda n: (n.start, n.level))
    return tuple(_clause(text, full, n) for n in nodes)


def _annexes(
    full: str, lines: list[_Line], chain: list[_Cand], annexes: list[_Cand]
) -> tuple[list[_Cand], list[_Cand]]:
    """The annexes, and the article chain cut where they begin.

    Annexes follow the articles. A run of two or more annexes may also start before the last
    one or two chain entries (an addendum that numbers on, as in "Section 29" of a state
    addendum), which are then dropped. A repeated annex heading keeps the one with a body.
    """
    bounds = sorted([c.start for c in annexes] + [len(full)])
    for c in annexes:
        c.body = _body_chars(full, lines, c, bounds[bisect.bisect_right(bounds, c.start)])
    for cut in range(len(chain), max(len(chain) - 3, -1), -1):
        after = chain[cut - 1].start if cut > 0 else -1
        by_ref: dict[str, _Cand] = {}
        for c in annexes:
            if c.start <= after or c.toc:
                continue
            key = c.ref.lower()
            if key not in by_ref or c.body > by_ref[key].body:
                by_ref[key] = c
        chosen = sorted(by_ref.values(), key=lambda c: c.start)
        chosen = [c for c in chosen if c.body > 0 or c is chosen[-1]]
        if cut < len(chain) and (len(chosen) < 2 or chosen[0].start > chain[cut].start):
            continue
        if chosen:
            return chain[:cut], chosen
    return chain, []


def _article_depth(cands: list[_Cand]) -> int:
    """2 when articles are numbered "Artikel 1.1", "Artikel 1.2" (with no "Artikel 1")."""
    singles = sum(1 for c in cands if c.kind == "kw" and len(c.nums) == 1 and not c.toc)
    doubles = sum(
        1
        for c in cands
        if c.kind == "kw" and len(c.nums) == 2 and not c.toc and c.keyword.startswith("art")
    )
    return 2 if singles < 2 and doubles >= 3 else 1


def _orphan_subs(subs: list[_Cand], limit: int) -> list[_Node]:
    """Without any article headings, "N.M" clauses still structure the text."""
    out: list[_Cand] = []
    for c in subs:
        if c.toc or len(c.nums) != 2 or c.start >= limit:
            continue
        if not out:
            if c.nums[0] <= 2 and c.nums[1] <= 2:
                out.append(c)
            continue
        a, b = out[-1].nums
        n, m = c.nums
        if (n == a and 1 <= m - b <= 3) or (1 <= n - a <= 2 and m <= 2):
            out.append(c)
    nodes = []
    for k, c in enumerate(out):
        end = out[k + 1].start if k + 1 < len(out) else limit
        nodes.append(_Node(c, 2, c.ref, c.start, end))
    return nodes


def _between(cands: list[_T], starts: list[int], lo: int, hi: int) -> list[_T]:
    """The candidates or lines (in text order, ``starts`` their offsets) strictly inside
    ``(lo, hi)``."""
    return cands[bisect.bisect_right(starts, lo) : bisect.bisect_left(starts, hi)]


def _sub_nodes(parent: _Node, subs: list[_Cand], starts: list[int]) -> list[_Node]:
    if parent.cand.kind == "annex":
        return []
    depth = len(parent.cand.nums)
    prefix = parent.cand.nums
    inside = [
        c
        for c in _between(subs, starts, parent.start, parent.end)
        if len(c.nums) == depth + 1 and c.nums[:depth] == prefix
    ]
    run = _increasing_run(inside, depth)
    out: list[_Node] = []
    for k, c in enumerate(run):
        end = run[k + 1].start if k + 1 < len(run) else parent.end
        node = _Node(c, parent.level + 1, c.ref, c.start, end)
        out.append(node)
        out.extend(_sub_nodes(node, subs, starts))
    return out


_LID = re.compile(r"(?P<num>\d{1,2})\.[ \t]+\S")
_LIST_GOES_ON = re.compile(r"(?:[;,]|[;,]\s*(?:en|of|and|or))\s*$")


def _leden(full: str, article: _Node, inside: list[_Line]) -> list[_Node]:
    """The paragraphs ("leden") of a Dutch article (or of a section lettered "A."), lines
    numbered "1.", "2.", ... under its heading, as clauses "5.1", "5.2" (the way Dutch contracts
    cite "artikel 5 lid 2"). A list numbered from 1 again inside a paragraph ("... indien:
    1. ...; 2. ...; 3. ... .") is part of that paragraph: it runs while its items end in ";"
    (or "; en", ", of"), whatever their numbers."""
    numbered = [(int(m["num"]), line) for line in inside if (m := _LID.match(line.text))]
    if not numbered or numbered[0][0] != 1:
        return []
    first = inside.index(numbered[0][1])
    if first > 2 or any(_LETTER_RE.match(line.text) for line in inside[:first]):
        return []  # numbered lines under "a.", "b." or deep in the article are not its leden
    run: list[tuple[int, _Line]] = []
    in_list = False
    for k, (n, line) in enumerate(numbered):
        end = numbered[k + 1][1].start if k + 1 < len(numbered) else article.end
        goes_on = _LIST_GOES_ON.search(full[line.start : end].rstrip()) is not None
        if not run:
            run.append((n, line))
        elif in_list:
            in_list = goes_on
        elif n == run[-1][0] + 1:
            run.append((n, line))
        elif n == 1:
            in_list = goes_on
    if len(run) < 2:
        return []
    out = []
    for k, (n, line) in enumerate(run):
        end = run[k + 1][1].start if k + 1 < len(run) else article.end
        heading = _sub_heading(line.text.split(None, 1)[1]) if " " in line.text else ""
        cand = _Cand("num", (n,), str(n), heading, 0, line.start)
        out.append(_Node(cand, article.level + 1, f"{article.ref}.{n}", line.start, end))
    return out


def _leaves(nodes: list[_Node]) -> list[_Node]:
    starts = sorted((n.start, n.level) for n in nodes)
    leaves = []
    for n in nodes:
        k = bisect.bisect_right(starts, (n.start, n.level))
        has_child = k < len(starts) and starts[k][0] < n.end and starts[k][1] > n.level
        if not has_child:
            leaves.append(n)
    return leaves


def _clause(text: ExtractedText, full: str, node: _Node) -> Clause:
    end = node.end
    while end > node.start and full[end - 1].isspace():
        end -= 1
    return Clause(
        ref=node.ref,
        heading=node.cand.heading,
        types=(),
        page_start=text.page_at(node.start),
        page_end=text.page_at(max(node.start, end - 1)),
        start=node.start,
        end=end,
        text=full[node.start : end],
        level=node.level,
    )


# --------------------------------------------------------------------------- classification


def _trie_regex(patterns: Iterable[str]) -> str:
    """One regex for many phrases, as a trie so a scan costs one pass over the text.

    ``word*`` is a prefix (no word boundary after it); a space matches any whitespace run. The
    word boundary before a phrase is the caller's to require.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for p in patterns:
        prefix = p.endswith("*")
        node = trie
        for ch in p.rstrip("*"):
            node = node.setdefault(ch, {})
        node["<prefix>" if prefix else "<word>"] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alts = []
        for ch, child in sorted(node.items(), key=lambda kv: kv[0].startswith("<")):
            if ch == "<word>":
                alts.append(r"\b")
            elif ch == "<prefix>":
                alts.append("")
            else:
                alts.append((r"\s+" if ch == " " else re.escape(ch)) + emit(child))
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie)


@dataclass(frozen=True, slots=True)
class _BodyMatcher:
    regex: re.Pattern[str]
    weights: dict[str, tuple[tuple[str, float], ...]]  # normalised phrase -> (type, weight)


@cache
def _body_matcher(language: str) -> _BodyMatcher:
    langs = ("nl", "en") if language not in ("nl", "en") else (language,)
    weights: dict[str, list[tuple[str, float]]] = {}
    for ctype, by_lang in nlp.clause_type_patterns().items():
        for lang in langs:
            parts = by_lang.get(lang, {})
            for part, weight in (("strong", STRONG_WEIGHT), ("body", BODY_WEIGHT)):
                for p in parts.get(part, []):
                    key = p.rstrip("*")
                    weights.setdefault(key, []).append((ctype, weight))
    patterns = sorted({p for ps in _all_body_patterns(langs) for p in ps})
    # a non-word character, then the phrase in a look-ahead: matches may overlap, and re skips
    # ahead from one non-word character to the next (far faster than trying "\b" everywhere)
    regex = re.compile(rf"\W(?=({_trie_regex(patterns)}))")
    return _BodyMatcher(regex, {k: tuple(v) for k, v in weights.items()})


def _all_body_patterns(langs: Sequence[str]) -> Iterable[list[str]]:
    for by_lang in nlp.clause_type_patterns().values():
        for lang in langs:
            parts = by_lang.get(lang, {})
            yield parts.get("strong", [])
            yield parts.get("body", [])


def _phrases(text: str, language: str) -> list[tuple[int, str]]:
    """(offset, normalised phrase) of every body-pattern match in ``text``."""
    regex = _body_matcher(language).regex
    # a space before the text, so a phrase at its very start follows a non-word character; the
    # phrase then starts at m.start() + 1 of the padded text, which is m.start() of the text
    padded = " " + text.lower()
    legends = _legends(padded)
    return [
        (m.start(), " ".join(m.group(1).split()))
        for m in regex.finditer(padded)
        if not (m.group(1).startswith(("exclusiv", "exclusie")) and _not_exclusivity(padded, m))
        and not any(a <= m.start() < b for a, b in legends)
    ]


# a filing's redaction legend, repeated on every page of a contract filed with the SEC:
# "Confidential Information has been omitted in places marked "[***]" and has been filed
# separately with the Securities and Exchange Commission. Confidential Treatment has been
# requested ...": no confidentiality clause
_LEGEND_WORDS = re.compile(
    r"omitted|redacted|filed\s+separately|treatment\s+(?:has\s+been\s+|was\s+|is\s+)?request"
    r"|treatment\s+request|request\s+for\s+confidential"
)


def _legends(lowered: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of ``lowered`` that are a redaction legend."""
    spans: list[tuple[int, int]] = []
    at = lowered.find("confidential")
    while at >= 0:
        # the sentence, within its paragraph (a legend on a page's top line ends in no stop)
        lo, hi = max(0, at - 200), min(len(lowered), at + 300)
        start = max(lowered.rfind(".", lo, at), lowered.rfind("\n\n", lo, at), lo - 1) + 1
        stops = [i for i in (lowered.find(".", at, hi), lowered.find("\n\n", at, hi)) if i >= 0]
        end = min(stops) + 1 if stops else hi
        if _LEGEND_WORDS.search(lowered, start, end):
            spans.append((start, end))
        at = lowered.find("confidential", max(end, at + 1))
    return spans


# "non-exclusive", "niet-exclusieve" (in a heading too: "Non-Exclusivity"); "exclusive right,
# title and interest", "sole and exclusive remedy", "exclusive jurisdiction": ownership, remedies
# and forum, not an exclusive dealing
_NON_EXCLUSIVE = re.compile(r"\b(?:non|niet)[-\s]?exclusi", re.I)
_EXCLUSIVE_OTHER = re.compile(
    r"\W{0,3}(?:\w+\s+){0,1}?(?:remed|right,\s+title|title|owner|jurisdiction|venue|forum"
    r"|propert|bevoegd|eigen)"
)


def _not_exclusivity(padded: str, m: re.Match[str]) -> bool:
    negated = _NON_EXCLUSIVE.search(padded, max(0, m.start() - 5), m.end(1))
    after = padded[m.end(1) : m.end(1) + 30]
    return negated is not None or _EXCLUSIVE_OTHER.match(after) is not None


def _scores(phrases: Iterable[str], language: str) -> dict[str, float]:
    weights = _body_matcher(language).weights
    scores: dict[str, float] = {}
    for phrase in set(phrases):
        for ctype, weight in weights.get(phrase, ()):
            scores[ctype] = scores.get(ctype, 0.0) + weight
    return scores


def _types(scores: dict[str, float], heading: str, length: int, language: str) -> tuple[str, ...]:
    """Types from body ``scores`` and the heading; see :func:`classify`."""
    if _definitions_heading().search(heading):
        scores = {}  # a definitions article mentions every subject: only its heading counts
    from_heading = nlp.heading_types(heading, language)
    if "exclusivity" in from_heading and _NON_EXCLUSIVE.search(heading):
        from_heading -= {"exclusivity"}  # "Non-Exclusivity"
    body_threshold = TYPE_THRESHOLD + max(0.0, (length - LONG_CLAUSE) / LONG_CLAUSE)
    return tuple(
        t for t in CLAUSE_TYPES if t in from_heading or scores.get(t, 0.0) >= body_threshold
    )



@cache
def _definitions_heading() -> re.Pattern[str]:
    words = nlp.load_json("clause_types.json")["_definition_headings"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def body_scores(text: str, language: str) -> dict[str, float]:
    """Body-pattern score per clause type (each distinct phrase counted once)."""
    return _scores((p for _, p in _phrases(text, language)), language)


def classify(clause: Clause, language: str) -> tuple[str, ...]:
    """Clause types for one clause, in the order of :data:`CLAUSE_TYPES`.

    A type whose heading pattern matches is given. Otherwise the body decides: 2 per strong
    phrase and 1 per other phrase (each distinct phrase once), and a type needs 2, plus 1 for
    every 3000 characters beyond the first 3000 (long articles mention many subjects in
    passing). The body of a definitions article ("Definities", "Definitions") is not used.
    """
    scores = body_scores(clause.text, language)
    return _types(scores, clause.heading, len(clause.text), language)


def classify_all(clauses: Sequence[Clause], language: str) -> tuple[Clause, ...]:
    """``clauses`` with ``types`` filled in as :func:`classify` would.

    The text is scanned once: outer clauses are scanned and their matches shared out to the
    clauses nested in them by offset.
    """
    hits: list[tuple[int, str]] = []
    covered_to = -1
    for c in sorted(clauses, key=lambda c: (c.start, -c.end)):
        if c.start >= covered_to:  # not inside a clause scanned already
            hits.extend((c.start + off, p) for off, p in _phrases(c.text, language))
            covered_to = c.end
    hits.sort()
    offsets = [h[0] for h in hits]
    out = []
    for c in clauses:
        lo, hi = bisect.bisect_left(offsets, c.start), bisect.bisect_left(offsets, c.end)
        scores = _scores((p for _, p in hits[lo:hi]), language)
        types = _types(scores, c.heading, len(c.text), language)
        out.append(dataclasses.replace(c, types=types))
    return tuple(out)


# --------------------------------------------------------------------------- title

_TITLE_WORDS = re.compile(
    r"(?:overeenkomst|contract|voorwaarden|akte|convenant|licentie)(?:en)?\b|"
    r"\b(?:agreement|contract|license|licence|lease|addendum|amendment|terms|memorandum|deed|"
    r"guarantee|guaranty|mandate|mandaat|protocol|statement of work|letter of intent)s?\b",
    re.I,
)
_WEAK_TITLE_WORDS = re.compile(
    r"(?:regeling|reglement|bepalingen|orderformulier|offerte)\b|\b(?:order form|sla)\b", re.I
)
_CODE = re.compile(r"\b[A-Z]{1,5}[-/]\d{2,}[-/]\d|\b[A-Z]{1,5}/[A-Z]{1,5}/|\d{5,}")
_NOISE = re.compile(
    r"^(?:ex-?\d|exhibit\s+\d|execution\s+(?:copy|version)|confidential|vertrouwelijk|"
    r"strictly\s+confidential|concept|draft|datum|date[d]?\b|versie|version|kenmerk|"
    r"referentie|reference|ref\b|status|page\b|pagina|source:|\[\*+\]|certain\s+(?:confidential|"
    r"information)|table of contents|inhoudsopgave|inhoud\b|tussen\b|between\b|and\b|en\b|"
    r"by and between|dated\b|(?:de\s+)?ondergetekenden|the undersigned|partijen\b|parties\b|"
    r"whereas|recitals|overwegende|nemen in aanmerking|\d)",
    re.I,
)


_DANGLING = re.compile(r"\s(?:en|of|and|or|voor|van|for|&|-)$", re.I)


def title_of(text: ExtractedText) -> str:
    """The contract's main title: the first prominent heading on page 1.

    Prefers an all-capitals line naming a contract ("ICT-BEHEEROVEREENKOMST", "SOFTWARE LICENSE
    AGREEMENT"), then any short line naming one ("Abonnementsovereenkomst Planwise"), then the
    first short all-capitals line; skips cover-page noise ("Datum versie", "CONFIDENTIAL",
    "EX-10.2", "Exhibit 10.27"). A following all-capitals line is joined to an all-capitals
    title ("HUUROVEREENKOMST" / "PARKEERPLAATSEN EN OPSLAGRUIMTE").
    """
    page = next((p for p in text.pages if p.text.strip()), None)
    if page is None:
        return ""
    cells: list[str] = []
    for raw in page.text.split("\n"):
        for cell in re.split(r"\s{3,}|\t", raw.strip()):
            cells.append(" ".join(cell.split()))
    cells = cells[:60]
    usable = [(k, c) for k, c in enumerate(cells) if c and not _NOISE.match(c) and len(c) <= 120]

    def caps(s: str) -> bool:
        letters = [ch for ch in s if ch.isalpha()]
        return len(letters) >= 4 and all(ch.isupper() for ch in letters)

    def short(s: str) -> bool:
        return len(s.split()) <= 12

    def named(s: str, words: re.Pattern[str] = _TITLE_WORDS) -> bool:
        return words.search(s) is not None and not _CODE.search(s)

    def plain(s: str) -> bool:
        return len(s.split()) <= 8 and s[:1].isupper() and "," not in s and s[-1:] not in ".;"

    pick: tuple[int, str] | None = None
    for cond in (
        lambda s: caps(s) and short(s) and named(s),
        lambda s: plain(s) and named(s),
        lambda s: caps(s) and short(s) and named(s, _WEAK_TITLE_WORDS),
        lambda s: plain(s) and named(s, _WEAK_TITLE_WORDS),
        lambda s: caps(s) and short(s) and not _CODE.search(s),
    ):
        pick = next(((k, c) for k, c in usable if cond(c)), None)
        if pick is not None:
            break
    if pick is None:
        return ""
    k, title = pick
    if caps(title):
        for nxt in cells[k + 1 : k + 3]:
            if not nxt:
                continue
            if (
                caps(nxt)
                and short(nxt)
                and not _NOISE.match(nxt)
                and not nxt.endswith(":")
                and len(title) < 80
            ):
                title = f"{title} {nxt}"
            break
    elif _DANGLING.search(title):
        # A title that ends on a joining word goes on over the next line
        # ("Raamovereenkomst kantoorartikelen en" / "kantoorbenodigdheden").
        nxt = next((c for c in cells[k + 1 : k + 3] if c), "")
        if nxt and short(nxt) and not _NOISE.match(nxt) and len(title) + len(nxt) <= 120:
            title = f"{title} {nxt}"
    return title.strip(" :")
