"""Start-up with a wrong environment stops with one line naming the variable."""

import ast
import os
import subprocess
import sys
from unittest import mock

import environ
import pytest
from django.conf import settings

from automne import environment

PRODUCTION = {
    "ENV_FILE": "/nonexistent",
    "DEBUG": "false",
    "HTTPS": "true",
    "SECRET_KEY": "k8$Jq2-vR9pLx4!mZt7wYc1nB6hDf3Gs0aUeKoP5iNrXlQ-production-like-secret",
    "ALLOWED_HOSTS": "automne.enap.ca",
    "SITE_URL": "https://automne.enap.ca",
    "DATABASE_URL": "sqlite:////tmp/automne-check.sqlite3",
    "EMAIL_URL": "smtp+tls://automne:secret@smtp.exemple.ca:587",
}


def run_manage(*args, **env_changes):
    inherited = set(PRODUCTION) | {"CI", "DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL", "EMAIL_ALLOW_CONSOLE", "ADMINS"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(PRODUCTION)
    env["DJANGO_SETTINGS_MODULE"] = "automne.settings"  # the site's settings, not the test suite's
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysqlx://u@h/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://user@localhost:5432/"}, "DATABASE_URL"),
        ({"ALLOWED_HOSTS": "https://automne.enap.ca"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "automne.enap.ca/programme"}, "ALLOWED_HOSTS"),
        ({"SITE_URL": None}, "SITE_URL"),
        ({"SITE_URL": "automne.enap.ca"}, "SITE_URL"),
        ({"SITE_URL": "https://automne.enap.ca/programme/"}, "SITE_URL"),
        ({"DEBUG": "peut-être"}, "DEBUG"),
        ({"PROGRAMME_VERSION_TTL": "une seconde"}, "PROGRAMME_VERSION_TTL"),
        ({"PROGRAMME_VERSION_TTL": "-1"}, "PROGRAMME_VERSION_TTL"),
        ({"LOG_LEVEL": "bavard"}, "LOG_LEVEL"),
        ({"CACHE_URL": "memcache://127.0.0.1:11211"}, "CACHE_URL"),
        ({"CACHE_URL": "pas une adresse"}, "CACHE_URL"),
        ({"CACHE_URL": "locmemcache://"}, "CACHE_URL"),
        ({"CACHE_URL": "dbcache://"}, "CACHE_URL"),
        ({"EMAIL_URL": None}, "EMAIL_URL"),
        ({"EMAIL_URL": "consolemail://"}, "EMAIL_URL"),
        ({"EMAIL_URL": "filemail:///tmp/courriels"}, "EMAIL_URL"),
        ({"EMAIL_URL": "pigeon://nid"}, "EMAIL_URL"),
        ({"EMAIL_URL": "consolemail://", "EMAIL_ALLOW_CONSOLE": "peut-être"}, "EMAIL_ALLOW_CONSOLE"),
        ({"ADMINS": "Camille Côté <camille>"}, "ADMINS"),
        ({"PROXY_COUNT": "oui"}, "PROXY_COUNT"),
        ({"PROXY_COUNT": "-1"}, "PROXY_COUNT"),
    ],
)
def test_startup_with_bad_variable_stops_with_one_line(changes, variable):
    result = run_manage("check", **changes)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Configuration invalide — ")
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_console_email_without_debug_names_email_url_and_the_way_out():
    result = run_manage("check", EMAIL_URL="consolemail://")
    assert result.stderr == (
        "Configuration invalide — EMAIL_URL : « consolemail:// » n'envoie aucun courriel alors que DEBUG est faux "
        "(exemple : smtp+tls://utilisateur:mdp@smtp.exemple.ca:587 ; "
        "EMAIL_ALLOW_CONSOLE=true pour un essai sur cette machine)\n"
    )


def test_console_email_explicitly_allowed_starts():
    result = run_manage("check", EMAIL_URL="consolemail://", EMAIL_ALLOW_CONSOLE="true")
    assert result.returncode == 0, result.stderr


def test_console_email_with_debug_starts():
    result = run_manage("check", DEBUG="true", HTTPS="false", EMAIL_URL="consolemail://")
    assert result.returncode == 0, result.stderr


SHOW = (
    "from django.conf import settings; "
    "print(repr((settings.CACHES['default'], settings.EMAIL_BACKEND, settings.MAILER_EMAIL_BACKEND, "
    "settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.ADMINS, settings.PROXY_COUNT)))"
)


def test_production_values_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        SHOW,
        CACHE_URL="redis://127.0.0.1:6379/1",
        ADMINS="Camille Côté <camille@enap.ca>, veille@enap.ca",
        PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        (
            {"BACKEND": "automne.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"},
            "mailer.backend.DbBackend",
            "django.core.mail.backends.smtp.EmailBackend",
            "smtp.exemple.ca",
            587,
            True,
            [("Camille Côté", "camille@enap.ca"), ("veille@enap.ca", "veille@enap.ca")],
            1,
        )
    )


def test_defaults_are_the_database_cache_no_admins_and_no_trusted_proxy():
    result = run_manage("shell", "-v0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    cache, _, _, _, _, _, admins, proxies = ast.literal_eval(result.stdout)
    assert cache == {"BACKEND": "automne.cache.DatabaseCache", "LOCATION": "automne_cache"}
    assert (admins, proxies) == ([], 0)


def test_debug_without_secret_key_starts():
    result = run_manage("check", DEBUG="true", SECRET_KEY=None, HTTPS="false")
    assert result.returncode == 0, result.stderr


def test_language_time_zone_and_formats():
    assert settings.LANGUAGE_CODE == "fr-ca"
    assert settings.TIME_ZONE == "America/Toronto"
    assert settings.USE_TZ is True


def test_sqlite_is_tuned_for_several_workers():
    env = environ.Env()
    with mock.patch.dict(os.environ, {"DATABASE_URL": "sqlite:////tmp/automne.sqlite3"}):
        database = environment.database(env, default_url="")
    assert database["NAME"] == "/tmp/automne.sqlite3"
    assert database["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def test_postgres_url_gets_no_sqlite_options():
    env = environ.Env()
    with mock.patch.dict(os.environ, {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/automne"}):
        database = environment.database(env, default_url="")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "automne"
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "OPTIONS" not in database or "transaction_mode" not in database["OPTIONS"]


def test_conn_max_age_from_the_url_wins():
    env = environ.Env()
    with mock.patch.dict(os.environ, {"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/automne?conn_max_age=0"}):
        database = environment.database(env, default_url="")
    assert database["CONN_MAX_AGE"] == 0


def test_whitenoise_directly_after_security_middleware():
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
