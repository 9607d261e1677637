"""The ``dossier`` command line: parse, call the library, render. The only place that writes to
stdout and picks exit codes (see ``errors.ExitCode``)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from contractdossier import __version__, output
from contractdossier.errors import DossierError, ExitCode, NotFoundError
from contractdossier.settings import SETTINGS, Settings, load

log = logging.getLogger("contractdossier")


# -- context and error translation ------------------------------------------------------------


@dataclass
class AppContext:
    overrides: dict[str, Any]
    config_file: Path | None
    verbose: int
    _settings: Settings | None = None
    _store: Any = None
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    def settings(self, **more: Any) -> Settings:
        if more:
            return load({**self.overrides, **more}, config_file=self.config_file)
        if self._settings is None:
            self._settings = load(self.overrides, config_file=self.config_file)
        return self._settings

    def store(self) -> Any:
        if self._store is None:
            from contractdossier.store import Store

            settings = self.settings()
            _prepare_home(settings)
            self._store = Store.open(settings.url)
            self.cleanups.append(self._store.close)
        return self._store


def _prepare_home(settings: Settings) -> None:
    """Create the data home, readable by its owner only (0700)."""
    home = settings.home
    if not home.exists():
        home.mkdir(parents=True, mode=0o700)
    for sub in (settings.archive_dir, settings.quarantine_dir, settings.index_dir):
        sub.mkdir(exist_ok=True, mode=0o700)


# Commands that live in their own modules (``COMMANDS`` in each), by name: a module is imported
# when one of its commands runs or help lists them all, so `dossier search` starts without the
# libraries only other commands need (SQLAlchemy, for the store). A test checks this table
# against the modules' COMMANDS.
COMMAND_MODULES = {
    "search": "cli_search", "reindex": "cli_search",
    "show": "cli_dossier", "export": "cli_dossier", "set": "cli_dossier",
    "report": "cli_reports", "obligation": "cli_reports",
    "check": "cli_check",
    "worker": "cli_pg", "migrate": "cli_pg",
}


class DossierGroup(click.Group):
    """Translates our typed errors into a message and their stable exit code; loads the
    commands of :data:`COMMAND_MODULES` when they are asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            self._load(module)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self._load(module)
        return super().list_commands(ctx)

    def _load(self, module: str) -> None:
        import importlib

        for command in importlib.import_module(f"contractdossier.{module}").COMMANDS:
            if command.name not in self.commands:
                self.add_command(command)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DossierError as e:
            app = ctx.find_object(AppContext)
            if app is not None and app.verbose:
                log.exception("error")
            click.echo(f"error: {e}", err=True)
            ctx.exit(int(e.exit_code))
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(int(ExitCode.interrupted))
        finally:
            app = ctx.find_object(AppContext)
            if app is not None:
                for cleanup in reversed(app.cleanups):
                    cleanup()
                app.cleanups.clear()


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("contractdossier")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


@click.group(cls=DossierGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(path_type=Path),
    envvar="DOSSIER_HOME",
    help="Data home (store, archive, index, quarantine). Env: DOSSIER_HOME.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="DOSSIER_CONFIG",
    help="Config file (default: <home>/config.toml).",
)
@click.option("-v", "--verbose", count=True, help="More logging on stderr (-vv for debug).")
@click.version_option(__version__, prog_name="dossier")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, config_file: Path | None, verbose: int) -> None:
    """contractdossier: contract dossiers kept complete, current and accessible.

    Exit codes: 0 ok, 2 usage, 3 unreadable input file, 4 encrypted PDF, 5 empty input,
    6 not found, 7 access denied, 8 configuration, 9 store, 10 index busy, 11 bad query,
    12 batch finished with quarantined or failed files, 130 interrupted.
    """
    _setup_logging(verbose)
    overrides: dict[str, Any] = {}
    if home is not None:
        overrides["home"] = home
    ctx.obj = AppContext(overrides=overrides, config_file=config_file, verbose=verbose)


pass_app = click.make_pass_decorator(AppContext)


def _emit(text: str) -> None:
    click.echo(text, nl=not text.endswith("\n"))


# -- ingestion --------------------------------------------------------------------------------


class _Progress:
    """A progress line on stderr (files, pages/s); silent when stderr is not a terminal."""

    def __init__(self, label: str, total: int | None) -> None:
        self.enabled = sys.stderr.isatty()
        self.started = time.perf_counter()
        self.pages = 0
        self.done = 0
        self._progress: Any = None
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(label, total=total, rate="")

    def advance(self, pages: int) -> None:
        self.done += 1
        self.pages += pages
        if self._progress is not None:
            elapsed = max(1e-6, time.perf_counter() - self.started)
            self._progress.update(
                self._task,
                advance=1,
                rate=f"{self.pages} pages, {self.pages / elapsed:.0f} pages/s",
            )

    def add_total(self, n: int) -> None:
        if self._progress is not None:
            task = self._progress.tasks[0]
            self._progress.update(self._task, total=(task.total or 0) + n)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def _ingest_principal(app: AppContext) -> Any:
    """Who ingests: needs the ingest permission. In a brand-new data home (no grants at all)
    the OS user who creates it becomes its first beheerder, as `dossier init` would do."""
    from contractdossier.access import Permission, Scope
    from contractdossier.cli_access import (
        access_control,
        current_principal,
        os_user,
        requested_as_user,
    )

    ac = access_control(app)
    if not ac.store_grants() and not requested_as_user(app) and ac.init(os_user()):
        click.echo(f"{os_user()} is now the beheerder of {app.settings().home}", err=True)
    principal = current_principal(app)
    ac.require_at(principal, Permission.ingest, Scope.everything())
    return principal


def _audit_ingest(app: AppContext, principal: Any, summary: Any) -> None:
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control

    if not summary.outcomes:
        return
    ids = sorted({o.contract_id for o in summary.outcomes if o.contract_id is not None})
    access_control(app).record(principal, AuditAction.ingest, ids, summary.as_dict())


def _visible(app: AppContext) -> tuple[Any, Any, set[int]]:
    """(access control, principal, ids of the contracts the principal may read)."""
    from contractdossier.cli_access import access_control, current_principal

    ac = access_control(app)
    principal = current_principal(app)
    return ac, principal, set(ac.visible_contract_ids(principal))


def _make_pipeline(app: AppContext, settings: Settings) -> Any:
    from contractdossier.pipeline import Pipeline

    return Pipeline(settings, app.store(), indexer=_indexer(app, settings))


def _indexer(app: AppContext, settings: Settings) -> Any:
    try:
        from contractdossier.search import open_indexer
    except ImportError:
        return None
    from contractdossier.cli_access import access_control

    ac = access_control(app)
    return open_indexer(settings, app.store(), acl_for=ac.acl_for, acl_state=ac.acl_state)


def _summary_text(summary: Any, settings: Settings) -> str:
    s = summary
    rate = s.pages / s.seconds if s.seconds else 0.0
    lines = [
        f"ingested {s.ingested}, duplicates {s.duplicates}, quarantined {s.quarantined}, "
        f"failed {s.failed} ({s.pages} pages in {s.seconds:.1f} s, {rate:.0f} pages/s)"
    ]
    for o in s.outcomes:
        if o.state.value in ("quarantined", "failed"):
            lines.append(f"  {o.state.value}: {o.path}: {o.reason}")
    if s.quarantined:
        lines.append(f"quarantined files and their reasons are in {settings.quarantine_dir}")
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@pass_app
def ingest(app: AppContext, paths: tuple[Path, ...], workers: int | None, as_json: bool) -> None:
    """Ingest contract PDFs from files and folders (recursive), once.

    Each folder given is an inbox: its subfolders name the dossier. The same content dropped
    twice becomes one document with both paths recorded. Bad files are quarantined with a
    reason; the exit code is 12 when any file was quarantined or failed.
    """
    from contractdossier.ingest.runner import BatchRunner
    from contractdossier.ingest.scan import iter_source_files

    settings = app.settings(workers=workers)
    store = app.store()
    principal = _ingest_principal(app)
    sources = list(iter_source_files(list(paths), exclude=[settings.home]))
    for src in sources:
        store.register(src)
    progress = _Progress("ingesting", total=len(sources))
    pipeline = _make_pipeline(app, settings)
    try:
        with BatchRunner(
            pipeline, workers=settings.workers, on_outcome=lambda o: progress.advance(o.pages)
        ) as runner:
            summary = runner.drain()
    finally:
        progress.stop()
    _audit_ingest(app, principal, summary)
    if as_json:
        _emit(
            output.json_text(
                {
                    **summary.as_dict(),
                    "files": [
                        {
                            "path": o.path,
                            "state": o.state,
                            "reason": o.reason,
                            "contract": o.contract_id,
                            "document": o.document_id,
                        }
                        for o in summary.outcomes
                    ],
                }
            )
        )
    else:
        _emit(_summary_text(summary, settings))
    if summary.quarantined or summary.failed:
        raise SystemExit(int(ExitCode.partial))


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    stop = threading.Event()

    def handler(signum: int, _frame: Any) -> None:
        log.warning("received %s: finishing the current jobs", signal.Signals(signum).name)
        stop.set()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


@cli.command()
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path, file_okay=False))
@click.option("--once", is_flag=True, help="Process what is there now, then exit.")
@click.option(
    "--polling", is_flag=True, default=None, help="Poll instead of OS events (network shares)."
)
@click.option(
    "--stable-delay", type=float, help="Seconds a file must be unchanged before it is taken."
)
@click.option("--rescan-interval", type=float, help="Seconds between full rescans (0 = never).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: cores).")
@pass_app
def watch(
    app: AppContext,
    folders: tuple[Path, ...],
    once: bool,
    polling: bool | None,
    stable_delay: float | None,
    rescan_interval: float | None,
    workers: int | None,
) -> None:
    """Watch inbox folders and ingest every contract dropped into them.

    Without FOLDERS, the inboxes from the configuration are watched. SIGTERM or Ctrl-C finish
    (or requeue) the running jobs and exit cleanly.
    """
    from contractdossier.ingest.runner import BatchRunner
    from contractdossier.ingest.watch import WatchLoop

    settings = app.settings(
        workers=workers, polling=polling, stable_delay=stable_delay, rescan_interval=rescan_interval
    )
    targets = list(folders) or list(settings.inboxes)
    if not targets:
        raise click.UsageError("no folders given and no inboxes configured (setting 'inboxes')")
    exclude = [settings.home] + ([settings.processed_dir] if settings.processed_dir else [])
    principal = _ingest_principal(app)
    pipeline = _make_pipeline(app, settings)
    progress = _Progress("watching", total=None)

    def report(o: Any) -> None:
        progress.advance(o.pages)
        suffix = f": {o.reason}" if o.reason else ""
        log.warning("%s %s%s", o.state.value, o.path, suffix) if o.state.value in (
            "quarantined",
            "failed",
        ) else log.info("%s %s%s", o.state.value, o.path, suffix)

    with (
        _stop_on_signals() as stop,
        BatchRunner(pipeline, workers=settings.workers, on_outcome=report) as runner,
    ):
        loop = WatchLoop(
            runner,
            targets,
            stable_delay=settings.stable_delay,
            rescan_interval=settings.rescan_interval,
            polling=settings.polling,
            exclude=exclude,
        )
        if not once:
            click.echo(f"watching {', '.join(str(t) for t in targets)} (Ctrl-C to stop)", err=True)
        try:
            summary = loop.run(stop, once=once)
        finally:
            progress.stop()
            _audit_ingest(app, principal, runner.summary)
    _emit(_summary_text(summary, settings))


# -- what is there ----------------------------------------------------------------------------


def _format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="JSON for machines.")(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)
    return f


def _render(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    fmt: str,
    as_json: bool,
    *,
    json_value: Any = None,
    title: str | None = None,
) -> None:
    if as_json or fmt == "json":
        _emit(output.json_text(rows if json_value is None else json_value))
    elif fmt == "csv":
        _emit(output.csv_text(rows, [k for k, _ in columns]))
    else:
        width = None if sys.stdout.isatty() else 160
        _emit(
            output.table_text(rows, columns, title=title, width=width)
            if rows
            else "nothing to show"
        )


@cli.command("list")
@_format_option
@pass_app
def list_(app: AppContext, fmt: str, as_json: bool) -> None:
    """List the stored contracts with their documents and where each came from."""
    from contractdossier.access_store import AuditAction

    store = app.store()
    ac, principal, visible = _visible(app)
    contracts = store.contracts(sorted(visible))
    ac.record(principal, AuditAction.list, [c["id"] for c in contracts])
    documents = store.documents([c["id"] for c in contracts])
    paths = store.document_paths([d["id"] for d in documents])
    by_contract: dict[int, list[dict[str, Any]]] = {}
    for d in documents:
        by_contract.setdefault(d["contract_id"], []).append(
            {
                "id": d["id"],
                "role": d["role"],
                "title": d["title"],
                "sha256": d["sha256"],
                "pages": d["page_count"],
                "ocr_pages": d["ocr_pages"],
                "language": d["language"],
                "paths": [p["path"] for p in paths.get(d["id"], [])],
            }
        )
    full = [
        {
            "id": c["id"],
            "title": c["title"],
            "language": c["language"],
            "dossier": c["dossier"],
            "documents": by_contract.get(c["id"], []),
        }
        for c in contracts
    ]
    rows = [
        {
            "id": c["id"],
            "title": c["title"],
            "language": c["language"],
            "dossier": c["dossier"],
            "documents": len(c["documents"]),
            "pages": sum(d["pages"] for d in c["documents"]),
            "source": "; ".join(p for d in c["documents"] for p in d["paths"][:1]),
        }
        for c in full
    ]
    _render(
        rows,
        [
            ("id", "ID"),
            ("title", "Title"),
            ("language", "Lang"),
            ("dossier", "Dossier"),
            ("documents", "Docs"),
            ("pages", "Pages"),
            ("source", "Source"),
        ],
        fmt,
        as_json,
        json_value=full,
        title="Contracts",
    )


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@_format_option
@pass_app
def status(app: AppContext, path: Path | None, limit: int, fmt: str, as_json: bool) -> None:
    """What happened to a file (or a folder's files), or the most recent ledger entries."""
    from contractdossier.access_store import AuditAction

    store = app.store()
    ac, principal, visible = _visible(app)
    target = str(Path(os.path.abspath(path))) if path is not None else None  # noqa: PTH100 - symlinks stay as the user sees them
    jobs = store.jobs(path=target, limit=limit)
    if target is not None and not jobs:
        raise NotFoundError(f"no ledger entry for {path}")
    rows = []
    for j in jobs:
        row = {
            "id": j.id,
            "path": j.path,
            "state": j.state.value,
            "attempts": j.attempts,
            "contract": j.contract_id,
            "document": j.document_id,
            "sha256": j.sha256,
            "reason": j.error,
            "quarantine": j.quarantine_path,
            "updated": j.updated_at,
        }
        if j.contract_id is not None and j.contract_id not in visible:
            # a document the user may not read: its ledger row shows no contract details
            row.update(contract=None, document=None, sha256=None, reason=None)
        rows.append(row)
    ac.record(
        principal,
        AuditAction.status,
        sorted({r["contract"] for r in rows if r["contract"] is not None}),
        {"path": target} if target else {},
    )
    _render(
        rows,
        [
            ("id", "Job"),
            ("state", "State"),
            ("path", "Path"),
            ("contract", "Contract"),
            ("document", "Doc"),
            ("attempts", "Tries"),
            ("reason", "Reason"),
        ],
        fmt,
        as_json,
        title="Ingestion ledger",
    )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_app
def retry(app: AppContext, paths: tuple[Path, ...]) -> None:
    """Put failed files (all, or the given ones) back in the queue; `dossier watch` or
    `dossier ingest` then processes them."""
    n = app.store().retry_failed([str(Path(os.path.abspath(p))) for p in paths])  # noqa: PTH100 - symlinks stay as the user sees them
    _emit(f"requeued {n} failed job(s)")


@cli.command("config")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def config_(app: AppContext, as_json: bool) -> None:
    """Show the effective settings and where each value came from."""
    settings = app.settings()
    values = settings.as_dict()
    rows = [
        {
            "setting": s.name,
            "value": values[s.name],
            "from": settings.sources.get(s.name),
            "env": s.env,
            "help": s.help,
        }
        for s in SETTINGS
    ]
    _render(
        rows,
        [("setting", "Setting"), ("value", "Value"), ("from", "From"), ("env", "Env")],
        "table",
        as_json,
        title="Settings",
    )


def main() -> None:  # pragma: no cover - console entry for python -m
    cli()


# The access commands and the global --as option are added now (the option must be there
# before the arguments are parsed); the other modules' commands when asked for (DossierGroup).
from contractdossier import cli_access  # noqa: E402

cli_access.install(cli)
