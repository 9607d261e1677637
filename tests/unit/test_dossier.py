"""The contract file's resolution rules: corrections, amendments, derived dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from contractdossier.dossier import derive, needs_checking, resolve_fields

DOCS = {
    1: {"id": 1, "seq": 0, "role": "main", "sha256": "a" * 64, "title": "Overeenkomst"},
    2: {"id": 2, "seq": 1, "role": "amendment", "sha256": "b" * 64, "title": "Wijziging"},
}
_next = iter(range(1, 10_000))


def fact(
    field: str,
    value: Any,
    doc: int | None = 1,
    *,
    source: str = "extracted",
    confidence: float = 0.9,
    active: bool = True,
) -> dict[str, Any]:
    return {
        "id": next(_next),
        "field": field,
        "value": value,
        "document_id": doc,
        "source": source,
        "confidence": confidence,
        "active": active,
        "page": 2,
        "clause_ref": "5.1",
        "quote": f"quote for {field}",
        "created_by": "anna",
        "reason": "checked",
    }


def automatic(period: str = "P1Y", max_: int | None = None) -> dict[str, Any]:
    return {"type": "automatic", "period": period, "max": max_}


def test_end_date_and_notice_deadline_follow_the_written_rules() -> None:
    facts = [
        fact("start_date", "2024-03-01"),
        fact("initial_term", "P36M"),
        fact("renewal", automatic("P12M")),
        fact("notice_period", "P3M"),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2025, 6, 1))
    assert out["end_date"].value == "2027-02-28"
    assert out["end_date"].source == "computed"
    assert [e["quote"] for e in out["end_date"].evidence] == [
        "quote for start_date",
        "quote for initial_term",
    ]
    assert out["notice_deadline"].value == "2026-11-30"
    assert out["current_term_end"].value == "2027-02-28"
    assert out["next_notice_deadline"].value == "2026-11-30"


def test_automatic_renewals_roll_forward_over_several_cycles() -> None:
    facts = [
        fact("start_date", "2020-01-01"),
        fact("end_date", "2020-12-31"),
        fact("renewal", automatic("P1Y")),
        fact("notice_period", "P2M"),
    ]
    fields = resolve_fields(facts, DOCS)
    on_deadline = derive(fields, dt.date(2023, 10, 31))
    assert on_deadline["current_term_end"].value == "2023-12-31"
    assert on_deadline["next_notice_deadline"].value == "2023-10-31"  # still in time that day
    day_after = derive(fields, dt.date(2023, 11, 1))
    assert day_after["current_term_end"].value == "2023-12-31"
    assert day_after["next_notice_deadline"].value == "2024-10-31"
    assert day_after["notice_deadline"].value == "2020-10-31"  # for the initial end date


def test_max_renewals_ends_the_contract() -> None:
    facts = [
        fact("start_date", "2020-01-01"),
        fact("end_date", "2020-12-31"),
        fact("renewal", automatic("P1Y", 2)),
        fact("notice_period", "P1M"),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2026, 1, 1))
    assert out["current_term_end"].value == "2022-12-31"
    assert "next_notice_deadline" not in out


def test_an_amendment_overrides_end_and_notice_but_not_the_start() -> None:
    facts = [
        fact("start_date", "2025-01-01"),
        fact("initial_term", "P3Y"),
        fact("renewal", automatic("P12M")),
        fact("notice_period", "P3M"),
        fact("start_date", "2026-10-01", 2),
        fact("end_date", "2028-12-31", 2),
        fact("notice_period", "P6M", 2, confidence=0.7),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1))
    assert out["start_date"].value == "2025-01-01"
    assert out["end_date"].value == "2028-12-31" and out["end_date"].source == "extracted"
    assert out["notice_period"].value == "P6M"
    assert out["notice_deadline"].value == "2028-06-30"


def test_a_person_correction_wins_and_keeps_the_extracted_value() -> None:
    facts = [
        fact("start_date", "2024-01-01"),
        fact("initial_term", "P1Y"),
        fact("notice_period", "P1M", None, source="person", active=False),
        fact("notice_period", "P3M"),
        fact("notice_period", "P2M", None, source="person"),
    ]
    fields = resolve_fields(facts, DOCS)
    notice = fields["notice_period"]
    assert notice.value == "P2M" and notice.source == "person"
    assert notice.as_dict()["confirmed"] is True
    assert notice.extracted is not None and notice.extracted["value"] == "P3M"
    assert notice.extracted["evidence"][0]["quote"] == "quote for notice_period"


def test_invalid_values_are_ignored_and_the_term_is_derived_from_dates() -> None:
    facts = [
        fact("start_date", "2025-09-15"),
        fact("end_date", "2026-03-14"),
        fact("end_date", "31-02-2026", confidence=0.99),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2025, 10, 1))
    assert out["end_date"].value == "2026-03-14"
    assert out["initial_term"].value == "P6M"


def test_option_deadline_uses_the_exercise_notice() -> None:
    facts = [
        fact("start_date", "2025-04-01"),
        fact("initial_term", "P2Y"),
        fact("renewal", {"type": "option", "period": "P12M", "max": 2, "exercise_notice": "P2M"}),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1))
    assert out["end_date"].value == "2027-03-31"
    assert out["option_deadline"].value == "2027-01-31"
    assert "notice_deadline" not in out


def test_needs_checking_names_missing_and_uncertain_facts() -> None:
    view: dict[str, Any] = {
        "end_date": None,
        "renewal": {"value": {"type": "automatic"}},
        "notice_period": None,
    }
    assert needs_checking(view) == [
        "no end date found (and none computable from start and term)",
        "renews automatically but the renewal period is unknown: later terms cannot be rolled "
        "forward",
        "renews automatically but no notice period found",
    ]
    view["renewal"] = {"value": {"type": "automatic", "period": "indefinite"}}  # runs on
    assert needs_checking(view) == [
        "no end date found (and none computable from start and term)",
        "renews automatically but no notice period found",
    ]
    view = {
        "end_date": {"value": "2027-01-01", "confidence": 0.4},
        "renewal": None,
        "notice_period": {"confidence": 0.5},
    }
    assert needs_checking(view) == [
        "end date uncertain (confidence 0.40)",
        "notice period uncertain (confidence 0.50)",
        "no renewal clause found: check whether it renews",
    ]


def test_an_amended_end_date_carries_the_initial_term_with_it() -> None:
    facts = [
        fact("start_date", "2025-01-01"),
        fact("initial_term", "P3Y"),
        fact("end_date", "2028-12-31", 2),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1))
    assert out["end_date"].value == "2028-12-31"
    assert out["initial_term"].value == "P48M" and out["initial_term"].source == "computed"


def test_a_contract_that_runs_on_indefinitely_after_its_term() -> None:
    """Renewal period ``indefinite`` ("daarna voortgezet voor onbepaalde tijd"): the notice
    deadline of the end date holds up to that date; after it there is no fixed end and no
    deadline."""
    facts = [
        fact("start_date", "2024-01-01"),
        fact("initial_term", "P3Y"),
        fact("renewal", automatic("indefinite")),
        fact("notice_period", "P3M"),
    ]
    fields = resolve_fields(facts, DOCS)
    before = derive(fields, dt.date(2026, 6, 1))
    assert before["end_date"].value == "2026-12-31"
    assert before["notice_deadline"].value == "2026-09-30"
    assert before["current_term_end"].value == "2026-12-31"
    assert before["next_notice_deadline"].value == "2026-09-30"
    on_the_end = derive(fields, dt.date(2026, 12, 31))
    assert on_the_end["current_term_end"].value == "2026-12-31"
    after = derive(fields, dt.date(2027, 1, 1))
    assert after["current_term_end"].value == "indefinite"
    assert "next_notice_deadline" not in after
    assert after["notice_deadline"].value == "2026-09-30"  # for the initial end date


def test_a_term_counted_from_an_event_gives_no_computed_end() -> None:
    facts = [
        fact("start_date", "2024-01-01"),
        fact("initial_term", "P3Y", confidence=0.45),  # "three years from the Launch Date"
        fact("renewal", automatic("P1Y")),
        fact("notice_period", "P3M"),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2025, 6, 1))
    assert "end_date" not in out and "notice_deadline" not in out
    view = {key: (out[key].as_dict() if key in out else None) for key in
            ("end_date", "initial_term", "renewal", "notice_period")}
    assert any("counts from an event" in r for r in needs_checking(view))
    # a person who sets the term from the start date gets the end computed again
    corrected = facts + [fact("initial_term", "P3Y", None, source="person", confidence=1.0)]
    assert derive(resolve_fields(corrected, DOCS), dt.date(2025, 6, 1))["end_date"].value == (
        "2026-12-31"
    )


def _view(out: dict[str, Any]) -> dict[str, Any]:
    keys = ("start_date", "end_date", "initial_term", "renewal", "notice_period")
    return {key: (out[key].as_dict() if key in out else None) for key in keys}


def test_needs_checking_names_a_term_and_end_date_that_disagree() -> None:
    # "shall continue for a period of three (3) years" beside "All Transition Services will
    # expire December 31, 1998": read from two sentences, one of them about something else
    facts = [
        fact("start_date", "1998-06-01"),
        fact("initial_term", "P3Y", confidence=0.85),
        fact("end_date", "1998-12-31", confidence=0.8),
    ]
    reasons = needs_checking(_view(derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1))))
    assert (
        "the start date plus the initial term ends 2001-05-31, not on the end date 1998-12-31: "
        "check which is right"
    ) in reasons


def test_a_term_and_end_date_that_agree_or_follow_from_each_other_need_no_check() -> None:
    agreeing = [
        fact("start_date", "2024-01-01"),
        fact("initial_term", "P3Y"),
        fact("end_date", "2026-12-31"),
    ]
    computed = [fact("start_date", "2024-01-01"), fact("initial_term", "P3Y")]
    amended = agreeing[:2] + [fact("end_date", "2028-12-31", 2)]  # the term follows the amendment
    for facts in (agreeing, computed, amended):
        view = _view(derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1)))
        assert not any("check which is right" in r for r in needs_checking(view)), facts


def test_needs_checking_names_a_notice_deadline_before_the_start() -> None:
    # "shall continue in effect for six (6) months ... unless written notice is provided ... at
    # least six (6) months before the end of the then-current term"
    facts = [
        fact("start_date", "2014-01-20"),
        fact("initial_term", "P6M"),
        fact("renewal", {"type": "automatic", "period": "P6M", "max": None}),
        fact("notice_period", "P6M"),
    ]
    out = derive(resolve_fields(facts, DOCS), dt.date(2026, 12, 1))
    assert out["notice_deadline"].value == "2014-01-19"
    view = _view(out) | {"notice_deadline": out["notice_deadline"].as_dict()}
    assert (
        "the notice deadline for the initial term, 2014-01-19, falls before the start date "
        "2014-01-20: check the notice period and the term"
    ) in needs_checking(view)
    shorter = facts[:3] + [fact("notice_period", "P1M")]
    out = derive(resolve_fields(shorter, DOCS), dt.date(2026, 12, 1))
    view = _view(out) | {"notice_deadline": out["notice_deadline"].as_dict()}
    assert not any("falls before the start" in r for r in needs_checking(view))
