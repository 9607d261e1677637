"""Inter-process locks on files: one index writer at a time, with a timeout and a clear error.

``flock`` locks belong to an open file, so they also exclude two threads of one process that
each take the lock, and they vanish with a process that dies: no stale locks to clean up. The
holder writes who it is into the file, so the error can say who holds it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from pathlib import Path
from types import TracebackType

from contractdossier.errors import IndexBusyError


class FileLock:
    def __init__(self, path: Path, purpose: str, what: str = "the search index") -> None:
        self.path = path
        self.purpose = purpose
        self.what = what
        self._fd: int | None = None

    def acquire(self, timeout: float) -> FileLock:
        """Take the lock, waiting up to ``timeout`` seconds; raise IndexBusyError after that."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + max(0.0, timeout)
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    waited = f"; waited {timeout:.0f} s" if timeout >= 1 else ""
                    raise IndexBusyError(
                        f"{self.what} is busy: {holder or 'another process'} is writing it"
                        f"{waited}. Try again when it has finished.") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        self._fd = fd
        since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        info = f"{self.purpose} (pid {os.getpid()} on {socket.gethostname()}, since {since})"
        os.ftruncate(fd, 0)
        os.pwrite(fd, info.encode(), 0)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def holder(self) -> str:
        try:
            return self.path.read_text("utf-8", errors="replace").strip()
        except OSError:
            return ""

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        if self._fd is None:
            raise RuntimeError("call acquire(timeout) first")
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
