"""Reports and obligation tracking through the real CLI, on a store in a temporary home.

The store is built by inserting contracts, documents, facts and obligations straight into the
schema with SQLAlchemy, from the sample set's ground truth (``samples/expected.json``): the
reports are tested on the facts recognition should produce, without depending on recognition.
``dossier init`` runs first, so the OS user (``getpass.getuser``, monkeypatched) is beheerder.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from sqlalchemy import Connection, Table, create_engine, insert, select

from contractdossier import clock
from contractdossier.access_store import AuditLog
from contractdossier.cli import cli
from contractdossier.cli_access import install
from contractdossier.cli_reports import COMMANDS
from contractdossier.errors import ExitCode
from contractdossier.store import Store, schema

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
AS_OF = EXPECTED["as_of"]  # 2026-12-01
ARTEFACTS = ROOT / "tests" / "artefacts"

install(cli)  # what the lead's registration does: access commands and the global --as
for _command in COMMANDS:
    if _command.name not in cli.commands:
        cli.add_command(_command)

TERM_FIELDS = (
    "signing_date",
    "start_date",
    "end_date",
    "initial_term",
    "renewal",
    "notice_period",
    "governing_law",
    "forum",
)
# sample id -> contract id in the test store (02 is an amendment of 01)
CONTRACT_OF = {"01": 1, "02": 1, "03": 2, "04": 3, "05": 4, "06": 5, "07": 6}
DRAFT = 7  # a contract without any recognised facts, in "Legal"


@dataclass
class Result:
    code: int
    out: str
    err: str
    raw: bytes = b""  # stdout as written (click's ``stdout`` turns CRLF into LF)

    def json(self) -> Any:
        assert self.code == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def run(home: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    def invoke(user: str, *args: str) -> Result:
        monkeypatch.setattr(getpass, "getuser", lambda: user)
        result = CliRunner().invoke(cli, [*args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return invoke


def _fact(cid: int, doc_id: int | None, field: str, value: Any, **more: Any) -> dict[str, Any]:
    return {
        "contract_id": cid,
        "document_id": doc_id,
        "field": field,
        "value": value,
        "confidence": more.pop("confidence", 0.9),
        "source": "extracted",
        "page": more.pop("page", None),
        "clause_ref": more.pop("clause", None),
        "quote": more.pop("quote", f"{field} as written"),
        "active": True,
        "created_at": clock.now_iso(),
    }


def _insert(conn: Connection, table: Table, values: dict[str, Any]) -> int:
    key = conn.execute(insert(table).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def load_samples(st: Store) -> dict[tuple[str, str], int]:
    """The sample set's ground truth as store rows; returns (sample id, clause) -> obligation id."""
    now = clock.now_iso()
    obligation_ids: dict[tuple[str, str], int] = {}
    with st.engine.begin() as conn:
        for doc in EXPECTED["documents"]:
            cid = CONTRACT_OF[doc["id"]]
            if doc["role"] == "main":
                conn.execute(
                    insert(schema.contracts).values(
                        id=cid,
                        title=doc["title"],
                        language=doc["language"],
                        dossier=doc["dossier"],
                        created_at=now,
                        updated_at=now,
                    )
                )
            seq = 1 if doc["role"] == "amendment" else 0
            doc_id = _insert(
                conn,
                schema.documents,
                dict(
                    sha256=doc["sha256"],
                    contract_id=cid,
                    role=doc["role"],
                    seq=seq,
                    title=doc["title"],
                    size=1000,
                    page_count=doc["pages"],
                    ocr_pages=doc["pages"] if doc["scan"] else 0,
                    language=doc["language"],
                    archive_path=f"{doc['sha256']}.pdf",
                    created_at=now,
                ),
            )
            conn.execute(
                insert(schema.document_paths).values(
                    document_id=doc_id,
                    path=str(SAMPLES / doc["file"]),
                    dossier=doc["dossier"],
                    first_seen=now,
                    last_seen=now,
                )
            )
            facts = []
            values = dict(doc)
            if doc["role"] == "amendment":
                for change in doc["effective_after_amendment"]["changes"]:
                    if not change["derived"]:
                        values[change["field"]] = change["new"]
                values["start_date"] = None  # its own date of effect is not the contract's start
            if doc["term_type"] == "indefinite":
                values["end_date"] = "indefinite"
            for field in TERM_FIELDS:
                value = values.get(field)
                if value is None:
                    continue
                if field == "renewal":
                    value = {k: v for k, v in value.items() if k != "exercise_deadline"}
                clause = doc["evidence"].get(field)
                facts.append(_fact(cid, doc_id, field, value, clause=clause))
            for p in doc["parties"]:
                value = {"name": p["name"], "role": p["role"], "kvk": p["kvk"]}
                facts.append(_fact(cid, doc_id, "party", value))
            for a in doc["amounts"]:
                value = {k: a[k] for k in ("value", "currency", "text", "what")}
                facts.append(
                    _fact(cid, doc_id, "amount", value, clause=a["clause"], page=a["page"])
                )
            conn.execute(insert(schema.facts), facts)
            for o in doc["obligations"]:
                oid = _insert(
                    conn,
                    schema.obligations,
                    dict(
                        contract_id=cid,
                        document_id=doc_id,
                        party=o["party"],
                        action=o["action"],
                        due=o["due"],
                        due_date=dt.date.fromisoformat(o["due_date"]) if o["due_date"] else None,
                        rule=None,
                        recurring=o["recurring"],
                        clause_ref=o["clause"],
                        page=o["page"],
                        quote=o["quote"],
                        confidence=0.9,
                        status="open",
                    ),
                )
                obligation_ids[(doc["id"], o["clause"])] = oid
        conn.execute(
            insert(schema.contracts).values(
                id=DRAFT,
                title="Concept <verwerkersovereenkomst> & bijlage",
                language="nl",
                dossier="Legal",
                created_at=now,
                updated_at=now,
            )
        )
    return obligation_ids


@pytest.fixture
def samples(home: Path, run: Callable[..., Result]) -> Iterator[dict[tuple[str, str], int]]:
    """A home initialised by 'admin' holding the seven samples (six contracts) plus a draft."""
    assert run("admin", "init").code == 0
    st = Store(create_engine(f"sqlite:///{home / 'dossier.sqlite3'}"))
    ids = load_samples(st)
    yield ids
    st.close()


def audit_entries(home: Path, action: str) -> list[Any]:
    st = Store(create_engine(f"sqlite:///{home / 'dossier.sqlite3'}"))
    try:
        return AuditLog(st.engine).entries(action=action)
    finally:
        st.close()


# -- deadlines --------------------------------------------------------------------------------


def _status_as_of(sample: str) -> dict[str, Any]:
    doc = next(d for d in EXPECTED["documents"] if d["id"] == sample)
    if sample == "01":  # the contract as amended by 02
        return dict(EXPECTED["documents"][1]["effective_after_amendment"]["status_as_of"])
    return dict(doc["status_as_of"])


def test_deadlines_report_matches_the_samples_ground_truth(
    samples: Any, run: Callable[..., Result]
) -> None:
    data = run("admin", "report", "deadlines", "--as-of", AS_OF, "--format", "json").json()
    assert data["as_of"] == AS_OF and data["upcoming_until"] == "2027-03-01"
    assert data["contracts"] == [1, 2, 3, 4, 5, 6, 7]
    rows = data["rows"]
    for sample in ("01", "03", "04", "05", "06", "07"):
        cid = CONTRACT_OF[sample]
        truth = _status_as_of(sample)
        mine = {r["kind"]: r for r in rows if r["contract_id"] == cid}
        assert (mine.get("end") or {}).get("date") == truth["current_term_end"], sample
        assert (mine.get("notice") or {}).get("date") == truth["next_notice_deadline"], sample
        assert (mine.get("option") or {}).get("date") == truth["next_option_deadline"], sample
        marked = {d["what"]: d for d in truth["deadlines"]}
        notice_truth = marked.get("next_notice_deadline") or marked.get("notice_deadline")
        if "notice" in mine:
            assert notice_truth is not None and mine["notice"]["when"] == notice_truth["status"]
        if "option" in mine:
            assert mine["option"]["when"] == marked["exercise_deadline"]["status"]
        if "end" in mine and marked.get("end_date", {}).get("date") == mine["end"]["date"]:
            assert mine["end"]["when"] == marked["end_date"]["status"]
    # rolled forward: 04 renewed on 2026-04-01; the notice deadline now stops the 2027 renewal
    notice_04 = next(r for r in rows if r["contract_id"] == 3 and r["kind"] == "notice")
    assert notice_04["what"] == (
        "last day for notice (60 days) to be received to end it on 2027-03-31"
    )
    renewal_04 = next(r for r in rows if r["contract_id"] == 3 and r["kind"] == "renewal")
    assert renewal_04["date"] == "2027-04-01"
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    # the draft has no facts at all: it is in "needs checking", not silently absent
    assert data["needs_checking"] == [
        {
            "contract_id": DRAFT,
            "contract_title": "Concept <verwerkersovereenkomst> & bijlage",
            "dossier": "Legal",
            "reasons": ["no end date found (and none computable from start and term)"],
        }
    ]


def test_deadlines_within_ninety_days_lists_exactly_the_decisions_due(
    samples: Any, run: Callable[..., Result]
) -> None:
    data = run(
        "admin", "report", "deadlines", "--as-of", AS_OF, "--within", "90d", "--format", "json"
    ).json()
    assert [(r["date"], r["kind"], r["contract_id"], r["when"]) for r in data["rows"]] == [
        ("2026-12-31", "end", 5, "upcoming"),
        ("2027-01-30", "notice", 3, "upcoming"),
        ("2027-01-31", "option", 6, "upcoming"),
    ]
    assert data["within"] == "P90D"
    table = run("admin", "report", "deadlines", "--as-of", AS_OF, "--within", "90d")
    assert table.code == 0
    assert "Deadlines (within 90 days) as of 2026-12-01 — 3 row(s)" in table.out
    assert "Needs checking" in table.out and "Concept <verwerkersovereenkomst>" in table.out


def test_as_of_defaults_to_dossier_today(
    samples: Any, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_TODAY", "2027-02-15")
    data = run("admin", "report", "deadlines", "--format", "json").json()
    assert data["as_of"] == "2027-02-15"
    notice_04 = next(r for r in data["rows"] if r["contract_id"] == 3 and r["kind"] == "notice")
    # the 2027 deadline passed: next renewal cycle (60 days before 2028-04-01, a leap year)
    assert notice_04["date"] == "2028-01-31"
    option_07 = next(r for r in data["rows"] if r["contract_id"] == 6 and r["kind"] == "option")
    assert (option_07["date"], option_07["when"]) == ("2027-01-31", "past")


# -- obligations ------------------------------------------------------------------------------


def _key(row: dict[str, Any]) -> tuple[int, str | None, str | None, bool]:
    return (row["contract_id"], row["clause"], row["due_date"], row["overdue"])


def test_obligations_report_orders_overdue_first_then_by_due_date(
    samples: Any, run: Callable[..., Result]
) -> None:
    data = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "json").json()
    rows = data["rows"]
    dated = [_key(r) for r in rows if r["due_date"] is not None]
    assert dated == [
        (2, "5.1", "2024-02-15", True),
        (4, "1.2", "2024-02-23", True),
        (3, "3.2", "2024-05-01", True),
        (3, "3.1", "2024-05-15", True),
        (5, "2.2", "2024-07-31", True),
        (1, "3.2", "2024-12-23", True),
        (1, "3.1", "2024-12-30", True),
        (1, "3.3", "2025-01-01", True),
        (6, "7.1", "2025-10-01", True),
        (2, "3.3", "2026-12-01", False),  # quarterly rent in advance: due today, still in time
        (1, "3.2", "2026-12-15", False),  # 02's migration plan, on contract 1
        (5, "2.3", "2026-12-15", False),
        (1, "4.4", "2027-01-15", False),  # next quarterly report (Q4 2026)
        (1, "5.6", "2027-01-15", False),
        (4, "4.1", "2027-01-15", False),
        (6, "6.1", "2027-01-31", False),  # "jaarlijks vóór 1 februari"
    ]
    assert data["overdue"] == 9
    # overdue rows agree with the ground truth's "past" marks, upcoming ones with "upcoming"
    for doc in EXPECTED["documents"]:
        for d in doc["status_as_of"]["deadlines"]:
            if not d["what"].startswith("obligation "):
                continue
            clause = d["what"].split()[1].rstrip(":")
            row = next(
                r
                for r in rows
                if r["contract_id"] == CONTRACT_OF[doc["id"]]
                and r["clause"] == clause
                and r["due_date"] == d["date"]
            )
            assert row["overdue"] == (d["status"] == "past")
    undated = [r for r in rows if r["due_date"] is None]
    assert rows[-len(undated) :] == undated
    assert all(r["basis"] == "event" for r in undated)
    invoice = next(r for r in undated if r["contract_id"] == 1 and r["clause"] == "6.4")
    assert invoice["due"] == "binnen 30 dagen na factuurdatum"
    recurring = {(r["contract_id"], r["clause"]): r["basis"] for r in rows if r["recurring"]}
    assert recurring == {
        (1, "4.4"): "next",
        (2, "3.3"): "next",  # "uiterlijk op de eerste dag van het huurkwartaal": a lease quarter
        (4, "4.1"): "stepped",
        (6, "6.1"): "next",
    }


def test_obligation_filters(samples: Any, run: Callable[..., Result]) -> None:
    def clauses(*args: str) -> list[tuple[int, str]]:
        data = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "json", *args)
        return [(r["contract_id"], r["clause"]) for r in data.json()["rows"]]

    within = clauses("--due-within", "90d")
    assert within[:9] == [
        (2, "5.1"),
        (4, "1.2"),
        (3, "3.2"),
        (3, "3.1"),
        (5, "2.2"),
        (1, "3.2"),
        (1, "3.1"),
        (1, "3.3"),
        (6, "7.1"),
    ]  # overdue ones are due within any window
    assert within[9:] == [
        (2, "3.3"),
        (1, "3.2"),
        (5, "2.3"),
        (1, "4.4"),
        (1, "5.6"),
        (4, "4.1"),
        (6, "6.1"),
    ]
    assert clauses("--due-within", "14d")[9:] == [(2, "3.3"), (1, "3.2"), (5, "2.3")]
    assert clauses("--due-before", "2026-12-15") == clauses("--due-within", "13d")
    wolkenveld = clauses("--party", "wolkenveld")  # by name: the party in that role
    assert wolkenveld and {c for c, _ in wolkenveld} == {1}
    assert clauses("--party", "Opdrachtnemer", "--contract", "1") == wolkenveld
    assert {c for c, _ in clauses("--dossier", "ICT")} == {1, 3}
    assert {c for c, _ in clauses("--dossier", "Facilitair/Huisvesting")} == {2}
    assert clauses("--contract", "6", "--due-within", "90d") == [(6, "7.1"), (6, "6.1")]
    assert clauses("--status", "done") == []


def test_done_and_reopen_are_tracked_and_audited(
    samples: dict[tuple[str, str], int], run: Callable[..., Result], home: Path
) -> None:
    oid = samples[("06", "2.2")]
    done = run("admin", "obligation", "done", str(oid), "--note", "received 2024-07-30")
    assert done.code == 0, done.err
    assert done.out == (
        f"obligation {oid} of contract 5 (deliver inception report): done, by admin "
        "(received 2024-07-30)\n"
    )
    open_rows = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "json")
    assert oid not in [r["id"] for r in open_rows.json()["rows"]]
    done_rows = run(
        "admin", "report", "obligations", "--as-of", AS_OF, "--status", "done", "--format", "json"
    ).json()["rows"]
    assert [(r["id"], r["status"], r["status_by"], r["note"], r["overdue"]) for r in done_rows] == [
        (oid, "done", "admin", "received 2024-07-30", False)
    ]
    assert done_rows[0]["status_at"]
    again = run("admin", "obligation", "done", str(oid))
    assert (again.code, again.out) == (0, f"obligation {oid} is already done\n")
    assert run("admin", "obligation", "reopen", str(oid)).code == 0
    reopened = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "json").json()
    row = next(r for r in reopened["rows"] if r["id"] == oid)
    assert (row["status"], row["overdue"]) == ("open", True)
    entries = audit_entries(home, "obligation")
    assert [(e.actor, e.contracts, e.detail["status"], e.detail["previous"]) for e in entries] == [
        ("admin", (5,), "done", "open"),
        ("admin", (5,), "open", "done"),
    ]
    assert entries[0].detail["note"] == "received 2024-07-30"


# -- access -----------------------------------------------------------------------------------


def test_reports_cover_only_readable_contracts_and_are_audited(
    samples: dict[tuple[str, str], int], run: Callable[..., Result], home: Path
) -> None:
    assert run("admin", "grant", "manager", "mia", "--dossier", "ICT").code == 0
    assert run("admin", "grant", "lezer", "lex", "--contract", "5").code == 0
    mia = run("mia", "report", "obligations", "--as-of", AS_OF, "--format", "json").json()
    assert mia["contracts"] == [1, 3]
    assert {r["contract_id"] for r in mia["rows"]} == {1, 3}
    deadlines = run("mia", "report", "deadlines", "--as-of", AS_OF, "--format", "json").json()
    assert {r["contract_id"] for r in deadlines["rows"]} == {1, 3}
    assert deadlines["needs_checking"] == []  # the draft in Legal is not hers to see

    nobody = run("nobody", "report", "deadlines", "--as-of", AS_OF, "--format", "json")
    assert nobody.json()["rows"] == [] and nobody.json()["needs_checking"] == []
    empty = run("nobody", "report", "obligations", "--as-of", AS_OF)
    assert empty.code == 0 and "No obligations match." in empty.out
    ics = run("nobody", "report", "obligations", "--format", "ics")
    assert ics.code == 0
    assert icalendar.Calendar.from_ical(ics.out).walk("VEVENT") == []

    hidden = run("mia", "report", "dossier", "5")
    assert (hidden.code, hidden.err) == (ExitCode.not_found, "error: no contract 5\n")
    missing = run("mia", "report", "dossier", "99")
    assert (missing.code, missing.err) == (ExitCode.not_found, "error: no contract 99\n")
    named = run("mia", "report", "obligations", "--contract", "5")
    assert (named.code, named.err) == (ExitCode.not_found, "error: no contract 5\n")

    other = samples[("06", "2.2")]  # contract 5: hidden from mia
    for verb in ("done", "reopen"):
        res = run("mia", "obligation", verb, str(other))
        assert (res.code, res.err) == (ExitCode.not_found, f"error: no obligation {other}\n")
    res = run("mia", "obligation", "done", "99999")
    assert (res.code, res.err) == (ExitCode.not_found, "error: no obligation 99999\n")
    lex = run("lex", "obligation", "done", str(other))  # may read contract 5, not manage it
    assert (lex.code, lex.err) == (
        ExitCode.access_denied,
        "error: lex may not manage the obligations of contract 5\n",
    )
    own = samples[("04", "3.1")]
    assert run("mia", "obligation", "done", str(own), "--note", "delivered").code == 0
    as_mia = run("admin", "--as", "mia", "obligation", "reopen", str(own))
    assert as_mia.code == ExitCode.usage and "--as is for checking" in as_mia.err

    reports = audit_entries(home, "report")
    by_user = [(e.actor, e.detail["report"], e.contracts) for e in reports]
    assert ("mia", "obligations", (1, 3)) in by_user
    assert ("nobody", "deadlines", ()) in by_user
    assert all(e.detail["as_of"] for e in reports)
    assert not any(e.actor == "mia" and e.detail["report"] == "dossier" for e in reports)


# -- formats ----------------------------------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _as_csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def test_csv_and_json_round_trip(samples: Any, run: Callable[..., Result], tmp_path: Path) -> None:
    for report in ("obligations", "deadlines"):
        base = ("report", report, "--as-of", AS_OF)
        data = run("admin", *base, "--format", "json").json()
        out = tmp_path / f"{report}.csv"
        written = run("admin", *base, "--format", "csv", "-o", str(out))
        assert written.code == 0 and written.out == ""
        assert f"{report} report written to {out} (csv)" in written.err
        rows = _csv(out.read_text(encoding="utf-8"))
        json_rows = data["rows"]
        deadline_rows = [r for r in rows if r.get("section", "deadline") == "deadline"]
        assert len(deadline_rows) == len(json_rows) > 0
        for got, want in zip(deadline_rows, json_rows, strict=True):
            assert {k: got[k] for k in want} == {k: _as_csv_cell(v) for k, v in want.items()}
        # and JSON read back is the same report
        again = json.loads(json.dumps(data))
        assert again == data
    dossier = run("admin", "report", "dossier", "1", "--as-of", AS_OF, "--format", "csv")
    long = _csv(dossier.out)
    sections = {r["section"] for r in long}
    assert {"contract", "party", "term", "deadline", "obligation", "document"} <= sections
    docs = [r for r in long if r["section"] == "document"]
    assert [(d["key"], d["label"]) for d in docs] == [("1", "main"), ("2", "amendment")]


def test_markdown_report(samples: Any, run: Callable[..., Result]) -> None:
    md = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "md")
    assert md.code == 0
    lines = md.out.splitlines()
    assert lines[0].startswith("# Obligations (open) as of 2026-12-01")
    header = next(i for i, line in enumerate(lines) if line.startswith("| "))
    assert lines[header + 1].startswith("|---|")
    assert lines[header + 2].startswith("| **OVERDUE** | 2024-02-15 |")
    cells = [len(line.split(" | ")) for line in lines[header:] if line.startswith("| ")]
    assert len(set(cells)) == 1  # no stray pipes from the text break the table


def _ics_events(text: str) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_ics_export_parses_with_stable_uids_and_reminders(
    samples: Any, run: Callable[..., Result], tmp_path: Path
) -> None:
    first = run("admin", "report", "deadlines", "--as-of", AS_OF, "--format", "ics")
    second = run("admin", "report", "deadlines", "--as-of", AS_OF, "--format", "ics")
    assert first.code == 0 and second.code == 0
    raw = first.raw.decode("utf-8")
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.rstrip().endswith("END:VCALENDAR")
    assert all(len(line.encode("utf-8")) <= 75 for line in raw.split("\r\n"))  # folded
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["PRODID"]) == "-//contractdossier//dossier report//EN"
    assert str(cal["VERSION"]) == "2.0"
    events = _ics_events(raw)
    assert set(events) == set(_ics_events(second.out))
    notice = events["contract-3-notice@contractdossier"]
    assert notice.decoded("DTSTART") == dt.date(2027, 1, 30)  # all-day
    assert notice.decoded("DTEND") == dt.date(2027, 1, 31)
    assert isinstance(notice.decoded("DTSTAMP"), dt.datetime)
    assert str(notice["SUMMARY"]) == "Notice deadline: SOFTWARE LICENCE AND SUPPLY AGREEMENT"
    triggers = sorted(a.decoded("TRIGGER") for a in notice.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in notice.walk("VALARM"))
    kinds = {uid.split("-")[2].split("@")[0] for uid in events}
    assert kinds == {"notice", "option", "end"}  # renewal is the day after an end: no event
    assert events["contract-6-option@contractdossier"].decoded("DTSTART") == dt.date(2027, 1, 31)
    # re-exported later: the same UID carries the rolled-forward date (an update, not a copy)
    later = _ics_events(
        run("admin", "report", "deadlines", "--as-of", "2027-02-15", "--format", "ics").out
    )
    assert later["contract-3-notice@contractdossier"].decoded("DTSTART") == dt.date(2028, 1, 31)

    obligations = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "ics")
    ob_events = _ics_events(obligations.out)
    json_rows = run("admin", "report", "obligations", "--as-of", AS_OF, "--format", "json").json()[
        "rows"
    ]
    dated = {r["id"]: r["due_date"] for r in json_rows if r["due_date"]}
    assert {
        int(uid.split("-")[3].split("@")[0]): e.decoded("DTSTART").isoformat()
        for uid, e in ob_events.items()
    } == dated
    assert all(
        [a.decoded("TRIGGER") for a in e.walk("VALARM")] == [dt.timedelta(days=-7)]
        for e in ob_events.values()
    )
    out = tmp_path / "dossier.ics"
    assert run("admin", "report", "dossier", "1", "--format", "ics", "-o", str(out)).code == 0
    assert out.read_bytes().count(b"\r\n") > 10
    dossier_events = _ics_events(out.read_text(encoding="utf-8"))
    assert "contract-1-notice@contractdossier" in dossier_events
    assert any(uid.startswith("contract-1-obligation-") for uid in dossier_events)


def test_html_report_is_self_contained_and_escaped(
    samples: Any, run: Callable[..., Result]
) -> None:
    page = run("admin", "report", "deadlines", "--as-of", AS_OF, "--format", "html")
    assert page.code == 0
    html = page.out
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@media print" in html
    assert "Content-Security-Policy" in html
    for external in ("<link", "<script", "src=", "href=", "url(", "@import"):
        assert external not in html, external
    assert '<svg class="timeline"' in html
    assert "Concept &lt;verwerkersovereenkomst&gt; &amp; bijlage" in html
    assert "<verwerkersovereenkomst>" not in html
    assert "SOFTWARE LICENCE AND SUPPLY AGREEMENT" in html and "2027-01-30" in html
    assert "Needs checking" in html


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (scripts/setup.sh)")
def test_html_dossier_report_renders_in_headless_chromium(
    samples: Any, run: Callable[..., Result], tmp_path: Path
) -> None:
    from PIL import Image

    page = tmp_path / "dossier.html"
    result = run(
        "admin", "report", "dossier", "1", "--as-of", AS_OF, "--format", "html", "-o", str(page)
    )
    assert result.code == 0
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "report_dossier.png"
    shot.unlink(missing_ok=True)
    profile = tmp_path / "chromium-profile"
    chromium = _chromium()
    assert chromium is not None
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1200,1600",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    with Image.open(shot) as img:
        assert img.size == (1200, 1600)
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, badges and timeline drawn


# -- the real samples, when recognition yields their facts ------------------------------------


def _recognition_ready() -> bool:
    """Does recognition read the start date of sample 01 from its text? (cheap, no PDF work)"""
    from contractdossier.recognise import recognise
    from contractdossier.records import ExtractedText, PageText

    text = (SAMPLES / "text" / "01_saas_zorgplatform.txt").read_text(encoding="utf-8")
    pages, offset = [], 0
    for i, page in enumerate(text.split("\f"), start=1):
        pages.append(PageText(i, page, offset))
        offset += len(page) + 1
    rec = recognise(ExtractedText(tuple(pages), "nl", len(pages)), "0" * 64)
    return any(f.field == "start_date" and f.value == "2025-01-01" for f in rec.facts)


@pytest.mark.slow
def test_reports_over_the_ingested_samples(
    home: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _recognition_ready():
        pytest.skip("recognition does not yet read the samples' term facts")
    ingest = run("admin", "ingest", str(SAMPLES / "inbox"))
    assert ingest.code == 0, ingest.err
    monkeypatch.setenv("DOSSIER_TODAY", AS_OF)
    data = run("admin", "report", "deadlines", "--format", "json").json()
    st = Store(create_engine(f"sqlite:///{home / 'dossier.sqlite3'}"))
    with st.engine.connect() as conn:
        by_sha = {
            sha: cid
            for sha, cid in conn.execute(
                select(schema.documents.c.sha256, schema.documents.c.contract_id)
            )
        }
    st.close()
    for sample in ("01", "03", "04", "05", "06", "07"):
        doc = next(d for d in EXPECTED["documents"] if d["id"] == sample)
        cid = by_sha[doc["sha256"]]
        truth = _status_as_of(sample)
        mine = {r["kind"]: r["date"] for r in data["rows"] if r["contract_id"] == cid}
        assert mine.get("end") == truth["current_term_end"], sample
        assert mine.get("notice") == truth["next_notice_deadline"], sample
        assert mine.get("option") == truth["next_option_deadline"], sample
