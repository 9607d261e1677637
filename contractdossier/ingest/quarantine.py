"""Quarantine: bad input is set aside with a readable reason, and nothing is lost.

``<home>/quarantine/YYYY-MM-DD/<name>`` receives a copy of the original (or the original itself
when processed files are moved), and ``<name>.reason.txt`` beside it says what was wrong, where
the file came from and what to do. The source file in the inbox is never deleted here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from contractdossier import clock

_MAX_NAME = 180


def quarantine(
    root: Path,
    source: Path,
    *,
    reason: str,
    code: str,
    sha256: str | None,
    move: bool = False,
) -> Path:
    """Set ``source`` aside under ``root`` with a reason file; return the quarantined path."""
    folder = root / clock.now().strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = free_path(folder, _safe_name(source.name), sidecar=".reason.txt")
    copied = True
    try:
        if move:
            shutil.move(str(source), target)
        else:
            shutil.copy2(source, target)
    except FileNotFoundError:
        copied = False  # vanished meanwhile: the reason file still tells the story
    reason_file = target.with_name(target.name + ".reason.txt")
    lines = [
        f"Quarantined: {reason}",
        f"Error code: {code}",
        f"Original path: {source}",
        f"SHA-256: {sha256 or 'unknown'}",
        f"When: {clock.now_iso()}",
        "The original "
        + (
            "was moved here."
            if move and copied
            else "was copied here and left where it was."
            if copied
            else "had vanished before it could be copied."
        ),
        "Fix the file (or export it again as a PDF) and drop it into the inbox again.",
    ]
    tmp = reason_file.with_name(reason_file.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(reason_file)
    return target


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isprintable() and c not in "/\\" else "_" for c in name)
    cleaned = cleaned.lstrip("-.") or "unnamed"
    if len(cleaned.encode()) > _MAX_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        keep = stem.encode()[: _MAX_NAME - len(suffix) - 1].decode(errors="ignore")
        cleaned = f"{keep}{dot}{suffix}" if dot else keep
    return cleaned


def free_path(folder: Path, name: str, *, sidecar: str = "") -> Path:
    """``folder/name``, or ``folder/name-N.ext`` with the first N that is free (and whose
    ``sidecar`` file, e.g. ``.reason.txt``, is free too): nothing set aside is overwritten."""
    candidate = folder / name
    n = 1
    while candidate.exists() or (
        sidecar and candidate.with_name(candidate.name + sidecar).exists()
    ):
        stem, dot, suffix = name.rpartition(".")
        candidate = folder / (f"{stem}-{n}.{suffix}" if dot else f"{name}-{n}")
        n += 1
    return candidate
