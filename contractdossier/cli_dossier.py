"""`dossier show`, `export` and `set`: a contract's facts with their evidence, and corrections."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from contractdossier import clock, output
from contractdossier.cli import AppContext, pass_app
from contractdossier.deadlines import Duration
from contractdossier.dossier import SINGLE_FIELDS, TERM_FIELDS, TERM_LABEL_WIDTH, contract_file
from contractdossier.errors import DossierError, ExitCode
from contractdossier.reports import NO_ROLE, readable
from contractdossier.reports.dossier_report import party_label, value_text

SETTABLE = tuple(f for f in SINGLE_FIELDS if f != "doc_type")


class ValueError_(DossierError):
    exit_code = ExitCode.usage


def as_of_option(f: Any) -> Any:
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Reference date for rolled-forward terms and deadlines (default: today).",
    )(f)


def as_of_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value else clock.today()


def _fmt_value(value: Any) -> str:
    return readable(value_text(value))  # a renewal described, "6 months (P6M)"


def _fmt_evidence(ev: dict[str, Any]) -> str:
    where = []
    if ev.get("page"):
        where.append(f"p. {ev['page']}")
    if ev.get("clause"):
        where.append(f"art. {ev['clause']}")
    quote = (ev.get("quote") or "").replace("\n", " ")
    if len(quote) > 160:
        quote = quote[:157] + "..."
    return (", ".join(where) + (f': "{quote}"' if quote else "")).strip()


def render_file(view: dict[str, Any]) -> str:
    lines = [
        f"Contract {view['id']}: {view['title']}",
        f"Dossier: {view['dossier'] or '(inbox root)'}    Language: {view['language']}    "
        f"As of: {view['as_of']}",
        "",
    ]
    lines.append("Documents")
    for d in view["documents"]:
        ocr = f", {d['ocr_pages']} OCR" if d["ocr_pages"] else ""
        lines.append(f"  {d['seq'] + 1}. [{d['role']}] {d['title']} ({d['pages']} p.{ocr})")
        for p in d["paths"]:
            lines.append(f"       {p}")
    lines.append("")
    lines.append("Parties")
    for p in view["parties"] or []:
        kvk = f", KvK {p['kvk']}" if p.get("kvk") else ""
        lines.append(
            f"  {party_label(p['name'], p.get('trade_name'))} — {p.get('role') or NO_ROLE}{kvk}  "
            f"[{_fmt_evidence(p['evidence'])}]"
        )
    if not view["parties"]:
        lines.append("  (none recognised)")
    lines.append("")
    lines.append("Term and deadlines")
    for key, label in TERM_FIELDS:
        fact = view.get(key)
        if fact is None:
            continue
        mark = (
            " (confirmed)"
            if fact["confirmed"]
            else " (computed)"
            if fact["source"] == "computed"
            else ""
        )
        lines.append(
            f"  {label + ':':<{TERM_LABEL_WIDTH}}{_fmt_value(fact['value'])}{mark}"
            f"  confidence {fact['confidence']:.2f}"
        )
        # a computed date cites the start and the term, often the same sentence: print it once
        shown = list(dict.fromkeys(t for t in map(_fmt_evidence, fact["evidence"]) if t))
        lines.extend(f"      {text}" for text in shown[:3])
    if view["needs_checking"]:
        lines.append("")
        lines.append("Needs checking")
        lines.extend(f"  - {r}" for r in view["needs_checking"])
    if view["obligations"]:
        lines.append("")
        lines.append("Obligations")
        for o in view["obligations"]:
            due = o["due_date"] or o["rule"] or o["due"] or "no deadline"
            status = "" if o["status"] == "open" else f" [{o['status']}]"
            lines.append(
                f"  #{o['id']} {o['party'] or '?'}: {o['action']} — {due}{status}"
                f"  (art. {o['clause'] or '?'}, p. {o['page'] or '?'})"
            )
    if view["amounts"]:
        lines.append("")
        lines.append("Amounts")
        for a in view["amounts"]:
            what = f" — {a['what']}" if a.get("what") else ""
            lines.append(
                f"  {a.get('text') or a.get('value')}{what}  [{_fmt_evidence(a['evidence'])}]"
            )
    if view["clauses"]:
        lines.append("")
        lines.append("Clauses")
        for c in view["clauses"]:
            types = f"  ({', '.join(c['types'])})" if c["types"] else ""
            lines.append(f"  {c['ref']:<8} {c['heading']}{types}  p. {c['page']}")
    return "\n".join(lines) + "\n"


@click.command("show")
@click.argument("contract_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="The facts with their evidence, as JSON.")
@as_of_option
@pass_app
def show_cmd(app: AppContext, contract_id: int, as_json: bool, as_of: dt.datetime | None) -> None:
    """A contract's extracted facts, each with its evidence (page, clause, quoted text)."""
    from contractdossier.access import Permission
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control, current_principal

    ac, principal = access_control(app), current_principal(app)
    ac.require(principal, Permission.read, contract_id)
    view = contract_file(app.store(), contract_id, as_of_date(as_of))
    ac.record(principal, AuditAction.show, [contract_id], {"json": as_json})
    click.echo(output.json_text(view) if as_json else render_file(view), nl=False)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "csv"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of stdout.",
)
@as_of_option
@pass_app
def export_cmd(app: AppContext, fmt: str, out_path: Path | None, as_of: dt.datetime | None) -> None:
    """Every contract you may read, with its facts and evidence (one JSON object per line)."""
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control, current_principal

    ac, principal = access_control(app), current_principal(app)
    ids = ac.visible_contract_ids(principal)
    day = as_of_date(as_of)
    views = [contract_file(app.store(), i, day) for i in ids]
    if fmt == "jsonl":
        text = "".join(json.dumps(output.to_jsonable(v), ensure_ascii=False) + "\n" for v in views)
    elif fmt == "json":
        text = output.json_text(views) + "\n"
    else:
        rows = [
            {
                "id": v["id"],
                "title": v["title"],
                "dossier": v["dossier"],
                **{k: (v[k] or {}).get("value") for k, _ in TERM_FIELDS},
                "parties": "; ".join(p["name"] for p in v["parties"]),
                "needs_checking": "; ".join(v["needs_checking"]),
            }
            for v in views
        ]
        text = output.csv_text(rows, list(rows[0]) if rows else ["id"])
    ac.record(principal, AuditAction.export, ids, {"format": fmt})
    if out_path:
        out_path.write_text(text, encoding="utf-8")
        click.echo(f"exported {len(views)} contract(s) to {out_path}", err=True)
    else:
        click.echo(text, nl=False)


def parse_value(field: str, raw: str) -> Any:
    """A person's value for a field, validated: ISO dates, ISO durations, renewal shorthand."""
    raw = raw.strip()
    if field in ("signing_date", "start_date", "end_date"):
        if field == "end_date" and raw.lower() in ("indefinite", "onbepaald"):
            return "indefinite"
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError as e:
            raise ValueError_(f"{field} must be a date as YYYY-MM-DD, not {raw!r}") from e
    if field in ("initial_term", "notice_period"):
        try:
            return Duration.from_iso(raw.upper()).iso()
        except ValueError as e:
            raise ValueError_(
                f"{field} must be an ISO 8601 duration such as P3M or P1Y, not {raw!r}"
            ) from e
    if field == "renewal":
        if raw.startswith("{"):
            value = json.loads(raw)
        else:
            words = raw.split()
            if not words or words[0] not in ("automatic", "option", "none"):
                raise ValueError_(
                    "renewal must be 'none', 'automatic PERIOD [max N]', 'automatic indefinite' "
                    "(runs on until notice) or 'option PERIOD [max N] [notice PERIOD]'"
                )
            value = {
                "type": words[0],
                "period": None,
                "max": None,
                "holder": None,
                "exercise_notice": None,
            }
            rest = words[1:]
            if rest and rest[0].lower() in ("indefinite", "onbepaald") and words[0] == "automatic":
                rest.pop(0)
                value["period"] = "indefinite"
            elif rest and rest[0].upper().startswith("P"):
                value["period"] = parse_value("initial_term", rest.pop(0))
            while len(rest) >= 2:
                key, val = rest.pop(0), rest.pop(0)
                if key == "max":
                    value["max"] = int(val)
                elif key == "notice":
                    value["exercise_notice"] = parse_value("initial_term", val)
                elif key == "holder":
                    value["holder"] = val
                else:
                    raise ValueError_(f"unknown renewal detail {key!r}")
        return value
    if not raw:
        raise ValueError_(f"{field} must not be empty")
    return raw


@click.command("set")
@click.argument("contract_id", type=int)
@click.argument("field", type=click.Choice(SETTABLE))
@click.argument("value")
@click.option(
    "--reason", required=True, help="Why (kept with the correction and in the audit log)."
)
@pass_app
def set_cmd(app: AppContext, contract_id: int, field: str, value: str, reason: str) -> None:
    """Correct or confirm a fact: overrides the extracted value, which is kept with its evidence.

    Dates as YYYY-MM-DD (end_date may be 'indefinite'), durations as ISO 8601 (P3M, P1Y),
    renewal as 'none', 'automatic P1Y [max N]' or 'option P12M max 2 notice P2M'.
    """
    from contractdossier.access import Permission
    from contractdossier.access_store import AuditAction
    from contractdossier.cli_access import access_control, current_principal

    ac, principal = access_control(app), current_principal(app)
    if principal.via is not None:
        raise ValueError_("--as is for checking what someone sees; make changes as yourself")
    ac.require(principal, Permission.correct, contract_id)
    parsed = parse_value(field, value)
    app.store().set_fact(contract_id, field, parsed, reason=reason, user=principal.user)
    ac.record(
        principal,
        AuditAction.correct,
        [contract_id],
        {"field": field, "value": parsed, "reason": reason},
    )
    _reindex(app, contract_id)
    click.echo(f"contract {contract_id}: {field} set to {_fmt_value(parsed)} (confirmed)")


def _reindex(app: AppContext, contract_id: int) -> None:
    from contractdossier.cli import _indexer

    indexer = _indexer(app, app.settings())
    if indexer is not None:
        indexer.index_contracts([contract_id])


COMMANDS: tuple[click.Command, ...] = (show_cmd, export_cmd, set_cmd)
