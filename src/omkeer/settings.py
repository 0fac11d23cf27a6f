"""Omkeer settings: everything that differs between machines comes from environment variables."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from omkeer.lib.crypto import DEV_KEY_ID, dev_key, parse_keys
from omkeer.lib.envparse import env_bool, env_int, env_list, parse_email_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OMKEER_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING or env_bool("OMKEER_DEV", default=True)):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "omkeer-dev-only-insecure-key"  # noqa: S105 - development fallback, refused when OMKEER_DEV=0
# Keys the hashes that count who sent anonymous feedback; keep it out of the database and its backups.
VOICE_KEY = os.environ.get("VOICE_KEY") or SECRET_KEY
# Encrypt notes, check-ins and feedback at rest (lib/crypto.py): `id:base64,…`, the first key encrypts.
DATA_KEYS = parse_keys(os.environ.get("OMKEER_DATA_KEYS", ""))
if not DATA_KEYS:
    if not (DEBUG or TESTING or env_bool("OMKEER_DEV", default=True)):
        raise ImproperlyConfigured("OMKEER_DATA_KEYS must be set in production (omkeer rotate-key --new-key)")
    DATA_KEYS = {DEV_KEY_ID: dev_key(SECRET_KEY)}
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "omkeer.accounts",
    "omkeer.people",
    "omkeer.programmes",
    "omkeer.enrolment",
    "omkeer.mentorships",
    "omkeer.board",
    "omkeer.voice",
    "omkeer.evaluation",
    "omkeer.matching",
    "omkeer.privacy",
    "omkeer.api",
    "omkeer.demo",
]

MIDDLEWARE = [
    "omkeer.lib.middleware.DatabaseUnavailableMiddleware",  # first: a database that goes away answers 503
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "omkeer.accounts.middleware.SessionTimeoutMiddleware",
    "omkeer.accounts.middleware.ApiTokenMiddleware",
    "omkeer.access.middleware.AccessMiddleware",
    "omkeer.accounts.idempotency.IdempotencyMiddleware",
    "omkeer.accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "omkeer.accounts.middleware.SecurityHeadersMiddleware",
    "omkeer.accounts.middleware.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omkeer.urls"
WSGI_APPLICATION = "omkeer.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omkeer.access.context_processors.navigation",
            ],
            "builtins": ["omkeer.accounts.templatetags.form_token"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'omkeer.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Amsterdam")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# Logins: 10 failures for one account within 15 minutes lock it for 15 minutes (a password reset unlocks it at
# once); failures during the lock do not extend it, so an attacker cannot keep the real user out.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "omkeer.accounts.lockout.typed_username"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# axes.W006 asks for lockout by address too; that would let one person's typos lock a whole office behind one
# NAT address. Addresses are throttled instead by RATE_LIMITS["accounts:login"] (429 past 30 attempts in 5 minutes).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))  # trusted proxies in front: whose X-Forwarded-For counts
AXES_CLIENT_IP_CALLABLE = "omkeer.accounts.middleware.client_ip"  # the lockout log and the rate limits agree
PASSWORD_RESET_TIMEOUT = 60 * 60
OTP_TOTP_ISSUER = "Omkeer"

# Sessions end after 30 idle minutes and 12 hours after the login, whatever the activity.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind HTTPS (the default in production): secure `__Host-` cookies, HSTS for a year, plain HTTP redirected.
HTTPS = env_bool("HTTPS", default=not env_bool("OMKEER_DEV", default=True))
if HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^healthz$"]  # load balancers probe over plain HTTP
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Requests per window before a 429, by route: (requests, seconds, counted per "ip" or "user", methods counted).
RATE_LIMITS_ON = env_bool("RATE_LIMITS", default=True)
RATE_LIMITS = {
    "accounts:login": (30, 5 * 60, "ip", "POST"),
    "accounts:password-reset": (5, 15 * 60, "ip", "POST"),
    "accounts:two-factor-verify": (10, 5 * 60, "user", "POST"),
    "voice:feedback": (10, 60 * 60, "user", "POST"),
    "people:import-upload": (20, 60 * 60, "user", "POST"),
    "people:export": (30, 60 * 60, "user", "GET"),
    "evaluation:report-file": (30, 60 * 60, "user", "GET"),
    "api": (600, 60, "user", "*"),
}

_email = parse_email_url(os.environ.get("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Omkeer <omkeer@localhost>")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_BEAT_SCHEDULE = {
    "session-reminders": {"task": "omkeer.mentorships.tasks.send_session_reminders", "schedule": 15 * 60},
    "health-checks": {"task": "omkeer.mentorships.tasks.open_health_checks", "schedule": 24 * 60 * 60},
    "pulse-waves": {"task": "omkeer.voice.tasks.send_pulse_waves", "schedule": 60 * 60},
    "evaluation-reminders": {"task": "omkeer.evaluation.tasks.send_evaluation_reminders", "schedule": 60 * 60},
    "privacy-purge": {"task": "omkeer.privacy.tasks.purge_expired", "schedule": 24 * 60 * 60},
}

# Retention (omkeer/privacy/retention.py has the table): how long each category of personal data is kept before
# `omkeer purge` (daily in beat) removes it. Each can be set by the environment, e.g. RETENTION_NOTES_MONTHS=24.
RETENTION = {
    "notes": env_int("RETENTION_NOTES_MONTHS", default=12),  # months after the programme ends
    "checkin_notes": env_int("RETENTION_CHECKIN_NOTES_MONTHS", default=12),  # months after the programme ends
    "applications": env_int("RETENTION_APPLICATIONS_MONTHS", default=6),  # declined/undecided, after the end
    "waiting_list": env_int("RETENTION_WAITING_LIST_MONTHS", default=12),  # months after registering
    "reminders": env_int("RETENTION_REMINDERS_MONTHS", default=12),  # months after sending
    "imports": env_int("RETENTION_IMPORTS_DAYS", default=30),  # days after the upload of an HR file
    "feedback": env_int("RETENTION_FEEDBACK_MONTHS", default=24),  # months after the feedback's month
    "audit": env_int("RETENTION_AUDIT_YEARS", default=2, minimum=1),  # years
    "idempotency_keys": env_int("RETENTION_IDEMPOTENCY_KEYS_DAYS", default=1, minimum=1),  # days; replays of writes
}

# Live progress of background jobs goes through the cache: Redis when configured, else this process's memory.
CACHE_URL = os.environ.get("CACHE_URL") or (CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# One JSON object a line in production (lib/logs.py), plain text in development; `LOG_FORMAT=json|text` chooses.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if env_bool("OMKEER_DEV", default=True) else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
# JSON lines: the worker and beat log through LOGGING below, and leave stdout and stderr alone.
CELERY_WORKER_HIJACK_ROOT_LOGGER = CELERY_WORKER_REDIRECT_STDOUTS = LOG_FORMAT == "text"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "omkeer.lib.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if not os.environ.get("CELERY_BROKER_URL"):
        CELERY_TASK_ALWAYS_EAGER = True
