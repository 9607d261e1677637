"""End-to-end ingest throughput (extract, recognise, store, index) on a folder of PDFs.

Usage: .venv/bin/python bench/ingest.py [FOLDER] [--workers 1,2] [--ocr never|auto] [--repeat N]

Each run ingests FOLDER (default ../shared/corpus/cuad-dev/pdf) into a fresh temporary data
home with `dossier ingest --workers N --json` as a separate process, and prints pages/s per
worker count (whole command, including process start and worker spawn) and the scaling against
one worker. Targets: >= 50 pages/s with one worker, close to linear up to the core count.

``--repeat N`` ingests N copies of every PDF, each copy made distinct by a comment line appended
after its ``%%EOF`` (the same pages; otherwise the copies would be stored once, as duplicates), so
the fixed costs of a run (process start, spawning and warming up the workers: about 2 s) weigh
less against the work that scales with workers.

The command runs in a small wrapper that reports CPU time too: the coordinator's own (claiming,
archiving, storing, indexing) and its workers' (extracting, recognising). On a shared machine
those are the figures to compare, as wall time depends on the load (printed beside them). The
coordinator's share bounds the scaling: one worker runs beside the coordinator, so with W worker
and K coordinator CPU seconds on C cores, N workers go at best min(N, C * W / (W + K)) times as
fast as one (printed as "bound").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from bench_common import pdf_files, say  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "cuad-dev" / "pdf"


def scaling_bound(workers: int, cores: int, extraction: float, other: float) -> float:
    """How much faster ``workers`` extraction processes can be than one on ``cores`` cores,
    when each second of extraction also costs ``other`` / ``extraction`` seconds elsewhere
    (the coordinator; bench/scale adds the database server): min(W, C x E / (E + other))."""
    return min(float(workers), cores * extraction / (extraction + other)) if extraction else 0.0


# Runs the CLI in this process and writes its own and its children's CPU seconds to stderr.
WRAPPER = """
import resource, sys
from contractdossier.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="dossier")
except SystemExit as e:
    code = e.code
else:
    code = 0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
own, workers = me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime
sys.stderr.write("\\nCPU %.3f %.3f\\n" % (own, workers))
sys.exit(code)
"""


def repeated(folder: Path, copies: int, into: Path) -> Path:
    """``copies`` distinct copies of every PDF under ``folder``, in ``into``."""
    for n in range(copies):
        for pdf in pdf_files(folder):
            target = into / f"copy-{n}" / pdf.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf.read_bytes() + f"\n%bench copy {n}\n".encode())
    return into


def run(folder: Path, workers: int, ocr: str) -> tuple[float, dict[str, object], float, float]:
    """Wall seconds, the --json summary, coordinator CPU seconds, workers' CPU seconds."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as home:
        env = {**os.environ, "DOSSIER_HOME": home, "DOSSIER_OCR": ocr}
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                WRAPPER,
                "ingest",
                "--workers",
                str(workers),
                "--json",
                str(folder),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    if result.returncode not in (0, 12):
        raise SystemExit(f"ingest failed ({result.returncode}): {result.stderr[-2000:]}")
    own, kids = (float(x) for x in result.stderr.rsplit("CPU ", 1)[1].split()[:2])
    return seconds, json.loads(result.stdout), own, kids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument(
        "--workers", default=",".join(str(n) for n in range(1, (os.cpu_count() or 1) + 1))
    )
    parser.add_argument("--ocr", default="never", choices=["never", "auto"])
    parser.add_argument("--repeat", type=int, default=1, help="distinct copies of each PDF")
    args = parser.parse_args()
    if not args.folder.is_dir():
        say(f"no corpus at {args.folder}: nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-ingest-copies-") as copies:
        folder = args.folder
        if args.repeat > 1:
            folder = repeated(args.folder, args.repeat, Path(copies))
        return measure(args, folder)


def measure(args: argparse.Namespace, folder: Path) -> int:
    counts = [int(n) for n in args.workers.split(",")]
    say(f"folder: {args.folder} x{args.repeat}  ocr: {args.ocr}  cores: {os.cpu_count()}")
    say(
        f"{'workers':>7} {'files':>6} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'scaling':>8}"
        f" {'coord cpu':>9} {'worker cpu':>10} {'bound':>6} {'load':>5}"
    )
    base = None
    cores = os.cpu_count() or 1
    for n in counts:
        seconds, summary, own, kids = run(folder, n, args.ocr)
        pages = int(summary["pages"])  # type: ignore[call-overload]
        rate = pages / seconds
        base = base or rate
        files = int(summary["ingested"])  # type: ignore[call-overload]
        bound = scaling_bound(n, cores, kids, own)
        say(
            f"{n:>7} {files:>6} {pages:>6} {seconds:>8.1f} {rate:>8.1f} {rate / base:>7.2f}x"
            f" {own:>8.1f}s {kids:>9.1f}s {bound:>5.2f}x {os.getloadavg()[0]:>5.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
