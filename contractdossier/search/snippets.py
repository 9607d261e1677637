"""Snippets: the best window of a text around its matches, matches marked «like this»."""

from __future__ import annotations

import re
from collections.abc import Iterable

from contractdossier.search.results import ELLIPSIS, HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

WIDTH = 240  # characters of text in a snippet
_LEAD = 60  # how far before the first match a window starts
_SPACE = re.compile(r"\s+")


def make_snippet(text: str, spans: Iterable[tuple[int, int]], width: int = WIDTH
                 ) -> tuple[str, int]:
    """The snippet and the offset in ``text`` of its first match (or of its start).

    The window holding the most distinct matched words wins (the earliest on a tie); it is cut
    at word boundaries, and cuts are marked with an ellipsis.
    """
    marks = sorted(set(spans))
    if not text:
        return "", 0
    if not marks:
        start, end = 0, _cut_end(text, min(len(text), width))
        return _render(text, start, end, []), 0
    best_start, best_score = 0, -1
    for s, _ in marks:
        start = max(0, s - _LEAD)
        inside = [(a, b) for a, b in marks if a >= start and b <= start + width]
        score = len({text[a:b].lower() for a, b in inside}) * 1000 + len(inside)
        if score > best_score:
            best_start, best_score = start, score
    start = _cut_start(text, best_start)
    end = _cut_end(text, min(len(text), start + width))
    inside = [(a, b) for a, b in marks if a >= start and b <= end]
    first = inside[0][0] if inside else start
    return _render(text, start, end, inside), first


def _cut_start(text: str, start: int) -> int:
    if start <= 0:
        return 0
    space = text.find(" ", start, start + 30)
    return space + 1 if space >= 0 else start


def _cut_end(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, end - 30), end)
    return space if space > 0 else end


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    pieces: list[str] = []
    pos = start
    for a, b in marks:
        if a < pos:
            continue  # overlapping tokens: keep the first
        pieces.append(text[pos:a])
        pieces.append(f"{HIGHLIGHT_OPEN}{text[a:b]}{HIGHLIGHT_CLOSE}")
        pos = b
    pieces.append(text[pos:end])
    body = _SPACE.sub(" ", "".join(pieces)).strip()
    if start > 0:
        body = ELLIPSIS + body
    if end < len(text):
        body = body + ELLIPSIS
    return body
