"""Access control, pure: roles and permissions as data, and one decision function.

Nothing here reads the store or the file system; ``access_store`` loads grants, group
memberships and the config file's ``[roles]`` and ``[policies]`` tables and calls these
functions. Everything that decides who may see or do what goes through :func:`permissions_at`:
:func:`can` for one contract, :func:`can_at` for a folder or everything, and the search filter
(:func:`acl_tokens` per contract at index time, :func:`filter_tokens` per principal at query
time), which are derived from the same grants so that the index can never disagree with
:func:`can` on ``read``.

Rules:

- Default deny: a principal may do only what a grant (from the store, or a folder policy from
  the config file) held by the user or one of their groups allows on the contract, on its
  dossier folder or an ancestor folder, or on everything.
- A dossier is the contract's folder below its inbox, ``'/'``-separated; a grant on ``a/b``
  covers ``a/b`` and ``a/b/...`` (whole path segments, case-sensitive), including contracts
  that arrive later.
- A grant naming a role that is not defined (e.g. a custom role removed from the config) gives
  nothing.
- No principal is an error (:class:`~contractdossier.errors.AccessDeniedError`), never
  "everything".

Search-filter token scheme: every contract's acl holds ``"*"`` plus ``"u:<user>"`` /
``"g:<group>"`` for each holder of a read-giving grant on that contract or on its dossier
folder or an ancestor folder. A principal's filter tokens are ``"u:<user>"``, ``"g:<group>"``
for each group, and ``"*"`` when they hold a read-giving grant on everything. A contract is
visible exactly when the two sets intersect. Grants on everything never enter the per-contract
acl, so granting or revoking them needs no reindex; nor does a change of group membership.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from contractdossier.errors import AccessDeniedError


class Permission(StrEnum):
    read = "read"
    correct = "correct"  # correct recognised facts
    manage_obligations = "manage_obligations"  # obligations, deadlines, their status
    grant = "grant"  # give or revoke roles (which ones: Role.may_grant)
    ingest = "ingest"  # add documents
    audit = "audit"  # read the audit log


ALL_PERMISSIONS: frozenset[Permission] = frozenset(Permission)


class PrincipalKind(StrEnum):
    user = "user"
    group = "group"


class ScopeKind(StrEnum):
    contract = "contract"
    dossier = "dossier"
    all = "all"


class GrantSource(StrEnum):
    store = "store"  # made with `dossier grant`, kept in the store
    policy = "policy"  # declared in the config file's [policies] table


ANY_ROLE = "*"  # in Role.may_grant: every role, custom ones included

BEHEERDER = "beheerder"
MANAGER = "manager"
EIGENAAR = "eigenaar"
LEZER = "lezer"

TOKEN_EVERYONE = "*"
_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_BAD_NAME_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")
MAX_NAME = 128


@dataclass(frozen=True, slots=True)
class Role:
    """A named set of permissions. ``may_grant`` names the roles a holder may give or revoke
    (meaningful only with :attr:`Permission.grant`; ``ANY_ROLE`` means all)."""

    name: str
    permissions: frozenset[Permission]
    may_grant: frozenset[str] = frozenset()
    description: str = ""
    builtin: bool = False

    def can_grant(self, role: str) -> bool:
        return Permission.grant in self.permissions and (
            ANY_ROLE in self.may_grant or role in self.may_grant
        )


BUILTIN_ROLES: Mapping[str, Role] = MappingProxyType({
    BEHEERDER: Role(BEHEERDER, ALL_PERMISSIONS, frozenset({ANY_ROLE}),
                    "contract administrator: ingests, corrects, grants access, reads the audit log",
                    builtin=True),
    MANAGER: Role(MANAGER,
                  frozenset({Permission.read, Permission.correct, Permission.manage_obligations}),
                  frozenset(), "contract manager: reads, manages obligations and deadlines, "
                  "corrects facts", builtin=True),
    EIGENAAR: Role(EIGENAAR, frozenset({Permission.read, Permission.grant}), frozenset({MANAGER}),
                   "contract owner: reads, appoints the manager", builtin=True),
    LEZER: Role(LEZER, frozenset({Permission.read}), frozenset(),
                "reads (legal, finance, procurement, audit)", builtin=True),
})


# -- names, folders, scopes -------------------------------------------------------------------

def check_name(name: str, what: str = "name") -> str:
    """A user or group name: 1-128 characters, no whitespace or control characters."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"{what} must not be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"{what} is longer than {MAX_NAME} characters: {name[:20]!r}...")
    if _BAD_NAME_CHARS.search(name):
        raise ValueError(f"{what} must not contain spaces or control characters: {name!r}")
    return name


def normalise_dossier(path: str) -> str:
    """A dossier folder as stored: '/'-separated segments, no empty, '.' or '..' segments.

    The inbox root is ``''``; a grant cannot name it (that would be "everything": use ``--all``).
    """
    segments = [s for s in path.replace("\\", "/").split("/") if s]
    for s in segments:
        if s in (".", ".."):
            raise ValueError(f"a dossier path must not contain {s!r}: {path!r}")
    return "/".join(segments)


def _contract_folder(dossier: str) -> str:
    """A contract's stored dossier, compared by whole segments (tolerant of stray slashes)."""
    return "/".join(s for s in dossier.replace("\\", "/").split("/") if s)


def _under(folder: str, root: str) -> bool:
    return folder == root or folder.startswith(root + "/")


@dataclass(frozen=True, slots=True)
class ContractRef:
    """What access decisions need to know about a contract."""

    id: int
    dossier: str = ""


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a grant applies: one contract, a dossier folder and everything under it, or all."""

    kind: ScopeKind
    value: str = ""  # contract id as decimal text | normalised dossier path | '' for all

    @classmethod
    def everything(cls) -> Scope:
        return cls(ScopeKind.all, "")

    @classmethod
    def contract(cls, contract_id: int) -> Scope:
        if contract_id < 1:
            raise ValueError(f"not a contract id: {contract_id}")
        return cls(ScopeKind.contract, str(int(contract_id)))

    @classmethod
    def dossier(cls, path: str) -> Scope:
        folder = normalise_dossier(path)
        if not folder:
            raise ValueError("a dossier grant needs a folder below the inbox "
                             "(for every contract use --all)")
        return cls(ScopeKind.dossier, folder)

    @classmethod
    def parse(cls, kind: str, value: str) -> Scope:
        """From the store's ``scope_kind``/``scope`` columns (ValueError when malformed)."""
        k = ScopeKind(kind)
        if k is ScopeKind.all:
            return cls.everything()
        if k is ScopeKind.contract:
            return cls.contract(int(value))
        return cls.dossier(value)

    @property
    def contract_id(self) -> int | None:
        return int(self.value) if self.kind is ScopeKind.contract else None

    def covers_contract(self, contract: ContractRef) -> bool:
        if self.kind is ScopeKind.all:
            return True
        if self.kind is ScopeKind.contract:
            return self.value == str(contract.id)
        return _under(_contract_folder(contract.dossier), self.value)

    def covers(self, other: Scope | ContractRef) -> bool:
        """Whether this scope includes ``other`` (a contract, a folder, or everything)."""
        if isinstance(other, ContractRef):
            return self.covers_contract(other)
        if self.kind is ScopeKind.all:
            return True
        if other.kind is ScopeKind.all:
            return False
        if self.kind is ScopeKind.contract:
            return other == self
        # self is a dossier: it covers its subfolders; a contract only with its folder known
        return other.kind is ScopeKind.dossier and _under(other.value, self.value)

    def __str__(self) -> str:
        if self.kind is ScopeKind.all:
            return "everything"
        return f"{self.kind.value} {self.value}"


# -- principals and grants --------------------------------------------------------------------

def parse_holder(spec: str) -> tuple[PrincipalKind, str]:
    """``user:NAME``, ``group:NAME`` or a bare ``NAME`` (a user)."""
    kind, sep, name = spec.partition(":")
    if not sep:
        return PrincipalKind.user, check_name(spec, "user name")
    if kind not in ("user", "group"):
        raise ValueError(f"not a user or group: {spec!r} (write user:NAME or group:NAME)")
    pk = PrincipalKind(kind)
    return pk, check_name(name, f"{pk.value} name")


def holder_token(kind: PrincipalKind, name: str) -> str:
    return ("u:" if kind is PrincipalKind.user else "g:") + name


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a user and the groups they belong to right now.

    ``via`` is set when a beheerder looks through this user's eyes (``--as``); the audit log
    then names the beheerder as the actor.
    """

    user: str
    groups: frozenset[str] = frozenset()
    via: str | None = None

    @property
    def actor(self) -> str:
        return self.via or self.user

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset({holder_token(PrincipalKind.user, self.user)}
                         | {holder_token(PrincipalKind.group, g) for g in self.groups})

    def holds(self, grant: Grant) -> bool:
        if grant.kind is PrincipalKind.user:
            return grant.holder == self.user
        return grant.holder in self.groups


@dataclass(frozen=True, slots=True)
class Grant:
    """A role given to a user or group on a scope."""

    role: str
    kind: PrincipalKind
    holder: str
    scope: Scope
    source: GrantSource = GrantSource.store
    id: int | None = None  # store row id; None for a config policy
    created_by: str = ""
    created_at: str = ""

    @property
    def token(self) -> str:
        return holder_token(self.kind, self.holder)

    @property
    def holder_spec(self) -> str:
        return f"{self.kind.value}:{self.holder}"

    def key(self) -> tuple[str, str, str, str, str]:
        return (self.role, self.kind.value, self.holder, self.scope.kind.value, self.scope.value)


def require_principal(principal: Principal | None) -> Principal:
    """Fail closed: without a known user nothing is allowed, and that is an error."""
    if not isinstance(principal, Principal) or not principal.user:
        raise AccessDeniedError("no user identity: access denied")
    return principal


# -- decisions --------------------------------------------------------------------------------

def held_grants(principal: Principal | None, grants: Iterable[Grant]) -> list[Grant]:
    p = require_principal(principal)
    return [g for g in grants if p.holds(g)]


def _permissions(role: str, roles: Mapping[str, Role]) -> frozenset[Permission]:
    r = roles.get(role)
    return r.permissions if r is not None else frozenset()


def permissions_at(
    principal: Principal | None,
    target: ContractRef | Scope,
    grants: Iterable[Grant],
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> frozenset[Permission]:
    """Everything the principal may do on a contract, a folder, or everything."""
    out: set[Permission] = set()
    for g in held_grants(principal, grants):
        if g.scope.covers(target):
            out |= _permissions(g.role, roles)
    return frozenset(out)


def can(
    principal: Principal | None,
    action: Permission,
    contract: ContractRef,
    grants: Iterable[Grant],
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> bool:
    """May ``principal`` do ``action`` on ``contract``? Default deny; no principal -> error."""
    return Permission(action) in permissions_at(principal, contract, grants, roles=roles)


def can_at(
    principal: Principal | None,
    action: Permission,
    scope: Scope,
    grants: Iterable[Grant],
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> bool:
    """May ``principal`` do ``action`` on a whole folder (e.g. ingest into it) or everything?"""
    return Permission(action) in permissions_at(principal, scope, grants, roles=roles)


def is_beheerder(principal: Principal | None, grants: Iterable[Grant]) -> bool:
    """Holds the beheerder role on everything (directly or through a group)."""
    return any(g.role == BEHEERDER and g.scope.kind is ScopeKind.all
               for g in held_grants(principal, grants))


def may_grant(
    principal: Principal | None,
    role: str,
    target: Scope | ContractRef,
    grants: Iterable[Grant],
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> bool:
    """May ``principal`` give (or revoke) ``role`` on ``target``? Needs a held grant whose role
    may grant it, on that scope or a wider one. Pass a :class:`ContractRef` (not
    ``Scope.contract``) for a contract, so that grants on its folder count."""
    if role not in roles:
        return False
    for g in held_grants(principal, grants):
        r = roles.get(g.role)
        if r is not None and r.can_grant(role) and g.scope.covers(target):
            return True
    return False


def covering_grants(
    contract: ContractRef, grants: Iterable[Grant]
) -> list[Grant]:
    """Every grant that applies to the contract, whoever holds it (for `dossier access`)."""
    return [g for g in grants if g.scope.covers_contract(contract)]


def acl_tokens(
    contract: ContractRef,
    grants: Iterable[Grant],
    policies: Iterable[Grant] = (),
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> frozenset[str]:
    """The index keyword values for one contract: ``"*"`` plus each holder of a read-giving
    grant on the contract or its folder (grants on everything are matched by ``"*"``)."""
    tokens = {TOKEN_EVERYONE}
    for source in (grants, policies):
        for g in source:
            if (g.scope.kind is not ScopeKind.all and g.scope.covers_contract(contract)
                    and Permission.read in _permissions(g.role, roles)):
                tokens.add(g.token)
    return frozenset(tokens)


def filter_tokens(
    principal: Principal | None,
    grants: Iterable[Grant],
    *,
    roles: Mapping[str, Role] = BUILTIN_ROLES,
) -> frozenset[str]:
    """The index filter for a principal: match any of these in the contract's acl field."""
    p = require_principal(principal)
    tokens = set(p.tokens)
    if any(g.scope.kind is ScopeKind.all and Permission.read in _permissions(g.role, roles)
           for g in held_grants(p, grants)):
        tokens.add(TOKEN_EVERYONE)
    return frozenset(tokens)


def visible(contract_acl: Iterable[str], tokens: frozenset[str]) -> bool:
    """The check the index performs: does the acl share a token with the filter?"""
    return not tokens.isdisjoint(contract_acl)


# -- the config file's [roles] and [policies] tables ------------------------------------------

def parse_roles(table: Any) -> dict[str, Role]:
    """Built-in roles plus the custom ones of a ``[roles]`` table (ValueError when invalid).

    Either ``name = ["read", "correct"]`` or a table ``[roles.name]`` with ``permissions``,
    optional ``may_grant`` (role names; only with the ``grant`` permission) and
    ``description``. ``grant`` without ``may_grant`` may give itself and the roles without
    ``grant`` whose permissions are a subset of its own, so a custom role cannot hand out
    more than it has, not even through a role that grants further.
    """
    roles: dict[str, Role] = dict(BUILTIN_ROLES)
    if table is None:
        return roles
    if not isinstance(table, Mapping):
        raise ValueError("[roles] must be a table of role = [permissions]")
    pending: dict[str, tuple[frozenset[Permission], list[str] | None, str]] = {}
    for name, spec in table.items():
        where = f"[roles] {name}"
        if not _ROLE_NAME.match(str(name)):
            raise ValueError(f"{where}: a role name is lowercase letters, digits, - and _")
        if name in BUILTIN_ROLES:
            raise ValueError(f"{where}: built-in roles cannot be redefined")
        description = ""
        may: list[str] | None = None
        if isinstance(spec, Mapping):
            unknown = sorted(set(spec) - {"permissions", "may_grant", "description"})
            if unknown:
                raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
            perms_raw = spec.get("permissions")
            if "may_grant" in spec:
                may = _str_list(spec["may_grant"], f"{where}.may_grant")
            description = str(spec.get("description", ""))
        else:
            perms_raw = spec
        perms = frozenset(_permission(p, where) for p in _str_list(perms_raw, where))
        if not perms:
            raise ValueError(f"{where}: needs at least one permission")
        if may is not None and Permission.grant not in perms:
            raise ValueError(f"{where}: may_grant needs the 'grant' permission")
        pending[str(name)] = (perms, may, description)

    known = set(roles) | set(pending)
    for name, (perms, may, description) in pending.items():
        if may is None and Permission.grant in perms:
            grantable = frozenset({name} | {
                n for n in known
                if (p := roles[n].permissions if n in roles else pending[n][0]) <= perms
                and Permission.grant not in p
            })
        elif may is None:
            grantable = frozenset()
        else:
            bad = sorted(set(may) - known)
            if bad:
                raise ValueError(f"[roles] {name}.may_grant: unknown role(s) {', '.join(bad)}")
            grantable = frozenset(may)
        roles[name] = Role(name, perms, grantable, description)
    return roles


def parse_policies(table: Any, roles: Mapping[str, Role]) -> tuple[Grant, ...]:
    """Folder policies of a ``[policies]`` table: folder -> role -> principals.

    ``[policies."inkoop/leveranciers"]`` with ``lezer = ["group:finance", "piet"]``. Each entry
    is a dossier grant that lives in the config file rather than in the store.
    """
    if table is None:
        return ()
    if not isinstance(table, Mapping):
        raise ValueError('[policies] must be a table: [policies."folder"] role = ["group:name"]')
    out: list[Grant] = []
    for folder, by_role in table.items():
        where = f"[policies] {folder!r}"
        try:
            scope = Scope.dossier(str(folder))
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from e
        if not isinstance(by_role, Mapping):
            raise ValueError(f"{where}: must be a table of role = [principals]")
        for role, holders in by_role.items():
            if role not in roles:
                raise ValueError(f"{where}: unknown role {role!r}")
            for spec in _str_list(holders, f"{where}.{role}"):
                try:
                    kind, name = parse_holder(spec)
                except ValueError as e:
                    raise ValueError(f"{where}.{role}: {e}") from e
                out.append(Grant(str(role), kind, name, scope, GrantSource.policy,
                                 created_by="config"))
    return tuple(dict.fromkeys(out))


def _str_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: must be a list of strings")
    return list(value)


def _permission(value: str, where: str) -> Permission:
    try:
        return Permission(value)
    except ValueError:
        names = ", ".join(p.value for p in Permission)
        raise ValueError(f"{where}: unknown permission {value!r} (known: {names})") from None
