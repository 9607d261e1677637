"""A contract that runs on for an indefinite period after its initial term, through the real
CLI: a PDF is ingested, recognised and shown, and the deadline report follows the written rule
(the notice deadline of the end date up to that date; after it no fixed end and no deadline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.e2e.cli_run import run_ok as run
from tests.pdfs import write_pdf

CONTRACT = [
    "SCHOONMAAKOVEREENKOMST\n\n"
    "Partijen:\n"
    "Gemeente Voorbeeldstad, gevestigd te Voorbeeldstad, hierna te noemen: \"Opdrachtgever\";\n"
    "Glans Schoonmaak B.V., gevestigd te Utrecht, hierna te noemen: \"Opdrachtnemer\".\n\n"
    "Artikel 1 Duur\n"
    "1.1 Deze overeenkomst wordt aangegaan voor een periode van drie (3) jaar, ingaande "
    "1 januari 2024.\n"
    "1.2 Na afloop van deze periode wordt de overeenkomst stilzwijgend voortgezet voor "
    "onbepaalde tijd.\n"
    "1.3 Elk der partijen kan de overeenkomst schriftelijk opzeggen met inachtneming van een "
    "opzegtermijn van drie (3) maanden.\n\n"
    "Artikel 2 Toepasselijk recht\n"
    "Op deze overeenkomst is Nederlands recht van toepassing.\n\n"
    "Aldus overeengekomen en ondertekend te Voorbeeldstad op 12 december 2023.\n"
]


def test_a_contract_that_runs_on_indefinitely(home: Path, tmp_path: Path) -> None:
    write_pdf(tmp_path / "inbox" / "Facilitair" / "schoonmaak.pdf", CONTRACT)
    run("ingest", "--json", str(tmp_path / "inbox"))
    (contract,) = json.loads(run("list", "--json"))
    cid = str(contract["id"])

    before = json.loads(run("show", cid, "--json", "--as-of", "2026-06-01"))
    assert before["renewal"]["value"]["type"] == "automatic"
    assert before["renewal"]["value"]["period"] == "indefinite"
    assert before["end_date"]["value"] == "2026-12-31"
    assert before["notice_deadline"]["value"] == "2026-09-30"
    assert before["current_term_end"]["value"] == "2026-12-31"
    assert before["next_notice_deadline"]["value"] == "2026-09-30"

    after = json.loads(run("show", cid, "--json", "--as-of", "2027-02-01"))
    assert after["current_term_end"]["value"] == "indefinite"
    assert after.get("next_notice_deadline") is None

    text = run("show", cid, "--as-of", "2026-06-01")
    assert "runs on for an indefinite period" in text
    # the computed end cites the start and the term, both in article 1.1: the quote shows once
    block = re.split(r"\n  \S", text.split("\n  End:", 1)[1], maxsplit=1)[0]
    assert block.count('art. 1.1: "1.1 Deze overeenkomst wordt aangegaan') == 1
    assert re.search(r"\n  Notice deadline \(initial term\): +2026-09-30 \(computed\)", text)
    assert re.search(r"\n  Notice period: +3 months \(P3M\)", text)
    assert re.search(r"\n  Initial term: +3 years \(P3Y\)", text)
    report = json.loads(run("report", "deadlines", "--format", "json", "--as-of", "2026-06-01"))
    assert [(r["kind"], r["date"]) for r in report["rows"]] == [
        ("notice", "2026-09-30"),
        ("end", "2026-12-31"),
    ]
    assert "runs on for an indefinite period" in report["rows"][1]["what"]
    assert report["needs_checking"] == []
    later = json.loads(run("report", "deadlines", "--format", "json", "--as-of", "2027-02-01"))
    assert later["rows"] == []  # no fixed end, no deadline: notice may be given at any time

    # a person corrects the renewal; the correction wins and is marked confirmed
    run("set", cid, "renewal", "automatic P1Y", "--reason", "checked with the contract manager")
    yearly = json.loads(run("show", cid, "--json", "--as-of", "2027-02-01"))
    assert yearly["renewal"]["value"]["period"] == "P1Y"
    assert yearly["renewal"]["source"] == "person"
    assert yearly["current_term_end"]["value"] == "2027-12-31"
    assert yearly["next_notice_deadline"]["value"] == "2027-09-30"
    run("set", cid, "renewal", "automatic indefinite", "--reason", "reread article 1.2")
    back = json.loads(run("show", cid, "--json", "--as-of", "2027-02-01"))
    assert back["renewal"]["value"]["period"] == "indefinite"
    assert back["current_term_end"]["value"] == "indefinite"
