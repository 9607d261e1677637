"""Watch inbox folders for new and changed files. The only module that imports watchdog.

:class:`FolderWatcher` runs one long-lived watchdog observer (native, or polling for network
shares where inotify sees nothing) over all inboxes, recursively, and turns its events into a
plain list of file paths for the caller's loop. It does not decide *when* a file is complete:
feed the paths to :class:`~contractdossier.ingest.stability.StabilityTracker`. It does not
promise each path once either: the same path can come back in a later :meth:`events` call
(every write is an event), so the caller keeps a set of queued paths.

Events used, and what they become:

* file ``created``, ``modified``, ``closed`` (inotify's close-after-write) and ``attrib``
  (``cp -p``/``touch`` setting the mtime): the file's path;
* file ``moved``: the *destination* path (a rename inside an inbox; a file moved in from
  outside arrives as ``created`` on Linux and as ``moved`` or ``created`` elsewhere; a file
  moved *out* is a ``deleted`` and ignored);
* directory ``created`` or ``moved`` (destination): every candidate file below it, found by
  walking it here, because watchdog need not emit events for files inside a moved-in folder;
* everything else (deletions, opens, directory modifications) is ignored.

Junk names (:func:`~contractdossier.ingest.scan.is_junk`) are dropped in the observer
thread; excluded folders, vanished files, non-regular files and symlinks leading out of the
inbox are dropped in :meth:`FolderWatcher.events` (see ``scan.is_candidate``).

When a watched folder vanishes (deleted, or moved away) watchdog stops watching it; the
watcher does not crash. On every :meth:`FolderWatcher.events` call it checks each inbox and,
once the folder exists again (or when it did not exist at :meth:`~FolderWatcher.start`), it
schedules a new watch and reports every candidate file already in it. Files dropped while
no watch was active are therefore reported as soon as the folder is back; the caller's
periodic rescan remains the safety net.
"""

from __future__ import annotations

import logging
import os
import queue
import stat
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from watchdog.events import (
    EVENT_TYPE_ATTRIB,
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from contractdossier import errors
from contractdossier.ingest.scan import absolute, inbox_for, is_candidate, is_junk, walk_folder

logger = logging.getLogger(__name__)

_FILE_EVENTS = frozenset(
    {
        EVENT_TYPE_CREATED,
        EVENT_TYPE_MODIFIED,
        EVENT_TYPE_MOVED,
        EVENT_TYPE_CLOSED,
        EVENT_TYPE_ATTRIB,
    }
)
_DIR_EVENTS = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_MOVED})
_JOIN_TIMEOUT = 10.0  # seconds to wait for the observer thread on stop()


@dataclass(frozen=True, slots=True)
class _Touched:
    """One path reported by the observer thread."""

    path: Path
    is_dir: bool


@dataclass(frozen=True, slots=True)
class _Watch:
    watch: ObservedWatch
    identity: tuple[int, int]  # (st_dev, st_ino) of the folder when it was scheduled


def _folder_identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of ``folder`` if it is an existing directory, else None."""
    try:
        st = folder.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


class _Handler(FileSystemEventHandler):
    """Runs in the observer thread: translate, drop junk by name, hand over. Never raises."""

    def __init__(self, accept: Callable[[_Touched], None]) -> None:
        super().__init__()
        self._accept = accept

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            wanted = _DIR_EVENTS if event.is_directory else _FILE_EVENTS
            if event.event_type not in wanted:
                return
            raw = event.dest_path if event.event_type == EVENT_TYPE_MOVED else event.src_path
            if raw:
                self._accept(_Touched(Path(os.fsdecode(raw)), event.is_directory))
        except Exception:  # an exception here would kill the observer thread
            logger.exception("Could not handle the file-system event %r", event)


class FolderWatcher:
    """One observer over several inbox folders; :meth:`events` hands out touched files.

    ``exclude`` lists folders whose files are never reported (the service's own output, if a
    configuration puts it near an inbox). ``poll_interval`` is the polling observer's scan
    interval in seconds (ignored by the native observer). Thread-safe: the observer thread
    only puts paths on a queue; :meth:`events` may be called from any one thread at a time
    (calls are serialised).
    """

    def __init__(
        self,
        folders: Sequence[Path],
        *,
        polling: bool = False,
        poll_interval: float = 1.0,
        exclude: Sequence[Path] = (),
    ) -> None:
        if not folders:
            raise errors.ConfigError("No folders to watch.")
        if poll_interval <= 0:
            raise errors.ConfigError(f"The poll interval must be positive, not {poll_interval}.")
        self._folders = tuple(dict.fromkeys(absolute(f) for f in folders))
        self._polling = polling
        self._poll_interval = poll_interval
        self._exclude = tuple(exclude)
        self._queue: queue.Queue[_Touched] = queue.Queue()
        self._handler = _Handler(self._accept)
        self._observer: BaseObserver | None = None
        self._watches: dict[Path, _Watch] = {}
        self._lock = threading.RLock()  # observer and watches
        self._consume_lock = threading.Lock()  # one events() call at a time

    # -- public -------------------------------------------------------------------------

    @property
    def folders(self) -> tuple[Path, ...]:
        """The watched folders, absolute, in the order given."""
        return self._folders

    @property
    def alive(self) -> bool:
        """Whether the observer thread runs. False before start(), after stop() or a crash."""
        observer = self._observer
        return observer is not None and observer.is_alive()

    @property
    def watching(self) -> tuple[Path, ...]:
        """The folders that currently have an active watch (missing folders do not)."""
        with self._lock:
            return tuple(f for f in self._folders if f in self._watches)

    def inbox_for(self, path: Path) -> Path | None:
        """The watched folder ``path`` belongs to (the deepest one, if inboxes are nested)."""
        return inbox_for(path, self._folders)

    def start(self) -> None:
        """Start the observer and watch every folder that exists (recursively).

        Idempotent while running; after a crash or :meth:`stop` it starts a fresh observer.
        A folder that does not exist yet is logged and watched once it appears. Raises
        :class:`errors.ConfigError` when a folder is not a directory or cannot be watched
        (e.g. the inotify watch limit; ``polling=True`` avoids that limit).
        """
        with self._lock:
            if self.alive:
                return
            self._discard_observer()
            observer: BaseObserver = (
                PollingObserver(timeout=self._poll_interval) if self._polling else Observer()
            )
            observer.start()
            self._observer = observer
            try:
                for folder in self._folders:
                    if folder.exists() and not folder.is_dir():
                        raise errors.ConfigError(f"The watched path {folder} is not a folder.")
                    if not self._schedule(folder, report_existing=False, strict=True):
                        logger.warning("Watched folder %s does not exist (yet)", folder)
            except BaseException:
                self._discard_observer()
                raise
            logger.info(
                "Watching %d folder(s) with %s", len(self._watches), type(observer).__name__
            )

    def stop(self) -> None:
        """Stop the observer and join its threads. Safe to call twice or before start()."""
        with self._lock:
            self._discard_observer()

    def events(self, timeout: float) -> list[Path]:
        """Files touched since the last call, waiting up to ``timeout`` s for the first one.

        Absolute paths, without duplicates within one call, in the order seen; only existing
        candidate files (see module docstring). Also re-watches folders that came back.
        Returns ``[]`` at the deadline.
        """
        deadline = time.monotonic() + timeout
        with self._consume_lock:
            with self._lock:
                self._maintain()
            found: dict[Path, None] = {}
            while True:
                remaining = max(0.0, deadline - time.monotonic())
                try:
                    batch = [self._queue.get(timeout=remaining)]
                except queue.Empty:
                    return list(found)
                while True:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                for path in self._expand(batch):
                    found[path] = None
                if found:
                    return list(found)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals ----------------------------------------------------------------------

    def _accept(self, touched: _Touched) -> None:
        """Observer thread: drop junk names, queue the rest."""
        inbox = self.inbox_for(touched.path)
        if inbox is None or touched.path == inbox:
            return
        if is_junk(touched.path, inbox):
            return
        self._queue.put(touched)

    def _expand(self, batch: Iterable[_Touched]) -> Iterable[Path]:
        """Consumer thread: files stay if they are candidates, folders become their files."""
        for touched in batch:
            inbox = self.inbox_for(touched.path)
            if inbox is None:
                continue
            if touched.is_dir:
                yield from walk_folder(touched.path, inbox, self._exclude)
            elif is_candidate(touched.path, inbox, self._exclude):
                yield touched.path

    def _schedule(self, folder: Path, *, report_existing: bool, strict: bool) -> bool:
        """Watch ``folder``; False if it does not exist. Errors raise if ``strict``, else log."""
        assert self._observer is not None
        identity = _folder_identity(folder)
        if identity is None:
            return False
        try:
            watch = self._observer.schedule(self._handler, str(folder), recursive=True)
        except (FileNotFoundError, NotADirectoryError):
            return False  # vanished between the check and the watch
        except OSError as e:
            if strict:
                raise errors.ConfigError(
                    f"Cannot watch {folder}: {e}. Polling mode does not have this limit."
                ) from e
            logger.warning("Cannot watch %s yet: %s", folder, e)
            return False
        self._watches[folder] = _Watch(watch, identity)
        if report_existing:
            self._queue.put(_Touched(folder, is_dir=True))
        return True

    def _maintain(self) -> None:
        """Re-watch folders that vanished and came back, or were missing at start."""
        observer = self._observer
        if observer is None or not observer.is_alive():
            return
        running = {e.watch for e in observer.emitters if e.is_alive()}
        for folder in self._folders:
            identity = _folder_identity(folder)
            current = self._watches.get(folder)
            if current is not None:
                if current.watch in running and current.identity == identity:
                    continue
                logger.warning("Watched folder %s vanished or was replaced", folder)
                del self._watches[folder]
                try:
                    observer.unschedule(current.watch)
                except (KeyError, OSError) as e:
                    logger.debug("Unscheduling %s: %s", folder, e)
            if identity is not None and self._schedule(folder, report_existing=True, strict=False):
                logger.info("Watching %s again", folder)

    def _discard_observer(self) -> None:
        observer, self._observer = self._observer, None
        self._watches.clear()
        if observer is None:
            return
        observer.stop()
        if observer.ident is not None:  # it was started
            observer.join(_JOIN_TIMEOUT)
            if observer.is_alive():
                logger.error("The file-system observer did not stop within %ss", _JOIN_TIMEOUT)
