"""Full-text search over the dossier: Dutch and English, clause-level hits, access-filtered.

Public interface::

    index = open_indexer(settings, store, acl_for=...)   # one per process
    index.index_contracts([12, 13])       # after a store commit (the pipeline's Indexer)
    index.remove_contracts([12])
    index.reindex(progress_cb)            # rebuild from the store (resumable) -> contracts
    results = index.search("opzegtermijn", filter_tokens=frozenset({"u:alice", "g:legal"}),
                           filters=SearchFilters(ends_before=date(2026, 1, 1)), limit=10)
    index.close()

The engine (``settings.search_backend``: tantivy by default, or whoosh) sits behind
:class:`engine.Engine`; our parser (:mod:`query`) and planner (:mod:`plan`) decide what a
query means, so both engines behave the same. Every entry carries an ``acl`` keyword field with
the access tokens ``acl_for`` gives its contract; a search applies ``acl IN filter_tokens``
inside the index query. Snippets mark matches «like this».
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from contractdossier.search.documents import AclFor, every_contract_public
from contractdossier.search.index import SearchIndex, check_filter_tokens
from contractdossier.search.results import (
    ELLIPSIS,
    HIGHLIGHT_CLOSE,
    HIGHLIGHT_OPEN,
    ContractResult,
    Hit,
    HitKind,
    SearchFilters,
    SearchResults,
)
from contractdossier.settings import Settings

if TYPE_CHECKING:
    from contractdossier.store import Store

__all__ = [
    "ELLIPSIS", "HIGHLIGHT_CLOSE", "HIGHLIGHT_OPEN", "AclFor", "ContractResult", "Hit",
    "HitKind", "SearchFilters", "SearchIndex", "SearchResults", "check_filter_tokens",
    "every_contract_public", "open_indexer",
]


def open_indexer(settings: Settings, store: Store | Callable[[], Store], *,
                 acl_for: AclFor | None = None,
                 acl_state: Callable[[], str] | None = None, lock_timeout: float = 10.0,
                 backend: str | None = None) -> SearchIndex:
    """The search index of this data home, for the configured backend.

    ``acl_for(contract_ids) -> {contract id: access tokens}`` is asked whenever entries are
    built; by default every contract gets ``{"*"}``. ``acl_state()``, when given, is a value
    that changes whenever any contract's tokens may have changed: a search first re-indexes
    the contracts whose tokens differ from the index's. ``lock_timeout`` is how long a writer
    waits for another before IndexBusyError. ``store`` may be a function that opens the
    store: it is called when the index needs the store (to write, or to find out that the
    store is PostgreSQL's: a ``sqlite:`` URL in the settings says it is not).
    """
    from contractdossier.search.engine import Engine, engine_for

    name = backend or settings.search_backend
    if callable(store) and not settings.url.startswith("sqlite:"):
        store = store()
    on_postgres = not callable(store) and store.engine.dialect.name == "postgresql"
    if on_postgres and backend is None and settings.sources.get("search_backend", "default") \
            == "default":
        name = "postgres"  # a PostgreSQL store searches in its own database unless told otherwise
    engine: Engine
    if name == "postgres":
        from contractdossier.search.postgres_index import PostgresEngine

        if not on_postgres:
            from contractdossier.errors import ConfigError

            raise ConfigError("search_backend = postgres needs a PostgreSQL store (database_url)")
        assert not callable(store)  # opened above: the URL is not SQLite's
        engine = PostgresEngine(store.engine)
    else:
        engine = engine_for(name)
    return SearchIndex(settings, store, engine, acl_for=acl_for, acl_state=acl_state,
                       lock_timeout=lock_timeout)
