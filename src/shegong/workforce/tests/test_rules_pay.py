"""Rules on ranks and pay (SZ-06c, SZ-06d, SM-09, SM-10, HZ-06): boundaries, dates, scope, cost."""

import datetime
from decimal import Decimal

import pytest

from shegong.geo.tests.factories import make_division
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.workforce.models import (
    CertificateLevel,
    CertificateSubsidy,
    PayRecord,
    Rank,
    SocialInsuranceRecord,
)
from shegong.workforce.tests.factories import (
    CertificateFactory,
    PractitionerFactory,
    guide_with,
    make_id_number,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 6, 30)
COMMUNITY = "community_building"
MENTAL = "mental_health"
MAY = datetime.date(2022, 5, 1)


def fired(spec_id, as_of=AS_OF):
    return [v.subject for v in evaluate_rule(get_rule(spec_id), as_of=as_of).violations]


def explained(spec_id, as_of=AS_OF):
    result = evaluate_rule(get_rule(spec_id), as_of=as_of)
    return rows_for(RuleResult(rule=result.rule, in_force=True, violations=result.violations, checked=None))


def pay(person, amount, *, month=MAY, rank=Rank.SOCIAL_WORKER, domain=COMMUNITY, employer=None):
    return PayRecord.objects.create(
        practitioner=person,
        month=month,
        employer=employer or OrganizationFactory(name="福田社工服务中心", division=person.division),
        rank=rank,
        domain=domain,
        gross_pay=Decimal(amount),
    )


def insurance(person, *, month=MAY, employer=None, **fields):
    values = dict(pension=True, medical=True, unemployment=True, work_injury=True, housing_fund=True)
    values.update(fields)
    return SocialInsuranceRecord.objects.create(
        practitioner=person,
        month=month,
        employer=employer or OrganizationFactory(name="三元社工站", division=person.division),
        **values,
    )


@pytest.fixture
def city(divisions):
    return divisions["4403"]


# SZ-06c: the guide in force is revised every 3 years ----------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        (datetime.date(2023, 12, 31), False),  # the day before 3 years have passed
        (datetime.date(2024, 1, 1), True),  # 3 years to the day
        (datetime.date(2024, 1, 2), True),
    ],
)
def test_guide_older_than_3_years_is_a_finding(cities, city, as_of, fires):
    guide = guide_with(city, {}, effective_from=datetime.date(2021, 1, 1))

    assert fired("SZ-06c", as_of) == ([guide] if fires else [])


def test_a_newer_guide_in_force_replaces_the_old_one(cities, city):
    guide_with(city, {}, effective_from=datetime.date(2018, 1, 1))
    newer = guide_with(city, {}, effective_from=datetime.date(2022, 1, 1), title="2022年指导价")

    assert fired("SZ-06c", datetime.date(2021, 12, 31)) != []  # the 2018 guide, older than 3 years
    assert fired("SZ-06c", datetime.date(2022, 1, 1)) == []
    assert fired("SZ-06c", datetime.date(2025, 1, 1)) == [newer]


def test_guide_age_finding_cites_clause_six(cities, city):
    guide_with(city, {}, effective_from=datetime.date(2021, 1, 1), title="深圳市薪酬指导价位表")

    [row] = explained("SZ-06c", datetime.date(2024, 3, 1))

    assert row.explanation_zh == (
        "薪酬指导价“深圳市薪酬指导价位表”自2021-01-01起施行；《深圳市关于提升社会工作服务水平的若干措施》第（六）条"
        "规定薪酬指导价每3年调整一次，应于2024-01-01前修订。"
    )
    assert row.parameters == {"salary_guide_revision_interval": 3}
    assert (row.measured, row.threshold) == ("2021-01-01", "2024-01-01")


def test_guides_outside_shenzhen_are_not_checked(cities, divisions):
    guide_with(divisions["3701"], {}, effective_from=datetime.date(2010, 1, 1))

    assert fired("SZ-06c") == []


# SZ-06d: pay below the guide ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fires"), [("7999.99", True), ("7000", True), ("8000", False), ("9000", False)]
)
def test_pay_below_the_guide_is_a_finding(cities, city, amount, fires):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000})
    person = PractitionerFactory(division=cities["shenzhen"])
    pay(person, amount)

    assert fired("SZ-06d") == ([person] if fires else [])


def test_pay_is_compared_with_the_rank_and_domain_paid_for(cities, city):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000, (Rank.SOCIAL_WORKER, MENTAL): 8500})
    person = PractitionerFactory(division=cities["shenzhen"])
    pay(person, "8200", domain=MENTAL)

    [violation] = evaluate_rule(get_rule("SZ-06d"), as_of=AS_OF).violations
    assert (violation.measured, violation.threshold) == (Decimal("8200"), Decimal("8500"))


@pytest.mark.parametrize(
    ("month", "fires"), [(datetime.date(2021, 12, 1), False), (datetime.date(2022, 1, 1), True)]
)
def test_pay_month_uses_the_guide_in_force_on_its_first_day(cities, city, month, fires):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 7000}, effective_from=datetime.date(2020, 1, 1))
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000}, effective_from=datetime.date(2022, 1, 1))
    person = PractitionerFactory(division=cities["shenzhen"])
    pay(person, "7500", month=month)

    assert fired("SZ-06d") == ([person] if fires else [])


def test_only_the_latest_month_counts_and_a_later_record_clears_it(cities, city):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000})
    person = PractitionerFactory(division=cities["shenzhen"])
    employer = OrganizationFactory(division=cities["shenzhen"])
    pay(person, "7000", month=datetime.date(2022, 4, 1), employer=employer)
    assert fired("SZ-06d") == [person]

    pay(person, "8000", month=MAY, employer=employer)

    assert fired("SZ-06d") == []
    assert fired("SZ-06d", datetime.date(2022, 4, 30)) == [person]  # as of April, May is not yet paid


def test_no_guide_or_no_cell_means_nothing_to_compare(cities, city):
    person = PractitionerFactory(division=cities["shenzhen"])
    pay(person, "100")
    assert fired("SZ-06d") == []

    guide_with(city, {(Rank.SUPERVISOR, COMMUNITY): 12000})
    assert fired("SZ-06d") == []


def test_pay_finding_explains_the_shortfall_with_the_clause(cities, city):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000}, title="深圳示例指导价")
    person = PractitionerFactory(division=cities["shenzhen"], name="王芳")
    pay(person, "7500")

    [row] = explained("SZ-06d")

    assert row.explanation_zh == (
        "王芳 2022-05 由福田社工服务中心按“社工”职级、“社区建设”领域发放工资 7,500 元，低于薪酬指导价"
        "“深圳示例指导价”的 8,000 元；《深圳市关于提升社会工作服务水平的若干措施》第（六）条规定不得克扣、截留从业人员薪酬。"
    )


def test_pay_rule_costs_the_same_for_10_and_100_practitioners(cities, city, django_assert_max_num_queries):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000})
    employer = OrganizationFactory(division=cities["shenzhen"])
    for n in range(100):
        person = PractitionerFactory(division=cities["shenzhen"], id_number=make_id_number(n))
        pay(person, "7000", employer=employer)

    with django_assert_max_num_queries(6):
        assert len(fired("SZ-06d")) == 100


# SM-09: Sanming certificate subsidies -----------------------------------------------------------------


def sanming_worker(cities, n=1, **fields):
    fields.setdefault("community_worker", True)
    return PractitionerFactory(
        division=cities["sanming"], id_number=make_id_number(n, area="350403"), **fields
    )


def subsidy(person, amount, *, month=MAY, level=CertificateLevel.ASSISTANT, stacked=False):
    return CertificateSubsidy.objects.create(
        practitioner=person, month=month, level=level, amount=Decimal(amount), title_subsidy_paid=stacked
    )


@pytest.mark.parametrize(
    ("level", "amount", "fires"),
    [
        (CertificateLevel.ASSISTANT, "60", False),
        (CertificateLevel.ASSISTANT, "59", True),
        (CertificateLevel.ASSISTANT, "61", True),
        (CertificateLevel.INTERMEDIATE, "120", False),
        (CertificateLevel.INTERMEDIATE, "60", True),
        (CertificateLevel.SENIOR, "180", False),
        (CertificateLevel.SENIOR, "179", True),
    ],
)
def test_subsidy_amount_follows_the_highest_certificate(cities, level, amount, fires):
    person = sanming_worker(cities)
    CertificateFactory(practitioner=person, level=level, issued_on=datetime.date(2020, 1, 1))
    subsidy(person, amount, level=level)

    assert fired("SM-09") == ([person] if fires else [])


def test_subsidy_not_stacked_with_the_title_subsidy(cities):
    person = sanming_worker(cities)
    CertificateFactory(practitioner=person, issued_on=datetime.date(2020, 1, 1))
    subsidy(person, "60", stacked=True)

    [row] = explained("SM-09")
    assert "stacked" in row.explanation_en


@pytest.mark.parametrize(
    ("issued_on", "fires"), [(datetime.date(2022, 5, 1), False), (datetime.date(2022, 5, 2), True)]
)
def test_subsidy_needs_the_certificate_on_the_first_day_of_the_month(cities, issued_on, fires):
    person = sanming_worker(cities)
    CertificateFactory(practitioner=person, issued_on=issued_on)
    subsidy(person, "60")

    assert fired("SM-09") == ([person] if fires else [])


def test_subsidy_to_a_worker_outside_communities_is_wrong(cities):
    person = sanming_worker(cities, community_worker=False)
    CertificateFactory(practitioner=person, issued_on=datetime.date(2020, 1, 1))
    subsidy(person, "60")

    [row] = explained("SM-09")
    assert row.threshold == "0"
    assert "community" in row.explanation_en


def test_subsidy_finding_in_chinese(cities):
    person = sanming_worker(cities, name="陈静")
    CertificateFactory(
        practitioner=person, level=CertificateLevel.INTERMEDIATE, issued_on=datetime.date(2020, 1, 1)
    )
    subsidy(person, "60", level=CertificateLevel.INTERMEDIATE, stacked=True)

    [row] = explained("SM-09")
    assert row.explanation_zh == (
        "陈静 2022-05 领取持证补贴 60 元（与社区工作职称补贴重复享受；“社会工作师”证书对应 120 元）；"
        "《关于加强社会工作专业人才队伍建设的实施办法》二（四）1规定每月 120 元，且不与社区工作职称补贴重复享受。"
    )
    assert row.parameters == {"certificate_subsidy_intermediate": 120}


def test_subsidies_outside_sanming_are_not_checked(cities):
    person = PractitionerFactory(division=cities["shenzhen"], community_worker=True)
    subsidy(person, "999")

    assert fired("SM-09") == []


# SM-10: social insurance in full and on time (Sanming) ----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "fires"),
    [
        ({}, False),
        ({"housing_fund": False}, False),  # the housing fund is not a social insurance
        ({"medical": False}, True),
        ({"pension": False}, True),
        ({"unemployment": False}, True),
        ({"work_injury": False}, True),
        ({"paid_in_full": False}, True),
        ({"paid_on_time": False}, True),
    ],
)
def test_sanming_employers_pay_social_insurance_in_full_and_on_time(cities, fields, fires):
    person = sanming_worker(cities)
    insurance(person, **fields)

    assert fired("SM-10") == ([person] if fires else [])


def test_social_insurance_finding_in_chinese(cities):
    person = sanming_worker(cities, name="杨帆")
    insurance(person, medical=False, unemployment=False, paid_on_time=False)

    [row] = explained("SM-10")
    assert row.explanation_zh == (
        "2022-05，三元社工站未按规定为杨帆缴纳社会保险（未缴：医疗保险、失业保险；未按时缴纳）；"
        "《关于加强社会工作专业人才队伍建设的实施办法》二（四）1规定用人单位须按时足额缴纳社会保险费。"
    )


# HZ-06: Huizhou pay per the county measures with full social insurance -----------------------------


@pytest.fixture
def huizhou_guide(cities):
    return guide_with(make_division("4413"), {(Rank.SOCIAL_WORKER, COMMUNITY): 5000})


@pytest.mark.parametrize(("amount", "fires"), [("4999", True), ("5000", False)])
def test_huizhou_pay_below_the_guide_is_a_finding(cities, huizhou_guide, amount, fires):
    person = PractitionerFactory(division=cities["huizhou"], id_number=make_id_number(5, area="441302"))
    pay(person, amount)
    insurance(person)

    assert fired("HZ-06") == ([person] if fires else [])


@pytest.mark.parametrize(
    "scheme", ["pension", "medical", "unemployment", "work_injury", "housing_fund", "paid_in_full"]
)
def test_huizhou_requires_four_insurances_and_the_housing_fund(cities, scheme):
    person = PractitionerFactory(division=cities["huizhou"], id_number=make_id_number(6, area="441302"))
    insurance(person, **{scheme: False})

    assert fired("HZ-06") == [person]


def test_huizhou_finding_lists_every_problem_once(cities, huizhou_guide):
    person = PractitionerFactory(
        division=cities["huizhou"], name="赵磊", id_number=make_id_number(7, area="441302")
    )
    pay(person, "4800")
    insurance(person, housing_fund=False)

    [row] = explained("HZ-06")
    assert row.explanation_zh == (
        "赵磊：2022-05 工资 4,800 元，低于薪酬指导价 5,000 元；2022-05：未缴：住房公积金；"
        "《“惠州市兜底民生服务社会工作双百工程”实施方案》四（三）一规定按县（区）薪酬待遇管理办法发放薪酬，"
        "并落实“四险一金”社会保障待遇。"
    )


def test_huizhou_rule_leaves_other_cities_alone(cities, city):
    guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 8000})
    person = PractitionerFactory(division=cities["shenzhen"])
    pay(person, "100")
    insurance(person, housing_fund=False)

    assert fired("HZ-06") == []


@pytest.mark.parametrize("spec_id", ["SM-09", "SM-10", "HZ-06", "SZ-06c"])
def test_pay_rules_cost_a_bounded_number_of_queries(cities, spec_id, django_assert_max_num_queries):
    huizhou = make_division("4413")
    guide_with(huizhou, {(Rank.SOCIAL_WORKER, COMMUNITY): 5000})
    for n in range(60):
        for city, area in (("sanming", "350403"), ("huizhou", "441302")):
            person = PractitionerFactory(
                division=cities[city], community_worker=True, id_number=make_id_number(n, area=area)
            )
            subsidy(person, "61")
            insurance(person, medical=False)
            pay(person, "100")

    with django_assert_max_num_queries(8):
        found = fired(spec_id)

    assert len(found) == {"SM-09": 60, "SM-10": 60, "HZ-06": 60, "SZ-06c": 0}[spec_id]
