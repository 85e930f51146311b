"""Every registered rule cites a real clause, reads existing parameters and obeys its document's dates."""

import datetime

import pytest

from shegong.policy.engine import evaluate_rule, registered_rules
from shegong.policy.library import load_library
from shegong.policy.spec import load_requirements

RULES = registered_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.spec_id)
def test_rule_cites_an_existing_clause_and_reads_existing_parameters(rule):
    document = load_library().document(rule.document)
    requirement = load_requirements()[rule.spec_id]

    assert rule.clause in document.clauses
    # A rule checks a "rule" requirement, or a "record" one whose record carries an obligation the
    # platform can check (HZ-15: home visits at the plan's frequency).
    assert requirement.kind in {"rule", "record"}
    assert requirement.source == document.prefix
    for key in rule.parameters:
        assert key in document.parameters, f"{rule.spec_id} reads unknown parameter {key}"
    assert rule.title and rule.explanation and rule.subject_kind and rule.division_path


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rule", [r for r in RULES if r.document == "shenzhen-2020-measures"], ids=lambda r: r.spec_id
)
def test_no_shenzhen_rule_applies_after_the_measures_lapsed(rule):
    assert evaluate_rule(rule, as_of=datetime.date(2026, 11, 23)).in_force is False
    assert evaluate_rule(rule, as_of=datetime.date(2025, 11, 12)).in_force is False
    assert evaluate_rule(rule, as_of=datetime.date(2025, 11, 11)).in_force is True
    assert evaluate_rule(rule, as_of=datetime.date(2022, 6, 30)).in_force is True
    assert evaluate_rule(rule, as_of=datetime.date(2020, 11, 11)).in_force is False
