"""Projects API: scoped, 404 outside scope, Chinese errors naming the field, budgets with their check."""

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.procurement.models import Project, ProjectBudget
from shegong.procurement.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PROJECT = {
    "name": "历下区解放路街道社工站项目",
    "programme": "station",
    "purchaser_division": "370102",
    "purchaser_kind": "civil_affairs",
    "domain": "community_building",
    "service_types": ["resource_linking"],
    "headcount": 3,
    "professional_posts": 2,
    "starts_on": "2021-07-01",
    "ends_on": "2024-06-30",
}


def test_list_is_scoped(client, divisions, lixia_officer):
    mine = ProjectFactory(purchaser_division=divisions["370102"])
    ProjectFactory(purchaser_division=divisions["370112"])
    client.force_login(lixia_officer)

    body = client.get("/api/v1/projects/").json()

    assert body["count"] == 1
    assert body["results"][0]["id"] == mine.pk
    assert body["results"][0]["purchaser_division"] == "370102"


def test_detail_outside_scope_is_404(client, divisions, lixia_officer):
    other = ProjectFactory(purchaser_division=divisions["370112"])
    client.force_login(lixia_officer)

    assert client.get(f"/api/v1/projects/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/projects/{other.pk}/compliance/").status_code == 404


def test_create_by_officer(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post("/api/v1/projects/", PROJECT, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["purchaser_division_name"] == "历下区"
    assert Project.objects.get().service_types == ["resource_linking"]


def test_create_with_bad_fields_names_them_in_chinese_and_writes_nothing(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        "/api/v1/projects/",
        {**PROJECT, "domain": "astrology", "name": ""},
        content_type="application/json",
        **ZH,
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"domain", "name"}
    assert "服务领域" in body["detail"] and "项目名称" in body["detail"]
    assert not Project.objects.exists()


def test_service_refusal_names_the_field(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        "/api/v1/projects/",
        {**PROJECT, "purchaser_division": "370112"},
        content_type="application/json",
        **ZH,
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"purchaser_division": ["所选区划不在您的管辖范围内。"]}
    assert not Project.objects.exists()


def test_social_worker_may_not_create(client, divisions):
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102001"]))

    assert client.post("/api/v1/projects/", PROJECT, content_type="application/json").status_code == 403


def test_budget_post_answers_with_the_rules_verdict(client, divisions):
    futian = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    project = ProjectFactory(purchaser_division=divisions["440304"])
    client.force_login(futian)

    response = client.post(
        f"/api/v1/projects/{project.pk}/budgets/",
        {
            "year": 2022,
            "labour_cost": "1300000",
            "supervision_cost": "42000",
            "activity_cost": "100000",
            "management_cost": "0",
            "insurance_tax_cost": "0",
            "training_cost": "0",
            "person_years": "10",
            "supervised_worker_months": 120,
        },
        content_type="application/json",
        **ZH,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["budget"]["total"] == "1442000.00"
    assert [b["spec_id"] for b in body["check"]["breaches"]] == ["SZ-13d"]
    assert body["check"]["breaches"][0]["clause"] == "（十三）"
    assert client.get(f"/api/v1/projects/{project.pk}/budgets/").json()[0]["year"] == 2022


def test_budget_post_with_bad_line_is_refused(client, divisions):
    futian = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    project = ProjectFactory(purchaser_division=divisions["440304"])
    client.force_login(futian)

    response = client.post(
        f"/api/v1/projects/{project.pk}/budgets/",
        {"year": 2022, "labour_cost": "-1"},
        content_type="application/json",
        **ZH,
    )

    assert response.status_code == 400
    assert "人力成本" in response.json()["detail"]
    assert not ProjectBudget.objects.exists()


def test_calculator_api(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    body = client.get(
        "/api/v1/budget-calculator/",
        {
            "posts": 10,
            "professional_posts": 8,
            "domain": "community_building",
            "division": "440304",
            "on": "2022-03-01",
        },
    ).json()

    assert body["total"] == "1630000"
    assert body["budget_lines"]["labour_cost"] == "1385500.00"
    assert body["figures"][0]["clause"] == "（十三）"


def test_calculator_api_refuses_a_lapsed_date(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(
        "/api/v1/budget-calculator/",
        {"posts": 10, "professional_posts": 8, "domain": "charity", "division": "440304", "on": "2026-01-01"},
        **ZH,
    )

    assert response.status_code == 400
    assert "on" in response.json()["errors"]
