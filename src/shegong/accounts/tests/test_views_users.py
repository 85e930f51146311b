"""Account pages: scoped lists with bounded queries, out-of-scope answers 404, create with errors beside fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.accounts.models import Role, User
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST_URL = "/accounts/users/"
CREATE_URL = "/accounts/users/new/"


def _usernames(response) -> list[str]:
    return [u.username for u in response.context["page_obj"]]


def test_list_needs_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_district_officer_lists_accounts_of_their_district_only(
    client, login, lixia_officer, licheng_officer, divisions
):
    UserFactory(username="town_a", role=Role.TOWN_OFFICER, division=divisions["370102001"])
    UserFactory(username="town_b", role=Role.TOWN_OFFICER, division=divisions["370112001"])
    login(lixia_officer)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page_title"] == "用户"
    assert _usernames(response) == ["lixia_officer", "town_a"]


def test_list_filters_by_role_and_division(client, login, jinan_officer, lixia_officer, divisions):
    UserFactory(username="town_a", role=Role.TOWN_OFFICER, division=divisions["370102001"])
    UserFactory(username="eval_b", role=Role.EVALUATOR, division=divisions["370112"])
    login(jinan_officer)

    assert _usernames(client.get(LIST_URL, {"role": "town_officer"})) == ["town_a"]
    assert _usernames(client.get(LIST_URL, {"division": "370102"})) == ["lixia_officer", "town_a"]


def test_social_worker_may_not_open_the_list(client, login):
    login(UserFactory(role=Role.SOCIAL_WORKER))

    assert client.get(LIST_URL).status_code == 403


def test_list_query_count_does_not_grow_with_rows(
    client, login, system_admin, divisions, django_assert_max_num_queries
):
    from shegong.organizations.tests.factories import OrganizationFactory

    login(system_admin)

    def add(n):
        for _ in range(n):
            organization = OrganizationFactory(division=divisions["370102"])
            UserFactory(role=Role.ORG_ADMIN, division=divisions["370102001"], organization=organization)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST_URL).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    few = count()
    add(20)
    with django_assert_max_num_queries(few):
        response = client.get(LIST_URL)
    assert len(response.context["page_obj"]) == 23


def test_detail_in_scope(client, login, lixia_officer, divisions):
    other = UserFactory(
        username="town_a", full_name="王五", role=Role.TOWN_OFFICER, division=divisions["370102001"]
    )
    login(lixia_officer)

    response = client.get(f"/accounts/users/{other.pk}/")

    assert response.status_code == 200
    assert response.context["page_title"] == "王五"
    assert "乡镇（街道）民政工作人员" in response.content.decode()


def test_detail_out_of_scope_is_404(client, login, lixia_officer, licheng_officer, system_admin):
    login(lixia_officer)

    assert client.get(f"/accounts/users/{licheng_officer.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{system_admin.pk}/").status_code == 404
    assert client.get("/accounts/users/999999/").status_code == 404


def test_officer_creates_an_account_in_their_jurisdiction(client, login, lixia_officer):
    login(lixia_officer)
    form = {
        "username": "jfl_officer",
        "full_name": "赵六",
        "role": "town_officer",
        "division": "370102001",
        "password1": "Jiefanglu-2026",
        "password2": "Jiefanglu-2026",
    }

    response = client.post(CREATE_URL, form)

    created = User.objects.get(username="jfl_officer")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/users/{created.pk}/"
    assert (created.role, created.division_id, created.full_name) == ("town_officer", "370102001", "赵六")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, actor=lixia_officer).count() == 1


def test_create_errors_are_chinese_and_beside_the_fields(client, login, lixia_officer):
    login(lixia_officer)
    users_before = User.objects.count()
    form = {
        "username": "far_away",
        "full_name": "钱七",
        "role": "district_officer",
        "division": "370112",
        "password1": "hzgxrwkpqm81",
        "password2": "hzgxrwkpqm81",
    }

    response = client.post(CREATE_URL, form)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["division"] == ["所选区划不在您的管辖范围内。"]
    assert errors["password1"] == ["密码必须包含以下至少 3 类字符：小写字母、大写字母、数字、符号。"]
    html = response.content.decode()
    assert 'data-field-error="division"' in html and 'data-field-error="password1"' in html
    assert User.objects.count() == users_before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).exists()


def test_unknown_division_code_is_named(client, login, system_admin):
    login(system_admin)

    response = client.post(
        CREATE_URL,
        {
            "username": "x",
            "full_name": "x",
            "role": "finance_officer",
            "division": "999999",
            "password1": "Hzgxrwkpqm81",
            "password2": "Hzgxrwkpqm81",
        },
    )

    assert response.context["form"].errors["division"] == ["不存在代码为 999999 的行政区划。"]


def test_officer_is_not_offered_the_system_admin_role(client, login, lixia_officer):
    login(lixia_officer)

    response = client.get(CREATE_URL)

    assert "system_admin" not in [value for value, _ in response.context["form"].fields["role"].choices]


def test_org_admin_may_not_create_accounts(client, login, divisions):
    from shegong.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory(division=divisions["370102"])
    login(UserFactory(role=Role.ORG_ADMIN, division=divisions["370102"], organization=organization))

    assert client.get(CREATE_URL).status_code == 403


def test_deactivate_page_action(client, login, lixia_officer, divisions):
    other = UserFactory(role=Role.TOWN_OFFICER, division=divisions["370102001"])
    login(lixia_officer)

    assert client.get(f"/accounts/users/{other.pk}/deactivate/").status_code == 405
    response = client.post(f"/accounts/users/{other.pk}/deactivate/", {"reason": "离职"})

    assert response.status_code == 302
    other.refresh_from_db()
    assert not other.is_active


def test_deactivating_an_out_of_scope_account_is_404(client, login, lixia_officer, licheng_officer):
    login(lixia_officer)

    assert client.post(f"/accounts/users/{licheng_officer.pk}/deactivate/").status_code == 404
    licheng_officer.refresh_from_db()
    assert licheng_officer.is_active


def test_edit_page_saves_through_the_service(client, login, lixia_officer, divisions):
    other = UserFactory(role=Role.TOWN_OFFICER, division=divisions["370102001"], full_name="旧名")
    login(lixia_officer)

    response = client.post(
        f"/accounts/users/{other.pk}/edit/",
        {"full_name": "新名", "role": "town_officer", "division": "370102001"},
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.full_name == "新名"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(other.pk)).count() == 1
