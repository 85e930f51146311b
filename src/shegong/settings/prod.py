"""Production settings: refuse to start with DEBUG on or a default secret."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

SHEGONG_ENV = "prod"
DEBUG = os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}
DEMO_PASSWORDS_ALLOWED = False

if DEBUG:
    raise ImproperlyConfigured("生产环境不允许开启 DEBUG（SHEGONG_ENV=prod 时请删除 DEBUG 变量）。")
if SECRET_KEY in DEFAULT_SECRET_KEYS or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured("生产环境必须通过环境变量 SECRET_KEY 设置至少 50 个字符的随机密钥。")
if SHEGONG_DATA_KEY in DEFAULT_DATA_KEYS:  # noqa: F405
    raise ImproperlyConfigured("生产环境必须通过环境变量 SHEGONG_DATA_KEY 设置数据加密密钥。")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Issue 12: officers and administrators confirm every sign-in with a TOTP code; a password given by an
# administrator is changed at first sign-in; demo accounts never sign in (DEMO_PASSWORDS_ALLOWED above).
SHEGONG_REQUIRE_2FA = True
SHEGONG_FORCE_PASSWORD_CHANGE = True
# `check --deploy` is about the deployment: the API schema's own warnings are checked by
# shegong/tests/test_api_schema.py, not at every production start.
SPECTACULAR_SETTINGS = {**SPECTACULAR_SETTINGS, "ENABLE_DJANGO_DEPLOY_CHECK": False}  # noqa: F405
