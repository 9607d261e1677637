"""Pure access rules: default deny, folder grants, groups, custom roles, fail closed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contractdossier import access
from contractdossier.access import (
    BUILTIN_ROLES,
    ContractRef,
    Grant,
    GrantSource,
    Permission,
    Principal,
    PrincipalKind,
    Scope,
    acl_tokens,
    can,
    can_at,
    filter_tokens,
    is_beheerder,
    may_grant,
    parse_policies,
    parse_roles,
    visible,
)
from contractdossier.errors import AccessDeniedError

U = PrincipalKind.user
G = PrincipalKind.group

ALICE = Principal("alice")
BOB = Principal("bob", frozenset({"finance"}))
CAROL = Principal("carol", frozenset({"legal"}))

INKOOP = ContractRef(1, "inkoop")
INKOOP_2024 = ContractRef(2, "inkoop/2024/q1")
INKOOPX = ContractRef(3, "inkoopx")
ROOT = ContractRef(4, "")
VERKOOP = ContractRef(5, "verkoop")


def grant(role: str, kind: PrincipalKind, name: str, scope: Scope) -> Grant:
    return Grant(role, kind, name, scope)


# -- default deny and fail closed --------------------------------------------------------------

def test_no_grants_means_nothing_is_allowed() -> None:
    for contract in (INKOOP, ROOT, VERKOOP):
        for action in Permission:
            assert not can(ALICE, action, contract, [])
    assert filter_tokens(ALICE, []) == {"u:alice"}
    assert not visible(acl_tokens(INKOOP, []), filter_tokens(ALICE, []))


def test_a_grant_to_someone_else_gives_nothing() -> None:
    grants = [grant("beheerder", U, "bob", Scope.everything()),
              grant("lezer", G, "legal", Scope.dossier("inkoop"))]
    assert not can(ALICE, Permission.read, INKOOP, grants)
    assert "*" not in filter_tokens(ALICE, grants)


@pytest.mark.parametrize("nobody", [None, Principal("")])
def test_no_principal_is_an_error_never_everything(nobody: Any) -> None:
    grants = [grant("beheerder", U, "", Scope.everything())]
    with pytest.raises(AccessDeniedError, match="no user identity"):
        can(nobody, Permission.read, INKOOP, grants)
    with pytest.raises(AccessDeniedError):
        filter_tokens(nobody, grants)
    with pytest.raises(AccessDeniedError):
        can_at(nobody, Permission.ingest, Scope.everything(), grants)


def test_unknown_role_in_a_grant_gives_nothing() -> None:
    grants = [grant("removed-role", U, "alice", Scope.everything()),
              grant("removed-role", U, "alice", Scope.dossier("inkoop"))]
    assert not can(ALICE, Permission.read, INKOOP, grants)
    assert acl_tokens(INKOOP, grants) == {"*"}
    assert filter_tokens(ALICE, grants) == {"u:alice"}


# -- scopes -----------------------------------------------------------------------------------

def test_folder_grant_covers_the_folder_and_its_subfolders_only() -> None:
    grants = [grant("lezer", U, "alice", Scope.dossier("inkoop"))]
    assert can(ALICE, Permission.read, INKOOP, grants)
    assert can(ALICE, Permission.read, INKOOP_2024, grants)
    assert not can(ALICE, Permission.read, INKOOPX, grants)  # a sibling sharing a prefix
    assert not can(ALICE, Permission.read, ROOT, grants)
    assert not can(ALICE, Permission.read, VERKOOP, grants)
    assert not can(ALICE, Permission.correct, INKOOP, grants)  # lezer only reads


def test_folder_grant_covers_contracts_that_arrive_later() -> None:
    grants = [grant("manager", G, "finance", Scope.dossier("inkoop/2024"))]
    later = ContractRef(999, "inkoop/2024/q4/nieuw")
    assert can(BOB, Permission.manage_obligations, later, grants)
    assert "g:finance" in acl_tokens(later, grants)
    assert visible(acl_tokens(later, grants), filter_tokens(BOB, grants))


def test_subfolder_grant_does_not_cover_the_parent() -> None:
    grants = [grant("lezer", U, "alice", Scope.dossier("inkoop/2024"))]
    assert can(ALICE, Permission.read, INKOOP_2024, grants)
    assert not can(ALICE, Permission.read, INKOOP, grants)


def test_contract_grant_covers_that_contract_only() -> None:
    grants = [grant("lezer", U, "alice", Scope.contract(1))]
    assert can(ALICE, Permission.read, INKOOP, grants)
    assert not can(ALICE, Permission.read, ContractRef(11, "inkoop"), grants)
    assert acl_tokens(INKOOP, grants) == {"*", "u:alice"}


def test_grant_on_everything_is_matched_by_the_star_token() -> None:
    grants = [grant("lezer", G, "legal", Scope.everything())]
    assert can(CAROL, Permission.read, ROOT, grants)
    assert acl_tokens(ROOT, grants) == {"*"}  # no reindex needed for grants on everything
    assert "*" in filter_tokens(CAROL, grants)
    assert "*" not in filter_tokens(BOB, grants)


@pytest.mark.parametrize("path,expected", [
    ("inkoop/", "inkoop"), ("/inkoop//2024/", "inkoop/2024"), ("inkoop\\2024", "inkoop/2024"),
])
def test_dossier_paths_are_normalised(path: str, expected: str) -> None:
    assert Scope.dossier(path).value == expected


@pytest.mark.parametrize("path", ["", "/", "inkoop/../verkoop", "./inkoop"])
def test_bad_dossier_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError):
        Scope.dossier(path)


# -- groups -----------------------------------------------------------------------------------

def test_group_grants_follow_membership_of_the_principal() -> None:
    grants = [grant("lezer", G, "finance", Scope.dossier("verkoop"))]
    assert can(BOB, Permission.read, VERKOOP, grants)
    left = Principal("bob")  # the same user after leaving the group
    assert not can(left, Permission.read, VERKOOP, grants)
    assert not visible(acl_tokens(VERKOOP, grants), filter_tokens(left, grants))
    joined = Principal("alice", frozenset({"finance"}))
    assert can(joined, Permission.read, VERKOOP, grants)


def test_user_and_group_with_the_same_name_are_different_holders() -> None:
    grants = [grant("lezer", G, "alice", Scope.everything())]
    assert not can(ALICE, Permission.read, INKOOP, grants)


def test_permissions_of_several_grants_add_up() -> None:
    grants = [grant("lezer", U, "bob", Scope.everything()),
              grant("manager", G, "finance", Scope.contract(5))]
    assert can(BOB, Permission.correct, VERKOOP, grants)
    assert not can(BOB, Permission.correct, INKOOP, grants)
    assert can(BOB, Permission.read, INKOOP, grants)


# -- built-in roles ---------------------------------------------------------------------------

def test_builtin_roles() -> None:
    assert BUILTIN_ROLES["beheerder"].permissions == frozenset(Permission)
    assert BUILTIN_ROLES["manager"].permissions == {
        Permission.read, Permission.correct, Permission.manage_obligations}
    assert BUILTIN_ROLES["eigenaar"].permissions == {Permission.read, Permission.grant}
    assert BUILTIN_ROLES["lezer"].permissions == {Permission.read}


def test_eigenaar_appoints_the_manager_and_nothing_else() -> None:
    grants = [grant("eigenaar", U, "alice", Scope.dossier("inkoop"))]
    assert may_grant(ALICE, "manager", INKOOP_2024, grants)
    assert may_grant(ALICE, "manager", Scope.dossier("inkoop/2024"), grants)
    assert not may_grant(ALICE, "manager", VERKOOP, grants)  # outside their folder
    assert not may_grant(ALICE, "manager", Scope.dossier("verkoop"), grants)
    assert not may_grant(ALICE, "manager", Scope.everything(), grants)
    for role in ("lezer", "eigenaar", "beheerder"):
        assert not may_grant(ALICE, role, INKOOP, grants)
    assert not can(ALICE, Permission.correct, INKOOP, grants)


def test_beheerder_may_grant_everything_and_is_recognised() -> None:
    grants = [grant("beheerder", G, "admins", Scope.everything())]
    admin = Principal("dana", frozenset({"admins"}))
    assert is_beheerder(admin, grants)
    assert not is_beheerder(ALICE, grants)
    assert may_grant(admin, "beheerder", Scope.everything(), grants)
    # a beheerder on one folder only is not "a beheerder" (no --as, no group changes)
    assert not is_beheerder(ALICE, [grant("beheerder", U, "alice", Scope.dossier("inkoop"))])


def test_a_grant_on_one_contract_does_not_cover_a_folder_target() -> None:
    grants = [grant("eigenaar", U, "alice", Scope.contract(1))]
    assert may_grant(ALICE, "manager", INKOOP, grants)
    assert not may_grant(ALICE, "manager", Scope.dossier("inkoop"), grants)


# -- custom roles and policies from the config file ------------------------------------------

def test_custom_roles_in_both_forms() -> None:
    roles = parse_roles({
        "jurist": ["read", "correct"],
        "inkoper": {"permissions": ["read", "grant"], "may_grant": ["lezer"],
                    "description": "procurement"},
        "controller": {"permissions": ["read", "audit", "grant"]},
    })
    assert roles["jurist"].permissions == {Permission.read, Permission.correct}
    assert roles["inkoper"].may_grant == {"lezer"}
    # grant without may_grant: only roles with no more permissions than its own
    assert roles["controller"].may_grant == {"lezer", "controller"}
    grants = [grant("jurist", U, "alice", Scope.dossier("inkoop")),
              grant("inkoper", U, "bob", Scope.everything())]
    assert can(ALICE, Permission.correct, INKOOP, grants, roles=roles)
    assert not can(ALICE, Permission.correct, INKOOP, grants)  # role unknown without config
    assert "u:alice" in acl_tokens(INKOOP, grants, roles=roles)
    assert may_grant(BOB, "lezer", INKOOP, grants, roles=roles)
    assert not may_grant(BOB, "jurist", INKOOP, grants, roles=roles)


def test_a_custom_role_without_read_does_not_enter_the_acl() -> None:
    roles = parse_roles({"scanner": ["ingest"]})
    grants = [grant("scanner", U, "alice", Scope.dossier("inkoop"))]
    assert can_at(ALICE, Permission.ingest, Scope.dossier("inkoop/2024"), grants, roles=roles)
    assert not can(ALICE, Permission.read, INKOOP, grants, roles=roles)
    assert acl_tokens(INKOOP, grants, roles=roles) == {"*"}


@pytest.mark.parametrize("table,message", [
    ({"lezer": ["read", "correct"]}, "built-in roles cannot be redefined"),
    ({"Jurist": ["read"]}, "lowercase"),
    ({"jurist": ["read", "delete"]}, "unknown permission 'delete'"),
    ({"jurist": []}, "at least one permission"),
    ({"jurist": "read"}, None),  # a single string is accepted
    ({"jurist": {"permissions": ["read"], "may_grant": ["lezer"]}}, "needs the 'grant'"),
    ({"jurist": {"permissions": ["grant"], "may_grant": ["nobody"]}}, "unknown role"),
    ({"jurist": {"permissions": ["read"], "colour": "red"}}, "unknown key"),
    ({"jurist": [1, 2]}, "list of strings"),
    (["jurist"], "must be a table"),
])
def test_invalid_roles_are_refused(table: Any, message: str | None) -> None:
    if message is None:
        assert parse_roles(table)["jurist"].permissions == {Permission.read}
        return
    with pytest.raises(ValueError, match=message):
        parse_roles(table)


def test_folder_policies() -> None:
    roles = parse_roles({"jurist": ["read", "correct"]})
    policies = parse_policies({
        "inkoop/leveranciers": {"lezer": ["group:finance", "alice"], "jurist": "group:legal"},
    }, roles)
    scope = Scope.dossier("inkoop/leveranciers")
    assert set(policies) == {
        Grant("lezer", G, "finance", scope, GrantSource.policy, created_by="config"),
        Grant("lezer", U, "alice", scope, GrantSource.policy, created_by="config"),
        Grant("jurist", G, "legal", scope, GrantSource.policy, created_by="config"),
    }
    contract = ContractRef(7, "inkoop/leveranciers/acme")
    assert acl_tokens(contract, [], policies, roles=roles) == {"*", "g:finance", "u:alice",
                                                               "g:legal"}
    assert can(CAROL, Permission.correct, contract, policies, roles=roles)


@pytest.mark.parametrize("table,message", [
    ({"inkoop": {"opperhoofd": ["alice"]}}, "unknown role 'opperhoofd'"),
    ({"": {"lezer": ["alice"]}}, "--all"),
    ({"inkoop/../x": {"lezer": ["alice"]}}, "must not contain"),
    ({"inkoop": {"lezer": ["team:x"]}}, "user:NAME or group:NAME"),
    ({"inkoop": {"lezer": ["two words"]}}, "spaces"),
    ({"inkoop": ["lezer"]}, "table of role"),
    ([{"dossier": "inkoop"}], "must be a table"),
])
def test_invalid_policies_are_refused(table: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_policies(table, BUILTIN_ROLES)


@pytest.mark.parametrize("spec,expected", [
    ("piet", (U, "piet")), ("user:piet", (U, "piet")), ("group:finance", (G, "finance")),
    ("piet@example.nl", (U, "piet@example.nl")),
])
def test_holder_specs(spec: str, expected: tuple[PrincipalKind, str]) -> None:
    assert access.parse_holder(spec) == expected


@pytest.mark.parametrize("spec", ["", "group:", "x:y", "with space", "a" * 129])
def test_bad_holder_specs(spec: str) -> None:
    with pytest.raises(ValueError):
        access.parse_holder(spec)


# -- the search filter agrees with can() ------------------------------------------------------

_users = st.sampled_from(["alice", "bob", "carol"])
_groups = st.sampled_from(["finance", "legal"])
_folders = st.sampled_from(["", "a", "a/b", "a/b/c", "ab", "b"])
_roles = st.sampled_from(["beheerder", "manager", "eigenaar", "lezer", "scanner", "ghost"])


@st.composite
def _grant(draw: st.DrawFn) -> Grant:
    kind = draw(st.sampled_from([U, G]))
    name = draw(_users if kind is U else _groups)
    which = draw(st.sampled_from(["contract", "dossier", "all"]))
    if which == "contract":
        scope = Scope.contract(draw(st.integers(1, 4)))
    elif which == "dossier":
        scope = Scope.dossier(draw(_folders.filter(bool)))
    else:
        scope = Scope.everything()
    return Grant(draw(_roles), kind, name, scope)


@settings(max_examples=300, deadline=None)
@given(
    grants=st.lists(_grant(), max_size=6),
    user=_users,
    groups=st.frozensets(_groups),
    contract=st.builds(ContractRef, st.integers(1, 4), _folders),
)
def test_index_filter_matches_can_read(grants: list[Grant], user: str, groups: frozenset[str],
                                       contract: ContractRef) -> None:
    roles = parse_roles({"scanner": ["ingest"]})
    principal = Principal(user, groups)
    expected = can(principal, Permission.read, contract, grants, roles=roles)
    acl = acl_tokens(contract, grants, roles=roles)
    assert visible(acl, filter_tokens(principal, grants, roles=roles)) == expected
