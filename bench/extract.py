"""Benchmark the text-extraction stage against poppler's pdftotext.

    .venv/bin/python bench/extract.py [FOLDER] [--limit N] [--no-ocr] [--plumber]

FOLDER defaults to ../shared/corpus/cuad-dev/pdf (beside the checkout); every *.pdf below it is
read. In one process it times ``extract_text(ocr=never)`` and ``pdftotext`` (one subprocess per
file, so pdftotext pays a process start per file; our side is warmed up on one file first), and
prints pages/s for both, their ratio, and fidelity: the word-overlap F1 of our text against
pdftotext's, per file (mean and min). "Layer F1" is the same for pdfium's text before header/footer
removal and hyphen repair, so the difference shows what the clean-up removes on purpose.

It also measures the peak memory of extracting a generated 300-page PDF (and the largest corpus
file) in a fresh child process, and, when tesseract and ../shared/corpus/nl-synth are present,
OCR seconds per page on the scanned contract 02. ``--plumber`` adds pdfplumber's speed and
fidelity on the same files (slow: about 20x pdfium).

Targets: >= 200 pages/s per core (judged on CPU seconds, since wall time depends on what else
the machine runs; both are printed), fidelity >= 0.98, < 500 MB for 300 pages.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from bench_common import pdf_files, say  # noqa: E402

from contractdossier.errors import DossierError  # noqa: E402
from contractdossier.extract import OcrMode, extract_text, layout, ocr_available  # noqa: E402
from contractdossier.extract.pdf import open_pdf  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_FOLDER = SHARED / "cuad-dev" / "pdf"
NL_SYNTH = SHARED / "nl-synth"
TARGET_PAGES_PER_S = 200.0
TARGET_FIDELITY = 0.98
TARGET_MB_300 = 500.0
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def f1(ours: str, theirs: str) -> float:
    a, b = words(ours), words(theirs)
    if not a and not b:
        return 1.0
    overlap = sum((a & b).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    /proc/self/status VmHWM where there is one: unlike ru_maxrss it starts afresh at exec, so
    a child started from a big parent does not inherit the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class FileResult:
    path: Path
    pages: int
    ours_s: float
    ours_cpu_s: float
    theirs_s: float | None
    theirs_cpu_s: float | None
    fidelity: float | None
    layer_fidelity: float | None
    error: str | None = None


def layer_text(path: Path) -> str:
    """pdfium's text, normalised but without header removal or hyphen repair."""
    with open_pdf(path) as pdf:
        return "\n".join(layout.normalise_whitespace(pdf.text(i)) for i in range(pdf.page_count))


def pdftotext(path: Path) -> tuple[str, float, float]:
    """pdftotext's text, wall seconds and CPU seconds."""
    started, cpu = time.perf_counter(), children_cpu_s()
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=False
    )
    text = done.stdout.decode("utf-8", "replace")
    return text, time.perf_counter() - started, children_cpu_s() - cpu


def run_corpus(files: list[Path], with_pdftotext: bool) -> list[FileResult]:
    extract_text(files[0], ocr=OcrMode.never)  # warm-up: loads pdfium
    results = []
    for path in files:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            ours = extract_text(path, ocr=OcrMode.never)
        except DossierError as e:
            error = f"{type(e).__name__}: {e}"
            results.append(FileResult(path, 0, 0.0, 0.0, None, None, None, None, error))
            continue
        ours_s, ours_cpu_s = time.perf_counter() - started, time.process_time() - cpu
        theirs_s = theirs_cpu_s = fidelity = layer_fidelity = None
        if with_pdftotext:
            theirs, theirs_s, theirs_cpu_s = pdftotext(path)
            fidelity = f1(ours.full_text, theirs)
            layer_fidelity = f1(layer_text(path), theirs)
        results.append(
            FileResult(
                path,
                ours.page_count,
                ours_s,
                ours_cpu_s,
                theirs_s,
                theirs_cpu_s,
                fidelity,
                layer_fidelity,
            )
        )
    return results


def report_corpus(results: list[FileResult], folder: Path) -> None:
    good = [r for r in results if r.error is None]
    pages = sum(r.pages for r in good)
    ours_s = sum(r.ours_s for r in good)
    say(f"files: {len(results)} ({len(results) - len(good)} failed)   pages: {pages}")
    for r in results:
        if r.error:
            say(f"  failed: {r.path.relative_to(folder)}: {r.error}")
    ours_rate = pages / ours_s if ours_s else float("inf")
    ours_cpu = sum(r.ours_cpu_s for r in good)
    # "per core" is judged on CPU time: wall time depends on what else the machine runs
    mark = "ok" if pages / ours_cpu >= TARGET_PAGES_PER_S else "MISSED"
    say(
        f"ours (pdfium, OCR never): {ours_s:7.2f} s  {ours_rate:7.1f} pages/s wall, "
        f"{pages / ours_cpu:7.1f} pages/CPU-s [target >= {TARGET_PAGES_PER_S:.0f}/core: {mark}]"
    )
    compared = [r for r in good if r.theirs_s is not None and r.fidelity is not None]
    if not compared:
        say("pdftotext: not installed (apt install poppler-utils); no comparison")
        return
    theirs_s = sum(r.theirs_s or 0.0 for r in compared)
    theirs_cpu = sum(r.theirs_cpu_s or 0.0 for r in compared)
    theirs_rate = pages / theirs_s
    say(
        f"pdftotext (1 process/file): {theirs_s:7.2f} s  {theirs_rate:7.1f} pages/s wall, "
        f"{pages / theirs_cpu:7.1f} pages/CPU-s"
    )
    say(
        f"ratio ours/pdftotext: {ours_rate / theirs_rate:.1f}x wall, "
        f"{(pages / ours_cpu) / (pages / theirs_cpu):.1f}x CPU"
    )
    fid = [r.fidelity or 0.0 for r in compared]
    layer = [r.layer_fidelity or 0.0 for r in compared]
    mean = sum(fid) / len(fid)
    mark = "ok" if mean >= TARGET_FIDELITY else "MISSED"
    say(
        f"fidelity (word F1 vs pdftotext): mean {mean:.4f}  min {min(fid):.4f} "
        f"[target mean >= {TARGET_FIDELITY}: {mark}]"
    )
    say(
        f"layer F1 (before header/footer removal): mean {sum(layer) / len(layer):.4f}  "
        f"min {min(layer):.4f}"
    )
    say("lowest fidelity:")
    for r in sorted(compared, key=lambda r: r.fidelity or 0.0)[:5]:
        say(f"  {r.fidelity:.4f} (layer {r.layer_fidelity:.4f})  {r.path.relative_to(folder)}")
    say(f"peak RSS of this process so far: {peak_rss_mb():.0f} MB")


def run_plumber(files: list[Path]) -> None:
    pages = 0
    scores = []
    started = time.perf_counter()
    for path in files:
        with open_pdf(path) as pdf:
            text = "\n".join(pdf.plumber_text(i) for i in range(pdf.page_count))
            pages += pdf.page_count
        if shutil.which("pdftotext"):
            theirs, theirs_s, _ = pdftotext(path)
            scores.append(f1(text, theirs))
            started += theirs_s  # time pdfplumber only
    rate = pages / (time.perf_counter() - started)
    fidelity = f"mean {sum(scores) / len(scores):.4f} min {min(scores):.4f}" if scores else "n/a"
    say(f"pdfplumber: {pages} pages, {rate:.1f} pages/s; word F1 vs pdftotext {fidelity}")


def make_big_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    family = "Helvetica"
    if DEJAVU.exists():
        pdf.add_font("body", fname=str(DEJAVU))
        family = "body"
    sentence = (
        "{a}.{b} De opdrachtnemer voert de werkzaamheden uit met de zorg van een goed "
        "opdrachtnemer, binnen de termijnen van bijlage {c}, en meldt afwijkingen schriftelijk "
        "aan de opdrachtgever; The supplier shall report any deviation in writing. "
    )
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font(family, size=8)
        pdf.set_xy(15, 8)
        pdf.cell(0, 4, "Raamovereenkomst Benchmark – Vertrouwelijk")
        pdf.set_xy(15, 285)
        pdf.cell(0, 4, f"Pagina {n} van {pages}")
        pdf.set_font(family, size=9)
        pdf.set_xy(15, 16)
        body = "".join(sentence.format(a=n % 17 + 1, b=k, c=k % 5 + 1) for k in range(1, 16))
        for line in textwrap.wrap(body, 110)[:60]:
            pdf.set_x(15)
            pdf.cell(0, 4.3, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def probe(path: Path) -> None:
    """Child process: extract one file, print pages, seconds and RSS as JSON."""
    before = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    result = extract_text(path, ocr=OcrMode.never)
    seconds = time.perf_counter() - started
    payload = {
        "pages": result.page_count,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "rss_before_mb": before,
        "peak_mb": peak_rss_mb(),
    }
    sys.stdout.write(json.dumps(payload) + "\n")


def run_probe(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--probe", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


def report_memory(results: list[FileResult], pages: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        big = Path(tmp) / f"generated-{pages}.pdf"
        make_big_pdf(big, pages)
        data = run_probe(big)
        mark = "ok" if data["peak_mb"] < TARGET_MB_300 else "MISSED"
        say(
            f"memory, generated {int(data['pages'])}-page PDF ({big.stat().st_size / 1e6:.1f} MB): "
            f"peak RSS {data['peak_mb']:.0f} MB (after imports {data['rss_before_mb']:.0f} MB), "
            f"{data['seconds']:.2f} s wall = {data['pages'] / data['seconds']:.0f} pages/s, "
            f"{data['pages'] / data['cpu_seconds']:.0f} pages/CPU-s "
            f"[target < {TARGET_MB_300:.0f} MB: {mark}]"
        )
    if results:
        largest = max(results, key=lambda r: r.pages).path
        try:
            data = run_probe(largest)
        except subprocess.CalledProcessError as e:
            say(f"memory, largest corpus file: probe failed: {e.stderr.strip()[-200:]}")
            return
        say(
            f"memory, longest corpus file ({int(data['pages'])} pages, "
            f"{largest.stat().st_size / 1e6:.1f} MB): peak RSS {data['peak_mb']:.0f} MB"
        )


def report_ground_truth() -> None:
    """Word F1 against nl-synth's ground-truth texts (running headers/footers left out there)."""
    pdfs = sorted((NL_SYNTH / "pdf").glob("*.pdf")) if NL_SYNTH.is_dir() else []
    scores = []
    for path in pdfs:
        truth = NL_SYNTH / "text" / (path.stem + ".txt")
        if "_scan" in path.stem or not truth.exists():
            continue
        ours = extract_text(path, ocr=OcrMode.never).full_text
        scores.append((f1(ours, truth.read_text()), f1(layer_text(path), truth.read_text())))
    if not scores:
        say("nl-synth ground truth: skipped (../shared/corpus/nl-synth not found)")
        return
    ours_f1, layer_f1 = zip(*scores, strict=True)
    say(
        f"nl-synth ground truth, {len(scores)} text PDFs: word F1 mean "
        f"{sum(ours_f1) / len(scores):.4f} min {min(ours_f1):.4f} "
        f"(pdfium text before clean-up: min {min(layer_f1):.4f})"
    )


def report_ocr() -> None:
    scans = sorted((NL_SYNTH / "pdf").glob("02_*_scan.pdf")) if NL_SYNTH.is_dir() else []
    if not scans:
        say("OCR: skipped (../shared/corpus/nl-synth/pdf/02_*_scan.pdf not found)")
        return
    if not ocr_available("nld+eng"):
        say("OCR: skipped (tesseract with nld+eng not installed)")
        return
    started, cpu = time.perf_counter(), children_cpu_s() + time.process_time()
    result = extract_text(scans[0], ocr=OcrMode.auto)
    seconds = time.perf_counter() - started
    cpu_seconds = children_cpu_s() + time.process_time() - cpu
    truth_files = sorted((NL_SYNTH / "text").glob(scans[0].stem + "*.txt"))
    fidelity = f1(result.full_text, truth_files[0].read_text()) if truth_files else None
    extra = f", word F1 vs ground truth {fidelity:.4f}" if fidelity is not None else ""
    say(
        f"OCR ({scans[0].name}, 300 dpi, nld+eng, 1 thread): {result.ocr_pages} pages in "
        f"{seconds:.1f} s = {seconds / max(result.ocr_pages, 1):.1f} s/page wall, "
        f"{cpu_seconds / max(result.ocr_pages, 1):.1f} CPU-s/page{extra}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--limit", type=int, default=None, help="read at most N files")
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR timing")
    parser.add_argument("--plumber", action="store_true", help="also time pdfplumber")
    parser.add_argument("--pages", type=int, default=300, help="size of the generated PDF")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        probe(args.probe)
        return 0

    folder: Path = args.folder
    if not folder.is_dir():
        sys.stderr.write(f"bench/extract.py: corpus folder not found: {folder}; nothing to do\n")
        return 0
    files = pdf_files(folder)
    if args.limit is not None:
        files = files[: args.limit]
    if not files:
        sys.stderr.write(f"bench/extract.py: no PDFs under {folder}; nothing to do\n")
        return 0
    with_pdftotext = shutil.which("pdftotext") is not None
    say(f"corpus: {folder}")
    results = run_corpus(files, with_pdftotext)
    report_corpus(results, folder)
    report_ground_truth()
    if args.plumber:
        run_plumber(files)
    report_memory(results, args.pages)
    if not args.no_ocr:
        report_ocr()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
