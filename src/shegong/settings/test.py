"""Test settings: fast hashing, in-memory SQLite unless DATABASE_URL points at PostgreSQL."""

import os

from .base import *  # noqa: F403

SHEGONG_ENV = "test"
DEBUG = False
DEMO_PASSWORDS_ALLOWED = False
SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# Background jobs run synchronously inside submit() unless a test asks for a real worker.
SHEGONG_JOB_RUNNER = os.environ.get("SHEGONG_JOB_RUNNER", "inline")
