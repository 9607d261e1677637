"""Typed records that cross stage borders.

Data flows one way: folder -> job -> document -> extracted facts -> store + index -> search and
reports. Each stage hands the next one of these frozen records; library objects (pdfium pages,
pdfplumber dicts, spaCy docs, index hits) never leave the module that made them. No I/O here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class JobState(StrEnum):
    """State of one row of the ingestion ledger."""

    queued = "queued"
    processing = "processing"
    done = "done"
    duplicate = "duplicate"
    quarantined = "quarantined"
    failed = "failed"

    @property
    def final(self) -> bool:
        return self in (JobState.done, JobState.duplicate, JobState.quarantined)


class DocumentRole(StrEnum):
    """The place of a document in its contract."""

    main = "main"
    amendment = "amendment"
    annex = "annex"


class FactSource(StrEnum):
    extracted = "extracted"  # read from the text by a recogniser
    computed = "computed"  # derived by the written deadline rules from other facts
    person = "person"  # set (confirmed or corrected) by a person


class TextSource(StrEnum):
    text_layer = "text"
    ocr = "ocr"
    none = "none"  # no text layer and OCR found nothing readable


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file seen in an inbox (or given to ``dossier ingest``)."""

    path: Path  # absolute
    size: int
    mtime_ns: int
    inbox: Path | None = None  # the watched/ingested root it was found under
    dossier: str = ""  # folder path relative to the inbox, '/'-separated; '' for the root


@dataclass(frozen=True, slots=True)
class PageText:
    """The text of one page. ``offset`` is where it starts in the document's full text."""

    number: int  # 1-based
    text: str
    offset: int
    source: TextSource = TextSource.text_layer


@dataclass(frozen=True, slots=True)
class ExtractedText:
    """What text extraction produced for one PDF."""

    pages: tuple[PageText, ...]
    language: str  # 'nl', 'en' or 'und'
    page_count: int
    removed_lines: tuple[str, ...] = ()  # running headers/footers that were stripped

    @property
    def full_text(self) -> str:
        """Pages joined with a form feed; page offsets index into this string."""
        return "\f".join(p.text for p in self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source is TextSource.ocr)

    def page_at(self, offset: int) -> int:
        """1-based number of the page holding character ``offset`` of :attr:`full_text`."""
        number = 1
        for page in self.pages:
            if page.offset <= offset:
                number = page.number
            else:
                break
        return number


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: a person must be able to check it in seconds."""

    document: str  # sha256 of the document
    page: int | None
    clause_ref: str | None
    quote: str
    start: int | None = None  # character offsets into the document's full text
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "page": self.page,
            "clause": self.clause_ref,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class Clause:
    ref: str  # "5", "5.1", "12.3 (b)", "Bijlage 1"
    heading: str
    types: tuple[str, ...]
    page_start: int
    page_end: int
    start: int  # offsets into the full text
    end: int
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Fact:
    """One recognised value with its evidence and confidence.

    ``value`` is JSON-ready: ISO dates and ISO 8601 durations as strings, numbers, dicts.
    """

    field: str
    value: Any
    confidence: float
    evidence: Evidence | None
    source: FactSource = FactSource.extracted


@dataclass(frozen=True, slots=True)
class Obligation:
    party: str | None  # role or name of the party that must act
    action: str
    due: str | None  # the deadline phrase as written
    due_date: dt.date | None
    rule: str | None  # e.g. "10 werkdagen na ingangsdatum", "per kwartaal vooruit"
    recurring: str | None  # ISO cycle: P1M, P3M, P1Y
    confidence: float
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Recognised:
    """What recognition produced for one document."""

    title: str
    role: DocumentRole = DocumentRole.main
    amends: str | None = None  # title or reference of the contract it amends
    clauses: tuple[Clause, ...] = ()
    facts: tuple[Fact, ...] = ()
    obligations: tuple[Obligation, ...] = ()


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    """Result of the CPU-heavy stages for one file, handed from a worker to the writer."""

    sha256: str
    size: int
    text: ExtractedText
    recognised: Recognised
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default_factory=tuple)
