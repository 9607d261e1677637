"""`dossier ingest`, `list` and `status` on real PDFs and deliberately broken files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractdossier.cli import cli
from contractdossier.errors import ExitCode
from tests.pdfs import contract_pages, write_pdf


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one CLI invocation."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    box = tmp_path / "inbox"
    write_pdf(box / "Facilitair" / "Schoonmaak 2024" / "contract.pdf", contract_pages("Schoon", 3))
    write_pdf(box / "ICT" / "saas.pdf", contract_pages("Cloudwerk", 2))
    return box


def test_ingest_stores_documents_with_their_dossier(home: Path, inbox: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--workers", "2", "--json", str(inbox)])
    assert result.exit_code == 0, result.output
    assert "is now the beheerder of" in result.stderr  # a new home's first user administers it
    summary = json.loads(result.stdout)
    assert (summary["ingested"], summary["duplicates"], summary["quarantined"]) == (2, 0, 0)
    assert summary["pages"] == 5
    code, out, err = run("list", "--json")
    contracts = json.loads(out)
    dossiers = sorted(c["dossier"] for c in contracts)
    assert dossiers == ["Facilitair/Schoonmaak 2024", "ICT"]
    doc = next(c for c in contracts if c["dossier"] == "ICT")["documents"][0]
    assert doc["pages"] == 2 and doc["language"] == "nl" and doc["ocr_pages"] == 0
    assert doc["paths"] == [str(inbox / "ICT" / "saas.pdf")]
    # the original is archived byte for byte under its hash
    archived = home / "archive" / doc["sha256"][:2] / f"{doc['sha256']}.pdf"
    assert archived.read_bytes() == (inbox / "ICT" / "saas.pdf").read_bytes()


def test_same_content_twice_is_one_document_with_both_paths(home: Path, inbox: Path) -> None:
    copy = inbox / "Legal" / "kopie van saas.pdf"
    copy.parent.mkdir()
    shutil.copy(inbox / "ICT" / "saas.pdf", copy)
    code, out, err = run("ingest", "--json", str(inbox))
    assert code == 0
    summary = json.loads(out)
    assert (summary["ingested"], summary["duplicates"]) == (2, 1)
    code, out, err = run("status", "--json", str(copy))
    (row,) = json.loads(out)
    assert row["state"] == "duplicate"
    assert row["reason"].startswith("duplicate of ") and row["reason"].endswith(".pdf")
    contracts = json.loads(run("list", "--json")[1])
    paths = [p for c in contracts for d in c["documents"] for p in d["paths"]]
    assert str(copy) in paths and len(contracts) == 2
    # a second pass over the same folder queues nothing new
    code, out, err = run("ingest", "--json", str(inbox))
    again = json.loads(out)
    assert (again["ingested"], again["duplicates"]) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("leeg.pdf", b"", "empty file"),
        ("brief.pdf", b"Dit is geen PDF maar platte tekst.\n", "not a PDF"),
        ("kapot.pdf", None, "damaged or truncated"),
    ],
)
def test_bad_input_is_quarantined_with_a_reason_and_kept(
    home: Path, tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    box = tmp_path / "bad"
    good = write_pdf(box / "goed.pdf", contract_pages("Goed", 2))
    bad = box / name
    bad.write_bytes(content if content is not None else good.read_bytes()[:600])
    original = bad.read_bytes()
    code, out, err = run("ingest", str(box))
    assert code == ExitCode.partial
    assert "ingested 1, duplicates 0, quarantined 1, failed 0" in out
    assert f"quarantined: {bad}: " in out and reason in out
    assert bad.read_bytes() == original  # the original is kept in place
    (kept,) = (home / "quarantine").glob(f"*/{name}")
    assert kept.read_bytes() == original
    why = kept.with_name(name + ".reason.txt").read_text()
    assert reason in why and str(bad) in why
    code, out, err = run("status", "--json", str(bad))
    (row,) = json.loads(out)
    assert row["state"] == "quarantined" and reason in row["reason"]
    assert row["contract"] is None


def test_status_of_an_unknown_file_is_not_found(home: Path, tmp_path: Path) -> None:
    code, out, err = run("status", str(tmp_path / "nooit.pdf"))
    assert code == ExitCode.not_found
    assert "no ledger entry for" in err


def test_missing_path_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    code, out, err = run("ingest", str(tmp_path / "bestaat-niet"))
    assert code == ExitCode.not_found
    assert (
        err.strip().splitlines()[-1]
        == f"error: No such file or folder: {tmp_path / 'bestaat-niet'}"
    )


def test_csv_output_has_a_header_and_a_row_per_contract(home: Path, inbox: Path) -> None:
    run("ingest", str(inbox))
    code, out, _ = run("list", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0] == "id,title,language,dossier,documents,pages,source"
    assert len(lines) == 3


def test_move_mode_moves_stored_files_and_quarantines_bad_ones(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = tmp_path / "drop"
    processed = tmp_path / "verwerkt"
    good = write_pdf(box / "ICT" / "goed.pdf", contract_pages("Verplaats", 2))
    data = good.read_bytes()
    bad = box / "kapot.pdf"
    bad.write_bytes(b"geen pdf")
    monkeypatch.setenv("DOSSIER_AFTER_INGEST", "move")
    monkeypatch.setenv("DOSSIER_PROCESSED_DIR", str(processed))
    code, out, _ = run("ingest", str(box))
    assert code == ExitCode.partial
    assert not good.exists() and not bad.exists()  # nothing left in the inbox
    assert (processed / "ICT" / "goed.pdf").read_bytes() == data  # moved after it was stored
    (quarantined,) = (home / "quarantine").glob("*/kapot.pdf")
    assert quarantined.read_bytes() == b"geen pdf"
    code, out, _ = run("status", "--json", str(good))
    (row,) = json.loads(out)
    assert row["state"] == "done" and row["contract"] is not None
