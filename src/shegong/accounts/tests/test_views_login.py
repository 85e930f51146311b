"""Signing in and out through the real pages: audit entries, Chinese errors, the 30-minute lock."""

import pytest
from django.test import override_settings
from django.urls import reverse

from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
WRONG = "Wrong-Password-1"
LOCKED_MESSAGE = "连续输错密码次数过多：此账号已锁定 30 分钟。请稍后再试，或联系系统管理员。"
INVALID_LOGIN_MESSAGE = "用户名或密码不正确。两者均区分大小写。"


def _try(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_is_chinese_with_the_contract_fields(client):
    response = client.get(LOGIN_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page_title"] == "登录"
    assert 'name="username"' in html and 'name="password"' in html
    assert 'data-testid="login-submit"' in html
    assert ">用户名" in html and ">密码" in html


def test_right_password_signs_in_and_is_audited(client, password):
    user = UserFactory(username="wang")

    response = _try(client, "wang", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _signed_in(client)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (entry.actor, entry.actor_username, entry.object_type, entry.object_id) == (
        user,
        "wang",
        "accounts.user",
        str(user.pk),
    )
    assert entry.path == LOGIN_URL


def test_wrong_password_is_refused_in_chinese_and_audited(client):
    user = UserFactory(username="wang")

    response = _try(client, "wang", WRONG)

    assert response.status_code == 200
    assert not _signed_in(client)
    assert INVALID_LOGIN_MESSAGE in response.content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.object_id, entry.object_repr, entry.reason) == (
        AuditEntry.Action.LOGIN_FAILED,
        None,
        str(user.pk),
        "wang",
        "wrong credentials",
    )
    assert WRONG not in str(AuditEntry.objects.values_list())


def test_empty_fields_show_the_error_beside_each_field(client):
    response = _try(client, "", "")

    form = response.context["form"]
    assert form.errors == {"username": ["该字段是必填项。"], "password": ["该字段是必填项。"]}
    assert 'data-field-error="username"' in response.content.decode()


def test_logout_is_post_only_and_audited(client, password):
    user = UserFactory(username="wang")
    _try(client, "wang", password)

    assert client.get("/accounts/logout/").status_code == 405
    assert _signed_in(client)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert not _signed_in(client)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, actor=user).count() == 1


def test_five_wrong_passwords_do_not_lock(client, password):
    UserFactory(username="wang")
    for _ in range(5):
        assert _try(client, "wang", WRONG).status_code == 200

    assert _try(client, "wang", password).status_code == 302


def test_sixth_wrong_password_locks_the_account_with_the_chinese_message(client):
    UserFactory(username="wang")
    for _ in range(5):
        _try(client, "wang", WRONG)

    response = _try(client, "wang", WRONG)

    assert response.status_code == 429
    assert "<title>账号已锁定 · " in response.content.decode()
    assert LOCKED_MESSAGE in response.content.decode()
    reasons = list(AuditEntry.objects.order_by("id").values_list("reason", flat=True))
    assert reasons == ["wrong credentials"] * 5 + ["wrong credentials; account now locked"]


def test_right_password_is_refused_during_the_lock_and_works_after_30_minutes(client, password, clock):
    user = UserFactory(username="wang")
    for _ in range(6):
        _try(client, "wang", WRONG)

    clock.advance(minutes=10)
    refused = _try(client, "wang", password)
    assert refused.status_code == 429
    assert LOCKED_MESSAGE in refused.content.decode()
    assert not _signed_in(client)
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.LOGIN_FAILED, reason="refused: account locked"
        ).count()
        == 1
    )

    clock.advance(minutes=19, seconds=59)  # 29:59 after the sixth failure: still locked
    assert _try(client, "wang", password).status_code == 429

    clock.advance(seconds=2)  # 30:01 after the sixth failure
    response = _try(client, "wang", password)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_lock_is_per_account_not_per_address(client, password):
    UserFactory(username="wang")
    UserFactory(username="li")
    for _ in range(6):
        _try(client, "wang", WRONG)

    assert _try(client, "li", password).status_code == 302


def test_a_successful_sign_in_resets_the_count(client, password):
    UserFactory(username="wang")
    for _ in range(5):
        _try(client, "wang", WRONG)
    _try(client, "wang", password)
    client.post("/accounts/logout/")

    for _ in range(5):
        assert _try(client, "wang", WRONG).status_code == 200
    assert _try(client, "wang", password).status_code == 302


def test_demo_account_is_refused_outside_dev(client, password, settings):
    assert settings.DEMO_PASSWORDS_ALLOWED is False
    UserFactory(username="jn_lixia", is_demo=True)

    response = _try(client, "jn_lixia", password)

    assert response.status_code == 200
    assert not _signed_in(client)
    assert "演示账号只能在开发环境中登录。" in response.content.decode()


@override_settings(DEMO_PASSWORDS_ALLOWED=True)
def test_demo_account_signs_in_in_dev(client, password):
    UserFactory(username="jn_lixia", is_demo=True)

    assert _try(client, "jn_lixia", password).status_code == 302


def test_deactivated_account_cannot_sign_in(client, password):
    UserFactory(username="wang", is_active=False)

    response = _try(client, "wang", password)

    assert not _signed_in(client)
    assert INVALID_LOGIN_MESSAGE in response.content.decode()
