"""Sessions end after 30 idle minutes; every request renews them."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from shegong.accounts.services import user_deactivate
from shegong.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THIRTY_MINUTES = datetime.timedelta(minutes=30)
PAGE = "/accounts/password/"  # any page that needs a signed-in user


def _expiry(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_lasts_thirty_minutes_from_sign_in(client, login, clock):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    login(UserFactory())

    assert _expiry(client) == clock.now + THIRTY_MINUTES


def test_each_request_renews_the_session_and_its_cookie(client, login, clock):
    login(UserFactory())

    clock.advance(minutes=20)
    response = client.get(PAGE)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME in response.cookies  # the cookie is sent again
    assert _expiry(client) == clock.now + THIRTY_MINUTES


def test_active_user_stays_signed_in_past_thirty_minutes(client, login, clock):
    login(UserFactory())
    for _ in range(3):
        clock.advance(minutes=25)
        assert client.get(PAGE).status_code == 200


def test_session_idle_over_thirty_minutes_is_signed_out(client, login, clock):
    login(UserFactory())
    clock.advance(minutes=29)
    assert client.get(PAGE).status_code == 200

    clock.advance(minutes=30, seconds=1)
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deactivated_account_loses_its_session(client, login, system_admin):
    user = UserFactory()
    login(user)

    user_deactivate(actor=system_admin, user=user)

    assert client.get(PAGE).status_code == 302
