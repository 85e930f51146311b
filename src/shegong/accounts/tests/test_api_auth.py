"""The token API: Chinese errors naming the field, the same lock as the page, /auth/me/."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"
WRONG = "Wrong-Password-1"
LOCKED_MESSAGE = "连续输错密码次数过多：此账号已锁定 30 分钟。请稍后再试，或联系系统管理员。"


@pytest.fixture
def api():
    return APIClient()


def _token(api, username, password):
    return api.post(TOKEN_URL, {"username": username, "password": password}, format="json")


def test_right_password_gives_a_token_and_is_audited(api, password):
    user = UserFactory(username="wang")

    response = _token(api, "wang", password)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.reason, entry.path) == (user, "api token", TOKEN_URL)
    user.refresh_from_db()
    assert user.last_login is not None


def test_asking_twice_gives_the_same_token(api, password):
    UserFactory(username="wang")

    assert _token(api, "wang", password).json() == _token(api, "wang", password).json()


def test_missing_field_is_named_in_chinese(api):
    response = api.post(TOKEN_URL, {"username": "wang"}, format="json")

    body = response.json()
    assert response.status_code == 400
    assert (body["errors"], body["fields"]) == ({"password": ["该字段是必填项。"]}, {"password": "密码"})
    # The separator between label and message belongs to the common catalogue.
    assert body["detail"].startswith("密码") and body["detail"].endswith("该字段是必填项。")


def test_wrong_password_is_refused_in_chinese_and_audited(api):
    UserFactory(username="wang")

    response = _token(api, "wang", WRONG)

    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码不正确。两者均区分大小写。"
    assert not Token.objects.exists()
    assert AuditEntry.objects.get().action == AuditEntry.Action.LOGIN_FAILED


def test_sixth_wrong_password_locks_with_429_and_the_right_one_is_refused(api, password):
    UserFactory(username="wang")
    for _ in range(5):
        assert _token(api, "wang", WRONG).status_code == 400

    sixth = _token(api, "wang", WRONG)
    right = _token(api, "wang", password)

    assert (sixth.status_code, sixth.json()) == (429, {"detail": LOCKED_MESSAGE})
    assert (right.status_code, right.json()) == (429, {"detail": LOCKED_MESSAGE})
    assert not Token.objects.exists()


def test_api_and_page_failures_count_together(api, client):
    UserFactory(username="wang")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "wang", "password": WRONG})
    for _ in range(2):
        _token(api, "wang", WRONG)

    assert _token(api, "wang", WRONG).status_code == 429


def test_api_success_resets_the_count(api, password):
    UserFactory(username="wang")
    for _ in range(5):
        _token(api, "wang", WRONG)
    assert _token(api, "wang", password).status_code == 200

    for _ in range(5):
        assert _token(api, "wang", WRONG).status_code == 400


def test_demo_account_gets_no_token_outside_dev(api, password):
    UserFactory(username="jn_lixia", is_demo=True)

    response = _token(api, "jn_lixia", password)

    assert response.status_code == 400
    assert response.json()["detail"] == "演示账号只能在开发环境中登录。"


def test_me_with_a_token_describes_the_user(api, password, divisions):
    organization = OrganizationFactory(division=divisions["370102"], name="历下社工服务中心")
    user = UserFactory(
        username="jn_org_admin",
        full_name="张三",
        role=Role.ORG_ADMIN,
        division=divisions["370102"],
        organization=organization,
    )
    key = _token(api, "jn_org_admin", password).json()["token"]

    response = APIClient().get(ME_URL, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": "jn_org_admin",
        "full_name": "张三",
        "role": "org_admin",
        "role_label": "社会组织管理员",
        "division": {"code": "370102", "name": "历下区"},
        "organization": {"id": organization.pk, "name": "历下社工服务中心"},
        "is_active": True,
    }


def test_me_for_a_system_admin_has_no_division(api, system_admin):
    api.force_authenticate(system_admin)

    body = api.get(ME_URL).json()

    assert (body["role_label"], body["division"], body["organization"]) == ("系统管理员", None, None)


def test_me_without_credentials_is_refused(api):
    response = api.get(ME_URL)

    assert (response.status_code, response.json()) == (403, {"detail": "身份认证信息未提供。"})


def test_bad_token_is_refused(api):
    response = api.get(ME_URL, HTTP_AUTHORIZATION="Token not-a-real-token")

    # Session authentication comes first, so DRF answers 403 rather than 401.
    assert (response.status_code, response.json()) == (403, {"detail": "认证令牌无效。"})


def test_deactivation_revokes_the_token(api, password, system_admin):
    from shegong.accounts.services import user_deactivate

    user = UserFactory(username="wang")
    key = _token(api, "wang", password).json()["token"]

    user_deactivate(actor=system_admin, user=user)

    response = APIClient().get(ME_URL, HTTP_AUTHORIZATION=f"Token {key}")

    assert (response.status_code, response.json()) == (403, {"detail": "认证令牌无效。"})
