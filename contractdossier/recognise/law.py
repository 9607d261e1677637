"""Governing law and forum (competent court or arbitration institute).

Both work in three steps:

1. *Where*: the sentences around a cue ("governed by", "van toepassing", "courts of",
   "bevoegde rechter", "arbitrage") anywhere in the text, found with plain regexes; a sentence
   in a clause whose heading reads as governing law or dispute resolution weighs more.
2. *What*: the spaCy rule pipeline of ``nlp.py`` marks jurisdictions (with their role:
   governing law, incorporation, or neither), Dutch district courts, arbitration institutes and
   generic court/arbitration words in those sentences.
3. *Which*: each mention is scored; the best one becomes the fact. Incorporation ("a Delaware
   corporation", "organized under the laws of", "een stichting naar Nederlands recht") never
   counts as governing law; interim relief ("voorzieningenrechter", "injunctive relief") and
   the enforcement of awards do not count as the forum; "met uitsluiting van arbitrage" turns
   an arbitration mention down.

Values are canonical names: governing law "Netherlands", "New York", "England and Wales";
forum "Rechtbank Zeeland-West-Brabant (locatie Breda)", "Nederlands Arbitrage Instituut
(arbitrage, Amsterdam)", "courts of London". "de bevoegde rechter te <plaats>" is named after
the district court sitting there (``patterns/courts_nl.json``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from contractdossier.recognise import nlp
from contractdossier.recognise.fastre import Gated, Searcher
from contractdossier.recognise.nlp import Mention
from contractdossier.records import Clause, Evidence, ExtractedText, Fact

MAX_SENTENCE = 600  # characters either side of a cue a sentence may reach
MAX_WINDOWS = 16  # sentences per document given to spaCy, best first

# "governed by", "governed in all respects by", "governed exclusively by"
_GOVERNED_BY = r"governed\s+(?:in\s+all\s+respects\s+|exclusively\s+|solely\s+)?by"
_LAW_CUE = re.compile(
    _GOVERNED_BY + r"|governing\s+law|"
    r"applicable\s+law|choice\s+of\s+law|construed|interpreted|"
    # "determined under Nevada law", "under the laws of"
    r"(?:determined|enforced|decided)\s+(?:under|in\s+accordance\s+with)\s+(?:the\s+)?(?:laws?\s+of"
    r"|[a-z]+(?:\s+[a-z]+)?\s+law\b)|"
    r"subject\s+to\s+the\s+laws?\b|laws?\s+of\s+the\s+(?:state|commonwealth|province)|"
    # "Any such arbitration shall be subject to the application of the Italian Law"
    r"subject\s+to\s+the\s+application\s+of\b|"
    r"shall\s+govern|van\s+toepassing|beheerst|toepasselijk\w*\s+recht|rechtskeuze|"
    # "Effective legislation of the Republic of Kazakhstan shall apply to ...", "the law of the
    # Federal Republic of Germany applies"
    r"legislation\s+of\b|laws?\s+of\s+(?:the\s+)?[a-z][a-z ]{2,40}?\s+appl(?:y|ies)\b|"
    r"onderworpen\s+aan\s+(?:het\s+)?\w+\s+recht",
)
# the words every match of _LAW_CUE starts with (found with str.find, then matched there)
_LAW_CUE_WORDS = (
    "governed",
    "determined",
    "enforced",
    "decided",
    "governing",
    "applicable",
    "choice",
    "construed",
    "interpreted",
    "subject",
    "law",
    "shall",
    "van",
    "beheerst",
    "toepasselijk",
    "rechtskeuze",
    "onderworpen",
    "legislation",
)
_STRONG_LAW_CUE = re.compile(
    _GOVERNED_BY + r"|governing\s+law|laws?\s+of|recht\s+van\s+toepassing|beheerst\s+door|"
    r"toepasselijk\w*\s+recht",
    re.I,
)
_FORUM_CUE = re.compile(
    r"rechtbank|bevoegde\s+rechter|rechter\s+(?:te|in|van)|arbitra|scheidsgerecht|"
    r"geschillencommissie|\bcourts?\b|jurisdiction|venue|tribunal|\bforum\b",
)
_FORUM_CUE_WORDS = (
    "rechtbank",
    "bevoegde",
    "rechter",
    "arbitra",
    "scheidsgerecht",
    "geschillencommissie",
    "court",
    "jurisdiction",
    "venue",
    "tribunal",
    "forum",
)
_DISPUTE_CUE = Gated(
    re.compile(
        r"geschil|dispute|claim|controvers|jurisdiction|venue|voorgelegd|beslecht|submit|"
        r"bevoegd|resolved|settled|litigation|proceeding|action|suit\b|vorderingen",
        re.I,
    )
)
_INTERIM = Gated(
    re.compile(
        r"voorzieningenrechter|kort\s+geding|voorlopige\s+voorziening|injunctive|equitable\s+relief|"
        r"interim\s+relief|preliminary\s+relief|provisional|judgment\s+(?:up)?on\s+the\s+award|"
        r"enforce(?:ment)?\s+of\s+(?:the|any)\s+(?:arbitral\s+)?award|award\s+may\s+be\s+entered|"
        r"bankruptcy\s+court|court\s+order|subpoena|declared\s+(?:invalid|unenforceable)\s+by|"
        r"(?:entered|enforced|confirmed)\s+(?:in|by)\s+any\s+court",
        re.I,
    )
)
_NO_ARBITRATION = Gated(
    re.compile(
        r"(?:uitsluiting|uitgesloten|niet\s+van\s+toepassing|in\s+afwijking)[^.]{0,80}arbitr|"
        r"arbitr[^.]{0,80}(?:uitgesloten|niet\s+van\s+toepassing)|"
        r"(?:not|no)\s+(?:be\s+)?(?:subject\s+to\s+)?(?:binding\s+)?arbitration|"
        r"in\s+lieu\s+of\s+arbitration|waive[^.]{0,40}arbitration",
        re.I,
    )
)
_LOCATIE = re.compile(
    r"^\s*[,(]?\s*(?P<word>locatie|zittingsplaats|zittingslocatie|vestigingsplaats|"
    r"nevenvestiging|location)\s+(?P<place>'s-[A-Z][\w-]+|[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)*)"
)
# a court's name that is not read (OCR: "Rechtbank Nootd- Holland, locatie Haarlem") before
# the place where it sits
_LOCATIE_NEAR = re.compile(
    r"^[^.;:()\n]{0,40}(?:\n[^.;:()\n]{0,20})?[,(]?\s*(?:locatie|zittingsplaats|zittingslocatie)\s+"
    r"(?P<place>'s-[A-Z][\w-]+|[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)*)"
)
_NL_PLACE = re.compile(
    r"^\s*(?:te|in|van|binnen)\s+(?:het\s+arrondissement\s+|de\s+arrondissementsrechtbank\s+)?"
    r"(?P<place>'s-[A-Z][\w-]+|[A-Z][\w'-]+(?:\s+op\s+Zoom|\s+aan\s+den\s+\w+|[ -][A-Z][\w'-]+)*)"
)
_EN_PLACE = re.compile(
    r"^\s*(?:(?:of|having)\s+(?:competent|appropriate)\s+jurisdiction\s+)?"
    r"(?:of|in|for|at|located\s+in|sitting\s+in|situated\s+in|seated\s+in|located\s+within|"
    r"within)\s+(?:the\s+)?(?P<place>(?:(?:State|County|City|Borough|Commonwealth|Province|"
    r"District)\s+of\s+)?[A-Z][\w.'-]*(?:(?:\s+|,\s*)(?:[A-Z][\w.'-]*|of(?=\s+[A-Z])))*)"
)
_COURT_PREFIX = re.compile(
    r"(?:(?:the\s+)?(?:state|federal|united\s+states|u\.s\.|district|county)\s+"
    r"(?:(?:and|or|and/or)\s+(?:state|federal)\s+)?)$",
    re.I,
)
_ARB_PLACE = re.compile(
    r"(?:plaats\s+van\s+(?:de\s+)?arbitrage\s+(?:is|zal\s+zijn|wordt)|arbitrage\s+(?:vindt\s+plaats|"
    r"wordt\s+gehouden)\s+(?:te|in)|seat\s+(?:of\s+(?:the\s+)?arbitration\s+)?(?:shall|will)\s+be|"
    r"seat\s+of\s+(?:the\s+)?arbitration\s+is|place\s+of\s+(?:the\s+)?arbitration\s+"
    r"(?:shall\s+be|will\s+be|is)|arbitration\s+(?:shall|will)\s+(?:be\s+)?(?:held|conducted|"
    r"take\s+place)\s+in|arbitration\s+in|arbitration\s+(?:proceedings?|hearings?)\s+(?:shall|will)\s+"
    r"(?:be\s+)?(?:held|conducted|take\s+place)\s+in)\s+(?:the\s+)?(?:City\s+of\s+)?"
    r"(?P<place>[A-Z][\w'-]+(?:(?:\s+|,\s*)[A-Z][\w'-]+)*)"
)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_SENTENCE_START = re.compile(
    r"[.;!?](?=\s)|\n[ \t]*\n|\n(?=\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z]\))\s)"
)
_SENTENCE_END = re.compile(
    r"[.;!?](?=\s|$)|\n[ \t]*\n|\n(?=\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z]\)|"
    r"(?:Artikel|ARTIKEL|Article|ARTICLE|Section|SECTION)\s+\d)\s)"
)
_LEADING_NUMBER = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z]\))\s+")
_COURT_THE = re.compile(r"^the\s+", re.I)
_SUBMISSION = Gated(
    re.compile(
        r"(?:settled|resolved|determined|decided|submitted|referred)\s+(?:exclusively\s+|finally\s+|"
        r"solely\s+)?(?:by|to|through|in)\s+(?:final\s+and\s+)?(?:binding\s+)?(?:confidential\s+)?"
        r"arbitration|binding\s+arbitration|arbitration\s+(?:shall|will)|rules\s+of\s+(?:arbitration|"
        r"the)|arbitration\s+rules|administered\s+by|beslecht\s+(?:door|bij)\s+(?:middel\s+van\s+)?"
        r"arbitrage|arbitrage\s+(?:overeenkomstig|volgens|conform)|arbitragereglement|"
        r"(?:voorgelegd|onderworpen)\s+aan\s+(?:een\s+|de\s+|het\s+)?(?:scheidsgerecht|arbitr|"
        r"geschillencommissie)|geschillencommissie|bindend\s+advies",
        re.I,
    )
)
_ABBREV_END = re.compile(
    r"(?:\b[A-Z]|Inc|Ltd|Co|Corp|No|Nr|St|U\.S|B\.V|N\.V|art|Art|e\.g|i\.e|etc|vs|jo|o\.a)$"
)


@dataclass(frozen=True, slots=True)
class _Window:
    start: int  # offsets of the sentence in the full text (trimmed)
    end: int
    text: str  # the sentence with whitespace runs collapsed (spaCy sees single spaces)


@cache
def _court_places() -> dict[str, str]:
    """Place (or district: "Overijssel", "Noord-Holland") -> the district court sitting there."""
    data = nlp.load_json("courts_nl.json")["courts"]
    places = {court.removeprefix("Rechtbank ").lower(): court for court in data}
    places.update({place.lower(): court for court, places in data.items() for place in places})
    return places


def _sentence(full: str, pos: int) -> tuple[int, int]:
    """Bounds of the sentence around ``pos``: from the last full stop, semicolon, blank line or
    numbered line before it to the next full stop or semicolon after it (a page break is only
    whitespace: sentences run on over pages)."""
    lo = max(0, pos - MAX_SENTENCE)
    start = lo
    for m in _SENTENCE_START.finditer(full, lo, pos):
        if m.group(0) in ".;!?" and _ABBREV_END.search(full[max(lo, m.start() - 5) : m.start()]):
            continue
        start = m.end()
    number = _LEADING_NUMBER.match(full, start, pos)
    if number:
        start = number.end()  # "2.1 Op deze ...": the quote starts at the words
    end = min(len(full), pos + MAX_SENTENCE)
    for m in _SENTENCE_END.finditer(full, pos, end):
        at = m.start()
        if m.group(0) in ".;!?" and _ABBREV_END.search(full[max(0, at - 5) : at]):
            continue
        end = at + (1 if m.group(0) in ".;!?" else 0)
        break
    return start, end


def _cue_starts(low: str, cue: re.Pattern[str], words: Sequence[str]) -> list[int]:
    """Offsets in ``low`` where ``cue`` matches, tried only where one of ``words`` (the words
    its matches start with) occurs: ``str.find`` skips the text far faster than the regex
    engine tries an alternation at every position."""
    found: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            if cue.match(low, at):
                found.add(at)
            at = low.find(word, at + 1)
    return sorted(found)


def _windows(full: str, cue: re.Pattern[str], words: Sequence[str]) -> list[_Window]:
    """Sentences around the matches of ``cue`` (a lowercase pattern, compiled without re.I:
    case-insensitive alternations are ten times slower, so the text is lowercased instead),
    whose matches all start with one of ``words``."""
    low = full.lower()
    if len(low) != len(full):  # a rare character changed length: keep offsets exact
        low, cue = full, re.compile(cue.pattern, re.I)
        starts = [m.start() for m in cue.finditer(low)]
    else:
        starts = _cue_starts(low, cue, words)
    spans: list[tuple[int, int]] = []
    for at in starts:
        if spans and at < spans[-1][1]:
            continue
        spans.append(_sentence(full, at))
    out: list[_Window] = []
    for s, e in spans:
        raw = full[s:e]
        text = " ".join(raw.split())
        if text:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Window(s + lead, s + len(raw.rstrip()), text))
    return out


def _innermost(clauses: Sequence[Clause], offset: int) -> Clause | None:
    best: Clause | None = None
    for c in clauses:
        if c.start <= offset < c.end and (best is None or c.level >= best.level):
            best = c
    return best


def _in_typed(clauses: Sequence[Clause], offset: int, ctypes: set[str], language: str) -> bool:
    for c in clauses:
        if c.start <= offset < c.end:
            types = set(c.types) | nlp.heading_types(c.heading, language)
            if types & ctypes:
                return True
    return False


def _evidence(
    text: ExtractedText, clauses: Sequence[Clause], document: str, w: _Window
) -> Evidence:
    clause = _innermost(clauses, w.start)
    return Evidence(
        document=document,
        page=text.page_at(w.start),
        clause_ref=clause.ref if clause else None,
        quote=w.text,
        start=w.start,
        end=w.end,
    )


def _prioritised(
    windows: list[_Window],
    clauses: Sequence[Clause],
    ctypes: set[str],
    language: str,
    strong: Searcher,
) -> list[tuple[_Window, bool]]:
    """The sentences worth a closer look, best first: those in a clause of one of ``ctypes``,
    then those with a ``strong`` cue, in text order within each group."""
    tagged = [(w, _in_typed(clauses, w.start + 1, ctypes, language)) for w in windows]
    tagged.sort(key=lambda t: (not t[1], strong.search(t[0].text) is None))
    return tagged[:MAX_WINDOWS]


# --------------------------------------------------------------------------- governing law

_LAW_BEFORE = re.compile(
    r"\b(?:laws?|legislation|recht|wetgeving|wet)\b[^.;]{0,80}$|\b(?:under|naar)\s+(?:the\s+)?$"
    r"|\b(?:governed|construed|interpreted)\s+(?:\w+\s+){0,4}?(?:by|under|in\s+accordance\s+with)"
    r"\s+(?:the\s+)?(?:(?:state|commonwealth)\s+of\s+)?$",
    re.I,
)
_LAW_AFTER = re.compile(r"\s*(?:[-‐]?\s*)?(?:law|laws|recht|legislation)\b", re.I)
# "... in the State of Nevada and shall be governed by ... the laws thereof"
_LAW_THEREOF = re.compile(
    r"\b(?:laws?|recht)\s+(?:thereof|of\s+(?:that|such|said)\s+(?:state|country|jurisdiction))\b"
    r"|\b(?:its|whose)\s+laws\b",
    re.I,
)


def _named_as_law(sentence: str, m: Mention) -> bool:
    return bool(
        _LAW_BEFORE.search(sentence, 0, m.start)
        or _LAW_AFTER.match(sentence, m.end)
        or _LAW_AFTER.search(m.text)  # "Nederlands recht", "English law" as one mention
        or _LAW_THEREOF.search(sentence, m.end) is not None
    )



# a sentence that chooses a law: federal law alone is named in many sentences that choose none
_GOVERNS = re.compile(
    r"\b(?:governed|governing|govern|governs|construed|interpreted|beheerst|toepassing)\b", re.I
)


def governing_law(
    clauses: Sequence[Clause], text: ExtractedText, language: str, document: str
) -> Fact | None:
    """The law that governs the contract, or None when the text does not choose one."""
    full = text.full_text
    windows = _windows(full, _LAW_CUE, _LAW_CUE_WORDS)
    tagged = _prioritised(windows, clauses, {"governing_law"}, language, _STRONG_LAW_CUE)
    if not tagged:
        return None
    mentions = nlp.legal_mentions([w.text for w, _ in tagged], language)
    best: tuple[float, int, str, _Window] | None = None
    for k, ((w, typed), found) in enumerate(zip(tagged, mentions, strict=True)):
        juris = [m for m in found if m.label in ("GOVERNING_LAW", "JURISDICTION")]
        if not juris:
            continue
        says_law = re.search(r"\blaws?\b|\brecht\b", w.text, re.I) is not None
        governing = [m for m in juris if m.label == "GOVERNING_LAW"]
        specific = [m for m in governing if m.key != "United States"] or governing
        for m in specific or juris:
            # a place the sentence does not call a law ("11:59 pm New York Time", "the
            # Delaware Trustee", an address a missing full stop ran into the sentence) is not
            # the law chosen: the first one it calls a law ("the laws of the State of X",
            # "Nederlands recht") is
            if m.label == "GOVERNING_LAW" and not _named_as_law(w.text, m):
                continue
            if m.key == "United States" and not _GOVERNS.search(w.text):
                continue  # "under the federal bankruptcy laws or any law of the United States"
            if m.label == "GOVERNING_LAW":
                score = 3.0
            elif says_law and typed:
                score = 1.5
            else:
                continue
            score += 2.0 if typed else 0.0
            rank = (score, -k, m.key, w)
            if best is None or rank[:2] > best[:2]:
                best = rank
            break  # the first qualifying mention of a sentence is its choice
    if best is None:
        return None
    score, _, key, w = best
    confidence = {5.0: 0.95, 3.0: 0.85, 3.5: 0.7}.get(score, 0.5)
    return Fact(
        field="governing_law",
        value=key,
        confidence=confidence,
        evidence=_evidence(text, clauses, document, w),
    )


# --------------------------------------------------------------------------- forum


@dataclass(frozen=True, slots=True)
class _Forum:
    name: str
    score: float


def _court_name(m: Mention, after: str) -> str:
    loc = _LOCATIE.match(after)
    if loc:
        return f"{m.key} ({loc.group('word')} {loc.group('place')})"
    return m.key


def _court_at(court: str, place: str) -> str:
    """The district court by its name, with the place it sits in when that is not its seat."""
    seat = court.removeprefix("Rechtbank ")
    if seat.lower() == place.lower() or (court == "Rechtbank Den Haag" and "'s-Graven" in place):
        return court
    return f"{court} (locatie {place})"


def _generic_court(m: Mention, w: _Window, language: str) -> str | None:
    after = w.text[m.end :]
    nl = _NL_PLACE.match(after)
    low = m.text.lower()
    if nl and ("rechter" in low or "rechtbank" in low or low == "gerecht"):
        place = nl.group("place")
        court = _court_places().get(place.lower())
        if court is None:
            return f"{' '.join(m.text.split())} {after[: nl.end()].strip()}"
        return _court_at(court, place)
    near = _LOCATIE_NEAR.match(after) if "rechtbank" in (low + after[:60].lower()) else None
    if near is not None and (court := _court_places().get(near.group("place").lower())):
        return _court_at(court, near.group("place"))
    en = _EN_PLACE.match(after)
    if en and "court" in low:
        place = re.sub(r"(?:,\s*|\s+)(?:of|and)$", "", en.group("place")).rstrip(" ,.")
        prefix = _COURT_PREFIX.search(w.text[: m.start])
        head = _COURT_THE.sub("", prefix.group(0) if prefix else "") + m.text
        # "courts located in X", "sitting in X" read as "courts in X": one canonical name
        connector = re.sub(
            r"^\s*(?:located|sitting|situated|seated)\s+(?:in|within)\s+(?:the\s+)?$|^\s*within\s+$",
            " in ",
            after[: en.start("place")],
        )
        return " ".join(f"{head}{connector}{place}".split())
    return None


def _arbitration_place(full: str, w: _Window, clauses: Sequence[Clause]) -> str | None:
    clause = _innermost(clauses, w.start + 1)
    lo = w.start
    hi = min(len(full), w.end + 400)
    if clause is not None:
        lo, hi = min(lo, clause.start), max(min(hi, clause.end), w.end)
    m = _ARB_PLACE.search(full, lo, hi)
    return " ".join(m.group("place").split()).rstrip(" ,.") if m else None


def forum(
    clauses: Sequence[Clause], text: ExtractedText, language: str, document: str
) -> Fact | None:
    """The forum for disputes (court or arbitration), or None without a forum clause."""
    full = text.full_text
    ctypes = {"dispute_resolution", "governing_law"}
    tagged = _prioritised(
        _windows(full, _FORUM_CUE, _FORUM_CUE_WORDS), clauses, ctypes, language, _DISPUTE_CUE
    )
    if not tagged:
        return None
    mentions = nlp.legal_mentions([w.text for w, _ in tagged], language)
    best: tuple[float, int, str, _Window] | None = None
    for k, ((w, typed), found) in enumerate(zip(tagged, mentions, strict=True)):
        base = (2.0 if typed else 0.0) + (1.0 if _DISPUTE_CUE.search(w.text) else 0.0)
        interim = _INTERIM.search(w.text) is not None
        no_arb = _NO_ARBITRATION.search(w.text) is not None
        arbitral = re.search(r"arbitra|scheidsgerecht|arbiter", w.text, re.I) is not None
        for m in found:
            option = _forum_option(m, w, full, clauses, language, arbitral)
            if option is None:
                continue
            score = base + option.score
            if interim:
                score -= 3.0
            if no_arb and m.label.startswith("ARBITRATION"):
                score -= 4.0
            rank = (score, -k, option.name, w)
            if score > 1.0 and (best is None or rank[:2] > best[:2]):
                best = rank
    if best is None:
        return None
    score, _, name, w = best
    confidence = round(min(0.95, 0.35 + 0.1 * score), 2)
    return Fact(
        field="forum",
        value=name,
        confidence=confidence,
        evidence=_evidence(text, clauses, document, w),
    )


def _forum_option(
    m: Mention,
    w: _Window,
    full: str,
    clauses: Sequence[Clause],
    language: str,
    arbitral: bool,
) -> _Forum | None:
    if m.label == "COURT":
        return _Forum(_court_name(m, w.text[m.end :]), 3.0)
    if m.label == "ARBITRATION":
        if not _SUBMISSION.search(w.text):
            return None  # named in passing, not chosen as the forum
        near = w.text[max(0, m.start - 80) : m.end + 80]
        if _ACRONYM.match(m.text) and not re.search(r"arbitra|rules|reglement", near, re.I):
            return None  # "ICC" may be a party's short name
        place = _arbitration_place(full, w, clauses)
        word = "arbitrage" if language == "nl" else "arbitration"
        return _Forum(f"{m.key} ({word}, {place})" if place else m.key, 3.0)
    if m.label == "COURT_GENERIC":
        name = _generic_court(m, w, language)
        return _Forum(name, 2.0) if name else None
    if m.label == "ARBITRATION_GENERIC":
        if not _SUBMISSION.search(w.text):
            return None
        place = _arbitration_place(full, w, clauses)
        word = "arbitrage" if language == "nl" else "arbitration"
        return _Forum(f"{word} ({place})" if place else word, 1.5)
    return None
