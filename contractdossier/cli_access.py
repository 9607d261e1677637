"""Commands for access control: init, grant, revoke, access, whoami, group, audit.

The CLI acts as the operating-system user running it (``getpass.getuser()``). ``--as USER``
(a global option) lets a beheerder see what USER would see and is refused for anyone else;
changes are never made under ``--as``. Every other command obtains its principal from
:func:`current_principal` (or :func:`acting_principal`) and its checks from
:func:`access_control`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from typing import Any

import click

from contractdossier import access, output
from contractdossier.access import Permission, Principal, Scope
from contractdossier.access_store import AccessControl, AccessLine, AuditAction
from contractdossier.cli import AppContext, pass_app
from contractdossier.errors import AccessDeniedError, StoreError

AS_USER_META = "contractdossier.as_user"
_ACCESS_META = "contractdossier.access_control"


# -- identity ---------------------------------------------------------------------------------

def os_user() -> str:
    """The operating-system user running this process; no identity means no access.

    When a team shares one data home through a service account (``sudo -u dossier dossier
    ...``), the person is the one sudo names in ``SUDO_USER``: sudo sets it and resets the rest of
    the environment, and whoever could forge it already runs as the service account, which owns
    the data home anyway.
    """
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError) as e:
        raise AccessDeniedError(f"cannot tell which user is running dossier: {e}") from e
    if not user:
        raise AccessDeniedError("cannot tell which user is running dossier")
    sudo_user = os.environ.get("SUDO_USER", "")
    if sudo_user and sudo_user != "root" and user != "root":
        return sudo_user
    return user


def access_control(app: AppContext) -> AccessControl:
    """One AccessControl per command invocation (config roles and policies validated here)."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and _ACCESS_META in ctx.meta:
        cached: AccessControl = ctx.meta[_ACCESS_META]
        return cached
    # The store is opened when first needed: a search's own statements run without it.
    ac = AccessControl(app.store, app.settings(), config_file=app.config_file)
    if ctx is not None:
        ctx.meta[_ACCESS_META] = ac
    return ac


def acting_principal(app: AppContext, as_user: str | None) -> Principal:
    """The principal this command acts as: the OS user, or with ``--as`` (beheerders only)
    the given user, with the beheerder kept as ``via`` for the audit log."""
    return access_control(app).acting(os_user(), as_user)


def requested_as_user(app: AppContext) -> str | None:
    """The ``--as`` value: ``app.as_user`` if the main group stores it there, else the value
    the option added by :func:`install` put in the click context."""
    value = getattr(app, "as_user", None)
    if value:
        return str(value)
    ctx = click.get_current_context(silent=True)
    meta_value = ctx.meta.get(AS_USER_META) if ctx is not None else None
    return str(meta_value) if meta_value else None


def current_principal(app: AppContext) -> Principal:
    return acting_principal(app, requested_as_user(app))


def _remember_as(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[AS_USER_META] = value


AS_OPTION = click.Option(
    ["--as", "as_user"], metavar="USER", expose_value=False, callback=_remember_as,
    help="Act as USER to check what they would see (beheerders only; read-only).",
)


def install(group: click.Group) -> None:
    """Add ``--as`` and the access commands to the main group (idempotent)."""
    if not any(p.name == "as_user" for p in group.params):
        group.params.append(AS_OPTION)
    for command in COMMANDS:
        if command.name not in group.commands:
            group.add_command(command)


# -- helpers ----------------------------------------------------------------------------------

def _holder_arg(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        kind, name = access.parse_holder(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from e
    return f"{kind.value}:{name}"


def _name_arg(_ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    values = value if isinstance(value, tuple) else (value,)
    for v in values:
        if v is None:
            continue
        try:
            access.check_name(v, param.name or "name")
        except ValueError as e:
            raise click.BadParameter(str(e)) from e
    return value


def _scope(contract: int | None, dossier: str | None, everything: bool) -> Scope:
    chosen = [x for x in (contract is not None, dossier is not None, everything) if x]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --contract ID, --dossier PATH, --all")
    if contract is not None:
        return Scope.contract(contract)
    if dossier is not None:
        try:
            return Scope.dossier(dossier)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--dossier") from e
    return Scope.everything()


def _scope_options(f: Any) -> Any:
    f = click.option("--all", "everything", is_flag=True, help="On every contract.")(f)
    f = click.option("--dossier", metavar="PATH",
                     help="On a dossier folder (below the inbox) and everything under it, "
                          "including contracts that arrive later.")(f)
    f = click.option("--contract", type=click.IntRange(min=1), metavar="ID",
                     help="On one contract.")(f)
    return f


def _check_role(ac: AccessControl, role: str) -> None:
    if role not in ac.roles:
        raise click.BadParameter(f"no role {role!r} (known: {', '.join(sorted(ac.roles))})",
                                 param_hint="ROLE")


def _echo(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], title: str) -> None:
    _echo(output.table_text(rows, columns, title=title, width=160) if rows else "nothing to show")


def _perm_names(perms: frozenset[Permission]) -> list[str]:
    return [p.value for p in Permission if p in perms]


def _refuse_as(app: AppContext) -> None:
    if requested_as_user(app) not in (None, os_user()):
        raise AccessDeniedError("--as is for checking what someone sees; make changes as yourself")


# -- commands ---------------------------------------------------------------------------------

@click.command("init")
@pass_app
def init_cmd(app: AppContext) -> None:
    """Create the data home (readable by its owner only) and make you its first beheerder."""
    _refuse_as(app)
    user = os_user()
    created = access_control(app).init(user)
    home = app.settings().home
    _echo(f"{user} is now the beheerder of {home}" if created
          else f"{user} already is a beheerder of {home}")


@click.command("grant")
@click.argument("role")
@click.argument("principal", callback=_holder_arg)
@_scope_options
@pass_app
def grant_cmd(app: AppContext, role: str, principal: str, contract: int | None,
              dossier: str | None, everything: bool) -> None:
    """Give ROLE to PRINCIPAL (user:NAME, group:NAME, or NAME for a user) on one contract,
    a dossier folder, or everything. Takes effect at once."""
    scope = _scope(contract, dossier, everything)
    ac = access_control(app)
    _check_role(ac, role)
    _refuse_as(app)
    g, created = ac.grant(current_principal(app), role, principal, scope)
    _echo(f"granted {role} to {g.holder_spec} on {scope}" if created
          else f"{g.holder_spec} already has {role} on {scope}")


@click.command("revoke")
@click.argument("role")
@click.argument("principal", callback=_holder_arg)
@_scope_options
@pass_app
def revoke_cmd(app: AppContext, role: str, principal: str, contract: int | None,
               dossier: str | None, everything: bool) -> None:
    """Take ROLE back from PRINCIPAL on the given scope. Takes effect at once."""
    scope = _scope(contract, dossier, everything)
    ac = access_control(app)
    _check_role(ac, role)
    _refuse_as(app)
    g = ac.revoke(current_principal(app), role, principal, scope)
    _echo(f"revoked {role} from {g.holder_spec} on {scope}")


def _line_row(line: AccessLine) -> dict[str, Any]:
    g = line.grant
    source = ("policy in config file" if g.source is access.GrantSource.policy
              else f"grant #{g.id} by {g.created_by} at {g.created_at}")
    return {
        "holder": g.holder_spec, "role": g.role if line.known_role else f"{g.role} (unknown)",
        "permissions": _perm_names(line.permissions), "scope": str(g.scope),
        "source": source, "members": list(line.members) if line.members is not None else None,
        "reads": Permission.read in line.permissions,
    }


@click.command("access")
@click.argument("contract_id", metavar="CONTRACT", type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def access_cmd(app: AppContext, contract_id: int, as_json: bool) -> None:
    """Who may see CONTRACT and why (for holders of the grant or audit permission on it)."""
    ac = access_control(app)
    principal = current_principal(app)
    lines = ac.explain(principal, contract_id)
    rows = [_line_row(line) for line in lines]
    ac.record(principal, AuditAction.access, [contract_id])
    if as_json:
        _echo(output.json_text({"contract": contract_id, "access": rows}))
        return
    for row in rows:
        row["permissions"] = ", ".join(row["permissions"])
        row["members"] = ", ".join(row["members"]) if row["members"] is not None else ""
    _table(rows, [("holder", "Who"), ("role", "Role"), ("permissions", "Permissions"),
                  ("scope", "On"), ("members", "Members now"), ("source", "Because")],
           f"Access to contract {contract_id}")


@click.command("whoami")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def whoami_cmd(app: AppContext, as_json: bool) -> None:
    """Who you are to dossier: user, groups, and the grants that apply to you."""
    ac = access_control(app)
    principal = current_principal(app)
    grants = ac.grants()
    held = access.held_grants(principal, grants)
    groups = sorted(principal.groups)
    beheerder = access.is_beheerder(principal, grants)
    rows = [{
        "role": g.role, "scope": str(g.scope), "through": g.holder_spec,
        "permissions": _perm_names(ac.roles[g.role].permissions if g.role in ac.roles
                                   else frozenset()),
        "source": g.source.value,
    } for g in held]
    if as_json:
        _echo(output.json_text({"user": principal.user, "checked_by": principal.via,
                                "groups": groups, "beheerder": beheerder, "grants": rows}))
        return
    head = f"user: {principal.user}"
    if principal.via:
        head += f" (as seen by {principal.via})"
    lines = [head, f"groups: {', '.join(groups) or '-'}",
             f"beheerder: {'yes' if beheerder else 'no'}"]
    if not rows:
        lines.append("grants: none (you see no contracts)")
    else:
        lines.append("grants:")
        lines += [f"  {r['role']} on {r['scope']} (through {r['through']}, {r['source']}): "
                  f"{', '.join(r['permissions'])}" for r in rows]
    _echo("\n".join(lines))


@click.group("group")
def group_cmd() -> None:
    """Group membership (beheerders). Changes take effect at once for every grant to the group."""


@group_cmd.command("add")
@click.argument("group", callback=_name_arg)
@click.argument("users", nargs=-1, required=True, callback=_name_arg)
@pass_app
def group_add_cmd(app: AppContext, group: str, users: tuple[str, ...]) -> None:
    """Add USERS to GROUP."""
    _refuse_as(app)
    added = access_control(app).group_add(current_principal(app), group, users)
    _echo(f"added to {group}: {', '.join(added)}" if added else f"no change to {group}")


@group_cmd.command("remove")
@click.argument("group", callback=_name_arg)
@click.argument("users", nargs=-1, required=True, callback=_name_arg)
@pass_app
def group_remove_cmd(app: AppContext, group: str, users: tuple[str, ...]) -> None:
    """Remove USERS from GROUP."""
    _refuse_as(app)
    removed = access_control(app).group_remove(current_principal(app), group, users)
    _echo(f"removed from {group}: {', '.join(removed)}" if removed else f"no change to {group}")


@group_cmd.command("list")
@click.argument("group", required=False, callback=_name_arg)
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def group_list_cmd(app: AppContext, group: str | None, as_json: bool) -> None:
    """List the members of every group, or of GROUP."""
    ac = access_control(app)
    ac.require_beheerder(current_principal(app))
    members = ac.group_members(group)
    if as_json:
        _echo(output.json_text(members))
        return
    _table([{"group": g, "members": ", ".join(us)} for g, us in members.items()],
           [("group", "Group"), ("members", "Members")], "Groups")


@click.command("audit")
@click.option("--user", callback=_name_arg, help="Only entries by this user.")
@click.option("--contract", type=click.IntRange(min=1), help="Only entries touching contract.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S",
                                               "%Y-%m-%d %H:%M:%S"]),
              help="Only entries at or after this local date/time.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the newest N entries.")
@click.option("--verify", is_flag=True, help="Check the hash chain instead of listing.")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def audit_cmd(app: AppContext, user: str | None, contract: int | None,
              since: dt.datetime | None, limit: int | None, verify: bool, as_json: bool) -> None:
    """The audit log of reads and changes (beheerders: the audit permission on everything).

    With --verify, walk the hash chain: exit code 9 when an entry was edited, removed or
    inserted.
    """
    ac = access_control(app)
    principal = current_principal(app)
    if verify:
        problems = ac.verify_audit(principal)
        count, head = ac.audit.head()
        ac.record(principal, AuditAction.audit, (), {"verify": True, "problems": len(problems)})
        if as_json:
            _echo(output.json_text({"ok": not problems, "entries": count, "head": head,
                                    "problems": problems}))
        else:
            _echo("\n".join(problems) if problems
                  else f"audit log intact: {count} entries, newest hash {head}")
        if problems:
            raise StoreError(f"the audit log fails verification: {len(problems)} problem(s)")
        return
    entries = ac.read_audit(principal, user=user, contract=contract, since=since, limit=limit)
    ac.record(principal, AuditAction.audit, [contract] if contract else (), {
        k: v for k, v in (("user", user), ("contract", contract),
                          ("since", since.isoformat() if since else None), ("limit", limit))
        if v is not None})
    if as_json:
        _echo(output.json_text([e.as_dict() for e in entries]))
        return
    _table([{"id": e.id, "ts": e.ts, "actor": e.actor, "action": e.action,
             "contracts": ", ".join(str(c) for c in e.contracts),
             "detail": json.dumps(dict(e.detail), ensure_ascii=False) if e.detail else ""}
            for e in entries],
           [("id", "#"), ("ts", "When (UTC)"), ("actor", "Who"), ("action", "What"),
            ("contracts", "Contracts"), ("detail", "Detail")], "Audit log")


COMMANDS: tuple[click.Command, ...] = (
    init_cmd, grant_cmd, revoke_cmd, access_cmd, whoami_cmd, group_cmd, audit_cmd,
)
