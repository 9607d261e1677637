"""Commands for running on a shared PostgreSQL store: ``dossier worker`` and ``dossier migrate``.

``worker`` drains the shared job queue (files registered by any machine's ``ingest``/``watch``,
or by the worker itself) and exits; several workers on several machines take each job once.
``migrate --to postgresql://...`` copies an embedded (SQLite) dossier into an empty PostgreSQL
database and verifies the copy. The library work lives in the store (the queue) and
:mod:`contractdossier.store.transfer`; this module only parses, calls and renders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import IntegrityError

from contractdossier import output
from contractdossier.cli import (
    AppContext,
    _audit_ingest,
    _emit,
    _ingest_principal,
    _make_pipeline,
    _stop_on_signals,
    _summary_text,
    pass_app,
)
from contractdossier.errors import ExitCode


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_app
def worker(app: AppContext, paths: tuple[Path, ...], workers: int | None, as_json: bool) -> None:
    """Drain the shared job queue, then exit (no watching).

    Meant for a PostgreSQL store (DOSSIER_DATABASE_URL) that several machines share: each runs
    `dossier worker` (or `watch`) and every queued file is taken by exactly one of them. PATHS,
    when given, are registered first (files already registered are not queued again). A job
    whose worker died is taken over when its lease expires (at once when the dead worker ran on
    this host); a job that keeps failing ends as 'failed' with its reason. SIGTERM or Ctrl-C
    finish (or requeue) the running jobs. Exit code 12 when a file was quarantined or failed.
    """
    from contractdossier.ingest.runner import BatchRunner
    from contractdossier.ingest.scan import iter_source_files

    settings = app.settings(workers=workers)
    store = app.store()
    try:
        principal = _ingest_principal(app)
    except IntegrityError:
        # Another machine made its user the first beheerder of this new database at the same
        # moment; the grants exist now, so asking again decides normally.
        principal = _ingest_principal(app)
    if paths:
        for src in iter_source_files(list(paths), exclude=[settings.home]):
            store.register(src)
    pipeline = _make_pipeline(app, settings)
    with (
        _stop_on_signals() as stop,
        BatchRunner(pipeline, workers=settings.workers) as runner,
    ):
        try:
            summary = runner.drain(stop)
        finally:
            _audit_ingest(app, principal, runner.summary)
    if as_json:
        _emit(output.json_text(summary.as_dict()))
    else:
        _emit(_summary_text(summary, settings))
    if summary.quarantined or summary.failed:
        raise SystemExit(int(ExitCode.partial))


@click.command()
@click.option(
    "--to",
    "target",
    required=True,
    metavar="URL",
    help="The empty PostgreSQL database, e.g. postgresql://user@host/dossier.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the verification as JSON.")
@pass_app
def migrate(app: AppContext, target: str, as_json: bool) -> None:
    """Move this (embedded) dossier's store to an empty PostgreSQL database.

    Copies every table, the audit log included, with its ids, in one transaction, then verifies
    the copy: row counts and a digest of all rows per table on both sides, the audit log's hash
    chain on the target, and every original in the archive against its SHA-256. A target that
    already holds a dossier is refused. The originals stay in the data home's archive folder.
    Afterwards set DOSSIER_DATABASE_URL to the target. Only a beheerder may migrate.
    """
    from contractdossier.access_store import AuditLog
    from contractdossier.cli_access import access_control, current_principal
    from contractdossier.errors import StoreError
    from contractdossier.store import Store
    from contractdossier.store.transfer import transfer

    if not target.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        raise click.BadParameter("give a postgresql:// URL", param_hint="--to")
    settings = app.settings()
    store = app.store()
    access_control(app).require_beheerder(current_principal(app))
    report = transfer(store, target, settings.archive_dir)
    problems = list(report.problems)
    migrated = Store.open(target)
    try:
        problems += [f"audit log on the target: {p}" for p in AuditLog(migrated.engine).verify()]
    finally:
        migrated.close()
    result = {**report.as_dict(), "ok": not problems, "problems": problems}
    if as_json:
        _emit(output.json_text(result))
    else:
        _emit(_render_report(result))
    if problems:
        raise StoreError(f"the copy in {_safe(target)} does not match: {problems[0]}")
    click.echo(
        f"moved to {_safe(target)}; set DOSSIER_DATABASE_URL to it (and run `dossier reindex`)",
        err=True,
    )


def _safe(url: str) -> str:
    """The URL without its password."""
    head, sep, tail = url.rpartition("@")
    if not sep or ":" not in head.split("//", 1)[-1]:
        return url
    scheme, _, credentials = head.partition("//")
    return f"{scheme}//{credentials.split(':', 1)[0]}:***@{tail}"


def _render_report(report: dict[str, Any]) -> str:
    lines = [f"{'table':<16} {'source':>9} {'target':>9}  rows"]
    for name, t in report["tables"].items():
        same = "same" if t["same_rows"] else "DIFFER"
        lines.append(f"{name:<16} {t['source']:>9} {t['target']:>9}  {same}")
    lines.append(f"originals verified by SHA-256: {report['originals']}")
    lines += [f"problem: {p}" for p in report["problems"]]
    return "\n".join(lines)


COMMANDS: tuple[click.Command, ...] = (worker, migrate)
