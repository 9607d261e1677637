"""The bilingual contract-term thesaurus (``thesaurus.json``), matched on analysed forms.

An entry matches a run of query words when, in Dutch or in English, both analyse to the same
non-empty token sequence ("Opzeggingen" meets "opzegging", "liquidated damages" meets the
phrase). What an entry expands to is every *other* entry of its group.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from contractdossier.search.analysis import LANGUAGES, tokens

Analyze = Callable[[str, str], list[str]]  # (analyzer name, text) -> tokens
MAX_SPAN = 4  # the longest entry, in words


@dataclass(frozen=True, slots=True)
class Group:
    concept: str
    entries: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Thesaurus:
    groups: tuple[Group, ...]
    weight: float

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Thesaurus:
        groups = []
        for g in data["groups"]:
            entries = tuple(dict.fromkeys([*g.get("nl", []), *g.get("en", [])]))
            groups.append(Group(str(g["concept"]), entries))
        return cls(tuple(groups), float(data.get("weight", 0.3)))


@cache
def load() -> Thesaurus:
    text = resources.files("contractdossier.search").joinpath("thesaurus.json").read_text("utf-8")
    return Thesaurus.from_data(json.loads(text))


class Matcher:
    """Finds thesaurus entries in query word runs, with one engine's analyzers."""

    def __init__(self, thesaurus: Thesaurus, analyze: Analyze) -> None:
        self.thesaurus = thesaurus
        self.analyze = analyze
        # (language, analysed tokens) -> [(group index, entry)]
        self._keys: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}
        self._entry_key_sets: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
        for gi, group in enumerate(thesaurus.groups):
            for entry in group.entries:
                keys = self._entry_keys(entry)
                self._entry_key_sets[entry] = keys
                for key in keys:
                    self._keys.setdefault(key, []).append((gi, entry))

    def _entry_keys(self, text: str) -> set[tuple[str, tuple[str, ...]]]:
        keys = set()
        for lang in LANGUAGES:
            analysed = tuple(self.analyze(lang, text))
            if analysed:
                keys.add((lang, analysed))
        return keys

    def expansions(self, words: Sequence[str]) -> list[tuple[int, int, list[str]]]:
        """For each run of ``words`` (start, end) that is an entry: the other entries' texts."""
        found: list[tuple[int, int, list[str]]] = []
        n = len(words)
        for start in range(n):
            for end in range(min(n, start + MAX_SPAN), start, -1):
                span = " ".join(words[start:end])
                if not tokens(span):
                    continue
                span_keys = self._entry_keys(span)
                hits: dict[int, set[str]] = {}
                for key in span_keys:
                    for gi, entry in self._keys.get(key, []):
                        hits.setdefault(gi, set()).add(entry)
                if not hits:
                    continue
                others: list[str] = []
                for gi, matched in hits.items():
                    for entry in self.thesaurus.groups[gi].entries:
                        if entry in matched or self._entry_key_sets[entry] & span_keys:
                            continue
                        if entry not in others:
                            others.append(entry)
                if others:
                    found.append((start, end, others))
                    break  # the longest entry starting here wins
        return found
