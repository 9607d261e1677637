"""Amendments: is this document a wijzigingsovereenkomst / addendum / amendment, and to what?

:func:`detect` returns an :class:`AmendmentInfo` for an amending document, else ``None``:

- ``kind`` and ``number`` from the title ("Tweede wijzigingsovereenkomst" -> 2, "Amendment No. 1");
- ``amends``: the title of the original contract *as written* ("ICT-beheerovereenkomst",
  "Overeenkomst SaaS-dienstverlening Zorgplatform", "Supply and Manufacturing Agreement"),
  with its date, reference (kenmerk) and, where the text names them, its parties.
  :meth:`AmendmentInfo.matches` compares it with a stored contract title, case-insensitively;
- ``effective_date``: the date the amendment itself takes effect;
- ``replacements``: "in artikel 3.3 worden de woorden 'drie (3) maanden' vervangen door
  'zes (6) maanden'" as (old, new, amended clause, field, new value). Only the new value is a
  fact: ``terms.recognise_terms`` emits it (here ``notice_period = P6M``).

The changed facts themselves (a new end date, a restated renewal clause) are read by the other
recognisers from the amendment's own text. To keep them from reading the *old* values,
:func:`regions` marks three kinds of span: text restated from the original ("komt als volgt te
luiden: '...'") -- it gives new values for the term but not the amendment's own start date --,
the words a replacement removes, and the recitals (where the old state is usually told).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractdossier.recognise.fastre import Gated
from contractdossier.recognise.numbers import find_durations, parse_ordinal
from contractdossier.recognise.terms import TextContext, context_for, date_roles, norm
from contractdossier.records import Clause, Evidence, ExtractedText

__all__ = ["AmendmentInfo", "Regions", "Replacement", "detect", "regions", "replacements"]

_I = re.IGNORECASE
_HEAD_CHARS = 900

_KIND = re.compile(
    r"\b(?P<kind>(?:\w+\s)?wijzigingsovereenkomst|wijzigingsakte|allonge|addendum|"
    r"aanvullende\sovereenkomst|amendment|amending\sagreement|variation\sagreement|"
    r"supplement(?:al|ary)?\sagreement|side\sletter|amend(?=\s+to\b))\b",
    _I,
)
_SELF_DEFINED = re.compile(
    r"\(\s?(?:this|the|deze|de|hierna)?\s?:?\s?[“\"'‘](?:Amendment|Addendum|Wijziging"
    r"|Wijzigingsovereenkomst|Variation|Supplement)\w*[”\"'’]",
    _I,
)
_ORDINAL_WORD = re.compile(
    r"\b(?P<ord>eerste|tweede|derde|vierde|vijfde|zesde|first|second|third|fourth|fifth|sixth)\b",
    _I,
)
_NUMBER = re.compile(
    r"\b(?:no\.?|nr\.?|number|nummer)\s?(?P<n>\d{1,3})\b|\b(?:amendment|addendum|"
    r"wijzigingsovereenkomst|allonge)\s(?P<m>\d{1,3})\b",
    _I,
)

_Q_OPEN = "“\"'‘„"
_Q_CLOSE = "”\"'’"
_RESTATE = re.compile(
    r"(?:(?:komt|komen)\s(?:\w+\s){0,3}?(?:als\svolgt\s)?te\sluiden|wordt\svervangen\sdoor\sde\svolgende"
    r"|amended\s(?:and\srestated\s)?(?:in\sits\sentirety\s)?(?:to\sread\s)?(?:as\sfollows)?"
    r"|replaced\s(?:in\sits\sentirety\s)?(?:by|with)\sthe\sfollowing|read\sas\sfollows"
    r"|luidt\svoortaan)\s?:?\s{0,3}",
    _I,
)
_REPLACE_PATTERNS = (
    re.compile(
        rf"(?:wordt|worden)\s+(?:\w+\s+){{0,2}}?(?:de\s+)?(?:woorden|zinsnede|tekst|passage|getallen|termijn)"
        rf"\s+[{_Q_OPEN}](?P<old>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]\s+vervangen\s+door\s+"
        rf"(?:de\s+woorden\s+)?[{_Q_OPEN}](?P<new>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]",
        _I,
    ),
    re.compile(
        rf"[{_Q_OPEN}](?P<old>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]\s(?:wordt|worden)\s(?:\w+\s)?"
        rf"vervangen\sdoor\s(?:de\swoorden\s)?[{_Q_OPEN}](?P<new>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]",
        _I,
    ),
    re.compile(
        rf"(?:replac\w*|substitut\w*)\s(?:the\s(?:words?|phrase|number|reference)\s)?"
        rf"[{_Q_OPEN}](?P<old>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]\s(?:with|by)\s(?:the\s(?:words?|"
        rf"phrase|number)\s)?[{_Q_OPEN}](?P<new>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]",
        _I,
    ),
    re.compile(
        rf"[{_Q_OPEN}](?P<old>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]\s(?:shall\sbe|is|are)\s(?:hereby\s)?"
        rf"(?:deleted\sand\s)?(?:replaced|substituted)\s(?:with|by)\s(?:the\s(?:words?|phrase)\s)?"
        rf"[{_Q_OPEN}](?P<new>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]",
        _I,
    ),
    re.compile(
        rf"delet\w*\s(?:the\s(?:words?|phrase|number)\s)?[{_Q_OPEN}](?P<old>[^{_Q_CLOSE}]{{1,200}})"
        rf"[{_Q_CLOSE}]\sand\s(?:insert\w*|substitut\w*|replac\w*)(?:\sin\s(?:its|their)\splace)?"
        rf"(?:\sthe\s(?:words?|phrase))?\s[{_Q_OPEN}](?P<new>[^{_Q_CLOSE}]{{1,200}})[{_Q_CLOSE}]",
        _I,
    ),
)
_ARTICLE_REF = re.compile(
    r"\b(?:artikel|art\.|article|section|clause|paragraph|lid)\s(?P<ref>\d{1,3}(?:\.\d{1,3}){0,3}"
    r"(?:\s?\([a-z0-9]{1,4}\))?)",
    _I,
)
_RECITALS_START = Gated(
    re.compile(
        r"\b(?:nemen\sin\saanmerking|in\saanmerking\snemende|overwegende|overwegingen|considerans"
        r"|whereas|recitals|background|preliminary\sstatements)\b",
        _I,
    )
)
_RECITALS_END = re.compile(
    r"\b(?:zijn\s(?:het\svolgende\s)?overeengekomen|komen\s(?:het\svolgende\s|als\svolgt\s)?overeen"
    r"|verklaren\ste\szijn\sovereengekomen|now,?\stherefore|it\sis\s(?:hereby\s)?agreed"
    r"|agree\sas\sfollows|have\sagreed\sas\sfollows|hereby\sagree)\b",
    _I,
)

# What the original contract is called, by how amendments refer to it.
_TITLE_PATTERNS = (
    re.compile(
        r"\bbij\s(?:de|het)\s(?P<title>[^\n,;:]{3,120}?)(?=\s(?:met\skenmerk|kenmerk|van\s\d|d\.d\.|"
        r"de\sdato|gesloten|tussen|nummer|nr\.)|\s?[,;\n(]|\s?$)",
        _I,
    ),
    re.compile(
        r"\b(?:wijziging|aanvulling)\s(?:van|op)\s(?:de|het)\s(?P<title>[^\n,;:]{3,120}?)"
        r"(?=\s(?:met\skenmerk|kenmerk|van\s\d|d\.d\.|gesloten|tussen)|\s?[,;\n(])",
        _I,
    ),
    re.compile(
        r"\b(?:partijen\s)?(?:hebben\s)?op\s(?P<date>\d{1,2}\s\w+\s\d{4}|\d{1,2}-\d{1,2}-\d{4})\s"
        r"(?:de|het|een)\s(?P<title>[\w\-–\s]{3,100}?)\s(?:hebben\s)?gesloten",
        _I,
    ),
    re.compile(
        r"\b(?:amend(?:s|ing|ment\sto)?|to)\s(?:that\scertain\s|the\s)(?P<title>(?:[A-Z][\w&,'\-]*\s)"
        r"{0,8}?(?:Agreement|Contract|Lease|License|Licence))\b",
    ),
    re.compile(
        r"^\s*(?P<title>(?:[A-Z][\w&,'\-]*\s){0,8}?(?:AGREEMENT|CONTRACT|LEASE|LICENSE|LICENCE))\s"
        r"(?:AMENDMENT|ADDENDUM)\b",
        re.M,
    ),
    re.compile(
        r"\b(?:AMENDMENT|Amendment|ADDENDUM|Addendum|AMEND)(?:\s(?:No\.?|NO\.?|Number)\s?\d{1,3})?\s"
        r"(?:to|TO)\s(?:the\s|THE\s)?(?P<title>(?:[A-Z][\w&,'\-]*\s){0,8}?(?:AGREEMENT|Agreement"
        r"|CONTRACT|Contract|LEASE|Lease|LICENSE|License|LICENCE|Licence))\b",
    ),
)
_REFERENCE = re.compile(
    r"\b(?:kenmerk|referentie|contractnummer|reference|ref\.|contract\sno\.?|overeenkomst\snr\.?)"
    r"\s?:?\s?(?P<ref>[A-Z0-9][A-Z0-9/\-.]{3,40}[A-Z0-9])",
    _I,
)


@dataclass(frozen=True, slots=True)
class Regions:
    """Spans of a document that do not hold its own, current values (offsets into full_text)."""

    is_amendment: bool
    restated: tuple[tuple[int, int], ...]
    removed: tuple[tuple[int, int], ...]
    recitals: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Replacement:
    """One "replace X by Y" change; ``field``/``new_value`` when the new words are a value."""

    old: str
    new: str
    amended_clause: str | None
    field: str | None  # notice_period, initial_term, end_date
    new_value: str | None  # ISO duration or date
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class AmendmentInfo:
    kind: str  # as written, lower-cased: "tweede wijzigingsovereenkomst", "amendment"
    number: int | None
    amends: str | None  # title of the amended contract as written
    amends_date: dt.date | None
    amends_reference: str | None
    amends_parties: tuple[str, ...]
    effective_date: dt.date | None
    replacements: tuple[Replacement, ...]
    confidence: float
    evidence: Evidence

    @property
    def match_key(self) -> str:
        """``amends`` lower-cased with runs of non-letters as one space ("" when unknown)."""
        return _key(self.amends or "")

    def matches(self, title: str) -> bool:
        """Does a stored contract title name the contract this amends (case-insensitive)?

        True when either title contains the other after :attr:`match_key` normalisation, so
        "ICT-beheerovereenkomst" matches "ICT-BEHEEROVEREENKOMST" and "Overeenkomst
        SaaS-dienstverlening Zorgplatform" matches itself with different capitals.
        """
        mine, theirs = self.match_key, _key(title)
        if not mine or not theirs:
            return False
        return mine in theirs or theirs in mine


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-zà-ÿ]+", " ", text.lower()).split())


# --------------------------------------------------------------------------------------------


# a list of the documents that make up the contract, an addendum among them
_LISTED_DOCUMENTS = re.compile(
    r"\b(?:incorporated\s(?:herein\s)?by\s(?:this\s)?reference|following\sdocuments"
    r"|consists\sof\sthe\sfollowing|maken\sdeel\suit|volgende\sdocumenten)\b",
    re.I,
)


def _is_amendment(ctx: TextContext) -> re.Match[str] | None:
    head = ctx.full[:_HEAD_CHARS]
    for m in _KIND.finditer(head):
        line_start, line_end = ctx.line(m.start())
        line = ctx.full[line_start:line_end]
        if _LISTED_DOCUMENTS.search(ctx.full, max(0, line_start - 200), line_start):
            continue  # "The following documents are incorporated herein: ... Premier Addendum"
        # a title line, or the document defines itself as the amendment
        if len(line.split()) <= 14 or _SELF_DEFINED.search(ctx.full, m.start(), m.start() + 200):
            return m
    return _SELF_DEFINED.search(ctx.full, 0, 4000)


def _quoted_end(full: str, start: int) -> int | None:
    """End of a restatement quoted from ``start`` (at an opening quote)."""
    limit = min(len(full), start + 4000)
    closing = re.compile(rf"[{_Q_CLOSE}]\s{{0,2}}[.;]?[ \t]*(?:\n|\f|$)")
    m = closing.search(full, start + 1, limit)
    return None if m is None else m.start() + 1


def regions(ctx: TextContext) -> Regions:
    """The restated, removed and recital spans of the document (cached on the context)."""
    cached = ctx.cache.get("amendment_regions")
    if isinstance(cached, Regions):
        return cached
    full = ctx.full
    is_amendment = _is_amendment(ctx) is not None
    restated: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    if is_amendment:
        for m in _RESTATE.finditer(full):
            q = m.end()
            if q < len(full) and full[q] in _Q_OPEN:
                end = _quoted_end(full, q)
                if end is not None:
                    restated.append((q, end))
        for pattern in _REPLACE_PATTERNS:
            for m in pattern.finditer(full):
                removed.append(m.span("old"))
    recitals: tuple[int, int] | None = None
    start_m = _RECITALS_START.search(full, 0, min(len(full), 20000))
    if start_m is not None:
        end_m = _RECITALS_END.search(full, start_m.end(), min(len(full), start_m.end() + 15000))
        if end_m is not None:
            recitals = (start_m.start(), end_m.start())
    found = Regions(is_amendment, tuple(restated), tuple(sorted(removed)), recitals)
    ctx.cache["amendment_regions"] = found
    return found


def _field_for(words: str, new: str) -> tuple[str | None, str | None]:
    """(field, value) for the new words of a replacement, judged by the words around it."""
    low = words.lower()
    durations = [d for d in find_durations(new) if d.confidence >= 0.5]
    if durations and not durations[0].duration.has_time:
        value = durations[0].duration.iso()
        if re.search(r"opzeg|notice|kennisgeving", low):
            return "notice_period", value
        if re.search(r"looptijd|\bduur\b|\bterm\b|initial", low):
            return "initial_term", value
        return None, value
    from contractdossier.recognise.dates import find_dates

    dates = find_dates(new)
    if dates and re.search(r"eind|einde|looptijd|expir|terminat|\bend\b|\bterm\b", low):
        return "end_date", dates[0].date.isoformat()
    return None, None


def replacements(ctx: TextContext) -> tuple[Replacement, ...]:
    """The "replace X by Y" changes of an amendment (none for other documents)."""
    cached = ctx.cache.get("amendment_replacements")
    if isinstance(cached, tuple):
        return cached
    found: list[Replacement] = []
    if regions(ctx).is_amendment:
        for pattern in _REPLACE_PATTERNS:
            for m in pattern.finditer(ctx.full):
                s_start, s_end = ctx.sentence(m.start())
                sentence = ctx.full[s_start:s_end]
                ref = _ARTICLE_REF.search(sentence)
                headings = " ".join(c.heading for c in ctx.clauses if c.start <= m.start() < c.end)
                field, value = _field_for(f"{headings} {sentence}", norm(m.group("new")))
                found.append(
                    Replacement(
                        old=norm(m.group("old")),
                        new=norm(m.group("new")),
                        amended_clause=ref.group("ref") if ref else None,
                        field=field,
                        new_value=value,
                        evidence=ctx.evidence(*m.span("new"), quote=(s_start, s_end)),
                    )
                )
    result = tuple(sorted(found, key=lambda r: r.evidence.start or 0))
    ctx.cache["amendment_replacements"] = result
    return result


def _number(head: str) -> int | None:
    m = _NUMBER.search(head)
    if m is not None:
        return int(m.group("n") or m.group("m"))
    o = _ORDINAL_WORD.search(head)
    if o is not None:
        value = parse_ordinal(o.group("ord"))
        return value
    return None


def _clean_title(title: str) -> str:
    title = norm(title).strip(" ,.;:–-\"“”'")
    title = re.sub(r"^(?:de|het|een|the|that\scertain)\s", "", title, flags=_I)
    return title


def _amended_contract(ctx: TextContext) -> tuple[str | None, dt.date | None, int | None]:
    """(title, date, offset) of the contract the amendment refers to."""
    full = ctx.full
    head_end = min(len(full), 6000)
    best: tuple[str, dt.date | None, int] | None = None
    for pattern in _TITLE_PATTERNS:
        for m in pattern.finditer(full, 0, head_end):
            title = _clean_title(m.group("title"))
            words = title.split()
            if not title or len(words) > 12 or _KIND.fullmatch(title):
                continue
            low = title.lower()
            if not re.search(
                r"overeenkomst|contract|agreement|lease|licen[cs]e|akte|voorwaarden", low
            ):
                continue
            when: dt.date | None = None
            near = [d for d in ctx.dates if m.start() - 80 <= d.start <= m.end() + 80]
            if near:
                when = near[0].date
            if best is None or (best[1] is None and when is not None):
                best = (title, when, m.start())
        if best is not None and best[1] is not None:
            break
    if best is None:
        return None, None, None
    return best


def detect(
    text: ExtractedText, clauses: Sequence[Clause], language: str, document: str
) -> AmendmentInfo | None:
    """Amendment details of a document, or ``None`` when it is not an amendment."""
    ctx = context_for(text, clauses, language, document)
    kind_m = _is_amendment(ctx)
    if kind_m is None:
        return None
    head = ctx.full[:_HEAD_CHARS]
    kind = norm(kind_m.group()).lower().strip("(“\"'‘ ")
    title, when, at = _amended_contract(ctx)
    reference: str | None = None
    ref_m = _REFERENCE.search(ctx.full, 0, min(len(ctx.full), 4000))
    if ref_m is not None:
        reference = ref_m.group("ref")
    roles = date_roles(ctx)
    effective = roles.start[0].date if roles.start and roles.start[0].score >= 0.5 else None
    confidence = 0.9 if title else 0.6
    ev_start = at if at is not None else kind_m.start()
    ev_line = ctx.line(ev_start)
    return AmendmentInfo(
        kind=kind,
        number=_number(head),
        amends=title,
        amends_date=when,
        amends_reference=reference,
        amends_parties=(),
        effective_date=effective,
        replacements=replacements(ctx),
        confidence=confidence,
        evidence=ctx.evidence(ev_start, ev_line[1], quote=ctx.sentence(ev_start)),
    )
