"""Production settings refuse to start with DEBUG on, a default secret or the development data key."""

import os
import subprocess
import sys

import pytest

GOOD_SECRET = "x" * 50
GOOD_DATA_KEY = "cHJvZHVjdGlvbi1kYXRhLWtleS0zMi1ieXRlcy1sb25nIQ=="


def load_prod(**env) -> subprocess.CompletedProcess:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SHEGONG_DATA_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import shegong.settings.prod"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_a_real_secret_and_data_key():
    result = load_prod(SECRET_KEY=GOOD_SECRET, SHEGONG_DATA_KEY=GOOD_DATA_KEY)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": GOOD_SECRET, "SHEGONG_DATA_KEY": GOOD_DATA_KEY, "DEBUG": "1"}, "不允许开启 DEBUG"),
        ({"SHEGONG_DATA_KEY": GOOD_DATA_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "SHEGONG_DATA_KEY": GOOD_DATA_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": GOOD_SECRET}, "SHEGONG_DATA_KEY"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = load_prod(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_shegong_command_refuses_an_unknown_environment():
    result = subprocess.run(
        [sys.executable, "-m", "shegong.cli", "check"],
        env={**os.environ, "SHEGONG_ENV": "staging"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "SHEGONG_ENV 只能是 dev、test 或 prod" in result.stderr
