"""What-if: changed parameters show who would newly fail or pass; nothing is written."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.policy.models import Finding, ScanRun
from shegong.policy.whatif import what_if
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2022, 6, 30)
SZ = "shenzhen-2020-measures"


@pytest.fixture
def budgets(divisions):
    def make(name, total):
        project = ProjectFactory(name=name, purchaser_division=divisions["440304"])
        return ProjectBudgetFactory(
            project=project, person_years=Decimal("10"), **budget_with(total, Decimal("0.9"))
        )

    return {
        "at_165k": make("每人16.5万项目", Decimal("1650000")),
        "at_171k": make("每人17.1万项目", Decimal("1710000")),
        "at_160k": make("每人16万项目", Decimal("1600000")),
    }


def test_raising_the_floor_to_170000_shows_who_newly_fails(budgets):
    result = what_if(changes={(SZ, "package_fee_floor"): Decimal("170000")}, as_of=IN_FORCE, within="440304")

    assert result.rules == ["SZ-13d"]
    assert [row.subject_repr for row in result.newly_failing] == ["每人16.5万项目 2022"]
    assert result.newly_passing == []
    assert result.still_failing == 1
    assert "170,000" in result.newly_failing[0].explanation_zh
    assert not Finding.objects.exists() and not ScanRun.objects.exists()


def test_lowering_the_floor_shows_who_newly_passes(budgets):
    result = what_if(changes={(SZ, "package_fee_floor"): Decimal("155000")}, as_of=IN_FORCE, within="440304")

    assert [row.subject_repr for row in result.newly_passing] == ["每人16万项目 2022"]


def test_what_if_page_for_an_officer(client, divisions, budgets):
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    client.force_login(officer)

    page = client.get(reverse("policy:what-if"))
    response = client.post(
        reverse("policy:what-if"),
        {"on": "2022-06-30", f"p__{SZ}__package_fee_floor": "170000"},
    )

    assert page.status_code == 200
    assert response.status_code == 200
    assert "每人16.5万项目" in response.text
    assert not Finding.objects.exists()


def test_what_if_page_rejects_non_numbers_in_chinese(client, divisions, budgets):
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    client.force_login(officer)

    response = client.post(
        reverse("policy:what-if"),
        {"on": "2022-06-30", f"p__{SZ}__package_fee_floor": "很多"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "输入一个数字" in response.text


def test_what_if_is_closed_to_social_workers(client, divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["440304"])
    client.force_login(worker)

    assert client.get(reverse("policy:what-if")).status_code == 403
