"""Developer settings: the embedded SQLite database, demo passwords allowed (DEBUG only when asked)."""

import os

from .base import *  # noqa: F403

# DEBUG is off unless asked for (DEBUG=1): `make run` shows what officers see, styled error pages included.
DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
SHEGONG_ENV = "dev"
DEMO_PASSWORDS_ALLOWED = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
