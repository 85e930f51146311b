"""Project and contract rules at their boundaries: SZ-13a, SZ-12c, JN-02, JN-10, JN-11, JN-16."""

import datetime

import pytest
from django.utils import translation

from shegong.organizations.models import OrganizationKind
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.procurement.models import ContractTerm, Programme, Project, PurchaserKind
from shegong.procurement.tests.factories import (
    ContinuationApplicationFactory,
    ContractFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def violations(spec_id, as_of):
    return evaluate_rule(get_rule(spec_id), as_of=as_of).violations


def explanation_zh(spec_id, violation):
    [row] = rows_for(RuleResult(rule=get_rule(spec_id), in_force=True, violations=[violation], checked=None))
    return row.explanation_zh


# SZ-13a ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_on", "fires"),
    [(D(2023, 12, 31), False), (D(2024, 1, 1), True), (D(2021, 12, 31), False)],
)
def test_purchase_cycle_of_three_years(divisions, ends_on, fires):
    ProjectFactory(purchaser_division=divisions["440304"], starts_on=D(2021, 1, 1), ends_on=ends_on)

    assert bool(violations("SZ-13a", D(2022, 1, 1))) is fires


@pytest.mark.parametrize(
    "missing", ["post_ranks", "service_standards", "performance_indicators", "needs_survey_summary"]
)
def test_each_required_content_is_checked(divisions, missing):
    ProjectFactory(purchaser_division=divisions["440304"], **{missing: "  "})

    [violation] = violations("SZ-13a", D(2022, 1, 1))

    assert violation.inputs["missing"] == [missing]


def test_purchase_cycle_explanation_names_the_problems_in_chinese(divisions):
    ProjectFactory(
        purchaser_division=divisions["440304"],
        starts_on=D(2021, 1, 1),
        ends_on=D(2024, 6, 30),
        post_ranks="",
        performance_indicators="",
    )

    [violation] = violations("SZ-13a", D(2022, 1, 1))

    assert explanation_zh("SZ-13a", violation) == (
        "项目期限为2021-01-01至2024-06-30，超出购买周期的最后一天2023-12-31；项目未写明岗位职级设置、考核指标。"
        "《深圳市关于提升社会工作服务水平的若干措施》第（十三）条规定一般以3年为一个购买周期，"
        "并应根据需求调查设置岗位数量、职级、服务标准和考核指标。"
    )


@pytest.mark.parametrize(("starts_on", "fires"), [(D(2020, 11, 11), False), (D(2020, 11, 12), True)])
def test_purchase_cycle_applies_to_purchases_from_the_day_the_measures_took_effect(
    divisions, starts_on, fires
):
    ProjectFactory(purchaser_division=divisions["440304"], starts_on=starts_on, ends_on=D(2025, 1, 1))

    assert bool(violations("SZ-13a", D(2022, 1, 1))) is fires


# SZ-12c ---------------------------------------------------------------------------------------------
# A 2021-01-01 – 2023-12-31 project must apply by 2023-06-30.


@pytest.mark.parametrize(
    ("submitted_on", "as_of", "fires"),
    [
        (None, D(2023, 6, 30), False),  # the deadline itself: not late yet
        (None, D(2023, 7, 1), True),  # the day after
        (D(2023, 6, 30), D(2023, 7, 1), False),  # applied on the last allowed day
        (D(2023, 7, 1), D(2023, 7, 2), True),  # a day late
        (None, D(2023, 12, 31), True),  # last day of the project
        (None, D(2024, 1, 1), False),  # the project has ended
    ],
)
def test_continuation_application_six_months_before_expiry(divisions, submitted_on, as_of, fires):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    if submitted_on:
        ContinuationApplicationFactory(project=project, submitted_on=submitted_on)

    assert bool(violations("SZ-12c", as_of)) is fires


def test_project_shorter_than_three_years_needs_no_application(divisions):
    ProjectFactory(purchaser_division=divisions["440304"], starts_on=D(2021, 1, 2), ends_on=D(2023, 12, 31))

    assert violations("SZ-12c", D(2023, 7, 1)) == []


def test_application_after_the_as_of_date_does_not_count(divisions):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    ContinuationApplicationFactory(project=project, submitted_on=D(2023, 8, 1))

    [violation] = violations("SZ-12c", D(2023, 7, 15))

    with translation.override("zh-hans"):
        assert "尚未申请" in explanation_zh("SZ-12c", violation)
    assert violation.threshold == D(2023, 6, 30)


# JN-02 ----------------------------------------------------------------------------------------------


def station(divisions, code="370102", **kwargs):
    kwargs = {"programme": Programme.STATION, "starts_on": D(2021, 7, 1), "ends_on": D(2024, 6, 30), **kwargs}
    return ProjectFactory(purchaser_division=divisions[code], **kwargs)


@pytest.mark.parametrize(
    ("code", "kind", "fires"),
    [
        ("370102", PurchaserKind.CIVIL_AFFAIRS, False),
        ("370102001", PurchaserKind.STREET_OFFICE, True),  # the street is the landing party, not the buyer
        ("370102", PurchaserKind.OTHER_DEPARTMENT, True),
        ("3701", PurchaserKind.CIVIL_AFFAIRS, True),
    ],
)
def test_station_purchaser_is_the_district_civil_affairs_bureau(divisions, code, kind, fires):
    station(divisions, code, purchaser_kind=kind)

    assert bool(violations("JN-02", D(2022, 1, 1))) is fires


@pytest.mark.parametrize(
    ("kind", "fires"),
    [
        (OrganizationKind.SOCIAL_WORK_AGENCY, False),
        (OrganizationKind.ENTERPRISE, False),
        (OrganizationKind.FISCAL_MASS_ORGANIZATION, True),
    ],
)
def test_station_provider_is_not_a_fiscally_funded_mass_organisation(divisions, kind, fires):
    station(divisions, provider=OrganizationFactory(kind=kind, division=divisions["370102"]))

    found = violations("JN-02", D(2022, 1, 1))

    assert bool(found) is fires
    if fires:
        assert "财政拨款保障的群团组织（二（二））" in explanation_zh("JN-02", found[0])


def test_jinan_rules_ignore_general_projects_and_shenzhen(divisions):
    ProjectFactory(purchaser_division=divisions["3701"], programme=Programme.GENERAL)
    ProjectFactory(
        purchaser_division=divisions["440304"],
        programme=Programme.STATION,
        purchaser_kind=PurchaserKind.STREET_OFFICE,
    )

    assert violations("JN-02", D(2022, 1, 1)) == []


@pytest.mark.parametrize(("as_of", "fires"), [(D(2021, 2, 3), False), (D(2021, 2, 4), True)])
def test_jinan_rules_apply_from_the_day_the_plan_is_known(divisions, as_of, fires):
    station(divisions, "370102001", purchaser_kind=PurchaserKind.STREET_OFFICE)

    assert bool(violations("JN-02", as_of)) is fires


# JN-10 ----------------------------------------------------------------------------------------------


def test_same_provider_for_hub_and_station_in_one_district(divisions):
    provider = OrganizationFactory(division=divisions["370102"])
    hub = station(divisions, programme=Programme.DISTRICT_HUB, provider=provider)
    post = station(divisions, provider=provider)
    station(divisions, "370112", provider=provider)  # another district: allowed

    found = violations("JN-10", D(2022, 1, 1))

    assert sorted(v.subject.pk for v in found) == sorted([hub.pk, post.pk])
    assert "历下区" in explanation_zh("JN-10", found[0])


@pytest.mark.parametrize(("as_of", "fires"), [(D(2024, 6, 30), True), (D(2024, 7, 1), False)])
def test_hub_and_station_conflict_only_while_both_run(divisions, as_of, fires):
    provider = OrganizationFactory(division=divisions["370102"])
    station(divisions, programme=Programme.DISTRICT_HUB, provider=provider)
    station(divisions, provider=provider, ends_on=D(2027, 6, 30))

    assert bool(violations("JN-10", as_of)) is fires


def test_different_providers_for_hub_and_station_are_fine(divisions):
    station(
        divisions,
        programme=Programme.DISTRICT_HUB,
        provider=OrganizationFactory(division=divisions["370102"]),
    )
    station(divisions, provider=OrganizationFactory(division=divisions["370102"]))

    assert violations("JN-10", D(2022, 1, 1)) == []


# JN-11 and JN-16 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ends_on", "fires"), [(D(2024, 6, 30), False), (D(2024, 6, 29), True), (D(2024, 7, 1), True)]
)
def test_station_contract_runs_three_years(divisions, ends_on, fires):
    ContractFactory(project=station(divisions), starts_on=D(2021, 7, 1), ends_on=ends_on)

    assert bool(violations("JN-11", D(2022, 1, 1))) is fires


def test_station_contract_states_every_required_term(divisions):
    terms = [t for t in ContractTerm.values if t not in {ContractTerm.PRICE, ContractTerm.LIABILITY}]
    ContractFactory(project=station(divisions), terms=terms)

    [violation] = violations("JN-11", D(2022, 1, 1))

    assert violation.inputs["missing"] == ["price", "liability"]
    assert explanation_zh("JN-11", violation) == (
        "合同未写明：价格、违约责任，不符合《济南市街道(镇)社会工作服务站建设实施方案》四（三）的规定。"
    )


@pytest.mark.parametrize(("allowed", "fires"), [(False, False), (True, True)])
def test_station_services_may_not_be_subcontracted(divisions, allowed, fires):
    ContractFactory(project=station(divisions), subcontracting_allowed=allowed)

    assert bool(violations("JN-16", D(2022, 1, 1))) is fires


@pytest.mark.parametrize("rows", [10, 200])
def test_project_rules_query_count_does_not_depend_on_subjects(
    divisions, rows, django_assert_max_num_queries
):
    provider = OrganizationFactory(division=divisions["370102"])
    Project.objects.bulk_create(
        [
            Project(
                name=f"项目{i}",
                purchaser_division=divisions["370102001"],
                programme=Programme.STATION,
                purchaser_kind=PurchaserKind.STREET_OFFICE,
                provider=provider,
                domain="charity",
                starts_on=D(2021, 7, 1),
                ends_on=D(2024, 6, 30),
                headcount=3,
                professional_posts=2,
            )
            for i in range(rows)
        ]
    )

    with django_assert_max_num_queries(3):
        assert len(violations("JN-02", D(2022, 1, 1))) == rows
    with django_assert_max_num_queries(3):
        assert len(violations("JN-10", D(2022, 1, 1))) == 0
