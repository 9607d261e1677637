"""The cyclic garbage collector paused around allocation-heavy work that makes no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while. Work that allocates many short-lived
    objects without cycles (an index rebuild's rows, a recogniser's matches and spans) makes
    the collector run every few hundred allocations and walk every young object again; the
    objects are freed by reference counting all the same.

    Process-wide, like the collector itself: when several threads pause it at once, the first
    to leave turns it back on (only if it was on when it paused it), so it is never left off.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
