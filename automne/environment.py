"""Reading the deployment's environment, failing loudly and briefly.

A mistake in the environment must stop start-up with one line that names the
variable, not a wall of traceback: `stop()` prints that line and exits.
"""

import logging
import re
import sys
from email.utils import getaddresses

import environ

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
# A host name, an IPv4 or bracketed IPv6 address, optionally with a leading dot
# (sub-domains) or the wildcard "*"; never a scheme, a path or a space.
HOST_PATTERN = re.compile(r"^(\*|\.?[a-z0-9-]+(\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(:\d+)?$", re.I)


class ConfigurationError(Exception):
    def __init__(self, variable, problem):
        super().__init__(f"{variable} : {problem}")
        self.variable = variable


def stop(error):
    sys.stderr.write(f"Configuration invalide — {error}\n")
    raise SystemExit(1)


TRUE_WORDS = {"true", "1", "yes", "on", "oui", "vrai"}
FALSE_WORDS = {"false", "0", "no", "off", "non", "faux", ""}


def boolean(env, variable, default):
    """Strict: a typo such as DEBUG=ture stops start-up instead of meaning false."""
    value = env.str(variable, default=str(default)).strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigurationError(variable, f"« {value} » n'est ni true ni false")


def seconds(env, variable, default):
    """A duration in seconds, 0 or more ("1", "0.5")."""
    value = env.str(variable, default=str(default)).strip()
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not number >= 0:  # also refuses nan
        raise ConfigurationError(variable, f"« {value} » n'est pas un nombre de secondes (exemple : 1 ou 0.5)")
    return number


def log_level(env, default):
    """One of the names the logging module knows (DEBUG, INFO, WARNING, ERROR, CRITICAL…), in capitals."""
    value = env.str("LOG_LEVEL", default=default).strip()
    if value not in logging.getLevelNamesMapping():
        raise ConfigurationError(
            "LOG_LEVEL", f"« {value} » n'est pas un niveau (DEBUG, INFO, WARNING, ERROR, CRITICAL)"
        )
    return value


def secret_key(env, debug):
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if debug:
        return "insecure-development-key-only-for-debug"
    raise ConfigurationError("SECRET_KEY", "obligatoire quand DEBUG est faux (voir .env.example)")


def allowed_hosts(env, debug):
    hosts = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if debug else [])
    for host in hosts:
        if not HOST_PATTERN.match(host):
            raise ConfigurationError(
                "ALLOWED_HOSTS",
                f"« {host} » n'est pas un nom d'hôte (exemple : automne.enap.ca,www.automne.enap.ca)",
            )
    return hosts


SITE_URL_EXAMPLE = "(exemple : https://automne.enap.ca)"
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url(env, debug):
    """SITE_URL: the one address of the site in what leaves it (e-mails, PDFs, QR codes, feeds;
    automne/site.py), scheme and host only, returned without a trailing slash."""
    value = env.str("SITE_URL", default="").strip()
    if not value:
        if debug:
            return DEVELOPMENT_SITE_URL
        raise ConfigurationError("SITE_URL", f"obligatoire quand DEBUG est faux {SITE_URL_EXAMPLE}")
    scheme, _, rest = value.partition("://")
    host = rest[:-1] if rest.endswith("/") else rest
    if scheme not in ("http", "https") or not HOST_PATTERN.match(host) or host.startswith((".", "*")):
        raise ConfigurationError("SITE_URL", f"« {value} » n'est pas l'adresse du site, sans chemin {SITE_URL_EXAMPLE}")
    return f"{scheme}://{host.lower()}"


def database(env, default_url):
    url = env.str("DATABASE_URL", default=default_url)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in DATABASE_SCHEMES:
        raise ConfigurationError(
            "DATABASE_URL",
            "adresse invalide (exemples : sqlite:////chemin/db.sqlite3, postgres://user:mdp@hôte:5432/base)",
        )
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # the parser raises several types for one mistake
        raise ConfigurationError("DATABASE_URL", f"adresse illisible ({exc})") from None
    if not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL", "le nom de la base de données manque")
    # Keep connections between requests (a new PostgreSQL connection costs more than most
    # pages), checked before reuse; `?conn_max_age=0` in the URL turns this off.
    config.setdefault("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several gunicorn workers write at once: WAL lets readers go on during a write,
        # IMMEDIATE takes the write lock at BEGIN (no upgrade deadlock) and the timeout
        # makes a writer wait for the lock instead of failing with "database is locked".
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


# Caches every gunicorn worker and every server share; locmemcache is one per process.
# Each with the atomic counters of the limits (automne/cache.py).
SHARED_CACHES = {
    "dbcache": "automne.cache.DatabaseCache",
    "redis": "automne.cache.RedisCache",
    "rediss": "automne.cache.RedisCache",
}
CACHE_EXAMPLES = "redis://127.0.0.1:6379/1, dbcache://automne_cache"


def cache(env, debug, default_url):
    """The shared cache: login throttling must agree across workers and servers.

    Redis goes through Django's own RedisCache (no extra package: only `redis`); every backend gets the
    atomic counters of automne/cache.py. locmemcache counts per process, so it is accepted only with
    DEBUG (one `runserver`).
    """
    url = env.str("CACHE_URL", default=default_url)
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme == "locmemcache" and debug:
        return dict(environ.Env.cache_url_config(url), BACKEND="automne.cache.LocMemCache")
    if scheme == "locmemcache":
        raise ConfigurationError(
            "CACHE_URL",
            f"locmemcache:// n'est pas partagé entre les processus de gunicorn (exemples : {CACHE_EXAMPLES})",
        )
    if scheme not in SHARED_CACHES:
        raise ConfigurationError("CACHE_URL", f"adresse invalide (exemples : {CACHE_EXAMPLES})")
    try:
        config = environ.Env.cache_url_config(url)
    except Exception as exc:  # the parser raises several types for one mistake
        raise ConfigurationError("CACHE_URL", f"adresse illisible ({exc})") from None
    if not config.get("LOCATION"):
        raise ConfigurationError("CACHE_URL", f"l'emplacement manque (exemples : {CACHE_EXAMPLES})")
    config["BACKEND"] = SHARED_CACHES[scheme]
    return config


# Backends that never deliver: the message stays on this machine (a log, a file, memory) or is dropped.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def email(env, debug):
    """EMAIL_URL's settings. Without DEBUG, a backend that delivers nothing (password-reset links in
    the server's log) stops start-up unless EMAIL_ALLOW_CONSOLE=true says it is meant."""
    url = env.str("EMAIL_URL", default="consolemail://")
    try:
        config = environ.Env.email_url_config(url)
    except Exception as exc:
        raise ConfigurationError(
            "EMAIL_URL", f"adresse illisible ({exc}) (exemple : smtp+tls://utilisateur:mdp@smtp.exemple.ca:587)"
        ) from None
    allowed = boolean(env, "EMAIL_ALLOW_CONSOLE", default=False)
    if not debug and config["EMAIL_BACKEND"] in LOCAL_EMAIL_BACKENDS and not allowed:
        raise ConfigurationError(
            "EMAIL_URL",
            f"« {url.split('://', 1)[0]}:// » n'envoie aucun courriel alors que DEBUG est faux "
            "(exemple : smtp+tls://utilisateur:mdp@smtp.exemple.ca:587 ; "
            "EMAIL_ALLOW_CONSOLE=true pour un essai sur cette machine)",
        )
    return config


ADDRESS_PATTERN = re.compile(r"^[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+$")


def admins(env):
    """ADMINS=« Nom <courriel>, autre@exemple.ca »: who receives the site's errors by e-mail."""
    value = env.str("ADMINS", default="").strip()
    found = []
    for part in filter(None, (piece.strip() for piece in value.split(","))):
        name, address = getaddresses([part])[0]
        if not ADDRESS_PATTERN.match(address):
            raise ConfigurationError(
                "ADMINS", f"« {part} » n'est pas un courriel (exemple : Camille Côté <camille@enap.ca>,autre@enap.ca)"
            )
        found.append((name or address, address))
    return found


def proxy_count(env):
    """How many proxies we own stand between the client and gunicorn (0: none, trust no header)."""
    value = env.str("PROXY_COUNT", default="0").strip()
    if not value.isdigit() or int(value) > 5:
        raise ConfigurationError("PROXY_COUNT", f"« {value} » n'est pas un nombre de mandataires (0, 1 ou 2)")
    return int(value)


def count(env, variable, default):
    """A whole number, 1 or more (a limit)."""
    value = env.str(variable, default=str(default)).strip()
    if not value.isdecimal() or not value.isascii() or int(value) < 1:
        raise ConfigurationError(variable, f"« {value} » n'est pas un nombre entier de 1 ou plus")
    return int(value)


MATRICULE_SYMBOLS = set("9A-./")


def matricule_format(env, default):
    """MATRICULE_FORMAT: the ENAP matricule's shape, read once. « 9 » stands for a digit, « A » for a capital
    letter, « - . / » for themselves; several shapes are separated by « | » (« 99999999|AAAA99999999 »).
    Checked by inscriptions/identity.py, character by character (no regular expression)."""
    value = env.str("MATRICULE_FORMAT", default=default).strip()
    shapes = tuple(shape.strip() for shape in value.split("|"))
    for shape in shapes:
        if not shape or len(shape) > 20 or not set(shape) <= MATRICULE_SYMBOLS:
            raise ConfigurationError(
                "MATRICULE_FORMAT",
                f"« {value} » n'est pas un format de matricule : 9 pour un chiffre, A pour une lettre, "
                "- . / tels quels, au plus 20 caractères, plusieurs formats séparés par | (exemple : 99999999)",
            )
    return shapes
