"""The search index: a cache of the store, kept in generations, written by one writer at a time.

Layout of ``<index_dir>/<backend>/``::

    CURRENT        {"generation": "g000002", "schema": "..."}   the generation readers use
    g000002/       an engine index (plus SCHEMA, describing it)
    g000003/       a rebuild in progress (named in BUILDING), or the previous generation
    BUILDING       {"generation": ..., "schema": ..., "done_upto": contract id}
    journal.ids    contracts changed while a rebuild runs (replayed into it before the swap)
    pending.ids    contracts whose indexing found the index busy (the next writer takes them)
    write.lock     held while committing to the live generation, and for the swap
    build.lock     held by a rebuild

A rebuild (``dossier reindex``, a new index schema, an index that cannot be opened) always
builds into a new generation while the live one keeps serving, commits per batch and records
its progress (so an interrupted rebuild resumes), replays what changed meanwhile, and then
swaps ``CURRENT`` atomically. The index is never deleted to recover: only generations older
than the one just replaced are removed after a successful swap.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractdossier.errors import (
    AccessDeniedError,
    DiskFullError,
    DossierError,
    IndexBusyError,
    QueryError,
    StoreError,
)
from contractdossier.search import analysis
from contractdossier.search import query as q
from contractdossier.search.documents import (
    AclFor,
    UnitKind,
    every_contract_public,
    load_units,
)
from contractdossier.search.engine import Engine, Generation, Ref, Stored
from contractdossier.search.ir import CONTRACT, IR, KIND, WORDS, AllQ, BoolQ, BoostQ, DisMaxQ, TermQ
from contractdossier.search.lock import FileLock
from contractdossier.search.plan import Highlight, Plan, Planner
from contractdossier.search.results import (
    AtLeast,
    ContractResult,
    Hit,
    HitKind,
    SearchFilters,
    SearchResults,
)
from contractdossier.search.snippets import make_snippet
from contractdossier.search.thesaurus import Thesaurus
from contractdossier.search.thesaurus import load as load_thesaurus

if TYPE_CHECKING:
    from contractdossier.store import Store

log = logging.getLogger(__name__)

# Bump when the fields or the way units are built change: an index of another version is
# rebuilt (into a new generation) the first time it is opened.
INDEX_VERSION = 3
BATCH = 1000  # contracts read from the store at a time during a rebuild
COMMIT_ENTRIES = 100_000  # a rebuild commits once this many entries wait (few, large segments)
MAX_LIMIT = 200
MAX_WINDOW = 5000
MAX_HIGHLIGHT_CHARS = 100_000
HIGHLIGHT_CHUNK = 4_000
ProgressCb = Callable[[int, int], None]  # (contracts done, contracts in all)
_GEN_RE = re.compile(r"^g(\d{6})$")


@dataclass(frozen=True, slots=True)
class _Pointer:
    generation: str
    schema: str


def check_filter_tokens(filter_tokens: frozenset[str] | None) -> frozenset[str]:
    """Fail closed: no tokens is an error, never "everything"."""
    if filter_tokens is None:
        raise AccessDeniedError("search needs the caller's access tokens (none were given)")
    tokens = frozenset(t for t in filter_tokens if isinstance(t, str) and t)
    if not tokens:
        raise AccessDeniedError("search needs the caller's access tokens (the set is empty)")
    return tokens


class SearchIndex:
    """Implements the pipeline's ``Indexer`` and answers searches. One per process and store."""

    def __init__(self, settings: Any, store: Store | Callable[[], Store], engine: Engine, *,
                 acl_for: AclFor | None = None, acl_state: Callable[[], str] | None = None,
                 lock_timeout: float = 10.0, thesaurus: Thesaurus | None = None) -> None:
        self._store = store  # or a function that opens it: called when first needed
        self.engine = engine
        self.root: Path = Path(settings.index_dir) / engine.name
        self.acl_for: AclFor = acl_for or every_contract_public
        self.acl_state = acl_state
        self.lock_timeout = lock_timeout
        self.schema = f"{INDEX_VERSION}.{analysis.fingerprint()}.{engine.format}"
        self.planner = Planner(engine.analyze, thesaurus or load_thesaurus())
        self._gen: Generation | None = None
        self._gen_name: str | None = None
        self._retired: list[Generation] = []
        self._stems: dict[tuple[str, str], str] = {}
        self._mutex = threading.RLock()

    @property
    def backend(self) -> str:
        return self.engine.name

    @property
    def store(self) -> Store:
        if callable(self._store):
            self._store = self._store()
        return self._store

    # == writing ==================================================================================

    def index_contracts(self, contract_ids: list[int]) -> None:
        """(Re)build every entry of these contracts from the store and commit."""
        self._apply(contract_ids, delete_only=False)

    def remove_contracts(self, contract_ids: Iterable[int]) -> None:
        self._apply(contract_ids, delete_only=True)

    def _apply(self, contract_ids: Iterable[int], *, delete_only: bool) -> None:
        ids = sorted({int(i) for i in contract_ids})
        if not ids:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / "write.lock", "indexing")
        try:
            lock.acquire(self.lock_timeout)
        except IndexBusyError as e:
            self._queue_pending(ids)
            raise IndexBusyError(
                f"{e} Contract(s) {', '.join(map(str, ids[:10]))} are queued and will be "
                "indexed by the next write (or `dossier reindex`).") from None
        needs_build = False
        try:
            pending = self._take_pending()
            if delete_only:
                self._queue_pending(pending)  # those need their full rebuild, not a delete
                pending = []
            ids = sorted(set(ids) | set(pending))
            building = self._read_building()
            pointer = self._read_current()
            if pointer is not None and pointer.schema == self.schema:
                gen = self._open_live(pointer)
                if gen is not None:
                    try:
                        self._write(gen, ids, delete_only=delete_only)
                    except BaseException:
                        self._queue_pending(pending)  # not lost: the next writer retries them
                        raise
                else:
                    needs_build = building is None
            else:
                needs_build = building is None
            if building is not None:
                _append_ids(self.root / "journal.ids", ids)
        finally:
            lock.release()
        if needs_build:
            self._build(None, wait=True, reason="there is no usable index yet")

    def _write(self, gen: Generation, ids: Sequence[int], *, delete_only: bool) -> int:
        units = {} if delete_only else load_units(self.store, ids, self.acl_for)
        writer = gen.writer()
        try:
            writer.delete_contracts(ids)
            added = writer.add(u for cid in sorted(units) for u in units[cid])
            writer.commit()
        except DossierError:
            writer.rollback()
            raise
        except OSError as e:
            writer.rollback()
            raise _write_error(e) from e
        except Exception as e:  # the engine's own errors
            writer.rollback()
            raise StoreError(f"writing the search index failed: {e}") from e
        finally:
            writer.close()
        return added

    def reindex(self, progress_cb: ProgressCb | None = None) -> int:
        """Rebuild the index from the store into a new generation and swap it in.

        Resumes an interrupted rebuild. Returns the number of contracts indexed. Raises
        IndexBusyError at once when another rebuild is running.
        """
        return self._build(progress_cb, wait=False, reason=None)

    def _build(self, progress_cb: ProgressCb | None, *, wait: bool, reason: str | None) -> int:
        self.root.mkdir(parents=True, exist_ok=True)
        build_lock = FileLock(self.root / "build.lock", "rebuilding")
        build_lock.acquire(self.lock_timeout if wait else 0.0)
        try:
            if wait:  # another process may have rebuilt it while we waited
                pointer = self._read_current()
                if pointer is not None and pointer.schema == self.schema and \
                        self._open_live(pointer) is not None:
                    return 0
                log.warning("rebuilding the %s search index from the store: %s",
                            self.engine.name, reason)
            if wait and self._adopt_shared():
                return 0
            name, gen, done_upto = self._start_or_resume()
            try:
                count = self._fill(gen, name, done_upto, progress_cb)
                self._swap(gen, name)
            except BaseException:
                gen.close()
                raise
        finally:
            build_lock.release()
        return count

    def _adopt_shared(self) -> bool:
        """A shared index (PostgreSQL's table, which every data home on the database reads and
        writes) already completely built for this schema by another data home is used as it
        is: only this home's bookkeeping is written, no entry is rewritten. Its access tokens
        are checked by the first :meth:`sync_acl` (no ``ACL_STATE`` yet: every contract's
        tokens are compared). ``dossier reindex`` still rewrites it."""
        built_for = getattr(self.engine, "built_for", None)
        if built_for is None or built_for() != self.schema:
            return False
        name = self._new_generation_name()
        gen = self.engine.create(self.root / name)
        self._write_schema(name, complete=True, adopted=True)
        with FileLock(self.root / "write.lock", "adopting the shared index").acquire(
                self.lock_timeout):
            previous = self._read_current()
            _write_json(self.root / "CURRENT", {"generation": name, "schema": self.schema})
        self._go_live(gen, name, previous)
        log.info("using the %s search index already built in the shared database",
                 self.engine.name)
        return True

    def _start_or_resume(self) -> tuple[str, Generation, int]:
        state = self._read_building()
        if state is not None and state.get("schema") == self.schema and \
                (self.root / str(state.get("generation"))).is_dir():
            name = str(state["generation"])
            try:
                gen = self.engine.open(self.root / name)
                done = int(state.get("done_upto", 0))
                log.info("resuming the rebuild of %s after contract %d", name, done)
                return name, gen, done
            except Exception as e:  # a broken partial build: start over in a new folder
                log.warning("cannot resume the rebuild in %s (%s); starting a new one", name, e)
        name = self._new_generation_name()
        path = self.root / name
        gen = self.engine.create(path)
        self._write_schema(name, complete=False)
        with FileLock(self.root / "write.lock", "starting a rebuild").acquire(self.lock_timeout):
            # From here on every write is also journaled for the new generation.
            _write_json(self.root / "BUILDING", {"generation": name, "schema": self.schema,
                                                 "done_upto": 0, "started": _now()})
            (self.root / "journal.ids").unlink(missing_ok=True)
        return name, gen, 0

    def _fill(self, gen: Generation, name: str, done_upto: int,
              progress_cb: ProgressCb | None) -> int:
        """Add every contract after ``done_upto`` to the new generation.

        Contracts are read from the store ``BATCH`` at a time. A writer whose rebuild is
        ``private`` (a generation of its own that nobody else reads or writes until the swap:
        tantivy, Whoosh) commits once at least ``COMMIT_ENTRIES`` entries are waiting: each
        commit closes a segment per indexing thread, and fewer, larger segments cost less to
        write and to merge. Others (PostgreSQL's shared table, whose locks would hold up the
        pipeline's writes) commit every batch. ``BUILDING`` records the last committed
        contract, so an interrupted rebuild resumes after it.
        """
        if self.acl_state is not None and done_upto == 0:  # what the tokens are built from
            _write_text(self.root / name / "ACL_STATE.build", self.acl_state())
        all_ids = self.store.contract_ids()
        total = len(all_ids)
        done = sum(1 for i in all_ids if i <= done_upto)
        count = 0
        writer = gen.writer(bulk=True)
        commit_entries = COMMIT_ENTRIES if getattr(writer, "private", False) else 0
        try:
            with _gc_paused():
                waiting = 0  # entries added since the last commit
                added_upto = done_upto
                while True:
                    todo = [i for i in self.store.contract_ids() if i > added_upto]
                    if not todo:
                        break
                    total = max(total, done + len(todo))
                    for start in range(0, len(todo), BATCH):
                        batch = todo[start : start + BATCH]
                        units = load_units(self.store, batch, self.acl_for)
                        count += len(units)
                        try:
                            writer.delete_contracts(batch)  # a resumed batch may be there
                            waiting += writer.add(u for cid in sorted(units) for u in units[cid])
                            commit = waiting >= commit_entries or start + BATCH >= len(todo)
                            if commit:
                                writer.commit()
                        except OSError as e:
                            writer.rollback()
                            raise _write_error(e) from e
                        del units
                        added_upto = batch[-1]
                        done += len(batch)
                        if commit:
                            waiting = 0
                            _write_json(self.root / "BUILDING", {
                                "generation": name, "schema": self.schema,
                                "done_upto": added_upto, "started": _now()})
                        if progress_cb is not None:
                            progress_cb(done, total)
        finally:
            writer.close()
        return count

    def _swap(self, gen: Generation, name: str) -> None:
        with FileLock(self.root / "write.lock", "swapping in a rebuilt index").acquire(
                max(self.lock_timeout, 60.0)):
            changed = _read_ids(self.root / "journal.ids") + self._take_pending()
            if changed:
                self._write(gen, sorted(set(changed)), delete_only=False)
            self._write_schema(name, complete=True)
            built_from = self.root / name / "ACL_STATE.build"
            if built_from.exists():
                built_from.replace(self.root / name / "ACL_STATE")
            previous = self._read_current()
            _write_json(self.root / "CURRENT", {"generation": name, "schema": self.schema})
            (self.root / "BUILDING").unlink(missing_ok=True)
            (self.root / "journal.ids").unlink(missing_ok=True)
        mark_built = getattr(self.engine, "mark_built", None)
        if mark_built is not None:
            mark_built(self.schema)
        self._go_live(gen, name, previous)

    def _write_schema(self, name: str, *, complete: bool, **extra: Any) -> None:
        _write_json(self.root / name / "SCHEMA", {
            "schema": self.schema, "backend": self.engine.name, "created": _now(),
            "complete": complete, **extra})

    def _go_live(self, gen: Generation, name: str, previous: _Pointer | None) -> None:
        """Searches of this object read ``gen`` (just named in ``CURRENT``) from now on;
        generations older than ``previous`` are removed."""
        with self._mutex:
            # The replaced generation is closed with this object, not now: a search in another
            # thread may still be reading it.
            if self._gen is not None:
                self._retired.append(self._gen)
            gen.refresh()
            self._gen, self._gen_name = gen, name
        self._remove_old_generations(keep={name, previous.generation if previous else ""})

    def _remove_old_generations(self, keep: set[str]) -> None:
        building = self._read_building()
        if building is not None:
            keep.add(str(building.get("generation")))
        for path in sorted(self.root.iterdir()):
            if path.is_dir() and _GEN_RE.match(path.name) and path.name not in keep:
                log.info("removing the replaced search index generation %s", path)
                shutil.rmtree(path, ignore_errors=True)

    def _new_generation_name(self) -> str:
        numbers = [int(m.group(1)) for p in self.root.iterdir()
                   if (m := _GEN_RE.match(p.name)) is not None]
        return f"g{max(numbers, default=0) + 1:06d}"

    def sync_acl(self) -> int:
        """Bring the ``acl`` fields up to date after grants changed (in any process).

        ``acl_state()`` changes whenever any contract's tokens may have; when it differs from
        the state this generation was last synchronised with, every contract whose tokens
        differ is re-indexed. Returns how many were. A search calls this first, so a revoked
        grant never shows a contract the index still lists under the old tokens.
        """
        if self.acl_state is None:
            return 0
        state = self.acl_state()
        with self._mutex:
            gen = self.live()
            name = self._gen_name
        return self._sync_acl(gen, str(name), state)

    def _sync_acl(self, gen: Generation, name: str, state: str) -> int:
        marker = self.root / name / "ACL_STATE"
        try:
            if marker.read_text("utf-8") == state:
                return 0
        except FileNotFoundError:
            pass
        with FileLock(self.root / "write.lock", "updating access tokens").acquire(
                self.lock_timeout):
            have = gen.contract_acls()
            wanted = self.acl_for(sorted(have)) if have else {}
            # Contracts gone from the store get no tokens: re-indexing them removes them.
            changed = [i for i in sorted(have) if frozenset(wanted.get(i, ())) != have[i]]
            if changed:
                log.info("access changed: re-indexing %d contract(s)", len(changed))
                self._write(gen, changed, delete_only=False)
                if self._read_building() is not None:
                    _append_ids(self.root / "journal.ids", changed)
            _write_text(marker, state)
        return len(changed)

    # -- pending and journal -------------------------------------------------------------------

    def _queue_pending(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        with FileLock(self.root / "pending.lock", "queueing").acquire(5.0):
            _append_ids(self.root / "pending.ids", ids)

    def _take_pending(self) -> list[int]:
        path = self.root / "pending.ids"
        if not path.exists():
            return []
        with FileLock(self.root / "pending.lock", "queueing").acquire(5.0):
            ids = _read_ids(path)
            path.unlink(missing_ok=True)
        return ids

    # == reading ==================================================================================

    def _read_current(self) -> _Pointer | None:
        data = _read_json(self.root / "CURRENT")
        if not data or "generation" not in data:
            return None
        return _Pointer(str(data["generation"]), str(data.get("schema", "")))

    def _read_building(self) -> dict[str, Any] | None:
        return _read_json(self.root / "BUILDING")

    def _open_live(self, pointer: _Pointer) -> Generation | None:
        """The live generation, opened (once per process) and refreshed; None if unusable."""
        with self._mutex:
            if self._gen is not None and self._gen_name == pointer.generation:
                self._gen.refresh()
                return self._gen
            path = self.root / pointer.generation
            if not path.is_dir():
                return None
            try:
                gen = self.engine.open(path)
            except Exception as e:
                log.error("cannot open the search index %s: %s", path, e)
                return None
            if self._gen is not None:
                self._retired.append(self._gen)
            self._gen, self._gen_name = gen, pointer.generation
            return gen

    def live(self) -> Generation:
        """The generation searches read, (re)built first when there is none usable."""
        for _attempt in range(2):
            pointer = self._read_current()
            if pointer is None:
                reason = "there is no index yet"
            elif pointer.schema != self.schema:
                reason = f"its format changed ({pointer.schema} -> {self.schema})"
            else:
                gen = self._open_live(pointer)
                if gen is not None:
                    return gen
                reason = f"the index {pointer.generation} cannot be opened"
            self._build(None, wait=True, reason=reason)
        raise StoreError(f"the search index in {self.root} cannot be opened; run `dossier reindex`")

    def search(self, text: str, *, filter_tokens: frozenset[str], filters: SearchFilters | None
               = None, limit: int = 10, hits_per_contract: int = 3) -> SearchResults:
        """Search what the holder of ``filter_tokens`` may see; results grouped per contract.

        ``filter_tokens`` are the caller's access tokens; an entry is visible when its ``acl``
        field holds one of them. The filter is part of the index query, so counts, snippets and
        suggestions come from visible entries only. None or an empty set raises
        AccessDeniedError.
        """
        started = time.perf_counter()
        access = check_filter_tokens(filter_tokens)
        filters = filters or SearchFilters()
        if limit < 1:
            raise QueryError("--limit must be at least 1")
        limit = min(limit, MAX_LIMIT)
        node = q.parse(text) if text.strip() else None
        if node is None and filters.empty:
            raise QueryError("empty query: give words to search for, or a filter", 0)
        plan = self.planner.plan(node, filters, access)
        state = self.acl_state() if self.acl_state is not None else None
        with self._mutex:
            gen = self.live()
            name = str(self._gen_name)
        if state is not None and self._sync_acl(gen, name, state):
            gen.refresh()
        return self._search(gen, text, plan, limit, hits_per_contract, started)

    def _search(self, gen: Generation, text: str, plan: Plan, limit: int, per_contract: int,
                started: float) -> SearchResults:
        window = max(100, limit * 10)
        while True:
            refs, total = gen.search(plan.query, plan.filter, window)
            # Equal scores in document order, whatever order the engine stored entries in.
            refs.sort(key=lambda r: (-r.score, r.contract_id, r.ordinal))
            groups: dict[int, list[Ref]] = {}
            for ref in refs:
                groups.setdefault(ref.contract_id, []).append(ref)
            if len(groups) >= limit or total <= len(refs) or window >= MAX_WINDOW:
                break
            window = min(MAX_WINDOW, window * 4)
        scores = {cid: group[0].score for cid, group in groups.items()}
        if total <= len(refs):
            total_contracts = len(groups)
        else:
            counted = gen.count_contracts(plan.query, plan.filter)
            total_contracts = max(len(groups), counted)
            if isinstance(counted, AtLeast):  # a lower bound stays one
                total_contracts = AtLeast(total_contracts)
        if plan.relaxed is not None and _conjunctive(plan.query):
            total_contracts = self._contract_level(gen, plan, window, scores, total_contracts)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

        chosen: list[tuple[int, float, list[Ref]]] = []
        for cid, score in ranked:
            group = groups.get(cid, [])
            hits = [r for r in group if r.kind is not UnitKind.contract][:per_contract]
            if not hits and plan.relaxed is not None:
                only_here = BoolQ(must=(plan.filter, TermQ(CONTRACT, cid)),
                                  must_not=(TermQ(KIND, int(UnitKind.contract)),))
                hits, _ = gen.search(plan.relaxed, only_here, per_contract)
                hits.sort(key=lambda r: (-r.score, r.ordinal))
            if not hits and not group:  # matched as a whole, by no entry of its own
                group, _ = gen.search(AllQ(), BoolQ(must=(
                    plan.filter, TermQ(CONTRACT, cid), TermQ(KIND, int(UnitKind.contract)))), 1)
            if hits or group:
                chosen.append((cid, score, hits or group[:1]))
        flat = [r for _, _, rs in chosen for r in rs]
        stored = dict(zip((id(r) for r in flat), gen.fetch(flat), strict=True))
        contracts = []
        verdicts: dict[str, dict[str, bool]] = {}
        for cid, score, rs in chosen:
            entries = [stored[id(r)] for r in rs]
            first = entries[0]
            contracts.append(ContractResult(
                contract_id=cid, title=first.title, dossier=first.dossier,
                language=first.language, score=score,
                hits=tuple(self._hit(r, s, plan.highlight, verdicts)
                           for r, s in zip(rs, entries, strict=True)),
            ))
        suggestion = self._suggest(gen, text, plan) if total_contracts == 0 else None
        return SearchResults(query=text, backend=self.engine.name,
                             total_contracts=total_contracts, contracts=tuple(contracts),
                             suggestion=suggestion, seconds=time.perf_counter() - started)

    def _contract_level(self, gen: Generation, plan: Plan, window: int,
                        scores: dict[int, float], total_contracts: int) -> int:
        """Contracts that match the query as a whole though no single entry does.

        Clause text is indexed once, in its clause's entry; "negligence AND reports" with
        the words in different clauses is answered here: each part of a conjunction is looked
        up per contract (:func:`_contract_set`). Such contracts rank by their best entry for
        any of the query's words (``plan.relaxed``). Returns the number of matching contracts.
        """
        level = _contract_set(gen, plan.query, plan.filter)
        if not level:
            return total_contracts
        entry_level = _contract_ids(gen, plan.query, plan.filter)
        only = level - entry_level
        if not only:
            return total_contracts
        assert plan.relaxed is not None
        refs, _ = gen.search(plan.relaxed, plan.filter, window)
        for ref in refs:
            if ref.contract_id in only and ref.contract_id not in scores:
                scores[ref.contract_id] = ref.score
        for cid in only:
            scores.setdefault(cid, 0.0)
        return len(level | entry_level)

    def _hit(self, ref: Ref, entry: Stored, highlight: Highlight,
             verdicts: dict[str, dict[str, bool]]) -> Hit:
        spans = self._match_spans(entry.text, entry.language, highlight,
                                  verdicts.setdefault(entry.language, {}))
        snippet, offset = make_snippet(entry.text, spans)
        page: int | None = None
        if entry.page_start:
            page = min(entry.page_start + entry.text.count("\f", 0, offset),
                       max(entry.page_end, entry.page_start))
        kind = {UnitKind.clause: HitKind.clause, UnitKind.page: HitKind.page}.get(
            entry.kind, HitKind.contract)
        return Hit(
            contract_id=entry.contract_id, document_id=entry.document_id or None, kind=kind,
            clause_ref=entry.ref or None, heading=entry.heading, page=page,
            page_start=entry.page_start or None, page_end=entry.page_end or None,
            types=entry.types, snippet=snippet, score=ref.score,
        )

    def _match_spans(self, text: str, language: str, highlight: Highlight,
                     verdicts: dict[str, bool]) -> list[tuple[int, int]]:
        """Where the query matched, in the first stretch of the text that has a match.

        The text is read in chunks (cut at white space) until one holds a match, so a long
        clause costs little when it matches early. Per chunk, one pass of the folding analyzer;
        each distinct folded word is judged once per search (``verdicts``, per language),
        stemming it for the language fields; offsets come from the same tokenization in Python.
        """
        start, limit = 0, min(len(text), MAX_HIGHLIGHT_CHARS)
        while start < limit:
            end = limit if limit - start <= HIGHLIGHT_CHUNK else \
                text.rfind(" ", start + HIGHLIGHT_CHUNK // 2, start + HIGHLIGHT_CHUNK)
            if end <= start:
                end = min(limit, start + HIGHLIGHT_CHUNK)
            spans = self._chunk_spans(text[start:end], language, highlight, verdicts)
            if spans:
                return [(a + start, b + start) for a, b in spans]
            start = end
        return []

    def _chunk_spans(self, text: str, language: str, highlight: Highlight,
                     verdicts: dict[str, bool]) -> list[tuple[int, int]]:
        words = self.engine.analyze("fold", text)
        distinct = set(words)
        new = distinct.difference(verdicts)
        if new:
            self._judge(new, language, highlight, verdicts)
        matched = frozenset(w for w in distinct if verdicts[w])
        if not matched:
            return []
        folded = analysis.fold_in_place(text)
        if folded is not None:  # the fast way: find the matched words in the folded text
            return [m.span() for m in analysis.words_pattern(matched).finditer(folded)]
        wanted = [i for i, word in enumerate(words) if word in matched]
        offsets = [(s, e) for _, s, e in analysis.token_spans(text)]
        if len(offsets) != len(words):  # a token the two tokenizers split differently
            return [(s, e) for tok, s, e in self.engine.spans("fold", text)
                    if verdicts.get(tok) or self._matches(tok, language, highlight)]
        return [offsets[i] for i in wanted]

    def _judge(self, words: set[str], language: str, highlight: Highlight,
               verdicts: dict[str, bool]) -> None:
        folded = highlight.tokens.get("fold", frozenset())
        prefixes = tuple(highlight.prefixes)
        languages = [language] if language in analysis.LANGUAGES else analysis.LANGUAGES
        wanted = [(lang, highlight.tokens[lang]) for lang in languages
                  if highlight.tokens.get(lang)]
        stems = self._stems
        for word in words:
            hit = word in folded or (bool(prefixes) and word.startswith(prefixes))
            if not hit:
                for lang, stems_wanted in wanted:
                    stem = stems.get((lang, word))
                    if stem is None:
                        stem = self._stem(lang, word)
                    if stem in stems_wanted:
                        hit = True
                        break
            verdicts[word] = hit

    def _matches(self, word: str, language: str, highlight: Highlight) -> bool:
        if word in highlight.tokens.get("fold", ()):
            return True
        if highlight.prefixes and word.startswith(tuple(highlight.prefixes)):
            return True
        languages = [language] if language in analysis.LANGUAGES else analysis.LANGUAGES
        return any(self._stem(lang, word) in highlight.tokens.get(lang, ())
                   for lang in languages)

    def _stem(self, lang: str, token: str) -> str:
        key = (lang, token)
        stem = self._stems.get(key)
        if stem is None:
            analysed = self.engine.analyze(lang, token)
            stem = analysed[0] if analysed else ""
            if len(self._stems) > 200_000:
                self._stems.clear()
            self._stems[key] = stem
        return stem

    def _suggest(self, gen: Generation, text: str, plan: Plan) -> str | None:
        """"Did you mean": each unknown word replaced by a close word that the caller can see."""
        replacements: list[tuple[int, str, str]] = []
        for word in plan.words:
            folded = self.planner.analyze("fold", word.text)
            if not folded or len(folded[0]) < 4:
                continue
            term = folded[0]
            if gen.count(TermQ(WORDS, term), plan.filter) > 0:
                continue
            limit = 1 if len(term) <= 5 else 2
            candidates = []
            for cand, n in gen.terms_with_prefix(WORDS, term[:2], plan.filter, 20_000):
                if cand != term and n > 0:
                    d = analysis.edit_distance(term, cand, limit)
                    if d <= limit:
                        candidates.append((d, -n, cand))
            for _d, _n, cand in sorted(candidates)[:8]:
                if gen.count(TermQ(WORDS, cand), plan.filter) > 0:  # visible: verified
                    replacements.append((word.pos, word.text, cand))
                    break
        if not replacements:
            return None
        out = text
        for pos, old, new in sorted(replacements, reverse=True):
            if out[pos : pos + len(old)] == old:
                out = out[:pos] + new + out[pos + len(old):]
        return out

    def num_entries(self) -> int:
        with self._mutex:
            return self.live().num_entries()

    def contract_revs(self) -> dict[int, int]:
        with self._mutex:
            return self.live().contract_revs()

    @property
    def location(self) -> Path:
        pointer = self._read_current()
        return self.root / pointer.generation if pointer else self.root

    def close(self) -> None:
        with self._mutex:
            for gen in [*self._retired, *([self._gen] if self._gen is not None else [])]:
                gen.close()
            self._retired.clear()
            self._gen, self._gen_name = None, None


# -- contract-level matching -------------------------------------------------------------------

def _conjunctive(node: IR) -> bool:
    """Whether the query requires two things at once somewhere (then they may be met by
    different entries of one contract)."""
    if isinstance(node, BoolQ):
        if sum(1 for c in node.must if not isinstance(c, AllQ)) >= 2:
            return True
        return any(_conjunctive(c) for c in (*node.must, *_deciding(node), *node.must_not))
    if isinstance(node, DisMaxQ):
        return any(_conjunctive(c) for c in node.children)
    if isinstance(node, BoostQ):
        return _conjunctive(node.child)
    return False


def _deciding(node: BoolQ) -> list[IR]:
    """The ``should`` clauses that decide what matches: without ``must`` clauses, all but a
    bonus for having several of the others at once (the planner's coordination bonus), whose
    matches the others already cover; with ``must`` clauses, none (they only rank)."""
    if node.must:
        return []
    siblings = set(node.should)
    return [c for c in node.should
            if not (isinstance(c, BoolQ) and c.must and not c.must_not
                    and all(m in siblings for m in c.must))]


def _exclusive(node: IR) -> bool:
    if isinstance(node, BoolQ):
        return bool(node.must_not) or any(_exclusive(c) for c in (*node.must, *node.should))
    if isinstance(node, DisMaxQ):
        return any(_exclusive(c) for c in node.children)
    if isinstance(node, BoostQ):
        return _exclusive(node.child)
    return False


def _contract_set(gen: Generation, node: IR, filter: IR) -> set[int] | None:
    """The visible contracts that match ``node`` when each of its parts may be met by any
    entry of the contract (a part excluded by NOT by none). None: not decidable this way
    (a pure negation: "everything but")."""
    if not _conjunctive(node) and not _exclusive(node):
        return _contract_ids(gen, node, filter)  # a disjunction: per entry = per contract
    if isinstance(node, BoostQ):
        return _contract_set(gen, node.child, filter)
    if isinstance(node, DisMaxQ):
        out: set[int] = set()
        for child in node.children:
            found = _contract_set(gen, child, filter)
            if found is None:
                return None
            out |= found
        return out
    if isinstance(node, BoolQ):
        must: list[IR] = [c for c in node.must if not isinstance(c, AllQ)]
        if node.must and not must:
            return None
        parts: list[IR] = must or _deciding(node)
        sets: list[set[int]] = []
        for child in parts:
            found = _contract_set(gen, child, filter)
            if found is None:
                return None
            sets.append(found)
        if not sets:
            return None
        result = set.intersection(*sets) if must else set().union(*sets)
        for child in node.must_not:
            if not result:
                break
            excluded = _contract_set(gen, child, filter)
            if excluded is None:
                return None
            result -= excluded
        return result
    return _contract_ids(gen, node, filter)


def _contract_ids(gen: Generation, query: IR, filter: IR) -> set[int]:
    method = getattr(gen, "contract_ids", None)  # a backend may not offer it: ask search
    if method is not None:
        return set(method(query, filter))
    refs, total = gen.search(query, filter, MAX_WINDOW)
    if total > len(refs):
        refs, _ = gen.search(query, filter, total)
    return {r.contract_id for r in refs}


# -- small file helpers ------------------------------------------------------------------------

@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while (a rebuild: its rows and entries hold no
    cycles, yet every few thousand of them made the collector walk all live objects again,
    some 8% of the rebuild's own time). Freed by reference counting all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as e:
        log.warning("cannot read %s: %s", path, e)
        return None
    return data if isinstance(data, dict) else None


def _append_ids(path: Path, ids: Iterable[int]) -> None:
    line = " ".join(str(int(i)) for i in ids)
    if line:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _read_ids(path: Path) -> list[int]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return []
    return [int(t) for t in text.split() if t.isdecimal()]


def _write_error(e: OSError) -> StoreError:
    if e.errno == 28:  # ENOSPC
        return DiskFullError(f"writing the search index: the disk is full ({e})")
    return StoreError(f"writing the search index failed: {e}")
