"""Pure helpers for finding the files in an inbox: junk filter, candidates, startup scan.

No watchdog here: the startup scan (files dropped while the watcher was down), ``dossier
ingest <paths>`` and the watcher all use the same rules, so a file is treated the same way
whichever of them sees it first.

Rules, in one place:

* **Junk** is decided by name only (:func:`is_junk`): OS droppings (``.DS_Store``,
  ``Thumbs.db``, ``desktop.ini``), Office and LibreOffice lock files (``~$*``, ``.~lock.*``),
  partial downloads and temporary files (``*.part``, ``*.crdownload``, ``*.tmp`` ...), editor
  backups (``*~``), and anything hidden: a name starting with ``.`` or a file under a hidden
  folder *relative to the inbox* (an inbox that itself lives under ``~/.local`` is fine).
  Zero-byte files are **not** junk: the pipeline quarantines them with a reason.
* **Candidates** (:func:`is_candidate`) are all non-junk regular files, whatever their suffix.
  Non-PDFs are deliberately *not* skipped here: the pipeline quarantines them with a readable
  reason ("not a PDF"), so a person who drops ``contract.docx`` sees why nothing happened
  instead of a silent ignore. The ``%PDF-`` check belongs at the pipeline boundary anyway,
  because a suffix proves nothing.
* **Symlinks** to files are followed only when the target lies inside the inbox; a link that
  points outside it is logged and skipped (a shared drop folder must not become a way to read
  arbitrary files on the server). Symlinks to folders are never descended into (no loops; the
  real folder inside the inbox is walked anyway).
* **Excluded folders** (the store, quarantine, processed folder, ...) are never entered.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath

from contractdossier import errors
from contractdossier.records import SourceFile

logger = logging.getLogger(__name__)

#: Exact names (compared case-insensitively) that operating systems and tools leave behind.
JUNK_NAMES: frozenset[str] = frozenset(
    {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"}
)
#: Name prefixes of lock and resource-fork files.
JUNK_PREFIXES: tuple[str, ...] = ("~$", ".~lock.", "._")
#: Suffixes (case-insensitive) of files still being downloaded or written.
JUNK_SUFFIXES: frozenset[str] = frozenset(
    {".part", ".partial", ".crdownload", ".download", ".tmp", ".temp", ".swp"}
)


def absolute(path: Path) -> Path:
    """Absolute and normalised (``..`` removed) without resolving symlinks."""
    return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() would follow symlinks


def inbox_for(path: Path, inboxes: Sequence[Path]) -> Path | None:
    """The inbox ``path`` belongs to (the deepest one, if inboxes are nested), or ``None``.

    ``inboxes`` must already be absolute (see :func:`absolute`).
    """
    path = absolute(path)
    best: Path | None = None
    for folder in inboxes:
        inside = path == folder or path.is_relative_to(folder)
        if inside and (best is None or len(folder.parts) > len(best.parts)):
            best = folder
    return best


def _relative_parts(path: Path, inbox: Path | None) -> tuple[str, ...]:
    """The parts of ``path`` below ``inbox``; just the name when there is no (matching) inbox."""
    if inbox is not None:
        try:
            return absolute(path).relative_to(absolute(inbox)).parts
        except ValueError:
            pass
    return (path.name,)


def _is_junk_name(name: str) -> bool:
    folded = name.casefold()
    return (
        folded in JUNK_NAMES
        or name.startswith(".")
        or name.startswith(JUNK_PREFIXES)
        or name.endswith("~")
        or PurePath(folded).suffix in JUNK_SUFFIXES
    )


def is_junk(path: Path, inbox: Path | None = None) -> bool:
    """Whether ``path`` is a file that is never a document, judged by name only (no I/O).

    With ``inbox``, a file under a hidden folder of the inbox counts as junk too; folders
    above the inbox are not looked at.
    """
    parts = _relative_parts(path, inbox)
    if not parts:  # the inbox itself
        return False
    *folders, name = parts
    return _is_junk_name(name) or any(folder.startswith(".") for folder in folders)


def is_excluded(path: Path, exclude: Sequence[Path]) -> bool:
    """Whether ``path`` is one of the ``exclude`` folders or lies below one of them."""
    if not exclude:
        return False
    candidates = {absolute(path), path.resolve()}
    for folder in exclude:
        for root in {absolute(folder), folder.resolve()}:
            if any(c == root or c.is_relative_to(root) for c in candidates):
                return True
    return False


def _link_escapes(path: Path, inbox: Path) -> bool:
    """Whether the symlink ``path`` points outside ``inbox`` (or nowhere)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling link or a loop
        return True
    root = inbox.resolve()
    return not (target == root or target.is_relative_to(root))


def is_candidate(path: Path, inbox: Path, exclude: Sequence[Path] = ()) -> bool:
    """Whether ``path`` should be handed to the pipeline.

    True for every non-junk regular file (PDF or not, see the module docstring) that is not
    in an excluded folder and is not a symlink leading out of ``inbox``. Does I/O (lstat).
    """
    return not is_excluded(path.parent, exclude) and _is_candidate_file(path, inbox)


def _is_candidate_file(path: Path, inbox: Path) -> bool:
    """:func:`is_candidate` without the exclude check (the walk checked the folder already)."""
    if is_junk(path, inbox):
        return False
    try:
        st = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode):
        if _link_escapes(path, inbox):
            logger.warning("Skipping %s: it is a symlink that points outside %s", path, inbox)
            return False
        try:
            st = path.stat()
        except OSError:
            return False
    return stat.S_ISREG(st.st_mode)


def dossier_of(path: Path, inbox: Path | None) -> str:
    """The folder of ``path`` relative to ``inbox``, '/'-separated; '' at the root or no inbox.

    Raises ``ValueError`` when ``path`` does not lie under ``inbox``.
    """
    if inbox is None:
        return ""
    relative = absolute(path).relative_to(absolute(inbox))
    return relative.parent.as_posix() if len(relative.parts) > 1 else ""


def source_file(path: Path, inbox: Path | None) -> SourceFile:
    """Stat ``path`` once and describe it. Raises ``OSError`` when it cannot be stat'ed.

    ``path`` and ``inbox`` are made absolute (symlinks are not resolved, so the dossier is the
    folder the person sees).
    """
    path = absolute(path)
    root = absolute(inbox) if inbox is not None else None
    st = path.stat()
    return SourceFile(
        path=path,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        inbox=root,
        dossier=dossier_of(path, root),
    )


def walk_folder(folder: Path, inbox: Path, exclude: Sequence[Path] = ()) -> Iterator[Path]:
    """Candidate files under ``folder`` (itself inside or equal to ``inbox``), sorted by name.

    Recursive and deterministic: entries of each folder in code-point order of their names,
    files and sub-folders interleaved. Hidden and excluded folders are not entered, symlinked
    folders are not followed, unreadable folders are logged and skipped.
    """
    folder = absolute(folder)
    inbox = absolute(inbox)
    if is_excluded(folder, exclude):
        return
    if folder != inbox and is_junk(folder, inbox):
        return
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        return  # vanished meanwhile
    except OSError as e:
        logger.warning("Cannot read folder %s: %s", folder, e)
        return
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if not _is_junk_name(entry.name) and not is_excluded(path, exclude):
                yield from walk_folder(path, inbox, exclude)
        elif entry.is_symlink() and path.is_dir():
            logger.info("Not following the symlinked folder %s", path)
        elif _is_candidate_file(path, inbox):
            yield path


def iter_source_files(paths: Sequence[Path], exclude: Sequence[Path] = ()) -> Iterator[SourceFile]:
    """Every candidate file among ``paths`` (files and folders), as :class:`SourceFile`.

    A folder argument is the inbox for everything below it (so ``dossier`` is relative to it);
    a file argument gets its parent as inbox and dossier ''. Arguments are taken in the order
    given, folders walked with :func:`walk_folder`; a file reached twice is yielded once.
    Junk, excluded and escaping-symlink arguments are skipped (logged) like files found in a
    walk, so the same rules hold whoever calls this. A file that vanishes before it is stat'ed
    is skipped.

    Raises :class:`errors.NotFoundError` for an argument that does not exist, before yielding
    anything.
    """
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise errors.NotFoundError(f"No such file or folder: {missing[0]}")
    return _iter_source_files([absolute(p) for p in paths], exclude)


def _iter_source_files(paths: Sequence[Path], exclude: Sequence[Path]) -> Iterator[SourceFile]:
    seen: set[Path] = set()
    for arg in paths:
        if arg.is_dir():
            inbox = arg
            if is_excluded(arg, exclude):
                logger.info("Skipping %s: it is an excluded folder", arg)
                continue
            found: Iterator[Path] = walk_folder(arg, arg, exclude)
        else:
            inbox = arg.parent
            if not is_candidate(arg, inbox, exclude):
                logger.info("Skipping %s: junk, excluded, or not a regular file", arg)
                continue
            found = iter((arg,))
        for path in found:
            if path in seen:
                continue
            seen.add(path)
            try:
                yield source_file(path, inbox)
            except FileNotFoundError:
                logger.debug("%s vanished before it could be read", path)


def assert_no_watch_loop(watched: Sequence[Path], protected: Sequence[Path]) -> None:
    """Refuse a configuration in which our own output would be ingested again.

    Raises :class:`errors.ConfigError` when a protected folder (data home, store, quarantine,
    processed folder) is a watched folder, lies inside one, or contains one. Paths are
    compared after resolving symlinks; they need not exist yet.
    """
    for w in watched:
        w_abs = w.resolve()
        for p in protected:
            p_abs = p.resolve()
            if p_abs == w_abs or p_abs.is_relative_to(w_abs):
                raise errors.ConfigError(
                    f"{p} lies inside the watched folder {w}: files written there would be "
                    "ingested again. Move it out of the watched folder."
                )
            if w_abs.is_relative_to(p_abs):
                raise errors.ConfigError(
                    f"The watched folder {w} lies inside {p}, which the service writes to. "
                    "Watch a folder outside it."
                )
