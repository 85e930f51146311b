"""Settings of the server the browser tests start: development settings as production serves pages.

DEBUG is off so that errors show the styled pages a user sees (404, 403, 500), not Django's debug
pages. Demo accounts still sign in (SHEGONG_ENV=dev). Passwords use a fast hasher: the demo creates
dozens of accounts for every test run.
"""

from shegong.settings.dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
