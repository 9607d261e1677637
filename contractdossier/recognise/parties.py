"""Contract parties: name, role, KvK number and the term each party is defined as.

Contracts introduce their parties in the preamble, and nearly always the same way: a name, a
description (seat, address, register number, representative) and a defined term::

    Bitwerf Managed IT B.V., ... ingeschreven in het handelsregister onder nummer 72914408,
    ... hierna te noemen: "Opdrachtnemer";
    ACME Inc., a Delaware corporation ("Licensee")
    between X (hereinafter referred to as "Company") and Y (the "Distributor")

So parties are found from their *defined-term markers* ("hierna te noemen", "hierna:",
"verder te noemen", "(the ...)", "hereinafter referred to as", ``Company'', an unquoted
"(hereinafter Licensee)" or "(MICOA)") in the first pages, walking back from each marker to
where its party starts (after "between"/"tussen", a list number, "en"/"and", ", and", the
previous marker, a blank line; else the run of capitalised words right before the marker) and
reading the name up to the first description ("gevestigd te", ", a Delaware corporation",
", with its principal place of business"). Commas stay inside a name that ends in a company
form ("Stratton, Cheeseman & Walsh, Inc.", "X Co., Ltd.") or lists people ("Mr. A, Ms. B").
Markers for things that are not parties ("the Agreement", "Partijen", "Effective Date", a
"Purchase Price") and collective terms ("each a 'Member'") name no party; the first party's
preamble ends at the recitals, "agree as follows" or the first article, and a party's term
comes within ``MAX_GAP`` characters of the previous one.

Three further sources add parties the markers miss, each checked against those found:

- names listed after "between"/"among" without a term of their own (a company form, an
  all-caps name, a titled person or "an individual" is required), and names one to a line
  under a "BETWEEN:" that ends its line (a consortium's members: any bare name counts);
- label rows of the preamble: "Party A: Hangzhou Lamp Co., Ltd.", "Licensee: Acme Inc.";
- when fewer than two parties were found, or the preamble leaves them to the signatures ("the
  undersigned hereby agree", "the purchasers listed on the signature pages"), the signature
  blocks: company names above the "By:"/"/s/" lines after the last "IN WITNESS WHEREOF" (or
  in the last pages; further when the preamble defers), and a person named under their own
  "/s/" line (the typed name repeating the signed one).

A name that only describes a party ("X Inc., a subsidiary of Y Corp. ("Y")") and the parties
of another agreement the preamble mentions ("under the Services Agreement between A and B")
are not parties.

Plain regexes: the cues are punctuation and fixed phrases, which a tokeniser would only blur.
Every regex runs on a bounded stretch of text or has no nested ambiguity, so the time is
linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from contractdossier.recognise import nlp
from contractdossier.recognise.fastre import Gated
from contractdossier.records import Evidence, ExtractedText, Fact

MAX_PAGES = 5
MAX_CHARS = 25_000
MAX_PAGES_LONG = 12  # when the first pages name no party (a cover and a long contents list)
MAX_CHARS_LONG = 60_000
QUOTE_CHARS = 300
MAX_GAP = 1500  # characters between one party's defined term and the next party's

_Q_OPEN = "“\"'‘„«`"
_Q_CLOSE = "”\"'’»“"
# one or two quote marks each side: EDGAR texts write ``Company'' and ‘‘Company’’
_QUOTED = re.compile(
    rf"[{_Q_OPEN}]{{1,2}}\s*([^{_Q_OPEN}{_Q_CLOSE}()]{{1,60}}?)\s*,?\s*(?:[{_Q_CLOSE}]{{1,2}}"
    # the closing quote left out before the bracket: ("Celebrity), an individual
    r"|(?=\)))"
)
_OPEN_QUOTE = re.compile(rf"[{_Q_OPEN}]")
# What comes right before the first quoted term of a marker (matched against the ~100
# characters before each opening quote, anchored at the quote).
_NL_MARKER = Gated(
    re.compile(
        r"\b(?:hierna|verder|hieronder)(?:\s+(?:gezamenlijk|samen|ieder\s+afzonderlijk|ook))*"
        r"(?:\s+(?:te\s+noemen|genoemd|aangeduid\s+als|ook\s+te\s+noemen|te\s+duiden\s+als))?"
        r"\s*[:,]?\s*(?:de\s+|het\s+)?$",
        re.I,
    )
)
_EN_FILLER = (
    r"(?:hereinafter|hereafter|herein|sometimes|also|each|jointly|collectively|individually|"
    r"referred\s+to|called|designated|known|defined|named|termed|as|the|a|an|and|or|being|"
    r"shall\s+be|to\s+be|is)\b|[,:]"
)
_EN_MARKER = re.compile(
    r"(?:\(\s*(?:(?:together|collectively|jointly)\s+with\s+[^()“\"]{0,60}?)?"
    r"|\b(?=hereinafter|hereafter|referred|called|"
    rf"known|designated))(?:\s*(?:{_EN_FILLER}))*\s*$",
    re.I,
)
_UNQUOTED_NL = re.compile(
    r"\b(?:hierna|verder)(?:\s+te\s+noemen)?\s*:?\s+(?:de\s+|het\s+)?"
    r"(?P<term>[A-Z][\w-]{2,40})(?=\s*[,;.)]|\s*$|\s+en\b)",
    re.M,
)
# English defined terms without quotes: "(hereinafter referred to as the Company)",
# "(the Licensee)" for a role word (checked against the lexicon), "(MICOA)".
_UNQUOTED_EN = re.compile(
    r"\b(?:hereinafter|hereafter)\b"
    r"(?:\s*,)?\s+(?:(?:referred\s+to\s+|designated\s+|known\s+)as|called)?\s*(?:the\s+)?"
    r"(?-i:(?P<term>[A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*){0,3}))(?=\s*[,;.)]|\s+and\b)",
    re.I,
)
_UNQUOTED_ROLE = re.compile(
    r"\((?:the|The|THE)?[ \t]*(?P<term>[A-Z][A-Za-z-]+(?:[ \t][A-Z][A-Za-z-]+)?)[ \t]*\)"
)
_ACRONYM = re.compile(r"\((?P<term>[A-Z][A-Z&]{1,9})\)(?=\s*(?:[,;.]|and\b|\n|$))")
_PAREN_REST = re.compile(r"[^()\n“”\"]{0,120}?(?:[“\"][^“”\"]{1,60}[”\"][^()\n“”\"]{0,40}?){0,3}\)")
_TERM_JOIN = re.compile(
    r"\s*(?:,|\bof\b|\ben\b|\bor\b|\band\b|\bdan\s+wel\b)\s*(?:de\s+|het\s+|the\s+)?"
)
# "made effective as of July 1, 2014 by": the first party follows (not "..., by and between")
_MADE_AS_OF_BY = (
    r"(?:made|entered\s+into|executed)\s+(?:effective\s+)?(?:as\s+of|on|this)\s+[^;()\n]{3,40}?"
    r"\s+by(?!\s+and\b)"
)
_PARTY_START = re.compile(
    r"(?:\b(?:by\s+and\s+between|by\s+and\s+among|between|among|tussen|entered\s+into\s+by|"
    rf"(?:made|executed)\s+by|{_MADE_AS_OF_BY})\b"
    r"\s*:?|(?:de\s+)?ondergetekenden\b\s*:?|\bthe\s+undersigned\s*[:,]|\bpartijen\s*:|\bparties\s*:|"
    # "PARTIES (1) X Limited", also run into the line before in capitals
    r"(?:(?:^|(?<=\n))[ \t]*(?:parties|partijen)|\b(?-i:PARTIES|PARTIJEN))[ \t]+(?=\(1\))|"
    r"\b(?:dear|geachte)\s[^:\n]{1,40}:|"  # a letter: "Dear Ladies and Gentlemen: Bluerock ..."
    # a numbered item whose line break became spaces: "Hong Kong     (2) WASTE2ENERGY ... PLC"
    r"(?<=[ \t]{3})\(\d{1,2}\)[ \t]+(?=[A-Z])|"
    r"\n[ \t]*\n|(?:^|\n)[ \t]*(?:\(?\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)]|[-•●▪–])[ \t]+|"
    r"(?:^|\n)[ \t]*(?:en|and|EN|AND|And)\b[ \t]*[:,]?)",
    re.I,
)
# company forms of other countries, in both patterns below
_MORE_FORMS = (
    r"Sp\.\s?z\s?o\.o|Sdn\.?\s?Bhd|Bhd|Berhad|S\.à\s?r\.l|S\.a\.r\.l|SARL|BVBA|KGaA|KG"
    r"|Limited[ \t]Partnership|LIMITED[ \t]PARTNERSHIP|Limited[ \t]Liability[ \t]Company"
    r"|LIMITED[ \t]LIABILITY[ \t]COMPANY|G\.I\.E"
)
_SUFFIX = (
    r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|L\.P|LP|LLP|L\.L\.P|N\.V|B\.V|S\.A|GmbH|AG|plc|P\.L\.C|"
    r"Corp|Co|S\.L|S\.p\.A|SA|NV|BV|Pty|Pte|Ltda|S\.\s?de\s?R\.L|de\s+C\.V|d/b/a|N\.A|"
    rf"Incorporated|S\.R\.L|SRL|A/S|AB|{_MORE_FORMS}|s\.r\.o)\.?(?=$|[\s,.;)])"
)
_SUFFIX_WORD = (
    rf"(?:{_MORE_FORMS}|Inc|LLC|L\.L\.C|Ltd|Limited|L\.P|LP|LLP|L\.L\.P|N\.V|B\.V|S\.A|GmbH|AG|plc|"
    r"P\.L\.C|Corp|Co|S\.L|S\.p\.A|SA|NV|BV|Pty|Pte|Ltda|bv|nv|b\.v|n\.v|N\.A|Incorporated|INC|LTD|"
    r"CORP|INCORPORATED|LIMITED)"
)
# the end of the name at the last of a run of company forms: "X Co., Ltd." (not "X Co.")
_LAST_SUFFIX = re.compile(
    rf"^.*?[\s,]{_SUFFIX_WORD}\.?(?:(?:,?[ \t]*|[ \t]*&[ \t]*){_SUFFIX_WORD}\.?)*"
    r"(?:[ \t]+de[ \t]+(?:C\.?V|R\.?L)\.?)?"  # Mexican forms: "Widget S.A. de C.V."
    r"(?=$|[\s,;)(])",
)
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|de\s+heer|mevrouw|dhr|mevr)\.?\s"
_NAME_END = re.compile(
    rf",(?!\s*(?:{_SUFFIX}|{_HONORIFIC}|(?:Jr|Sr|JR|SR)\b|I{{2,3}}\b))|\s+\((?![A-Z]{{2,12}}\)\s*[(A-Z])|"
    r"\s+(?:gevestigd|statutair|kantoorhoudende|zetelend|ingeschreven|"
    r"handelend|wonende|with\s+(?:its|a|an|offices|principal)|having\s|whose\s|located\s|"
    r"organized\s|organised\s|incorporated\s|existing\s|hereinafter|hereafter|hierna|verder\s+te|"
    r"an?\s+(?:[a-z]+\s+){0,2}(?:corporation|company)\b|is\s+an?\s|and/or\s+assigns|c/o\b)|;|:|\n\s*\n|"
    # an address on the next line: "ROBERT T. JOHNSON\n45 Pine Road"; "JOHN SMITH of 2 Queen
    # Street" (English deeds)
    r"\n(?=[ \t]*(?:\d{1,6}[ \t]+[A-Z]|P\.?[ \t]?O\.?[ \t]+Box\b|Suite\b|Attn\b|Attention\b))|"
    # "... of [address removed]"; "LEO PHARMA A/S of Industriparken 55"
    r"\s+of\s+(?=\d{1,6}[ \t]+[A-Z]|\[|(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.?[ \t])[A-Z][\w-]+[ \t]+\d{1,5}\b)|"
    # a street address right after the company form: "Uniquest Corporation 780 Montague Expressway"
    r"(?:(?<=Corporation)|(?<=Corp\.)|(?<=Inc\.)|(?<=LLC)|(?<=Ltd\.)|(?<=Limited)|(?<=Company))"
    r"[ \t]+(?=\d{1,6}[ \t]+[A-Z][a-z])",
    re.I,
)
# a name with commas that ends in a company form: "Stratton, Cheeseman & Walsh, Inc."
# (a brand in small letters: "e-centives", "i3")
_NAME_TOKEN = r"(?:[A-Z0-9][\w'’.&/-]*|[a-z]+[A-Z][\w'’.&/-]*|[a-z](?:-[a-z]|\d)[\w'’.&/-]*)"
_COMMA_NAME = re.compile(
    rf"{_NAME_TOKEN}(?:(?:,[ \t]*(?!and\b)|[ \t\n]+)(?:&|and|of|the|{_NAME_TOKEN}))*?,?[ \t]+"
    rf"{_SUFFIX_WORD}\.?(?=$|[\s,;)])"
)
# the run of capitalised words that ends right before a marker: "... that Acme Widgets, LLC, "
_BACK_TOKEN = (
    r"(?:(?!(?i:between|among|by|this|dated|made|from|with|and|the|of|to)\b)"
    rf"{_NAME_TOKEN}|&)"
)
_BACK_RUN = re.compile(
    rf"(?<![\w&'’.-])({_BACK_TOKEN}(?:(?:,[ \t]*|[ \t]+|[ \t]*\n[ \t]*)"
    rf"(?:{_BACK_TOKEN}|and|of|the|de|du|des|van|der|for))*)[\s,]*$"
)
_LIST_AND = re.compile(
    r"(?:;[ \t]*(?:and|en|AND|EN)?|,[ \t]*(?:and|en|AND|EN))[ \t\n]+(?=[A-Z0-9\[“\"])"
)
_KVK = re.compile(
    r"(?:kvk|k\.v\.k\.|kamer\s+van\s+koophandel|handelsregister|kvk-nummer|kvk-nr)"
    r"[^\d]{0,80}?(\d{8})\b",
    re.I,
)
_AGREE = Gated(
    re.compile(
        r"komen\s+(?:het\s+)?(?:volgende|als\s+volgt)\s+overeen|zijn\s+overeengekomen\s+als\s+volgt|"
        r"verklaren\s+te\s+zijn\s+overeengekomen|agree\s+as\s+follows|now,?\s+therefore|"
        r"(?:it\s+is\s+)?(?:hereby\s+)?agreed\s+as\s+follows",
        re.I,
    )
)
_LEADING = re.compile(
    r"^(?:[\s,;:–\-|•●▪)\]]+|(?:and|en|de|between|tussen|by|of)\b\s*|(?-i:the)\s+(?=[A-Z])|"
    r"(?:if|in|attest|attested|witness)\s+(?=[A-Z])|"
    r"(?:\(?\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)])\s+)+",
    re.I,
)
_SMALL_WORDS = "van de der den het 't en & of the and for voor in op do da du la le d/b/a and/or"
_SMALL = frozenset(_SMALL_WORDS.split())  # lowercase words that may stand in a name
_MID_AND = re.compile(r"\s(?:and|en)\s+(?=[A-Z])")
# the same before a marker, also with an article: "... TX 75069 and the American Diabetes
# Association, Inc. ("Association")"
_MID_AND_THE = re.compile(r"\s(?:and|en)\s+(?P<the>the\s+)?(?=[A-Z])")
_RECITALS = re.compile(
    r"(?:^|\n)[ \t]*(?:WHEREAS|Whereas|RECITALS|Recitals|BACKGROUND|Background|PREAMBLE|"
    r"WITNESSETH|Witnesseth|OVERWEGENDE|Overwegende|NEMEN IN AANMERKING|Nemen in aanmerking|"
    r"OVERWEGINGEN|Overwegingen|IN AANMERKING NEMENDE|In aanmerking nemende)\b"
)
# the first article of the body: no party is introduced after it
_BODY = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:SECTION|Section|ARTICLE|Article|ARTIKEL|Artikel)\s+(?:1|I|ONE|One)\b|"
    r"1\.1\s|(?:1\.?\s+)?(?:DEFINITIONS|Definitions|DEFINITIES|Definities)\s*(?:\n|\.))"
)
_PRONOUNS = frozenset(["we", "us", "our", "you", "your", "wij", "ons", "onze", "u", "uw"])
# defined terms for things, not parties: "Effective Date", "Initial Term", "Purchase Price"
_THING_TERM = re.compile(
    r"(?:\b|^)(?:date|datum|period|periode|agreement|overeenkomst|act|price|prijs|fee|fees|"
    r"plan|term|termijn|shares|stock|notes?|territory|property|premises|schedule|exhibit|"
    r"bijlage|products?|software|materials?|goods|law|laws|wet|prospectus|statement|registration)$",
    re.I,
)
_MONTH_DAY = (
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december)\s+\d|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b"
)
_NOT_A_NAME = re.compile(
    rf"{_MONTH_DAY}|\b(?:agreement|overeenkomst|amendment|contract)\b|\b(?-i:Act|Code|Rules?)\s+of\s+\d{4}\b|"
    r"\bsecurities\s+(?:and\s+)?exchange\b|\bexchange\s+commission\b|^exhibit\b|^schedule\b"
    r"|\bpower\s+of\s+attorney\b|\s(?:and|or|en|of)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Marker:
    start: int  # offsets into the searched window (= full text: the window is a prefix)
    end: int
    terms: tuple[str, ...]
    collective: bool = False  # (each a "Member" and together the "Members"): no one party


_COLLECTIVE = re.compile(
    r"\b(?:each|individually|jointly|severally|gezamenlijk|ieder)\b|"
    r"\b(?:together|collectively|samen)\b(?!\s+with\b|\s+met\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    roles: frozenset[str]  # lowercase role words ("opdrachtgever", "licensee")
    roles_in_names: frozenset[str]  # role words that also stand in names ("Bank", "Fund")
    not_parties: frozenset[str]  # lowercase defined terms that are never a party
    legal_form: re.Pattern[str]  # a company-form word ("B.V.", "Inc.", "Stichting")
    key_drop: frozenset[str]  # words left out when comparing two names
    abbreviations: frozenset[str]  # words whose full stop ends no sentence ("Inc.")
    caps_stop: frozenset[str]  # first words of fragments a preamble in capitals shows as names
    caps_clause_words: frozenset[str]  # words of a sentence, never of a name (in capitals)
    form_words: frozenset[str]  # words of a form's labels and a signature block ("Title")
    places: frozenset[str]  # lowercase names of countries, states and other jurisdictions


@cache
def _lexicon() -> _Lexicon:
    data = nlp.load_json("party_terms.json")
    # forms that are also common words count in capitals only: "AS" (Norway), not "as"
    cased = {"as"}
    forms = sorted((f for f in data["legal_forms"] if f not in cased), key=len, reverse=True)
    alts = "|".join([*(re.escape(f) for f in forms), *(f"(?-i:{f.upper()})" for f in cased)])
    return _Lexicon(
        roles=frozenset(r.lower() for words in data["roles"].values() for r in words),
        roles_in_names=frozenset(data["roles_in_names"]),
        not_parties=frozenset(w.lower() for w in data["not_parties"]),
        legal_form=re.compile(rf"(?:^|[\s,])(?:{alts})(?=$|[\s,.;)])", re.I),
        key_drop=frozenset(data["name_key_drop"]),
        abbreviations=frozenset(data["abbreviations"]),
        caps_stop=frozenset(data["caps_stop"]),
        caps_clause_words=frozenset(data["caps_clause_words"]),
        form_words=frozenset(data["form_words"]),
        places=frozenset(
            str(row["pattern"]).removeprefix("the ")
            for row in nlp.load_jsonl("jurisdictions.jsonl")
            if isinstance(row["pattern"], str)
        ),
    )


def _legal_form() -> re.Pattern[str]:
    return _lexicon().legal_form


def _quoted_terms(window: str, pos: int) -> tuple[tuple[str, ...], int]:
    """Quoted terms starting at ``pos`` ("X" of "Y"), and where they end."""
    terms: list[str] = []
    end = pos
    while True:
        m = _QUOTED.match(window, pos)
        if not m:
            break
        terms.append(" ".join(m.group(1).split()).strip(" ,"))
        end = pos = m.end()
        j = _TERM_JOIN.match(window, pos)
        if j is None or len(terms) >= 4:
            break
        pos = j.end()
    return tuple(terms), end


def _markers(window: str) -> list[_Marker]:
    """Defined-term markers in ``window``: a cue ("hierna te noemen:", "(the", "hereinafter
    referred to as") right before one or more quoted terms ("X" of "Y")."""
    found: list[_Marker] = []
    covered = -1
    for q in _OPEN_QUOTE.finditer(window):
        at = q.start()
        if at < covered or (window[at] in "'’" and at and window[at - 1].isalnum()):
            continue  # inside a marker, or an apostrophe ("Licensee's")
        before = window[max(0, at - 100) : at]
        m = _NL_MARKER.search(before) or _EN_MARKER.search(before)
        if m is None:
            continue
        terms, end = _quoted_terms(window, at)
        if not terms:
            continue
        start = at - len(before) + m.start()
        if end < len(window) and window[end] == ")":
            end += 1
        elif "(" in window[start:at]:
            # ("PLIC" and, together with PHLVIC, "PHL Variable"): the rest of the parenthesis
            # belongs to the marker (and names no party of its own)
            close = _PAREN_REST.match(window, end)
            if close:
                end = close.end()
        collective = _COLLECTIVE.search(window, start, at) is not None
        found.append(_Marker(start, end, terms, collective))
        covered = end
    roles = _lexicon().roles
    low = window.lower()
    for u in (
        *_at_words(_UNQUOTED_NL, window, low, ("hierna", "verder")),
        *_at_words(_UNQUOTED_EN, window, low, ("hereinafter", "hereafter")),
        *(r for r in _UNQUOTED_ROLE.finditer(window) if r.group("term").lower() in roles),
    ):
        if not any(mk.start <= u.start() < mk.end for mk in found):
            found.append(_Marker(u.start(), u.end(), (u.group("term"),)))
    for a in _ACRONYM.finditer(window):
        if any(mk.start <= a.start() < mk.end for mk in found):
            continue
        term = a.group("term")
        # "(MICOA)": a defined short name when the text uses it again, or it spells the
        # initials of the words before it; not a country or a regulator ("(PRC)", "(SEC)")
        if term.lower() in _lexicon().not_parties:
            continue
        if window.count(term, a.end()) >= 1 or _initials_before(window, a.start(), term):
            found.append(_Marker(a.start(), a.end(), (term,)))
    return sorted(found, key=lambda mk: mk.start)


def _at_words(
    pattern: re.Pattern[str], window: str, low: str, words: tuple[str, ...]
) -> list[re.Match[str]]:
    """``pattern`` matched where one of its cue ``words`` occurs in ``low`` (the lowercased
    window): much faster than letting the pattern scan every position."""
    if len(low) != len(window):  # lowercasing changed offsets ("İ")
        return list(pattern.finditer(window))
    found: list[re.Match[str]] = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            m = pattern.match(window, at)
            if m is not None:
                found.append(m)
            at = low.find(word, at + len(word))
    return found


def _spells(words: str, term: str) -> bool:
    """Whether ``term`` ("NPCAF") spells, in order, initials of the capitalised ``words``."""
    letters = iter(w[0] for w in words.split() if w[:1].isupper())
    return len(term) > 1 and all(c in letters for c in term)


def _initials_before(window: str, at: int, term: str) -> bool:
    return _spells(window[max(0, at - 150) : at], term)


# a place in brackets inside a company's name, before its form: "(Hong Kong) Co., Ltd."
_PLACE_IN_NAME = re.compile(
    rf"[ \t]*\([A-Z][^()\n]{{1,30}}\)[ \t]*,?[ \t]*{_SUFFIX_WORD}\.?(?:,?[ \t]*{_SUFFIX_WORD}\.?)*"
    r"(?=$|[\s,;)(])"
)


_OF_PLACE = re.compile(r"\.?\s+of\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?=\s*[,(])")


def _name_at(
    block: str, terms: tuple[str, ...], roles: frozenset[str], inline: bool = False
) -> tuple[str, int]:
    """The party name at the start of ``block`` and its offset in it ("" if none); ``inline``:
    the block starts inside a line of running text."""
    m = _LEADING.match(block)
    pos = m.end() if m else 0
    rest = block[pos:]
    # a table or label row: "Leverancier | Planwise Software B.V., ..."
    label = _ROW_LABEL.match(rest)
    if (
        label
        and not _label_in_name(label, rest, terms, inline)
        and (label.group(1).lower() in roles or _PARTY_LETTER.fullmatch(label.group(1)))
        and (
            label.group(1) in terms
            or label.group(2).strip()
            # a form's row in capitals: "SHIPPER ECOPETROL S.A.   TAX ID ..."
            or (label.group(1).isupper() and _legal_form().search(rest.split("\n", 1)[0]))
        )
    ):
        pos += label.end()
        rest = block[pos:]
        lead = len(rest) - len(rest.lstrip(" |:"))
        pos += lead
        rest = rest[lead:]
    heading = _CAPS_LABEL.match(rest)
    if (
        heading is not None
        and not _legal_form().search(heading.group(1))
        and _legal_form().search(rest[heading.end() :].split("\n", 1)[0][:120])
    ):
        pos += heading.end()  # "SPONSORSHIP BENEFITS:    San Diego Ballpark Funding LLC ("SDBF")"
        rest = block[pos:]
    end = _NAME_END.search(rest)
    cut = end.start() if end else min(len(rest), 120)
    if end is not None and rest[cut] == ",":
        long = _COMMA_NAME.match(rest[:160])
        if long and long.end() > cut:
            cut = long.end()  # "Stratton, Cheeseman & Walsh-Nevada, Inc."
    elif end is not None and (inner := _PLACE_IN_NAME.match(rest, cut)):
        cut = inner.end()  # "China Online Housing (Hong Kong) Co., Ltd."
    name = _cut_description(" ".join(rest[:cut].split()).strip(" ,.;:-–|"))
    name = _TRAILING_JOINER.sub("", name)  # "NIGEL CROCKETT of (the "Employee")": no address
    suffix = _LAST_SUFFIX.match(name)
    if suffix and "d/b/a" not in name:  # "X, Inc a ___ DE corporation" -> "X, Inc"
        name = name[: suffix.end()]
    of_place = _OF_PLACE.match(" ".join(rest.split())[len(name) :]) if name else None
    if of_place and of_place.group(1).lower() in _lexicon().places and _legal_form().search(name):
        name = name + " of " + of_place.group(1)  # "Alliance Bancorp, Inc. of Pennsylvania"
    lead = _role_lead(name, roles)
    if lead:  # "Company and The Bank of New York ...", "its Reseller, Schoolpop, Inc."
        pos += max(0, block[pos:].find(name[lead : lead + 12]))
        name = name[lead:]
    return _with_stop(name), pos


# a label in capitals before the name on its line: "SPONSORSHIP BENEFITS:    San Diego ..."
_CAPS_LABEL = re.compile(
    r"(?!WHEREAS|RECITALS|WITNESSETH|BACKGROUND|PREAMBLE|OVERWEGENDE)"
    r"([A-Z][A-Z&/ -]{2,40}[A-Z]):[ \t]+(?=[A-Z0-9])"
)
_TRAILING_JOINER = re.compile(r"(?:[ \t]+(?:of|OF|van|the|and|en|&))+$")
# a word that joins the "label" to the rest of one name: "BANK OF AMERICA CORPORATION"
_JOINED_ON = re.compile(r"(?:of|OF|&)[ \t]")


def _label_in_name(
    label: re.Match[str], rest: str, terms: tuple[str, ...], inline: bool
) -> bool:
    """Whether what looks like a row label (``label``, matched at the start of ``rest``) is the
    name's own first word: "OF" or "&" joins it to the rest ("BANK OF AMERICA CORPORATION"), a
    defined term goes on after it ("NETWORK 1 FINANCIAL, INC. ("NETWORK 1")"), or the name
    stands in running text and a single space joins a word in small letters to the rest ("and
    Carrier Global Corporation ... ("Carrier")"; a row starts a line: "Leverancier Planwise
    Software B.V.")."""
    word, gap = label.group(1), label.group(2)
    if _JOINED_ON.match(rest, label.end()):
        return True
    if any(" ".join(t.split()).startswith(word + " ") for t in terms):
        return True
    return inline and gap == " " and not word.isupper()


def _role_lead(name: str, roles: frozenset[str]) -> int:
    """Where the name starts after a role word before it ("Reseller, Schoolpop, Inc." -> 10),
    or 0."""
    joined = re.match(r"(?:the\s+|its\s+)?(\w+)(?:,?\s+and|,)\s+(?=[A-Z])", name)
    if joined and joined.group(1).lower() in roles and len(name[joined.end() :].split()) > 1:
        return joined.end()
    return 0


_ABBREVIATED_FORM = re.compile(
    r"[\s,](?:Inc|Ltd|Corp|Co|Pty|Pte|Bhd|Jr|Sr|(?:[A-Za-z]\.){1,3}[A-Za-z]|S\.p\.A)$", re.I
)


_FORM_FIRST = re.compile(
    r"(?:Inc|L\.?L\.?C|L\.?P|L\.?L\.?P|Ltd|Corp|Co|N\.?V|B\.?V|S\.?A|PLC|GmbH)\.?(?=[\s,(]|$)", re.I
)


def _with_stop(name: str) -> str:
    """ "Acme Inc" -> "Acme Inc.", "Wexford, L.L.C" -> "Wexford, L.L.C." (the stop was cut)."""
    return name + "." if _ABBREVIATED_FORM.search(name) else name


_COMMA_ARTICLE = re.compile(r",\s+(?=(?:a|an|A|AN)\s)")


def _cut_description(name: str) -> str:
    """In capitals a description reads like a name: "BESTEV MANAGEMENT, LLC, A TEXAS LIMITED
    LIABILITY COMPANY" -> "BESTEV MANAGEMENT, LLC"."""
    for comma in _COMMA_ARTICLE.finditer(name):
        if _DESCRIPTION.match(name[comma.end() :].lower()):
            return name[: comma.start()]
    return name


# what a party is, not who: "a Delaware corporation", "an individual", "a P.R.C. company"
_DESCRIPTION = re.compile(
    r"(?:a|an)\s+(?:[\w.-]+\s+){0,4}?(?:corporation|company|limited(?:\s+liability)?|partnership"
    r"|individual|entity|bank|banking|association|trust|organi[sz]ation|city|municipality|fund"
    r"|open-end|general\s+law|resident|citizen|national)\b"
)
_DOMAIN = re.compile(r"\w\.(?:com|net|org|io|co)\b")


# a heading made of document-structure words ("INTERPRETATION AND DEFINITIONS") names nobody
_HEADING_ONLY = re.compile(
    r"^(?:(?:interpretation|definitions?|recitals?|background|witnesseth|preamble|table|of|"
    r"contents|and|general|agreed|terms|conditions|introduction|purpose|scope|whereas|"
    r"definities|begripsbepalingen|overwegingen|considerans|algemeen|en|van)\b[\s,&]*)+$",
    re.I,
)


# a name in lowercase initials: "e.l.f. Beauty, Inc."
_INITIALS = re.compile(r"(?:[a-z]\.){2,}")
_ADDRESS_WORD = re.compile(
    r"\b(?:floor|road|street|avenue|suite|building|boulevard|lane|drive|parkway|straat|weg|laan|plein)"
    r"\b.*\d|\d.*\b(?:floor|road|street|avenue|suite|building|boulevard|lane|drive|parkway|straat|weg"
    r"|laan|plein)\b",
    re.I,
)
_NOT_A_COMPANY = Gated(
    re.compile(
        r"\b(?:exhibit|schedule|annex|appendix|bijlage)\s+[\d.]+"
        r"|\b(?:debentures|securities|shares|warrants|territories|notes|units)$"
        rf"|{_ADDRESS_WORD.pattern}",
        re.I,
    )
)
_CLAUSE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?\s|\d{1,3}\.\s")
_CITY_STATE = re.compile(
    r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s?(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]"
    r"|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY])"
)


# a state and ZIP code, a number of securities, a number and "of": not a name
_NOT_A_NAME_START = re.compile(r"[A-Z]{2}\s+\d{5}(?:-\d{4})?$|\d{1,3}(?:,\d{3})+\s|\d+\s+of\s")
_NOT_A_PARTY_MARK = re.compile(r"\((?:R|TM)\)|[®™]|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
# a heading in capitals and its page number: "GOVERNING LAW - ARBITRATION 7"
_TOC_LINE = re.compile(r"[A-Z][A-Z ,&/-]{3,60}[ \t]\d{1,3}")


def _plausible(name: str, not_parties: frozenset[str], roles: frozenset[str]) -> bool:
    if not name or len(name) > 120:
        return False
    low = name.lower()
    if _HEADING_ONLY.match(low):
        return False
    if low in not_parties or low in roles or _PARTY_LETTER.fullmatch(low):
        return False
    if re.match(r"^(?:this|these|deze|dit|each|elk|elke|all|alle|the\s+parties)\b", low):
        return False
    if re.match(r"(?:dear|geachte)\b", low):
        return False  # "Dear Sirs": a letter's salutation
    if _TOC_LINE.fullmatch(name) or "<<" in name or ">>" in name:
        return False  # "CONFIDENTIALITY 5": a table of contents; "<<enter Company Name>>"
    if _NOT_A_PARTY_MARK.search(name):
        return False  # "Be My Guest(R)": a product; "MONTH 1 10/1/04-10/31/04": a table row
    if re.fullmatch(r"(?:the|de|het)\s+\w+", low) and _ORGANISATION.search(name):
        return False  # "The Partnership", "The Trust": a party's generic name, said of one
    if _DESCRIPTION.match(low) or any(q in name for q in '“”"«»'):
        return False  # "a Delaware corporation", "an individual", 'the "Parties")'
    if name.isupper() and low.split()[0] in _lexicon().caps_stop:
        return False  # "ON THE ONE HAND", "IF ANY", "COLLECTIVELY WITH WATER NOW" in capitals
    if name.isupper() and not _lexicon().caps_clause_words.isdisjoint(low.split()):
        return False  # a piece of a sentence in capitals: "AGREEMENTS BETWEEN THEM AS TO ITS"
    if _NOT_A_NAME.search(name) or _RECITALS.match(name):
        return False
    words = name.split()
    if len(words) > 14 or not any(c.isalpha() for c in name):
        return False
    if all(any(c.isdigit() for c in w) for w in words) or _CLAUSE_NUMBER.match(name):
        return False  # a postcode ("OX14 4RY"); a clause's number and first word ("6.2 Where")
    if _NOT_A_NAME_START.match(name):
        return False  # "MA 01835-8099", "4,500,000 Trust Preferred Securities", "2051 of the"
    legal = _legal_form().search(name) is not None
    unformed = _legal_form().sub(" ", f" {name} ")  # the name without its company forms
    legal_early = legal and not _ADDRESS_WORD.search(name)
    if (
        any(c.isdigit() for c in name)
        and not legal_early
        and all(
            (any(c.isdigit() for c in w) and len(w.strip(".,")) <= 7)
            or (len(w.strip(".,")) <= 4 and w.strip(".,").isupper())
            or re.fullmatch(r"(?:[A-Z]\.){1,3}", w)
            for w in words
        )
    ):
        return False  # a province or state with its postcode: "BC V5A 1V3", "NY 10016"
    if _NOT_A_COMPANY.search(name) and not legal_early:
        return False  # "1 Exhibit 10.17", "Series E Senior Component Debentures", an address
    bare = unformed.strip(" .,").lower()
    if bare and (bare in _lexicon().places or bare.removeprefix("a ") in _lexicon().places):
        return False  # "Delaware corporation": a description, not a name
    if any(w.lower().endswith(("'s", "’s")) and w.lower()[:-2] in roles for w in words):
        return False  # "Conditions of Transporter's Tariff": a document of a party, not one
    if len(words) > 2 and all(len(w) == 1 for w in words) or re.fullmatch(r"[A-Z][a-z]+ly", name):
        return False  # a spaced heading ("R E C I T A L S"); an adverb ("Historically, ...")
    place = re.sub(r"^(?:the\s)?(?:(?:state|commonwealth|province)\sof\s(?:the\s)?)?", "", low)
    if place in _lexicon().places or _CITY_STATE.fullmatch(name):
        return False  # "Republic of Korea", "Minden, NV": a place in an address
    if all(w.lower() in roles or w.lower() in _SMALL for w in words):
        return False  # "Company and the Distributor": roles, not names
    lexicon = _lexicon()
    bare_words = [w.lower().strip(".,:;") for w in words]
    if all(
        w.lower() in _SMALL or b in roles or b in lexicon.roles or b in lexicon.form_words
        for w, b in zip(words, bare_words, strict=True)
    ):
        return False  # "Type of Legal Entity", "SIGNATURE SIGNATURE", "Company Products": labels
    if legal and not bare:
        return False  # "corporation", "Inc."
    if _FORM_FIRST.match(name):
        return False  # "L.P. Dated as of": the end of the name before
    if not legal and any(w.isdecimal() and len(w) > 2 for w in words):
        return False  # "FL 33455", "Suite 400"
    # company forms with small letters ("Sp. z o.o.", "S.à r.l.") are no lowercase words
    core = unformed.split() if legal else words
    lower = [w for w in core if w[:1].islower() and w.lower() not in _SMALL]
    # "mPhase", "salesforce.com" are names
    lower = [
        w
        for w in lower
        if not any(c.isupper() for c in w)
        and not _DOMAIN.search(w)
        and not _INITIALS.fullmatch(w)
    ]
    # company forms written in lowercase: "Yacht Inhouse Services bv", "stichting Het Anker"
    ends = (words[0], words[-1])
    lower = [w for w in lower if not (w in ends and _legal_form().fullmatch(f" {w}"))]
    if legal:  # a brand in small letters before a company form: "e-centives, Inc.", "i3 ... LLC"
        lower = [w for w in lower if not _SMALL_BRAND.match(w)]
    first = words[0]
    if first.islower() and len(first) <= 3 and len(words) > 1 and not _SMALL_BRAND.match(first):
        return False  # "as Administrator for X Corporation": "as" is no company form there
    if lower or (words[0][:1].islower() and len(words) == 1):
        return False
    return (
        words[0][:1].isupper()
        or words[0][:1].isdecimal()
        or legal
        or words[0][:1] == "["
        or _INITIALS.fullmatch(words[0]) is not None
    )


# a name written in small letters on purpose: a hyphen or digit ("e-centives", "i3", "bw-3")
_SMALL_BRAND = re.compile(r"[a-z]{1,3}(?:-[a-z\d]|\d)[\w-]*[,.]?$")
_ROW_LABEL = re.compile(
    r"^((?:Party|PARTY|Partij|PARTIJ)[ \t]+[A-Z1-9]\b|[A-Z][\w-]+)"
    r"([ \t]*[|:][ \t]*|[ \t]+)(?=[A-Z0-9])"
)
_PARTY_LETTER = re.compile(r"(?:party|partij)\s+[a-z1-9]", re.I)


def _role_of(terms: tuple[str, ...], name: str, roles: frozenset[str]) -> tuple[str | None, str]:
    """(role, defined_as): the term naming a role, else a term that is not the party's name."""
    for t in terms:
        if t.lower() in roles:
            return t, t
    name_words = {w.lower().strip(".,") for w in name.split()}
    initials = "".join(w[0] for w in name.split() if w[:1].isupper()).lower()
    for t in terms:
        words = {w.lower() for w in t.split()}
        letters = re.sub(r"\W+", "", t.lower())  # "S&F"
        if words & name_words or (letters and letters in initials):
            continue
        return t, t  # "Marketing Affiliate": a role we have no word for
    return None, terms[0]


def _back_name(block: str, roles: frozenset[str], not_parties: frozenset[str]) -> tuple[str, int]:
    """The run of capitalised words that ends the block ("... agreed that Acme, LLC, "), and
    its offset in the block; ("", 0) if there is none."""
    tail_at = max(0, len(block) - 200)
    m = _BACK_RUN.search(block, tail_at)
    if m is None:
        return "", 0
    run, at = m.group(1), m.start(1)
    tries = [(run, at)]
    if (i := run.rfind("\n")) >= 0:  # "DISTRIBUTION AGREEMENT\nACME INC." -> "ACME INC."
        tries.append((run[i + 1 :], at + i + 1))
    for cand, off in tries:
        lead = re.match(r"(?:(?:and|of|the|&)\s+)+", cand)
        skip = lead.end() if lead else 0
        name = _cut_description(" ".join(cand[skip:].split()).strip(" ,.;:"))
        name = _with_stop(name)
        if _plausible(name, not_parties, roles):
            return name, off + skip
    return "", 0


def _inline(block: str, at: int) -> bool:
    """Whether ``at`` lies inside a line of ``block`` (not at its start)."""
    while at > 0 and block[at - 1] in " \t":
        at -= 1
    return at > 0 and block[at - 1] != "\n"


def _find_name(
    block: str,
    terms: tuple[str, ...],
    roles: frozenset[str],
    not_parties: frozenset[str],
    after_marker: bool,
) -> tuple[str, int, int]:
    """(name, start of its run in ``block``, offset of the name in that run); "" if none.

    Tries, from the marker backwards: clear party starts ("between", a list number, "en" on its
    own line, a blank line, ", and", the end of the previous marker), then "and"/"en" inside a
    line, then the run of capitalised words right before the marker, then the last lines
    before the marker when they hold a company name (table rows), and last the start of the
    document. A name after a clear start that ends in a company form well before the marker
    ("between A Inc. and B Corp. (") gives way to a company named after an "and".
    """
    strong = sorted(
        {m.end() for m in _PARTY_START.finditer(block)}
        | {m.end() for m in _LIST_AND.finditer(block)}
    )
    if after_marker:
        strong.insert(0, 0)
    weak = [(m.end(), bool(m.group("the"))) for m in _MID_AND_THE.finditer(block)]
    for s in reversed(strong):
        name, pos = _name_at(block[s:], terms, roles, _inline(block, s))
        if not _plausible(name, not_parties, roles):
            continue
        last = block.find(name.split()[-1], s + pos)
        name_end = last + len(name.split()[-1])
        for a in _MID_AND.finditer(block, max(0, name_end)):
            # "between Ferncliff Labs Inc. and Dana Ruiz (": the name ended at its company form
            if last < 0 or block[name_end : a.start()].strip(" .,"):
                break
            later, wpos = _name_at(block[a.end() :], terms, roles)
            if _plausible(later, not_parties, roles):
                return later, a.end(), wpos
            break
        return name, s, pos
    for w, article in reversed(weak):
        name, pos = _name_at(block[w:], terms, roles, _inline(block, w))
        # after "and the" only a company with its form: not "and the Remarketing Fee"
        if _plausible(name, not_parties, roles) and (not article or _legal_form().search(name)):
            return name, w, pos
    name, at = _back_name(block, roles, not_parties)
    if name and (
        _legal_form().search(name)
        or any(t.lower() in roles for t in terms)
        or (name.isupper() and len(name.split()) > 1)
    ):
        return name, at, 0
    lines = [m.end() for m in re.finditer(r"\n", block)][-3:]
    first = [] if after_marker else [0]
    for starts, need_form in ((lines, True), (first, False)):
        for s in reversed(starts):
            name, pos = _name_at(block[s:], terms, roles)
            if _plausible(name, not_parties, roles) and (
                not need_form
                or _legal_form().search(name)
                or any(t.isupper() and _spells(name, t) for t in terms)
            ):
                return name, s, pos
    # no start to read from: "... under which MediaNet Group Technologies, Inc., a Nevada
    # corporation having an address at ... (“MEDIANET”)" -- the last company with its form
    formal = [
        m
        for m in _COMMA_NAME.finditer(block)
        if "\n" not in m.group() and _legal_form().search(m.group())
    ]
    for m in reversed(formal):
        start = m.start()
        dotted = re.search(r"(?:[a-z]\.){2,}\s$", block[max(0, start - 12) : start])
        if dotted:  # "e.l.f. Beauty, Inc."
            start -= len(dotted.group())
        name = _with_stop(block[start : m.end()].strip(" ,"))
        lead = _role_lead(name, roles)
        name, start = name[lead:], start + lead
        if _plausible(name, not_parties, roles):
            return name, start, 0
    # "... and appoint FEDERATED ADVISORY SERVICES COMPANY, a statutory trust ... ("FASC")": the
    # last name in capitals that a description follows
    for m in reversed(list(_CAPS_DESCRIBED.finditer(block))):
        name = m.group().strip()
        if _plausible(name, not_parties, roles):
            return name, m.start(), 0
    return "", 0, 0


_CAPS_DESCRIBED = re.compile(
    r"\b(?:[A-Z][A-Z0-9&.'’-]+[ \t]){1,6}[A-Z][A-Z0-9&.'’-]+(?=,\s(?:a|an)\s)"
)


def _window_end(text: ExtractedText, max_pages: int, max_chars: int) -> int:
    pages = text.pages[:max_pages]
    if not pages:
        return 0
    last = pages[-1]
    return min(last.offset + len(last.text), max_chars, len(text.full_text))


def _quote(full: str, start: int, end: int) -> str:
    quote = " ".join(full[start:end].split())
    if len(quote) > QUOTE_CHARS:
        half = QUOTE_CHARS // 2
        quote = f"{quote[:half].rstrip()} … {quote[-half:].lstrip()}"
    return quote


def _norm_key(name: str) -> frozenset[str]:
    """The words of a name without case, punctuation and company forms (for duplicates); a
    hyphenated word stays whole ("Clarus IV-A" and "Clarus IV-B" differ)."""
    words = re.sub(r"[^\w-]+|(?<!\w)-|-(?!\w)", " ", name.lower().replace("&", " and ")).split()
    return frozenset(w for w in words if w not in _lexicon().key_drop)


def _same_party(name: str, known: list[str], terms: set[str]) -> bool:
    """Whether ``name`` is a party already found: the same words, or a shorter form of one
    ("Acme" of "Acme Inc."). Two names that each carry a company form are different companies
    unless their words are the same or one ends the other ("Marathon Partners L.P." is not
    "Marathon Partners Equity Management, LLC"; "Sandton and TELKOM SOUTH AFRICA LIMITED" is
    "TELKOM SOUTH AFRICA LIMITED" read from too early)."""
    key = _norm_key(name)
    if not key or name.lower() in terms:
        return True
    formal = _legal_form().search(name) is not None
    for other in known:
        k = _norm_key(other)
        if not k or not (key <= k or k <= key):
            continue
        if key != k and formal and _legal_form().search(other) is not None:
            short, long = sorted((_plain(name), _plain(other)), key=len)
            if not long.endswith(" " + short):
                continue  # "Sandton and TELKOM SOUTH AFRICA LIMITED" is the same company
        return True
    return False


def _plain(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.lower()).split())


def _sentence_end(window: str, at: int, limit: int) -> int:
    """The end of the sentence starting at ``at``: a full stop that ends no abbreviation
    ("Inc.", "N.V.", "Mr.", an initial), or ``limit``."""
    for m in _FULL_STOP.finditer(window, at, limit):
        word = m.group("word")
        nxt = window[m.end() : m.end() + 2].strip()
        if len(word) > 1 and _NEXT_SENTENCE.match(window, m.end()):
            return m.end()  # "... and Beta Systems LLC.  The effective term is ..."
        if word.lower() in _lexicon().abbreviations or len(word) == 1 or "." in word.rstrip("."):
            continue
        if _NEXT_ITEM.match(window, m.end()):
            return m.start()  # "... under the Agreement.\n\n(b) LICENSEE CHANGE OF NAME: ..."
        if not nxt:  # spaces or a line break after the stop
            if window[m.end() : m.end() + 8].lstrip()[:1].isupper():
                return m.start()  # "... Services LLC.\n\nWHEREAS ..."
            continue
        if nxt[:1].islower() or nxt[:1] in '(,“"':
            continue
        return m.start()
    return limit


# the next sentence on the same line after two or more spaces
_NEXT_SENTENCE = re.compile(r"[ \t]{2,}[A-Z]")
# a list item on a line of its own after a full stop: "(b) ", "(ii) "
_NEXT_ITEM = re.compile(r"[ \t]*\n\s*\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)[ \t]")


_FULL_STOP = re.compile(r"(?<![\w.])(?P<word>[\w.]*)\.(?=\s)")
_BETWEEN = Gated(
    re.compile(
        r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|tussen|"
        rf"(?:made|entered\s+into|executed)\s+by(?!\s+and\b)|{_MADE_AS_OF_BY})\b\s*:?"
        # a letter's list of the parties that sign it: "The undersigned, Dundee Securities Ltd.
        # (the "Lead Agent"), Kes 7 Capital Inc., and Bloom Burton & Co. Ltd. ..."
        r"|\bthe\s+undersigned\s*,",
        re.I,
    )
)
# words that make a capitalised name an organisation without a company form
_ORGANISATION = re.compile(
    r"\b(?:University|College|Institute|Foundation|Association|Hospital|Society|Council|"
    r"Authority|Agency|Enterprises|Laboratories|Partnership|Partners|Ministry|Department|Board|"
    r"Trust|Fund|Bank|Holdings|Group|Management|Capital|Ventures|Technologies|Industries|"
    r"Pharmaceuticals|Solutions|Systems|Communications)\b|"
    r"^(?:City|County|State|Town|Village|Republic|Government|Commonwealth)\s+of\b"
)
_COMMA_NEXT = re.compile(r",[ \t\n]+(?:the[ \t\n]+)?(?=[A-Z])")
# "Marathon Partners ("Marathon", collectively with Marathon Partners L.P., ...)"
_WITH_NEXT = re.compile(
    r"\b(?:[Tt]ogether|[Cc]ollectively|[Jj]ointly|[Ss]amen|[Tt]ezamen)[ \t\n]+(?:with|met)"
    r"[ \t\n]+(?=[A-Z])"
)
_PERSON = re.compile(rf"^{_HONORIFIC}")
_INDIVIDUAL = re.compile(r"\s*,?\s*(?:an\s+individual|residing\b|born\b|an\s+adult\b)", re.I)


# right after a party's marker: ", as " and the capacity it acts in ("as Administrator for X")
_CAPACITY_BEFORE = re.compile(r"[)”\"']?\s*,\s+as\s+(?=[A-Z])")
# what comes right before a party's name when it only describes another party
_RELATIVE_OF = re.compile(
    r"\b(?:subsidiary|affiliate|parent(?:\s+company)?|division|unit)\s+of\s+(?:the\s+)?$", re.I
)
_BETWEEN_BEFORE = re.compile(r"\b(?:between|among|tussen)\s+$", re.I)
# "between" of another document: "the Master Services Agreement (dated ...) between A and B"
_OTHER_DOCUMENT_BETWEEN = re.compile(
    r"\b(?P<det>\w+)\s+(?:(?!(?:This|THIS|Deze|DEZE|Dit|DIT)\b)[A-Z][\w&-]*\s+){0,5}"
    r"(?:Agreement|Contract|Lease|License|Licence|"
    r"[A-Z][a-z]*overeenkomst|Overeenkomst)\s+(?:(?:dated|entered\s+into|van|d\.d\.)\s+[^,;()]{0,40}?"
    r"\s+)?$"
)


def _other_documents_between(window: str, cue_start: int) -> bool:
    m = _OTHER_DOCUMENT_BETWEEN.search(window, max(0, cue_start - 120), cue_start)
    return m is not None and m.group("det").lower() not in ("this", "deze", "dit")


# words in small letters after "between": no names ("the total amount", "the parties"); a name
# written in small letters has a hyphen, digit or dot in it ("e-centives, Inc.", "i3 LLC")
_NO_NAMES_AFTER = re.compile(r"[ \t]*(?:the[ \t]+[a-z]+|(?!the\b)[a-z]+)\b(?![-\d.])")


def _listed(
    window: str, at: int, limit: int, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, int]]:
    """Names listed after "between"/"among" (the first three such sentences in
    ``window[at:limit]``) that need no defined term: "between Acme Inc., a Delaware
    corporation, and Zenith Ltd." -> both."""
    out: list[tuple[str, int]] = []
    heading = _PARTIES_HEADING.search(window, at, limit)
    if heading is not None:  # "PARTIES" over a numbered list of them
        end = min(limit, heading.end() + 2000)
        items = window[heading.end() : end]
        starts = [m.end() for m in _LIST_ITEM.finditer(items)]
        out.extend(_listed_in(items, heading.end(), roles, not_parties, starts))
    for _ in range(3):
        cue = _BETWEEN.search(window, at, limit)
        if cue is None:
            break
        at = _sentence_end(window, cue.end(), min(limit, cue.end() + 2500))
        if _other_documents_between(window, cue.start()) or _NO_NAMES_AFTER.match(
            window, cue.end()
        ):
            # the parties of another agreement; "a difference between the total amount of
            # investment and the registered capital": look on
            at = cue.end()
            continue
        for inner in _BETWEEN.finditer(window, cue.end(), at):
            if _other_documents_between(window, inner.start()):
                at = inner.start()  # "... under the Services Agreement between A and B"
                break
        out.extend(_listed_in(window[cue.end() : at], cue.end(), roles, not_parties))
        out.extend(_line_list(window, cue.end(), limit, roles, not_parties))
    return out


_LINE_LIST_START = re.compile(r"[ \t]*:?[ \t]*\n")
_LINE_LIST_END = re.compile(
    r"(?:\(|(?:hereinafter|hereafter|whereas|recitals|witnesseth|now,?\s+therefore|each\s+of|"
    r"(?:all\s+)?(?:of\s+)?which|together|collectively|who|hierna|overwegende)\b)",
    re.I,
)
_LINE_ITEM_EDGES = re.compile(r"^(?:and|en|&)\s+|[\s,;]+(?:and|en)?[\s,;]*$", re.I)
_ADDRESS = re.compile(
    r"\d|\b(?:Street|St\.|Road|Avenue|Ave\.|Suite|Floor|Box|Blvd|Boulevard|Drive|Lane|Square"
    r"|straat|weg|laan|plein)\b",
    re.I,
)
LINE_LIST_MAX = 120  # lines read after "BETWEEN:" on a line of its own


def _lines(text: str, pos: int, end: int, most: int) -> Iterator[tuple[str, int]]:
    """At most ``most`` lines of ``text[pos:end]``, each with the offset where it starts."""
    for _ in range(most):
        if pos >= end:
            return
        nl = text.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        yield text[pos:line_end], pos
        pos = line_end + 1


def _line_list(
    window: str, at: int, limit: int, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, int]]:
    """Names one to a line under a "BETWEEN:" or "AMONG:" that ends its line (a consortium's
    list of members): each line that is a name and nothing else is a party, company form or
    not ("France Telecom"). The list must start on the next line and name two or more; address
    lines and descriptions in it are passed over; it ends at "(hereinafter ...", the recitals
    or three lines in a row that name nobody."""
    start = _LINE_LIST_START.match(window, at, min(limit, at + 12))
    if start is None:
        return []
    out: list[tuple[str, int]] = []
    misses = 0
    for raw, pos in _lines(window, start.end(), limit, LINE_LIST_MAX):
        line = raw.strip()
        line_at = pos + len(raw) - len(raw.lstrip())
        if not line:
            continue
        if _LINE_LIST_END.match(line):
            break
        lead = _LEADING.match(line)
        skip = lead.end() if lead else 0
        item = _LINE_ITEM_EDGES.sub("", line[skip:])
        name, _ = _name_at(item, (), roles)
        if (
            item
            and name
            and len(item) <= 100
            and _plausible(name, not_parties, roles)
            and len(name) >= len(item.rstrip(".")) - 1
            and not (_ADDRESS.search(item) and not _legal_form().search(name))
        ):
            out.append((name, line_at + skip))
            misses = 0
        elif not out:
            return []  # the first line is no bare name: not a list of names
        else:
            misses += 1
            if misses >= 3:
                break
    return out if len(out) >= 2 else []


_PARTIES_HEADING = re.compile(
    r"(?:^|\n)[ \t]*(?:THE[ \t]+)?(?:PARTIES|Parties|PARTIJEN|Partijen)[ \t]*:?[ \t]*\n"
)
_LIST_ITEM = re.compile(
    r"(?:^|\n)[ \t]*(?:\(?\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[a-z][.)]|[-•●▪–])[ \t]+"
)


def _listed_in(
    sentence: str,
    offset: int,
    roles: frozenset[str],
    not_parties: frozenset[str],
    starts: list[int] | None = None,
) -> list[tuple[str, int]]:
    """Names at the party starts of one sentence (or at the given ``starts``)."""
    starts = (
        starts
        if starts is not None
        else sorted(
            {0}
            | {m.end() for m in _PARTY_START.finditer(sentence)}
            | {m.end() for m in _LIST_AND.finditer(sentence)}
            | {m.end() for m in _MID_AND.finditer(sentence)}
            | {m.end() for m in _COMMA_NEXT.finditer(sentence)}
            | {m.end() for m in _WITH_NEXT.finditer(sentence)}
        )
    )
    out: list[tuple[str, int]] = []
    letters = [c for c in sentence if c.isalpha()]
    # in a preamble written in capitals every fragment is: capitals then say nothing
    caps = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)

    def named(name: str, people: bool = False) -> bool:
        """A name on its own; with ``people``, a person's plain name too."""
        return bool(
            _legal_form().search(name)
            or (name.isupper() and len(name.split()) > 1 and not caps)
            or _PERSON.match(name)
            or _ORGANISATION.search(name)
            or (people and _PERSON_NAME.match(name))
            or (len(name.split()) == 1 and _DOMAIN.search(name))  # "AstroNutrition.com"
        )

    # "John Smith, Mary Jones and Peter Brown (each a "Shareholder")": the names of a list that
    # a role is given to each of are parties, people's names without a title included
    each_runs = _each_runs(sentence)

    for s in starts:
        name, pos = _name_at(sentence[s:], (), roles)
        if not _plausible(name, not_parties, roles) or _label_at(sentence, s + pos, name):
            continue  # "(b) LICENSEE CHANGE OF NAME: The parties ...": a label
        people = any(a <= s + pos < b for a, b in each_runs)
        # "between ACME CORPORATION and WIDGET COMPANY": two names, each one on its own (the
        # second is read from its own start); "Johnson and Johnson" stays one
        for joint in _MID_AND.finditer(name):
            left, right = name[: joint.start()].strip(" ,"), name[joint.end() :]
            if (
                named(left, people)
                and named(right, people)
                and _plausible(right, not_parties, roles)
            ):
                name = left
                break
        if named(name, people) or _INDIVIDUAL.match(sentence, s + pos + len(name)):
            out.append((name, offset + s + pos))
    return out


_EACH_A = re.compile(r"\(\s*each(?:\s+of\s+them)?,?\s+(?:a|an|een)\s", re.I)
_PERSON_WORDS = r"[A-Z][a-z]+(?:\s[A-Z]\.)*(?:\s(?:(?:van|de|der|den|von)\s)?[A-Z][a-z'-]+){1,2}"
_PERSON_NAME = re.compile(rf"^{_PERSON_WORDS}$")
# a list of people's names that ends where "(each a ...)" begins
_PERSON_RUN = re.compile(
    rf"(?:{_PERSON_WORDS}\s*,\s*)*{_PERSON_WORDS}(?:\s*,?\s*(?:and|en)\s+{_PERSON_WORDS})?\s*$"
)
_LIST_OPENS = re.compile(r"(?:\b(?:and|en|between|among|tussen)|,)\s*$", re.I)


def _each_runs(sentence: str) -> list[tuple[int, int]]:
    """Spans of lists of people's names that a role is given to each of, right after a party
    start: "..., and John Smith, Mary Jones and Peter Brown (each a "Shareholder")" (not "the
    supply of Widget Products and Spare Parts (each a "Product")")."""
    runs = []
    for each in _EACH_A.finditer(sentence):
        run = _PERSON_RUN.search(sentence, 0, each.start())
        if run is not None and _LIST_OPENS.search(sentence, 0, run.start()):
            runs.append((run.start(), each.start()))
    return runs


_LABEL_ROW = re.compile(
    # a row of its own, or "Party A: ... Party B: ..." run together on one line
    r"(?m)(?:^[ \t]*(?P<label>Party[ \t]+[A-D1-4]|[A-Z][A-Za-z-]+(?:[ \t][A-Z][A-Za-z-]+)?)"
    r"|(?<=[ \t])(?P<run_label>Party[ \t]+[A-D1-4]))"
    # the name after the label, or on the next line: "Party A:\n\n  Beijing Baidu Co., Ltd."
    r"(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*[:：][ \t]*(?:\n[ \t]*){0,3}"
    # a form's field for the name under the party's label: "SPONSOR:    Name: Rubio's ..."
    r"(?P<field>(?:Name|NAME|Naam|NAAM|Company\s[Nn]ame|Bedrijfsnaam)[ \t]*[:：][ \t]*)?"
    r"(?P<name>\S(?:(?![ \t]Party[ \t]+[A-D1-4][ \t]*[:：])[^\n]){2,150})"
)


_NEXT_FIELD = re.compile(
    r"[ \t]+(?=(?:Phone|Telephone|Tel|Fax|E-?mail|Address|Attn|Attention|Contact|Telefoon"
    r"|Adres|Postcode|KvK)[ \t]*[:：])"
)
_CAPS_LABEL_ROW = re.compile(
    r"(?m)^[ \t]*(?P<label>[A-Z]{3,20})[ \t]{1,4}(?P<name>[A-Z][^\n]{2,150})"
)


_ROLE_IN_ROW = re.compile(r"[ \t]+(?P<role>[A-Z][a-z]{3,20})[ \t]*[:：]?[ \t]+(?=[A-Z])")


def _second_label(row: str, m: re.Match[str], roles: frozenset[str]) -> bool:
    """Whether a role word inside a label row starts a second party's label: with its own colon,
    or as the one word in small letters between two names in capitals; never a role that also
    stands in names ("Company", "Bank", "Fund")."""
    role = m.group("role").lower()
    if role not in roles or role in _lexicon().roles_in_names:
        return False
    if ":" in m.group(0) or "：" in m.group(0):
        return True
    before, after = row[: m.start()], row[m.end() :]
    return before.isupper() and after.isupper()


def _label_rows(
    window: str, at: int, limit: int, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, str, int]]:
    """(name, label, offset) of rows such as "Party A: Hangzhou Lamp Co., Ltd." and
    "Licensee: Acme Inc." in ``window[at:limit]``."""
    out: list[tuple[str, str, int]] = []
    for m in _CAPS_LABEL_ROW.finditer(window, at, limit):
        # a form's rows: "SENDER SOLANA PETROLEUM EXPLORATION COLOMBIA LIMITED"
        label = m.group("label")
        if label.lower() not in roles:
            continue
        name, pos = _name_at(m.group("name"), (), roles)
        if _legal_form().search(name) and _plausible(name, not_parties, roles):
            out.append((name, label.capitalize(), m.start("name") + pos))
    for m in _LABEL_ROW.finditer(window, at, limit):
        label = " ".join((m.group("label") or m.group("run_label")).split())
        if not (label.lower().startswith("party ") or label.lower() in roles):
            continue
        if m.group("field") and m.group("run_label"):
            continue  # "Legal Representative of Party A:  Name: Mengli Chen": a person for it
        # the next field of the form on the same line: "Rubio's Fresh Mexican Grill Phone: 760/..."
        row = _NEXT_FIELD.split(m.group("name"), maxsplit=1)[0]
        rows = [(row, label, m.start("name"))]
        # a second party's label on the same line: "Licensor: PACIFICAP ENTERTAINMENT Licensee
        # THE HENRY FILM AND ENTERTAINMENT CORPORATION"
        second = next((r for r in _ROLE_IN_ROW.finditer(row) if _second_label(row, r, roles)), None)
        if second is not None:
            rows = [
                (row[: second.start()], label, m.start("name")),
                (row[second.end() :], second.group("role"), m.start("name") + second.end()),
            ]
        for text, role, offset in rows:
            name, pos = _name_at(text, (), roles)
            if _plausible(name, not_parties, roles) and (
                _legal_form().search(name) or len(name.split()) > 1
            ):
                out.append((name, role, offset + pos))
    return out


_WITNESS = re.compile(r"IN\s+WITNESS\s+(?:WHEREOF|THEREOF)|In\s+(?:W|w)itness\s+(?:W|w)hereof")
_SIGN_LINE = re.compile(
    r"^[ \t]*(?:(?:By|BY|Signed|SIGNED|Signature|SIGNATURE)\b[ \t]*:?|/[sS]/|_{5,})", re.M
)
_SIGN_SKIP = re.compile(
    r"^(?:[_\s.]*|\(.*\)|\[.*\]|(?:Name|NAME|Title|TITLE|Date|DATE|Its|ITS|Address|Attn|Witness|"
    r"WITNESS|Print(?:ed)?\s+Name)\b.*|/[sS]/.*|.*\bWITNESS\s+WHEREOF\b.*)$"
)
_SIGN_LABEL = re.compile(r"^(?:[A-Z][A-Za-z ]{1,30}|Party\s+[A-D])\s*[:：]\s*")
_NAME_SPLIT = re.compile(rf"(?<=[\s,]){_SUFFIX_WORD}\.?(?=\s+[A-Z])")


def _signature_names(
    full: str,
    roles: frozenset[str],
    not_parties: frozenset[str],
    deferred: bool = False,
) -> list[tuple[str, int]]:
    """Company names written above the "By:" or "/s/" lines of the signature blocks (after
    each of the last few "IN WITNESS WHEREOF"s, else in the last pages), with their offsets.
    When the preamble leaves its parties to the signatures (``deferred``: "the undersigned
    hereby agree"), the blocks may run on for pages: a longer stretch is read."""
    starts = [m.start() for m in _WITNESS.finditer(full)][-SIGN_BLOCKS:]
    zone, tail = (SIGN_ZONE_LONG, SIGN_ZONE_LONG) if deferred else (SIGN_ZONE, SIGN_TAIL)
    out: list[tuple[str, int]] = []
    done = 0
    for zone_start in starts or [max(0, len(full) - tail)]:
        zone_start = max(zone_start, done)
        done = min(len(full), zone_start + zone)
        out.extend(_names_in_zone(full, zone_start, done, roles, not_parties))
    return out


# signature blocks run together on one line ("ACME, LLC /s/ Ann Lee Name: Ann Lee Title: CEO
# ZENITH, L.P. By: ..."): the space before each "/s/", "By:", "Name:", "Title:" is read as a
# line break, one character for one, so that offsets hold
_RUN_ON_SIGN = re.compile(
    r"[ \t](?=(?:/[sS]/|(?:By|BY|Name|NAME|Title|TITLE|Its|ITS|Date|DATE)[ \t]*:))"
)
# a company after the signer's title on a run-on line: "... Chief Compliance Officer YA Global
# Investments II (U.S.), Ltd."
_TITLE_THEN_COMPANY = re.compile(
    r"\b(?:Officer|Director|President|Secretary|Signatory|Member|Partner|Manager|Treasurer|Counsel"
    r"|Chairman|CEO|CFO|COO|Trustee|Principal|\d{1,2}/\d{1,2}/\d{2,4})[ \t]+"
    rf"(?=[A-Z][^\n]{{2,100}}[\s,]{_SUFFIX_WORD}\.?[ \t]*$)"
)
_RUN_ON_LINE = re.compile(
    r"(?:Title|TITLE|Its|ITS|Dated|DATED|Date|DATE)[ \t]*:|/[sS]/|.*\bWITNESS\s+WHEREOF\b"
)


def _caps_word(word: str) -> bool:
    return word in ("&", "-", "–") or (
        any(c.isalpha() for c in word) and not any(c.islower() for c in word)
    )


def _unrun(zone: str) -> str:
    """``zone`` with run-on signature blocks broken into lines; a name in capitals that ends
    a title's line ("Title: Authorized Signatory HPS MEZZANINE PARTNERS II, LLC") or the
    "IN WITNESS WHEREOF" sentence's ("... this 14th day of February 2020. CLARUS IV-A, L.P.")
    gets a line of its own."""
    zone = _RUN_ON_SIGN.sub("\n", zone)
    lines = zone.split("\n")
    for i, line in enumerate(lines):
        if not _RUN_ON_LINE.match(line):
            continue
        spans = [m.span() for m in re.finditer(r"\S+", line)]
        words = [line[a:b] for a, b in spans]
        k = len(words)
        while k > 0 and _caps_word(words[k - 1]):
            k -= 1
        before = words[k - 1] if k > 1 else ""
        titled = list(_TITLE_THEN_COMPANY.finditer(line))
        if titled:
            at = titled[-1].end() - 1  # the blank before the company, one character for one
            lines[i] = line[:at] + "\n" + line[at + 1 :]
        elif k < len(words) - 1 and (
            any(c.islower() for c in before) or before.endswith(".") or before[-1:].isdigit()
        ):
            at = spans[k][0] - 1  # the blank before the name
            lines[i] = line[:at] + "\n" + line[at + 1 :]
    return "\n".join(lines)


def _names_in_zone(
    full: str, zone_start: int, zone_end: int, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, int]]:
    zone = _unrun(full[zone_start:zone_end])
    lines = zone.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    out: list[tuple[str, int]] = []

    def read(j: int) -> bool:
        """Names on line ``j`` (after a "LICENSOR:" label); whether there were any."""
        line = lines[j].strip()
        label = _SIGN_LABEL.match(line)
        rest = line[label.end() :] if label else line
        named = False
        for part in _split_names(rest) if rest else ():
            name, _ = _name_at(part, (), roles)
            if _plausible(name, not_parties, roles) and (
                _legal_form().search(name)
                or (name.isupper() and len(name.split()) > 1)
                or _ORGANISATION.search(name)
            ):
                out.append((name, zone_start + offsets[j] + max(0, lines[j].find(part[:10]))))
                named = True
        return named

    for i, line in enumerate(lines):
        if not _SIGN_LINE.match(line):
            continue
        named = False
        for j in range(i - 1, max(-1, i - 5), -1):
            if _SIGN_LINE.match(lines[j]):
                break  # the block above
            if not _SIGN_SKIP.match(lines[j].strip()) and read(j):
                named = True
                break
        if not named and line.lstrip().lower().startswith("/s/"):
            # a person signing for themselves: "/s/ Ann Lee" over "ANN LEE" or "Ann Lee"
            below = next((k for k in range(i + 1, min(len(lines), i + 3)) if lines[k].strip()), 0)
            if not below or _SIGN_SKIP.match(lines[below].strip()):
                continue
            typed = " ".join(lines[below].split())
            signed = " ".join(line.strip()[3:].split())
            if typed.lower() == signed.lower() and _PERSON_NAME.fullmatch(typed):
                at = zone_start + offsets[below] + max(0, lines[below].find(typed[:10]))
                out.append((typed, at))
            elif lines[below].strip().isupper():
                read(below)
    return out


def _split_names(line: str) -> list[str]:
    """Two signature columns on one line: "ACME INC. ZENITH LIMITED" -> both names."""
    parts: list[str] = []
    pos = 0
    for m in _NAME_SPLIT.finditer(line):
        parts.append(line[pos : m.end()])
        pos = m.end()
    parts.append(line[pos:])
    return [p.strip() for p in parts if p.strip()]


# a preamble that leaves (some of) its parties to the signature pages or a schedule
_DEFERRED = re.compile(
    r"\b(?:listed|named|identified|set\s+forth|indicated|appearing)\b[^.;()]{0,40}?\b(?:on|in)\s+"
    r"(?:the\s+)?(?:schedule|exhibit|annex|appendix|signature\s+pages?)\b|"
    r"\bparty\s+hereto\s+from\s+time\s+to\s+time\b|\bsignatories\s+hereto\b|"
    r"\b(?:the|each\s+of\s+the)\s+undersigned\s+(?:\w+\s+){0,2}?(?:agree|acknowledge|consent)",
    re.I,
)
# "each of the investment companies listed on Schedule A hereto": the schedule names parties
_SCHEDULED = re.compile(
    r"\b(?:entit(?:y|ies)|compan(?:y|ies)|funds?|trusts?|portfolios?|series|part(?:y|ies)|"
    r"subsidiar(?:y|ies)|affiliates?|persons?|members?|lenders?|purchasers?|investors?|sellers?|"
    r"holders?|guarantors?|partnerships?|borrowers?|grantors?|licensees?|distributors?|dealers?|"
    r"banks?|insurers?|accounts?|vennootschap(?:pen)?|partij(?:en)?|deelnemers?)\b[^.;()]{0,30}?\b"
    r"(?:listed|named|identified|set\s+forth|indicated|vermeld|genoemd)\b[^.;()]{0,20}?\b(?:on|in|op)\s+"
    r"(?:the\s+)?(?P<kind>schedule|exhibit|annex|appendix|bijlage)\s+"
    r"(?P<id>[A-Z0-9]{1,4}(?:-\d{1,2})?|[IVX]{1,4})\b",
    re.I,
)
# a word that makes a line of the schedule a name, after at least one other word ("Funds" and
# "Name of Fund" are column headings)
_SCHEDULE_ITEM_WORD = re.compile(
    r"^(?!(?:Names?|List|Lijst)\b)\S.*\s(?:Fund|Funds|Trust|Portfolio|Series|Partners|Holdings|"
    r"Company|Group|Bank)\b"
)
SCHEDULE_LINES = 150  # lines read under the schedule's heading


def _schedule_names(
    full: str, at: int, kind: str, ident: str, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, int]]:
    """Names one to a line under the heading of the schedule the preamble points to
    ("SCHEDULE A" on a line of its own after ``at``; the last such heading, as schedules come
    at the end). A line counts when it holds a company form, an all-capitals name or a word
    such as Fund, Trust or Portfolio; columns after a tab or three spaces (dates, numbers) are
    left off. The list ends at the next schedule heading or five lines in a row naming
    nobody."""
    heading = re.compile(
        rf"(?m)^[ \t]*{re.escape(kind)}[ \t]+{re.escape(ident)}\b[ \t.:\-–]*[^\n]{{0,80}}$", re.I
    )
    found = [m for m in heading.finditer(full, at)]
    if not found:
        return []
    start = found[-1].end()
    next_heading = re.compile(
        r"(?m)^[ \t]*(?:schedule|exhibit|annex|appendix|bijlage)[ \t]+[A-Z0-9]{1,4}\b", re.I
    )
    stop = next_heading.search(full, start)
    end = stop.start() if stop else len(full)
    out: list[tuple[str, int]] = []
    misses = 0
    for raw, line_at in _lines(full, start + 1, end, SCHEDULE_LINES):
        cell = re.split(r"\t|\s{3,}", raw.strip())[0] if raw.strip() else ""
        if not cell:
            continue
        lead = _LEADING.match(cell)
        item = cell[lead.end() :] if lead else cell
        name, _ = _name_at(item, (), roles)
        if (
            name
            and len(item) <= 100
            and len(name) >= len(item.rstrip(".,;")) - 1
            and _plausible(name, not_parties, roles)
            and (
                _legal_form().search(name)
                or _SCHEDULE_ITEM_WORD.search(name)
                or (name.isupper() and len(name.split()) > 1)
            )
        ):
            out.append((name, line_at + raw.find(name[:10])))
            misses = 0
        else:
            misses += 1
            if out and misses >= 5:
                break
    return out


# a role defined in the definitions: '"Company" means Acme Corp., a Delaware corporation'
_ROLE_MEANS = re.compile(
    r"[“\"](?P<term>[A-Z][\w-]{1,20}(?:[ ][A-Z][\w-]{1,20})?)[”\"]\s+"
    r"(?:means|shall\s+mean|refers\s+to|betekent|is)\s+(?P<rest>[^\n;]{3,200})"
)
DEFINITIONS_CHARS = 40_000  # how far into the text role definitions are looked for


def _role_definitions(
    full: str, roles: frozenset[str], not_parties: frozenset[str]
) -> list[tuple[str, str, int]]:
    """(name, role, offset) of roles defined as a named company in the definitions."""
    out: list[tuple[str, str, int]] = []
    for m in _ROLE_MEANS.finditer(full, 0, min(len(full), DEFINITIONS_CHARS)):
        term = m.group("term")
        if term.lower() not in roles:
            continue
        name, pos = _name_at(m.group("rest"), (), roles)
        if _plausible(name, not_parties, roles) and (
            _legal_form().search(name) or _ORGANISATION.search(name)
        ):
            out.append((name, term, m.start("rest") + pos))
    return out


SIGN_TAIL = 4000  # characters searched for signature blocks when no "IN WITNESS" is found
SIGN_ZONE = 6000  # characters after "IN WITNESS WHEREOF" searched for signature blocks
SIGN_ZONE_LONG = 30_000  # both, when the preamble leaves the parties to the signatures
# a person's name typed under their own "/s/" signature: "Ann B. Lee", "Adam D. Portnoy, Jr."
_PERSON_NAME = re.compile(
    r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:[ \t](?:[A-Z][a-z'’-]+|[A-Z]\.|van|de|von|der)){1,4}"
    r"(?:,?[ \t](?:Jr\.|Sr\.|II|III|IV))?"
)
SIGN_BLOCKS = 3  # how many of the last "IN WITNESS WHEREOF"s are read


def _plain_fact(
    text: ExtractedText,
    document: str,
    name: str,
    at: int,
    label: str | None,
    confidence: float,
    trade: str | None = None,
) -> Fact:
    """A party read without a defined term; the evidence is the name as written at ``at``
    (with the trade name after it, when it has one)."""
    full = text.full_text
    last = (trade or name).split()[-1]
    found = full.find(last, at, at + len(name) + (200 if trade else 40))
    end = found + len(last) if found >= 0 else at + len(name)
    value: dict[str, object] = {"name": name, "role": label, "kvk": None, "defined_as": label}
    if trade:
        value["trade_name"] = trade
    return Fact(
        field="party",
        value=value,
        confidence=confidence,
        evidence=Evidence(
            document=document,
            page=text.page_at(at),
            clause_ref=None,
            quote=_quote(full, at, end),
            start=at,
            end=end,
        ),
    )


def _akin(name: str, term: str) -> bool:
    """Whether a one-word ``name`` and its defined ``term`` are alike: "CyberShop"
    ("CyberShop"), "Microsoft" ("MS"), "Excite" ("Excite Inc.")."""
    n, t = name.lower(), term.lower()
    return n in t or t in n or _spells(name, term) or (t.isalpha() and n.startswith(t[:3]))


_ADDRESS_SPLIT = re.compile(r",\s+|\s+and\s+|\s+(?=P\.?\s?O\.?\s+Box\b)")


def _after_address(name: str) -> str:
    """The company at the end of a list item that begins with an address: "No.4 Kogyo Danchi,
    Aizu Wakamatsu, Japan, Fujitsu Semiconductor Limited" -> "Fujitsu Semiconductor Limited";
    "Tennessee Gas Pipeline Company P. O. Box 2511 Houston" -> the company."""
    box = re.search(r"\s+P\.?\s?O\.?\s+Box\b", name)
    if box is not None and _legal_form().search(name[: box.start()]):
        return name[: box.start()].rstrip(" ,")
    parts = _ADDRESS_SPLIT.split(name)
    if len(parts) >= 3 and _legal_form().fullmatch(f" {parts[-1].strip()}"):
        parts = [*parts[:-2], f"{parts[-2]}, {parts[-1]}"]  # "iVillage, Inc." stays whole
    places = _lexicon().places
    if len(parts) < 2 or not (
        any(c.isdigit() for c in " ".join(parts[:-1]))
        or any(p.strip().lower() in places for p in parts[:-1])  # "..., Fukushima, Japan, X Ltd"
    ):
        return name
    last = re.sub(r"^(?:and|en|&)\s+", "", parts[-1].strip())  # "..., 94063, and e-centives, Inc."
    if _legal_form().search(last) and len(last.split()) >= 2 and last[:1].isalpha():
        return last  # "PageMaster Corporation", "iVillage, Inc."
    return name


def _address_dropped(name: str) -> tuple[str, int]:
    """``_after_address(name)`` and where it starts in ``name``."""
    short = _after_address(name)
    return short, (name.rfind(short) if short != name else 0)


# a trade name after the party's name (and its description): "X, Inc., a Delaware corporation,
# d/b/a Alfa Aesar (...)", "695014 B.C. Ltd. dba Galaxy Telecom, having ...", "X B.V. h.o.d.n. Y"
_TRADE_NAME = re.compile(
    r"\.?,?[ \t\n]*(?:(?:a|an)[ \t\n]+[^,()\n]{1,60}?,?[ \t\n]+)?"
    r"(?:d/b/a/?|dba|doing[ \t\n]+business[ \t\n]+as|h\.o\.d\.n\.|handelend[ \t\n]+onder"
    r"[ \t\n]+de[ \t\n]+naam),?[ \t\n]+[“\"'‘]?"
    r"(?P<trade>(?:the[ \t]+)?[A-Z][\w'’.&-]*"
    r"(?:[ \t]+(?:(?:of|the|and|&|de|van|het)[ \t]+[A-Z]|(?!(?:By|Name|Title|Its)\b)[A-Z0-9])"
    r"[\w'’.&-]*){0,6})"
)
_FORM_WORD = re.compile(rf"{_SUFFIX_WORD}\.")
_NAMES_TRADE = re.compile(r"(?i)\bd/b/a\b|\bdba\b|h\.o\.d\.n\.")


def _trade_name(full: str, at: int, name: str) -> str | None:
    """The trade name the contract gives the party ``name`` (written at ``at``) right after
    it: "Alfa Aesar" of "Johnson Matthey Catalog Company, Inc., a Delaware corporation, d/b/a
    Alfa Aesar"; Dutch "X B.V. h.o.d.n. Y" (handelend onder de naam)."""
    if _NAMES_TRADE.search(name):
        return None  # "IMRS Operations Inc. d/b/a IMRS Inc.": the name holds it already
    end = _name_end(full, at, name, gap=40)
    if end is None:
        return None
    m = _TRADE_NAME.match(full, end, end + 200)
    if m is None:
        return None
    trade = m["trade"]
    if trade.endswith(".") and not _FORM_WORD.fullmatch(trade.split()[-1]):
        trade = trade[:-1]  # the sentence's full stop, not the "Inc." of "Time Life Inc."
    return trade


def _name_end(text: str, at: int, name: str, gap: int | None = None) -> int | None:
    """Where ``name`` (read at ``at``, its spaces normalised) ends in ``text``: each word found
    after the one before (at most ``gap`` characters on when given); None if one is not."""
    end = at
    for word in name.split():
        found = text.find(word, end) if gap is None else text.find(word, end, end + len(word) + gap)
        if found < 0:
            return None
        end = found + len(word)
    return end


def _label_at(window: str, at: int, name: str) -> bool:
    """Whether ``name`` (read at ``at``) is followed by a colon: a label such as "Royalty:",
    not a name (a company form makes it one: "Acme Inc.: ...")."""
    end = _name_end(window, at, name)
    if end is None:
        return False
    return window[end : end + 3].lstrip(" \t").startswith(":") and not _legal_form().search(name)


def _from_markers(
    text: ExtractedText, window: str, document: str
) -> tuple[list[Fact], set[str], int | None]:
    """Parties introduced with a defined term in ``window``; the terms seen; where the
    preamble ends (None when no party was found)."""
    full = text.full_text
    lexicon = _lexicon()
    roles, not_parties = lexicon.roles, lexicon.not_parties
    facts: list[Fact] = []
    seen_names: set[str] = set()
    seen_terms: set[str] = set()
    prev_end = last_party_end = 0
    stop: int | None = None
    agree = _AGREE.search(window)
    for mk in _markers(window):
        if stop is not None and mk.start > stop:
            break
        if agree is not None and mk.start > agree.end() + 200:
            break  # past "the parties agree as follows": the body's defined terms
        if facts and mk.start - last_party_end > MAX_GAP:
            break  # parties are introduced together; a term far later is the body's
        terms = tuple(
            t
            for t in mk.terms
            if t.lower() not in not_parties and (t.isupper() or not _THING_TERM.search(t))
        )
        block_start = prev_end
        prev_end = mk.end
        if not terms or mk.collective:
            continue
        block = window[block_start : mk.start]
        name, base, pos = _find_name(block, terms, roles, not_parties, block_start > 0)
        if not name:
            continue
        name, shift = _address_dropped(name)  # "300 Renaissance Center, ... and iVillage, Inc."
        base += shift
        at = block_start + base + pos
        if (
            len(name.split()) == 1
            and not _legal_form().search(name)
            and not any(t.lower() in roles or _akin(name, t) for t in terms)
        ):
            continue  # "1. Formation. By this Agreement ... (the “Joint Venture”)": a heading
        if _label_at(window, at, name):
            continue  # "1. Royalty: In consideration of ...", "Contact: Telephone ...": a label
        if _RELATIVE_OF.search(window, max(0, at - 60), at):
            continue  # "X Inc., a subsidiary of Y Corp. ("Y")": Y describes X, it signs nothing
        if facts and _CAPACITY_BEFORE.match(window, block_start, at + 1):
            # 'Fox Mobile Entertainment, Inc. ("Fox"), as Administrator for Twentieth Century Fox
            # Film Corporation ("Trademark Licensor")': the party before, in another capacity
            seen_terms.update(t.lower() for t in terms)
            continue
        cue = _BETWEEN_BEFORE.search(window, max(0, at - 20), at)
        if cue is not None and _other_documents_between(window, cue.start()):
            continue  # "(the "MSA")" of "the Services Agreement between A and B"
        key = name.lower()
        if key in seen_names or key in seen_terms or any(t.lower() in seen_terms for t in terms):
            continue  # a party again, or by the short name it was given ("Racing organized ...")
        seen_names.add(key)
        last_party_end = mk.end
        seen_terms.update(t.lower() for t in terms)
        name_start = block_start + base + pos
        party_block = window[name_start : mk.end]
        kvk_m = _KVK.search(party_block)
        role, defined_as = _role_of(terms, name, roles)
        if role is not None and role.lower() in _PRONOUNS:
            role = None
        confidence = 0.6
        if _legal_form().search(name) or kvk_m:
            confidence += 0.15
        if role is not None and role.lower() in roles:
            confidence += 0.15
        elif role is None:
            confidence -= 0.1
        if base > 0:
            confidence += 0.05
        value: dict[str, object] = {
            "name": name,
            "role": role,
            "kvk": kvk_m.group(1) if kvk_m else None,
            "defined_as": defined_as,
        }
        if trade := _trade_name(window, name_start, name):
            value["trade_name"] = trade
        aliases = [t for t in terms if t != defined_as]
        if aliases:  # ("Customer" or "you"): further short names of the same party
            value["aliases"] = aliases
        facts.append(
            Fact(
                field="party",
                value=value,
                confidence=round(min(confidence, 0.95), 2),
                evidence=Evidence(
                    document=document,
                    page=text.page_at(name_start),
                    clause_ref=None,
                    quote=_quote(full, name_start, mk.end),
                    start=name_start,
                    end=mk.end,
                ),
            )
        )
        if stop is None:
            ends = [
                m.start() for r in (_AGREE, _RECITALS, _BODY) if (m := r.search(window, mk.end))
            ]
            stop = min(ends) if ends else len(window)
    return facts, seen_terms, stop


def find_parties(text: ExtractedText, language: str, document: str) -> tuple[Fact, ...]:
    """The parties of one contract as ``party`` facts, in order of appearance.

    ``value`` is ``{"name", "role", "kvk", "defined_as"}`` (role, kvk and defined_as may be
    None), plus ``aliases`` when the party has further defined short names. The evidence
    quotes the passage from the name to the defined term (or the name alone where it was read
    from a list, a label row or a signature block).
    """
    full = text.full_text
    lexicon = _lexicon()
    roles, not_parties = lexicon.roles, lexicon.not_parties
    window = full[: _window_end(text, MAX_PAGES, MAX_CHARS)]
    facts, seen_terms, stop = _from_markers(text, window, document)
    if not facts and len(window) < len(full) and _AGREE.search(window) is None:
        # a long cover and table of contents: the preamble (up to "agree as follows") lies further
        longer = full[: _window_end(text, MAX_PAGES_LONG, MAX_CHARS_LONG)]
        more = _from_markers(text, longer, document)
        if more[0]:
            window, (facts, seen_terms, stop) = longer, more
    known = [str(f.value["name"]) for f in facts]
    first = min((f.evidence.start or 0 for f in facts if f.evidence), default=None)
    if first is None:
        ends = [m.start() for r in (_AGREE, _RECITALS, _BODY) if (m := r.search(window))]
        preamble_end = min([*ends, len(window)])
        listed_from = 0
    else:
        preamble_end = stop if stop is not None else len(window)
        listed_from = max(0, first - 1500)
    extra: list[Fact] = []

    def add(name: str, at: int, label: str | None, confidence: float) -> None:
        """A party found another way than by its marker, unless it is one already known."""
        name, shift = _address_dropped(name)
        at += shift
        if not _plausible(name, not_parties, roles):
            return  # "TX 76262" read from a list of addresses
        if not _same_party(name, known, seen_terms):
            known.append(name)
            trade = _trade_name(full, at, name)
            extra.append(_plain_fact(text, document, name, at, label, confidence, trade))

    for name, label, at in _label_rows(window, 0, preamble_end, roles, not_parties):
        add(name, at, label, 0.6)
    for name, label, at in _role_definitions(full, roles, not_parties):
        add(name, at, label, 0.55)
    for name, at in _listed(window, listed_from, preamble_end, roles, not_parties):
        add(name, at, None, 0.55)
    deferred = _DEFERRED.search(window, listed_from, preamble_end) is not None
    scheduled = _SCHEDULED.search(window, listed_from, preamble_end)
    if scheduled is not None:
        for name, at in _schedule_names(
            full, scheduled.end(), scheduled["kind"], scheduled["id"], roles, not_parties
        ):
            add(name, at, None, 0.45)
    if len(known) < 2 or deferred:
        for name, at in _signature_names(full, roles, not_parties, deferred):
            add(name, at, None, 0.45)
    if extra:
        facts = sorted([*facts, *extra], key=lambda f: (f.evidence and f.evidence.start) or 0)
    return tuple(facts)
