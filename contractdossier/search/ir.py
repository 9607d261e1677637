"""The engine-neutral index query: what :mod:`plan` produces and each backend compiles.

Values are already analysed (stems, folded words, normalised keywords), so a backend only maps
nodes to its own query objects. Occurrence rules: a :class:`BoolQ` with ``must`` clauses
requires all of them and uses ``should`` for ranking only; without ``must`` at least one
``should`` must match; ``must_not`` excludes. A BoolQ never has ``must_not`` alone: the planner
adds :class:`AllQ` (tantivy returns nothing for a purely negative boolean query).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Index fields (the same names in both backends) --------------------------------------------
KIND = "kind"  # int: UnitKind
CONTRACT = "cid"  # int
ORDINAL = "ord"  # int: the entry's place in its contract
BODY = {"nl": "body_nl", "en": "body_en"}  # language-analysed text
WORDS = "words"  # folded words, no stemming: prefixes, suggestions
PARTY = "party"  # folded
TITLE = "title_words"  # folded
TYPE = "type"  # keyword: contract type and clause types
LANG = "lang"  # keyword
DOSSIER = "dossier_path"  # keyword: the folder and its ancestors
ACL = "acl"  # keyword: access tokens
DATE_FIELDS = ("end_date", "notice_deadline", "signing_date")
KEYWORD_FIELDS = (TYPE, LANG, DOSSIER, ACL)
FOLD_FIELDS = (WORDS, PARTY, TITLE)


@dataclass(frozen=True, slots=True)
class TermQ:
    field: str
    value: str | int


@dataclass(frozen=True, slots=True)
class TermSetQ:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PhraseQ:
    field: str
    terms: tuple[tuple[int, str], ...]  # (position, token); gaps where stop words were
    slop: int = 0


@dataclass(frozen=True, slots=True)
class PrefixQ:
    field: str
    prefix: str


@dataclass(frozen=True, slots=True)
class DateRangeQ:
    """``lower <= field < upper`` (either bound may be open)."""

    field: str
    lower: dt.date | None
    upper: dt.date | None


@dataclass(frozen=True, slots=True)
class AllQ:
    pass


@dataclass(frozen=True, slots=True)
class BoolQ:
    must: tuple[IR, ...] = ()
    should: tuple[IR, ...] = ()
    must_not: tuple[IR, ...] = ()
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class DisMaxQ:
    """The best-scoring child counts (plus ``tie`` times the others)."""

    children: tuple[IR, ...]
    tie: float = 0.0
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class BoostQ:
    child: IR
    boost: float


IR = TermQ | TermSetQ | PhraseQ | PrefixQ | DateRangeQ | AllQ | BoolQ | DisMaxQ | BoostQ


def boost(node: IR, factor: float) -> IR:
    return node if factor == 1.0 else BoostQ(node, factor)
