"""Soak: steady drops into a watched folder while searches run, for a fixed time.

Usage: .venv/bin/python bench/soak.py [--seconds 60] [--rate 2] [--searches 4] [--workers 2]

Starts `dossier watch` as a subprocess on a fresh temporary data home, drops ``--rate`` new
contract PDFs per second into its inbox (written under a junk name, then renamed, as a careful
copier does), and meanwhile runs ``--searches`` searches per second in this process against the
same index (as the data home's beheerder). Every second it samples the resident memory of the
watcher and of its worker processes from /proc (VmRSS; VmHWM for the peaks).

Prints: files dropped and ingested, throughput (files/s and pages/s), the ingest lag at the end,
search latency (p50/p95/max) during ingestion, peak RSS of the watcher and of the workers, and
whether memory grows: the mean RSS (watcher + workers) of the last third of the run against
the first third, counted from when every worker is up.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile.make_corpus import raw_pdf  # noqa: E402

QUERIES = [
    "opzegtermijn", "overeenkomst", "schriftelijk", "drie maanden", '"drie maanden"',
    "dienstverlening", "partijen", "termijn OR opzegging", "opzeg*", "duur NOT huur",
]
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def contract_pdf(n: int, pages: int = 3) -> bytes:
    """A small unique Dutch contract, ``pages`` pages."""
    bodies = []
    for p in range(pages):
        lines = [f"DIENSTVERLENINGSOVEREENKOMST SOAK-{n:05d}"] if p == 0 else []
        lines += [
            f"Artikel {p + 1} Duur en opzegging",
            f"{p + 1}.1 Deze overeenkomst met Leverancier {n} B.V. gaat in op 1 januari 2025.",
            f"{p + 1}.2 Opzegging geschiedt schriftelijk met een opzegtermijn van drie maanden.",
            f"{p + 1}.3 De vergoeding bedraagt EUR {1000 + n},00 per maand exclusief btw.",
        ]
        ops = [b"BT /F1 11 Tf 60 780 Td 14 TL"]
        ops += [b"(" + line.encode("latin-1") + b") '" for line in lines]
        bodies.append(b"\n".join(ops + [b"ET"]))
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        _FONT,
    ]
    for i, body in enumerate(bodies):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    return raw_pdf(objects)


def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in KB; (0, 0) when it is gone."""
    values = {"VmRSS:": 0, "VmHWM:": 0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, *rest = line.split()
            if key in values and rest:
                values[key] = int(rest[0])
    except OSError:
        pass
    return values["VmRSS:"], values["VmHWM:"]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    out = []
    for child in (int(c) for c in text.split()):
        out.append(child)
        out.extend(children(child))
    return out


def done_count(home: Path) -> tuple[int, int]:
    """(files done, pages stored) according to the store."""
    db = home / "dossier.sqlite3"
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            files = conn.execute("SELECT COUNT(*) FROM jobs WHERE state = 'done'").fetchone()[0]
            pages = conn.execute("SELECT COALESCE(SUM(page_count), 0) FROM documents").fetchone()
            return int(files), int(pages[0])
    except sqlite3.Error:
        return 0, 0


class Searcher:
    """Searches in this process, as the beheerder would from `dossier search`."""

    def __init__(self, home: Path) -> None:
        import contractdossier.cli  # noqa: F401 - cli_access is imported through it
        from contractdossier.access_store import AccessControl
        from contractdossier.cli_access import os_user
        from contractdossier.search import open_indexer
        from contractdossier.settings import load
        from contractdossier.store import Store

        settings = load({"home": home}, environ={})
        self.store = Store.open(settings.url)
        self.ac = AccessControl(self.store, settings)
        self.principal = self.ac.acting(os_user(), None)
        self.index = open_indexer(
            settings, self.store, acl_for=self.ac.acl_for, acl_state=self.ac.acl_state
        )

    def search(self, query: str) -> int:
        results = self.index.search(
            query, filter_tokens=self.ac.filter_tokens(self.principal), limit=10
        )
        return int(results.total_contracts)

    def close(self) -> None:
        self.index.close()
        self.store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=2.0, help="files dropped per second")
    parser.add_argument("--searches", type=float, default=4.0, help="searches per second")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=3, help="pages per dropped PDF")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    home, inbox = tmp / "home", tmp / "inbox"
    inbox.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOSSIER_")}
    env.update(DOSSIER_HOME=str(home), DOSSIER_OCR="never")
    # Seed the home with one file so the index exists before searches start.
    (inbox / "seed.pdf").write_bytes(contract_pdf(0, args.pages))
    seeded = subprocess.run(
        [sys.executable, "-m", "contractdossier", "ingest", "--workers", "1", str(inbox)],
        env=env, capture_output=True, text=True, check=False,
    )
    if seeded.returncode != 0:
        raise SystemExit(f"seeding failed: {seeded.stderr[-2000:]}")
    # The watcher's log goes to a file: a pipe read only at the end would fill up during a
    # long soak and block the watcher on its next log line.
    log_path = tmp / "watch.err"
    with log_path.open("w") as log_file:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "contractdossier", "watch", "--stable-delay", "0.5",
             "--workers", str(args.workers), str(inbox)],
            env=env, stdout=subprocess.DEVNULL, stderr=log_file, text=True,
            start_new_session=True,
        )
    searcher = Searcher(home)
    stop = threading.Event()
    dropped = 0
    latencies: list[tuple[float, float]] = []  # (time since start, seconds)
    errors: list[str] = []
    samples: list[tuple[float, int, int]] = []  # (t, watcher RSS, workers RSS) KB
    peaks = {"watcher": 0, "workers": 0}

    def drop() -> None:
        nonlocal dropped
        n = 1
        next_at = time.monotonic()
        while not stop.is_set():
            part = inbox / f"soak-{n:05d}.pdf.part"
            part.write_bytes(contract_pdf(n, args.pages))
            part.rename(part.with_suffix(""))
            dropped += 1
            n += 1
            next_at += 1.0 / args.rate
            stop.wait(max(0.0, next_at - time.monotonic()))

    def sample(started: float) -> None:
        while not stop.is_set():
            w_rss, w_hwm = rss_kb(watcher.pid)
            kids = [rss_kb(c) for c in children(watcher.pid)]
            peaks["watcher"] = max(peaks["watcher"], w_hwm)
            peaks["workers"] = max([peaks["workers"], *(h for _, h in kids)])
            if len(kids) >= args.workers:  # steady state: every worker is up
                samples.append((time.monotonic() - started, w_rss, sum(r for r, _ in kids)))
            stop.wait(1.0)

    rng = random.Random(1)
    started = time.monotonic()
    threads = [
        threading.Thread(target=drop, daemon=True),
        threading.Thread(target=sample, args=(started,), daemon=True),
    ]
    for t in threads:
        t.start()
    next_search = time.monotonic()
    try:
        while time.monotonic() - started < args.seconds:
            if watcher.poll() is not None:
                err = log_path.read_text(errors="replace")
                raise SystemExit(f"the watcher stopped: {err[-2000:]}")
            query = rng.choice(QUERIES)
            t0 = time.perf_counter()
            try:
                searcher.search(query)
            except Exception as e:  # noqa: BLE001 - a benchmark reports, it does not stop
                errors.append(f"{query}: {type(e).__name__}: {e}")
            latencies.append((time.monotonic() - started, time.perf_counter() - t0))
            next_search += 1.0 / args.searches
            time.sleep(max(0.0, next_search - time.monotonic()))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=10)
    elapsed = time.monotonic() - started
    files_at_end, pages_at_end = done_count(home)
    # let the watcher catch up, to report the lag
    deadline = time.monotonic() + 120
    while done_count(home)[0] < dropped + 1 and time.monotonic() < deadline:
        time.sleep(0.5)
    lag = time.monotonic() - started - elapsed
    watcher.send_signal(signal.SIGTERM)
    try:
        watcher.wait(timeout=120)
    except subprocess.TimeoutExpired:
        watcher.kill()
        watcher.wait()
    err = log_path.read_text(errors="replace")
    searcher.close()

    ingested = files_at_end - 1  # the seed
    secs = [s for _, s in latencies]
    steady_from = samples[0][0] if samples else 0.0
    third = (elapsed - steady_from) / 3
    first = [w + k for t, w, k in samples if t < steady_from + third]
    last = [w + k for t, w, k in samples if t >= steady_from + 2 * third]
    growth = (statistics.mean(last) / statistics.mean(first) - 1) if first and last else 0.0

    def mean_mb(column: int, lo: float, hi: float) -> float | None:
        values = [s[column] for s in samples if lo <= s[0] < hi]
        return round(statistics.mean(values) / 1024, 1) if values else None

    thirds = [steady_from + i * third for i in range(4)]
    report: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "dropped": dropped,
        "ingested during the run": ingested,
        "files/s": round(ingested / elapsed, 2),
        "pages/s": round((pages_at_end - args.pages) / elapsed, 1),
        "catch-up after the run (s)": round(lag, 1),
        "searches": len(secs),
        "search errors": len(errors),
        "search p50 (ms)": round(1000 * statistics.median(secs), 1) if secs else None,
        "search p95 (ms)": round(1000 * _p95(secs), 1) if secs else None,
        "search max (ms)": round(1000 * max(secs), 1) if secs else None,
        "watcher peak RSS (MB)": round(peaks["watcher"] / 1024, 1),
        "worker peak RSS (MB)": round(peaks["workers"] / 1024, 1),
        "RSS first third (MB)": round(statistics.mean(first) / 1024, 1) if first else None,
        "RSS last third (MB)": round(statistics.mean(last) / 1024, 1) if last else None,
        "memory growth": f"{growth:+.1%}",
        "watcher RSS by third (MB)": [mean_mb(1, a, b) for a, b in pairwise(thirds)],
        "workers RSS by third (MB)": [mean_mb(2, a, b) for a, b in pairwise(thirds)],
        "watcher exit code": watcher.returncode,
    }
    width = max(len(k) for k in report)
    for key, value in report.items():
        sys.stdout.write(f"{key:<{width}}  {value}\n")
    for problem in errors[:5]:
        sys.stdout.write(f"search error: {problem}\n")
    if "Traceback" in err:
        sys.stdout.write("watcher stderr had a traceback:\n" + err[-3000:] + "\n")
    return 0 if not errors and watcher.returncode == 0 else 1


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


if __name__ == "__main__":
    raise SystemExit(main())
