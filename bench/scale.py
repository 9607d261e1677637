"""Benchmark the PostgreSQL deployment: shared-queue ingest and search beside the embedded one.

    .venv/bin/python bench/scale.py [--copies 2] [--ingest-rounds 1] [--contracts 10000]
                                    [--scales N,M,...] [--rounds 5] [--replicate 1]
                                    [--database-url postgresql://...] [--skip-ingest]
                                    [--skip-search] [--work DIR] [--json]

Ingest: ../shared/corpus/cuad-dev's PDFs copied ``--copies`` times with distinct bytes (a PDF
comment appended after ``%%EOF``) are ingested by ``dossier worker`` processes with one
extraction process each: first one worker on one data home, then two workers on two data homes
(standing in for two machines, with one shared archive folder) on one fresh database, each
pair ``--ingest-rounds`` times. Reports files/s and pages/s for each, the speed-up, checks that
every file was stored exactly once, and the CPU seconds of each part: the coordinators (the
``dossier worker`` processes), their extraction processes and the PostgreSQL server (its
processes' times from /proc; only for the server this script starts). From the one-worker runs'
split it prints the bound on two workers' speed-up that C cores allow: min(2, C x W / (W + K +
P)) for W extraction, K coordinator and P server CPU seconds (bench/ingest.py's bound with the
server's share added). The machine's load average is printed beside each figure: on a shared
machine the wall times are noisy, the CPU seconds less so.

Search: a store of ``--contracts`` contracts synthesised as bench/search.py does (its corpus and
query mix) is built in SQLite and copied to PostgreSQL with ``dossier migrate``'s transfer; the
embedded tantivy index and the postgres backend are built from the two; then the mix runs as
"alice" (a lezer grant on 50 contracts: an access filter) and as the beheerder, p50/p95 per
backend, and the overlap of the beheerder's top-10 contracts and top-10 hits between tantivy
and postgres per query.

``--scales 10000,100000`` measures search at each of those numbers of contracts (multiples of
``--contracts``) in one run, without indexing that many into PostgreSQL (which takes about a
minute per 1,000 contracts on two cores): at each scale tantivy indexes a store of all of them,
while the postgres index is built once for ``--contracts`` and its entries are then copied by
SQL with shifted contract ids up to the scale (:func:`replicate_entries`: bulk-loaded synthetic
rows, the same texts again). The top-10 overlap is computed only where nothing was copied.
``--replicate K`` is ``--scales`` of K x ``--contracts``. The client's CPU seconds are printed
beside the wall time of each backend's queries (the postgres server's work is not in them).

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
    # bench/ingest.py's wrapper: the CLI, then its own and its children's CPU seconds
    command = [sys.executable, "-c", ingest_bench.WRAPPER, "worker", "--json", str(inbox)]
    return subprocess.Popen(command,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def server_cpu(datadir: Path | None) -> float | None:
    """CPU seconds used so far by a local PostgreSQL server: the postmaster, its live
    processes and the backends it has reaped (their time is in its cutime/cstime). None when
    the server is not ours (``--database-url``) or /proc cannot be read."""
    if datadir is None:
        return None
    try:
        postmaster = int((datadir / "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")

        def fields(pid: int) -> list[str]:
            raw = Path(f"/proc/{pid}/stat").read_text()
            return raw[raw.rindex(")") + 2:].split()  # after "pid (comm) "

        own = fields(postmaster)
        total = sum(int(x) for x in own[11:15])  # utime stime cutime cstime
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                f = fields(int(proc.name))
            except (OSError, ValueError):
                continue  # gone meanwhile
            if int(f[1]) == postmaster:  # ppid
                total += int(f[11]) + int(f[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return None


def ingest_run(work: Path, url: str, inbox: Path, n_workers: int, files: int,
               datadir: Path | None = None) -> dict[str, Any]:
    shared = work / f"archive-{n_workers}"
    shared.mkdir(parents=True)
    homes = []
    for i in range(n_workers):
        home = work / f"home-{n_workers}w-{i}"
        home.mkdir(mode=0o700)
        (home / "archive").symlink_to(shared)
        homes.append(home)
    Store.open(url).close()  # the schema first, so both workers start alike
    pg_before = server_cpu(datadir)
    t0 = time.perf_counter()
    procs = [worker(h, url, inbox) for h in homes]
    outs = [p.communicate() for p in procs]
    seconds = time.perf_counter() - t0
    pg_after = server_cpu(datadir)
    load = os.getloadavg()
    coordinator = extraction = 0.0
    for p, (_out, err) in zip(procs, outs, strict=True):
        if p.returncode not in (0, 12):
            raise RuntimeError(f"worker failed ({p.returncode}): {err[-2000:]}")
        own, kids = err.strip().rsplit("\n", 1)[-1].split()[1:3]  # the wrapper's "CPU a b"
        coordinator += float(own)
        extraction += float(kids)
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
        "cpu": {"coordinator": coordinator, "extraction": extraction,
                "postgres": None if pg_before is None or pg_after is None
                else pg_after - pg_before},
        "load": load,
    }


def _cpu_text(run: dict[str, Any]) -> str:
    cpu = run["cpu"]
    pg = "n/a" if cpu["postgres"] is None else f"{cpu['postgres']:.1f}"
    return (f"CPU s: coordinator {cpu['coordinator']:.1f}, extraction {cpu['extraction']:.1f}, "
            f"postgres {pg}; load {' '.join(f'{x:.1f}' for x in run['load'])}")


def ingest_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median speed-up of two workers over one, and the bound the CPU split implies.

    One worker's run is paced by its one extraction process (W CPU seconds) while the
    coordinator (K) and the PostgreSQL server (P) run beside it; two workers cannot do the
    W + K + P seconds of work faster than C cores allow: at best min(2, C x W / (W + K + P))
    times one worker's rate (bench/ingest.py's bound with the server's share added). Taken
    from the one-worker runs' CPU (per-file costs without contention)."""
    cores = os.cpu_count() or 1
    one = [r for r in runs if r["workers"] == 1]
    two = [r for r in runs if r["workers"] == 2]
    speedups = [b["pages_per_s"] / a["pages_per_s"] for a, b in zip(one, two, strict=True)]

    def part(name: str) -> float | None:
        values = [r["cpu"][name] for r in one]
        return None if None in values else statistics.median(values)

    w, k, pg = part("extraction"), part("coordinator"), part("postgres")
    bound = None
    if w and k is not None:
        bound = ingest_bench.scaling_bound(2, cores, w, k + (pg or 0.0))
    return {"runs": runs, "speedups": speedups, "speedup": statistics.median(speedups),
            "cores": cores, "bound": bound, "bound_counts_postgres": pg is not None}


# -- search ------------------------------------------------------------------------------------


def search_run(work: Path, url: str, n: int, rounds: int, scales: list[int]) -> dict[str, Any]:
    """Search at each number of contracts in ``scales`` (multiples of ``n``, ascending): the
    postgres index is built from a store of ``n`` contracts and its entries copied up to each
    scale (:func:`replicate_entries`); tantivy indexes a store of that many contracts."""
    sources, note = search_bench.load_sources(work / "sources")
    home = work / "search-home"
    t0 = time.perf_counter()
    settings, store, clauses, _chars = search_bench.build_store(home, sources, n)
    say(f"search: store of {n:,} contracts, {clauses:,} clauses in "
        f"{time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    transfer(store, url, settings.archive_dir)  # no originals here: their check is moot
    say(f"search: copied to PostgreSQL in {time.perf_counter() - t0:.0f} s")
    pg_store = Store.open(url)
    pg_settings = Settings(home=home / "postgres", search_backend="postgres", database_url=url)
    pg_ac = AccessControl(pg_store, pg_settings)
    t0 = time.perf_counter()
    pg_index = open_indexer(pg_settings, pg_store, acl_for=pg_ac.acl_for,
                            acl_state=pg_ac.acl_state)
    pg_index.reindex()
    pg_build = time.perf_counter() - t0
    say(f"search: postgres index of {n:,} contracts built in {pg_build:.0f} s "
        f"({clauses / pg_build:,.0f} clauses/s)")
    out: dict[str, Any] = {"corpus": note, "indexed_contracts": n, "scales": []}
    copies = 1
    try:
        for scale in scales:
            k = max(1, scale // n)
            if k > copies:  # bulk-copied postgres entries up to this scale
                t0 = time.perf_counter()
                entries = replicate_entries(url, n, copies, k)
                say(f"search: {entries:,} postgres entries for {n * k:,} contracts "
                    f"({n * (k - copies):,} contracts' entries copied in "
                    f"{time.perf_counter() - t0:.0f} s)")
                copies = k
                pg_index.close()
                pg_index = open_indexer(pg_settings, pg_store, acl_for=pg_ac.acl_for,
                                        acl_state=pg_ac.acl_state)
            out["scales"].append(search_scale(work, sources, store, pg_store, pg_ac, pg_index,
                                              n, k, clauses, rounds))
    finally:
        pg_index.close()
        store.close()
        pg_store.close()
    return out


def search_scale(work: Path, sources: list[Any], store: Store, pg_store: Store,
                 pg_ac: AccessControl, pg_index: Any, n: int, k: int, clauses: int,
                 rounds: int) -> dict[str, Any]:
    """Both backends at n x k contracts: tantivy over a store of that many (built here), the
    postgres index as it is; the mix as alice and as the beheerder."""
    embedded = store
    if k > 1:
        t0 = time.perf_counter()
        _s, embedded, _c, _ch = search_bench.build_store(work / f"search-home-{n * k}", sources,
                                                         n * k)
        say(f"search: store of {n * k:,} contracts for tantivy in "
            f"{time.perf_counter() - t0:.0f} s")
    out: dict[str, Any] = {"contracts": n * k, "clauses": clauses * k,
                           "postgres_copied_contracts": n * (k - 1), "backends": {}}
    indexes = {}
    try:
        t0 = time.perf_counter()
        t_settings = Settings(home=work / f"tantivy-{n * k}", search_backend="tantivy")
        t_ac = AccessControl(embedded, t_settings)
        t_index = open_indexer(t_settings, embedded, acl_for=t_ac.acl_for,
                               acl_state=t_ac.acl_state)
        t_index.reindex()
        build = time.perf_counter() - t0
        say(f"search: tantivy index of {n * k:,} contracts built in {build:.0f} s")
        for backend, index, ac in (("tantivy", t_index, t_ac), ("postgres", pg_index, pg_ac)):
            alice = ac.filter_tokens(ac.principal("alice"))
            admin = ac.filter_tokens(ac.principal(getpass.getuser()))
            c0 = time.process_time()
            w0 = time.perf_counter()
            a_ms, a_kind, a_found = search_bench.time_queries(index, alice, rounds)
            b_ms, _b, b_found = search_bench.time_queries(index, admin, max(1, rounds // 2))
            out["backends"][backend] = {
                "build_s": build if backend == "tantivy" else None, "load": os.getloadavg(),
                "client_cpu_s": time.process_time() - c0, "wall_s": time.perf_counter() - w0,
                "alice_p50": search_bench.pct(a_ms, 0.5),
                "alice_p95": search_bench.pct(a_ms, 0.95),
                "admin_p50": search_bench.pct(b_ms, 0.5),
                "admin_p95": search_bench.pct(b_ms, 0.95),
                "alice_found": a_found, "admin_found": b_found,
                "by_kind": {q: (search_bench.pct(v, 0.5), search_bench.pct(v, 0.95))
                            for q, v in a_kind.items()},
            }
            b = out["backends"][backend]
            say(f"search: {n * k:,} contracts, {backend}: alice p50 {b['alice_p50']:.0f} ms "
                f"p95 {b['alice_p95']:.0f} ms; beheerder p50 {b['admin_p50']:.0f} ms p95 "
                f"{b['admin_p95']:.0f} ms; load {' '.join(f'{x:.1f}' for x in b['load'])}")
            indexes[backend] = (index, admin)
        # Copied entries hold other source texts than the embedded store's same ids: no overlap.
        out["overlap"] = overlap(indexes, len(sources)) if k == 1 else None
        with pg_store.engine.connect() as conn:
            out["postgres_entries"] = int(conn.execute(
                text("SELECT count(*) FROM search_entries")).scalar_one())
        t_index.close()
    finally:
        if embedded is not store:
            embedded.close()
    return out


def replicate_entries(url: str, n: int, have: int, copies: int) -> int:
    """Bulk-load synthetic postgres search entries (nothing is ingested or indexed): the
    entries of contracts 1..n are copied for copies ``have`` .. ``copies - 1``, each copy with
    its contract ids shifted by n, without alice's token (so her filter still covers the same
    50 contracts). Returns the number of entries after."""
    from contractdossier.search.postgres_index import _COLUMNS, TABLE

    shifted = {"cid": "cid + :shift", "acl": "array_remove(acl, 'u:alice')"}
    select_list = ", ".join(shifted.get(c, c) for c in _COLUMNS)
    engine = create_engine(url)
    try:
        for k in range(have, copies):
            with engine.begin() as conn:
                # Fewer, larger merges of the GIN indexes' pending lists (VACUUM flushes them).
                conn.execute(text("SET LOCAL gin_pending_list_limit = '32MB'"))
                conn.execute(text(f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) "
                                  f"SELECT {select_list} FROM {TABLE} WHERE cid <= :n"),
                             {"shift": k * n, "n": n})
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
    p.add_argument("--ingest-rounds", type=int, default=1)
    p.add_argument("--scales", default="",
                   help="comma-separated numbers of contracts to search at (multiples of "
                        "--contracts; default: --contracts x --replicate)")
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
    if args.database_url and not args.skip_ingest:
        say("--database-url: every ingest run would share one database (the second finds the "
            "files done); give --skip-ingest")
        return 2
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
            datadir = server.datadir if server is not None else None
            for round_ in range(args.ingest_rounds):
                for n_workers in (1, 2):
                    run = ingest_run(work / f"round-{round_}", new_db(f"ingest{n_workers}"),
                                     inbox, n_workers, len(files), datadir)
                    say(f"ingest: {n_workers} worker(s): {run['files']} files, {run['pages']} "
                        f"pages in {run['seconds']:.1f} s = {run['pages_per_s']:.1f} pages/s; "
                        f"each file once: {run['each_file_once']}; by worker "
                        f"{run['ingested_by_worker']}; {_cpu_text(run)}")
                    runs.append(run)
            results["ingest"] = ingest_summary(runs)
        if not args.skip_search:
            scales = sorted({int(x) for x in args.scales.split(",") if x.strip()}
                            or {args.contracts * args.replicate})
            results["search"] = search_run(work, new_db("search"), args.contracts, args.rounds,
                                           scales)
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
                f"{run['files_per_s']:.2f} files/s, each file once: {run['each_file_once']}; "
                f"{_cpu_text(run)}")
        bound = ("n/a" if ing["bound"] is None else f"{ing['bound']:.2f}x"
                 + ("" if ing["bound_counts_postgres"] else " (server CPU not counted)"))
        say(f"speed-up of two workers: {ing['speedup']:.2f}x (median of "
            f"{', '.join(f'{x:.2f}' for x in ing['speedups'])}) on {ing['cores']} cores; "
            f"bound from the CPU split C x W / (W + K + P): {bound}")
    if "search" in results:
        s = results["search"]
        n = s["indexed_contracts"]
        for sc in s["scales"]:
            copied = sc["postgres_copied_contracts"]
            say(f"search at {sc['contracts']:,} contracts ({sc['clauses']:,} clauses; postgres: "
                f"{n:,} indexed" + (f", {copied:,} bulk-copied" if copied else "") + "):")
            for name, b in sc["backends"].items():
                say(f"  {name:<9} alice (access filter, 50 contracts) p50 {b['alice_p50']:.1f} "
                    f"ms, p95 {b['alice_p95']:.1f} ms; beheerder p50 {b['admin_p50']:.1f} ms, "
                    f"p95 {b['admin_p95']:.1f} ms; client CPU {b['client_cpu_s']:.1f} s of "
                    f"{b['wall_s']:.1f} s; load average "
                    f"{' '.join(f'{x:.1f}' for x in b['load'])}")
            o = sc["overlap"]
            if o is None:
                continue
            say(f"  top-10 overlap tantivy vs postgres: contracts {o['contracts_mean']:.0%}, "
                f"hits {o['hits_mean']:.0%}")
            for q in o["per_query"]:
                say(f"    {q['label']:<8} {q['query']:<40} contracts {q['contracts']:.0%} "
                    f"hits {q['hits']:.0%}")


if __name__ == "__main__":
    raise SystemExit(main())
