"""Transport and headers (issue 12): `check --deploy` with production settings is silent; pages carry the headers."""

import base64
import os
import subprocess
import sys

import pytest

SECRET = "Xr7#kP2vQ9mZ4tL8wB1nC6yH3jF5dS0aG-uE_iO+pV@xN&Yq2Wm9Lk4Jh7Gf"


def test_check_deploy_with_production_settings_reports_nothing():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(
        SHEGONG_ENV="prod",
        DJANGO_SETTINGS_MODULE="shegong.settings.prod",
        SECRET_KEY=SECRET,
        SHEGONG_DATA_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
    )
    result = subprocess.run(
        [sys.executable, "-m", "shegong.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_turns_on_two_factor_and_forced_password_change():
    code = (
        "import shegong.settings.prod as s; "
        "print(s.SHEGONG_REQUIRE_2FA, s.SHEGONG_FORCE_PASSWORD_CHANGE, s.DEMO_PASSWORDS_ALLOWED, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {
        **os.environ,
        "SECRET_KEY": SECRET,
        "SHEGONG_DATA_KEY": base64.urlsafe_b64encode(b"k" * 32).decode(),
    }
    env.pop("DEBUG", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    assert result.stdout.split() == ["True", "True", "False", "31536000", "True", "True"], result.stderr


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_hsts_and_secure_cookies_under_https(client, settings, password):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    user = UserFactory(username="https_user", role=Role.SOCIAL_WORKER)

    response = client.post("/accounts/login/", {"username": user.username, "password": password}, secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
