"""Changing one's own password on the page: the policy's Chinese messages beside the field, audited."""

import pytest

from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/accounts/password/"


@pytest.fixture
def user(login):
    user = UserFactory(username="wang")
    login(user)
    return user


def _change(client, old, new1, new2=None):
    return client.post(URL, {"old_password": old, "new_password1": new1, "new_password2": new2 or new1})


def test_page_needs_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_short_password_is_refused_beside_the_field(client, user, password):
    response = _change(client, password, "Hzgx-Rw81!a")

    assert response.status_code == 400
    assert response.context["form"].errors == {"new_password2": ["密码长度至少为 12 个字符。"]}
    user.refresh_from_db()
    assert user.check_password(password)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_two_class_password_is_refused(client, user, password):
    response = _change(client, password, "hzgxrwkpqm81")

    assert response.context["form"].errors == {
        "new_password2": ["密码必须包含以下至少 3 类字符：小写字母、大写字母、数字、符号。"]
    }


def test_wrong_old_password_is_refused(client, user, password):
    response = _change(client, "Not-The-Old-1", "Hzgxrwkpqm81")

    assert list(response.context["form"].errors) == ["old_password"]
    user.refresh_from_db()
    assert user.check_password(password)


def test_good_password_is_saved_audited_and_keeps_the_session(client, user, password):
    response = _change(client, password, "Qingdao-2026x")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/done/"
    assert client.get(response["Location"]).context["page_title"] == "密码已修改"
    user.refresh_from_db()
    assert user.check_password("Qingdao-2026x")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    assert (entry.actor, entry.object_id, entry.reason) == (user, str(user.pk), "password changed")
    assert entry.before["password"] == entry.after["password"] == "***"
    assert client.get("/accounts/password/").status_code == 200  # still signed in
