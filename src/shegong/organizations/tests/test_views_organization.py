"""Organisation pages: scoped lists, 404 outside the jurisdiction, Chinese field errors."""

import pytest
from django.urls import reverse

from shegong.organizations.models import Organization
from shegong.organizations.tests.factories import OrganizationFactory, valid_uscc

pytestmark = pytest.mark.django_db


def test_list_shows_only_the_officers_district(client, divisions, lixia_officer):
    OrganizationFactory(name="历下甲机构", division=divisions["370102001"])
    OrganizationFactory(name="历城乙机构", division=divisions["370112"])
    client.force_login(lixia_officer)

    response = client.get(reverse("organizations:organization-list"))

    assert response.status_code == 200
    assert "历下甲机构" in response.text
    assert "历城乙机构" not in response.text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, divisions, jinan_officer, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        OrganizationFactory(division=divisions["370102"])
    client.force_login(jinan_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("organizations:organization-list"))

    assert response.status_code == 200


def test_detail_outside_jurisdiction_is_404(client, divisions, lixia_officer):
    other = OrganizationFactory(division=divisions["370112"])
    client.force_login(lixia_officer)

    response = client.get(reverse("organizations:organization-detail", args=[other.pk]))

    assert response.status_code == 404


def test_create_with_bad_code_shows_chinese_error_beside_the_field(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("organizations:organization-create"),
        {"name": "测试机构", "uscc": "123", "kind": "social_work_agency", "division": "370102"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "统一社会信用代码无效" in response.text
    assert 'id="id_uscc_error"' in response.text
    assert not Organization.objects.exists()


def test_create_then_detail(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("organizations:organization-create"),
        {
            "name": "历下阳光社工",
            "uscc": valid_uscc(5),
            "kind": "social_work_agency",
            "division": "370102001",
        },
    )

    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:organization-detail", args=[organization.pk])
    assert organization.division_id == "370102001"


def test_social_worker_may_not_register(client, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102001"])
    client.force_login(worker)

    assert client.get(reverse("organizations:organization-create")).status_code == 403
