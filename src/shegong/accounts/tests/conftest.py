"""Fixtures for the accounts tests: a controllable clock and signed-in clients."""

import datetime

import pytest
from django.utils import timezone


class Clock:
    """The time seen by Django (sessions, audit) and by django-axes (lock windows)."""

    def __init__(self, start: datetime.datetime):
        self.now = start

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(timezone.now())
    # axes imports ``now`` by name, so patch its copies as well as Django's.
    for target in ("django.utils.timezone.now", "axes.handlers.proxy.now", "axes.attempts.now"):
        monkeypatch.setattr(target, lambda: clock.now)
    return clock


@pytest.fixture
def login(client, password):
    """Sign ``user`` in through the real sign-in page and return the client."""

    def sign_in(user):
        response = client.post("/accounts/login/", {"username": user.username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return sign_in


@pytest.fixture
def audit_admin(db):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    return UserFactory(username="auditor", role=Role.AUDIT_ADMIN)


@pytest.fixture
def security_admin(db):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    return UserFactory(username="secadmin", role=Role.SECURITY_ADMIN)
