"""Settings for Zukunftswerkstatt, read from the environment.

One file for every environment: development defaults are safe for a laptop
(SQLite, console-free file e-mail, DEBUG on), production sets the variables
listed in docs/deployment.md. There are no production-only branches.
"""

import re
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.secret_key import DEVELOPMENT_SECRET_KEY, refusal_message

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The public development key only with DEBUG on; production must set its own (checked below).
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address; every link in e-mails, calendar files and print-outs starts with it
# (core/links.py). `make run PORT=…` sets it to http://127.0.0.1:<port>.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "zukunftswerkstatt.accounts.admin_config.BackofficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Our apps. Which may use which: zukunftswerkstatt/core/layers.py (docs/architecture.md, "Layers").
    "zukunftswerkstatt.core",
    "zukunftswerkstatt.accounts",
    "zukunftswerkstatt.processes",
    "zukunftswerkstatt.conversation",
    "zukunftswerkstatt.events",
    "zukunftswerkstatt.inventory",
    "zukunftswerkstatt.swot",
    "zukunftswerkstatt.demography",
    "zukunftswerkstatt.reports",
    "zukunftswerkstatt.ideas",
    "zukunftswerkstatt.workshops",
    "zukunftswerkstatt.plans",
    "zukunftswerkstatt.themes",
    "zukunftswerkstatt.progress",
    "zukunftswerkstatt.surveys",
    "zukunftswerkstatt.participation",
    "zukunftswerkstatt.newsletter",
    "zukunftswerkstatt.handouts",
    "zukunftswerkstatt.easyread",
    "zukunftswerkstatt.api",
    "zukunftswerkstatt.opendata",
    "zukunftswerkstatt.feeds",
    "zukunftswerkstatt.embeds",
    "zukunftswerkstatt.notifications",
    "zukunftswerkstatt.demo",
    "mailer",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # django-ninja: the read API (api app); listed for its static files (Swagger UI, no CDN).
    "ninja",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zukunftswerkstatt.core.csp.ContentSecurityPolicyMiddleware",
    # CORS for reading only (API, open data, feeds): before anything that may answer (docs/api.md).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # No cookie on public data (API, open data, feeds, embeds); before the session, to see the answer last.
    "zukunftswerkstatt.core.middleware.NoCookiesForPublicDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zukunftswerkstatt.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Pages for visitors without an account from the cache (core/pagecache.py, docs/caching.md).
    "zukunftswerkstatt.core.pagecache.VisitorPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "zukunftswerkstatt.accounts.middleware.TwoFactorRequiredMiddleware",
    # Last, so that it sees the view's exceptions first: a lost database gets a retry (GET) or a plain 503.
    "zukunftswerkstatt.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zukunftswerkstatt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "zukunftswerkstatt.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must bear a room full of phones at a live workshop: writers take the
    # lock when their transaction begins (no "database is locked" half-way through), wait for it
    # instead of failing, and readers never wait for writers (write-ahead log).
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, adopted now

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Whole pages for visitors without an account (core/pagecache.py, docs/caching.md): how long one may
# be kept at most (any write ends them all before). It needs a cache all processes share (Redis):
# with the in-process default it is on only for the development server (one process).
# How long each process keeps the organisations' own host names before it reads them again (a process
# that saves an organisation reads them at once); see docs/organisations.md.
ORGANISATION_HOSTS_SECONDS = env.int("ORGANISATION_HOSTS_SECONDS", default=30)
VISITOR_CACHE = "default"
_SHARED_CACHE = "locmem" not in CACHES["default"]["BACKEND"].lower()
VISITOR_CACHE_SECONDS = env.int("VISITOR_CACHE_SECONDS", default=60 if (_SHARED_CACHE or DEBUG) else 0)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "accounts:profile"
LOGIN_URL = "account_login"

# django-allauth: e-mail is the login; verification is mandatory before login.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "zukunftswerkstatt.accounts.forms.SignupForm"
# ACCOUNT_RATE_LIMITS: see "Login lock and two-factor sign-in" at the end of this file.
ACCOUNT_ADAPTER = "zukunftswerkstatt.accounts.adapter.AccountAdapter"
# Account mails are framed like every other mail (core/mail.py): the adapter adds the prefix.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# Every e-mail goes into django-mailer's queue in the database first; `manage.py runmailer` sends
# it with MAILER_EMAIL_BACKEND and keeps it for a retry when the mail server is down.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="mailer.backend.DbBackend")
MAILER_EMAIL_BACKEND = env.str("MAILER_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
if env.str("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    MAILER_EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
    vars().update(_email)
MAILER_EMPTY_QUEUE_SLEEP = env.int("MAILER_EMPTY_QUEUE_SLEEP", default=5)
MAILER_USE_FILE_LOCK = False
# The sender's address; mails that belong to an organisation show its name (core/mail.py), e.g.
# "Städteverbund Göltzschtal – Zukunftswerkstatt <beteiligung@example.de>".
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Zukunftswerkstatt <beteiligung@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Unset: subjects begin with the organisation's name in brackets, "[Städteverbund Göltzschtal] ".
MAIL_SUBJECT_PREFIX = env.str("MAIL_SUBJECT_PREFIX", default=None)

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "zukunftswerkstatt" / "locale"]
# Our own date formats beside Django's (English as read in Europe: "11 December 2026").
FORMAT_MODULE_PATH = ["zukunftswerkstatt.core.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "zw_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "zukunftswerkstatt" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files only staff may see (scans of letters); never below MEDIA_ROOT, served by a checked view.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# Maps: the tile server the visitor's browser loads map images from. The default is
# OpenStreetMap's, which works on any machine with internet; the privacy policy names it
# (MAP_TILE_PROVIDER). A municipality can run its own (see docs/deployment.md); empty means no
# map is drawn and places are named in words only.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.str("MAP_ATTRIBUTION", default="© OpenStreetMap-Mitwirkende")
MAP_ATTRIBUTION_URL = env.str("MAP_ATTRIBUTION_URL", default="https://www.openstreetmap.org/copyright")
MAP_TILE_PROVIDER = env.str(
    "MAP_TILE_PROVIDER",
    default=(
        "OpenStreetMap Foundation, St John’s Innovation Centre, Cowley Road, Cambridge, CB4 0WS, Vereinigtes Königreich"
    ),
)
MAP_TILE_PRIVACY_URL = env.str("MAP_TILE_PRIVACY_URL", default="https://osmfoundation.org/wiki/Privacy_Policy")
# Where a map opens when no town of the process has a centre of its own (the Göltzschtal).
MAP_CENTER = env.list("MAP_CENTER", cast=float, default=[50.49, 12.40])
MAP_ZOOM = env.int("MAP_ZOOM", default=12)
# How far around the process's towns a pin may be set, in kilometres.
MAP_AREA_MARGIN_KM = env.float("MAP_AREA_MARGIN_KM", default=15.0)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str("STATICFILES_STORAGE", default="whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}

# Security: cookies and transport. The secure flags follow SECURE_COOKIES so that a
# plain-HTTP laptop install works and a production install sets one variable.
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_REFERRER_POLICY = "same-origin"
# How many reverse proxies in front of the application append to X-Forwarded-For; rate limits
# then count the real client address instead of the proxy's (0: use the connection's address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_IP_META_KEY = "zukunftswerkstatt.core.net.client_ip"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Rate limits of what visitors and people write (core/limits.py; docs/deployment.md "Rate limits").
# One table: "<group>:<who>" -> "number/period" (s, m, h, d), where <who> is `ip` (visitors without an
# account, by address), `account` (people signed in), or a group's own key (`participant` on the
# workshop board). "0/h" refuses everything (anonymous comments); a missing entry means no limit.
# Change single entries without touching code: RATE_LIMITS="ideas.idea:ip=5/h,swot.report:ip=3/h".
RATE_LIMITS_DEFAULT = {
    "ideas.idea:ip": "10/h",
    "ideas.idea:account": "20/h",
    "ideas.comment:ip": "0/h",
    "ideas.comment:account": "60/h",
    "ideas.support:ip": "0/h",
    "ideas.support:account": "300/h",
    "ideas.report:ip": "10/h",
    "ideas.report:account": "30/h",
    # The hints while writing a contribution: asked after each pause in typing, so generous.
    "ideas.hints:ip": "240/h",
    "ideas.hints:account": "240/h",
    "swot.suggestion:ip": "10/h",
    "swot.suggestion:account": "30/h",
    "swot.comment:ip": "0/h",
    "swot.comment:account": "60/h",
    "swot.report:ip": "10/h",
    "swot.report:account": "30/h",
    "inventory.suggest:ip": "5/h",
    "inventory.suggest:account": "20/h",
    "reports.pdf:ip": "10/h",
    "reports.pdf:account": "30/h",
    "demography.csv:ip": "300/h",
    "plans.help:ip": "10/h",
    "plans.help:account": "10/h",
    "plans.vote:ip": "600/h",
    "plans.vote:account": "600/h",
    "workshops.join:ip": "120/h",
    "workshops.card_ip:ip": "600/h",
    "workshops.card:participant": "40/h",
    "workshops.dot:participant": "300/h",
    # A teacher's actions in class mode (the link's key is the only credential): per address.
    "workshops.class:ip": "300/h",
    "progress.lookup:ip": "120/h",
    # Answers to a survey: a family or a library PC may send several from one address; one account
    # answers each survey once anyway (a database constraint), so its limit only stops scripts.
    "surveys.answer:ip": "30/h",
    "surveys.answer:account": "20/h",
    "progress.rate:account": "120/h",
    # The readability hints while staff write (easyread): asked after each pause in typing.
    "easyread.hints:account": "600/h",
    # The read API, open data downloads and feeds (issue 16): per address, every request counts.
    "api.read:ip": "1200/h",
    "opendata.download:ip": "300/h",
    "feeds.read:ip": "600/h",
    "embeds.read:ip": "3000/h",
    # Live push streams (issue 17): a phone opens one per page load and again after a lost connection;
    # all phones in a town hall often share one address.
    "live.stream:ip": "3000/h",
    # The handouts' PDFs (about half a second of a core each) for visitors without an account; a
    # senior centre printing for its notice board needs a few.
    "handouts.pdf:ip": "60/h",
    "documents.retry:account": env.str("DOCUMENT_RETRY_RATE", default="10/h"),
    "csp_report:ip": env.str("CSP_REPORT_RATE", default="60/m"),
    # Newsletter sign-ups from one address (one confirmation mail per address every 15 minutes anyway).
    "newsletter.subscribe:ip": "10/h",
}
RATE_LIMITS = {**RATE_LIMITS_DEFAULT, **env.dict("RATE_LIMITS", default={})}

# Live push (issue 17, core/live.py, docs/live.md): Redis as the message bus between the servers that
# write and the ASGI server that holds the pages' streams. Empty: no push, the pages poll.
LIVE_REDIS_URL = env.str("LIVE_REDIS_URL", default="")
# A page's ticket for its stream is valid this long (a workshop evening; a reload gets a new one).
LIVE_TICKET_HOURS = env.int("LIVE_TICKET_HOURS", default=24)
# Under WSGI a stream holds a worker: only the development server and the tests stream there (a
# stream then ends after LIVE_PUSH_WSGI_SECONDS and the browser connects again).
LIVE_PUSH_WSGI = env.bool("LIVE_PUSH_WSGI", default=DEBUG)
LIVE_PUSH_WSGI_SECONDS = env.int("LIVE_PUSH_WSGI_SECONDS", default=300)

# Event registrations (events/limits.py, events/services.py; docs/deployment.md). Only successful
# registrations count: a library PC or a senior centre can sign up many people one after another,
# and a form sent back with a mistake never counts. Rates are "number/period" (s, m, h, d).
EVENTS_REGISTRATION_RATE_PER_IP = env.str("EVENTS_REGISTRATION_RATE_PER_IP", default="30/h")
EVENTS_REGISTRATION_RATE_PER_ACCOUNT = env.str("EVENTS_REGISTRATION_RATE_PER_ACCOUNT", default="30/h")
EVENTS_REGISTRATION_RATE_PER_EMAIL = env.str("EVENTS_REGISTRATION_RATE_PER_EMAIL", default="5/h")
EVENTS_REGISTRATIONS_PER_EMAIL_PER_EVENT = env.int("EVENTS_REGISTRATIONS_PER_EMAIL_PER_EVENT", default=3)
# Days after an event's end until the needs people told us about (partly health data) are removed.
EVENTS_NEEDS_RETENTION_DAYS = env.int("EVENTS_NEEDS_RETENTION_DAYS", default=7)

# Platform-specific: which organisation the start page shows when there is only one.
DEFAULT_ORGANISATION_SLUG = env.str("DEFAULT_ORGANISATION_SLUG", default="")

# Background tasks (slow documents, bulk e-mails): django-tasks, the backport of Django 6's task
# framework. The database backend needs no other server; `make run` starts its worker
# (`manage.py db_worker`) beside the web server. Tests run tasks immediately.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.backend.DatabaseBackend")}}

# Workers that recover by themselves and the operator's status (core/workers.py, `manage.py status`,
# docs/deployment.md). A persistent connection (CONN_MAX_AGE > 0) is checked before a request uses
# it, so a database restart costs no request a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
# The mail and task workers wait 1, 2, 4, … seconds, at most this long, between tries while the
# database is away, and note that they are alive in the database this often.
WORKER_BACKOFF_MAX_SECONDS = env.int("WORKER_BACKOFF_MAX_SECONDS", default=60)
WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=30)
WORKER_HEARTBEAT_KEEP_DAYS = 7
# `manage.py status` exits non-zero when something waits longer than this.
STATUS_WORKER_SILENT_MINUTES = env.int("STATUS_WORKER_SILENT_MINUTES", default=5)
STATUS_MAIL_WAITING_MINUTES = env.int("STATUS_MAIL_WAITING_MINUTES", default=15)
STATUS_MAIL_DEFERRED_HOURS = env.int("STATUS_MAIL_DEFERRED_HOURS", default=24)
STATUS_TASK_WAITING_MINUTES = env.int("STATUS_TASK_WAITING_MINUTES", default=15)
STATUS_TASK_RUNNING_MINUTES = env.int("STATUS_TASK_RUNNING_MINUTES", default=30)

# Login lock and two-factor sign-in (accounts/two_factor.py; docs/deployment.md, docs/permissions.md).
# A wrong password locks the account it was tried on first: LOGIN_FAILED_RATE_PER_ACCOUNT counts
# failures per e-mail address (and wrong two-factor codes per person). The per-address limits are
# only a backstop against someone trying many accounts: a town hall, a library or a school sends
# everybody's log-ins from one address, so they must be high. The account limit comes first in the
# list, so that the attempts refused for a locked account do not use up the address's budget.
# Rates are "number/period" (s, m, h, d).


def _login_rate(name: str, default: str) -> str:
    value = env.str(name, default=default).strip()
    if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a number and a period, e.g. 5/5m or 100/10m, not {value!r}")
    return value


LOGIN_FAILED_RATE_PER_ACCOUNT = _login_rate("LOGIN_FAILED_RATE_PER_ACCOUNT", "5/5m")
LOGIN_FAILED_RATE_PER_ADDRESS = _login_rate("LOGIN_FAILED_RATE_PER_ADDRESS", "100/10m")
# Every log-in sent from one address, successful or not (a whole class logging in at once).
LOGIN_RATE_PER_ADDRESS = _login_rate("LOGIN_RATE_PER_ADDRESS", "300/10m")
ACCOUNT_RATE_LIMITS = {
    "login": f"{LOGIN_RATE_PER_ADDRESS}/ip",
    "login_failed": f"{LOGIN_FAILED_RATE_PER_ACCOUNT}/key,{LOGIN_FAILED_RATE_PER_ADDRESS}/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Two-factor sign-in with an authenticator app (TOTP) and one-time recovery codes, django-allauth's
# mfa. Anyone may switch it on for their account; an organisation can require it of its staff
# (Organisation.require_two_factor), and MFA_REQUIRED_FOR_PLATFORM_ADMINS requires it of platform
# administrators. Until they set it up, their roles are paused.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "zukunftswerkstatt.accounts.two_factor.TwoFactorAdapter"
MFA_FORMS = {
    "authenticate": "zukunftswerkstatt.accounts.forms.TwoFactorAuthenticateForm",
    "reauthenticate": "zukunftswerkstatt.accounts.forms.TwoFactorReauthenticateForm",
    "activate_totp": "zukunftswerkstatt.accounts.forms.TwoFactorActivateForm",
}
# The name the authenticator app shows beside the codes; empty: "Zukunftswerkstatt" and the name of
# the installation's organisation (when it has only one).
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="")
MFA_REQUIRED_FOR_PLATFORM_ADMINS = env.bool("MFA_REQUIRED_FOR_PLATFORM_ADMINS", default=False)

# Backup and restore (core/backup.py; `manage.py backup`, `manage.py restore`; docs/deployment.md).
# Where `manage.py backup` writes its archives unless --output says otherwise. Keep it outside
# MEDIA_ROOT (refused) and copy the archives off the machine.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))

# Audit log and mail log retention (core/audit.py, core/maillog.py; docs/privacy.md, docs/deployment.md).
# The audit log of staff actions is kept two years: long enough to answer a complaint or a council's
# question about a past participation round (rounds last about a year, complaints come months later),
# short enough not to become a record of staff behaviour. `manage.py purge_audit_log` runs daily.
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=730)
# django-mailer keeps every sent mail in full (MessageLog): enough days to answer "did my mail go
# out?", then `manage.py purge_mail_log` deletes it. Account deletion removes a person's mails at once.
MAIL_LOG_RETENTION_DAYS = env.int("MAIL_LOG_RETENTION_DAYS", default=30)
# Documents built in the background (core/documents.py, docs/documents.md): a build holds its row
# with a lease that a heartbeat renews; a row whose lease ran out lost its worker and is built again,
# at most DOCUMENT_MAX_ATTEMPTS times in all; a document waiting longer than the patience with no
# task queued for it is queued again. Staff may ask again for a failed one (rate per account).
DOCUMENT_LEASE_SECONDS = env.int("DOCUMENT_LEASE_SECONDS", default=120)
DOCUMENT_MAX_ATTEMPTS = env.int("DOCUMENT_MAX_ATTEMPTS", default=3)
DOCUMENT_QUEUE_PATIENCE_SECONDS = env.int("DOCUMENT_QUEUE_PATIENCE_SECONDS", default=900)
# DOCUMENT_RETRY_RATE (default 10/h) is the entry "documents.retry:account" of RATE_LIMITS.
# A production start that cannot be wrong (issue 11): without DEBUG, refuse to start without a
# secret key of our own (unset, the public development key, or weak by Django's rule). Not a
# warning: a forged e-mail confirmation or password reset link is the price of starting anyway.
# `manage.py check --deploy` says the same (core/checks.py) for settings changed after this point.
if not DEBUG and (_refusal := refusal_message(SECRET_KEY)):
    raise ImproperlyConfigured(_refusal)

# Content-Security-Policy (issue 11; django-csp, core/csp.py, docs/deployment.md). Strict: scripts
# and stylesheets only from our own static files; no inline script, style attribute or event
# handler anywhere (a nonce is added only where a page asks for one: the standalone 500 page).
# Added per response: the map's tile server (MAP_TILE_URL) to img-src, and the report endpoint.
# More sources for a municipality's additions: CSP_EXTRA_IMG_SRC, CSP_EXTRA_CONNECT_SRC (lists).
# CSP_ENFORCE=false only reports violations (a trial run after changing templates) instead of blocking.
CSP_ENFORCE = env.bool("CSP_ENFORCE", default=True)
CSP_EXTRA_IMG_SRC = env.list("CSP_EXTRA_IMG_SRC", default=[])
CSP_EXTRA_CONNECT_SRC = env.list("CSP_EXTRA_CONNECT_SRC", default=[])
# Reports a single address may send to the report endpoint: CSP_REPORT_RATE (default 60/m), the entry
# "csp_report:ip" of RATE_LIMITS.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *CSP_EXTRA_IMG_SRC],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF, *CSP_EXTRA_CONNECT_SRC],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
CONTENT_SECURITY_POLICY = _CSP if CSP_ENFORCE else None
# Cross-origin reading (django-cors-headers; issue 16, docs/api.md): any website may read the API,
# the open data files and the feeds with a script, never with the visitor's cookies, never writing.
CORS_URLS_REGEX = r"^/(api/v1|open-data|feeds)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After", "Content-Language")
CORS_PREFLIGHT_MAX_AGE = 86400
# django-ninja's cursor pagination (api/conventions.py) orders by the id, so the offset within equal
# positions stays 0; this only bounds what a forged cursor may ask for.
NINJA_PAGINATION_MAX_OFFSET = 1000
CONTENT_SECURITY_POLICY_REPORT_ONLY = None if CSP_ENFORCE else _CSP
# Uploads within a memory budget (core/images.py, core/uploads.py, the importers; docs/deployment.md,
# "Uploads"). An uploaded picture may decode to at most this many pixels (Pillow keeps 4 bytes a
# pixel: 8 MP ≈ 32 MB); baseline JPEGs are reduced on decode and may declare eight times as many
# (a 48 MP phone photo decodes at 2000×1500). Measured with benchmarks/uploads.py.
# A phase's video in German Sign Language (processes/admin.py): MP4 or WebM, at most this many MB.
SIGN_LANGUAGE_VIDEO_MAX_MB = env.int("SIGN_LANGUAGE_VIDEO_MAX_MB", default=200)
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=8_000_000)
# Decodes at once in one process (only matters with a threaded server; a sync worker does one).
UPLOAD_IMAGE_PARALLEL_DECODES = env.int("UPLOAD_IMAGE_PARALLEL_DECODES", default=1)
# CSV and XLSX imports, checked before a parser runs: rows, columns, the unpacked size of an XLSX
# (all zip members together), one member, the number of members and the compression ratio.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=200)
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=30 * 1024 * 1024)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=32_767)
