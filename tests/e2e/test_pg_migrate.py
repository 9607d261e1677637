"""`dossier migrate --to postgresql://...`: an embedded dossier moves without loss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from contractdossier.cli import cli
from contractdossier.cli_pg import COMMANDS
from contractdossier.errors import ExitCode
from tests.pdfs import contract_pages, write_pdf
from tests.pg import PgServer

for _command in COMMANDS:  # what the lead's registration in cli.py will do
    if _command.name not in cli.commands:
        cli.add_command(_command)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def embedded(home: Path, tmp_path: Path) -> Path:
    """An embedded dossier: two contracts, a grant, some audit entries."""
    inbox = tmp_path / "inbox"
    write_pdf(inbox / "Inkoop" / "a.pdf", contract_pages("Alfa", 2))
    write_pdf(inbox / "Verkoop" / "b.pdf", contract_pages("Beta", 3))
    assert run("ingest", str(inbox)).exit_code == 0
    assert run("grant", "lezer", "piet", "--dossier", "Inkoop").exit_code == 0
    assert run("list", "--json").exit_code == 0
    return home


def test_migrate_copies_everything_and_verifies_it(
    embedded: Path, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = json.loads(run("list", "--json").stdout)
    audit_before = json.loads(run("audit", "--json").stdout)
    result = run("migrate", "--to", plain(pg_url), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["problems"] == []
    tables = report["tables"]
    assert tables["contracts"] == {"source": 2, "target": 2, "same_rows": True}
    assert tables["documents"]["target"] == 2 and tables["pages"]["target"] == 5
    assert tables["audit"]["target"] >= len(audit_before) >= 3
    assert all(t["source"] == t["target"] and t["same_rows"] for t in tables.values())
    assert report["originals"] == 2
    assert "set DOSSIER_DATABASE_URL" in result.stderr

    # The product on the migrated store: the same contracts, an intact audit chain, and new
    # rows get fresh ids (the sequences were moved past the copied ones).
    monkeypatch.setenv("DOSSIER_DATABASE_URL", plain(pg_url))
    after = json.loads(run("list", "--json").stdout)
    assert after == before
    verified = run("audit", "--verify", "--json")
    assert json.loads(verified.stdout)["ok"] is True
    write_pdf(tmp_path / "later" / "c.pdf", contract_pages("Gamma", 2))
    assert run("ingest", str(tmp_path / "later")).exit_code == 0
    ids = sorted(c["id"] for c in json.loads(run("list", "--json").stdout))
    assert ids == [1, 2, 3]

    # A target that already holds a dossier is refused.
    monkeypatch.delenv("DOSSIER_DATABASE_URL")
    again = run("migrate", "--to", plain(pg_url))
    assert again.exit_code == ExitCode.store
    assert again.stderr.startswith("error: the target database already holds a dossier: ")
    assert "contracts (3 rows)" in again.stderr and "migrate only into an empty" in again.stderr


def test_a_damaged_original_fails_the_verification(
    embedded: Path, pg_server: PgServer, pg_url: str
) -> None:
    original = next((embedded / "archive").rglob("*.pdf"))
    original.chmod(0o600)
    original.write_bytes(original.read_bytes() + b"% tampered\n")
    result = run("migrate", "--to", plain(pg_url), "--json")
    assert result.exit_code == ExitCode.store
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["originals"] == 1
    (problem,) = report["problems"]
    assert problem.startswith(f"original {original.relative_to(embedded / 'archive')}: ")
    assert problem.endswith("its bytes do not hash to " + original.stem)


def test_migrate_wants_a_postgresql_url(embedded: Path) -> None:
    result = run("migrate", "--to", "sqlite:///elsewhere.sqlite3")
    assert result.exit_code == ExitCode.usage
    assert "give a postgresql:// URL" in result.stderr
