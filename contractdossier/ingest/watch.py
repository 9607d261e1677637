"""The watch loop: folder events -> stable files -> ledger -> batch runner.

One long-lived observer reports touched paths; the stability tracker releases a path once its
size and mtime stayed unchanged for ``stable_delay``; the ledger registers it (never twice for
the same path, size and mtime); the runner processes it. A startup scan picks up files dropped
while the watcher was down, and a periodic rescan catches events lost on network shares.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from contractdossier.errors import DiskFullError, NotFoundError, StoreError
from contractdossier.ingest.runner import BatchRunner, Summary
from contractdossier.ingest.scan import (
    absolute,
    assert_no_watch_loop,
    inbox_for,
    is_candidate,
    iter_source_files,
    source_file,
)
from contractdossier.ingest.stability import StabilityTracker
from contractdossier.records import SourceFile

log = logging.getLogger(__name__)


class WatchLoop:
    def __init__(
        self,
        runner: BatchRunner,
        folders: Sequence[Path],
        *,
        stable_delay: float,
        rescan_interval: float,
        polling: bool = False,
        exclude: Sequence[Path] = (),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.runner = runner
        self.folders = [absolute(f) for f in folders]
        self.exclude = list(exclude)
        assert_no_watch_loop(self.folders, self.exclude)
        self.tracker = StabilityTracker(stable_delay)
        self.rescan_interval = rescan_interval
        self.polling = polling
        self.clock = clock
        self.registered = 0
        self._known: dict[Path, tuple[int, int]] = {}

    def run(self, stop: threading.Event, *, once: bool = False) -> Summary:
        """Watch until ``stop`` is set (or, with ``once``, until everything present is done)."""
        from contractdossier.ingest.watcher import FolderWatcher

        for folder in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
        watcher = (
            None
            if once
            else FolderWatcher(self.folders, polling=self.polling, exclude=self.exclude)
        )
        if watcher is not None:
            watcher.start()  # before the scan, so nothing dropped in between is missed
        try:
            self.rescan()
            last_scan = self.clock()
            while not stop.is_set():
                if watcher is not None:
                    for path in watcher.events(timeout=0.25 if not self.runner.busy else 0.0):
                        self._observe(path)
                    if not watcher.alive:
                        log.warning("the folder observer stopped; restarting it")
                        watcher.stop()
                        watcher = FolderWatcher(
                            self.folders, polling=self.polling, exclude=self.exclude
                        )
                        watcher.start()
                        self.rescan()
                for path in self.tracker.poll(os.stat, self.clock()):
                    self._register(path)
                try:
                    self.runner.step(timeout=0.1 if self.runner.busy else 0.0)
                except DiskFullError as e:
                    log.error("%s; waiting for space before retrying", e)
                    stop.wait(10.0)
                except StoreError as e:  # the job went back to the queue; keep watching
                    log.error("%s; retrying in a while", e)
                    stop.wait(10.0)
                if self.rescan_interval and self.clock() - last_scan >= self.rescan_interval:
                    self.rescan()
                    last_scan = self.clock()
                if (
                    once
                    and not len(self.tracker)
                    and not self.runner.busy
                    and not self.runner.store.runnable_jobs(limit=1)
                ):
                    break
                if once and len(self.tracker) and not self.runner.busy:
                    stop.wait(0.1)  # waiting for files to become stable
        finally:
            if watcher is not None:
                watcher.stop()
        return self.runner.summary

    def rescan(self) -> None:
        """Look at every file in the watched folders (files dropped while nobody watched)."""
        for folder in self.folders:
            if not folder.is_dir():
                log.warning("watched folder %s is missing; it will be rescanned later", folder)
                continue
            try:
                found = list(iter_source_files([folder], exclude=self.exclude))
            except NotFoundError:  # vanished between the check and the walk
                continue
            for src in found:
                if self._known.get(src.path) != (src.size, src.mtime_ns):
                    self.tracker.observe(src.path, src.size, src.mtime_ns, self.clock())

    def _observe(self, path: Path) -> None:
        inbox = self._inbox_of(path)
        if inbox is None:
            return
        if not is_candidate(path, inbox, self.exclude):
            return
        try:
            st = path.stat()
        except OSError:
            self.tracker.forget(path)
            return
        self.tracker.observe(path, st.st_size, st.st_mtime_ns, self.clock())

    def _register(self, path: Path) -> None:
        inbox = self._inbox_of(path)
        if inbox is None:
            return
        try:
            src: SourceFile = source_file(path, inbox)
        except OSError:
            return
        if self._known.get(src.path) == (src.size, src.mtime_ns):
            return
        _, created = self.runner.store.register(src)
        self._known[src.path] = (src.size, src.mtime_ns)
        if created:
            self.registered += 1
            log.info("queued %s", src.path)

    def _inbox_of(self, path: Path) -> Path | None:
        return inbox_for(path, self.folders)
