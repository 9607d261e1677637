"""Text analysis, written down once and configured into each engine.

Both engines analyse text the same way, at index time and at query time:

* tokens are runs of letters and digits (``[^\\W_]+``: tantivy's simple tokenizer, and the same
  pattern for Whoosh and for our own highlighting);
* lower-cased and accent-folded ("beëindiging" = "beeindiging");
* per language a stop-word list (the lists below, shared by both engines so that phrases and
  matches do not depend on the engine) and a Snowball stemmer (Dutch for Dutch text, English for
  English). Each engine brings its own stemmer implementation: tantivy's Dutch stemmer also
  strips the participle prefix "ge-", Whoosh's older Snowball Dutch does not. The Dutch query
  forms below cover the cases the behaviour promises on both.

Analyzer names used across the package:

``nl`` / ``en``
    language analyzers (fold, stop words, stem) for the ``body_nl`` / ``body_en`` fields;
``fold``
    fold only, no stop words, no stemming: prefixes ("opzeg*"), names, "did you mean";
keyword fields
    (``type``, ``lang``, ``dossier``, ``acl``) are normalised here in Python with
    :func:`keyword` and indexed verbatim.

Nothing in this module imports an engine.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

TOKEN_PATTERN = r"[^\W_]+"
TOKEN_RE = re.compile(TOKEN_PATTERN)
MAX_TOKEN_CHARS = 80  # longer "words" (hashes, base64) are dropped by every analyzer

LANGUAGES = ("nl", "en")
ANALYZERS = ("nl", "en", "fold")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words only (after the Snowball lists, shortened): articles, pronouns, auxiliaries,
# prepositions. Words of substance in a contract ("shall", "may", "termijn") are not stop words.
STOP_NL = _words("""
aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus
een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets
ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of
om omdat ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou
""")

STOP_EN = _words("""
a about above after again against all am an and any are as at be because been before being
below between both but by can did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours ourselves out over own
same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why will with you your yours yourself yourselves
""")

STOP_WORDS = {"nl": STOP_NL, "en": STOP_EN}

# tantivy's ASCII folding maps a few letters that Unicode decomposition leaves alone.
_EXTRA_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
                             "þ": "th", "ð": "d", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case and strip accents: "Beëindiging" -> "beeindiging"."""
    text = text.lower().translate(_EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char


def fold_in_place(text: str) -> str | None:
    """``fold(text)`` when folding keeps every character in place (the usual case: offsets in
    the result are offsets in ``text``), else None."""
    folded = text.lower()
    if len(folded) != len(text):
        return None
    if not folded.isascii():
        folded = _NON_ASCII.sub(lambda m: _fold_char(m.group()), folded)
    return folded


@lru_cache(maxsize=1024)
def words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Whole-token occurrences of any of ``words`` (tokens as :data:`TOKEN_RE` finds them)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def tokens(text: str) -> list[str]:
    """The raw tokens of ``text`` (not folded), as every engine splits it."""
    return [m.group() for m in TOKEN_RE.finditer(text) if len(m.group()) <= MAX_TOKEN_CHARS]


def token_spans(text: str) -> Iterator[tuple[str, int, int]]:
    for m in TOKEN_RE.finditer(text):
        if len(m.group()) <= MAX_TOKEN_CHARS:
            yield m.group(), m.start(), m.end()


@lru_cache(maxsize=4096)
def keyword(value: str) -> str:
    """Normalised value of a keyword field (type, lang, dossier segment): folded, trimmed."""
    return " ".join(fold(value).split())


@lru_cache(maxsize=4096)
def dossier_keys(dossier: str) -> tuple[str, ...]:
    """The dossier folder and all its ancestors, so that ``dossier:inkoop`` finds everything in
    "Inkoop/2024/Q1" too (a folder grant covers everything under it)."""
    parts = [keyword(p) for p in dossier.replace("\\", "/").split("/")]
    parts = [p for p in parts if p]
    return tuple("/".join(parts[: i + 1]) for i in range(len(parts)))


def dossier_key(dossier: str) -> str:
    keys = dossier_keys(dossier)
    return keys[-1] if keys else ""


def dutch_query_forms(word: str) -> tuple[str, ...]:
    """Extra surface forms of a Dutch query word, for what a Snowball stemmer leaves apart.

    Past participles and verb forms ("verlengd", "verlengt", "verlengde", "opgezegd") are tried
    without their ending (and without "ge-"), so that they meet the noun's stem ("verlenging"
    -> "verleng"); a plural in "-es"/"-ies" is tried without its "s" ("boetes" -> "boete").
    The forms are searched with a lower weight than the word itself.
    """
    w = fold(word)
    if not w.isalpha():
        return ()
    out: list[str] = []
    if len(w) >= 7 and w.endswith(("de", "te")) and w[-3] not in "aeiou":
        out.append(w[:-2])  # verlengde -> verleng
    if len(w) >= 6 and w[-1] in "dt" and w[-2] in "bdfgklmnprstvwz" and w[-2] != w[-1]:
        out.append(w[:-1])  # verlengd -> verleng, beeindigt -> beeindig
    if len(w) >= 5 and w.endswith("s") and w[-2] in "aeiou" and not w.endswith(("aas", "oos")):
        out.append(w[:-1])  # boetes -> boete
    for form in list(out):
        if form.startswith("ge") and len(form) >= 6:
            out.append(form[2:])  # gewijzigd -> wijzig
    seen: list[str] = []
    for form in out:
        if form != w and form not in seen:
            seen.append(form)
    return tuple(seen)


def fingerprint() -> str:
    """Changes whenever index-time analysis changes: an index built otherwise is rebuilt."""
    h = hashlib.sha256()
    h.update(TOKEN_PATTERN.encode())
    h.update(str(MAX_TOKEN_CHARS).encode())
    for lang in LANGUAGES:
        h.update(lang.encode())
        h.update(" ".join(sorted(STOP_WORDS[lang])).encode())
    return h.hexdigest()[:12]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]
