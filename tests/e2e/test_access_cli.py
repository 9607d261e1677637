"""Access commands through the real CLI, as several OS users, on a store in a temp home.

Identity: the CLI acts as ``getpass.getuser()``; these tests monkeypatch that function (no
identity override exists in the product). Contracts are inserted straight into the store's
``contracts`` table, so these tests do not depend on PDF ingestion.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, insert, update

from contractdossier import clock
from contractdossier.access import Principal
from contractdossier.access_store import (
    SQLITE_PRAGMAS,
    STORE_SCHEMA_VERSION,
    AccessControl,
    AuditAction,
    AuditLog,
)
from contractdossier.cli import cli
from contractdossier.cli_access import install
from contractdossier.errors import ExitCode
from contractdossier.settings import Settings
from contractdossier.store import Store, schema

install(cli)  # what the lead's registration will do: the commands plus the global --as


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in ("DOSSIER_HOME", "DOSSIER_CONFIG", "DOSSIER_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "home"


@pytest.fixture
def run(home: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    def invoke(user: str, *args: str) -> Result:
        monkeypatch.setattr(getpass, "getuser", lambda: user)
        result = CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def store(home: Path, run: Callable[..., Result]) -> Iterator[Store]:
    """A home initialised by 'admin', with five contracts in three folders."""
    assert run("admin", "init").code == 0
    st = Store(create_engine(f"sqlite:///{home / 'dossier.sqlite3'}"))
    add_contracts(st, {1: "Inkoop", 2: "Inkoop/2024", 3: "Inkoopx", 4: "", 5: "Verkoop/EU"})
    yield st
    st.close()


def add_contracts(st: Store, folders: dict[int, str]) -> None:
    now = clock.now_iso()
    with st.engine.begin() as conn:
        for cid, folder in folders.items():
            conn.execute(insert(schema.contracts).values(
                id=cid, title=f"Contract {cid}", dossier=folder, created_at=now, updated_at=now))


def visible(st: Store, home: Path, user: str) -> list[int]:
    ac = AccessControl(st, Settings(home=home))
    return ac.visible_contract_ids(ac.principal(user))


def acl_visible(st: Store, home: Path, user: str) -> list[int]:
    """What a search index filtered with the same tokens would return."""
    ac = AccessControl(st, Settings(home=home))
    tokens = ac.filter_tokens(ac.principal(user))
    return sorted(cid for cid, acl in ac.acl_for(st.contract_ids()).items() if acl & tokens)


# -- init and identity ------------------------------------------------------------------------

def test_init_makes_the_os_user_the_first_beheerder(home: Path, run: Callable[..., Result]
                                                    ) -> None:
    r = run("admin", "init")
    assert (r.code, r.out) == (0, f"admin is now the beheerder of {home}\n")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "dossier.sqlite3").stat().st_mode) == 0o600
    assert run("admin", "init").out == f"admin already is a beheerder of {home}\n"
    r = run("mallory", "init")
    assert r.code == ExitCode.access_denied
    assert r.err == ("error: this dossier already has a beheerder (user:admin); ask one of "
                     "them for a grant\n")
    who = json.loads(run("admin", "whoami", "--json").out)
    assert who["user"] == "admin" and who["beheerder"] is True
    assert who["grants"][0]["role"] == "beheerder" and who["grants"][0]["scope"] == "everything"


def test_default_deny(store: Store, home: Path, run: Callable[..., Result]) -> None:
    assert visible(store, home, "piet") == []
    assert acl_visible(store, home, "piet") == []
    assert visible(store, home, "admin") == [1, 2, 3, 4, 5]
    assert acl_visible(store, home, "admin") == [1, 2, 3, 4, 5]
    who = run("piet", "whoami")
    assert who.code == 0
    assert who.out == "user: piet\ngroups: -\nbeheerder: no\ngrants: none (you see no contracts)\n"
    # a hidden contract and a missing one look the same
    hidden, missing = run("piet", "access", "1"), run("piet", "access", "999")
    assert (hidden.code, hidden.err) == (ExitCode.not_found, "error: no contract 1\n")
    assert (missing.code, missing.err) == (ExitCode.not_found, "error: no contract 999\n")


# -- grants, folders, groups ------------------------------------------------------------------

def test_folder_grant_to_a_group_takes_effect_at_once(store: Store, home: Path,
                                                      run: Callable[..., Result]) -> None:
    r = run("admin", "grant", "lezer", "group:finance", "--dossier", "Inkoop")
    assert (r.code, r.out) == (0, "granted lezer to group:finance on dossier Inkoop\n")
    assert visible(store, home, "piet") == []  # not a member yet
    assert run("admin", "group", "add", "finance", "piet").out == "added to finance: piet\n"
    assert visible(store, home, "piet") == [1, 2]  # the folder and its subfolder, not Inkoopx
    assert acl_visible(store, home, "piet") == [1, 2]
    add_contracts(store, {6: "Inkoop/2025/nieuw"})  # arrives after the grant
    assert visible(store, home, "piet") == [1, 2, 6]
    assert acl_visible(store, home, "piet") == [1, 2, 6]
    assert run("admin", "group", "remove", "finance", "piet").code == 0
    assert visible(store, home, "piet") == []
    assert acl_visible(store, home, "piet") == []
    assert run("admin", "group", "add", "finance", "piet").code == 0
    r = run("admin", "revoke", "lezer", "group:finance", "--dossier", "Inkoop/")
    assert (r.code, r.out) == (0, "revoked lezer from group:finance on dossier Inkoop\n")
    assert visible(store, home, "piet") == []
    assert acl_visible(store, home, "piet") == []


def test_grant_on_one_contract_and_on_everything(store: Store, home: Path,
                                                 run: Callable[..., Result]) -> None:
    assert run("admin", "grant", "lezer", "piet", "--contract", "5").code == 0
    assert visible(store, home, "piet") == [5]
    assert run("admin", "grant", "lezer", "user:piet", "--all").code == 0
    assert visible(store, home, "piet") == [1, 2, 3, 4, 5]
    assert acl_visible(store, home, "piet") == [1, 2, 3, 4, 5]
    r = run("admin", "grant", "lezer", "piet", "--all")
    assert (r.code, r.out) == (0, "user:piet already has lezer on everything\n")


@pytest.mark.parametrize("args,message", [
    (["grant", "lezer", "piet"], "give exactly one of --contract ID, --dossier PATH, --all"),
    (["grant", "lezer", "piet", "--all", "--contract", "1"], "give exactly one of"),
    (["grant", "opperhoofd", "piet", "--all"], "no role 'opperhoofd'"),
    (["grant", "lezer", "team:x", "--all"], "write user:NAME or group:NAME"),
    (["grant", "lezer", "piet", "--dossier", "a/../b"], "must not contain '..'"),
    (["grant", "lezer", "piet", "--dossier", "/"], "use --all"),
])
def test_bad_grant_usage(store: Store, run: Callable[..., Result], args: list[str],
                         message: str) -> None:
    r = run("admin", *args)
    assert r.code == ExitCode.usage
    assert message in r.err


def test_eigenaar_appoints_the_manager_only(store: Store, home: Path,
                                            run: Callable[..., Result]) -> None:
    assert run("admin", "grant", "eigenaar", "olga", "--dossier", "Inkoop").code == 0
    r = run("olga", "grant", "manager", "mark", "--contract", "2")
    assert (r.code, r.out) == (0, "granted manager to user:mark on contract 2\n")
    assert visible(store, home, "mark") == [2]
    r = run("olga", "grant", "lezer", "mark", "--dossier", "Inkoop")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: olga may not grant lezer on dossier Inkoop\n")
    r = run("olga", "grant", "manager", "mark", "--dossier", "Verkoop")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: olga may not grant manager on dossier Verkoop\n")
    r = run("olga", "grant", "manager", "mark", "--contract", "5")  # not hers to see
    assert (r.code, r.err) == (ExitCode.not_found, "error: no contract 5\n")
    r = run("olga", "grant", "manager", "olga", "--dossier", "Inkoop")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: olga may not grant a role for themselves\n")
    assert run("olga", "revoke", "manager", "mark", "--contract", "2").code == 0
    assert visible(store, home, "mark") == []
    r = run("mark", "grant", "lezer", "piet", "--contract", "2")
    assert (r.code, r.err) == (ExitCode.not_found, "error: no contract 2\n")


def test_revoke_errors(store: Store, run: Callable[..., Result]) -> None:
    r = run("admin", "revoke", "lezer", "piet", "--all")
    assert (r.code, r.err) == (ExitCode.not_found,
                               "error: no grant of lezer to user:piet on everything\n")
    r = run("admin", "revoke", "beheerder", "admin", "--all")
    assert (r.code, r.err) == (ExitCode.access_denied, "error: this is the last beheerder on "
                               "everything; grant another one first\n")
    assert run("admin", "grant", "beheerder", "group:admins", "--all").code == 0
    assert run("admin", "revoke", "beheerder", "admin", "--all").code == 0


def test_group_changes_are_for_beheerders(store: Store, run: Callable[..., Result]) -> None:
    r = run("piet", "group", "add", "finance", "piet")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: only a beheerder may do this; piet is not one\n")
    assert run("admin", "group", "add", "finance", "piet", "jan").code == 0
    assert json.loads(run("admin", "group", "list", "--json").out) == {"finance": ["jan", "piet"]}
    assert run("admin", "group", "remove", "finance", "jan").out == "removed from finance: jan\n"
    assert run("admin", "group", "remove", "finance", "jan").out == "no change to finance\n"
    who = json.loads(run("piet", "whoami", "--json").out)
    assert who["groups"] == ["finance"]


def test_access_explains_who_and_why(store: Store, run: Callable[..., Result]) -> None:
    run("admin", "grant", "lezer", "group:finance", "--dossier", "Inkoop")
    run("admin", "grant", "manager", "mark", "--contract", "2")
    run("admin", "group", "add", "finance", "piet")
    r = run("admin", "access", "2", "--json")
    assert r.code == 0
    rows = {(a["holder"], a["role"]): a for a in json.loads(r.out)["access"]}
    assert set(rows) == {("user:admin", "beheerder"), ("group:finance", "lezer"),
                         ("user:mark", "manager")}
    assert rows[("group:finance", "lezer")]["members"] == ["piet"]
    assert rows[("group:finance", "lezer")]["scope"] == "dossier Inkoop"
    assert rows[("user:mark", "manager")]["permissions"] == ["read", "correct",
                                                             "manage_obligations"]
    r = run("mark", "access", "2")  # may read it, but not see who else may
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: mark may not see who has access to contract 2\n")


# -- --as -------------------------------------------------------------------------------------

def test_as_is_for_beheerders_only(store: Store, run: Callable[..., Result]) -> None:
    run("admin", "grant", "lezer", "piet", "--contract", "1")
    r = run("piet", "--as", "admin", "whoami")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: --as is only for a beheerder; piet is not one\n")
    r = run("piet", "--as", "admin", "access", "1")
    assert r.code == ExitCode.access_denied
    who = json.loads(run("admin", "--as", "piet", "whoami", "--json").out)
    assert (who["user"], who["checked_by"], who["beheerder"]) == ("piet", "admin", False)
    r = run("admin", "--as", "piet", "access", "1")  # what piet would get
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: piet may not see who has access to contract 1\n")
    r = run("admin", "--as", "piet", "grant", "lezer", "jan", "--all")
    assert (r.code, r.err) == (ExitCode.access_denied, "error: --as is for checking what "
                               "someone sees; make changes as yourself\n")


# -- config: custom roles and folder policies --------------------------------------------------

def test_custom_roles_and_policies_from_the_config_file(store: Store, home: Path,
                                                        run: Callable[..., Result]) -> None:
    (home / "config.toml").write_text(
        '[roles]\njurist = ["read", "correct"]\n\n'
        '[policies."Verkoop"]\nlezer = ["group:sales"]\njurist = ["user:jo"]\n',
        encoding="utf-8")
    assert visible(store, home, "jo") == [5]
    assert acl_visible(store, home, "jo") == [5]
    r = run("admin", "grant", "jurist", "kim", "--contract", "1")
    assert (r.code, r.out) == (0, "granted jurist to user:kim on contract 1\n")
    who = json.loads(run("jo", "whoami", "--json").out)
    assert who["grants"] == [{"role": "jurist", "scope": "dossier Verkoop",
                              "through": "user:jo", "permissions": ["read", "correct"],
                              "source": "policy"}]
    r = run("admin", "revoke", "jurist", "jo", "--dossier", "Verkoop")
    assert r.code == ExitCode.not_found
    assert r.err == (f"error: jurist for user:jo on dossier Verkoop is a policy in "
                     f"{home / 'config.toml'}; remove it there\n")


def test_invalid_policy_is_a_config_error(store: Store, home: Path,
                                          run: Callable[..., Result]) -> None:
    path = home / "config.toml"
    path.write_text('[policies."Verkoop"]\nopperhoofd = ["jo"]\n', encoding="utf-8")
    r = run("admin", "whoami")
    assert (r.code, r.err) == (ExitCode.config, f"error: {path}: [policies] 'Verkoop': unknown "
                               f"role 'opperhoofd'\n")


# -- audit ------------------------------------------------------------------------------------

def test_audit_log_records_reads_and_changes(store: Store, home: Path,
                                             run: Callable[..., Result]) -> None:
    run("admin", "grant", "eigenaar", "olga", "--dossier", "Inkoop")
    run("olga", "grant", "manager", "mark", "--contract", "2")
    run("admin", "access", "2")
    ac = AccessControl(store, Settings(home=home))
    ac.record(Principal("mark"), "show", [2], {"clause": "5.1"})  # what `show` will do
    ac.record(ac.principal("piet", via="admin"), "search", [1, 2], {"query": "opzegtermijn"})

    entries = json.loads(run("admin", "audit", "--json").out)
    assert [(e["actor"], e["action"], e["contracts"]) for e in entries] == [
        ("admin", "init", []), ("admin", "grant", [1, 2]), ("olga", "grant", [2]),
        ("admin", "access", [2]), ("mark", "show", [2]), ("admin", "search", [1, 2]),
    ]
    assert entries[1]["detail"] == {"role": "eigenaar", "to": "user:olga", "scope": "dossier",
                                    "target": "Inkoop"}
    assert entries[-1]["detail"] == {"query": "opzegtermijn", "as": "piet"}
    assert entries[1]["prev_hash"] == entries[0]["hash"]

    by_olga = json.loads(run("admin", "audit", "--json", "--user", "olga").out)
    assert [e["action"] for e in by_olga] == ["grant"]
    on_two = json.loads(run("admin", "audit", "--json", "--contract", "2").out)
    assert [e["action"] for e in on_two] == ["grant", "grant", "access", "show", "search"]
    assert json.loads(run("admin", "audit", "--json", "--since", "2999-01-01").out) == []
    # reading the log is itself logged
    last = json.loads(run("admin", "audit", "--json", "--limit", "1").out)
    assert (last[0]["action"], last[0]["detail"]) == ("audit", {"since": "2999-01-01T00:00:00"})

    r = run("mark", "audit")
    assert (r.code, r.err) == (ExitCode.access_denied,
                               "error: mark does not have the audit permission\n")


def test_verify_detects_an_edited_and_a_removed_entry(store: Store, home: Path,
                                                      run: Callable[..., Result]) -> None:
    run("admin", "grant", "lezer", "piet", "--contract", "1")
    run("admin", "grant", "lezer", "piet", "--contract", "2")
    run("admin", "grant", "lezer", "piet", "--contract", "3")
    r = run("admin", "audit", "--verify")
    assert r.code == 0 and r.out.startswith("audit log intact: 4 entries, newest hash ")

    t = schema.audit
    with store.engine.begin() as conn:  # someone with file access rewrites history
        conn.execute(update(t).where(t.c.id == 2).values(actor="mallory"))
    r = run("admin", "audit", "--verify")
    assert r.code == ExitCode.store
    assert r.out == "entry 2: content does not match its hash (edited)\n"
    assert r.err == "error: the audit log fails verification: 1 problem(s)\n"

    with store.engine.begin() as conn:
        conn.execute(update(t).where(t.c.id == 2).values(actor="admin"))
    assert run("admin", "audit", "--verify").code == 0  # restored exactly: intact again
    with store.engine.begin() as conn:
        conn.execute(t.delete().where(t.c.id == 3))
    r = run("admin", "audit", "--verify", "--json")
    assert r.code == ExitCode.store
    report = json.loads(r.out)
    assert report["ok"] is False
    assert report["problems"] == ["entry 4: does not follow entry 2 (an entry was removed, "
                                  "inserted or rewritten)"]


def test_concurrent_appends_keep_one_chain(store: Store) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            log = AuditLog(store.engine)
            for i in range(8):
                log.append(f"user{n}", "show", [i], {"i": i})
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    log = AuditLog(store.engine)
    assert log.head()[0] == 1 + 4 * 8  # init + the appends
    assert log.verify() == []


def test_a_search_s_statements_read_and_write_the_same_without_sqlalchemy(
        store: Store, home: Path, run: Callable[..., Result]) -> None:
    """AccessControl given a function that opens the store runs a search's statements on a
    plain sqlite3 connection (the store is never opened here); it reads what the store's own
    connection reads, and its audit entries continue the same chain."""
    assert run("admin", "group", "add", "legal", "bob").code == 0
    assert run("admin", "grant", "lezer", "group:legal", "--dossier", "Inkoop").code == 0
    assert run("admin", "grant", "lezer", "user:carol", "--contract", "5").code == 0
    settings = Settings(home=home)
    full = AccessControl(Store.open(settings.url), settings)

    def never() -> Store:
        raise AssertionError("the store was opened")

    light = AccessControl(never, settings)
    for user in ("bob", "carol", "admin", "nobody"):
        assert light.principal(user) == full.principal(user)
        assert light.filter_tokens(light.principal(user)) == \
            full.filter_tokens(full.principal(user))
    assert light.store_grants() == full.store_grants()
    assert light.acl_state() == full.acl_state()
    light.record(light.principal("bob"), AuditAction.search, [1, 2], {"query": "opzeg* «é»"})
    full.record(full.principal("bob"), AuditAction.search, [1], {"query": "x"})
    light.record(Principal("bob", via="admin"), AuditAction.search, [], {"query": "y"})
    assert full.audit.verify() == []
    entries = full.audit.entries(action="search")
    assert [(e.actor, e.contracts, dict(e.detail)) for e in entries] == [
        ("bob", (1, 2), {"query": "opzeg* «é»"}), ("bob", (1,), {"query": "x"}),
        ("admin", (), {"query": "y", "as": "bob"})]
    full.store.close()


def test_light_connections_are_set_up_as_the_store_s_own(store: Store, home: Path) -> None:
    real = Store.open(Settings(home=home).url)
    light = sqlite3.connect(home / "dossier.sqlite3")
    try:
        for pragma in SQLITE_PRAGMAS:
            light.execute(pragma)
        with real.engine.connect() as conn:
            for name in [p.split()[1].split("=")[0] for p in SQLITE_PRAGMAS] + ["journal_mode"]:
                assert light.execute(f"PRAGMA {name}").fetchone()[0] == \
                    conn.exec_driver_sql(f"PRAGMA {name}").scalar(), name
    finally:
        light.close()
        real.close()
    assert STORE_SCHEMA_VERSION == schema.SCHEMA_VERSION
