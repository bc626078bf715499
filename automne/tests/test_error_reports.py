"""Errors are never silent: a line in the log, in the documented format, and an e-mail to ADMINS."""

import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError
from django.urls import path

from automne.tests.test_settings import run_manage

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("panne de test")


urlpatterns = [path("panne/", broken)]


def test_server_error_is_mailed_to_admins(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Veille", "veille@enap.ca")]
    client.raise_request_exception = False
    assert client.get("/panne/").status_code == 500
    assert [message.to for message in mail.outbox] == [["veille@enap.ca"]]
    assert mail.outbox[0].subject == "[Automne] ERROR (EXTERNAL IP): Internal Server Error: /panne/"
    assert "RuntimeError at /panne/\npanne de test" in mail.outbox[0].body


def test_server_error_without_admins_sends_no_mail(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = []
    client.raise_request_exception = False
    assert client.get("/panne/").status_code == 500
    assert mail.outbox == []


def test_errors_are_logged_on_one_line_with_date_level_and_logger():
    code = "import logging; logging.getLogger('django.request').error('Internal Server Error: /panne/')"
    result = run_manage("shell", "-v0", "-c", code)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR django\.request Internal Server Error: /panne/\n", result.stderr
    ), result.stderr


class QueueDown(BaseEmailBackend):
    """The mail queue when the database is the thing that failed."""

    def send_messages(self, messages):
        raise DatabaseError("la base ne répond plus")


def test_server_error_is_mailed_directly_when_the_queue_fails(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.ADMINS = [("Veille", "veille@enap.ca")]
    settings.EMAIL_BACKEND = "automne.tests.test_error_reports.QueueDown"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.raise_request_exception = False
    assert client.get("/panne/").status_code == 500
    assert [message.to for message in mail.outbox] == [["veille@enap.ca"]]
