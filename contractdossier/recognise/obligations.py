"""Obligations: who must do what, by when.

:func:`find_obligations` reads deontic sentences and returns :class:`Obligation` records:

- Dutch contracts state duties in the present tense with the role as subject ("Opdrachtnemer
  levert ...", "Verwerker meldt een datalek binnen 24 uur na ontdekking", "Huurder betaalt de huur
  per kwartaal vooruit"), also inverted after an adverbial ("Op eerste verzoek verstrekt
  Opdrachtnemer ..."), or with "zal", "dient", "is verplicht"; English ones with "shall", "must",
  "will", "agrees to" ("Supplier shall deliver ... no later than May 15, 2024"). Verbs of
  permission or state ("kan", "mag", "is", "wordt", "may", "shall be entitled", "shall not be
  liable") are not duties.
- ``party`` is the role the contract defines ("Opdrachtnemer"); a role defined for one article
  only ("Opdrachtnemer verwerker (in dit artikel: 'Verwerker')") is resolved to the party's role.
- ``due`` is the deadline phrase as written, assembled from its parts: a period with its anchor
  ("binnen tien (10) werkdagen na ondertekening"), a date ("uiterlijk op 31 mei 2024", "vóór
  14-12-2024"), an anchor word ("uiterlijk op de Ingangsdatum"), a cycle ("ieder
  kalenderkwartaal", "per kwartaal vooruit"), and connectors between them ("onverwijld, doch
  uiterlijk binnen 24 uur na ontdekking", "jaarlijks, uiterlijk op 15 april").
- ``due_date`` comes from ``dates.parse_due`` and ``deadlines.due_date`` with the anchors
  signing / start / end of the contract (from ``terms``; the end only when it is fixed). An event
  without a date (a report, an invoice, the end of a renewing contract) gives ``None`` and the
  phrase is kept in ``rule``. ``recurring`` is the cycle of a recurring duty (``P1M``, ``P3M``).
- ``confidence``: 0.8-0.9 for a duty with a deadline that was understood, 0.7 when the deadline
  could not be read as a rule, 0.45 for a duty without any deadline (these belong in the "needs
  checking" part of a report, or can be filtered out).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from contractdossier import deadlines
from contractdossier.deadlines import DueKind
from contractdossier.recognise.dates import TERMINATION, parse_due
from contractdossier.recognise.fastre import Gated, Searcher, at_word_start
from contractdossier.recognise.numbers import parse_number
from contractdossier.recognise.terms import (
    TextContext,
    anchors_from,
    context_for,
    load_patterns,
    norm,
    recognise_terms,
)
from contractdossier.records import Clause, ExtractedText, Obligation

__all__ = ["find_obligations", "find_roles"]

_I = re.IGNORECASE
MAX_SENTENCE = 900
ACTION_CHARS = 120


@cache
def _vocab() -> dict[str, frozenset[str]]:
    data = load_patterns("obligations_vocabulary.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


# --------------------------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------------------------

_Q_OPEN = "“\"'‘„"
_Q_CLOSE = "”\"'’"
_QUOTED = rf"[{_Q_OPEN}]\s?(?P<t{{n}}>[A-Z][^{_Q_OPEN}{_Q_CLOSE}\n]{{{{1,40}}}}?)\s?[{_Q_CLOSE}]"
_DEFINED = re.compile(
    r"(?:\bhierna(?:\s(?:gezamenlijk|samen|ook|ieder\safzonderlijk))*(?:\ste\snoemen)?\s?:?"
    r"|\bverder\ste\snoemen\s?:?|\((?:hierna|hereinafter|hereafter)?\s?(?:referred\sto\sas|called"
    r"|te\snoemen)?\s?:?|\bhereinafter\s(?:referred\sto\sas|called)?|\breferred\sto\sas)"
    r"\s?(?:de\s|het\s|the\s)?"
    + _QUOTED.format(n=1)
    + r"(?:\s?(?:,|of|en|or|and)\s(?:de\s|het\s|the\s)?"
    + _QUOTED.format(n=2)
    + ")?",
    _I,
)
_ALIAS = re.compile(
    r"\(\s?(?:in\sdit\sartikel|in\sdeze\sbepaling|in\sthis\s(?:clause|section|article)|hierna)\s?:?\s?"
    + _QUOTED.format(n=1)
    + r"\s?\)",
)


@cache
def _vocab_roles_re() -> re.Pattern[str]:
    return re.compile(at_word_start(_vocab()["roles"]) + r"\b")


@dataclass(frozen=True, slots=True)
class Roles:
    """Role names as written -> the role they stand for, and one regex matching any of them."""

    canonical: Mapping[str, str]
    pattern: re.Pattern[str] | None
    english: re.Pattern[str] | None = None  # role + shall/will/must/agrees to
    second_duty: re.Pattern[str] | None = None  # where a second party's duty starts (see below)

    def defined(self) -> set[str]:
        """Every role name, as written and as the role it stands for."""
        return set(self.canonical) | set(self.canonical.values())


def find_roles(ctx: TextContext) -> Roles:
    """The party roles of a document (cached on the context)."""
    cached = ctx.cache.get("roles")
    if isinstance(cached, Roles):
        return cached
    full = ctx.full
    vocab = _vocab()
    not_roles = vocab["not_roles"]
    not_role_last = frozenset(vocab["not_role_last_words"])
    canonical: dict[str, str] = {}
    head_end = min(len(full), 12000)
    starts = [
        i
        for i in ctx.find_words(
            ("hierna", "verder te noemen", "(", "hereinafter", "referred to as")
        )
        if i < head_end
    ]
    matches = (_DEFINED.match(full, i, head_end) for i in starts)
    for m in (m for m in matches if m is not None):
        for group in ("t1", "t2"):
            term = m.group(group)
            if term is None:
                continue
            term = norm(term).strip(" ,.")
            if term.lower() in not_roles or len(term.split()) > 4 or not term[0].isupper():
                continue
            if term.split()[-1].lower() in not_role_last:
                continue  # "Supply Agreement", "Service Fee": a thing, not a party
            canonical.setdefault(term, term)
    for m in _vocab_roles_re().finditer(full, 0, min(len(full), 30000)):
        canonical.setdefault(m.group(), m.group())
    for m in _ALIAS.finditer(full):
        alias = norm(m.group("t1"))
        before = full[max(0, m.start() - 60) : m.start()]
        owners = [r for r in canonical if r != alias and re.search(rf"\b{re.escape(r)}\b", before)]
        if owners:
            last = max(owners, key=lambda r: before.rfind(r))
            canonical[alias] = canonical.get(last, last)
    pattern = english = second_duty = None
    if canonical:
        names = at_word_start(canonical)
        pattern = re.compile(r"(?P<role>" + names + r")\b")
        english = re.compile(_EN_DUTY.replace("{roles}", names))
        second_duty = re.compile(_SECOND_DUTY.replace("{roles}", pattern.pattern))
    roles = Roles(canonical, pattern, english, second_duty)
    ctx.cache["roles"] = roles
    return roles


# --------------------------------------------------------------------------------------------
# Subjects and duties
# --------------------------------------------------------------------------------------------

_ITEM_PREFIX = re.compile(
    r"^\s?(?:(?:artikel|article|section)\s)?(?:\d{1,3}(?:\.\d{1,3}){0,4}\.?|\(?[a-z]{1,3}[.)]|\([ivx]{1,5}\)"
    r"|[-•●▪–])\s",
    _I,
)
_NL_DUTY = re.compile(
    r"^(?:zal|zullen|dient|dienen|moet|moeten|is\s(?:verplicht|gehouden)|zijn\s"
    r"(?:verplicht|gehouden)|heeft\sde\s(?:plicht|verplichting)|verplicht\szich)\b"
)
_STATE = re.compile(
    r"[^.;]{0,60}?\b(?:gerechtigd|bevoegd|vrij|niet|geen|aansprakelijk|eigenaar|verwerker|"
    r"verantwoordelijk\w*|gevestigd|bekend|akkoord|van\smening|voornemens|in\sstaat)\b",
    _I,
)
# "..., and Customer shall pay": a second party's duty in the same sentence (the roles go in
# "{roles}")
_SECOND_DUTY = (
    r"(?:,?\s+(?:and|but|while|whereas)|;)\s+(?=(?:the\s+)?{roles}\s+(?:shall|will|must)\b)"
)
_EN_DUTY = (
    r"(?P<role>{roles})\s(?P<modal>shall|will|must|agrees\sto|hereby\sagrees\sto|undertakes\sto"
    r"|covenants\sto|is\srequired\sto|is\sobligated\sto|is\sobliged\sto)\s(?P<rest>.*)$"
)
_GENERIC_EN = Gated(
    re.compile(
        # Each Party, Either Party, each Party, either party, each party, The Parties, the Parties,
        # Parties; at a word start, grouped by first letter so that re can skip ahead (see fastre)
        r"(?P<role>E(?<!\wE)(?:ach|ither)\sParty|e(?<!\we)(?:ach\sParty|ither\sparty|ach\sparty)"
        r"|T(?<!\wT)he\sParties|t(?<!\wt)he\sParties|P(?<!\wP)arties)\s(?P<modal>shall|will|must|agree\sto)\s"
        r"(?P<rest>.*)$"
    )
)
_GENERIC_NL_ANY = re.compile(
    r"\b(?:Partijen|Iedere\s[Pp]artij|Ieder\sder\sPartijen|Elke\sPartij)\b"
)
_GENERIC_NL = re.compile(
    r"^(?P<role>Partijen|Iedere\sPartij|Ieder\sder\sPartijen|Elke\sPartij"
    r"|Iedere\spartij|partijen)\s(?P<verb>[a-zà-ÿ]+)\b(?P<rest>.*)$"
)


@dataclass(slots=True)
class _Duty:
    role: str  # as written
    action_start: int  # offset into the sentence string (normalised)
    confidence: float
    needs_deadline: bool = False  # "Opdrachtnemer is ... binnen twee uur ter plaatse"
    role_span: tuple[int, int] | None = None  # the role after an inverted verb, left out


# "verleent Opdrachtnemer het recht om ...", "geeft Opdrachtgever een zelfstandig verhaalsrecht":
# a right granted to the other side, not a duty
_GRANTS_A_RIGHT = re.compile(
    r"(?:geeft|geven|verleent|verlenen)\s[^,;.]{0,80}?\b\w*(?:recht|rechten|bevoegdheid)\b"
)


def _dutch_subject(sentence: str, roles: Roles) -> _Duty | None:
    pattern = roles.pattern
    if pattern is None:
        return None
    not_verbs = _vocab()["nl_not_duty_verbs"]
    m = re.match(r"(?:de\s|het\s|De\s|Het\s)?", sentence)
    pos = m.end() if m else 0
    role_m = pattern.match(sentence, pos)
    if role_m is not None:
        rest = sentence[role_m.end() :].lstrip()
        verb_m = re.match(r"([a-zà-ÿ]+)\b", rest)
        if verb_m is None:
            return None
        verb = verb_m.group(1)
        if _GRANTS_A_RIGHT.match(rest):
            return None
        if _NL_DUTY.match(rest):
            return _Duty(role_m.group("role"), role_m.end() + 1, 0.85)
        if verb in ("is", "zijn") and not _STATE.match(rest, len(verb)):
            return _Duty(role_m.group("role"), role_m.end() + 1, 0.6, needs_deadline=True)
        if verb in not_verbs or not (verb.endswith("t") or verb.endswith("en")):
            return None
        return _Duty(role_m.group("role"), role_m.end() + 1, 0.8)
    # inverted: "Op eerste verzoek van X verstrekt Opdrachtnemer binnen ..."
    inv = re.match(r"^(?:[^,.;:]{1,120}?\s)?(?P<verb>[a-zà-ÿ]{3,}t)\s(?P<rest>.*)$", sentence)
    if inv is not None and inv.group("verb") not in not_verbs:
        role_m = pattern.match(inv.group("rest"))
        if role_m is not None and not re.match(
            r"^(?:indien|als|wanneer|zodra|nadat|voordat|if|when)\b", sentence, _I
        ):
            at = inv.start("rest")
            span = (at + role_m.start("role"), at + role_m.end("role"))
            after = sentence[span[1] :].lstrip()
            if _GRANTS_A_RIGHT.match(f"{inv.group('verb')} {after}"):
                return None
            if inv.group("verb") == "verplicht" and re.match(r"(?:niet|geen)\b", after):
                return None  # "Deze Raamovereenkomst verplicht Opdrachtgever niet tot ..."
            return _Duty(role_m.group("role"), inv.start("verb"), 0.7, role_span=span)
    return None


@cache
def _passive() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    """(pattern, payer roles, performer roles) for passive Dutch duties (the roles in order)."""
    data = load_patterns("obligations_vocabulary.json")
    pay, perform = data["nl_passive_pay"], data["nl_passive_perform"]
    participles = "|".join(sorted(map(re.escape, pay + perform), key=len, reverse=True))
    pattern = re.compile(
        r"^(?P<subject>(?:(?:De|Het|Alle|Iedere|Elke|Eventuele|Deze)\s|[A-Z][a-z]+en\b)[^;:.]{0,140}?)"
        r"\s(?:wordt|worden)"
        r"\s(?P<middle>[^;]{0,200}?)\b(?P<part>" + participles + r")\b"
    )
    return pattern, tuple(data["nl_payers"]), tuple(data["nl_performers"])


def _passive_subject(sentence: str, roles: Roles) -> _Duty | None:
    """A passive Dutch duty with a deadline: "De huurprijs wordt per maand vooruit betaald",
    "Meldingen worden binnen vijf (5) werkdagen afgehandeld". The duty falls on the role the
    sentence names after "door", else on the contract's payer (for a payment) or performer."""
    pattern, payers, performers = _passive()
    m = pattern.match(sentence)
    if m is None or re.search(r"\b(?:niet|geen|nooit)\b", m.group("middle")):
        return None
    agent = re.search(r"\bdoor\s(?:de\s|het\s)?(?P<role>\w+)", m.group("middle"))
    defined = roles.defined()
    if agent is not None and agent.group("role") in defined:
        role = agent.group("role")
    else:
        order = payers if m.group("part") in _vocab()["nl_passive_pay"] else performers
        role = next((r for r in order if r in defined), "")
    if not role:
        return None
    return _Duty(role, 0, 0.6, needs_deadline=True)  # the action: the whole passive clause


@cache
def _passive_en() -> re.Pattern[str]:
    words = sorted(map(re.escape, _vocab()["en_passive_duties"]), key=len, reverse=True)
    participles = "|".join(words)
    return re.compile(
        r"\b(?:shall|will|must)\s(?:promptly\s)?be\s(?:" + participles + r")\s(?:in\sfull\s)?"
        r"(?:to\s[^;,]{1,60}?\s)?by\s(?:the\s)?(?P<role>[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2})"
    )


def _passive_english(sentence: str, roles: Roles) -> _Duty | None:
    """A passive English duty whose agent the sentence names, with a deadline: "All fees shall
    be paid by Licensee within thirty (30) days of the invoice date". The whole clause is the
    action, as for a passive Dutch duty."""
    if " by " not in sentence:
        return None
    m = _passive_en().search(sentence)
    if m is None or re.search(r"\bnot\b", sentence[: m.start("role")]):
        return None
    defined = roles.defined()
    agent = m.group("role").rstrip(".")
    named = [r for r in defined if agent == r or agent.startswith(r + " ")]
    if not named:
        return None
    role = max(named, key=len)
    return _Duty(role, 0, 0.6, needs_deadline=True)


_ADVERBS = re.compile(r"^(?:(?:then|thereupon|thereafter|further|additionally),?\s)+")
# "shall (also|only|not) be entitled/permitted/allowed/deemed"
_NOT_A_DUTY_BE = re.compile(
    r"(?:(?:not|also|only)\s)*(?:be\s)?(?:entitled|permitted|allowed|deemed)"
)


def _english_subject(sentence: str, roles: Roles) -> _Duty | None:
    candidates: list[Searcher] = [] if roles.english is None else [roles.english]
    candidates.append(_GENERIC_EN)
    not_duty = _vocab()["en_not_duty"]
    for regex in candidates:
        m = regex.search(sentence)
        if m is None:
            continue
        rest = _ADVERBS.sub("", m.group("rest").lower())  # "shall thereupon have the option"
        if any(rest.startswith(p) for p in not_duty):
            continue
        if _NOT_A_DUTY_BE.match(rest):
            continue
        conf = 0.8 if regex is not _GENERIC_EN else 0.6
        role = m.group("role")
        before = max(0, m.start("role") - 80)  # the first party stands right before the second
        joint = _JOINT_BEFORE.search(sentence, before, m.start("role"))
        if regex is not _GENERIC_EN and joint is not None:
            other, this = roles.canonical.get(joint.group("other")), roles.canonical.get(role, role)
            if other is not None and other != this:
                role = f"{other} and {this}"  # "CAPSUGEL and CARDAX shall promptly consult ..."
        return _Duty(role, m.start("modal"), conf)
    return None


# the first of two parties bound together: "CAPSUGEL and CARDAX shall ..."
_JOINT_BEFORE = re.compile(
    r"(?:^|\b(?:[Bb]oth|[Tt]hat|,)\s)(?P<other>[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*)?)\s(?:and|&)\s\Z"
)


# --------------------------------------------------------------------------------------------
# Deadline phrases
# --------------------------------------------------------------------------------------------

# These run on the raw text (line breaks included), bounded by pos/endpos: "\s+" between words.
_DUR_CUE_BEFORE = re.compile(
    r"\b(?:binnen|within|uiterlijk|no\s+later\s+than|not\s+later\s+than|ten\s+minste|tenminste"
    r"|at\s+least|not\s+less\s+than|minimaal|no\s+less\s+than|in\s+ieder\s+geval\s+binnen"
    r"|uiterlijk\s+binnen|in\s+any\s+event\s+within|uiterlijk\s+op)\s+\Z",
    _I,
)
_DUR_AFTER = re.compile(
    r"\s*(?:\)\s*)?(?P<kw>na|nadat|after|following|of|from|van\s+tevoren|vooraf|tevoren|in\s+advance"
    r"|voor|vóór|before|prior\s+to|voorafgaand\s+aan)\b",
    _I,
)
_ADVANCE = re.compile(r"van\s+tevoren|vooraf|tevoren|in\s+advance", _I)
_DATE_CUE_BEFORE = re.compile(
    r"\b(?:uiterlijk(?:\s+op)?|vóór(?:\s+of\s+op)?|voor(?:\s+of\s+op)?|no\s+later\s+than"
    r"|not\s+later\s+than|on\s+or\s+before|by|before|prior\s+to|(?:telkens|jaarlijks|eenmalig)\s+op)"
    r"\s+\Z",
    _I,
)
_NEGATED_CUE = re.compile(r"\b(?:niet|not|nooit|never)\s+\Z", _I)
_WINDOW_END = re.compile(
    r"\b(?:in\s+de\s+)?(?:periode|tijdvak|period)\s+(?:van|from)\s+[^.;]{3,40}?\s+(?:tot\s+en\s+met|t/m"
    r"|to|through)\s+\Z",
    _I,
)
_WINDOW = Gated(
    re.compile(
        r"\b(?:in\s+de\s+)?(?:periode|tijdvak)\s+van\s+\d{1,2}\s+[a-zé]+\s+(?:tot\s+en\s+met|t/m)\s+\d{1,2}"
        r"\s+[a-zé]+(?:\s+\d{4})?",
        _I,
    )
)
_ANCHOR_CUE = re.compile(
    r"\b(?:uiterlijk\s+op|vóór\s+of\s+op|voor\s+of\s+op|no\s+later\s+than|not\s+later\s+than"
    r"|on\s+or\s+before)\s+"
    r"|\b(?:op|on|bij|at|upon|vóór|voor|before|by)\s+(?=(?:de|het|the)\s+(?:ingangsdatum"
    r"|aanvangsdatum|startdatum|einde|afloop|eerste|laatste|\w+(?:de|ste)\s+(?:werk)?dag|effective"
    r"|commencement|first|last|end|expiration|date\s+of\s+(?:this|signing|execution))\b"
    r"|\d{1,2}\s+[a-z]{3,9}\b)",
    _I,
)
_STRONG_CUE = re.compile(
    r"(?:uiterlijk|vóór\s+of\s+op|voor\s+of\s+op|no\s+later|not\s+later|on\s+or\s+before)", _I
)
_CYCLE = Gated(
    re.compile(
        r"\b(?:(?:ten\s+minste\s+|at\s+least\s+)?(?:eenmaal|éénmaal|tweemaal|once|twice)\s+(?:per|a|every"
        r"|each)\s+(?:kalender)?(?:jaar|maand|kwartaal|week|year|month|quarter)"
        r"|(?:ieder|iedere|elk|elke|each|every)\s+(?:kalender|calendar\s+)?(?:week|maand|kwartaal|jaar"
        r"|month|quarter|year)"
        r"|per\s+(?:kalender|calendar\s+)?(?:maand|kwartaal|jaar|week|month|quarter|year)"
        r"(?:\s+(?:vooraf|vooruit|achteraf|in\s+advance|in\s+arrears))?"
        r"|(?:jaarlijks|maandelijks|wekelijks|driemaandelijks|halfjaarlijks|annually|monthly|quarterly"
        r"|weekly)(?:\s+(?:vooraf|vooruit|achteraf|in\s+advance|in\s+arrears))?)\b",
        _I,
    )
)
_CYCLE_LEAD = re.compile(
    r"\b(?:in|during|gedurende)\s+(?:the|de|het)\s+(?:first|last|second|third|eerste|laatste"
    r"|tweede|derde)\s+(?:month|week|fortnight|maand|week)\s+(?:of|van)\s+\Z",
    _I,
)
_LEAD_IN = re.compile(
    r"(?:onverwijld|onmiddellijk|zonder\s+onredelijke\s+vertraging|promptly|immediately"
    r"|without\s+undue\s+delay|forthwith)(?:\s*,?\s+(?:doch|maar|en\s+in\s+ieder\s+geval"
    r"|and\s+in\s+any\s+event|but\s+in\s+any\s+event|and\s+no\s+later\s+than|but\s+no\s+later\s+than"
    r"))?\s*,?\s*\Z",
    _I,
)
_JOIN = re.compile(
    r"\s*,?\s*(?:doch\s+|maar\s+|en\s+(?:in\s+ieder\s+geval\s+)?|and\s+(?:in\s+any\s+event\s+)?"
    r"|but\s+(?:in\s+any\s+event\s+)?)?\Z",
    _I,
)
_FIRST_TIME = re.compile(
    r"\s*,?\s*(?:voor\s+het\s+eerst|for\s+the\s+first\s+time)\s+(?:op|on)\s", _I
)
_TARGET_STOP = re.compile(r"[,;.:()\[\]“”\"]")
_TOKEN = re.compile(r"\S+")
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")


def _next_verb(low: str, tokens: list[re.Match[str]], i: int) -> bool:
    """Whether token ``i`` ("en", "and") joins a second duty ("... na melding en neemt de
    maatregelen", "... after delivery and shall notify"), or is the particle that closes a split
    verb ("... bij het einde van de huur op in de staat ...")."""
    if i + 1 >= len(tokens):
        return False
    vocab = _vocab()
    following = tokens[i + 1].group()
    if low in vocab["nl_verb_particles"] and following in vocab["nl_particle_next"]:
        return True  # "levert het gehuurde bij het einde van de huur op in de staat ..."
    if low == "and":
        return following in ("shall", "will", "must") or following in vocab["en_second_duty_verbs"]
    if low == "en":
        return following.islower() and following.endswith("t") and len(following) > 3
    return False


def _target_end(text: str, pos: int, limit: int, roles: Roles) -> int:
    """Where the anchor of a deadline that starts at ``pos`` ends (see module doc)."""
    end = pos
    prev = ""
    vocab = _vocab()
    tokens = list(_TOKEN.finditer(text, pos, min(limit, pos + 160)))
    relative = False  # inside "de betalingstermijn die Opdrachtgever met de Derde heeft ..."
    for i, w in enumerate(tokens[:13]):
        token = w.group()
        stop = None if _CLOCK.fullmatch(token) else _TARGET_STOP.search(token)
        bare = token[: stop.start()] if stop else token
        low = bare.lower()
        relative = relative or low in vocab["target_relative"]
        if i > 0 and not relative and (low in vocab["target_ends"] or _next_verb(low, tokens, i)):
            break  # "na melding ter plaatse", "na het einde schriftelijk", "na melding en neemt"
        if i > 0 and low in ("aan", "to", "jegens", "towards") and i + 1 < len(tokens):
            following = tokens[i + 1].group().strip(",.;:")
            if roles.pattern is not None and roles.pattern.fullmatch(following):
                break  # "... na ontdekking aan Opdrachtgever": the addressee, not the anchor
        if (
            i > 0
            and prev not in vocab["target_links"]
            and (
                low in vocab["target_articles"]
                or (roles.pattern is not None and roles.pattern.fullmatch(bare))
                or (low.isalpha() and parse_number(low) is not None and not low.startswith("een"))
            )
        ):
            break
        if i >= 12:
            break
        if bare:
            end = w.start() + len(bare)
        if stop:
            break
        prev = low
    return end


@dataclass(slots=True)
class _Piece:
    start: int  # offsets into the full text
    end: int
    kind: str  # duration, date, anchor, cycle


def _usable_anchor(rule: deadlines.DueRule) -> bool:
    anchor = rule.anchor
    if rule.kind is DueKind.recurring:
        anchor = rule.each.anchor if rule.each is not None else None
    if anchor in (deadlines.START, deadlines.SIGNING, deadlines.PERIOD_END):
        return True
    if isinstance(anchor, deadlines.MonthDay):
        return True
    return isinstance(anchor, str) and (
        anchor == TERMINATION
        or re.search(r"\b(?:einde|end|afloop|expir\w*|eerste\sdag|first\sday)\b", anchor)
        is not None
    )


def _pieces(ctx: TextContext, s_start: int, s_end: int, roles: Roles) -> list[_Piece]:
    """The parts of deadline phrases in the sentence ``s_start:s_end``, joined where adjacent."""
    full = ctx.full
    pieces: list[_Piece] = []
    for d in ctx.durations_in(s_start, s_end):
        if d.confidence < 0.5:
            continue
        cue = _DUR_CUE_BEFORE.search(full, max(s_start, d.start - 80), d.start)
        after = _DUR_AFTER.match(full, d.end, s_end)
        advance = after is not None and _ADVANCE.fullmatch(after.group("kw")) is not None
        if cue is None and not advance:
            continue
        start = cue.start() if cue is not None else d.start
        end = d.end
        if after is not None:
            end = (
                after.end()
                if advance
                else max(after.end(), _target_end(full, after.end(), s_end, roles))
            )
        pieces.append(_Piece(start, end, "duration"))
    for date in ctx.dates_in(s_start, s_end):
        cue = _DATE_CUE_BEFORE.search(full, max(s_start, date.start - 40), date.start)
        if cue is not None and _NEGATED_CUE.search(
            full, max(s_start, cue.start() - 12), cue.start()
        ):
            continue  # "die niet vóór 1 juli worden gemaaid": an earliest day, no deadline
        if cue is None:
            # "in de periode van 15 mei tot en met 20 juni": done by the window's last day
            cue = _WINDOW_END.search(full, max(s_start, date.start - 80), date.start)
        if cue is not None:
            pieces.append(_Piece(cue.start(), date.end, "date"))
    for m in _ANCHOR_CUE.finditer(full, s_start, s_end):
        if _NEGATED_CUE.search(full, max(s_start, m.start() - 12), m.start()):
            continue  # "niet vóór 1 juli": an earliest day, no deadline
        end = _target_end(full, m.end(), s_end, roles)
        if end <= m.end() or any(d.start == m.end() for d in ctx.dates_in(m.end(), m.end() + 1)):
            continue  # a date: read as such above
        strong = _STRONG_CUE.match(m.group()) is not None
        rule = parse_due(norm(full[m.start() : end]), ctx.language)
        if strong or (rule is not None and _usable_anchor(rule)):
            pieces.append(_Piece(m.start(), end, "anchor"))
    for m in _WINDOW.finditer(full, s_start, s_end):
        # "in de periode van 15 mei tot en met 20 juni": done by the window's last day
        if parse_due(norm(m.group()), ctx.language) is not None:
            pieces.append(_Piece(m.start(), m.end(), "anchor"))
    for m in _CYCLE.finditer(full, s_start, s_end):
        # "in the first month of each calendar quarter", "in de laatste week van iedere maand"
        lead = _CYCLE_LEAD.search(full, max(s_start, m.start() - 60), m.start())
        pieces.append(_Piece(m.start() if lead is None else lead.start(), m.end(), "cycle"))
    for p in pieces:
        lead = _LEAD_IN.search(full, max(s_start, p.start - 80), p.start)
        if lead is not None:
            p.start = lead.start()
    pieces.sort(key=lambda p: (p.start, -p.end))
    merged: list[_Piece] = []
    for p in pieces:
        if merged and (
            p.start <= merged[-1].end
            or _JOIN.match(full, merged[-1].end, p.start)
            or _FIRST_TIME.match(full, merged[-1].end, p.end)
        ):
            merged[-1].end = max(merged[-1].end, p.end)
            continue
        merged.append(_Piece(p.start, p.end, p.kind))
    for p in merged:  # "..., voor het eerst op 15 september 2025"
        first = _FIRST_TIME.match(full, p.end, s_end)
        if first is not None:
            dates = ctx.dates_in(first.end(), first.end() + 1)
            if dates:
                p.end = dates[0].end
    return merged


_EN_MODAL = re.compile(
    r"\b(?:shall|must|will|agrees?\sto|undertakes?\sto|covenants?\sto"
    r"|is\s(?:required|obligated|obliged)\sto)\b"
)
_FIRST_TIME_ANY = Gated(
    re.compile(
        r"\b(?:voor\s+het\s+eerst|for\s+the\s+first\s+time)\s+(?:op|on)\s+[^,;.]{4,40}", _I
    )
)
_OCR_JUNK = re.compile(r"[\s_|~.»«-]+(?=[A-Z])")


# --------------------------------------------------------------------------------------------
# The recogniser
# --------------------------------------------------------------------------------------------


def _action(body: str, duty: _Duty, due: str | None) -> str:
    text = body[duty.action_start :]
    if duty.role_span is not None:  # "houdt Leverancier het Product gereed" -> "houdt het ..."
        text = body[duty.action_start : duty.role_span[0]] + body[duty.role_span[1] :]
    if due:
        text = text.replace(due, " ", 1)
    text = re.sub(r"\s{2,}", " ", text).strip(" ,;.")
    text = re.sub(r",(?:\s*,)+", ",", text)  # "vooruit betaald, [due], door" left two commas
    text = re.sub(r"\s,", ",", text)
    if len(text) > ACTION_CHARS:
        cut = text.rfind(" ", 0, ACTION_CHARS)
        text = text[: cut if cut > 40 else ACTION_CHARS] + " …"
    return text


_PERIOD_OF = re.compile(
    r"\b(?P<head>afloop|einde|end|expiry|close)\s+(?:van|of)\s+(?P<art>het|de|the)\s+"
    r"(?P<unit>(?:kalender|calendar\s+)?(?:kwartaal|maand|jaar|week|quarter|month|year))\b",
    _I,
)


def _parse(due: str, cycles: Sequence[str], language: str) -> deadlines.DueRule | None:
    """``dates.parse_due`` on a deadline phrase; a cycle stated elsewhere in the sentence ("voert
    ieder kwartaal ... uit en rapporteert binnen tien werkdagen na afloop van het kwartaal")
    makes "het kwartaal" each quarter."""
    context = " ".join(cycles)
    phrase = due
    m = _PERIOD_OF.search(due)
    if m is not None and context:
        unit = m.group("unit").lower().replace("kalender", "").replace("calendar", "").strip()
        if unit in context.lower():
            each = "each" if m.group("art").lower() == "the" else "ieder"
            phrase = due[: m.start("art")] + each + due[m.end("art") :]
    return parse_due(phrase, language, context=context)


def _span_offset(raw: str, normalised: str, index: int) -> int:
    """Offset in ``raw`` of character ``index`` of ``normalised`` (= norm(raw))."""
    count = 0
    for m in _TOKEN.finditer(raw):
        length = m.end() - m.start()
        if count + length > index:
            return m.start() + (index - count)
        count += length + 1
    return len(raw)


def _second_duties(
    full: str, sentences: Sequence[tuple[int, int]], roles: Roles
) -> list[tuple[int, int]]:
    """``sentences`` with each split where a second party's duty starts, so each duty has its
    own action and deadline: "Supplier shall deliver the Products within ten (10) days after
    the order and Customer shall pay the invoice within thirty (30) days after delivery"."""
    split = roles.second_duty
    if split is None:
        return list(sentences)
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        if sum(full.count(w, start, end) for w in ("shall", "will", "must")) < 2:
            out.append((start, end))  # one modal: one duty at most
            continue
        for m in split.finditer(full, start, end):
            # the part before must hold a duty with its action: not "DeltaThree and PrimeCall
            # shall ...", nor "the Company will, and Online BVI will cause the Company to, ..."
            modals = list(_MODAL.finditer(full, start, m.start()))
            if modals and len(full[modals[-1].end() : m.start()].split()) >= 2:
                out.append((start, m.start()))
                start = m.end()
        out.append((start, end))
    return out


_MODAL = re.compile(r"\b(?:shall|will|must)\b")


def find_obligations(
    text: ExtractedText,
    clauses: Sequence[Clause],
    language: str,
    document: str,
    *,
    anchors: Mapping[str, dt.date] | None = None,
) -> tuple[Obligation, ...]:
    """The obligations of one document (see the module doc).

    ``anchors`` (``signing``, ``start``, ``end``) come from :func:`terms.recognise_terms` when
    not given.
    """
    ctx = context_for(text, clauses, language, document)
    if anchors is None:
        anchors = anchors_from(recognise_terms(text, clauses, language, document))
    roles = find_roles(ctx)
    regions = ctx.cache.get("regions")
    full = ctx.full
    found: list[Obligation] = []
    words = [
        "shall",
        "must",
        "will",
        "agree",
        "undertake",
        "covenant",
        "required to",
        "obligated",
        "obliged",
    ]
    if ctx.language != "en":
        words += sorted(_vocab()["nl_passive_perform"] | _vocab()["nl_passive_pay"])
        words += [r.lower() for r in roles.canonical] + [
            "partijen",
            "iedere partij",
            "elke partij",
            "ieder der partijen",
        ]
    candidates = _second_duties(full, ctx.sentences_with(tuple(sorted(set(words)))), roles)
    for s_start, s_end in candidates:
        if s_end - s_start > MAX_SENTENCE or s_end - s_start < 12:
            continue
        raw = full[s_start:s_end]
        sentence = norm(raw)
        prefix = _ITEM_PREFIX.match(sentence)
        body_at = prefix.end() if prefix else 0
        junk = _OCR_JUNK.match(sentence, body_at)
        if junk is not None:
            body_at = junk.end()
        body = sentence[body_at:]
        if ctx.language == "en" or re.search(r"\b(?:shall|must)\b", body):
            duty = _english_subject(body, roles) or _passive_english(body, roles)
        else:
            duty = _dutch_subject(body, roles)
            if duty is None:
                g = _GENERIC_NL.match(body)
                if g is not None and g.group("verb") not in _vocab()["nl_not_duty_verbs"]:
                    duty = _Duty(g.group("role"), g.start("verb"), 0.6)
            if duty is None:
                duty = _passive_subject(body, roles)
        if duty is None:
            continue
        if regions is not None and getattr(regions, "recitals", None) is not None:
            r0, r1 = regions.recitals
            if r0 <= s_start < r1:
                continue
        duty_at = s_start + _span_offset(raw, body, body_at + duty.action_start)
        pieces = [
            p
            for p in _pieces(ctx, s_start, s_end, roles)
            if p.end > duty_at or p.kind in ("duration", "date")
        ]
        deadlines_only = [p for p in pieces if p.kind != "cycle"]
        due_piece = deadlines_only[0] if deadlines_only else (pieces[0] if pieces else None)
        due = norm(full[due_piece.start : due_piece.end]) if due_piece else None
        cycles = [norm(full[p.start : p.end]) for p in pieces if p.kind == "cycle"]
        first = _FIRST_TIME_ANY.search(body)
        if first is not None and due is not None and first.group() not in due:
            cycles.append(first.group())  # "..., voor het eerst op 15 september 2025"
        rule = _parse(due, cycles, ctx.language) if due else None
        due_date = deadlines.due_date(rule, anchors) if rule is not None else None
        recurring = None
        if rule is not None and rule.kind is DueKind.recurring and rule.cycle is not None:
            recurring = rule.cycle.iso()
        confidence = duty.confidence
        if due is None and duty.needs_deadline:
            continue
        if due is None:
            confidence = min(confidence, 0.45)
        elif rule is None:
            confidence -= 0.1
        elif due_date is not None:
            confidence += 0.05
        role = roles.canonical.get(duty.role, duty.role)
        span = (due_piece.start, due_piece.end) if due_piece is not None else (s_start, s_end)
        found.append(
            Obligation(
                party=role,
                action=_action(body, duty, due),
                due=due,
                due_date=due_date,
                rule=due if due is not None and due_date is None else None,
                recurring=recurring,
                confidence=round(max(0.1, min(confidence, 0.95)), 2),
                evidence=ctx.evidence(span[0], span[1], quote=(s_start, s_end)),
            )
        )
    return tuple(found)
