"""spaCy behind one module: blank ``nl``/``en`` pipelines with rule components, no models.

This is the only module that imports spaCy. Docs, spans and matchers stay in here; callers get
plain Python values (:class:`Mention`, frozensets of type names).

Each language has one pipeline, built lazily on first use and cached for the process:

``spacy.blank(lang)`` +

- ``cd_legal_ruler`` -- a :class:`~spacy.pipeline.SpanRuler` (``doc.spans["cd_legal"]``) fed with
  ``patterns/jurisdictions.jsonl`` (label ``JURISDICTION``, id = canonical name) and
  ``patterns/forums.jsonl`` (``COURT``, ``ARBITRATION`` with canonical ids; ``COURT_GENERIC``,
  ``ARBITRATION_GENERIC`` without);
- ``cd_law_context`` -- reads the jurisdictions, writes ``doc.spans["cd_law"]`` with label
  ``GOVERNING_LAW``, ``INCORPORATION`` or ``JURISDICTION`` (no cue either way), using the cue
  phrases of ``patterns/law_cues.json`` ("incorporated under", "a Delaware *corporation*",
  "een stichting *naar* Nederlands recht" versus "governed by", "van toepassing");
- ``cd_clause_heading_types`` -- a :class:`~spacy.matcher.Matcher` built from the ``heading``
  lists of ``patterns/clause_types.json`` (both languages: Dutch contracts use English headings
  such as "Service Levels"), writing ``doc.spans["cd_clause_types"]`` labelled with the type.

Speed. Tokenising a whole contract with spaCy costs about 5 ms a page on the blank pipelines,
more than the whole recognition budget (400 pages/s). So spaCy only sees short texts: clause
headings (:func:`heading_types`, cached per heading) and the few sentences around a law or forum
cue (:func:`legal_mentions`). The components are called one by one on ``nlp.make_doc`` output,
so each call runs only what it needs. Plain regular expressions do the rest, where they are
both simpler and faster:

- line-anchored structure -- article numbers, tables of contents (``clauses.py``);
- clause bodies -- one trie-shaped regex built from the ``body``/``strong`` lists of the same
  ``clause_types.json`` runs over lowercased text at several thousand pages a second
  (``clauses.py``);
- party preambles -- quotes, "hierna te noemen", KvK numbers (``parties.py``);
- finding the cue sentences and the place after "bevoegde rechter te" (``law.py``).
"""

from __future__ import annotations

import gc
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

log = logging.getLogger(__name__)

PATTERNS_DIR = Path(__file__).with_name("patterns")

LEGAL_KEY = "cd_legal"
LAW_KEY = "cd_law"
TYPES_KEY = "cd_clause_types"

_CUE_WINDOW = 14  # tokens before a jurisdiction in which an incorporation cue counts


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised span in a text given to :func:`legal_mentions`; offsets index that text."""

    start: int
    end: int
    label: str  # GOVERNING_LAW, INCORPORATION, JURISDICTION, COURT, ARBITRATION, *_GENERIC
    key: str  # canonical name ("Netherlands", "Rechtbank Amsterdam"); "" for generic words
    text: str


# --------------------------------------------------------------------------- pattern files


@cache
def load_json(name: str) -> Any:
    """A JSON data file from ``patterns/`` (cached; treat the result as read-only)."""
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def load_jsonl(name: str) -> tuple[dict[str, Any], ...]:
    """A JSONL data file from ``patterns/``: one object a line (cached)."""
    rows: list[dict[str, Any]] = []
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return tuple(rows)


def clause_type_patterns() -> dict[str, dict[str, dict[str, list[str]]]]:
    """``clause_types.json`` without its ``_doc`` entry: type -> lang -> part -> patterns."""
    data = load_json("clause_types.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


# --------------------------------------------------------------------------- components


def _token_pattern(nlp: Language, phrase: str) -> list[dict[str, Any]]:
    """A Matcher pattern for a pattern phrase; ``word*`` is a prefix, ``*word`` a suffix."""
    tokens: list[dict[str, Any]] = []
    for word in phrase.split():
        prefix, suffix = word.endswith("*"), word.startswith("*")
        core = word.strip("*")
        parts = [t.lower_ for t in nlp.make_doc(core)]
        for i, part in enumerate(parts):
            first, last = i == 0, i == len(parts) - 1
            escaped = re.escape(part)
            if (prefix and last) or (suffix and first):
                regex = (
                    ("" if suffix and first else "^") + escaped + ("" if prefix and last else "$")
                )
                tokens.append({"LOWER": {"REGEX": regex}})
            else:
                tokens.append({"LOWER": part})
    return tokens


class ClauseHeadingTypes:
    """Doc -> Doc: mark clause-type phrases in a heading as spans labelled with the type.

    Plain phrases go to a PhraseMatcher; the few with a ``*`` wildcard to a Matcher (REGEX
    token predicates are slow, so they are kept to the patterns that need them).
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab, validate=True)
        for ctype, langs in clause_type_patterns().items():
            patterns = [p for lp in langs.values() for p in lp.get("heading", [])]
            plain = [nlp.make_doc(p) for p in patterns if "*" not in p]
            wild = [_token_pattern(nlp, p) for p in patterns if "*" in p]
            if plain:
                self.phrases.add(ctype, plain)
            if wild:
                self.matcher.add(ctype, wild)

    def __call__(self, doc: Doc) -> Doc:
        matches = list(self.phrases(doc)) + list(self.matcher(doc))  # type: ignore[arg-type]
        doc.spans[TYPES_KEY] = [Span(doc, s, e, label=m) for m, s, e in matches]
        return doc


class LawContext:
    """Doc -> Doc: tell governing-law mentions of a jurisdiction from incorporation mentions.

    Reads ``JURISDICTION`` spans from ``doc.spans["cd_legal"]`` and writes each to
    ``doc.spans["cd_law"]`` as:

    - ``INCORPORATION`` when an entity word follows it ("a Delaware corporation"), when an
      incorporation cue ("organized under the laws of") is nearer before it than any governing
      cue, or for "een stichting naar Nederlands recht";
    - ``GOVERNING_LAW`` when the text has a governing cue ("governed by", "van toepassing");
    - ``JURISDICTION`` otherwise.

    The doc is taken to be one sentence: callers pass sentence-sized texts.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        cues = load_json("law_cues.json")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key in ("incorporation_before", "entity_before_naar", "entity_after", "governing"):
            self.matcher.add(key, [nlp.make_doc(p) for p in cues[key]])

    def __call__(self, doc: Doc) -> Doc:
        jurisdictions = [s for s in doc.spans.get(LEGAL_KEY, []) if s.label_ == "JURISDICTION"]
        if not jurisdictions:
            doc.spans[LAW_KEY] = []
            return doc
        cues: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matcher(doc):  # type: ignore[misc]
            cues.setdefault(doc.vocab.strings[match_id], []).append((start, end))
        governing = cues.get("governing", [])
        out: list[Span] = []
        for span in filter_spans(jurisdictions):
            label = self._label(span, cues, governing)
            out.append(Span(doc, span.start, span.end, label=label, span_id=span.id_))
        doc.spans[LAW_KEY] = out
        return doc

    @staticmethod
    def _label(
        span: Span, cues: dict[str, list[tuple[int, int]]], governing: list[tuple[int, int]]
    ) -> str:
        # "a Delaware corporation", "a New York limited liability company"
        if any(start == span.end for start, _ in cues.get("entity_after", [])):
            return "INCORPORATION"
        lo = span.start - _CUE_WINDOW
        inc = [e for s, e in cues.get("incorporation_before", []) if s >= lo and e <= span.start]
        gov = [e for s, e in governing if s >= lo and e <= span.start]
        if inc and (not gov or max(inc) > max(gov)):
            return "INCORPORATION"
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].lower_ == "naar":
            ent = [e for s, e in cues.get("entity_before_naar", []) if s >= lo and e < span.start]
            if ent and not gov:
                return "INCORPORATION"
        if governing:
            return "GOVERNING_LAW"
        return "JURISDICTION"


@Language.factory(
    "cd_clause_heading_types",
    assigns=["doc.spans"],
    requires=[],
)
def make_clause_heading_types(nlp: Language, name: str) -> ClauseHeadingTypes:
    return ClauseHeadingTypes(nlp, name)


@Language.factory(
    "cd_law_context",
    assigns=["doc.spans"],
    requires=["doc.spans"],
)
def make_law_context(nlp: Language, name: str) -> LawContext:
    return LawContext(nlp, name)


# --------------------------------------------------------------------------- pipelines


def _pipeline_lang(language: str) -> str:
    return "nl" if language == "nl" else "en"


@lru_cache(maxsize=2)
def pipeline(lang: str) -> Language:
    """The cached blank pipeline for ``"nl"`` or ``"en"`` with our rule components."""
    if lang not in ("nl", "en"):
        raise ValueError(f"no pipeline for language {lang!r}")
    nlp = spacy.blank(lang)
    # Every pattern and component here reads a token's LOWER (and its text), nothing else: a
    # new word's lexeme gets only that attribute, not the 22 others spaCy computes by default
    # (shape, stop word, like_num, ...), which took four fifths of the time of adding it.
    # (a public attribute of the Cython Vocab that spaCy's type stubs do not declare)
    getters = nlp.vocab.lex_attr_getters  # type: ignore[attr-defined]
    nlp.vocab.lex_attr_getters = {LOWER: getters[LOWER]}  # type: ignore[attr-defined]
    ruler = nlp.add_pipe(
        "span_ruler",
        name="cd_legal_ruler",
        config={"spans_key": LEGAL_KEY, "phrase_matcher_attr": "LOWER", "validate": True},
    )
    ruler.add_patterns(  # type: ignore[attr-defined]
        list(load_jsonl("jurisdictions.jsonl")) + list(load_jsonl("forums.jsonl"))
    )
    nlp.add_pipe("cd_law_context")
    nlp.add_pipe("cd_clause_heading_types")
    log.debug("built spaCy pipeline %s: %s", lang, nlp.pipe_names)
    # The pipeline and everything loaded so far live as long as the process: take them out of
    # the cyclic collector's reach, so that its full collections during recognition no longer
    # walk them (about 7% of the recognition time on the development contracts).
    gc.freeze()
    return nlp


def _run(nlp: Language, doc: Doc, names: Iterable[str]) -> Doc:
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc


# --------------------------------------------------------------------------- public functions


@lru_cache(maxsize=8192)
def _heading_types_one(lang: str, heading: str) -> frozenset[str]:
    nlp = pipeline(lang)
    doc = _run(nlp, nlp.make_doc(heading), ["cd_clause_heading_types"])
    return frozenset(s.label_ for s in doc.spans[TYPES_KEY])


def heading_types(heading: str, language: str) -> frozenset[str]:
    """Clause types whose heading patterns occur in ``heading`` (either language's patterns)."""
    heading = " ".join(heading.split())
    if not heading:
        return frozenset()
    return _heading_types_one(_pipeline_lang(language), heading)


def legal_mentions(texts: Sequence[str], language: str) -> list[tuple[Mention, ...]]:
    """Jurisdiction, court and arbitration mentions in each of ``texts`` (sentence-sized).

    Jurisdictions come with their role (``GOVERNING_LAW``/``INCORPORATION``/``JURISDICTION``);
    courts and arbitration institutes with their canonical name; overlapping forum matches are
    reduced to the longest.
    """
    lang = _pipeline_lang(language)
    # typographic apostrophes read as the plain one the patterns spell ("People’s Republic of
    # China" is not "Republic of China"); one character for one, so the offsets hold
    return [_legal_mentions_one(lang, t.translate(_APOSTROPHES) if "’" in t else t) for t in texts]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@lru_cache(maxsize=512)
def _legal_mentions_one(lang: str, text: str) -> tuple[Mention, ...]:
    """The mentions in one sentence (cached: the governing-law and forum recognisers often read
    the same sentence, "governed by the laws of X ... the courts of Y")."""
    nlp = pipeline(lang)
    doc = _run(nlp, nlp.make_doc(text), ["cd_legal_ruler", "cd_law_context"])
    forum = [s for s in doc.spans[LEGAL_KEY] if s.label_ != "JURISDICTION"]
    spans = list(doc.spans[LAW_KEY]) + filter_spans(forum)
    mentions = [Mention(s.start_char, s.end_char, s.label_, s.id_, s.text) for s in spans]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return tuple(mentions)
