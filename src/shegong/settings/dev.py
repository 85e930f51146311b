"""Developer settings: the embedded SQLite database, DEBUG on, demo passwords allowed."""

from .base import *  # noqa: F403

DEBUG = True
SHEGONG_ENV = "dev"
DEMO_PASSWORDS_ALLOWED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
