"""Clause and fact recognition: text in, facts with evidence out (see ``recognise``)."""

from __future__ import annotations

from contractdossier.records import ExtractedText, Recognised


def recognise(text: ExtractedText, document: str) -> Recognised:
    """Recognise the title, clauses and facts of one document (``document`` = its sha256)."""
    title = ""
    for line in text.full_text.splitlines():
        if line.strip():
            title = line.strip()[:200]
            break
    return Recognised(title=title)
