"""DPO Desk settings: one module, every deployment difference comes from the environment.

Defaults are the embedded ones a newcomer gets from ``make run``: a SQLite file, an embedded Celery
transport on the local file system, e-mails written to files. See docs/operations.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DPO_DESK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (make run sets DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
SITE_URL = os.environ.get("DPO_DESK_SITE_URL", "http://127.0.0.1:8000")
# How long a calendar-feed link works unless issued with its own expiry (reminders.calendar).
CALENDAR_TOKEN_DAYS = int(os.environ.get("DPO_DESK_CALENDAR_TOKEN_DAYS", "365"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_fsm",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "ninja",  # serves the API docs page's scripts as static files (no CDN, CSP-friendly)
    "compliance",
    "transfers",
    "api",
    # After axes and django_otp: it replaces their admin pages with the DPO's unlock and reset.
    "config.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed, compressed) answered before sessions and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's own language over the cookie's or the browser's.
    "compliance.preferences.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    # Absolute session lifetime, then the second factor required of the user's role.
    "config.security.middleware.SessionLifetimeMiddleware",
    "config.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Attributes every history row to the user of the request (audit trail).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dpo_desk.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# Every request is one transaction: a failed write leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a Celery worker started by the tests sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_dpo_desk.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web process, the worker and beat read while one of them writes.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reasons recorded with a change (e.g. why the main establishment moved) are not cut at 100
# characters: the audit trail keeps them whole.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("DPO_DESK_PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Sign-in -------------------------------------------------------------------------------------
# django-axes checks every sign-in before the password is looked at: after AXES_FAILURE_LIMIT
# failures from one address, or against one user name, within the cool-off window, the next
# attempt is refused unchecked (HTTP 429) until the window has passed or the DPO unlocks it in
# the admin (Security > Access attempts: delete the row). Both events are logged.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DPO_DESK_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
# Minutes after the last failure until a lock lifts by itself; 0: only the DPO unlocks.
_cooloff_minutes = env_int("DPO_DESK_LOGIN_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "admin/security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip.client_ip"
# How many reverse proxies append to X-Forwarded-For in front of the application (0: none, the
# client is REMOTE_ADDR). Lockout by address needs the client's, not the proxy's, address.
DPO_DESK_TRUSTED_PROXIES = env_int("DPO_DESK_TRUSTED_PROXIES", 0)

# Second factor (django-otp: TOTP, and single-use recovery codes). Members of these groups, and
# superusers whenever the list is not empty, must enrol at their first sign-in and pass a code at
# every sign-in; anyone who enrolled passes theirs. Off by default with DJANGO_DEBUG so that
# make run's demo accounts sign in with a password alone.
DPO_DESK_2FA_REQUIRED_GROUPS = env_list(
    "DPO_DESK_2FA_REQUIRED_GROUPS", "" if DEBUG else "DPO,Legal"
)
DPO_DESK_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = os.environ.get("DPO_DESK_OTP_ISSUER", "DPO Desk")
# Nobody, not even the DPO in the admin, reads another user's TOTP secret or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Re-authentication (config.security.reauth) is valid this many seconds.
DPO_DESK_REAUTH_SECONDS = env_int("DPO_DESK_REAUTH_SECONDS", 300)
# Decisions that waive a statutory obligation or approve (a transfer, a TIA, BCRs) ask the user to
# confirm their password (and second factor) first. Off with DJANGO_DEBUG, like the 2FA rule.
DPO_DESK_REAUTH_FOR_DECISIONS = env_bool("DPO_DESK_REAUTH_FOR_DECISIONS", not DEBUG)
# API requests per user and period (django-ninja throttle syntax, e.g. "120/min").
DPO_DESK_API_RATE = os.environ.get("DPO_DESK_API_RATE", "120/min")

# Sessions: signed out after DPO_DESK_SESSION_IDLE_MINUTES without a request and
# DPO_DESK_SESSION_MAX_HOURS after signing in whatever the activity
# (config.security.middleware.SessionLifetimeMiddleware). The cookie lives no longer.
DPO_DESK_SESSION_IDLE_SECONDS = 60 * env_int("DPO_DESK_SESSION_IDLE_MINUTES", 30)
DPO_DESK_SESSION_MAX_SECONDS = 3600 * env_int("DPO_DESK_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = DPO_DESK_SESSION_MAX_SECONDS

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("ja", "日本語")]
# The product's catalogue, then the rule engines' legal sentences (compliance.rules.text), kept
# beside the engines they word.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "compliance" / "rules" / "locale",
    BASE_DIR / "transfers" / "rules" / "locale",
]
TIME_ZONE = os.environ.get("DPO_DESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# Dates are typed as ISO 8601 (2026-12-05) in every language: 05/12/2026 is 5 December in Europe
# and 12 May in the US, so it is refused, not guessed (compliance.inputs). The format modules
# keep the locales' own input formats (e.g. en's %m/%d/%Y) from coming back.
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["compliance.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served by WhiteNoise under gunicorn: `manage.py collectstatic` writes hashed, compressed copies
# to STATIC_ROOT (cached for a year by browsers). With DJANGO_DEBUG, runserver serves the sources.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"  # never served as such: documents go through their checked views


def env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name) or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


# BCR document uploads: the largest file accepted, in bytes (default 25 MiB).
BCR_DOCUMENT_MAX_BYTES = env_positive_int("DPO_DESK_BCR_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
# "Promptly" for a substantial change to approved BCRs: the office's target in working days.
BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS = env_positive_int(
    "DPO_DESK_BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS", 10
)

LOGIN_URL = "admin:login"

# E-mail: EMAIL_URL (smtp://user:pass@host:587/?tls=True, console://, ...) or, by default, one
# file per message under var/mail, so that reminders can be read without a mail server.
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "dpo-desk@localhost")

# Celery. The embedded default is kombu's file-system transport: no server to install; worker,
# beat and web exchange messages through files under var/celery. Redis or RabbitMQ by URL.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(os.environ.get("DPO_DESK_BROKER_DIR", VAR_DIR / "celery"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it has finished, so a worker killed mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How often beat runs the periodic sweeps (reminders, heartbeat). One minute in production.
DPO_DESK_SWEEP_SECONDS = float(os.environ.get("DPO_DESK_SWEEP_SECONDS", "60"))
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")

# Logs: one JSON object a line in production (python-json-logger: a formatter for the standard
# logging module, so Django's, Celery's and the libraries' records come out alike), plain text
# with DJANGO_DEBUG. DJANGO_LOG_FORMAT=json|text overrides.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
# --- Reminders: bounded sends and a watched scheduler (compliance/reminders) ------------------
# Every SMTP operation gives up after this many seconds: without a timeout smtplib waits for
# ever on a server that accepts the connection and never answers.
EMAIL_TIMEOUT = float(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30"))
# How long a sweep's claim on a reminder or an e-mail holds. Empty: sized from the task's time
# limit (compliance/reminders/limits.py); a value below that limit is raised to it.
DPO_DESK_REMINDER_LEASE_SECONDS = float(os.environ.get("DPO_DESK_REMINDER_LEASE_SECONDS") or 0)
# Attempts of one e-mail (with growing pauses) before it is marked failed and the DPO told.
DPO_DESK_MAIL_MAX_ATTEMPTS = int(os.environ.get("DPO_DESK_MAIL_MAX_ATTEMPTS", "5"))
# A report job still queued after this many minutes tells its reader the worker may be down.
DPO_DESK_REPORT_QUEUED_MINUTES = float(os.environ.get("DPO_DESK_REPORT_QUEUED_MINUTES", "5"))
# --- end of the reminders block ---------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; refused fetches still come through as warnings.
    # pikepdf logs at INFO that it started (once per process that joins report parts).
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# --- Deployment: TLS at a reverse proxy ---------------------------------------------------------
# Every switch is on by default when DJANGO_DEBUG is off; docs/operations.md has the environment
# for which `manage.py check --deploy` is silent.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer's plain-HTTP probe of the health endpoint is answered, not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
# The header the proxy sets on requests that reached it over HTTPS ("" when there is no proxy).
_proxy_ssl_header = os.environ.get(
    "DJANGO_SECURE_PROXY_SSL_HEADER", "" if DEBUG else "X-Forwarded-Proto"
)
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): the application's own scripts, styles and images only;
# no inline script or style anywhere (the admin pages' CSS and JS are static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        **(
            {"report-uri": [os.environ["DJANGO_CSP_REPORT_URI"]]}
            if os.environ.get("DJANGO_CSP_REPORT_URI")
            else {}
        ),
    },
}

# Error reporting: Sentry (or any Sentry-protocol sink) when SENTRY_DSN is set. No personal data:
# no user, no address, no cookies or request bodies are sent.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        # Breach descriptions are personal data: no request bodies, no local variables.
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

_folders = [Path(str(v)) for k, v in CELERY_BROKER_TRANSPORT_OPTIONS.items() if "folder" in k]
if "DJANGO_STATIC_ROOT" not in os.environ:
    _folders.append(STATIC_ROOT)  # WhiteNoise warns about a missing one before collectstatic
for _d in (VAR_DIR, VAR_DIR / "celery", *_folders):
    _d.mkdir(parents=True, exist_ok=True)
