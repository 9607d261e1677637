"""Benchmark search: indexing rate, index size, query latency, incremental add, CLI time.

    .venv/bin/python bench/search.py [--contracts 10000] [--whoosh-contracts 1000]
                                     [--rounds 20] [--work DIR] [--keep]

Builds a store of ``--contracts`` contracts synthesised from the texts of
../shared/corpus/cuad-dev (PDFs, read with pdftotext), nl-synth/text and nl-dev/txt, each text
repeated with distinct ids, dossiers and shifted dates, split into clauses (paragraph blocks) with
naive clause types, parties and dates from the corpora's labels. Without the corpora it falls back
to generated contract-like text and says so. Access is real: the running user is beheerder, and
"alice" holds a lezer grant on 50 contracts, so her searches carry a 50-contract access filter.

For tantivy and Whoosh side by side it prints: the time to build the index from the store
(``reindex``) and the rate in clauses/s, the index size, query latency p50/p95 over a fixed mix
of term, phrase, boolean, fielded, prefix, multi-word, date-filtered and misspelt queries
(snippets for the top 10 included) as alice and as the beheerder, the time to index one added
contract, and the wall time of a whole ``dossier search`` process (as the environment runs it,
and with compiled bytecode kept, as an installed package has it: PYTHONDONTWRITEBYTECODE=1
makes a process compile every module of contractdossier from source first). Whoosh gets a
smaller corpus (``--whoosh-contracts``) because building 10,000 contracts would take it far more
than 10 minutes.

Targets on the default engine at 10,000 contracts: p95 < 50 ms, a search process < 0.5 s,
>= 10,000 clauses/s per core, one contract added in < 1 s. On a shared machine compare the
per-CPU-second rate (process CPU time of the rebuild, indexing threads included), and read it
next to the load average printed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from bench_common import pdf_files, say  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from contractdossier.access import Scope  # noqa: E402
from contractdossier.access_store import AccessControl  # noqa: E402
from contractdossier.search import SearchFilters, SearchIndex, open_indexer  # noqa: E402
from contractdossier.settings import Settings  # noqa: E402
from contractdossier.store import Store, schema  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
ALICE_CONTRACTS = 50
TYPE_WORDS = {
    "terminat": "termination", "opzeg": "termination", "beëindig": "termination",
    "liabil": "liability_cap", "aansprakelijk": "liability_cap", "indemn": "indemnity",
    "confidential": "confidentiality", "geheimhoud": "confidentiality",
    "governing law": "governing_law", "toepasselijk recht": "governing_law",
    "renew": "renewal", "verleng": "renewal", "payment": "payment", "betaling": "payment",
    "insurance": "insurance", "verzeker": "insurance", "boete": "penalty",
}
# (label, query, filters): the fixed mix, in this order, every round.
MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("term", "termination", {}),
    ("term", "aansprakelijkheid", {}),
    ("term", "indemnification", {}),
    ("term", "opzegtermijn", {}),
    ("phrase", '"governing law"', {}),
    ("phrase", '"written notice"', {}),
    ("phrase", '"van de overeenkomst"', {}),
    ("boolean", "liability AND insurance", {}),
    ("boolean", "termination -convenience", {}),
    ("boolean", "confidentiality OR geheimhouding", {}),
    ("fielded", "lang:nl termijn", {}),
    ("fielded", "type:termination notice", {}),
    ("fielded", "party:inc agreement", {}),
    ("prefix", "opzeg*", {}),
    ("prefix", "indemn*", {}),
    ("words", "liability cap", {}),
    ("words", "betalingstermijn factuur", {}),
    ("date", "renewal", {"ends_before": dt.date(2022, 1, 1)}),
    ("date", "payment", {"signed_after": dt.date(2015, 1, 1)}),
    ("date", "", {"notice_before": dt.date(2027, 1, 1)}),
    ("typo", "liabilty", {}),
]


# -- the corpus --------------------------------------------------------------------------------

@dataclass
class Source:
    name: str
    language: str
    title: str
    text: str
    parties: list[str] = field(default_factory=list)
    signing: dt.date | None = None
    end: dt.date | None = None
    notice: dt.date | None = None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True,
                              check=False)
        return done.stdout.decode("utf-8", errors="replace")
    from contractdossier.extract import OcrMode, extract_text

    return extract_text(path, ocr=OcrMode.never).full_text


def load_sources(work: Path) -> tuple[list[Source], str]:
    sources: list[Source] = []
    notes: list[str] = []
    cuad = SHARED / "cuad-dev"
    if (cuad / "pdf").is_dir():
        labels = {}
        if (cuad / "truth.jsonl").exists():
            for line in (cuad / "truth.jsonl").read_text().splitlines():
                d = json.loads(line)
                labels[d["id"]] = d
        cache = work / "cuad-text"
        cache.mkdir(parents=True, exist_ok=True)
        n = 0
        for pdf in pdf_files(cuad / "pdf"):
            rel = str(pdf.relative_to(cuad / "pdf"))
            txt = cache / (hashlib.sha1(rel.encode()).hexdigest()[:16] + ".txt")
            if not txt.exists():
                txt.write_text(_pdf_text(pdf))
            text = txt.read_text()
            if len(text) < 500:
                continue
            lab = labels.get(rel, {})
            sources.append(Source(rel, "en", lab.get("document_name") or pdf.stem, text,
                                  list(lab.get("parties") or []), _date(lab.get("agreement_date")),
                                  _date(lab.get("expiration_date"))))
            n += 1
        notes.append(f"{n} CUAD")
    synth = SHARED / "nl-synth"
    if (synth / "text").is_dir():
        labels = {}
        if (synth / "labels.jsonl").exists():
            for line in (synth / "labels.jsonl").read_text().splitlines():
                d = json.loads(line)
                labels[Path(d["file"]).stem] = d
        n = 0
        for txt in sorted((synth / "text").glob("*.txt")):
            lab = labels.get(txt.stem, {})
            sources.append(Source(
                txt.name, "nl", lab.get("title") or txt.stem, txt.read_text(),
                [p["name"] for p in lab.get("parties", []) if isinstance(p, dict)],
                _date(lab.get("signing_date")), _date(lab.get("end_date")),
                _date(lab.get("notice_deadline"))))
            n += 1
        notes.append(f"{n} nl-synth")
    dev = SHARED / "nl-dev" / "txt"
    if dev.is_dir():
        texts = sorted(dev.glob("*.txt"))
        for txt in texts:
            sources.append(Source(txt.name, "nl", txt.stem.replace("_", " "), txt.read_text()))
        notes.append(f"{len(texts)} nl-dev")
    if not sources:
        notes.append("corpora absent: generated text")
        vocabulary = ("the supplier shall deliver the goods and the customer shall pay the "
                      "invoice within thirty days termination notice liability confidentiality "
                      "de leverancier levert de goederen opzegging aansprakelijkheid "
                      "geheimhouding betaling")
        words = vocabulary.split()
        for i in range(20):
            body = "\n\n".join(f"{k + 1}. Clause\n" + " ".join(
                words[(i * 7 + k * 3 + j) % len(words)] for j in range(80)) for k in range(60))
            sources.append(Source(f"generated-{i}", "en" if i % 2 else "nl", f"Contract {i}",
                                  body))
    return sources, ", ".join(notes)


_HEADING = re.compile(r"^\s*((?:article|artikel|section|clause)?\s*\d+(?:\.\d+)*\.?)\s+(.{2,80})$",
                      re.IGNORECASE)


def split_clauses(text: str) -> list[tuple[str, str, str, list[str]]]:
    """Paragraph blocks of at least ~400 characters: (ref, heading, text, types)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\f", "\n\n")) if p.strip()]
    out: list[tuple[str, str, str, list[str]]] = []
    block: list[str] = []
    for p in paragraphs:
        block.append(p)
        if sum(len(b) for b in block) >= 400:
            out.append(_clause(len(out) + 1, "\n\n".join(block)))
            block = []
    if block:
        out.append(_clause(len(out) + 1, "\n\n".join(block)))
    return out


def _clause(n: int, text: str) -> tuple[str, str, str, list[str]]:
    first = text.split("\n", 1)[0]
    m = _HEADING.match(first)
    ref, heading = (m.group(1).strip().rstrip("."), m.group(2).strip()) if m else (str(n), "")
    low = text.lower()
    types = sorted({t for w, t in TYPE_WORDS.items() if w in low})
    return ref, heading, text, types


def build_store(home: Path, sources: list[Source], n: int
                ) -> tuple[Settings, Store, int, int]:
    """A data home with n contracts; returns (settings, store, clauses, clause characters)."""
    settings = Settings(home=home)
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.url)
    now = "2024-01-01T00:00:00+00:00"
    split = [split_clauses(s.text) for s in sources]
    batch: dict[str, list[dict[str, Any]]] = {k: [] for k in ("contracts", "documents",
                                                              "clauses", "facts")}

    def flush() -> None:
        with store.engine.begin() as conn:
            for name, rows in batch.items():
                if rows:
                    conn.execute(insert(schema.metadata.tables[name]), rows)
                rows.clear()

    for cid in range(1, n + 1):
        k, si = divmod(cid - 1, len(sources))
        src = sources[si]
        shift = dt.timedelta(days=30 * (k % 40))
        batch["contracts"].append(dict(
            id=cid, title=f"{src.title} #{k}", language=src.language, inbox="/bench",
            dossier=f"{src.language}/{k % 100:02d}", status="active", rev=1, created_at=now,
            updated_at=now))
        batch["documents"].append(dict(
            id=cid, sha256=hashlib.sha256(f"{cid}".encode()).hexdigest(), contract_id=cid,
            role="main", seq=0, title=src.title, size=len(src.text), page_count=1,
            language=src.language, archive_path=f"{cid}.pdf", warnings=[], created_at=now))
        for i, (ref, heading, text, types) in enumerate(split[si]):
            batch["clauses"].append(dict(
                contract_id=cid, document_id=cid, seq=i, ref=ref, heading=heading, level=1,
                types=types, page_start=1 + i // 4, page_end=1 + i // 4, start=0, end=len(text),
                text=text))
        signing = (src.signing or dt.date(2015, 1, 1)) + shift
        end = (src.end or dt.date(2020, 1, 1)) + shift
        notice = src.notice + shift if src.notice else end - dt.timedelta(days=90)
        facts = {"signing_date": signing.isoformat(), "end_date": end.isoformat(),
                 "notice_deadline": notice.isoformat(),
                 "parties": [{"name": p} for p in src.parties]}
        for name, value in facts.items():
            batch["facts"].append(dict(
                contract_id=cid, document_id=cid, field=name, value=value, confidence=0.9,
                source="extracted", active=True, quote="", created_at=now))
        if cid % 200 == 0:
            flush()
    flush()
    with store.engine.connect() as conn:
        clauses = int(conn.execute(select(func.count()).select_from(schema.clauses)).scalar_one())
        chars = int(conn.execute(select(func.sum(func.length(schema.clauses.c.text))))
                    .scalar_one() or 0)

    ac = AccessControl(store, settings)
    user = getpass.getuser()
    ac.init(user)
    admin = ac.principal(user)
    step = max(1, n // ALICE_CONTRACTS)
    for cid in range(1, n + 1, step)[:ALICE_CONTRACTS]:
        ac.grant(admin, "lezer", "user:alice", Scope.contract(cid))
    return settings, store, clauses, chars


def add_one(store: Store, cid: int, src: Source) -> None:
    now = "2024-06-01T00:00:00+00:00"
    with store.engine.begin() as conn:
        conn.execute(insert(schema.contracts).values(
            id=cid, title=f"{src.title} (added)", language=src.language, dossier="added",
            created_at=now, updated_at=now))
        conn.execute(insert(schema.documents).values(
            id=cid, sha256=hashlib.sha256(f"added{cid}".encode()).hexdigest(), contract_id=cid,
            size=1, page_count=1, language=src.language, archive_path="x", created_at=now))
        rows = [dict(contract_id=cid, document_id=cid, seq=i, ref=ref, heading=h, types=t,
                     page_start=1, page_end=1, start=0, end=len(x), text=x)
                for i, (ref, h, x, t) in enumerate(split_clauses(src.text))]
        conn.execute(insert(schema.clauses), rows)


# -- measuring ---------------------------------------------------------------------------------

def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_queries(index: SearchIndex, tokens: frozenset[str], rounds: int
                 ) -> tuple[list[float], dict[str, list[float]], int]:
    all_ms: list[float] = []
    by_kind: dict[str, list[float]] = {}
    found = 0
    for _label, text, filters in MIX:  # warm up
        index.search(text, filter_tokens=tokens, filters=SearchFilters(**filters))
    for _ in range(rounds):
        for label, text, filters in MIX:
            t0 = time.perf_counter()
            r = index.search(text, filter_tokens=tokens, filters=SearchFilters(**filters),
                             limit=10)
            ms = (time.perf_counter() - t0) * 1000
            all_ms.append(ms)
            by_kind.setdefault(label, []).append(ms)
            found += r.total_contracts
    return all_ms, by_kind, found // max(1, rounds)


def cli_search(home: Path, backend: str, runs: int = 5, pycache: Path | None = None
               ) -> tuple[float, float]:
    """Median wall seconds of a whole `dossier --as alice search ...` process, and its max RSS.

    With ``pycache``, Python keeps the compiled modules there (as an installed package has
    them, compiled at install); without, the environment decides (PYTHONDONTWRITEBYTECODE=1
    makes every process compile all of contractdossier from source again).
    """
    # VmHWM: the peak RSS of this process image (ru_maxrss would carry the parent's over exec).
    code = ("import atexit, re, sys\n"
            "atexit.register(lambda: sys.stderr.write('RSS %s\\n' % re.search("
            "r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)))\n"
            "from contractdossier.cli import cli\n"
            "from contractdossier.cli_search import COMMANDS\n"
            "for c in COMMANDS:\n    cli.add_command(c)\n"
            "cli(['--as', 'alice', 'search', 'termination notice', '--limit', '10'])\n")
    env = {**os.environ, "DOSSIER_HOME": str(home), "DOSSIER_SEARCH_BACKEND": backend,
           "PYTHONPATH": str(ROOT)}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    times = []
    rss_kb = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              check=False)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.decode())
        found = re.search(rb"RSS (\d+)", done.stderr)
        rss_kb = max(rss_kb, int(found.group(1)) if found else 0)
    return statistics.median(times), rss_kb / 1024


def run_backend(backend: str, work: Path, sources: list[Source], n: int, rounds: int,
                log: Callable[[str], None]) -> dict[str, Any]:
    home = work / f"home-{backend}-{n}"
    if home.exists():
        shutil.rmtree(home)
    t0 = time.perf_counter()
    settings, store, clauses, chars = build_store(home, sources, n)
    log(f"{backend}: store of {n:,} contracts, {clauses:,} clauses in "
        f"{time.perf_counter() - t0:.0f} s")
    settings = Settings(home=home, search_backend=backend)
    ac = AccessControl(store, settings)
    index = open_indexer(settings, store, acl_for=ac.acl_for, acl_state=ac.acl_state)
    load0 = os.getloadavg()[0]
    cpu0, t0 = time.process_time(), time.perf_counter()
    index.reindex(lambda done, total: None)
    build_s = time.perf_counter() - t0
    build_cpu = time.process_time() - cpu0
    load1 = os.getloadavg()[0]
    entries = index.num_entries()
    size = dir_size(index.location)
    log(f"{backend}: indexed in {build_s:.1f} s ({clauses / build_s:,.0f} clauses/s)")

    alice = ac.filter_tokens(ac.principal("alice"))
    admin = ac.filter_tokens(ac.principal(getpass.getuser()))
    fresh = open_indexer(settings, store, acl_for=ac.acl_for, acl_state=ac.acl_state)
    t0 = time.perf_counter()
    fresh.search("termination", filter_tokens=alice)
    first_s = time.perf_counter() - t0
    a_ms, a_kind, a_found = time_queries(fresh, alice, rounds)
    b_ms, _b_kind, b_found = time_queries(fresh, admin, max(1, rounds // 2))

    add_s = []
    for i in range(5):
        cid = n + 1000 + i
        add_one(store, cid, sources[i % len(sources)])
        t0 = time.perf_counter()
        fresh.index_contracts([cid])
        add_s.append(time.perf_counter() - t0)
    fresh.close()
    index.close()
    store.close()
    cli_s, cli_rss = cli_search(home, backend)
    cli_cached_s, _ = cli_search(home, backend, pycache=work / "pycache")
    imports = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import contractdossier.cli, "
                        "contractdossier.cli_search"], env={**os.environ, "PYTHONPATH": str(ROOT)},
                       check=True)
        imports.append(time.perf_counter() - t0)
    return {
        "backend": backend, "contracts": n, "clauses": clauses, "entries": entries,
        "clause_chars": chars / max(clauses, 1), "mb_per_cpu_s": chars / 1e6 / build_cpu,
        "imports_s": statistics.median(imports),
        "load_avg": (load0, load1, os.getloadavg()[0]),
        "build_s": build_s, "build_cpu_s": build_cpu, "clauses_per_s": clauses / build_s,
        "clauses_per_cpu_s": clauses / max(build_cpu, 1e-9), "size_mb": size / 1e6,
        "first_query_s": first_s,
        "alice_p50": pct(a_ms, 0.5), "alice_p95": pct(a_ms, 0.95), "alice_max": max(a_ms),
        "admin_p50": pct(b_ms, 0.5), "admin_p95": pct(b_ms, 0.95),
        "alice_found": a_found, "admin_found": b_found,
        "by_kind": {k: (pct(v, 0.5), pct(v, 0.95)) for k, v in a_kind.items()},
        "add_median_s": statistics.median(add_s), "add_max_s": max(add_s),
        "cli_s": cli_s, "cli_cached_s": cli_cached_s, "cli_rss_mb": cli_rss,
        "bytecode": "not written" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "written",
    }


def report(results: list[dict[str, Any]], corpus_note: str, text_mb: float) -> None:
    say()
    say(f"sources: {corpus_note}; {text_mb:.1f} MB of text, repeated with distinct ids")
    say(f"queries: {len(MIX)} in the mix (term, phrase, boolean, fielded, prefix, words, date, "
        f"typo), limit 10 with snippets; 'alice' = a {ALICE_CONTRACTS}-contract access filter")
    cols = [r["backend"] for r in results]
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("contracts", lambda r: f"{r['contracts']:,}"),
        ("clauses", lambda r: f"{r['clauses']:,}"),
        ("index entries", lambda r: f"{r['entries']:,}"),
        ("build (reindex), wall", lambda r: f"{r['build_s']:.1f} s"),
        ("indexing rate, wall", lambda r: f"{r['clauses_per_s']:,.0f} clauses/s"),
        ("  load avg (1 min): build", lambda r: f"{r['load_avg'][0]:.1f} -> {r['load_avg'][1]:.1f}"
                                                f", end {r['load_avg'][2]:.1f} ({os.cpu_count()} "
                                                "cores)"),
        ("indexing rate, per CPU s", lambda r: f"{r['clauses_per_cpu_s']:,.0f} clauses/s"),
        ("  clause text per CPU s", lambda r: f"{r['mb_per_cpu_s']:.1f} MB "
                                              f"({r['clause_chars']:,.0f} chars/clause)"),
        ("index size", lambda r: f"{r['size_mb']:,.0f} MB"),
        ("first query (opening)", lambda r: f"{r['first_query_s'] * 1000:.0f} ms"),
        ("query p50 / p95, alice", lambda r: f"{r['alice_p50']:.1f} / {r['alice_p95']:.1f} ms"),
        ("query max, alice", lambda r: f"{r['alice_max']:.1f} ms"),
        ("query p50 / p95, beheerder", lambda r: f"{r['admin_p50']:.1f} / {r['admin_p95']:.1f} ms"),
        ("contracts found per round", lambda r: f"{r['alice_found']:,} / {r['admin_found']:,}"),
        ("add one contract", lambda r: f"{r['add_median_s'] * 1000:.0f} ms "
                                       f"(max {r['add_max_s'] * 1000:.0f})"),
        ("`dossier search` process", lambda r: f"{r['cli_s']:.2f} s (bytecode {r['bytecode']})"),
        ("  with compiled bytecode kept", lambda r: f"{r['cli_cached_s']:.2f} s"),
        ("  of which importing the CLI", lambda r: f"{r['imports_s']:.2f} s"),
        ("  max RSS of a process", lambda r: f"{r['cli_rss_mb']:.0f} MB"),
    ]
    width = 30
    say()
    say("".ljust(width) + "".join(c.ljust(34) for c in cols))
    for name, fmt in rows:
        say(name.ljust(width) + "".join(fmt(r).ljust(34) for r in results))
    say()
    say("p50 / p95 ms by query kind (alice):")
    for kind in dict.fromkeys(k for k, _, _ in MIX):
        say(f"  {kind:<10}" + "".join(
            f"{r['by_kind'][kind][0]:.1f} / {r['by_kind'][kind][1]:.1f}".ljust(34)
            for r in results))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--contracts", type=int, default=10_000)
    ap.add_argument("--whoosh-contracts", type=int, default=1_000,
                    help="Whoosh's corpus (0 = skip Whoosh)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds of the query mix (tantivy)")
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        sys.stderr.write(text + "\n")

    sources, note = load_sources(work)
    text_mb = sum(len(s.text.encode()) for s in sources) / 1e6
    log(f"{len(sources)} source texts ({note})")
    results = [run_backend("tantivy", work, sources, args.contracts, args.rounds, log)]
    if args.whoosh_contracts:
        results.append(run_backend("whoosh", work, sources, args.whoosh_contracts,
                                   max(2, args.rounds // 4), log))
    report(results, note, text_mb)
    if args.json:
        say(json.dumps(results, default=str))
    if not args.keep and args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
