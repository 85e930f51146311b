"""Project pages: scoped list, detail with the policy check, create, budgets checked on save, calculator."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement.models import Project, ProjectBudget
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def futian_officer(divisions):
    return UserFactory(username="futian_officer", role=Role.DISTRICT_OFFICER, division=divisions["440304"])


def test_list_shows_only_the_officers_district(client, divisions, lixia_officer):
    ProjectFactory(name="历下甲项目", purchaser_division=divisions["370102001"])
    ProjectFactory(name="历城乙项目", purchaser_division=divisions["370112"])
    client.force_login(lixia_officer)

    response = client.get(reverse("procurement:project-list"))

    assert response.status_code == 200
    assert "历下甲项目" in response.text
    assert "历城乙项目" not in response.text


def test_organisation_admin_sees_the_projects_it_provides(client, divisions):
    provider = OrganizationFactory(division=divisions["370102"])
    ProjectFactory(name="本机构承接的项目", purchaser_division=divisions["370102"], provider=provider)
    ProjectFactory(name="其他机构的项目", purchaser_division=divisions["370102"])
    client.force_login(UserFactory(role=Role.ORG_ADMIN, organization=provider, division=None))

    response = client.get(reverse("procurement:project-list"))

    assert "本机构承接的项目" in response.text
    assert "其他机构的项目" not in response.text
    assert client.get(reverse("procurement:project-create")).status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, divisions, jinan_officer, rows, django_assert_max_num_queries
):
    provider = OrganizationFactory(division=divisions["370102"])
    for _ in range(rows):
        ProjectBudgetFactory(
            project=ProjectFactory(purchaser_division=divisions["370102"], provider=provider)
        )
    client.force_login(jinan_officer)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("procurement:project-list"))

    assert response.status_code == 200


PROJECT_POST = {
    "name": "福田区南园街道长者服务项目",
    "programme": "general",
    "purchaser_division": "440304",
    "purchaser_kind": "civil_affairs",
    "purchaser_name": "深圳市福田区民政局",
    "domain": "social_welfare",
    "service_types": ["poverty_relief", "emotional_support"],
    "client_groups": ["elderly_in_difficulty"],
    "needs_survey_summary": "入户调查独居老人120户。",
    "headcount": "10",
    "professional_posts": "8",
    "post_ranks": "初级7名，中级3名",
    "service_standards": "每月探访独居老人不少于1次。",
    "performance_indicators": "服务对象满意度不低于90%。",
    "starts_on": "2022-01-01",
    "ends_on": "2024-12-31",
}


def test_create_then_detail(client, divisions, futian_officer):
    client.force_login(futian_officer)

    response = client.post(reverse("procurement:project-create"), PROJECT_POST)

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("procurement:project-detail", args=[project.pk])
    assert project.client_groups == ["elderly_in_difficulty"]
    detail = client.get(response["Location"], **ZH)
    assert "福田区南园街道长者服务项目" in detail.text
    assert "帮困扶弱、情绪疏导" in detail.text


def test_create_with_bad_input_shows_chinese_errors_beside_the_fields(client, divisions, futian_officer):
    client.force_login(futian_officer)

    response = client.post(
        reverse("procurement:project-create"),
        {**PROJECT_POST, "professional_posts": "11", "name": ""},
        **ZH,
    )

    assert response.status_code == 400
    assert 'id="id_name_error"' in response.text
    assert "该字段是必填项。" in response.text
    assert not Project.objects.exists()
    assert not AuditEntry.objects.filter(object_type="procurement.project").exists()


def test_service_error_is_shown_beside_its_field(client, divisions, futian_officer):
    client.force_login(futian_officer)

    response = client.post(
        reverse("procurement:project-create"), {**PROJECT_POST, "professional_posts": "11"}, **ZH
    )

    assert response.status_code == 400
    assert 'id="id_professional_posts_error"' in response.text
    assert "专业岗位数不能超过岗位总数。" in response.text
    assert not Project.objects.exists()


def budget_post(**overrides):
    data = {
        "year": "2022",
        "labour_cost": "1300000",
        "supervision_cost": "42000",
        "activity_cost": "100000",
        "management_cost": "0",
        "insurance_tax_cost": "0",
        "training_cost": "0",
        "person_years": "10",
        "supervised_worker_months": "120",
    }
    data.update(overrides)
    return data


def test_non_compliant_budget_shows_the_clauses_then_a_fix_clears_them(client, divisions, futian_officer):
    """The acceptance journey: an officer submits a bad budget, sees the findings with clause text, fixes it."""
    project = ProjectFactory(
        purchaser_division=divisions["440304"],
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    client.force_login(futian_officer)
    url = reverse("procurement:budget-submit", args=[project.pk])

    response = client.post(url, budget_post(), follow=True, **ZH)

    assert response.status_code == 200
    assert "预算已保存，但违反 1 项条款" in response.text
    assert 'data-testid="breach-SZ-13d"' in response.text
    assert (
        "整体打包费为每人每年 144,200 元，低于《深圳市关于提升社会工作服务水平的若干措施》第（十三）条规定的最低标准"
        in response.text
    )
    assert "16.3万元/人/年" in response.text  # the clause's own text

    response = client.post(
        url + "?year=2022", budget_post(labour_cost="1400000", activity_cost="188000"), follow=True, **ZH
    )

    assert ProjectBudget.objects.get().total == Decimal("1630000")
    assert "预算已保存，符合全部预算规则。" in response.text
    assert 'data-testid="breach-SZ-13' not in response.text
    assert 'data-testid="breach-SZ-06b"' not in response.text


def test_budget_with_bad_input_is_refused_and_nothing_written(client, divisions, futian_officer):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    client.force_login(futian_officer)

    response = client.post(
        reverse("procurement:budget-submit", args=[project.pk]),
        budget_post(labour_cost="-5", year="2030"),
        **ZH,
    )

    assert response.status_code == 400
    assert 'id="id_labour_cost_error"' in response.text
    assert not ProjectBudget.objects.exists()


def test_budget_year_outside_the_term_is_named(client, divisions, futian_officer):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    client.force_login(futian_officer)

    response = client.post(
        reverse("procurement:budget-submit", args=[project.pk]), budget_post(year="2030"), **ZH
    )

    assert response.status_code == 400
    assert "预算年度须在项目期限内（2021—2023）。" in response.text
    assert not ProjectBudget.objects.exists()


def test_detail_outside_jurisdiction_is_404(client, divisions, lixia_officer):
    other = ProjectFactory(purchaser_division=divisions["370112"])
    client.force_login(lixia_officer)

    assert client.get(reverse("procurement:project-detail", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("procurement:budget-submit", args=[other.pk]), budget_post()).status_code == 404
    )
    assert not ProjectBudget.objects.exists()


def test_detail_query_count_is_bounded(client, divisions, futian_officer, django_assert_max_num_queries):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    for year in (2021, 2022, 2023):
        ProjectBudgetFactory(project=project, year=year)
    client.force_login(futian_officer)

    # + posts, contract evaluations, renewal rewards and the payment ledger (one query each)
    with django_assert_max_num_queries(44):
        response = client.get(reverse("procurement:project-detail", args=[project.pk]))

    assert response.status_code == 200


def test_calculator_page_shows_the_minimum_with_clauses(client, divisions, futian_officer):
    client.force_login(futian_officer)

    response = client.get(
        reverse("procurement:budget-calculator"),
        {
            "posts": 10,
            "professional_posts": 8,
            "domain": "mental_health",
            "division": "440304",
            "on": "2022-03-01",
            "months": 12,
        },
        **ZH,
    )

    assert response.status_code == 200
    assert "最低预算：1,690,000.00 元" in response.text
    assert "高风险领域整体打包费最低标准" in response.text


def test_calculator_outside_shenzhen_names_the_field(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(
        reverse("procurement:budget-calculator"),
        {
            "posts": 10,
            "professional_posts": 8,
            "domain": "charity",
            "division": "370102",
            "on": "2022-03-01",
            "months": 12,
        },
        **ZH,
    )

    assert response.status_code == 400
    assert 'id="id_division_error"' in response.text
