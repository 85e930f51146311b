"""HZ-15 overdue home visits: the plan's own frequency, the dated grace period, boundaries."""

import datetime

import pytest

from shegong.cases.models import CaseStep, IndividualPlan, Visit
from shegong.cases.tests.factories import LIXIA_VILLAGE, CaseFactory, HouseholdFactory
from shegong.geo.tests.factories import make_tree
from shegong.policy.engine import ParameterSource, evaluate_rule, get_rule

pytestmark = pytest.mark.django_db

HUIZHOU_TREE = {
    "4413": "惠州市",
    "441302": "惠城区",
    "441302001": "桥东街道",
    "441302001001": "东湖社区居委会",
}
DONGHU = "441302001001"
PLANNED = datetime.date(2026, 1, 10)
FREQUENCY = 30
DUE = PLANNED + datetime.timedelta(days=FREQUENCY)  # 2026-02-09


@pytest.fixture
def huizhou(divisions):
    return make_tree(HUIZHOU_TREE)


def planned_case(division, *, planned_on=PLANNED, frequency=FREQUENCY, visits=(), **fields):
    case = CaseFactory(
        household=HouseholdFactory(division=division),
        step=fields.pop("step", CaseStep.INTERVENE),
        opened_on=fields.pop("opened_on", planned_on),
        **fields,
    )
    IndividualPlan.objects.create(
        case=case, visit_frequency_days=frequency, goals="稳定生活", steps="每月探访", planned_on=planned_on
    )
    for day in visits:
        Visit.objects.create(case=case, visited_on=day, worker=case.household.assigned_worker)
    return case


def findings(as_of, **kwargs):
    return evaluate_rule(get_rule("HZ-15"), as_of=as_of, **kwargs).violations


@pytest.mark.parametrize(
    ("as_of", "late"),
    [
        (DUE - datetime.timedelta(days=1), None),
        (DUE, None),  # due today: not yet overdue
        (DUE + datetime.timedelta(days=1), 1),
        (DUE + datetime.timedelta(days=10), 10),
    ],
)
def test_a_case_without_visits_is_overdue_the_day_after_the_plans_frequency(huizhou, as_of, late):
    case = planned_case(huizhou[DONGHU])
    found = findings(as_of)
    assert [(v.subject.pk, v.measured, v.threshold) for v in found] == ([(case.pk, late, 0)] if late else [])


def test_a_visit_restarts_the_clock_and_a_later_visit_does_not_count_yet(huizhou):
    visited = DUE - datetime.timedelta(days=5)
    case = planned_case(huizhou[DONGHU], visits=[visited, DUE + datetime.timedelta(days=40)])
    next_due = visited + datetime.timedelta(days=FREQUENCY)
    assert findings(next_due) == []
    (violation,) = findings(next_due + datetime.timedelta(days=2))
    assert violation.subject == case
    assert violation.measured == 2
    assert violation.inputs["last_visit"] == visited.isoformat()
    assert violation.inputs["due"] == next_due.isoformat()


def test_the_explanation_names_the_dates_and_the_clause(huizhou):
    planned_case(huizhou[DONGHU], title="王奶奶独居照料")
    rule = get_rule("HZ-15")
    (violation,) = findings(DUE + datetime.timedelta(days=3))
    text = rule.explain(violation, language="en", document_title="Plan", clause_label="5(3)2(2)")
    assert "王奶奶独居照料" in text and "2026-02-09" in text and "3 days overdue" in text


def test_closed_cases_and_cases_without_a_plan_are_not_checked(huizhou):
    planned_case(huizhou[DONGHU], step=CaseStep.CLOSED, closed_on=DUE)
    CaseFactory(household=HouseholdFactory(division=huizhou[DONGHU]), opened_on=PLANNED)
    assert findings(DUE + datetime.timedelta(days=5)) == []
    # Closed after the as-of date: on that date it was still open.
    case = planned_case(huizhou[DONGHU], step=CaseStep.CLOSED, closed_on=DUE + datetime.timedelta(days=9))
    assert [v.subject for v in findings(DUE + datetime.timedelta(days=5))] == [case]


def test_the_grace_period_comes_from_the_parameters(huizhou):
    planned_case(huizhou[DONGHU])
    source = ParameterSource({("huizhou-2021-double-hundred", "home_visit_grace_days"): 3})
    assert (
        evaluate_rule(get_rule("HZ-15"), as_of=DUE + datetime.timedelta(days=3), parameters=source).violations
        == []
    )
    assert (
        len(
            evaluate_rule(
                get_rule("HZ-15"), as_of=DUE + datetime.timedelta(days=4), parameters=source
            ).violations
        )
        == 1
    )


def test_outside_huizhou_the_rule_does_not_apply(divisions, huizhou):
    planned_case(divisions[LIXIA_VILLAGE])
    assert findings(DUE + datetime.timedelta(days=30)) == []


@pytest.mark.parametrize(
    ("as_of", "in_force"), [(datetime.date(2021, 5, 5), False), (datetime.date(2021, 5, 6), True)]
)
def test_the_rule_runs_from_the_day_the_plan_was_issued(huizhou, as_of, in_force):
    assert evaluate_rule(get_rule("HZ-15"), as_of=as_of).in_force is in_force


def test_the_rule_costs_the_same_queries_for_one_and_many_cases(huizhou, django_assert_num_queries):
    planned_case(huizhou[DONGHU])
    with django_assert_num_queries(1) as one:
        assert len(findings(DUE + datetime.timedelta(days=1))) == 1
    for _n in range(15):
        planned_case(huizhou[DONGHU], visits=[PLANNED + datetime.timedelta(days=2)])
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(findings(DUE + datetime.timedelta(days=5))) == 16
