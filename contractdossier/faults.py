"""Fault injection for the crash tests: SIGKILL this process at named points, at random.

Off unless the process runs in test mode: ``DOSSIER_TEST_MODE=1`` *and*
``DOSSIER_FAULT=point:probability[,point:probability...]``, e.g.
``DOSSIER_FAULT=store_commit:0.05,extract:0.02``. Both are read once, at import. In
production neither is set and :func:`point` is a dictionary lookup that finds nothing.

Points (where the pipeline calls :func:`point`):

* ``archive_write``: the original is copied into the archive's temporary file, not yet renamed;
* ``extract``: in a worker process, before text extraction;
* ``store_commit``: inside the store transaction of a document, just before COMMIT;
* ``after_store``: the document is committed, the source not yet moved, the index not written;
* ``index_commit``: just before the index commit of a batch of contracts;
* ``after_index``: just after it.
"""

from __future__ import annotations

import logging
import os
import random
import signal
from typing import Any

log = logging.getLogger(__name__)

POINTS = frozenset(
    {"archive_write", "extract", "store_commit", "after_store", "index_commit", "after_index"}
)


def _parse(spec: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in spec.split(","):
        name, _, value = part.strip().partition(":")
        if not name:
            continue
        if name not in POINTS:
            raise ValueError(f"DOSSIER_FAULT: unknown fault point {name!r}")
        out[name] = float(value or 1.0)
    return out


def _load() -> dict[str, float]:
    if os.environ.get("DOSSIER_TEST_MODE") != "1":
        return {}
    return _parse(os.environ.get("DOSSIER_FAULT", ""))


_PLAN: dict[str, float] = _load()
_RANDOM = random.Random(os.environ.get("DOSSIER_FAULT_SEED") or None)


def enabled() -> bool:
    return bool(_PLAN)


def point(name: str) -> None:
    """Maybe SIGKILL this process (only in test mode with ``name`` in DOSSIER_FAULT)."""
    p = _PLAN.get(name)
    if p and _RANDOM.random() < p:
        log.warning("fault injection: SIGKILL at %s", name)
        os.kill(os.getpid(), signal.SIGKILL)


def install_store_hook(engine: Any) -> None:
    """Call ``point('store_commit')`` before every COMMIT of ``engine`` (test mode only)."""
    if "store_commit" not in _PLAN:
        return
    from sqlalchemy import event

    if not event.contains(engine, "commit", _on_commit):
        event.listen(engine, "commit", _on_commit)


def _on_commit(_conn: Any) -> None:
    point("store_commit")
