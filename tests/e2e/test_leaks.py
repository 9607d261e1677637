"""Nothing leaks: several users and groups over the real ingested samples, through the CLI.

A user without a grant gets zero results for a query that matches only hidden contracts — no
snippet, no count, no suggestion — and "not found" from `show`; grants and revocations (also on
folders and through groups) take effect at once; `--as` is refused for a non-beheerder; every
read is audited, and `audit --verify` detects an edited entry.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from contractdossier.cli import cli
from contractdossier.errors import ExitCode

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "inbox"
LEASE_ONLY = (
    "huurprijs"  # occurs only in the (scanned) office lease, dossier Facilitair/Huisvesting
)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One data home with the samples ingested by the beheerder 'anna' (built once)."""
    home = tmp_path_factory.mktemp("leaks") / "home"
    mp = pytest.MonkeyPatch()
    mp.setenv("DOSSIER_HOME", str(home))
    mp.setattr(getpass, "getuser", lambda: "anna")
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    mp.undo()
    yield home


@pytest.fixture
def run(ingested: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setenv("DOSSIER_HOME", str(ingested))

    def invoke(user: str, *args: str) -> Result:
        monkeypatch.setattr(getpass, "getuser", lambda: user)
        r = CliRunner().invoke(cli, list(args))
        return Result(r.exit_code, r.stdout, r.stderr)

    return invoke


def contract_ids(run: Callable[..., Result], user: str) -> dict[str, int]:
    return {c["dossier"]: c["id"] for c in run(user, "list", "--json").json()}


def test_no_grant_means_nothing_is_revealed(run: Callable[..., Result]) -> None:
    lease = contract_ids(run, "anna")["Facilitair/Huisvesting"]
    hits = run("anna", "search", LEASE_ONLY, "--json").json()
    assert [c["id"] for c in hits["contracts"]] == [lease]

    bob = run("bob", "search", LEASE_ONLY, "--json").json()
    assert bob["contracts"] == [] and bob["total_contracts"] == 0
    assert bob["suggestion"] in (None, "")
    typo = run("bob", "search", "huurprys", "--json").json()
    assert typo["suggestion"] in (None, "")  # no "did you mean huurprijs"
    assert run("bob", "list", "--json").json() == []
    shown = run("bob", "show", str(lease))
    assert shown.code == ExitCode.not_found and f"no contract {lease}" in shown.err
    missing = run("bob", "show", "9999")
    assert missing.code == ExitCode.not_found and "no contract 9999" in missing.err
    report = run("bob", "report", "deadlines", "--format", "json", "--as-of", "2026-12-01").json()
    assert report["rows"] == []
    status = run("bob", "status", "--json").json()
    assert status and all(r["contract"] is None and r["reason"] is None for r in status)
    exported = run("bob", "export")
    assert exported.code == 0 and exported.out == ""


def test_folder_grant_and_revoke_take_effect_at_once(run: Callable[..., Result]) -> None:
    ids = contract_ids(run, "anna")
    granted = run("anna", "grant", "lezer", "carol", "--dossier", "Facilitair")
    assert granted.code == 0, granted.err
    seen = {c["dossier"] for c in run("carol", "list", "--json").json()}
    assert seen == {"Facilitair/Huisvesting", "Facilitair/Schoonmaak"}
    hits = run("carol", "search", LEASE_ONLY, "--json").json()
    assert [c["id"] for c in hits["contracts"]] == [ids["Facilitair/Huisvesting"]]
    assert run("carol", "show", str(ids["ICT/Licenties"])).code == ExitCode.not_found
    assert run("anna", "revoke", "lezer", "carol", "--dossier", "Facilitair").code == 0
    assert run("carol", "search", LEASE_ONLY, "--json").json()["contracts"] == []
    assert run("carol", "show", str(ids["Facilitair/Huisvesting"])).code == ExitCode.not_found


def test_group_membership_counts_at_the_moment_of_the_check(run: Callable[..., Result]) -> None:
    ids = contract_ids(run, "anna")
    legal = ids["Legal"]
    assert run("anna", "grant", "lezer", "group:juristen", "--contract", str(legal)).code == 0
    assert run("dave", "show", str(legal)).code == ExitCode.not_found
    assert run("anna", "group", "add", "juristen", "dave").code == 0
    shown = run("dave", "show", str(legal), "--json")
    assert shown.code == 0 and shown.json()["id"] == legal
    hits = run("dave", "search", "consultant", "--json").json()
    assert {c["id"] for c in hits["contracts"]} == {legal}
    assert run("anna", "group", "remove", "juristen", "dave").code == 0
    assert run("dave", "show", str(legal)).code == ExitCode.not_found
    assert run("dave", "search", "consultant", "--json").json()["contracts"] == []


def test_as_is_for_beheerders_only(run: Callable[..., Result]) -> None:
    refused = run("erik", "--as", "anna", "list")
    assert refused.code == ExitCode.access_denied
    as_bob = run("anna", "--as", "bob", "list", "--json")
    assert as_bob.code == 0 and as_bob.json() == []


def test_reads_are_audited_and_tampering_is_detected(
    run: Callable[..., Result], ingested: Path
) -> None:
    ids = contract_ids(run, "anna")
    run("anna", "show", str(ids["Legal"]))
    run("anna", "search", "aansprakelijkheid")
    entries = run("anna", "audit", "--json").json()
    actions = [e["action"] for e in entries]
    assert {"ingest", "list", "show", "search"} <= set(actions)
    search = next(e for e in reversed(entries) if e["action"] == "search")
    assert search["detail"]["query"] == "aansprakelijkheid" and search["contracts"]
    assert run("anna", "audit", "--verify").code == 0
    engine = create_engine(f"sqlite:///{ingested / 'dossier.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit SET actor = 'mallory' WHERE action = 'show'"))
    engine.dispose()
    verify = run("anna", "audit", "--verify")
    assert verify.code != 0
    assert "mallory" in verify.out + verify.err or "hash" in (verify.out + verify.err).lower()
