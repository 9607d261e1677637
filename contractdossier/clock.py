"""Time in one place, so tests and reports can fix "now" and "today"."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def now_iso() -> str:
    return now().isoformat(timespec="milliseconds")


def today() -> dt.date:
    """Today's date; ``DOSSIER_TODAY=YYYY-MM-DD`` fixes it (reproducible reports and demos)."""
    fixed = os.environ.get("DOSSIER_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()
