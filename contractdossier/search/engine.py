"""What a search engine backend provides. The rest of the package only talks to these.

A backend module (``tantivy_index``, ``whoosh_index``) is the only importer of its library. It
builds analyzers as :mod:`analysis` describes them, compiles :mod:`ir` queries, and stores and
reads :class:`~contractdossier.search.documents.IndexUnit` entries. Library objects (tantivy
documents, Whoosh hits) never leave the backend module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from contractdossier.errors import ConfigError
from contractdossier.search.documents import IndexUnit, UnitKind
from contractdossier.search.ir import IR


@dataclass(frozen=True, slots=True)
class Ref:
    """One matching index entry: enough to group and rank; ``handle`` is the engine's address."""

    score: float
    contract_id: int
    kind: UnitKind
    handle: Any
    ordinal: int = 0  # the entry's place in its contract: breaks ties in document order


@dataclass(frozen=True, slots=True)
class Stored:
    """The stored fields of one entry (what hits and snippets are made of)."""

    kind: UnitKind
    contract_id: int
    document_id: int
    ref: str
    heading: str
    page_start: int
    page_end: int
    types: tuple[str, ...]
    language: str
    text: str
    title: str
    dossier: str


class Writer(Protocol):
    """Writes one generation. A writer may declare ``private = True`` when a rebuild's
    generation is its own until the swap (nobody else reads or writes it): the rebuild then
    commits every ``index.COMMIT_ENTRIES`` entries rather than every batch of contracts."""

    def delete_contracts(self, contract_ids: Sequence[int]) -> None: ...

    def add(self, units: Iterable[IndexUnit]) -> int: ...

    def commit(self) -> None:
        """Make everything added and deleted so far visible to new readers, atomically."""

    def rollback(self) -> None: ...

    def close(self) -> None:
        """Finish (merges); anything not committed is dropped."""


class Generation(Protocol):
    """One index folder, opened."""

    def writer(self, bulk: bool = False) -> Writer: ...

    def search(self, query: IR, filter: IR, limit: int) -> tuple[list[Ref], int]:
        """The best ``limit`` entries matching ``query`` among those matching ``filter``,
        best first, and how many entries match in all."""

    def count_contracts(self, query: IR, filter: IR) -> int:
        """How many distinct contracts have a matching entry."""

    def contract_ids(self, query: IR, filter: IR) -> set[int]:
        """The contracts that have a matching entry (exact)."""

    def fetch(self, refs: Sequence[Ref]) -> list[Stored]: ...

    def terms_with_prefix(self, field: str, prefix: str, filter: IR, limit: int
                          ) -> list[tuple[str, int]]:
        """Indexed terms starting with ``prefix`` and their document counts. A backend that
        cannot restrict the terms to ``filter`` returns all; callers verify visibility."""

    def count(self, query: IR, filter: IR) -> int: ...

    def contract_revs(self) -> dict[int, int]:
        """Contract id -> the store revision its entries were built from."""

    def contract_acls(self) -> dict[int, frozenset[str]]:
        """Contract id -> the access tokens its entries carry."""

    def num_entries(self) -> int: ...

    def refresh(self) -> None:
        """See the latest commit (of this or another process)."""

    def close(self) -> None: ...


class Engine(Protocol):
    name: str

    @property
    def format(self) -> str:
        """The engine library's index format; a change means a rebuild."""

    def create(self, path: Path) -> Generation: ...

    def open(self, path: Path) -> Generation: ...

    def analyze(self, analyzer: str, text: str) -> list[str]: ...

    def spans(self, analyzer: str, text: str) -> list[tuple[str, int, int]]:
        """Tokens with their character offsets in ``text``."""


BACKENDS = ("tantivy", "whoosh")


def engine_for(name: str) -> Engine:
    if name == "tantivy":
        from contractdossier.search.tantivy_index import TantivyEngine

        return TantivyEngine()
    if name == "whoosh":
        from contractdossier.search.whoosh_index import WhooshEngine

        return WhooshEngine()
    raise ConfigError(f"unknown search backend {name!r} (choose one of {', '.join(BACKENDS)})")
