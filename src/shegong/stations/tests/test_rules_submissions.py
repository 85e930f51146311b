"""Filing rules at their boundaries: JN-09 (plan by 31 March), JN-13 (briefs and reports), JN-15 (report by
30 November) and HZ-09 (pay measures before July 2021)."""

import datetime

import pytest

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.stations.models import PlanContent, SubmissionKind
from shegong.stations.tests.factories import StationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

LIXIA = "370102"
LICHENG = "370112"
D = datetime.date
SIGNED = D(2022, 1, 15)


def violations(spec_id, as_of):
    return evaluate_rule(get_rule(spec_id), as_of=as_of).violations


def explanations(spec_id, as_of, language="zh-hans"):
    result = evaluate_rule(get_rule(spec_id), as_of=as_of)
    rows = rows_for(RuleResult(rule=result.rule, in_force=True, violations=result.violations, checked=None))
    return {
        row.subject_id: row.explanation_zh if language == "zh-hans" else row.explanation_en for row in rows
    }


def plan(divisions, code, submitted_on, **extra):
    return SubmissionFactory(
        kind=SubmissionKind.ANNUAL_PLAN,
        division=divisions[code],
        period="2022",
        submitted_on=submitted_on,
        **extra,
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(D(2022, 3, 31), set()), (D(2022, 4, 1), {LIXIA, LICHENG})],
)
def test_a_missing_plan_is_a_finding_from_1_april(divisions, as_of, expected):
    # 31 March 2022 is still the day the 2022 plan may be filed; the 2021 plan is what is checked then.
    plan_2021 = {
        code: SubmissionFactory(
            division=divisions[code], period="2021", due_on=D(2021, 3, 31), submitted_on=D(2021, 3, 1)
        )
        for code in (LIXIA, LICHENG)
    }
    assert plan_2021
    assert {v.subject.code for v in violations("JN-09", as_of)} == expected


@pytest.mark.parametrize(("submitted_on", "late"), [(D(2022, 3, 31), False), (D(2022, 4, 1), True)])
def test_a_plan_filed_on_31_march_passes_and_on_1_april_is_late(divisions, submitted_on, late):
    plan(divisions, LIXIA, submitted_on)
    plan(divisions, LICHENG, D(2022, 3, 1))
    found = explanations("JN-09", D(2022, 6, 1))
    if late:
        assert found == {
            LIXIA: "区县社工站年度实施计划（2022）于2022-04-01提交，晚于截止日2022-03-31，"
            "不符合《济南市街道(镇)社会工作服务站建设实施方案》四（一）的规定。"
        }
    else:
        assert found == {}


def test_a_plan_without_budget_and_evaluation_is_a_finding(divisions):
    plan(
        divisions,
        LIXIA,
        D(2022, 3, 1),
        contents=[PlanContent.GOALS, PlanContent.SCHEDULE, PlanContent.STANDARDS],
    )
    plan(divisions, LICHENG, D(2022, 3, 1))
    found = explanations("JN-09", D(2022, 4, 1), language="en")
    assert list(found) == [LIXIA]
    assert "the plan lacks Budget and purchase method, Performance evaluation" in found[LIXIA]


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 11, 30), False), (D(2022, 12, 1), True)])
def test_implementation_report_is_due_on_30_november(divisions, as_of, fires):
    SubmissionFactory(
        kind=SubmissionKind.IMPLEMENTATION_REPORT,
        division=divisions[LICHENG],
        period="2022",
        due_on=D(2022, 11, 30),
        submitted_on=D(2022, 11, 30),
    )
    SubmissionFactory(
        kind=SubmissionKind.IMPLEMENTATION_REPORT,
        division=divisions[LIXIA],
        period="2021",
        due_on=D(2021, 11, 30),
        submitted_on=D(2021, 11, 1),
    )
    SubmissionFactory(
        kind=SubmissionKind.IMPLEMENTATION_REPORT,
        division=divisions[LICHENG],
        period="2021",
        due_on=D(2021, 11, 30),
        submitted_on=D(2021, 11, 1),
    )
    assert {v.subject.code for v in violations("JN-15", as_of)} == ({LIXIA} if fires else set())


@pytest.mark.parametrize(
    ("submitted_on", "as_of", "fires"),
    [
        (None, D(2021, 6, 30), False),
        (None, D(2021, 7, 1), True),
        (D(2021, 6, 30), D(2021, 7, 1), False),
        (D(2021, 7, 1), D(2021, 7, 2), True),
        (None, D(2026, 11, 23), True),  # a one-off filing stays due
    ],
)
def test_county_pay_measures_before_july_2021(huizhou, submitted_on, as_of, fires):
    if submitted_on:
        SubmissionFactory(
            kind=SubmissionKind.PAY_MEASURES,
            division=huizhou["441302"],
            period="2021",
            due_on=D(2021, 6, 30),
            submitted_on=submitted_on,
        )
    assert [v.subject.code for v in violations("HZ-09", as_of)] == (["441302"] if fires else [])


def test_filing_rules_ignore_districts_outside_their_city(divisions, huizhou):
    assert {v.subject.code for v in violations("JN-09", D(2022, 4, 1))} == {LIXIA, LICHENG}
    assert [v.subject.code for v in violations("HZ-09", D(2022, 4, 1))] == ["441302"]


def contracted_station(divisions, signed=SIGNED):
    return StationFactory(
        division=divisions["370102001"],
        provider=OrganizationFactory(division=divisions["370102"]),
        service_contract_signed_on=signed,
    )


def brief(station, period, submitted_on):
    return SubmissionFactory(
        kind=SubmissionKind.MONTHLY_BRIEF,
        division=station.division,
        station=station,
        period=period,
        due_on=submitted_on,
        submitted_on=submitted_on,
        contents=[],
    )


@pytest.mark.parametrize(("as_of", "fires"), [(D(2022, 2, 10), False), (D(2022, 2, 11), True)])
def test_a_monthly_brief_is_due_10_days_after_its_month(divisions, as_of, fires):
    station = contracted_station(divisions)
    found = explanations("JN-13", as_of)
    assert found == (
        {
            str(station.pk): "月度工作简报（2022-01）应于2022-02-10提交，至今未提交，"
            "不符合《济南市街道(镇)社会工作服务站建设实施方案》四（四）的规定。"
        }
        if fires
        else {}
    )


def test_a_brief_filed_after_its_due_date_is_late(divisions):
    station = contracted_station(divisions)
    brief(station, "2022-01", D(2022, 2, 10))
    brief(station, "2022-02", D(2022, 3, 11))
    [violation] = violations("JN-13", D(2022, 3, 20))
    assert violation.measured == 1
    assert [i["period"] for i in violation.inputs["overdue"]] == ["2022-02"]
    assert violation.inputs["overdue"][0]["submitted_on"] == D(2022, 3, 11)


def test_mid_term_report_is_due_after_half_the_contract_term(divisions):
    station = contracted_station(divisions)
    for month in range(1, 19):
        day = D(2022 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        brief(station, day.strftime("%Y-%m"), day)
    # 3-year term signed 15 Jan 2022: the first half ends 14 Jul 2023, the report is due 24 Jul 2023.
    assert violations("JN-13", D(2023, 7, 24)) == []
    [violation] = violations("JN-13", D(2023, 7, 25))
    assert [i["kind"] for i in violation.inputs["overdue"]] == [SubmissionKind.MID_TERM_REPORT]


def test_stations_without_a_service_contract_file_nothing(divisions):
    StationFactory(division=divisions["370102001"])
    assert violations("JN-13", D(2023, 1, 1)) == []


def test_filing_rules_cost_the_same_queries_for_one_or_two_subjects(divisions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            violations("JN-13", D(2022, 6, 1))
            violations("JN-09", D(2022, 6, 1))
        return len(ctx.captured_queries)

    station = contracted_station(divisions)
    brief(station, "2022-01", D(2022, 2, 1))
    one = count()
    other = StationFactory(
        division=divisions["370112001"],
        provider=OrganizationFactory(division=divisions["370112"]),
        service_contract_signed_on=D(2022, 1, 15),
    )
    brief(other, "2022-01", D(2022, 2, 1))
    assert count() == one
