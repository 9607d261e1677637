"""Benchmark the PostgreSQL deployment: shared-queue ingest and search beside the embedded one.

    .venv/bin/python bench/scale.py [--copies 2] [--contracts 10000] [--rounds 5]
                                    [--replicate 1] [--database-url postgresql://...]
                                    [--skip-ingest]
                                    [--skip-search] [--work DIR] [--json]

Ingest: ../shared/corpus/cuad-dev's PDFs copied ``--copies`` times with distinct bytes (a PDF
comment appended after ``%%EOF``) are ingested by ``dossier worker`` processes with one
extraction process each: first one worker on one data home, then two workers on two data homes
(standing in for two machines, with one shared archive folder) on one fresh database. Reports
files/s and pages/s for each, the speed-up, and checks that every file was stored exactly once.

Search: a store of ``--contracts`` contracts synthesised as bench/search.py does (its corpus and
query mix) is built in SQLite and copied to PostgreSQL with ``dossier migrate``'s transfer; the
embedded tantivy index and the postgres backend are built from the two; then the mix runs as
"alice" (a lezer grant on 50 contracts: an access filter) and as the beheerder, p50/p95 per
backend, and the overlap of the beheerder's top-10 contracts and top-10 hits between tantivy
and postgres per query.

``--replicate K`` measures search at K times ``--contracts`` without indexing that many into
PostgreSQL (which takes about a minute per 1,000 contracts on two cores): tantivy indexes a
store of all of them, while the postgres index is built for ``--contracts`` and its entries are
then copied K-1 times by SQL with shifted contract ids (:func:`replicate_entries`: bulk-loaded
synthetic rows, the same texts again). No top-10 overlap is computed then.

Without ``--database-url`` a throwaway server is started with tests/pg.py (Debian's
PostgreSQL binaries). Needs the shared corpus; exits with a message when it is absent.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ingest as ingest_bench  # noqa: E402
import search as search_bench  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from contractdossier.access_store import AccessControl  # noqa: E402
from contractdossier.search import SearchFilters, open_indexer  # noqa: E402
from contractdossier.settings import Settings  # noqa: E402
from contractdossier.store import Store, schema  # noqa: E402
from contractdossier.store.transfer import transfer  # noqa: E402

CUAD = ROOT.parent / "shared" / "corpus" / "cuad-dev"


def say(line: str = "") -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


# -- ingest ------------------------------------------------------------------------------------


def make_inbox(target: Path, copies: int) -> list[Path]:
    """``copies`` distinct copies of every CUAD PDF (bench/ingest.py's), as a list of files."""
    ingest_bench.repeated(CUAD / "pdf", copies, target)
    return sorted(p for p in target.rglob("*") if p.is_file())


def worker(home: Path, url: str, inbox: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "DOSSIER_HOME": str(home), "DOSSIER_DATABASE_URL": url,
           "DOSSIER_WORKERS": "1", "PYTHONPATH": str(ROOT)}
    env.pop("DOSSIER_CONFIG", None)
    command = [sys.executable, "-m", "contractdossier", "worker", "--json", str(inbox)]
    return subprocess.Popen(command,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ingest_run(work: Path, url: str, inbox: Path, n_workers: int, files: int) -> dict[str, Any]:
    shared = work / f"archive-{n_workers}"
    shared.mkdir()
    homes = []
    for i in range(n_workers):
        home = work / f"home-{n_workers}w-{i}"
        home.mkdir(mode=0o700)
        (home / "archive").symlink_to(shared)
        homes.append(home)
    Store.open(url).close()  # the schema first, so both workers start alike
    t0 = time.perf_counter()
    procs = [worker(h, url, inbox) for h in homes]
    outs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - t0
    for p, (_out, err) in zip(procs, outs, strict=True):
        if p.returncode not in (0, 12):
            raise RuntimeError(f"worker failed ({p.returncode}): {err[-2000:]}")
    per_worker = [json.loads(out) for out, _ in outs]
    engine = create_engine(url)
    with engine.connect() as conn:
        jobs = conn.execute(select(schema.jobs.c.path, schema.jobs.c.state)).all()
        docs = int(conn.execute(select(func.count()).select_from(schema.documents)).scalar_one())
        pages = int(conn.execute(select(func.sum(schema.documents.c.page_count))).scalar_one())
    engine.dispose()
    paths = [j.path for j in jobs]
    once = len(paths) == len(set(paths)) == files and docs == files
    return {
        "workers": n_workers, "files": files, "seconds": seconds, "pages": pages,
        "files_per_s": files / seconds, "pages_per_s": pages / seconds,
        "each_file_once": once, "states": sorted({j.state for j in jobs}),
        "ingested_by_worker": [w["ingested"] for w in per_worker],
    }


# -- search ------------------------------------------------------------------------------------


def search_run(work: Path, url: str, n: int, rounds: int, replicate: int = 1
               ) -> dict[str, Any]:
    sources, note = search_bench.load_sources(work / "sources")
    home = work / "search-home"
    t0 = time.perf_counter()
    settings, store, clauses, _chars = search_bench.build_store(home, sources, n)
    took = time.perf_counter() - t0
    say(f"search: store of {n:,} contracts, {clauses:,} clauses in {took:.0f} s")
    t0 = time.perf_counter()
    transfer(store, url, settings.archive_dir)  # no originals here: their check is moot
    say(f"search: copied to PostgreSQL in {time.perf_counter() - t0:.0f} s")
    pg_store = Store.open(url)
    embedded = store
    if replicate > 1:  # tantivy indexes a store of them all; postgres gets copied entries
        _s, embedded, _c, _ch = search_bench.build_store(work / "search-home-all", sources,
                                                         n * replicate)
    out: dict[str, Any] = {"contracts": n * replicate, "clauses": clauses * replicate,
                           "corpus": note, "backends": {}}
    indexes = {}
    for backend, st in (("tantivy", embedded), ("postgres", pg_store)):
        s = Settings(home=home / backend, search_backend=backend,
                     database_url=url if backend == "postgres" else "")
        ac = AccessControl(st, s)
        index = open_indexer(s, st, acl_for=ac.acl_for, acl_state=ac.acl_state)
        t0 = time.perf_counter()
        index.reindex()
        if backend == "postgres" and replicate > 1:
            entries = replicate_entries(url, n, replicate)
            say(f"search: {entries:,} postgres entries after copying")
            index.close()
            index = open_indexer(s, st, acl_for=ac.acl_for, acl_state=ac.acl_state)
        build = time.perf_counter() - t0
        rate = out["clauses"] / build
        say(f"search: {backend} index built in {build:.0f} s ({rate:,.0f} clauses/s)")
        alice = ac.filter_tokens(ac.principal("alice"))
        admin = ac.filter_tokens(ac.principal(getpass.getuser()))
        a_ms, a_kind, a_found = search_bench.time_queries(index, alice, rounds)
        b_ms, _b, b_found = search_bench.time_queries(index, admin, max(1, rounds // 2))
        out["backends"][backend] = {
            "build_s": build, "clauses_per_s": rate, "load": os.getloadavg(),
            "alice_p50": search_bench.pct(a_ms, 0.5), "alice_p95": search_bench.pct(a_ms, 0.95),
            "admin_p50": search_bench.pct(b_ms, 0.5), "admin_p95": search_bench.pct(b_ms, 0.95),
            "alice_found": a_found, "admin_found": b_found,
            "by_kind": {k: (search_bench.pct(v, 0.5), search_bench.pct(v, 0.95))
                        for k, v in a_kind.items()},
        }
        indexes[backend] = (index, admin)
    # Copied entries hold other source texts than the embedded store's same ids: no overlap.
    out["overlap"] = overlap(indexes, len(sources)) if replicate == 1 else None
    with pg_store.engine.connect() as conn:
        out["postgres_entries"] = int(conn.execute(
            text("SELECT count(*) FROM search_entries")).scalar_one())
    for index, _ in indexes.values():
        index.close()
    if embedded is not store:
        embedded.close()
    store.close()
    pg_store.close()
    return out


def replicate_entries(url: str, n: int, copies: int) -> int:
    """Bulk-load synthetic postgres search entries (nothing is ingested or indexed): the
    entries of contracts 1..n are copied ``copies - 1`` times by SQL, each copy with its
    contract ids shifted by n, without alice's token (so her filter still covers the same 50
    contracts). Returns the number of entries after."""
    from contractdossier.search.postgres_index import _COLUMNS, TABLE

    shifted = {"cid": "cid + :shift", "acl": "array_remove(acl, 'u:alice')"}
    select_list = ", ".join(shifted.get(c, c) for c in _COLUMNS)
    engine = create_engine(url)
    try:
        for k in range(1, copies):
            t0 = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(text(f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) "
                                  f"SELECT {select_list} FROM {TABLE} WHERE cid <= :n"),
                             {"shift": k * n, "n": n})
            say(f"search: copy {k} of the postgres entries in {time.perf_counter() - t0:.0f} s")
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"VACUUM ANALYZE {TABLE}"))
            return int(conn.execute(text(f"SELECT count(*) FROM {TABLE}")).scalar_one())
    finally:
        engine.dispose()


def overlap(indexes: dict[str, Any], n_sources: int) -> dict[str, Any]:
    """Per query of the mix: shared share of the top-10 contracts and of the top-10 hits.

    The synthetic store repeats each source text under many ids, and equal texts score equal,
    so a contract is compared by its source text (``(id - 1) % sources``) and a hit by its
    source text and clause: which of the identical copies comes first is a tie, not a ranking.
    """

    def src(cid: int) -> int:
        return (cid - 1) % n_sources

    per_query: list[dict[str, Any]] = []
    for label, query, filters in search_bench.MIX:
        tops: dict[str, tuple[list[int], list[tuple[int, str | None]]]] = {}  # by source
        for backend, (index, tokens) in indexes.items():
            r = index.search(query, filter_tokens=tokens, filters=SearchFilters(**filters),
                             limit=10)
            contracts = [src(c.contract_id) for c in r.contracts][:10]
            hits = [(src(h.contract_id), h.clause_ref) for c in r.contracts for h in c.hits][:10]
            tops[backend] = (contracts, hits)
        (tc, th), (pc, ph) = tops["tantivy"], tops["postgres"]
        per_query.append({
            "label": label, "query": query or "(filter only)",
            "contracts": _share(tc, pc), "hits": _share(th, ph),
        })
    return {
        "per_query": per_query,
        "contracts_mean": statistics.mean(float(q["contracts"]) for q in per_query),
        "hits_mean": statistics.mean(float(q["hits"]) for q in per_query),
    }


def _share(a: list[Any], b: list[Any]) -> float:
    """Shared items of two top lists (as multisets) over the longer list's length."""
    if not a and not b:
        return 1.0
    common = sum(min(a.count(x), b.count(x)) for x in set(a))
    return common / max(len(a), len(b))


# -- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--copies", type=int, default=2)
    p.add_argument("--contracts", type=int, default=10_000)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--replicate", type=int, default=1)
    p.add_argument("--database-url", default="")
    p.add_argument("--skip-ingest", action="store_true")
    p.add_argument("--skip-search", action="store_true")
    p.add_argument("--work", type=Path)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if not CUAD.is_dir():
        say(f"no corpus at {CUAD}: nothing to measure")
        return 1
    work = args.work or Path(tempfile.mkdtemp(prefix="dossier-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    server = None
    if args.database_url:
        def new_db(prefix: str) -> str:
            return str(args.database_url)
    else:
        from tests.pg import PgServer

        server = PgServer.start()

        def new_db(prefix: str) -> str:
            assert server is not None
            return server.create_database(prefix)
    results: dict[str, Any] = {}
    try:
        if not args.skip_ingest:
            inbox = work / "inbox"
            files = make_inbox(inbox, args.copies)
            runs = []
            for n_workers in (1, 2):
                run = ingest_run(work, new_db(f"ingest{n_workers}"), inbox, n_workers,
                                 len(files))
                say(f"ingest: {n_workers} worker(s): {run['files']} files, {run['pages']} pages "
                    f"in {run['seconds']:.1f} s = {run['pages_per_s']:.1f} pages/s; "
                    f"each file once: {run['each_file_once']}; by worker "
                    f"{run['ingested_by_worker']}")
                runs.append(run)
            results["ingest"] = {"runs": runs,
                                 "speedup": runs[1]["pages_per_s"] / runs[0]["pages_per_s"],
                                 "cores": os.cpu_count()}
        if not args.skip_search:
            results["search"] = search_run(work, new_db("search"), args.contracts, args.rounds,
                                           args.replicate)
    finally:
        if server is not None:
            server.stop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2, default=str) + "\n")
    else:
        report(results)
    return 0


def report(results: dict[str, Any]) -> None:
    if "ingest" in results:
        ing = results["ingest"]
        for run in ing["runs"]:
            say(f"ingest {run['workers']} worker(s): {run['pages_per_s']:.1f} pages/s, "
                f"{run['files_per_s']:.2f} files/s, each file once: {run['each_file_once']}")
        say(f"speed-up of two workers: {ing['speedup']:.2f}x on {ing['cores']} cores")
    if "search" in results:
        s = results["search"]
        say(f"search at {s['contracts']:,} contracts ({s['clauses']:,} clauses):")
        for name, b in s["backends"].items():
            say(f"  {name:<9} alice (access filter) p50 {b['alice_p50']:.1f} ms, p95 "
                f"{b['alice_p95']:.1f} ms; beheerder p50 {b['admin_p50']:.1f} ms, p95 "
                f"{b['admin_p95']:.1f} ms; build {b['build_s']:.0f} s; load average "
                f"{' '.join(f'{x:.1f}' for x in b['load'])}")
        o = s["overlap"]
        if o is None:
            return
        say(f"  top-10 overlap tantivy vs postgres: contracts {o['contracts_mean']:.0%}, "
            f"hits {o['hits_mean']:.0%}")
        for q in o["per_query"]:
            say(f"    {q['label']:<8} {q['query']:<40} contracts {q['contracts']:.0%} "
                f"hits {q['hits']:.0%}")


if __name__ == "__main__":
    raise SystemExit(main())
