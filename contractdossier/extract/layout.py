"""Pure text clean-up for extracted pages: whitespace, running headers/footers, hyphenation.

Everything here works on plain strings (one string per page) and does no I/O, so it is unit-tested
without PDFs. :func:`clean_pages` is the one entry point the extraction stage uses; the parts are
public for tests and for the benchmark.

Order matters: whitespace is normalised first (so repeated lines compare equal), running lines are
removed next (so a footer under a hyphenated last line does not block the repair), and
hyphenation is repaired last, within a page (a word split across a page break stays split, so that
no text moves from one page to another).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from contractdossier.extract.language import detect_language

ZONE_LINES = 3  # running headers/footers are looked for in the first and last N non-empty lines
MIN_USABLE_CHARS = 20  # fewer non-space characters than this: the page has no usable text layer

# --------------------------------------------------------------------------------------------
# Whitespace and character normalisation

# pdfium marks a line-end hyphen it joined with U+FFFE (FPDFText_GetText) or U+0002 (bounded
# text) and drops the line break; a soft hyphen at a line end means the same. Put back "-\n" so
# that repair_hyphenation() decides with one set of rules.
_HYPHEN_MARK = re.compile("[\ufffe\x02]\n?|\u00ad\n")

_TRANSLATE: dict[int, str | None] = {}
for _cp in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]:
    _TRANSLATE[_cp] = None  # C0/C1 controls, NUL included
for _cp in (0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029):
    _TRANSLATE[_cp] = "\n"  # vertical tab, form feed (our page separator), line/para separators
for _cp in (0x09, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
    _TRANSLATE[_cp] = " "
for _cp in (0x00AD, 0x200B, 0x2060, 0xFEFF, 0xFFFE, 0xFFFF):
    _TRANSLATE[_cp] = None  # soft hyphens (mid-line), zero-width spaces, BOM, non-characters
_TRANSLATE.update(
    {
        0xFB00: "ff",
        0xFB01: "fi",
        0xFB02: "fl",
        0xFB03: "ffi",
        0xFB04: "ffl",
        0xFB05: "st",
        0xFB06: "st",
    }
)

_SPACES = re.compile(r" {2,}")
_EDGE_SPACES = re.compile(r" *\n *")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_whitespace(text: str) -> str:
    """Normalise one page: ``\\n`` line ends, one space between words, NFC, no control chars.

    Line breaks are kept (at most one blank line in a row); lines are stripped; NULs, soft
    hyphens, zero-width characters and form feeds are removed (``\\f`` separates pages in
    :attr:`ExtractedText.full_text`, so it must never occur inside a page); no-break and other
    Unicode spaces become plain spaces; ``ﬁ``-style ligatures are spelt out.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HYPHEN_MARK.sub("-\n", text)
    text = text.translate(_TRANSLATE)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = _EDGE_SPACES.sub("\n", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip(" \n")


def usable_chars(text: str) -> int:
    """Number of non-whitespace characters."""
    return len(text) - sum(text.count(c) for c in " \n\t\r\f")


# U+0002 is left out: pdfium uses it to mark a line-end hyphen.
_BAD_CHARS = re.compile("[\ufffd\ue000-\uf8ff\x00\x01\x03-\x08\x0e-\x1f]|\\(cid:\\d+\\)")


def looks_garbled(text: str) -> bool:
    """True when a text layer is mostly undecodable glyphs (no ToUnicode map, private-use codes).

    Measured as the share of replacement, private-use and control characters (and pdfminer's
    ``(cid:N)`` escapes) among the non-space characters; a quarter or more is garbled.
    """
    total = usable_chars(text)
    if total == 0:
        return False
    bad = sum(len(m.group()) for m in _BAD_CHARS.finditer(text))
    return bad * 4 >= total


# --------------------------------------------------------------------------------------------
# Running headers and footers

# Page-number lines that need no repetition to be recognised (only looked for in the zones).
_PAGE_NUMBER = re.compile(
    r"""^(?:
        (?:pagina|page|pag\.?|p\.|blad(?:zijde)?|seite|sheet)\s*\d{1,4}
            (?:\s*(?:/|van|of|de|von|uit)\s*\d{1,4})?
      | \d{1,4}\s*(?:/|van|of)\s*\d{1,4}
      | [-–—]\s*\d{1,4}\s*[-–—]
    )\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
# The footer SEC EDGAR filings (and so CUAD) carry: "Source: ACME INC, 10-K, 3/12/2020".
_EDGAR_FOOTER = re.compile(r"^Source:\s.+,\s*\d{1,2}/\d{1,2}/\d{4}$")
# A bare number ("3", "3."): a page number only if it runs in step with the page index.
_BARE_NUMBER = re.compile(r"^[(\[]?(\d{1,4})[)\]]?\.?$")
_DIGITS = re.compile(r"\d+")
_NOT_KEY_CHARS = re.compile(r"[#\s]")


@dataclass(frozen=True, slots=True)
class CleanedPages:
    pages: tuple[str, ...]
    # One example of each kind of removed line ("Pagina 1 van 13" stands for all "Pagina N van
    # 13"), in order of first removal.
    removed_lines: tuple[str, ...]
    language: str = "und"  # set by clean_pages


def _zone(lines: Sequence[str]) -> list[tuple[int, bool]]:
    """Indices of the first and last ZONE_LINES non-empty lines, with ``True`` for the top.

    On a short page a line can be in both zones, and is then listed twice.
    """
    filled = [i for i, line in enumerate(lines) if line]
    return [(i, True) for i in filled[:ZONE_LINES]] + [(i, False) for i in filled[-ZONE_LINES:]]


def _is_page_number(line: str) -> bool:
    if not _PAGE_NUMBER.match(line):
        return False
    numbers = [int(d) for d in _DIGITS.findall(line)]
    return len(numbers) < 2 or 0 < numbers[0] <= numbers[1]  # "3 van 13", not "13/3" (a date)


def _support_needed(n_pages: int) -> int:
    """On how many pages a line must recur to count as running ("most pages")."""
    return max(2, math.ceil(n_pages / 2))


def find_running_lines(pages: Sequence[Sequence[str]]) -> list[set[int]]:
    """For pages given as lists of lines, the indices of header/footer lines on each page.

    Three rules, all limited to the first/last :data:`ZONE_LINES` non-empty lines of a page:

    1. explicit page numbers ("Pagina 3 van 13", "pagina 3/13", "Page 3 of 10", "- 3 -") and
       EDGAR ``Source: ...`` footers are removed wherever they occur;
    2. a bare number ("3", "3.", "(3)") is removed when, on most pages, such numbers equal the
       page index plus one common offset (so "2." numbering a heading at a page top is kept);
    3. a line whose text, with digit runs replaced by ``#``, recurs on most pages is removed
       if its numbers are either equal on every page or move in step with the page index (so
       "Kenmerk X – Pagina 2 van 13" goes, "ARTIKEL 4" at the top of two pages stays).
    """
    n = len(pages)
    drop: list[set[int]] = [set() for _ in pages]
    # (is_top, key) -> list of (page index, line index, numbers)
    groups: dict[tuple[bool, str], list[tuple[int, int, tuple[int, ...]]]] = defaultdict(list)
    bare: dict[bool, list[tuple[int, int, int]]] = {True: [], False: []}
    for p, lines in enumerate(pages):
        seen: set[tuple[bool, str]] = set()
        for i, is_top in _zone(lines):
            line = lines[i]
            if _is_page_number(line) or (not is_top and _EDGAR_FOOTER.match(line)):
                drop[p].add(i)
                continue
            bare_match = _BARE_NUMBER.match(line)
            if bare_match:
                bare[is_top].append((p, i, int(bare_match.group(1))))
                continue
            key = _DIGITS.sub("#", line.casefold())
            if len(_NOT_KEY_CHARS.sub("", key)) < 3 or (is_top, key) in seen:
                continue
            seen.add((is_top, key))
            numbers = tuple(int(d) for d in _DIGITS.findall(line))
            groups[(is_top, key)].append((p, i, numbers))

    if n >= 2:
        needed = _support_needed(n)
        for occurrences in groups.values():
            if len(occurrences) < needed:
                continue
            for p, i in _in_step(occurrences, needed):
                drop[p].add(i)
        for candidates in bare.values():
            offsets = Counter(offset for p, offset in {(p, v - p) for p, _, v in candidates})
            for offset, count in offsets.items():
                if count >= needed:
                    for p, i, value in candidates:
                        if value - p == offset:
                            drop[p].add(i)
    return drop


def _in_step(
    occurrences: list[tuple[int, int, tuple[int, ...]]], needed: int
) -> list[tuple[int, int]]:
    """The occurrences whose varying numbers follow the page index (see find_running_lines)."""
    width = len(occurrences[0][2])
    modal: dict[int, int] = {}
    for j in range(width):
        values = {nums[j] for _, _, nums in occurrences}
        if len(values) > 1:
            modal[j] = Counter(nums[j] - p for p, _, nums in occurrences).most_common(1)[0][0]
    accepted = [
        (p, i)
        for p, i, nums in occurrences
        if all(nums[j] - p == offset for j, offset in modal.items())
    ]
    return accepted if len(accepted) >= needed else []


def remove_running_lines(pages: Sequence[str]) -> CleanedPages:
    """Remove running headers, footers and page numbers from normalised page texts."""
    split = [page.split("\n") for page in pages]
    drop = find_running_lines(split)
    removed: dict[str, str] = {}  # digit-normalised key -> first line removed with that key
    out: list[str] = []
    for lines, indices in zip(split, drop, strict=True):
        if not indices:
            out.append("\n".join(lines))
            continue
        for i in sorted(indices):
            removed.setdefault(_DIGITS.sub("#", lines[i].casefold()), lines[i])
        kept = [line for i, line in enumerate(lines) if i not in indices]
        out.append(_BLANK_RUNS.sub("\n\n", "\n".join(kept)).strip("\n"))
    return CleanedPages(tuple(out), tuple(removed.values()))


# --------------------------------------------------------------------------------------------
# Hyphenation

_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_WORD = re.compile(r"[^\W\d_]+$")
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
# "in- en verkoop", "op- of aanmerkingen": a hyphen before a conjunction is not a word break.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "and", "or", "to", "nor"})


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words seen in a document (case-folded): plain words and hyphenated compounds."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def of(cls, texts: Collection[str]) -> Vocabulary:
        words: set[str] = set()
        compounds: set[str] = set()
        for text in texts:
            for word in _WORDS.findall(text.casefold()):
                (compounds if "-" in word else words).add(word)
        return cls(frozenset(words), frozenset(compounds))


def repair_hyphenation(
    text: str, vocabulary: Vocabulary | None = None, *, keep_by_default: bool = False
) -> str:
    """Join words split at a line end: ``"overeen-\\nkomst is"`` -> ``"overeenkomst\\nis"``.

    The first word of the next line moves up; the rest of that line stays on its own line.
    Whether the hyphen stays (the compound is joined: "Noord-Holland") is decided in order:

    1. kept when the next part starts with a capital or the first part ends in one
       ("Noord-Holland", "ICT-beheer");
    2. the document's ``vocabulary`` decides when it has exactly one of the closed form
       ("overeenkomst") and the hyphenated one ("e-mail");
    3. kept when either part is itself hyphenated ("out-of-pocket", "made-for-hire");
    4. otherwise ``keep_by_default``: False for Dutch, where a line-end hyphen is usually a
       syllable break; True for English, where word processors rarely hyphenate and a
       line-end hyphen is usually a compound's ("non-exclusive").

    Left alone: a hyphen after a digit or a space ("2024-", a dash) and one followed by a
    conjunction ("in- en verkoop"), or by anything but a letter.
    """
    if "-\n" not in text:
        return text
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 1:
        line, nxt = lines[i], lines[i + 1]
        if len(line) < 2 or not line.endswith("-") or not line[-2].isalpha() or not nxt:
            i += 1
            continue
        first, _, rest = nxt.partition(" ")
        fragment = _LEADING_LETTERS.match(first)
        if not fragment or first.casefold() in _CONJUNCTIONS:
            i += 1
            continue
        head = line[:-1]
        lead = head.rpartition(" ")[2]
        stem_match = _LAST_WORD.search(lead)
        stem = stem_match.group().casefold() if stem_match else ""
        frag = fragment.group().casefold()
        keep: bool | None = None
        if first[0].isupper() or head[-1].isupper():
            keep = True
        elif vocabulary is not None:
            closed = f"{stem}{frag}" in vocabulary.words
            hyphenated = f"{stem}-{frag}" in vocabulary.compounds
            if closed != hyphenated:
                keep = hyphenated
        if keep is None:
            keep = "-" in lead[:-1] or "-" in first or keep_by_default
        lines[i] = f"{head}-{first}" if keep else f"{head}{first}"
        if rest:
            lines[i + 1] = rest
        else:
            del lines[i + 1]
        # stay on line i: the moved word may end in a hyphen itself
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------


def clean_pages(pages: Sequence[str]) -> CleanedPages:
    """Normalise, remove running lines, repair hyphenation; one output string per input page.

    The language is detected on the text after header removal (it decides the default for
    line-end hyphens) and returned with the pages.
    """
    return finish_pages(remove_running_lines([normalise_whitespace(page) for page in pages]))


def finish_pages(stripped: CleanedPages) -> CleanedPages:
    """The last step of :func:`clean_pages`: detect the language, repair hyphenation."""
    language = detect_language("\n".join(stripped.pages))
    vocabulary: Vocabulary | None = None
    out: list[str] = []
    for page in stripped.pages:
        if "-\n" in page:
            if vocabulary is None:
                vocabulary = Vocabulary.of(stripped.pages)
            page = repair_hyphenation(page, vocabulary, keep_by_default=language == "en")
        out.append(page)
    return CleanedPages(tuple(out), stripped.removed_lines, language)
