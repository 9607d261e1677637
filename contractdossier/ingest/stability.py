"""A pure file-stability tracker: a file is ready when its size and mtime stop changing.

Watchers report *that* something happened to a path, not that the writer is done: a copy over
SMB, a browser download or a scanner writing page by page produce a file that grows for a
while. The tracker restarts a file's clock whenever its (size, mtime) changes and calls it
ready once they have been unchanged for ``delay`` seconds. Time is passed in (use
``time.monotonic()``), so tests run without sleeping.

Typical loop::

    tracker = StabilityTracker(delay=2.0)
    for path in watcher.events(timeout=0.5):
        st = path.stat()
        tracker.observe(path, st.st_size, st.st_mtime_ns, time.monotonic())
    for path in tracker.poll(os.stat, time.monotonic()):
        enqueue(path)

Call :meth:`poll` (not only :meth:`ready`) in the loop: :meth:`ready` trusts the last
observation, while :meth:`poll` re-stats every pending file first, so a slow writer that
produces no events (polling observer, network share) keeps resetting its clock, and a file
that disappeared is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

logger = logging.getLogger(__name__)


class StatResult(Protocol):
    """The part of ``os.stat_result`` the tracker needs."""

    @property
    def st_size(self) -> int: ...

    @property
    def st_mtime_ns(self) -> int: ...


@dataclass(slots=True)
class _Pending:
    size: int
    mtime_ns: int
    since: float  # when (size, mtime_ns) last changed (or were first seen)


class StabilityTracker:
    """Pending files and the time their size and mtime last changed. Not thread-safe."""

    def __init__(self, delay: float) -> None:
        if delay < 0:
            raise ValueError(f"delay must be >= 0, not {delay}")
        self.delay = delay
        self._pending: dict[Path, _Pending] = {}

    def observe(self, path: Path, size: int, mtime_ns: int, now: float) -> None:
        """Record the current size and mtime of ``path``; (re)start its clock if they changed."""
        entry = self._pending.get(path)
        if entry is None:
            self._pending[path] = _Pending(size, mtime_ns, now)
        elif (entry.size, entry.mtime_ns) != (size, mtime_ns):
            entry.size, entry.mtime_ns, entry.since = size, mtime_ns, now

    def ready(self, now: float) -> list[Path]:
        """Paths unchanged for at least ``delay`` at ``now``, oldest first; each is forgotten.

        A path is returned once; observing it again later starts a new round.
        """
        done = [
            (entry.since, path)
            for path, entry in self._pending.items()
            if now - entry.since >= self.delay
        ]
        done.sort()
        for _, path in done:
            del self._pending[path]
        return [path for _, path in done]

    def poll(self, stat_fn: Callable[[Path], StatResult], now: float) -> list[Path]:
        """Re-stat every pending path, drop the ones that fail, then return :meth:`ready`.

        ``stat_fn`` is typically ``os.stat``; any ``OSError`` it raises (the file was deleted
        or moved away, a share went offline) drops the path: if it comes back, the watcher or
        the periodic rescan reports it again.
        """
        for path in list(self._pending):
            try:
                st = stat_fn(path)
            except OSError as e:
                logger.debug("No longer waiting for %s: %s", path, e)
                del self._pending[path]
                continue
            self.observe(path, st.st_size, st.st_mtime_ns, now)
        return self.ready(now)

    def forget(self, path: Path) -> None:
        """Stop tracking ``path`` (no error if it was not tracked)."""
        self._pending.pop(path, None)

    def __contains__(self, path: object) -> bool:
        return path in self._pending

    def __len__(self) -> int:
        return len(self._pending)
