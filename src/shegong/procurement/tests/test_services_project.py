"""Registering projects, submitting budgets, contracts and evaluations: validated, scoped, audited."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement import selectors, services
from shegong.procurement.domains import ClientGroup, ServiceDomain, ServiceType
from shegong.procurement.models import (
    Contract,
    Evaluation,
    EvaluationGrade,
    EvaluationKind,
    Project,
    ProjectBudget,
)
from shegong.procurement.tests.factories import ContractFactory, ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def create(actor, division, **overrides):
    fields = {
        "name": "历下区解放路街道社会工作服务站项目",
        "purchaser_division": division,
        "domain": ServiceDomain.COMMUNITY_BUILDING,
        "service_types": [ServiceType.RESOURCE_LINKING, ServiceType.POVERTY_RELIEF],
        "client_groups": [ClientGroup.DIBAO],
        "headcount": 3,
        "professional_posts": 2,
        "starts_on": D(2022, 1, 1),
        "ends_on": D(2024, 12, 31),
    }
    fields.update(overrides)
    return services.project_create(actor=actor, **fields)


def test_create_writes_the_project_and_an_audit_entry(divisions, lixia_officer):
    project = create(lixia_officer, divisions["370102"])

    assert Project.objects.get() == project
    assert project.service_types == ["poverty_relief", "resource_linking"]  # vocabulary order
    entry = AuditEntry.objects.get(object_type="procurement.project")
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == lixia_officer
    assert entry.after["name"] == "历下区解放路街道社会工作服务站项目"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"purchaser_division": "370112"}, "purchaser_division", "所选区划不在您的管辖范围内。"),
        (
            {"purchaser_division": "370102001002"},
            "purchaser_division",
            "购买主体须为市、区（县）或街道（镇）。",
        ),
        ({"professional_posts": 4}, "professional_posts", "专业岗位数不能超过岗位总数。"),
        ({"ends_on": D(2022, 1, 1)}, "ends_on", "结束日期必须晚于开始日期。"),
        ({"service_types": ["astrology"]}, "service_types", "无效的取值：astrology。"),
    ],
)
def test_bad_input_is_refused_in_chinese_naming_the_field_and_nothing_is_written(
    divisions, lixia_officer, overrides, field, message
):
    if "purchaser_division" in overrides:
        overrides["purchaser_division"] = divisions[overrides["purchaser_division"]]

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        create(lixia_officer, divisions["370102"], **overrides)

    assert exc.value.message_dict[field] == [message]
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_provider_from_another_city_is_refused(divisions, lixia_officer):
    shenzhen_agency = OrganizationFactory(division=divisions["440304"])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        create(lixia_officer, divisions["370102"], provider=shenzhen_agency)

    assert exc.value.message_dict["provider"] == ["承接主体须为在本市登记的社会组织。"]


def test_update_records_before_and_after(divisions, lixia_officer):
    project = ProjectFactory(purchaser_division=divisions["370102"], headcount=3, professional_posts=2)

    services.project_update(actor=lixia_officer, project=project, headcount=5)

    entry = AuditEntry.objects.get()
    assert (entry.before["headcount"], entry.after["headcount"]) == (3, 5)


BUDGET = {
    "labour_cost": Decimal("1445000"),
    "supervision_cost": Decimal("42000"),
    "activity_cost": Decimal("213000"),
    "management_cost": Decimal("0"),
    "insurance_tax_cost": Decimal("0"),
    "training_cost": Decimal("0"),
    "person_years": Decimal("10"),
    "supervised_worker_months": 120,
}


def test_budget_submit_creates_then_replaces_the_year(divisions, system_admin):
    project = ProjectFactory(purchaser_division=divisions["440304"])

    first = services.project_budget_submit(actor=system_admin, project=project, year=2022, **BUDGET)
    second = services.project_budget_submit(
        actor=system_admin, project=project, year=2022, **{**BUDGET, "labour_cost": Decimal("1000000")}
    )

    assert first.pk == second.pk
    assert ProjectBudget.objects.get().labour_cost == Decimal("1000000")
    create_entry, update_entry = AuditEntry.objects.filter(object_type="procurement.projectbudget").order_by(
        "pk"
    )
    assert create_entry.action == AuditEntry.Action.CREATE
    assert update_entry.before["labour_cost"] == "1445000.00"
    assert update_entry.after["labour_cost"] == "1000000"


def test_budget_year_outside_the_term_is_refused(divisions, system_admin):
    project = ProjectFactory(purchaser_division=divisions["440304"])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.project_budget_submit(actor=system_admin, project=project, year=2024, **BUDGET)

    assert exc.value.message_dict["year"] == ["预算年度须在项目期限内（2021—2023）。"]
    assert not ProjectBudget.objects.exists()


def test_budget_check_explains_the_clauses_broken(divisions, system_admin):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    budget = services.project_budget_submit(
        actor=system_admin,
        project=project,
        year=2022,
        **{**BUDGET, "labour_cost": Decimal("1000000"), "activity_cost": Decimal("400000")},
    )

    with translation.override("zh-hans"):
        report = selectors.budget_check(budget=budget)

    assert [b.spec_id for b in report.breaches] == ["SZ-13c", "SZ-13d"]
    assert report.breaches[0].explanation == (
        "人力成本占比 69.3%，低于《深圳市关于提升社会工作服务水平的若干措施》第（十三）条规定的 85%。"
    )
    assert report.breaches[1].explanation == (
        "整体打包费为每人每年 144,200 元，低于《深圳市关于提升社会工作服务水平的若干措施》第（十三）条规定的最低标准 "
        "163,000 元。"
    )
    assert "16.3万元/人/年" in report.breaches[1].clause_text
    assert report.breaches[1].clause == "（十三）"


def test_budget_after_the_measures_lapsed_is_not_checked_and_says_so(divisions, system_admin):
    project = ProjectFactory(
        purchaser_division=divisions["440304"], starts_on=D(2025, 1, 1), ends_on=D(2027, 12, 31)
    )
    budget = ProjectBudgetFactory(project=project, year=2026, labour_cost=Decimal("1"))

    with translation.override("zh-hans"):
        report = selectors.budget_check(budget=budget)

    assert report.breaches == []
    assert report.rules_applied == []
    [note] = report.not_applied
    assert note.as_of == D(2026, 1, 1)
    assert "2025年11月11日" in note.status


# Evaluations (SZ-14a, JN-14) -------------------------------------------------------------------------


def test_second_evaluation_of_the_same_cycle_is_refused_in_chinese(divisions, lixia_officer):
    project = ProjectFactory(purchaser_division=divisions["370102"])
    services.evaluation_record(
        actor=lixia_officer,
        project=project,
        kind=EvaluationKind.PERFORMANCE,
        period=1,
        evaluated_on=D(2023, 10, 1),
        grade=EvaluationGrade.GOOD,
    )

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.evaluation_record(
            actor=lixia_officer,
            project=project,
            kind=EvaluationKind.PERFORMANCE,
            period=1,
            evaluated_on=D(2023, 11, 1),
            grade=EvaluationGrade.EXCELLENT,
        )

    assert exc.value.message_dict["period"] == ["该项目第1个购买周期已经评估，不得重复评估（SZ-14a）。"]
    assert Evaluation.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="procurement.evaluation").count() == 1


def test_next_cycle_may_be_evaluated(divisions, lixia_officer):
    project = ProjectFactory(purchaser_division=divisions["370102"])
    for period in (1, 2):
        services.evaluation_record(
            actor=lixia_officer,
            project=project,
            kind=EvaluationKind.PERFORMANCE,
            period=period,
            evaluated_on=D(2023, 10, period),
            grade=EvaluationGrade.GOOD,
        )

    assert Evaluation.objects.count() == 2


def test_unqualified_yearly_evaluation_terminates_the_contract(divisions, lixia_officer):
    project = ProjectFactory(
        purchaser_division=divisions["370102"], starts_on=D(2021, 7, 1), ends_on=D(2024, 6, 30)
    )
    contract = ContractFactory(project=project)

    services.evaluation_record(
        actor=lixia_officer,
        project=project,
        kind=EvaluationKind.YEARLY,
        period=2022,
        evaluated_on=D(2022, 12, 20),
        grade=EvaluationGrade.UNQUALIFIED,
    )

    contract.refresh_from_db()
    assert contract.terminated_on == D(2022, 12, 20)
    entry = AuditEntry.objects.get(object_type="procurement.contract")
    assert entry.action == AuditEntry.Action.TRANSITION


def test_qualified_yearly_evaluation_keeps_the_contract(divisions, lixia_officer):
    project = ProjectFactory(
        purchaser_division=divisions["370102"], starts_on=D(2021, 7, 1), ends_on=D(2024, 6, 30)
    )
    ContractFactory(project=project)

    services.evaluation_record(
        actor=lixia_officer,
        project=project,
        kind=EvaluationKind.YEARLY,
        period=2022,
        evaluated_on=D(2022, 12, 20),
        grade=EvaluationGrade.QUALIFIED,
    )

    assert Contract.objects.get().terminated_on is None


def test_unqualified_without_a_contract_is_refused_and_nothing_is_written(divisions, lixia_officer):
    project = ProjectFactory(purchaser_division=divisions["370102"])

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.evaluation_record(
            actor=lixia_officer,
            project=project,
            kind=EvaluationKind.YEARLY,
            period=2022,
            evaluated_on=D(2022, 12, 20),
            grade=EvaluationGrade.UNQUALIFIED,
        )

    assert exc.value.message_dict["grade"] == ["年度评估不合格须终止项目合同，但该项目没有可终止的合同。"]
    assert not Evaluation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_stale_edit_of_a_project_is_refused_and_the_first_edit_stays(client, divisions, lixia_officer):
    """Issue 12, optimistic locking: two officers open the edit form; the second save is refused."""
    import re

    from django.urls import reverse

    from shegong.common.locking import StaleEditError, edit_version

    project = ProjectFactory(purchaser_division=divisions["370102"], headcount=3, professional_posts=2)
    client.force_login(lixia_officer)
    page = client.get(reverse("procurement:project-update", args=[project.pk])).content.decode()
    drawn = re.search(r'name="edit_version" value="([^"]+)"', page).group(1)
    assert drawn == edit_version(project)

    services.project_update(
        actor=lixia_officer, project=Project.objects.get(pk=project.pk), expected_version=drawn, headcount=4
    )
    with translation.override("zh-hans"), pytest.raises(StaleEditError) as refused:
        services.project_update(
            actor=lixia_officer,
            project=Project.objects.get(pk=project.pk),
            expected_version=drawn,
            headcount=5,
        )

    assert "已被他人保存" in refused.value.messages[0]
    project.refresh_from_db()
    assert project.headcount == 4
