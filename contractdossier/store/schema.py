"""The dossier store's schema: one definition for SQLite and PostgreSQL (SQLAlchemy Core).

A contract is a main document plus its annexes and amendments. Documents are identified by the
SHA-256 of their bytes; every path a document was seen under is kept. The ingestion ledger has one
row per source-file event (path, size, mtime) and doubles as the job queue. Facts, clauses and
obligations carry their evidence. Grants and the audit log serve access control.

``SCHEMA_VERSION`` is the version this metadata describes; ``migrations.py`` upgrades older stores.

Dialect notes: JSON columns are SQLite's JSON and, on PostgreSQL, TEXT holding the same JSON
(so the audit chain can be verified over the exact stored text: psycopg would decode a
``json`` column before we see it). ``offset`` and ``end`` are reserved words that SQLAlchemy
quotes on both dialects; integer primary keys are SQLite rowids / PostgreSQL identity-backed
serials, whose sequences ``dossier migrate`` resets after copying rows with their ids.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import JSON, TypeDecorator

SCHEMA_VERSION = 1


class JSONText(TypeDecorator[Any]):
    """JSON kept as text (PostgreSQL's variant of our JSON columns); ``None`` is JSON null."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        return json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


def _json() -> Any:
    return JSON().with_variant(JSONText(), "postgresql")


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

contracts = Table(
    "contracts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("language", String(8), nullable=False, default="und"),
    Column("inbox", Text, nullable=False, default=""),
    Column("dossier", Text, nullable=False, default=""),  # folder below the inbox
    Column("status", String(16), nullable=False, default="active"),
    Column("rev", Integer, nullable=False, default=1),  # bumped on every change; the index keeps it
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_contracts_dossier", contracts.c.dossier)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("contract_id", Integer, ForeignKey("contracts.id"), nullable=False),
    Column("role", String(16), nullable=False, default="main"),  # main | amendment | annex
    Column("seq", Integer, nullable=False, default=0),  # order within the contract
    Column("title", Text, nullable=False, default=""),
    Column("size", BigInteger, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("ocr_pages", Integer, nullable=False, default=0),
    Column("language", String(8), nullable=False, default="und"),
    Column("archive_path", Text, nullable=False),  # relative to the archive root
    Column("extract_seconds", Float, nullable=False, default=0.0),
    Column("warnings", _json(), nullable=False, default=list),
    Column("created_at", String(32), nullable=False),
)
Index("ix_documents_contract", documents.c.contract_id)

document_paths = Table(
    "document_paths",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("path", Text, nullable=False),
    Column("inbox", Text, nullable=False, default=""),
    Column("dossier", Text, nullable=False, default=""),
    Column("first_seen", String(32), nullable=False),
    Column("last_seen", String(32), nullable=False),
    UniqueConstraint("document_id", "path", name="uq_document_paths"),
)

pages = Table(
    "pages",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("offset", Integer, nullable=False),
    Column("source", String(8), nullable=False),  # text | ocr | none
    Column("text", Text, nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("inbox", Text, nullable=False, default=""),
    Column("dossier", Text, nullable=False, default=""),
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("sha256", String(64)),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),  # readable reason for quarantined / failed / retry
    Column("error_code", String(32)),  # exception class, stable
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("duplicate_of", Integer, ForeignKey("documents.id")),
    Column("quarantine_path", Text),
    Column("lease_owner", String(128)),
    Column("lease_expires", Float),
    Column("not_before", Float, nullable=False, default=0.0),  # retry backoff (epoch seconds)
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    UniqueConstraint("path", "size", "mtime_ns", name="uq_jobs_event"),
)
Index("ix_jobs_state", jobs.c.state, jobs.c.not_before)
Index("ix_jobs_path", jobs.c.path)

clauses = Table(
    "clauses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", Integer, ForeignKey("contracts.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("ref", Text, nullable=False),
    Column("heading", Text, nullable=False, default=""),
    Column("level", Integer, nullable=False, default=1),
    Column("types", _json(), nullable=False, default=list),
    Column("page_start", Integer, nullable=False),
    Column("page_end", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
Index("ix_clauses_contract", clauses.c.contract_id)
Index("ix_clauses_document", clauses.c.document_id)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", Integer, ForeignKey("contracts.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),  # null for person-set facts
    Column("field", String(64), nullable=False),
    Column("value", _json()),
    Column("confidence", Float, nullable=False),
    Column("source", String(16), nullable=False),  # extracted | computed | person
    Column("page", Integer),
    Column("clause_ref", Text),
    Column("quote", Text, nullable=False, default=""),
    Column("start", Integer),
    Column("end", Integer),
    Column("active", Boolean, nullable=False, default=True),  # superseded values stay, inactive
    Column("reason", Text),  # why a person set it
    Column("created_by", String(128)),
    Column("created_at", String(32), nullable=False),
)
Index("ix_facts_contract_field", facts.c.contract_id, facts.c.field)

obligations = Table(
    "obligations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", Integer, ForeignKey("contracts.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("party", Text),
    Column("action", Text, nullable=False),
    Column("due", Text),
    Column("due_date", Date),
    Column("rule", Text),
    Column("recurring", String(16)),
    Column("clause_ref", Text),
    Column("page", Integer),
    Column("quote", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("status", String(16), nullable=False, default="open"),  # open | done
    Column("status_by", String(128)),
    Column("status_at", String(32)),
    Column("note", Text),
)
Index("ix_obligations_contract", obligations.c.contract_id)

group_members = Table(
    "group_members",
    metadata,
    Column("group_name", String(128), primary_key=True),
    Column("user_name", String(128), primary_key=True),
)

grants = Table(
    "grants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("role", String(64), nullable=False),
    Column("principal_kind", String(8), nullable=False),  # user | group
    Column("principal", String(128), nullable=False),
    Column("scope_kind", String(16), nullable=False),  # contract | dossier | all
    Column("scope", Text, nullable=False, default=""),
    Column("created_by", String(128), nullable=False),
    Column("created_at", String(32), nullable=False),
    UniqueConstraint(
        "role", "principal_kind", "principal", "scope_kind", "scope", name="uq_grants"
    ),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ts", String(32), nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(32), nullable=False),
    Column("contracts", _json(), nullable=False, default=list),
    Column("detail", _json(), nullable=False, default=dict),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
