"""The stability tracker with an injected clock and an injected stat function."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from contractdossier.ingest.stability import StabilityTracker

A = Path("/inbox/a.pdf")
B = Path("/inbox/b.pdf")


@dataclass(frozen=True)
class FakeStat:
    st_size: int
    st_mtime_ns: int


class FakeFiles:
    """A stat function over an in-memory table; missing paths raise FileNotFoundError."""

    def __init__(self) -> None:
        self.table: dict[Path, FakeStat] = {}

    def write(self, path: Path, size: int, mtime_ns: int) -> None:
        self.table[path] = FakeStat(size, mtime_ns)

    def stat(self, path: Path) -> FakeStat:
        try:
            return self.table[path]
        except KeyError:
            raise FileNotFoundError(path) from None


def test_ready_after_delay_exactly_once() -> None:
    tracker = StabilityTracker(delay=2.0)
    tracker.observe(A, 100, 1, now=10.0)
    assert tracker.ready(now=11.9) == []
    assert len(tracker) == 1
    assert tracker.ready(now=12.0) == [A]
    assert len(tracker) == 0
    assert tracker.ready(now=100.0) == []


def test_unchanged_observation_does_not_restart_the_clock() -> None:
    tracker = StabilityTracker(delay=2.0)
    tracker.observe(A, 100, 1, now=0.0)
    tracker.observe(A, 100, 1, now=1.5)
    assert tracker.ready(now=2.0) == [A]


def test_slow_writer_keeps_resetting() -> None:
    tracker = StabilityTracker(delay=2.0)
    size = 0
    for step in range(10):  # a chunk every 1.5 s, always shorter than the delay
        size += 4096
        now = step * 1.5
        tracker.observe(A, size, step, now=now)
        assert tracker.ready(now=now + 1.4) == [], f"ready while still growing (step {step})"
    # the writer stopped at t=13.5: ready two seconds later, not before
    assert tracker.ready(now=15.4) == []
    assert tracker.ready(now=15.5) == [A]


def test_mtime_change_alone_restarts_the_clock() -> None:
    tracker = StabilityTracker(delay=1.0)
    tracker.observe(A, 10, 1, now=0.0)
    tracker.observe(A, 10, 2, now=0.5)  # rewritten in place with the same size
    assert tracker.ready(now=1.25) == []
    assert tracker.ready(now=1.5) == [A]


def test_ready_returns_oldest_first_and_only_the_stable_ones() -> None:
    tracker = StabilityTracker(delay=1.0)
    tracker.observe(B, 1, 1, now=0.0)
    tracker.observe(A, 1, 1, now=0.5)
    tracker.observe(Path("/inbox/c.pdf"), 1, 1, now=5.0)
    assert tracker.ready(now=2.0) == [B, A]
    assert len(tracker) == 1


def test_observed_again_after_ready_starts_a_new_round() -> None:
    tracker = StabilityTracker(delay=1.0)
    tracker.observe(A, 1, 1, now=0.0)
    assert tracker.ready(now=1.0) == [A]
    tracker.observe(A, 1, 1, now=3.0)
    assert tracker.ready(now=3.5) == []
    assert tracker.ready(now=4.0) == [A]


def test_forget() -> None:
    tracker = StabilityTracker(delay=1.0)
    tracker.observe(A, 1, 1, now=0.0)
    tracker.observe(B, 1, 1, now=0.0)
    tracker.forget(A)
    tracker.forget(Path("/never/seen.pdf"))  # no error
    assert A not in tracker
    assert tracker.ready(now=5.0) == [B]


def test_poll_sees_a_slow_writer_without_events() -> None:
    files = FakeFiles()
    tracker = StabilityTracker(delay=2.0)
    files.write(A, 1, 1)
    tracker.observe(A, 1, 1, now=0.0)  # the only event the watcher delivered
    for step in range(1, 6):  # the file keeps growing, no further events
        files.write(A, 1 + step, 1 + step)
        assert tracker.poll(files.stat, now=step * 1.0) == []
    assert tracker.poll(files.stat, now=6.9) == []
    assert tracker.poll(files.stat, now=7.0) == [A]


def test_poll_drops_a_disappearing_file() -> None:
    files = FakeFiles()
    tracker = StabilityTracker(delay=1.0)
    files.write(A, 1, 1)
    files.write(B, 1, 1)
    tracker.observe(A, 1, 1, now=0.0)
    tracker.observe(B, 1, 1, now=0.0)
    del files.table[A]  # deleted, or moved out of the inbox
    assert tracker.poll(files.stat, now=0.5) == []
    assert A not in tracker
    assert len(tracker) == 1
    assert tracker.poll(files.stat, now=1.0) == [B]


def test_poll_with_real_stat(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    st = path.stat()
    tracker = StabilityTracker(delay=1.0)
    tracker.observe(path, st.st_size, st.st_mtime_ns, now=0.0)
    with path.open("ab") as f:
        f.write(b"more")
    assert tracker.poll(os.stat, now=0.5) == []
    assert tracker.poll(os.stat, now=1.25) == []  # the append restarted the clock at 0.5
    assert tracker.poll(os.stat, now=1.5) == [path]


def test_zero_delay_is_ready_at_once_and_negative_is_refused() -> None:
    tracker = StabilityTracker(delay=0)
    tracker.observe(A, 1, 1, now=0.0)
    assert tracker.ready(now=0.0) == [A]
    with pytest.raises(ValueError, match="delay"):
        StabilityTracker(delay=-1)
