"""Organisations API: scoped, 404 outside scope, Chinese errors naming the field."""

import pytest

from shegong.organizations.models import Organization
from shegong.organizations.tests.factories import OrganizationFactory, valid_uscc

pytestmark = pytest.mark.django_db


def test_list_is_scoped(client, divisions, lixia_officer):
    mine = OrganizationFactory(division=divisions["370102"])
    OrganizationFactory(division=divisions["370112"])
    client.force_login(lixia_officer)

    body = client.get("/api/v1/organizations/").json()

    assert body["count"] == 1
    assert body["results"][0]["id"] == mine.pk
    assert body["results"][0]["division_code"] == "370102"


def test_detail_outside_scope_is_404(client, divisions, lixia_officer):
    other = OrganizationFactory(division=divisions["370112"])
    client.force_login(lixia_officer)

    assert client.get(f"/api/v1/organizations/{other.pk}/").status_code == 404


def test_create_with_missing_and_bad_fields_names_them_in_chinese(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        "/api/v1/organizations/",
        {"uscc": "123", "kind": "social_work_agency", "division": "370102"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["name"] == ["该字段是必填项。"]
    assert "名称" in body["detail"]
    assert not Organization.objects.exists()


def test_create_with_invalid_code_is_refused(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        "/api/v1/organizations/",
        {"name": "测试", "uscc": "91370102MA3C0000XX", "kind": "social_work_agency", "division": "370102"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "统一社会信用代码" in response.json()["detail"]
    assert not Organization.objects.exists()


def test_create_by_officer(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        "/api/v1/organizations/",
        {
            "name": "历下阳光社工",
            "uscc": valid_uscc(77),
            "kind": "social_work_agency",
            "division": "370102001",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["division_name"] == "解放路街道"


def test_anonymous_is_refused(client, divisions):
    assert client.get("/api/v1/organizations/").status_code in {401, 403}
