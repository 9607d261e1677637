"""OCR with the ``tesseract`` command-line program (no Python binding: one subprocess per page).

The page image goes in on stdin as a PGM with ``--dpi``, the text comes back on stdout. Each call
has a timeout and runs in its own process group, which is killed when the timeout passes.
``OMP_THREAD_LIMIT=1`` is set unless the caller set it: tesseract's OpenMP threads make a page
several times *slower* on a busy machine (15 s instead of 3 s measured on 2 shared cores), and
the pipeline gets its parallelism from its worker processes.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess

log = logging.getLogger(__name__)

TESSERACT = "tesseract"
PAGE_TIMEOUT_S = 180.0  # per page; a dense A4 page at 300 dpi takes 3-6 s on one core
LIST_TIMEOUT_S = 20.0


class OcrFailed(Exception):
    """Tesseract is missing, timed out or failed on one page (internal; never leaves extract)."""


@functools.cache
def installed_languages() -> frozenset[str] | None:
    """Languages ``tesseract --list-langs`` reports, or None if tesseract cannot be run.

    Cached for the life of the process: call ``installed_languages.cache_clear()`` after
    installing language data.
    """
    exe = shutil.which(TESSERACT)
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=LIST_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        log.warning("cannot run %s --list-langs: %s", exe, e)
        return None
    if done.returncode != 0:
        log.warning("%s --list-langs failed: %s", exe, done.stderr.strip()[:200])
        return None
    # First line: 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (3):'
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(
        line.strip() for line in lines if line.strip() and not line.startswith("List of")
    )


def missing_languages(languages: str) -> list[str] | None:
    """The requested languages ("nld+eng") tesseract lacks; None if tesseract is missing."""
    installed = installed_languages()
    if installed is None:
        return None
    return [lang for lang in languages.split("+") if lang and lang not in installed]


def ocr_available(languages: str = "nld+eng") -> bool:
    """True if the tesseract binary is on PATH with every one of ``languages`` installed."""
    return missing_languages(languages) == []


def ocr_image(image: bytes, languages: str = "nld+eng", dpi: int = 300) -> str:
    """Run tesseract on one encoded image (PGM/PNG/TIFF bytes) and return its text.

    Raises :class:`OcrFailed` on a missing binary, a non-zero exit or a timeout.
    """
    exe = shutil.which(TESSERACT)
    if exe is None:
        raise OcrFailed("tesseract is not installed")
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")
    cmd = [exe, "stdin", "stdout", "-l", languages, "--dpi", str(dpi), "--psm", "3"]
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except OSError as e:
        raise OcrFailed(f"cannot start tesseract: {e}") from e
    with proc:  # closes the pipes and reaps the process on the way out
        try:
            out, err = proc.communicate(image, timeout=PAGE_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            _kill_group(proc)
            raise OcrFailed(f"tesseract timed out after {PAGE_TIMEOUT_S:g} s") from e
        except BaseException:
            _kill_group(proc)
            raise
    if proc.returncode != 0:
        message = err.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(
            f"tesseract exited with {proc.returncode}: {message[-1] if message else 'no message'}"
        )
    return out.decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
