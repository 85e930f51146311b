"""Authentication and separation of duties (issue 12): TOTP two-factor, session limits, forced password
change, lockout handling by the security administrator, and the audit administrator changing nothing."""

import datetime

import pytest
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shegong.accounts import services
from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(client, user, password):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


@pytest.fixture
def require_2fa(settings):
    settings.SHEGONG_REQUIRE_2FA = True


@pytest.fixture
def officer(divisions):
    return UserFactory(username="lixia_2fa", role=Role.DISTRICT_OFFICER, division=divisions["370102"])


def test_officer_sets_up_an_authenticator_before_anything_else(client, require_2fa, officer, password):
    _sign_in(client, officer, password)

    response = client.get("/workforce/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))

    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    html = page.content.decode()
    assert "otpauth://totp/Shegong" in html and "设置双因素登录" in html

    wrong = client.post(reverse("accounts:two-factor-setup"), {"token": "000000", "next": "/workforce/"})
    assert wrong.status_code == 400
    assert "验证码不正确或已过期" in wrong.content.decode()
    assert client.get("/workforce/").status_code == 302

    # django-otp throttles guesses: right after a wrong code, even the right one is refused.
    device.refresh_from_db()
    throttled = client.post(
        reverse("accounts:two-factor-setup"), {"token": _code(device), "next": "/workforce/"}
    )
    assert throttled.status_code == 400
    device.refresh_from_db()
    device.throttle_reset()

    ok = client.post(reverse("accounts:two-factor-setup"), {"token": _code(device), "next": "/workforce/"})
    assert ok["Location"] == "/workforce/"
    assert client.get("/workforce/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    failed = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED)
    assert {(f.actor, f.reason, f.outcome) for f in failed} == {(officer, "wrong two-factor code", "failure")}


def test_next_sign_in_asks_for_the_code(client, require_2fa, officer, password):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    _sign_in(client, officer, password)

    assert client.get("/").url.startswith(reverse("accounts:two-factor-verify"))
    assert client.get("/api/v1/practitioners/").status_code == 403  # session API calls too

    client.post(reverse("accounts:two-factor-verify"), {"token": _code(device)})
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/practitioners/").status_code == 200


def test_social_workers_need_no_second_factor(client, require_2fa, divisions, password):
    worker = UserFactory(username="worker_no_2fa", role=Role.SOCIAL_WORKER, division=divisions["370102"])
    _sign_in(client, worker, password)

    assert client.get("/").status_code == 200


def test_two_factor_is_off_unless_asked(client, officer, password):
    _sign_in(client, officer, password)

    assert client.get("/").status_code == 200


def test_session_ends_twelve_hours_after_sign_in_however_active(client, officer, password, monkeypatch):
    import time

    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    _sign_in(client, officer, password)
    monkeypatch.setattr(time, "time", lambda: start + 12 * 3600 - 60)
    assert client.get("/").status_code == 200

    monkeypatch.setattr(time, "time", lambda: start + 12 * 3600 + 60)
    response = client.get("/workforce/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/workforce/")["Location"].startswith("/accounts/login/")  # signed out


def test_password_set_by_an_administrator_must_be_changed_first(client, settings, divisions, password):
    settings.SHEGONG_FORCE_PASSWORD_CHANGE = True
    admin = UserFactory(username="sysadmin_reset", role=Role.SYSTEM_ADMIN)
    user = services.user_create(
        actor=admin,
        username="new_worker",
        password=password,
        role=Role.SOCIAL_WORKER,
        full_name="新社工",
        division=divisions["370102"],
    )
    assert user.must_change_password
    _sign_in(client, user, password)

    assert client.get("/workforce/")["Location"].startswith(reverse("accounts:password_change"))
    client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "Lixia-Wendang-82", "new_password2": "Lixia-Wendang-82"},
    )

    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/workforce/").status_code == 200


def test_security_admin_unlocks_and_resets_two_factor(client, divisions, password, settings):
    settings.AXES_FAILURE_LIMIT = 2
    security = UserFactory(username="secadmin", role=Role.SECURITY_ADMIN)
    officer = UserFactory(username="locked_officer", role=Role.DISTRICT_OFFICER, division=divisions["370102"])
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    for _ in range(2):
        client.post("/accounts/login/", {"username": officer.username, "password": "wrong-Password-1"})
    assert _sign_in(client, officer, password).status_code == 429

    client.force_login(security)
    client.post(reverse("accounts:user-unlock", args=[officer.pk]))
    client.post(reverse("accounts:user-reset-2fa", args=[officer.pk]))
    client.logout()

    assert _sign_in(client, officer, password).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    reasons = set(AuditEntry.objects.filter(actor=security).values_list("reason", flat=True))
    assert {"account unlocked", "two-factor sign-in reset"} <= reasons


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.DISTRICT_OFFICER])
def test_only_the_security_admin_unlocks(client, divisions, role):
    actor = UserFactory(username="not_security", role=role, division=divisions["370102"])
    target = UserFactory(username="target", role=Role.SOCIAL_WORKER, division=divisions["370102"])
    client.force_login(actor)

    assert client.post(reverse("accounts:user-unlock", args=[target.pk])).status_code == 403


def test_only_a_security_admin_creates_administrators(divisions, password):
    system = UserFactory(username="sys", role=Role.SYSTEM_ADMIN)
    security = UserFactory(username="sec", role=Role.SECURITY_ADMIN)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.user_create(
            actor=system, username="aud", password=password, role=Role.AUDIT_ADMIN, full_name="审"
        )
    auditor = services.user_create(
        actor=security, username="aud", password=password, role=Role.AUDIT_ADMIN, full_name="审计员"
    )
    assert auditor.role == Role.AUDIT_ADMIN


def _business_counts() -> dict[str, int]:
    skip = {
        "common.auditentry",
        "sessions.session",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label_lower not in skip and not model._meta.proxy and model._meta.managed
    }


def test_audit_admin_changes_nothing_anywhere(client, divisions):
    """POST to every page route (real Lixia objects where the scope case builds them): all 403, no row changes."""
    from django.db import transaction

    from shegong.tests.test_access_matrix import PATTERNS, ROUTES, SCOPED_DETAILS
    from shegong.tests.test_security_access import dummy_kwargs

    auditor = UserFactory(username="auditor_writes", role=Role.AUDIT_ADMIN)
    urls = []
    for route in ROUTES:
        kwargs = dummy_kwargs(PATTERNS[route])
        case = SCOPED_DETAILS.get(route)
        if case is not None:
            try:
                with transaction.atomic():
                    kwargs = case.kwargs(case.make(divisions)[0])
            except Exception:  # noqa: BLE001  objects clash with an earlier case's: a dummy id will do
                pass
        try:
            urls.append(reverse(route, kwargs=kwargs))
        except NoReverseMatch:  # a parameter with its own format and no scope case
            continue
    client.force_login(auditor)
    before = _business_counts()
    allowed = {reverse(name) for name in ("accounts:logout", "accounts:password_change", "set_language")}
    allowed |= {reverse("accounts:two-factor-setup"), reverse("accounts:two-factor-verify")}
    allowed |= {
        reverse(name)
        for name in ("accounts:login", "accounts:password_change_done", "healthz", "javascript-catalog")
    }

    answers = {}
    for url in urls:
        if url in allowed or url.startswith("/api/"):
            continue
        answers[url] = client.post(url, {"name": "审计员改的", "reason": "x"}).status_code

    assert {url: status for url, status in answers.items() if status != 403} == {}
    assert _business_counts() == before
    assert len(answers) > 100


def test_security_admin_reads_no_client_file(client, divisions):
    from shegong.cases.tests.scope_cases import make_households

    household, _ = make_households(divisions)
    client.force_login(UserFactory(username="sec_reader", role=Role.SECURITY_ADMIN))

    assert client.get(reverse("cases:household-detail", args=[household.pk])).status_code in {403, 404}
    assert household.address not in client.get(reverse("cases:household-list")).content.decode()
    assert client.get(reverse("api:household-detail", args=[household.pk])).status_code in {403, 404}


def test_system_admin_cannot_read_the_audit_log(client):
    client.force_login(UserFactory(username="sys_reader", role=Role.SYSTEM_ADMIN))

    assert client.get("/audit/").status_code == 403
    assert client.get("/api/v1/audit-entries/").status_code == 403


def test_session_idle_timeout_is_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SHEGONG_SESSION_ABSOLUTE_SECONDS == 12 * 3600
    assert datetime.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
