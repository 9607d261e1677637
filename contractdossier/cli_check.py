"""``dossier check``: report (and with ``--repair``, fix) drift between the store, the archive
of originals, the ledger and the search index. Registered by ``cli.py`` from ``COMMANDS``."""

from __future__ import annotations

import click

from contractdossier import output
from contractdossier.cli import AppContext, pass_app
from contractdossier.errors import ExitCode


@click.command("check")
@click.option("--repair", is_flag=True, help="Fix what can be fixed (reindex, requeue, ...).")
@click.option("--quick", is_flag=True, help="Check archived originals by size, not by hash.")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def check_cmd(app: AppContext, repair: bool, quick: bool, as_json: bool) -> None:
    """Check that the data home holds together.

    The store's integrity, every original in the archive with its SHA-256, every document's
    pages, no job stuck in 'processing', and the search index in step with the store. With
    --repair: missing originals are archived again from where they were seen, missing pages
    extracted again, stuck jobs requeued, missing or stale index entries reindexed. Exit code
    0 when all is well (or everything found was repaired), 12 when problems remain. Needs the
    ingest permission.
    """
    from contractdossier.access import Permission, Scope
    from contractdossier.check import check
    from contractdossier.cli import _indexer
    from contractdossier.cli_access import access_control, current_principal

    settings = app.settings()
    store = app.store()
    access_control(app).require_at(current_principal(app), Permission.ingest, Scope.everything())
    index = _indexer(app, settings)
    if index is not None:
        app.cleanups.append(index.close)
    report = check(settings, store, index, repair=repair, quick=quick)
    if as_json:
        click.echo(output.json_text(report.as_dict()))
    else:
        looked = ", ".join(f"{n} {k}" for k, n in report.counts.items())
        if report.clean:
            click.echo(f"all well ({looked})")
        for p in report.problems:
            mark = "repaired" if p.repaired else "PROBLEM"
            click.echo(f"{mark}: {p.kind.value}: {p.subject}: {p.detail}")
        if report.problems:
            click.echo(
                f"{len(report.problems)} problem(s), {len(report.unrepaired)} not repaired"
                + ("" if repair or not report.unrepaired else "; run `dossier check --repair`")
            )
    if report.unrepaired:
        raise SystemExit(int(ExitCode.partial))


COMMANDS: tuple[click.Command, ...] = (check_cmd,)
