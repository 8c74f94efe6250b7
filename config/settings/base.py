"""Settings shared by every environment; every value can come from the environment."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SECONDLOOK_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "axes",
    # Listed so /api/docs serves Swagger UI from ninja's own static files: without it
    # ninja loads the UI from a CDN, which the content security policy blocks.
    "ninja",
    "huey.contrib.djhuey",
    "secondlook.core",
    "secondlook.accounts",
    "secondlook.audit",
    "secondlook.cases",
    "secondlook.records",
    "secondlook.review",
    "secondlook.portal",
    "secondlook.oncology",
    "secondlook.therapies",
    "secondlook.trials",
    "secondlook.scheduling",
    "secondlook.logistics",
    "secondlook.supportive",
    "secondlook.followup",
    "secondlook.analytics",
    "secondlook.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "secondlook.audit.context.AuditOriginMiddleware",
    "secondlook.accounts.middleware.IdleSessionTimeoutMiddleware",
    "secondlook.accounts.middleware.RequireStaffMfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secondlook.core.context_processors.program",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'secondlook.sqlite3'}"),
        conn_max_age=env_int("SECONDLOOK_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("SECONDLOOK_INVITATION_TTL_SECONDS", 7 * 24 * 3600)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("SECONDLOOK_TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Patient records live outside the web root and are never served by URL: every
# download goes through a view that checks access and writes the audit log.
SECONDLOOK_RECORDS_ROOT = Path(env_str("SECONDLOOK_RECORDS_ROOT", str(VAR_DIR / "records")))
SECONDLOOK_MAX_UPLOAD_MB = env_int("SECONDLOOK_MAX_UPLOAD_MB", 50)
SECONDLOOK_DISTRESS_THRESHOLD = env_int("SECONDLOOK_DISTRESS_THRESHOLD", 4)
SECONDLOOK_FOLLOW_UP_QUESTIONS = env_int("SECONDLOOK_FOLLOW_UP_QUESTIONS", 3)
# Dollars the program pays per mile of own-car travel; the program sets it (default: the
# US IRS medical mileage rate for 2025). Parsed here so a typo stops start-up.
try:
    SECONDLOOK_MILEAGE_RATE = Decimal(env_str("SECONDLOOK_MILEAGE_RATE").strip() or "0.21")
except InvalidOperation as exc:
    raise ImproperlyConfigured("SECONDLOOK_MILEAGE_RATE must be dollars, e.g. 0.21") from exc
if not SECONDLOOK_MILEAGE_RATE.is_finite() or SECONDLOOK_MILEAGE_RATE < 0:
    raise ImproperlyConfigured("SECONDLOOK_MILEAGE_RATE must be zero or more dollars, e.g. 0.21")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: HIPAA automatic log-off, MFA, throttled log-in, headers.
SECONDLOOK_IDLE_TIMEOUT_MINUTES = env_int("SECONDLOOK_IDLE_TIMEOUT_MINUTES", 15)
SECONDLOOK_REQUIRE_MFA = env_bool("SECONDLOOK_REQUIRE_MFA", False)
SESSION_COOKIE_AGE = env_int("SECONDLOOK_SESSION_MAX_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECONDLOOK_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECONDLOOK_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECONDLOOK_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECONDLOOK_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECONDLOOK_HSTS_PRELOAD", False)
# A load balancer's health probe may speak plain HTTP; it must not be redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind the program's TLS-terminating reverse proxy REMOTE_ADDR is the proxy: the
# scheme comes from X-Forwarded-Proto and the client address (for the audit's "from
# where" and log-in throttling) from X-Forwarded-For, read only as far as the trusted
# proxies wrote it. Off, both headers are ignored, since any client can send them.
SECONDLOOK_BEHIND_PROXY = env_bool("SECONDLOOK_BEHIND_PROXY", False)
SECONDLOOK_TRUSTED_PROXIES = env_int("SECONDLOOK_TRUSTED_PROXIES", 1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECONDLOOK_BEHIND_PROXY else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

AXES_FAILURE_LIMIT = env_int("SECONDLOOK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SECONDLOOK_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "secondlook.audit.context.client_ip_address"

OTP_TOTP_ISSUER = env_str("SECONDLOOK_PROGRAM_NAME", "SecondLook")

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SECONDLOOK_FROM_EMAIL", "second-opinion@secondlook.invalid")
SECONDLOOK_SITE_URL = env_str("SECONDLOOK_SITE_URL", "http://127.0.0.1:8000")

# Background jobs: Huey on Redis when configured, otherwise a SQLite queue file that a
# local consumer drains (`make run` starts one beside the web server).
_redis_url = env_str("SECONDLOOK_REDIS_URL", "")
if _redis_url:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "secondlook",
        "url": _redis_url,
        "immediate": env_bool("SECONDLOOK_JOBS_IMMEDIATE", False),
    }
else:
    # The job queue's SQLite file opens when Django starts, before any `make` target has
    # made var/, so the folder is made here: `manage.py` then works on a fresh clone.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "secondlook",
        "filename": str(VAR_DIR / "jobs.sqlite3"),
        "immediate": env_bool("SECONDLOOK_JOBS_IMMEDIATE", False),
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_phi": {"()": "secondlook.core.logging.RedactPatientDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_phi"]}
    },
    "root": {"handlers": ["console"], "level": env_str("SECONDLOOK_LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default "django" handlers: its unfiltered DEBUG console and
        # mail_admins, whose error e-mails carry the full request (query string, POST
        # data) and the traceback's local variables.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
