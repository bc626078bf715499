"""Settings of the Automne site: one module, every deployment value from the environment.

Each variable is documented in `.env.example` and in the README.
"""

import os
import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF

from automne import environment

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local `.env` (written by `make run`) supplies defaults; the real environment wins.
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if os.path.isfile(ENV_FILE):
    env.read_env(ENV_FILE)

try:
    DEBUG = environment.boolean(env, "DEBUG", default=False)
    SECRET_KEY = environment.secret_key(env, DEBUG)
    ALLOWED_HOSTS = environment.allowed_hosts(env, DEBUG)
    # The site's address in e-mails, PDFs, QR codes and feeds (automne/site.py), never guessed from a request.
    SITE_URL = environment.site_url(env, DEBUG)
    DATABASES = {"default": environment.database(env, f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
    # Shared by every worker and server (login limits): Redis in production, else a database table
    # that `migrate` creates (automne/migrations/0003_cache_table.py).
    CACHES = {"default": environment.cache(env, DEBUG, default_url="dbcache://automne_cache")}
    vars().update(environment.email(env, DEBUG))
    ADMINS = environment.admins(env)
    PROXY_COUNT = environment.proxy_count(env)
    HTTPS = environment.boolean(env, "HTTPS", default=False)
    # Seconds a process keeps the programme's version before reading it again (programme/caching.py).
    PROGRAMME_VERSION_TTL = environment.seconds(env, "PROGRAMME_VERSION_TTL", default=1.0)
    # The domain of the calendar events' UIDs: never changed once participants have imported them.
    PROGRAMME_UID_DOMAIN = env.str("PROGRAMME_UID_DOMAIN", default="automne.enap.ca")
    LOG_LEVEL = environment.log_level(env, default="WARNING")
    # Images of the cahier per account (cahier/images.py): how many, and their bytes once re-encoded.
    CAHIER_IMAGE_QUOTA_COUNT = environment.count(env, "CAHIER_IMAGE_QUOTA_COUNT", default=20)
    CAHIER_IMAGE_QUOTA_BYTES = environment.count(env, "CAHIER_IMAGE_QUOTA_BYTES", default=25 * 1024 * 1024)
    # Sessions' materials (supports/files.py): the bytes of one file, and of all the files of one edition.
    SUPPORTS_FILE_MAX_BYTES = environment.count(env, "SUPPORTS_FILE_MAX_BYTES", default=20 * 1024 * 1024)
    SUPPORTS_EDITION_MAX_BYTES = environment.count(env, "SUPPORTS_EDITION_MAX_BYTES", default=200 * 1024 * 1024)
    # The ENAP matricule's shape(s), checked by inscriptions/identity.py: « 9 » a digit, « A » a capital letter.
    MATRICULE_FORMAT = environment.matricule_format(env, default="99999999")
except (environment.ConfigurationError, ValueError) as error:
    environment.stop(error)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Test databases on SQLite are files, not shared-cache memory: the no-overbooking tests need
    # real locking between connections. One per process, so simultaneous test runs never collide.
    DATABASES["default"].setdefault(
        "TEST", {"NAME": os.path.join(tempfile.gettempdir(), f"automne-test-{os.getpid()}.sqlite3")}
    )

# Public pages, cached whole under a key that includes the programme's version (programme/caching.py),
# and the cards and bodies they are made of (programme/fragments.py): nothing there must agree between
# processes, so each keeps its own, in memory, the fastest. Each occurrence has about eight entries
# (its cards at two levels, its iCalendar, JSON, c3voc and frab pieces, compressed chunks): room for
# 100× the 2025 programme (4 000 occurrences: 22 753 entries, 87 Mo per process once every page and
# export is asked for; about 1 Mo at 1×), for LocMemCache drops a third of its entries each time it is
# full, and a programme larger than the room would be rendered again whole.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "automne-pages",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
    # One entry per language (automne/languages.py).
    "KEY_FUNCTION": "automne.languages.cache_key",
}

# What one worker renders of the programme, kept for every worker and server (programme/caching.py):
# with Redis, its own keys on the shared server. With the database cache, none: each new version's
# pages written there would take SQLite's write lock, and could push out the login counters.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["programme"] = {
        **CACHES["default"],
        "KEY_PREFIX": "programme",
        "KEY_FUNCTION": "automne.languages.cache_key",
    }

# E-mail goes through a queue in the database (django-mailer): a registration never waits for, nor
# fails with, the SMTP server. `manage.py send_mail_queue` (make run, deploy/systemd) delivers it
# through EMAIL_URL's backend, and retries what the server refused.
MAILER_EMAIL_BACKEND = EMAIL_BACKEND  # noqa: F821 (set from EMAIL_URL above)
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_USE_FILE_LOCK = False  # rows are locked instead (SELECT … FOR UPDATE NOWAIT): safe on several servers
MAILER_EMAIL_LOG_MESSAGE_DATA = False  # the log keeps no copy of the message (reset links, personal data)
MAILER_EMAIL_MAX_RETRIES = 48  # every 10 minutes for 8 hours, then left in the admin for a person to see
MAILER_ERROR_HANDLER = "automne.mail_queue.defer_on_error"

# Request sizes: a drawing is at most 5 Mo (cahier/drawings.py), sent as a file or as a base64 form
# field (4/3 larger). The proxy's client_max_body_size (deploy/nginx/automne.conf) is 8m.
DATA_UPLOAD_MAX_MEMORY_SIZE = 7 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="École d'automne <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Automne] "
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "automne",
    "programme",
    "inscriptions",
    "cahier",
    "remises",
    "intervenants",
    "supports",
    "appreciations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",  # /sitemap.xml (programme/sitemaps.py)
    "mailer",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page's language from its address (/en/… English, French elsewhere), before any cached page is
    # served (automne/languages.py).
    "automne.languages.LanguageFromAddressMiddleware",
    # Every text answer compressed for whoever accepts gzip, with the mitigations against BREACH
    # (automne/compression.py); static files come compressed already from WhiteNoise.
    "automne.compression.CompressionMiddleware",
    # NUL, lone surrogates, JSON too deep, numbers no database holds: refused before anything reads them.
    "automne.middleware.BadInputMiddleware",
    # Cached public programme pages, served before sessions and views (programme/caching.py).
    "programme.caching.SharedPageMiddleware",
    # A logged-in person's programme pages, kept for them, served after validating their session
    # (programme/personal.py).
    "programme.personal.PersonalPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "automne.urls"
WSGI_APPLICATION = "automne.wsgi.application"

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
                "programme.context_processors.current_edition",
            ],
        },
    },
]

AUTH_USER_MODEL = "inscriptions.User"
# Login by e-mail, with a wait after repeated failures (inscriptions/throttle.py).
AUTHENTICATION_BACKENDS = ["inscriptions.backends.ThrottledModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# A login lasts the whole school week (and a little more).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 10

# French first, without an address prefix; English under /en/ (issue 24). The site's own strings are
# written in French and translated in locale/en/ (compiled by `make run`, `make test` and CI).
LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"  # Montréal
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["automne.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by WhiteNoise: favicon.ico and the other icons, the web app
# manifest and the service worker (its scope is then the whole site).
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    # Drawings live in the database, shared by every application server (why: automne/storage.py).
    "default": {"BACKEND": "automne.storage.DatabaseStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers, on every response.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The health check is probed over plain http by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# Errors: one line « date LEVEL logger message » on the standard error (journald under systemd),
# followed by the traceback; request errors (500) are also e-mailed to ADMINS when it is set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "mail_admins": {"class": "automne.error_mail.AdminEmailHandler", "level": "ERROR", "filters": ["production"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        "automne.mail": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Faults the site answers for without an error status (a notebook left out of the team's ZIP, a drawing
        # file gone from a PDF): logged with their traceback and mailed to ADMINS, as a 500 would be.
        "automne.faults": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
    },
}
