"""What a search returns: contracts, each with its hits (clauses) and evidence. Engine-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

HIGHLIGHT_OPEN = "«"  # a matched word in a snippet is marked «like this»
HIGHLIGHT_CLOSE = "»"
ELLIPSIS = "…"  # where a snippet was cut out of a longer text


class HitKind(StrEnum):
    clause = "clause"  # a recognised clause
    page = "page"  # a page of a document in which no clauses were recognised
    contract = "contract"  # the contract as a whole (title, parties) when no clause matched


class AtLeast(int):
    """A number of matching contracts that is a lower bound, not an exact count: an engine
    stopped counting at a cap (the PostgreSQL backend, for a word found in very many entries).
    It is an int for every comparison and sum; shown by itself it reads "at least N", and
    ``SearchResults.as_dict`` marks it with ``"total_exact": false``."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"at least {int(self)}"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Filters next to the query (the CLI's options). Dates are exclusive bounds."""

    contract_type: str | None = None
    party: str | None = None
    dossier: str | None = None
    language: str | None = None
    ends_before: dt.date | None = None  # end_date < this
    notice_before: dt.date | None = None  # notice_deadline < this
    signed_after: dt.date | None = None  # signing_date > this

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) in (None, "") for name in self.__slots__)


@dataclass(frozen=True, slots=True)
class Hit:
    contract_id: int
    document_id: int | None
    kind: HitKind
    clause_ref: str | None
    heading: str
    page: int | None  # the page the snippet is on
    page_start: int | None
    page_end: int | None
    types: tuple[str, ...]
    snippet: str  # matches marked «...», cuts marked …
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "contract": self.contract_id, "document": self.document_id, "kind": self.kind.value,
            "clause": self.clause_ref, "heading": self.heading, "page": self.page,
            "pages": [self.page_start, self.page_end], "types": list(self.types),
            "snippet": self.snippet, "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class ContractResult:
    contract_id: int
    title: str
    dossier: str
    language: str
    score: float
    hits: tuple[Hit, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.contract_id, "title": self.title, "dossier": self.dossier,
            "language": self.language, "score": round(self.score, 4),
            "hits": [h.as_dict() for h in self.hits],
        }


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    backend: str
    # matching contracts the caller may see (all, not only those shown); an AtLeast when the
    # engine stopped counting (then a lower bound: total_exact is False)
    total_contracts: int
    contracts: tuple[ContractResult, ...]
    suggestion: str | None = None  # "did you mean", from visible entries only
    seconds: float = 0.0

    @property
    def total_exact(self) -> bool:
        return not isinstance(self.total_contracts, AtLeast)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "backend": self.backend,
            "total_contracts": int(self.total_contracts), "total_exact": self.total_exact,
            "suggestion": self.suggestion, "highlight": [HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE],
            "contracts": [c.as_dict() for c in self.contracts],
            "ms": round(self.seconds * 1000, 1),
        }
