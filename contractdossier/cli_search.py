"""Commands ``dossier search`` and ``dossier reindex`` (registered by ``cli.py``).

Parse, call :mod:`contractdossier.search`, render. The caller's access tokens come from access
control (``cli_access``): a search only ever sees, counts, highlights and suggests what the
caller may read, and each search is written to the audit log with the contracts it returned.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import TYPE_CHECKING, Any

import click

from contractdossier import output
from contractdossier.cli import AppContext, pass_app

if TYPE_CHECKING:  # imported when a command runs: every other command starts faster
    from contractdossier.search import SearchFilters, SearchIndex, SearchResults

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _index(app: AppContext, backend: str | None = None) -> tuple[SearchIndex, Any, Any]:
    """The search index wired to access control; (index, access control, principal)."""
    from contractdossier.cli_access import access_control, current_principal
    from contractdossier.search import open_indexer

    settings = app.settings()
    ac = access_control(app)
    principal = current_principal(app)
    index = open_indexer(settings, app.store, acl_for=ac.acl_for, acl_state=ac.acl_state,
                         backend=backend)
    app.cleanups.append(index.close)
    return index, ac, principal


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


@click.command("search")
@click.argument("query", required=False, default="")
@click.option("--type", "contract_type", metavar="TYPE",
              help="Only this contract or clause type (e.g. lease, termination).")
@click.option("--party", metavar="NAME", help="Only contracts with this party.")
@click.option("--dossier", metavar="PATH", help="Only this dossier folder (and its subfolders).")
@click.option("--ends-before", type=_DATE, metavar="DATE",
              help="Only contracts whose end date is before DATE (YYYY-MM-DD).")
@click.option("--notice-before", type=_DATE, metavar="DATE",
              help="Only contracts whose notice deadline is before DATE.")
@click.option("--signed-after", type=_DATE, metavar="DATE",
              help="Only contracts signed after DATE.")
@click.option("--limit", type=click.IntRange(1, 200), default=10, show_default=True,
              help="Contracts to show.")
@click.option("--json", "as_json", is_flag=True, help="JSON for machines.")
@pass_app
def search_cmd(app: AppContext, query: str, contract_type: str | None, party: str | None,
               dossier: str | None, ends_before: dt.datetime | None,
               notice_before: dt.datetime | None, signed_after: dt.datetime | None,
               limit: int, as_json: bool) -> None:
    """Search the contracts you may read, in Dutch and English.

    QUERY: words (clauses with more of them rank higher), "a phrase", prefix*, AND / OR /
    NOT (or -word), ( ) and fields: party:, type:, lang:, dossier:, title:. Related contract
    terms in the other language are found too, ranked lower. Without QUERY, the options alone
    list the contracts that match them. Matches are marked «like this». Exit code 11 for a
    query that cannot be read.
    """
    from contractdossier.access_store import AuditAction
    from contractdossier.search import SearchFilters

    index, ac, principal = _index(app)
    filters = SearchFilters(
        contract_type=contract_type, party=party, dossier=dossier,
        ends_before=_day(ends_before), notice_before=_day(notice_before),
        signed_after=_day(signed_after),
    )
    results = index.search(query, filter_tokens=ac.filter_tokens(principal), filters=filters,
                           limit=limit)
    detail = {"query": query, "total": results.total_contracts,
              **{k: str(v) for k, v in _filter_detail(filters).items()}}
    ac.record(principal, AuditAction.search, [c.contract_id for c in results.contracts], detail)
    if as_json:
        click.echo(output.json_text(results.as_dict()))
    else:
        click.echo(render(results))


def _filter_detail(filters: SearchFilters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in filters.__slots__
            if getattr(filters, name) not in (None, "")}


def render(results: SearchResults) -> str:
    """Plain text for people: contracts ranked, each hit with clause, page and snippet."""
    from contractdossier.search import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, HitKind

    n = results.total_contracts
    shown = len(results.contracts)
    what = f'"{results.query}"' if results.query else "the filters"
    if not n:
        lines = [f"no contracts match {what}"]
        if results.suggestion:
            lines.append(f"did you mean: {results.suggestion}")
        return "\n".join(lines)
    head = f"{n} contract{'s' if n != 1 else ''} match {what}"
    if shown < n:
        head += f" (showing {shown}; --limit for more)"
    lines = [head, ""]
    for c in results.contracts:
        where = f" — {c.dossier}" if c.dossier else ""
        score = f"  (score {c.score:.2f})" if c.score > 0 else ""
        lines.append(f"[{c.contract_id}] {c.title or '(untitled)'}{where}{score}")
        for h in c.hits:
            if h.kind is HitKind.contract:  # the contract as a whole: title, parties, type
                lines.append("      " + h.snippet)
                continue
            label = [x for x in (h.clause_ref, h.heading) if x]
            if h.page is not None:
                label.append(f"p. {h.page}")
            lines.append("    " + (" · ".join(label) if label else h.kind.value))
            if h.snippet:
                lines.append("      " + h.snippet)
        lines.append("")
    return "\n".join(lines).rstrip() + f"\n\nmatches are marked {HIGHLIGHT_OPEN}…{HIGHLIGHT_CLOSE}"


class _Progress:
    """Contracts done / all on stderr while rebuilding; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("reindexing"), BarColumn(), MofNCompleteColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("reindex", total=None)

    def __call__(self, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


@click.command("reindex")
@click.option("--backend", type=click.Choice(["tantivy", "whoosh"]),
              help="Rebuild this engine's index (default: the configured search_backend).")
@pass_app
def reindex_cmd(app: AppContext, backend: str | None) -> None:
    """Rebuild the search index from the store.

    The new index is built beside the current one, which keeps answering searches, and
    replaces it when complete. An interrupted rebuild resumes where it stopped. Needs the
    ingest permission. Exit code 10 when another rebuild is running.
    """
    from contractdossier.access import Permission, Scope

    index, ac, principal = _index(app, backend)
    ac.require_at(principal, Permission.ingest, Scope.everything())
    started = time.perf_counter()
    progress = _Progress()
    try:
        count = index.reindex(progress)
    finally:
        progress.stop()
    seconds = time.perf_counter() - started
    click.echo(f"reindexed {count} contract(s) ({index.num_entries()} index entries) with "
               f"{index.backend} in {seconds:.1f} s into {index.location}")


COMMANDS: tuple[click.Command, ...] = (search_cmd, reindex_cmd)
