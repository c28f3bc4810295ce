"""Cairn settings: every value comes from the environment (see the README's table).

With nothing set, Cairn runs on the embedded defaults — a SQLite file under
``CAIRN_DATA_DIR``, the database task queue, a local-memory cache — and with the
production security settings on. ``CAIRN_PLAIN_HTTP=true`` (what ``cairn demo`` sets)
relaxes only what plain HTTP on a laptop needs; ``DEBUG`` stays off even there, so a
missing page is Cairn's 404, never Django's debug page listing every URL.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from cairn.core import lanes

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", False)
# Served on plain HTTP from a laptop (``cairn demo``): cookies without Secure, no HTTPS
# redirect, static files read from the apps (no collectstatic). DEBUG implies it.
PLAIN_HTTP = env_bool("CAIRN_PLAIN_HTTP", DEBUG)

DATA_DIR = Path(os.environ.get("CAIRN_DATA_DIR", BASE_DIR / "data")).resolve()


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once and kept in the data folder.

    The generated key lets a single machine run without configuration; several app
    servers must share one key, so production sets SECRET_KEY.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

#: Cairn's apps, layer by layer (docs/architecture.md): an app imports only from the apps of
#: earlier layers, and apps of one layer do not import each other. The one list of them:
#: INSTALLED_APPS is built from it and cairn/tests/test_architecture.py checks the imports
#: against it. A new app takes its place here.
CAIRN_APP_LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("notifications",),
    ("recommendations",),
    ("projects",),
    ("stories", "events", "inbox"),
    ("hackathons", "experiments"),
    ("reports",),
)

INSTALLED_APPS = [
    *(f"cairn.{app}" for layer in CAIRN_APP_LAYERS for app in layer),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # its static files: the API's interactive documentation (no CDN)
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside Django's CSRF middleware: puts the request's token in kept forms (cairn/core/http.py).
    "cairn.core.http.KeptCsrfTokenMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cairn.accounts.middleware.ApiTokenMiddleware",
    "cairn.accounts.middleware.StaffMFARequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cairn.urls"
WSGI_APPLICATION = "cairn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cairn.core.context_processors.site",
                "cairn.core.context_processors.header",
                "cairn.accounts.context_processors.permissions",
            ],
            # memo: {% translate %} and {% url %} with Django's output, remembered per node
            # (after i18n, whose tags it replaces: docs/performance.md).
            "builtins": [
                "django.templatetags.i18n",
                "cairn.core.templatetags.components",
                "cairn.core.templatetags.memo",
                "cairn.core.templatetags.translated",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite when DATABASE_URL is unset. WAL and IMMEDIATE transactions let the web server
# and the task worker write to the same file without "database is locked" errors.
SQLITE_OPTIONS: dict[str, object] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if database_url := os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)}
    # Server-side cursors break behind a transaction-pooling proxy (PgBouncer) and cost
    # round trips for the short lists Cairn iterates; large exports stream in tasks.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Cairn's queries are short; PostgreSQL's JIT compiles the ones its planner thinks
        # costly (the status subqueries over thousands of recommendations) and spent 100 ms
        # compiling a query that runs in 20 ms. Behind PgBouncer, which drops startup
        # options, set it on the database instead: ALTER DATABASE … SET jit = off.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
        DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "cairn.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background tasks -------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
#: The table of the shared cache without Redis (a model of cairn.core, so `migrate` creates it).
SHARED_CACHE_TABLE = "cairn_shared_cache"


def cache_settings(redis_url: str) -> dict[str, dict[str, object]]:
    """Two caches (decision 0020). ``default`` is what every process must agree on —
    allauth's rate-limit counters (failed logins, password resets) and used TOTP codes,
    which allauth keeps in the default cache and nowhere else: Redis, or without it a
    table of the database (each web worker's own memory would count apart, and forget on
    restart). ``pages`` holds what Cairn computes and renders (``cairn.core.stamps``):
    Redis, or without it each process's memory, so a cached page runs no query."""
    if redis_url:
        redis: dict[str, object] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        return {"default": redis, "pages": redis}
    return {
        # Expired rows go when the table passes MAX_ENTRIES; live counters are culled only
        # past it, so it is far above what the rate limits keep in their few minutes.
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SHARED_CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cairn-pages"},
    }


CACHES = cache_settings(REDIS_URL)

# Forms render <select> in one template loop instead of one template per option.
FORM_RENDERER = "cairn.core.forms.FormRenderer"

# Background tasks: a queue in the database by default, so one machine needs nothing more;
# Redis (RQ, with `cairn worker` running RQ's worker) once the cooperative outgrows it.
# Two lanes (cairn/core/lanes.py): interactive jobs never wait behind bulk ones.
TASK_LANES = list(lanes.QUEUES)
TASKS_QUEUE = os.environ.get("CAIRN_TASKS_BACKEND", "database").strip().lower()
if TASKS_QUEUE == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("CAIRN_TASKS_BACKEND=redis needs REDIS_URL (redis://host:6379/0).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {lane: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for lane in TASK_LANES}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_LANES}}
elif TASKS_QUEUE == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_LANES}}
else:
    raise ImproperlyConfigured(f"CAIRN_TASKS_BACKEND must be 'database' or 'redis', not {TASKS_QUEUE!r}.")

# --- Accounts and authentication ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's, reading the signed-in account with its profile, roles and
    # second factor in one query (cairn/accounts/backends.py).
    "cairn.accounts.backends.ModelBackend",
    "cairn.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cairn.core.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

ACCOUNT_ADAPTER = "cairn.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_SIGNUP_FORM_CLASS = "cairn.accounts.forms.SignupExtraForm"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cairn] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if PLAIN_HTTP else "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cairn"
# Staff roles (coordination team, department leads, admins) must use TOTP.
CAIRN_STAFF_MFA_REQUIRED = env_bool("CAIRN_STAFF_MFA_REQUIRED", True)

# --- Client addresses behind the reverse proxy ------------------------------------------
# Who the client is, for allauth's per-address rate limits (failed logins, signups,
# password resets, TOTP codes) and anything else that keys on it: allauth's adapter
# (``get_adapter().get_client_ip(request)``) is the one place that answers. By default the
# TCP peer (REMOTE_ADDR) — behind a reverse proxy that is the proxy, one address for every
# member. CAIRN_TRUSTED_PROXY_COUNT=N takes the N-th address from the right of
# X-Forwarded-For (each proxy appends the address it received the request from);
# CAIRN_TRUSTED_CLIENT_IP_HEADER takes a header the proxy sets itself (X-Real-IP,
# CF-Connecting-IP). A value larger than the proxies really there lets clients choose
# their address (README: Production deployment).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("CAIRN_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("CAIRN_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("CAIRN_TRUSTED_PROXY_COUNT is the number of proxies in front of Cairn: 0 or more.")
if ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
    raise ImproperlyConfigured(
        "Set CAIRN_TRUSTED_PROXY_COUNT (X-Forwarded-For) or CAIRN_TRUSTED_CLIENT_IP_HEADER, not both: the header would win."
    )
# Failed logins: 10 a minute from one address, and 5 in 5 minutes on one account whatever
# the address (allauth's defaults, written out because the README promises them).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    # Questions asked on the site (cairn/inbox): 20 an hour from one client address, and 5
    # an hour from one e-mail address whatever the client.
    "inbox_ask": "20/h/ip,5/h/key",
}

# --- E-mail ---------------------------------------------------------------------------
# SMTP when EMAIL_HOST is set, else the console; EMAIL_BACKEND chooses another backend
# (the demo writes e-mails to files under the data folder).
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("EMAIL_HOST") else "django.core.mail.backends.console.EmailBackend",
)
CAIRN_EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
_mail_options: dict[str, object] = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": 30,
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": CAIRN_EMAIL_FILE_PATH}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cairn <cairn@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The inbox (cairn/inbox, docs/inbox.md) --------------------------------------------
# The cooperative's address: answers leave from it and replies come back to it.
CAIRN_INBOX_ADDRESS = os.environ.get("CAIRN_INBOX_ADDRESS", DEFAULT_FROM_EMAIL)
# The mailbox Cairn reads over IMAP with TLS; unset host: the mailbox is not read.
CAIRN_INBOX_IMAP_HOST = os.environ.get("CAIRN_INBOX_IMAP_HOST", "")
CAIRN_INBOX_IMAP_PORT = env_int("CAIRN_INBOX_IMAP_PORT", 993)
CAIRN_INBOX_IMAP_USER = os.environ.get("CAIRN_INBOX_IMAP_USER", "")
CAIRN_INBOX_IMAP_PASSWORD = os.environ.get("CAIRN_INBOX_IMAP_PASSWORD", "")
CAIRN_INBOX_IMAP_FOLDER = os.environ.get("CAIRN_INBOX_IMAP_FOLDER", "INBOX")
# A CA file to trust instead of the system's (a private mail server); empty: the system's.
CAIRN_INBOX_IMAP_CA_FILE = os.environ.get("CAIRN_INBOX_IMAP_CA_FILE", "")
# Closed conversations are deleted this many days after they were closed.
CAIRN_INBOX_RETENTION_DAYS = env_int("CAIRN_INBOX_RETENTION_DAYS", 730)

# --- Languages and time ---------------------------------------------------------------
# French is the source language of every string; Dutch and English are complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LANGUAGE_COOKIE_SECURE = not PLAIN_HTTP
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "/static/"
# On a laptop (PLAIN_HTTP) the static files are read from the apps: nothing is collected.
STATIC_ROOT = None if PLAIN_HTTP and "STATIC_ROOT" not in os.environ else Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Files that only a permission-checked view hands out (project attachments) live outside
# MEDIA_ROOT, so a proxy serving /media/ (stories' images) can never expose them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    # Stories' images: outside MEDIA_ROOT too, at /media/stories/… where a view checks the
    # story may be seen (an unpublished story's images answer 404, like the story).
    "stories": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": MEDIA_URL},
    },
    "staticfiles": {
        # On a laptop (plain HTTP) the files come from the apps, unhashed: no collectstatic.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if PLAIN_HTTP
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = PLAIN_HTTP
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- Security -------------------------------------------------------------------------
# Defaults are the production ones; PLAIN_HTTP (the demo on a laptop) relaxes the HTTPS parts.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not PLAIN_HTTP)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = not PLAIN_HTTP
CSRF_COOKIE_SECURE = not PLAIN_HTTP
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if PLAIN_HTTP else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not PLAIN_HTTP)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

CAIRN_COOPERATIVE_NAME = os.environ.get("CAIRN_COOPERATIVE_NAME", "La Coopérative")
CAIRN_MEMBER_IMPORT_MAX_BYTES = 10 * 1024 * 1024
# Registry import (CSV, XLSX or a pad's Markdown): the same limit; an upload waits for
# its confirmation this long, then expires and its content is dropped.
CAIRN_REGISTRY_IMPORT_MAX_BYTES = CAIRN_MEMBER_IMPORT_MAX_BYTES
CAIRN_REGISTRY_IMPORT_TTL = datetime.timedelta(hours=24)
# Stories: the largest cover or body image accepted (decoded and checked with Pillow).
CAIRN_STORY_IMAGE_MAX_BYTES = 5 * 1024 * 1024
# Projects: attachments (PDF, images, office documents) up to this size; an unanswered
# update request is reminded after this many days (then again every as many days).
CAIRN_PROJECT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
CAIRN_UPDATE_REQUEST_REMINDER_DAYS = int(os.environ.get("CAIRN_UPDATE_REQUEST_REMINDER_DAYS", "14"))
# Notification e-mails: their unsubscribe links (and the one-click header) work this many
# days; every e-mail carries a fresh one, so an old link forwarded or leaked stops working.
CAIRN_UNSUBSCRIBE_LINK_DAYS = env_int("CAIRN_UNSUBSCRIBE_LINK_DAYS", 90)
if CAIRN_UNSUBSCRIBE_LINK_DAYS < 1:
    raise ImproperlyConfigured("CAIRN_UNSUBSCRIBE_LINK_DAYS is a number of days: 1 or more.")
# The licence of the open data, as an SPDX identifier (docs/api.md, datapackage.json).
CAIRN_OPEN_DATA_LICENCE = os.environ.get("CAIRN_OPEN_DATA_LICENCE", "CC-BY-4.0").strip() or "CC-BY-4.0"
# The API's rate limits (docs/api.md): requests per minute per client address without a
# token, and per personal access token.
CAIRN_API_RATE_PER_IP = env_int("CAIRN_API_RATE_PER_IP", 120)
CAIRN_API_RATE_PER_TOKEN = env_int("CAIRN_API_RATE_PER_TOKEN", 600)
if CAIRN_API_RATE_PER_IP < 1 or CAIRN_API_RATE_PER_TOKEN < 1:
    raise ImproperlyConfigured("CAIRN_API_RATE_PER_IP and CAIRN_API_RATE_PER_TOKEN are numbers of requests per minute: 1 or more.")
