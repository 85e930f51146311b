"""Validation of the policy data: each kind of problem, shown on a deliberately broken copy."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from shegong.policy import library
from shegong.policy.checks import policy_data_check
from shegong.policy.library import DOCUMENTS_ROOT
from shegong.policy.tests.conftest import SZ
from shegong.policy.validation import Problem, validate_tree

D = datetime.date
FLOOR = "package_fee_floor"


def messages(root) -> list[str]:
    return [str(problem) for problem in validate_tree(root)]


def test_the_shipped_policy_data_has_no_problems():
    assert validate_tree(DOCUMENTS_ROOT) == []


def test_an_untouched_copy_has_no_problems(documents_copy):
    assert validate_tree(documents_copy) == []


def test_value_without_clause(edit_yaml, documents_copy):
    edit_yaml(
        SZ, "parameters.yaml", lambda d: d["parameters"][FLOOR]["values"][D(2020, 11, 12)].pop("clause")
    )
    assert validate_tree(documents_copy) == [
        Problem(f"{SZ}/parameters.yaml", f"{FLOOR} 2020-11-12", "value without clause")
    ]


def test_clause_that_does_not_exist(edit_yaml, documents_copy):
    edit_yaml(
        SZ,
        "parameters.yaml",
        lambda d: d["parameters"][FLOOR]["values"][D(2020, 11, 12)].update(clause="(二十一)"),
    )
    assert messages(documents_copy) == [
        f"{SZ}/parameters.yaml: {FLOOR} 2020-11-12: clause (二十一) does not exist in clauses.yaml"
    ]


def test_value_dates_out_of_order(edit_yaml, documents_copy):
    def change(data):
        data["parameters"][FLOOR]["values"] = {
            D(2023, 1, 1): {"value": 170000, "clause": "(十三)"},
            D(2021, 1, 1): {"value": 163000, "clause": "(十三)"},
        }

    edit_yaml(SZ, "parameters.yaml", change)
    assert messages(documents_copy) == [
        f"{SZ}/parameters.yaml: {FLOOR} 2021-01-01: dates out of order: 2021-01-01 does not come after 2023-01-01"
    ]


def test_document_dates_out_of_order(edit_yaml, documents_copy):
    edit_yaml(SZ, "document.yaml", lambda d: d.update(valid_until=D(2020, 1, 1)))
    problems = messages(documents_copy)
    assert (
        f"{SZ}/document.yaml: valid_until: dates out of order: valid until 2020-01-01 before in force from 2020-11-12"
        in problems
    )


def test_value_starting_after_the_document_lapsed(edit_yaml, documents_copy):
    edit_yaml(
        SZ,
        "parameters.yaml",
        lambda d: d["parameters"][FLOOR]["values"].update(
            {D(2026, 1, 1): {"value": 180000, "clause": "(十三)"}}
        ),
    )
    assert messages(documents_copy) == [
        f"{SZ}/parameters.yaml: {FLOOR} 2026-01-01: starts after the document lapsed (2025-11-11)"
    ]


def test_unknown_unit(edit_yaml, documents_copy):
    edit_yaml(SZ, "parameters.yaml", lambda d: d["parameters"][FLOOR].update(unit="CNY per fortnight"))
    assert messages(documents_copy) == [f"{SZ}/parameters.yaml: {FLOOR}: unknown unit 'CNY per fortnight'"]


def test_month_day_must_be_a_real_day(edit_yaml, documents_copy):
    slug = "jinan-2021-station-plan"
    edit_yaml(
        slug,
        "parameters.yaml",
        lambda d: d["parameters"]["annual_plan_due"]["values"][D(2021, 2, 4)].update(value="02-30"),
    )
    assert messages(documents_copy) == [
        f"{slug}/parameters.yaml: annual_plan_due 2021-02-04: '02-30' is not a quoted month-day such as \"03-31\""
    ]


def override(division, value=175000, source="区级标准"):
    return {
        "division": division,
        "division_name": "",
        "source": source,
        "values": {D(2022, 1, 1): {"value": value}},
    }


def test_override_at_a_level_not_allowed(edit_yaml, documents_copy):
    # A street (town level) may not set the package fee floor: only a district may.
    edit_yaml(SZ, "overrides.yaml", lambda d: d.update(overrides={FLOOR: [override("440304001")]}))
    assert messages(documents_copy) == [
        f"{SZ}/overrides.yaml: {FLOOR} 440304001: override at level town not allowed (overridable_by: district)"
    ]


def test_override_of_a_parameter_that_allows_none(edit_yaml, documents_copy):
    edit_yaml(
        SZ,
        "overrides.yaml",
        lambda d: d.update(overrides={"labour_cost_share_min": [override("440304", 0.9)]}),
    )
    assert messages(documents_copy) == [
        f"{SZ}/overrides.yaml: labour_cost_share_min 440304: override at level district not allowed "
        "(overridable_by: no level)"
    ]


def test_override_below_the_city_floor(edit_yaml, documents_copy):
    edit_yaml(SZ, "overrides.yaml", lambda d: d.update(overrides={FLOOR: [override("440304", 150000)]}))
    assert messages(documents_copy) == [
        f"{SZ}/overrides.yaml: {FLOOR} 440304 2022-01-01: 150000 is below the city value 163000"
    ]


def test_override_outside_the_jurisdiction(edit_yaml, documents_copy):
    edit_yaml(SZ, "overrides.yaml", lambda d: d.update(overrides={FLOOR: [override("370102")]}))
    assert messages(documents_copy) == [
        f"{SZ}/overrides.yaml: {FLOOR} 370102: division 370102 is outside the jurisdiction 4403"
    ]


def test_override_without_source(edit_yaml, documents_copy):
    edit_yaml(SZ, "overrides.yaml", lambda d: d.update(overrides={FLOOR: [override("440304", source="")]}))
    assert messages(documents_copy) == [
        f"{SZ}/overrides.yaml: {FLOOR} 440304: source is required (the division's own document)"
    ]


def test_clause_parent_that_does_not_exist(edit_yaml, documents_copy):
    def change(data):
        next(c for c in data["clauses"] if c["id"] == "(二)")["parent"] = "九十"

    edit_yaml(SZ, "clauses.yaml", change)
    assert messages(documents_copy) == [f"{SZ}/clauses.yaml: (二): parent 九十 does not exist before it"]


def test_a_spec_clause_missing_from_clauses_yaml(edit_yaml, documents_copy):
    # Removing clause (十三) breaks every parameter that cites it and every requirement citing it.
    edit_yaml(
        SZ, "clauses.yaml", lambda d: d.update(clauses=[c for c in d["clauses"] if c["id"] != "(十三)"])
    )
    problems = messages(documents_copy)
    assert "spec.yaml: SZ-13d: cites clause (十三) that SZ does not have" in problems
    assert (
        f"{SZ}/parameters.yaml: {FLOOR} 2020-11-12: clause (十三) does not exist in clauses.yaml" in problems
    )


def test_unknown_spec_id(edit_yaml, documents_copy):
    edit_yaml(SZ, "parameters.yaml", lambda d: d["parameters"][FLOOR].update(spec_ids=["SZ-99"]))
    assert messages(documents_copy) == [
        f"{SZ}/parameters.yaml: {FLOOR}: spec_id SZ-99 is not in the requirement catalogue"
    ]


def test_system_check_reports_the_problems(edit_yaml, documents_copy, monkeypatch):
    edit_yaml(SZ, "parameters.yaml", lambda d: d["parameters"][FLOOR].update(unit="CNY per fortnight"))
    monkeypatch.setattr(library, "DOCUMENTS_ROOT", documents_copy)
    errors = policy_data_check()
    assert [(e.id, e.msg) for e in errors] == [
        ("policy.E001", f"{SZ}/parameters.yaml: {FLOOR}: unknown unit 'CNY per fortnight'")
    ]
    with pytest.raises(SystemCheckError, match="unknown unit 'CNY per fortnight'"):
        call_command("check")


def test_system_check_passes_on_the_shipped_data():
    assert policy_data_check() == []
