"""/api/v1/users/: read only, scoped, filters, 404 out of scope, bounded queries."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from shegong.accounts.models import Role, User
from shegong.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _usernames(response) -> list[str]:
    return [row["username"] for row in response.json()["results"]]


def test_url_names():
    assert reverse("api:user-list") == "/api/v1/users/"
    assert reverse("api:user-detail", args=[7]) == "/api/v1/users/7/"


def test_officer_lists_their_jurisdiction_with_filters(
    api, jinan_officer, lixia_officer, licheng_officer, divisions
):
    UserFactory(username="town_a", role=Role.TOWN_OFFICER, division=divisions["370102001"])
    UserFactory(username="futian", role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    api.force_authenticate(jinan_officer)

    assert _usernames(api.get("/api/v1/users/")) == [
        "jinan_officer",
        "licheng_officer",
        "lixia_officer",
        "town_a",
    ]
    assert _usernames(api.get("/api/v1/users/", {"role": "district_officer"})) == [
        "licheng_officer",
        "lixia_officer",
    ]
    assert _usernames(api.get("/api/v1/users/", {"division": "370102"})) == ["lixia_officer", "town_a"]


def test_detail_out_of_scope_is_404(api, lixia_officer, licheng_officer):
    api.force_authenticate(lixia_officer)

    assert api.get(f"/api/v1/users/{lixia_officer.pk}/").json()["role_label"] == "区县民政工作人员"
    assert api.get(f"/api/v1/users/{licheng_officer.pk}/").status_code == 404


def test_users_api_is_read_only(api, system_admin, lixia_officer):
    api.force_authenticate(system_admin)

    assert api.post("/api/v1/users/", {"username": "x"}).status_code == 405
    assert api.patch(f"/api/v1/users/{lixia_officer.pk}/", {"full_name": "x"}).status_code == 405
    assert api.delete(f"/api/v1/users/{lixia_officer.pk}/").status_code == 405
    assert User.objects.filter(pk=lixia_officer.pk, full_name="x").exists() is False


def test_social_worker_is_refused(api):
    api.force_authenticate(UserFactory(role=Role.SOCIAL_WORKER))

    assert api.get("/api/v1/users/").status_code == 403


def test_list_query_count_does_not_grow_with_rows(
    api, system_admin, divisions, django_assert_max_num_queries
):
    from shegong.organizations.tests.factories import OrganizationFactory

    api.force_authenticate(system_admin)
    for _ in range(25):
        organization = OrganizationFactory(division=divisions["370102"])
        UserFactory(role=Role.ORG_ADMIN, division=divisions["370102001"], organization=organization)

    # count + one page of rows with division and organisation joined
    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/users/")
    assert response.json()["count"] == 26
