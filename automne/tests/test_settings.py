"""Start-up with a wrong environment stops with one line naming the variable."""

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
    "DATABASE_URL": "sqlite:////tmp/automne-check.sqlite3",
}


def run_manage(*args, **env_changes):
    inherited = set(PRODUCTION) | {"CI", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env.update(PRODUCTION)
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
        ({"DEBUG": "peut-être"}, "DEBUG"),
        ({"PROGRAMME_VERSION_TTL": "une seconde"}, "PROGRAMME_VERSION_TTL"),
        ({"PROGRAMME_VERSION_TTL": "-1"}, "PROGRAMME_VERSION_TTL"),
        ({"LOG_LEVEL": "bavard"}, "LOG_LEVEL"),
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
