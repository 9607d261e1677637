"""Access control on the store: grants, groups, folder policies, and the audit log.

:class:`AccessControl` loads what the pure functions of :mod:`contractdossier.access` need
(grants from the store plus the config file's folder policies, custom roles, the user's groups
*at check time*) and applies them. It is the one place commands ask "may this principal ...?".

:class:`AuditLog` is append-only from the program's side: every entry's ``hash`` is the
SHA-256 of its canonical JSON, which includes the previous entry's hash, so editing, removing
or inserting a row breaks the chain and :meth:`AuditLog.verify` reports where. (Cutting off
the newest entries leaves a valid shorter chain; record :meth:`AuditLog.head` elsewhere to
detect that.)

The statements a search runs (the caller's groups, the grants, appending its audit entry) are
written once as SQL text below and run on whichever connection is there: SQLAlchemy's, or on
the embedded SQLite store a plain ``sqlite3`` one (:class:`StoreLink`), so that a search
process need not import SQLAlchemy at all. SQLAlchemy is imported by the methods that use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractdossier import access, clock
from contractdossier.access import (
    BEHEERDER,
    ContractRef,
    Grant,
    GrantSource,
    Permission,
    Principal,
    PrincipalKind,
    Role,
    Scope,
    ScopeKind,
)
from contractdossier.errors import AccessDeniedError, ConfigError, NotFoundError, StoreError
from contractdossier.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from contractdossier.store import Store

log = logging.getLogger(__name__)

GENESIS = "0" * 64
_PG_AUDIT_LOCK = 0x646F7373  # advisory lock key that serialises audit appends on PostgreSQL
_PG_INIT_LOCK = 0x646F7373 + 1  # ... and the first beheerder's creation (init)
_ACTION = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# The store schema version the statements below are written for (a test compares it with
# store.schema.SCHEMA_VERSION); a store at another version is opened the full way (migrated).
STORE_SCHEMA_VERSION = 1

# The statements on a search's path, for SQLAlchemy's text() and sqlite3 alike (:name params).
SQL_GROUPS_OF = "SELECT group_name FROM group_members WHERE user_name = :user"
SQL_GRANTS = ("SELECT id, role, principal_kind, principal, scope_kind, scope, created_by, "
              "created_at FROM grants ORDER BY id")
SQL_AUDIT_LOCK = "SELECT pg_advisory_xact_lock(:key)"  # PostgreSQL only
SQL_AUDIT_ADD = ("INSERT INTO audit (ts, actor, action, contracts, detail, prev_hash, hash) "
                 "VALUES (:ts, :actor, :action, :contracts, :detail, '', '') RETURNING id")
SQL_AUDIT_PREV = "SELECT hash FROM audit WHERE id < :id ORDER BY id DESC LIMIT 1"
SQL_AUDIT_SEAL = "UPDATE audit SET prev_hash = :prev_hash, hash = :hash WHERE id = :id"
SQL_STORE_VERSION = "SELECT max(version) FROM schema_version"
# What the store's own SQLite connections set (store.store._engine); a test compares them.
SQLITE_PRAGMAS = ("PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                  "PRAGMA busy_timeout=30000")


def run_sql(conn: Any, sql: str, params: Mapping[str, Any] | None = None) -> Any:
    """Run one of the statements above on a SQLAlchemy or a sqlite3 connection."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, dict(params or {}))
    from sqlalchemy import text

    return conn.execute(text(sql), dict(params or {}))


def _dialect(conn: Any) -> str:
    return "sqlite" if isinstance(conn, sqlite3.Connection) else str(conn.dialect.name)


class StoreLink:
    """How access control reaches the store.

    ``engine`` is the Store's SQLAlchemy engine, the Store opened (and migrated) on first use
    when it was given as a function. :meth:`begin` is a transaction for the statements above:
    on the engine once it is open, else, on the embedded SQLite store at the schema version
    these statements are written for, on a plain sqlite3 connection.
    """

    def __init__(self, store: Store | Callable[[], Store] | None = None, *,
                 engine: Engine | None = None, sqlite_path: Path | None = None) -> None:
        self._open = store if callable(store) else None
        self._store = None if callable(store) else store
        self._engine = engine
        self._sqlite_path = sqlite_path if self._open is not None else None

    @property
    def store(self) -> Store:
        if self._store is None:
            if self._open is None:
                raise StoreError("no store to open")
            self._store = self._open()
        return self._store

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self.store.engine
        return self._engine

    @contextmanager
    def begin(self) -> Iterator[Any]:
        conn = self._light() if self._engine is None and self._store is None else None
        if conn is None:
            with _transaction(self.engine) as sa_conn:
                yield sa_conn
            return
        try:
            with conn:  # commits, or rolls back when the block raises
                yield conn
        except sqlite3.OperationalError as e:
            raise StoreError(f"access store: {e}") from e
        finally:
            conn.close()

    def _light(self) -> sqlite3.Connection | None:
        path = self._sqlite_path
        if path is None or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(path, timeout=30)
        except sqlite3.Error:  # the full path reports it
            return None
        try:
            for pragma in SQLITE_PRAGMAS:
                conn.execute(pragma)
            version = conn.execute(SQL_STORE_VERSION).fetchone()
        except sqlite3.Error:
            version = None
        if version is None or version[0] != STORE_SCHEMA_VERSION:
            conn.close()
            self._sqlite_path = None  # the Store opens (and migrates) it
            return None
        return conn


class AuditAction(StrEnum):
    """What an audit entry records. Reads: search, show, list, export, report, status, access,
    audit. Changes: ingest, correct, obligation, grant, revoke, group_add, group_remove, init."""

    search = "search"
    show = "show"
    list = "list"
    export = "export"
    report = "report"
    status = "status"
    access = "access"
    audit = "audit"
    ingest = "ingest"
    correct = "correct"
    obligation = "obligation"
    grant = "grant"
    revoke = "revoke"
    group_add = "group_add"
    group_remove = "group_remove"
    init = "init"


# -- rules from the config file ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AccessRules:
    """Roles (built-in and custom) and folder policies, as declared in the config file."""

    roles: Mapping[str, Role] = field(default_factory=lambda: dict(access.BUILTIN_ROLES))
    policies: tuple[Grant, ...] = ()
    source: Path | None = None

    def fingerprint(self) -> str:
        """Changes when anything that decides an acl changes (roles' permissions, policies)."""
        data = {
            "roles": {n: sorted(p.value for p in r.permissions)
                      for n, r in sorted(self.roles.items())},
            "policies": sorted(list(g.key()) for g in self.policies),
        }
        return hashlib.sha256(canonical_json(data).encode()).hexdigest()


def config_path(settings: Settings, config_file: Path | None = None) -> Path:
    """The config file the settings were read from (``--config`` > DOSSIER_CONFIG > home)."""
    if config_file is not None:
        return config_file
    env = os.environ.get("DOSSIER_CONFIG")
    return Path(env) if env else settings.config_path


def load_rules(path: Path | None) -> AccessRules:
    """Read and validate ``[roles]`` and ``[policies]``; ConfigError names the file and entry."""
    if path is None or not path.exists():
        return AccessRules()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read config file {path}: {e}") from e
    try:
        roles = access.parse_roles(data.get("roles"))
        policies = access.parse_policies(data.get("policies"), roles)
    except ValueError as e:
        raise ConfigError(f"{path}: {e}") from e
    return AccessRules(roles, policies, path)


# -- the audit log ----------------------------------------------------------------------------

def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _jsonable(value: Mapping[str, Any]) -> dict[str, Any]:
    """Detail as it will read back from the store (dates and paths become text)."""
    result = json.loads(json.dumps(dict(value), default=str))
    if not isinstance(result, dict):  # pragma: no cover - dict in, dict out
        raise TypeError("audit detail must be a mapping")
    return result


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    ts: str
    actor: str
    action: str
    contracts: tuple[int, ...]
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """What the hash covers: everything but the hash itself."""
        return {
            "id": self.id, "ts": self.ts, "actor": self.actor, "action": self.action,
            "contracts": list(self.contracts), "detail": dict(self.detail),
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.body()).encode("utf-8")).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}


class AuditLog:
    """Append-only, hash-chained log of reads and changes."""

    def __init__(self, engine: Engine | StoreLink) -> None:
        self.link = engine if isinstance(engine, StoreLink) else StoreLink(engine=engine)

    @property
    def engine(self) -> Engine:
        return self.link.engine

    def append(self, actor: str, action: AuditAction | str, contracts: Iterable[int] = (),
               detail: Mapping[str, Any] | None = None) -> AuditEntry:
        with self.link.begin() as conn:
            return self.append_in(conn, actor, action, contracts, detail)

    def append_in(self, conn: Connection | sqlite3.Connection, actor: str,
                  action: AuditAction | str,
                  contracts: Iterable[int] = (),
                  detail: Mapping[str, Any] | None = None) -> AuditEntry:
        """Append inside the caller's transaction (so a change and its entry commit together).

        The row is inserted first: on SQLite that takes the write lock, so no other writer can
        slip an entry between reading the previous hash and writing this one; PostgreSQL takes
        a transaction-scoped advisory lock for the same purpose.
        """
        access.check_name(actor, "actor")
        action = str(action.value if isinstance(action, AuditAction) else action)
        if not _ACTION.match(action):
            raise ValueError(f"not an audit action: {action!r}")
        ids = tuple(int(c) for c in contracts)
        body = _jsonable(detail or {})
        if _dialect(conn) == "postgresql":
            run_sql(conn, SQL_AUDIT_LOCK, {"key": _PG_AUDIT_LOCK})
        ts = clock.now_iso()
        added = run_sql(conn, SQL_AUDIT_ADD, {
            "ts": ts, "actor": actor, "action": action,
            "contracts": json.dumps(list(ids)), "detail": json.dumps(body, ensure_ascii=False),
        }).fetchall()
        if not added or added[0][0] is None:  # pragma: no cover - RETURNING gives the id
            raise StoreError("the store did not return the id of a new row")
        new_id = int(added[0][0])
        prev = run_sql(conn, SQL_AUDIT_PREV, {"id": new_id}).fetchall()
        entry = AuditEntry(new_id, ts, actor, action, ids, body,
                           str(prev[0][0]) if prev and prev[0][0] else GENESIS, "")
        digest = entry.compute_hash()
        run_sql(conn, SQL_AUDIT_SEAL, {"prev_hash": entry.prev_hash, "hash": digest,
                                       "id": new_id})
        return AuditEntry(new_id, ts, actor, action, ids, body, entry.prev_hash, digest)

    def entries(self, user: str | None = None, contract: int | None = None,
                since: dt.datetime | dt.date | str | None = None,
                action: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """Entries oldest first, filtered by actor, a contract they touched, time and action."""
        from sqlalchemy import select

        from contractdossier.store import schema

        t = schema.audit
        query = select(t).order_by(t.c.id)
        if user is not None:
            query = query.where(t.c.actor == user)
        if action is not None:
            query = query.where(t.c.action == action)
        if since is not None:
            query = query.where(t.c.ts >= _since_iso(since))
        out: list[AuditEntry] = []
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                entry = _entry(row._mapping)
                if contract is not None and contract not in entry.contracts:
                    continue
                out.append(entry)
        return out[-limit:] if limit else out

    def head(self) -> tuple[int, str]:
        """(number of entries, hash of the newest) — worth recording outside the store."""
        from sqlalchemy import func, select

        from contractdossier.store import schema

        t = schema.audit
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.id, t.c.hash).order_by(t.c.id.desc()).limit(1)).first()
            count = int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        return (count, str(row.hash)) if row is not None else (0, GENESIS)

    def verify(self) -> list[str]:
        """Walk the chain; one readable line per problem (empty when the log is intact)."""
        from sqlalchemy import Text, select, type_coerce

        from contractdossier.store import schema

        t = schema.audit
        problems: list[str] = []
        expected = GENESIS
        previous_id: int | None = None
        query = select(t.c.id, t.c.ts, t.c.actor, t.c.action,
                       type_coerce(t.c.contracts, Text).label("contracts"),
                       type_coerce(t.c.detail, Text).label("detail"),
                       t.c.prev_hash, t.c.hash).order_by(t.c.id)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                where = f"entry {row.id}"
                if row.prev_hash != expected:
                    after = f"entry {previous_id}" if previous_id is not None else "the start"
                    problems.append(f"{where}: does not follow {after} (an entry was removed, "
                                    f"inserted or rewritten)")
                try:
                    contracts = json.loads(row.contracts)
                    detail = json.loads(row.detail)
                    entry = AuditEntry(int(row.id), row.ts, row.actor, row.action,
                                       tuple(int(c) for c in contracts), dict(detail),
                                       row.prev_hash, row.hash)
                except (TypeError, ValueError) as e:
                    problems.append(f"{where}: unreadable ({e})")
                else:
                    if entry.compute_hash() != row.hash:
                        problems.append(f"{where}: content does not match its hash (edited)")
                expected = row.hash
                previous_id = int(row.id)
        return problems


def _inserted_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None or key[0] is None:  # pragma: no cover - every dialect we support returns it
        raise StoreError("the store did not return the id of a new row")
    return int(key[0])


def _entry(m: Any) -> AuditEntry:
    return AuditEntry(int(m["id"]), m["ts"], m["actor"], m["action"],
                      tuple(int(c) for c in (m["contracts"] or [])), dict(m["detail"] or {}),
                      m["prev_hash"], m["hash"])


def _since_iso(since: dt.datetime | dt.date | str) -> str:
    """A lower bound on the stored UTC timestamps; naive values are local time."""
    if isinstance(since, str):
        since = dt.datetime.fromisoformat(since)
    if not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time())
    return since.astimezone(dt.UTC).isoformat(timespec="milliseconds")


# -- access control on the store --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AccessLine:
    """One reason someone may act on a contract (for `dossier access`)."""

    grant: Grant
    permissions: frozenset[Permission]
    members: tuple[str, ...] | None  # current members of a group holder; None for a user
    known_role: bool


class AccessControl:
    """Grants, groups, folder policies and the audit log over one store.

    ``on_acl_change`` is called with the ids of contracts whose acl tokens may have changed
    after a grant or revoke in this process (the search indexer refreshes their acl field);
    :meth:`acl_state` lets another process notice changes it did not see.
    """

    def __init__(self, store: Store | Callable[[], Store], settings: Settings, *,
                 config_file: Path | None = None, rules: AccessRules | None = None,
                 on_acl_change: Callable[[list[int]], None] | None = None) -> None:
        """``store``: the Store, or a function that opens it when first needed (then the
        statements of a search may run without it, see :class:`StoreLink`)."""
        url = settings.url
        self.link = StoreLink(store, sqlite_path=Path(url.removeprefix("sqlite:///"))
                              if url.startswith("sqlite:///") else None)
        self.rules = rules if rules is not None else load_rules(config_path(settings, config_file))
        self.audit = AuditLog(self.link)
        self.on_acl_change = on_acl_change

    @property
    def store(self) -> Store:
        return self.link.store

    @property
    def engine(self) -> Engine:
        return self.link.engine

    @property
    def roles(self) -> Mapping[str, Role]:
        return self.rules.roles

    # -- who ------------------------------------------------------------------------------

    def principal(self, user: str, *, via: str | None = None) -> Principal:
        """The user with the groups they belong to now (read at every call)."""
        try:
            access.check_name(user, "user name")
        except ValueError as e:
            raise AccessDeniedError(f"not a usable identity: {e}") from e
        with self.link.begin() as conn:
            groups = run_sql(conn, SQL_GROUPS_OF, {"user": user}).fetchall()
        return Principal(user, frozenset(str(g[0]) for g in groups), via)

    def acting(self, os_user: str, as_user: str | None = None) -> Principal:
        """The principal a command acts as; ``--as`` only for a beheerder (on everything)."""
        real = self.principal(os_user)
        if as_user is None or as_user == os_user:
            return real
        if not access.is_beheerder(real, self.grants()):
            raise AccessDeniedError(f"--as is only for a beheerder; {os_user} is not one")
        return self.principal(as_user, via=os_user)

    # -- grants ---------------------------------------------------------------------------

    def store_grants(self) -> tuple[Grant, ...]:
        with self.link.begin() as conn:
            return self._store_grants(conn)

    @staticmethod
    def _store_grants(conn: Connection | sqlite3.Connection) -> tuple[Grant, ...]:
        out: list[Grant] = []
        for gid, role, kind_, holder, scope_kind, scope_, created_by, created_at in run_sql(
                conn, SQL_GRANTS).fetchall():
            try:
                scope = Scope.parse(scope_kind, scope_)
                kind = PrincipalKind(kind_)
            except ValueError:
                log.warning("ignoring malformed grant row %s", gid)
                continue
            out.append(Grant(role, kind, holder, scope, GrantSource.store, int(gid),
                             created_by, created_at))
        return tuple(out)

    def grants(self) -> tuple[Grant, ...]:
        """Store grants plus config policies: everything decisions are made from."""
        return self.store_grants() + self.rules.policies

    # -- decisions ------------------------------------------------------------------------

    def contract_ref(self, contract_id: int) -> ContractRef | None:
        from sqlalchemy import select

        from contractdossier.store import schema

        t = schema.contracts
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.id, t.c.dossier).where(t.c.id == contract_id)).first()
        return None if row is None else ContractRef(int(row.id), str(row.dossier or ""))

    def can(self, principal: Principal, action: Permission, contract_id: int) -> bool:
        ref = self.contract_ref(contract_id)
        access.require_principal(principal)
        return ref is not None and access.can(principal, action, ref, self.grants(),
                                              roles=self.roles)

    def require(self, principal: Principal, action: Permission, contract_id: int) -> ContractRef:
        """The contract, if the principal may do ``action`` on it.

        NotFoundError when it does not exist *or* the principal may not read it (the same
        message either way); AccessDeniedError when it is readable but ``action`` is not allowed.
        """
        access.require_principal(principal)
        ref = self.contract_ref(contract_id)
        perms = (access.permissions_at(principal, ref, self.grants(), roles=self.roles)
                 if ref is not None else frozenset())
        if ref is None or Permission.read not in perms:
            raise NotFoundError(f"no contract {contract_id}")
        if Permission(action) not in perms:
            raise AccessDeniedError(
                f"{principal.user} may not {Permission(action).value} contract {contract_id}")
        return ref

    def require_at(self, principal: Principal, action: Permission, scope: Scope) -> None:
        """For actions on a folder or on everything (ingest, reading the audit log)."""
        if not access.can_at(principal, action, scope, self.grants(), roles=self.roles):
            where = "" if scope.kind is ScopeKind.all else f" on {scope}"
            raise AccessDeniedError(
                f"{principal.user} does not have the {Permission(action).value} "
                f"permission{where}")

    def require_beheerder(self, principal: Principal) -> None:
        if not access.is_beheerder(principal, self.grants()):
            raise AccessDeniedError(f"only a beheerder may do this; {principal.user} is not one")

    def filter_tokens(self, principal: Principal) -> frozenset[str]:
        return access.filter_tokens(principal, self.grants(), roles=self.roles)

    def visible_contract_ids(self, principal: Principal) -> list[int]:
        """Ids of the contracts the principal may read, ascending."""
        from sqlalchemy import or_, select

        from contractdossier.store import schema

        grants = self.grants()
        tokens = access.filter_tokens(principal, grants, roles=self.roles)
        t = schema.contracts
        query = select(t.c.id).order_by(t.c.id)
        if access.TOKEN_EVERYONE not in tokens:
            conditions: list[Any] = []
            ids: set[int] = set()
            for g in access.held_grants(principal, grants):
                if Permission.read not in self._perms(g.role):
                    continue
                if g.scope.kind is ScopeKind.contract and g.scope.contract_id is not None:
                    ids.add(g.scope.contract_id)
                elif g.scope.kind is ScopeKind.dossier:
                    conditions.append(t.c.dossier == g.scope.value)
                    conditions.append(t.c.dossier.startswith(g.scope.value + "/",
                                                             autoescape=True))
            if ids:
                conditions.append(t.c.id.in_(sorted(ids)))
            if not conditions:
                return []
            query = query.where(or_(*conditions))
        with self.engine.connect() as conn:
            return [int(i) for i in conn.execute(query).scalars()]

    def acl_for(self, contract_ids: Iterable[int]) -> dict[int, frozenset[str]]:
        """The acl tokens of each existing contract among ``contract_ids`` (for the index)."""
        from sqlalchemy import select

        from contractdossier.store import schema

        wanted = sorted({int(i) for i in contract_ids})
        if not wanted:
            return {}
        store_grants = self.store_grants()
        t = schema.contracts
        out: dict[int, frozenset[str]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                for row in conn.execute(select(t.c.id, t.c.dossier).where(t.c.id.in_(chunk))):
                    ref = ContractRef(int(row.id), str(row.dossier or ""))
                    out[ref.id] = access.acl_tokens(ref, store_grants, self.rules.policies,
                                                    roles=self.roles)
        return out

    def acl_state(self) -> str:
        """Changes whenever any contract's acl tokens could have changed (grants, roles,
        policies): an index that stored an older value must refresh its acl fields."""
        grants = sorted(list(g.key()) for g in self.store_grants()
                        if g.scope.kind is not ScopeKind.all)
        return hashlib.sha256(
            canonical_json({"grants": grants, "rules": self.rules.fingerprint()}).encode()
        ).hexdigest()

    def affected_contracts(self, scope: Scope) -> list[int]:
        """Contracts whose acl a grant on ``scope`` touches (none for a grant on everything)."""
        from sqlalchemy import or_, select

        from contractdossier.store import schema

        t = schema.contracts
        if scope.kind is ScopeKind.all:
            return []
        if scope.kind is ScopeKind.contract:
            return [scope.contract_id] if scope.contract_id is not None else []
        query = select(t.c.id).where(or_(
            t.c.dossier == scope.value, t.c.dossier.startswith(scope.value + "/", autoescape=True)
        )).order_by(t.c.id)
        with self.engine.connect() as conn:
            return [int(i) for i in conn.execute(query).scalars()]

    def explain(self, principal: Principal, contract_id: int) -> list[AccessLine]:
        """Who may act on the contract and why; for holders of grant or audit on it."""
        ref = self.require(principal, Permission.read, contract_id)
        grants = self.grants()
        perms = access.permissions_at(principal, ref, grants, roles=self.roles)
        if not perms & {Permission.grant, Permission.audit}:
            raise AccessDeniedError(
                f"{principal.user} may not see who has access to contract {contract_id}")
        members = self.group_members()
        return [AccessLine(g, self._perms(g.role),
                           tuple(members.get(g.holder, ())) if g.kind is PrincipalKind.group
                           else None, g.role in self.roles)
                for g in access.covering_grants(ref, grants)]

    def _perms(self, role: str) -> frozenset[Permission]:
        r = self.roles.get(role)
        return r.permissions if r is not None else frozenset()

    # -- changes --------------------------------------------------------------------------

    def _target(self, principal: Principal, scope: Scope) -> ContractRef | Scope:
        if scope.kind is ScopeKind.contract and scope.contract_id is not None:
            return self.require(principal, Permission.read, scope.contract_id)
        return scope

    def _check_change(self, actor: Principal, role: str, holder: tuple[PrincipalKind, str],
                      scope: Scope, grants: Sequence[Grant], verb: str) -> ContractRef | Scope:
        access.require_principal(actor)
        if actor.via is not None:
            raise AccessDeniedError("--as is for checking what someone sees; make changes as "
                                    "yourself")
        if role not in self.roles:
            raise ValueError(f"no role {role!r} (known: {', '.join(sorted(self.roles))})")
        target = self._target(actor, scope)
        if not access.may_grant(actor, role, target, grants, roles=self.roles):
            raise AccessDeniedError(f"{actor.user} may not {verb} {role} on {scope}")
        kind, name = holder
        own = (name == actor.user) if kind is PrincipalKind.user else (name in actor.groups)
        if own and not access.is_beheerder(actor, grants):
            raise AccessDeniedError(f"{actor.user} may not {verb} a role for themselves")
        return target

    def grant(self, actor: Principal, role: str, holder: str, scope: Scope) -> tuple[Grant, bool]:
        """Give ``role`` to ``holder`` (``user:NAME``, ``group:NAME`` or ``NAME``) on ``scope``.

        Returns the grant and whether it is new (granting twice is not an error).
        """
        from sqlalchemy import insert
        from sqlalchemy.exc import IntegrityError

        from contractdossier.store import schema

        kind, name = _holder(holder)
        grants = self.grants()
        self._check_change(actor, role, (kind, name), scope, grants, "grant")
        wanted = Grant(role, kind, name, scope)
        for g in grants:
            if g.key() == wanted.key():
                return g, False
        t = schema.grants
        now = clock.now_iso()
        affected = self.affected_contracts(scope)
        try:
            with _transaction(self.engine) as conn:
                new_id = _inserted_id(conn.execute(insert(t).values(
                    role=role, principal_kind=kind.value, principal=name,
                    scope_kind=scope.kind.value, scope=scope.value, created_by=actor.user,
                    created_at=now,
                )))
                self.audit.append_in(conn, actor.actor, AuditAction.grant, affected,
                                     {"role": role, "to": f"{kind.value}:{name}",
                                      "scope": scope.kind.value, "target": scope.value})
        except IntegrityError:  # granted concurrently
            return wanted, False
        self._notify(affected)
        return Grant(role, kind, name, scope, GrantSource.store, new_id, actor.user,
                     now), True

    def revoke(self, actor: Principal, role: str, holder: str, scope: Scope) -> Grant:
        """Take back a grant made in the store (a config policy is changed in the file)."""
        from sqlalchemy import delete

        from contractdossier.store import schema

        kind, name = _holder(holder)
        grants = self.grants()
        self._check_change(actor, role, (kind, name), scope, grants, "revoke")
        key = Grant(role, kind, name, scope).key()
        found = next((g for g in grants if g.key() == key), None)
        if found is None:
            raise NotFoundError(f"no grant of {role} to {kind.value}:{name} on {scope}")
        if found.source is GrantSource.policy:
            raise NotFoundError(f"{role} for {kind.value}:{name} on {scope} is a policy in "
                                f"{self.rules.source}; remove it there")
        if role == BEHEERDER and scope.kind is ScopeKind.all and not any(
            g.role == BEHEERDER and g.scope.kind is ScopeKind.all and g.key() != key
            for g in grants
        ):
            raise AccessDeniedError("this is the last beheerder on everything; grant another "
                                    "one first")
        t = schema.grants
        affected = self.affected_contracts(scope)
        with _transaction(self.engine) as conn:
            conn.execute(delete(t).where(t.c.id == found.id))
            self.audit.append_in(conn, actor.actor, AuditAction.revoke, affected,
                                 {"role": role, "from": f"{kind.value}:{name}",
                                  "scope": scope.kind.value, "target": scope.value})
        self._notify(affected)
        return found

    def _notify(self, affected: list[int]) -> None:
        if self.on_acl_change is not None and affected:
            self.on_acl_change(affected)

    def init(self, user: str) -> bool:
        """Make ``user`` the first beheerder (on everything). False when they already are;
        AccessDeniedError when someone else already is.

        Safe when several processes initialise a new dossier at once: exactly one becomes the
        first beheerder. On PostgreSQL a transaction-scoped advisory lock serialises the
        check and the insert (under READ COMMITTED each would otherwise miss the other's
        uncommitted grant); on SQLite the grant is inserted before the check, which takes the
        write lock, so the check reads every committed grant.
        """
        from contractdossier.store import schema

        principal = self.principal(user)
        t = schema.grants
        try:
            with _transaction(self.engine) as conn:
                if conn.dialect.name == "postgresql":
                    run_sql(conn, SQL_AUDIT_LOCK, {"key": _PG_INIT_LOCK})
                mine = _insert_or_ignore(conn, t, dict(
                    role=BEHEERDER, principal_kind=PrincipalKind.user.value, principal=user,
                    scope_kind=ScopeKind.all.value, scope="", created_by=user,
                    created_at=clock.now_iso(),
                ))
                existing = [g for g in self._store_grants(conn)
                            if g.role == BEHEERDER and g.scope.kind is ScopeKind.all
                            and g.id != mine]
                if mine is None or any(principal.holds(g) for g in existing):
                    raise _AlreadyBeheerder  # rolls back the grant inserted above
                if existing:
                    names = ", ".join(g.holder_spec for g in existing)
                    raise AccessDeniedError(f"this dossier already has a beheerder ({names}); "
                                            f"ask one of them for a grant")
                self.audit.append_in(conn, user, AuditAction.init, (),
                                     {"role": BEHEERDER, "to": f"user:{user}", "scope": "all"})
        except _AlreadyBeheerder:
            return False
        return True

    # -- groups ---------------------------------------------------------------------------

    def group_members(self, group: str | None = None) -> dict[str, list[str]]:
        from sqlalchemy import select

        from contractdossier.store import schema

        gm = schema.group_members
        query = select(gm.c.group_name, gm.c.user_name).order_by(gm.c.group_name, gm.c.user_name)
        if group is not None:
            query = query.where(gm.c.group_name == group)
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                out.setdefault(str(r.group_name), []).append(str(r.user_name))
        return out

    def group_add(self, actor: Principal, group: str, users: Sequence[str]) -> list[str]:
        """Add users to a group (beheerder only: membership is access). Returns the new ones."""
        return self._group_change(actor, group, users, add=True)

    def group_remove(self, actor: Principal, group: str, users: Sequence[str]) -> list[str]:
        """Remove users from a group. Returns those that were members."""
        return self._group_change(actor, group, users, add=False)

    def _group_change(self, actor: Principal, group: str, users: Sequence[str],
                      *, add: bool) -> list[str]:
        if actor.via is not None:
            raise AccessDeniedError("--as is for checking what someone sees; make changes as "
                                    "yourself")
        from sqlalchemy import and_, delete, insert, select

        from contractdossier.store import schema

        self.require_beheerder(actor)
        access.check_name(group, "group name")
        for u in users:
            access.check_name(u, "user name")
        gm = schema.group_members
        changed: list[str] = []
        with _transaction(self.engine) as conn:
            current = set(conn.execute(
                select(gm.c.user_name).where(gm.c.group_name == group)).scalars())
            for u in dict.fromkeys(users):
                if add and u not in current:
                    conn.execute(insert(gm).values(group_name=group, user_name=u))
                    changed.append(u)
                elif not add and u in current:
                    conn.execute(delete(gm).where(and_(gm.c.group_name == group,
                                                       gm.c.user_name == u)))
                    changed.append(u)
            if changed:
                self.audit.append_in(
                    conn, actor.actor, AuditAction.group_add if add else AuditAction.group_remove,
                    (), {"group": group, "users": changed})
        return changed

    # -- the audit log, for commands ------------------------------------------------------

    def record(self, principal: Principal, action: AuditAction | str,
               contracts: Iterable[int] = (), detail: Mapping[str, Any] | None = None
               ) -> AuditEntry:
        """Audit what a principal did; under ``--as`` the beheerder is the actor."""
        access.require_principal(principal)
        extra = dict(detail or {})
        if principal.via is not None:
            extra["as"] = principal.user
        return self.audit.append(principal.actor, action, contracts, extra)

    def read_audit(self, principal: Principal, *, user: str | None = None,
                   contract: int | None = None,
                   since: dt.datetime | dt.date | str | None = None,
                   limit: int | None = None) -> list[AuditEntry]:
        self.require_at(principal, Permission.audit, Scope.everything())
        return self.audit.entries(user=user, contract=contract, since=since, limit=limit)

    def verify_audit(self, principal: Principal) -> list[str]:
        self.require_at(principal, Permission.audit, Scope.everything())
        return self.audit.verify()


class _AlreadyBeheerder(Exception):
    """Inside :meth:`AccessControl.init`: leave the transaction without a change."""


def _insert_or_ignore(conn: Connection, table: Any, values: Mapping[str, Any]) -> int | None:
    """Insert a row unless it breaks a unique constraint; the new id, or None."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing()
    new_id = conn.execute(statement.returning(table.c.id)).scalar()
    return None if new_id is None else int(new_id)


def _holder(spec: str) -> tuple[PrincipalKind, str]:
    return access.parse_holder(spec)  # ValueError: the CLI checks specs before calling


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    from sqlalchemy.exc import OperationalError

    try:
        with engine.begin() as conn:
            yield conn
    except OperationalError as e:
        raise StoreError(f"access store: {e.orig if e.orig is not None else e}") from e
