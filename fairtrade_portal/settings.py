"""Settings of the Fairtrade City Portal.

One module; every value comes from an environment variable (documented in README.md) through
the typed helpers in ``fairtrade_portal.env``. Unset, the values give the quick start: SQLite
under ``var/``, a Celery broker in files under ``var/celery/``, email written to ``var/mail/``.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import envbool, envchoice, envint, envlist, envstr, envurl

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the quick start writes (database, uploads, mail, collected static files) lives
# here; the folder is git-ignored.
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
HTTPS = envbool("HTTPS", False)


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
        return key
    # Quick start: keep a generated key under var/ so sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The public address of the portal, used for links in emails sent outside a request.
SITE_URL = envurl("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")

DATABASE_URL = envstr("DATABASE_URL")
# Demo data may only be loaded where the banner says so; the quick start (SQLite) is a demo.
DEMO_MODE = envbool("DEMO_MODE", not DATABASE_URL)

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "allauth",
    "accounts.allauth_apps.EmailAddressesConfig",  # allauth.account, named for what it holds
    "allauth.mfa",
    "allauth.usersessions",  # people see their sessions and end them (Mitt konto)
    "django_filters",
    "csp",
]
LOCAL_APPS = [
    "fairtrade_portal",
    "accounts",
    "notifications",
    "diplomas",
    "network",
    "procurement",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fairtrade_portal.middleware.ReaderProtectionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Public pages for anonymous visitors from the shared cache (page_cache.py): a stored page
    # is served from here, past everything below, with the headers above added on the way out.
    "fairtrade_portal.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.StaffSessionLimitMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "network.middleware.LastVisitMiddleware",
]

ROOT_URLCONF = "fairtrade_portal.urls"
WSGI_APPLICATION = "fairtrade_portal.wsgi.application"

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
                "fairtrade_portal.context_processors.portal",
                "network.context_processors.intranet_menu",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a usable database URL: {exc}") from None
    if _db["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// URL.")
    _db["CONN_HEALTH_CHECKS"] = True
    DATABASES = {"default": _db}
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "db.sqlite3"}
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite for a web server with a handful of people at once (the quick start): readers never
    # wait for a writer (WAL), a writer waits its turn for up to 20 s instead of failing at once,
    # and a transaction takes the write lock when it begins (IMMEDIATE), so two that read and
    # then write cannot deadlock into "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and shared cache ----------------------------------------------------------
REDIS_URL = envurl("REDIS_URL", schemes=("redis", "rediss"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": envurl("CACHE_URL", REDIS_URL, schemes=("redis", "rediss")),
            "KEY_PREFIX": "portal",
        }
    }
    # The public pages (fairtrade_portal/page_cache.py) in the same Redis.
    CACHES["pages"] = CACHES["default"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The quick start's public pages, on disk: the worker (a process of its own) changes
        # what a page shows too (the handbook's PDF), and its new data version must reach the
        # web server's next request.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "page-cache"),
        },
    }

# Public pages for anonymous visitors come from this cache (fairtrade_portal/page_cache.py),
# keyed by URL, language and the data version that every change bumps. PAGE_CACHE=false turns
# it off (the tests do, except those about the cache).
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "accessibility",
        "privacy",
        "diplomas:listing",
        "diplomas:open_data",
        "diplomas:listing_csv",  # replayed from the stored export (page_cache.replay_later)
        "diplomas:listing_json",
        "diplomas:datapackage",
        "diplomas:statistics",
        "diplomas:map",
        "diplomas:profile",
        "diplomas:criteria",
        "diplomas:criteria_version",
        "network:handbook",
        "network:chapter",
        "network:news",
        "network:news_rss",
        "network:news_atom",
        "network:news_item",
        "network:events",
        "network:event",
        "network:events_calendar",
        "network:event_calendar",
        "procurement:risk_categories",
        "procurement:risk_category",
        "procurement:library",
        "procurement:compare",
        "procurement:requirement",
        "procurement:requirement_version",
        "procurement:requirement_diff",
        "procurement:aggregate",
        "procurement:aggregate_csv",
        "procurement:aggregate_json",
    }
)
# Pages that show what is still to come or whether registration is still open (the next
# events): a stored one is served only in the minute it was made.
PAGE_CACHE_PER_MINUTE = frozenset(
    {"home", "network:events", "network:event", "network:events_calendar", "network:event_calendar"}
)

# --- Celery ----------------------------------------------------------------------------------
# Tasks always go through a broker to a worker, in production and in the quick start alike;
# only the unit tests run them in-process (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task that dies with its worker is delivered again: acknowledge only when done.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The quick start's broker (no REDIS_URL) is kombu's filesystem transport, which needs no
# server: each queued task is a file in var/celery/queue/, read by the worker make run starts
# beside the web server; what it has read is kept in var/celery/processed/.
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Redis re-delivers an unacknowledged task after this many seconds; it must be longer
    # than the longest task, or a slow task would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
else:
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Web, beat and worker all write to and read from the one folder.
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "store_processed": True,
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        # Exchange bindings: the worker's remote control uses a fanout exchange.
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
    }
    # The transport expects its folders to exist; whichever process starts first makes them.
    for _folder in ("queue", "processed", "control"):
        (CELERY_QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
# A reminder claimed by a worker that died may be claimed again after this many seconds.
REMINDER_LEASE_SECONDS = envint("REMINDER_LEASE_SECONDS", 600, minimum=1)
CELERY_TIMEZONE = "Europe/Stockholm"
# Crontab times are Stockholm time (CELERY_TIMEZONE); 03:30 is outside the hour the clocks
# skip or repeat when summer time starts or ends, so the sweep runs exactly once a day.
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "fairtrade_portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    # Record the reminders due today (yearly reports, changes asked for, and what later parts
    # of the portal register), then send them.
    "sweep-reminders": {
        "task": "notifications.tasks.sweep_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # Send what is waiting: retries after back-off, and what a lost task or a dead worker left.
    "dispatch-reminders": {
        "task": "notifications.tasks.dispatch_reminders",
        "schedule": crontab(minute="*/5"),
    },
    # Delete what the privacy page (/personuppgifter/) promises to delete: unconfirmed
    # sign-ups, old reminders, expired data exports, ended sessions (accounts/retention.py).
    "apply-retention": {
        "task": "accounts.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=45),
    },
    # Fetch the monitoring feeds staff configured; new entries wait as drafts (network/).
    "import-monitoring-feeds": {
        "task": "network.tasks.import_monitoring_feeds",
        "schedule": crontab(minute=20),
    },
}

# --- Authentication --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# A new account lands on "My organisations", where the person asks to become coordinator.
ACCOUNT_SIGNUP_REDIRECT_URL = "diplomas:my_organisations"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# A changed password keeps the session it was changed in and ends every other one
# (accounts.services.sessions_end, on allauth's password_changed signal).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Fairtrade City] "
# "Mail me a sign-in code": a one-time code to the address, for a person who forgot the password
# or whose address is throttled from another client (see accounts/adapter.py).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"
ACCOUNT_RATE_LIMITS_ENABLED = envbool("ACCOUNT_RATE_LIMITS_ENABLED", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Fairtrade City Portal"
# Staff must turn on two-factor authentication before they can use the admin (off by
# default only in demo mode, so the demo staff login works without an authenticator app).
STAFF_MFA_REQUIRED = envbool("STAFF_MFA_REQUIRED", not DEMO_MODE)
# "Last seen" on the sessions page is written by accounts.middleware.SessionActivityMiddleware
# at most once per this many seconds per session, not on every request.
SESSION_ACTIVITY_INTERVAL_SECONDS = 5 * 60
# A person's export of their personal data can be downloaded this many days (the emailed link).
DATA_EXPORT_VALID_DAYS = 7

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Our catalogue first; then corrections to a third-party catalogue (django-allauth's Swedish),
# kept apart so that `make messages` does not drop them as unused.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_third_party"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Uploaded files and rendered PDFs go through Django's storage API; a dotted path to
    # another backend (an object store shared by several web nodes) can replace the disk.
    "default": {"BACKEND": envstr("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000

# --- Email -----------------------------------------------------------------------------------
EMAIL_MODE = envchoice("EMAIL_BACKEND", "file", ("smtp", "file", "console"))
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}[EMAIL_MODE]
EMAIL_FILE_PATH = Path(envstr("EMAIL_FILE_PATH", str(VAR_DIR / "mail")))
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Fairtrade City <noreply@fairtradecity.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the contact form and staff notifications go.
STAFF_EMAIL = envstr("STAFF_EMAIL", "fairtradecity@fairtrade.example")
# Where vulnerabilities are reported (/.well-known/security.txt): a mailto: or https: URI.
SECURITY_CONTACT = envstr("SECURITY_CONTACT", f"mailto:{STAFF_EMAIL}")

# --- Security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "fairtrade_portal.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions (the admin) end after 30 minutes without activity and 12 hours at most
# (OWASP ASVS 7.3); accounts.middleware.StaffSessionLimitMiddleware enforces both.
STAFF_SESSION_IDLE_SECONDS = envint("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
STAFF_SESSION_MAX_SECONDS = envint("STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
# Load balancers may check /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# No page may load anything from another host, and no inline script or style runs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Logging: everything to stdout, where the process manager collects it --------------------
LOG_LEVEL = envchoice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every page it lays out; the render's progress is shown in the admin.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
