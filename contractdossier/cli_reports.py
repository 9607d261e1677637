"""`dossier report obligations|deadlines|dossier` and `dossier obligation done|reopen`.

Every report covers only the contracts the principal may read (``visible_contract_ids``), is
written to the audit log with the ids it covered, and can be reproduced for any day with
``--as-of`` (default: today, which ``DOSSIER_TODAY`` fixes). A contract named with ``--contract``
or ``report dossier`` that the principal may not read is reported as not found, exactly like one
that does not exist. Obligation status changes need the manage_obligations permission.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from contractdossier.cli import AppContext, pass_app
from contractdossier.cli_dossier import as_of_date, as_of_option
from contractdossier.deadlines import Duration
from contractdossier.errors import AccessDeniedError, DossierError, ExitCode, NotFoundError
from contractdossier.reports import Format, load_files, parse_window


class AsUserRefused(DossierError):
    exit_code = ExitCode.usage


def _window(_ctx: click.Context, param: click.Parameter, value: str | None) -> Duration | None:
    if value is None:
        return None
    try:
        return parse_window(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param=param) from e


def _output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "-o",
        "--output",
        "out_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Write the report to this file instead of stdout.",
    )(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in Format]),
        default="table",
        show_default=True,
        help="table (terminal), csv, json, md (Markdown), html (one self-contained page) or "
        "ics (calendar events with reminders).",
    )(f)
    return as_of_option(f)


def _emit(text: str, fmt: str, out_path: Path | None, what: str) -> None:
    if out_path is not None:
        out_path.write_bytes(text.encode("utf-8"))
        click.echo(f"{what} written to {out_path} ({fmt})", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _width() -> int:
    return shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 160


def _run(
    app: AppContext,
    build: Callable[[Any, list[int], dt.date], Any],
    *,
    kind: str,
    fmt: str,
    out_path: Path | None,
    as_of: dt.datetime | None,
    detail: dict[str, Any],
    only: list[int] | None = None,
) -> None:
    """Visible contracts -> contract files -> report -> audit -> output."""
    from contractdossier.access import Permission
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control, current_principal
    from contractdossier.reports.render import render

    ac, principal = access_control(app), current_principal(app)
    day = as_of_date(as_of)
    visible = ac.visible_contract_ids(principal)
    if only is not None:
        for cid in only:
            ac.require(principal, Permission.read, cid)  # not found, as if it did not exist
        visible = [cid for cid in visible if cid in set(only)]
    store = app.store()
    report = build(store, visible, day)
    ac.record(
        principal,
        AuditAction.report,
        list(report.contract_ids),
        {"report": kind, "format": fmt, "as_of": day.isoformat(), **detail},
    )
    text = render(report, fmt, user=principal.user, width=_width())
    _emit(text, fmt, out_path, f"{kind} report")


@click.group("report")
def report_group() -> None:
    """Reports on the contracts you may read: obligations, deadlines, one contract's file."""


@report_group.command("obligations")
@click.option(
    "--contract", "contracts", type=int, multiple=True, help="Only this contract (repeatable)."
)
@click.option("--party", help="Only obligations of this party (part of its role or name).")
@click.option("--dossier", "folder", help="Only contracts in this dossier folder (and below).")
@click.option(
    "--due-before",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only obligations due before this day (YYYY-MM-DD).",
)
@click.option(
    "--due-within",
    callback=_window,
    metavar="PERIOD",
    help="Only obligations due within this period from the as-of day, overdue ones "
    "included (90d, 12w, 3m, 1y).",
)
@click.option(
    "--status", type=click.Choice(["open", "done", "all"]), default="open", show_default=True
)
@_output_options
@pass_app
def obligations_cmd(
    app: AppContext,
    contracts: tuple[int, ...],
    party: str | None,
    folder: str | None,
    due_before: dt.datetime | None,
    due_within: Duration | None,
    status: str,
    fmt: str,
    out_path: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """What must be done, by whom, by when: every recognised obligation, overdue ones first.

    The due date is the recognised date, the next occurrence for a recurring obligation, or the
    rule when it hangs on an event with no date (those come last).
    """
    from contractdossier.reports import obligations

    filters = obligations.ObligationFilter(
        contract_ids=frozenset(contracts) if contracts else None,
        party=party,
        dossier=folder,
        due_before=due_before.date() if due_before else None,
        due_within=due_within,
        status=obligations.StatusFilter(status),
    )

    def build(store: Any, ids: list[int], day: dt.date) -> Any:
        return obligations.build(load_files(store, ids, day), day, filters)

    _run(
        app,
        build,
        kind="obligations",
        fmt=fmt,
        out_path=out_path,
        as_of=as_of,
        detail={"filters": filters.as_dict()},
        only=list(contracts) or None,
    )


@report_group.command("deadlines")
@click.option(
    "--within",
    callback=_window,
    metavar="PERIOD",
    help="Only deadlines from the as-of day up to this period ahead (90d, 12w, 3m, 1y). "
    "Without it every deadline is listed and the next 90 days are marked.",
)
@_output_options
@pass_app
def deadlines_cmd(
    app: AppContext,
    within: Duration | None,
    fmt: str,
    out_path: Path | None,
    as_of: dt.datetime | None,
) -> None:
    """Notice deadlines (automatic renewals rolled forward), renewal dates, option deadlines and
    end dates, plus the contracts whose term facts are missing or uncertain ("needs checking").
    """
    from contractdossier.reports import deadlines_report

    def build(store: Any, ids: list[int], day: dt.date) -> Any:
        return deadlines_report.build(load_files(store, ids, day), day, within)

    _run(
        app,
        build,
        kind="deadlines",
        fmt=fmt,
        out_path=out_path,
        as_of=as_of,
        detail={"within": within.iso() if within else None},
    )


@report_group.command("dossier")
@click.argument("contract_id", type=int)
@_output_options
@pass_app
def dossier_cmd(
    app: AppContext, contract_id: int, fmt: str, out_path: Path | None, as_of: dt.datetime | None
) -> None:
    """One contract's whole file on one page: parties, term, deadlines, obligations, documents
    (amendments in order) and which facts a person confirmed."""
    from contractdossier.reports import dossier_report

    def build(store: Any, ids: list[int], day: dt.date) -> Any:
        return dossier_report.build(load_files(store, ids, day)[0], day)

    _run(
        app,
        build,
        kind="dossier",
        fmt=fmt,
        out_path=out_path,
        as_of=as_of,
        detail={},
        only=[contract_id],
    )


# -- obligation tracking ----------------------------------------------------------------------


@click.group("obligation")
def obligation_group() -> None:
    """Track obligations: mark one done (or open again); recorded with who, when and a note."""


def _set_status(app: AppContext, obligation_id: int, status: str, note: str | None) -> None:
    from contractdossier.access import Permission
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control, current_principal

    ac, principal = access_control(app), current_principal(app)
    if principal.via is not None:
        raise AsUserRefused("--as is for checking what someone sees; make changes as yourself")
    store = app.store()
    missing = NotFoundError(f"no obligation {obligation_id}")
    try:
        row = store.obligation(obligation_id)
    except NotFoundError:
        raise missing from None
    cid = int(row["contract_id"])
    if not ac.can(principal, Permission.read, cid):
        raise missing  # a hidden contract's obligation is indistinguishable from none
    if not ac.can(principal, Permission.manage_obligations, cid):
        raise AccessDeniedError(
            f"{principal.user} may not manage the obligations of contract {cid}"
        )
    if row["status"] == status and (note is None or note == row["note"]):
        click.echo(f"obligation {obligation_id} is already {status}")
        return
    before = store.set_obligation_status(obligation_id, status, user=principal.user, note=note)
    ac.record(
        principal,
        AuditAction.obligation,
        [cid],
        {"obligation": obligation_id, "status": status, "previous": before["status"], "note": note},
    )
    by = f" ({note})" if note else ""
    click.echo(
        f"obligation {obligation_id} of contract {cid} ({row['action']}): {status}, "
        f"by {principal.user}{by}"
    )


@obligation_group.command("done")
@click.argument("obligation_id", type=int)
@click.option("--note", help="What was done (kept with the status and in the audit log).")
@pass_app
def done_cmd(app: AppContext, obligation_id: int, note: str | None) -> None:
    """Mark an obligation done (needs the manage_obligations permission on its contract)."""
    _set_status(app, obligation_id, "done", note)


@obligation_group.command("reopen")
@click.argument("obligation_id", type=int)
@click.option("--note", help="Why it is open again.")
@pass_app
def reopen_cmd(app: AppContext, obligation_id: int, note: str | None) -> None:
    """Mark an obligation open again."""
    _set_status(app, obligation_id, "open", note)


COMMANDS: tuple[click.Command, ...] = (report_group, obligation_group)
