"""The durable mail queue (django-mailer): a message waits in the database until delivered.

In the other tests Django's test set-up sends every message to `mail.outbox` (EMAIL_BACKEND is
replaced by the memory backend); here the queue is put back, as in production.
"""

import datetime
import email
import logging
import re
import socket
import subprocess
import sys
from email import policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.core.mail.backends.base import BaseEmailBackend
from mailer.models import PRIORITY_DEFERRED, PRIORITY_MEDIUM, RESULT_FAILURE, Message, MessageLog

from automne import mail_queue
from inscriptions.models import Registration
from inscriptions.tests.factories import form_data
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db
WRITTEN = datetime.datetime(2025, 9, 2, 10, 45, tzinfo=ZoneInfo("America/Toronto"))


class BrokenBackend(BaseEmailBackend):
    """A mail server that fails in a way django-mailer does not expect (not an SMTP error)."""

    def send_messages(self, messages):
        raise RuntimeError("serveur en panne")


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    return settings


def register(client):
    make_open_edition()
    return client.post("/inscription/", form_data())


def test_registration_succeeds_and_mail_stays_queued_when_the_mail_server_fails(client, queued, caplog):
    queued.MAILER_EMAIL_BACKEND = "automne.tests.test_mail_queue.BrokenBackend"
    response = register(client)
    assert response["Location"] == "/inscription/courriel-envoye/"
    assert Registration.objects.count() == 1
    assert [m.to_addresses for m in Message.objects.all()] == [["camille.cote@exemple.ca"]]
    with caplog.at_level(logging.ERROR, logger="automne.mail"):
        assert mail_queue.deliver() == 1
    message = Message.objects.get()
    assert message.priority == PRIORITY_DEFERRED  # retried later, listed in the admin
    assert list(MessageLog.objects.values_list("result", "log_message")) == [
        (RESULT_FAILURE, "RuntimeError: serveur en panne")
    ]
    assert caplog.messages == [
        f"Courriel {message.id} non envoyé, réessayé dans 10 minutes : RuntimeError: serveur en panne"
    ]
    assert mail_queue.retry_deferred() == 1
    assert Message.objects.get().priority == PRIORITY_MEDIUM


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.rcpt_tos, envelope.original_content))
        return "250 Message accepted for delivery"


def test_queued_mail_reaches_a_real_smtp_server_once_it_is_up(client, queued):
    port = free_port()
    queued.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    queued.EMAIL_HOST, queued.EMAIL_PORT, queued.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    queued.SITE_URL = "https://automne.exemple.ca"
    with time_machine.travel(WRITTEN, tick=False):
        register(client)
    assert mail_queue.deliver() == 1  # nobody listens yet: deferred
    assert Message.objects.get().priority == PRIORITY_DEFERRED
    written = Message.objects.get().email.message()  # what the queue keeps: the whole message, headers set
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        mail_queue.retry_deferred()
        assert mail_queue.deliver() == 0
    finally:
        server.stop()
    assert len(inbox.received) == 1
    recipients, raw = inbox.received[0]
    content = raw.decode()
    assert recipients == ["camille.cote@exemple.ca"]
    assert "Subject: =?utf-8?q?Inscription_re=C3=A7ue_=E2=80=94_=C3=89cole_de_test?=\r\n" in content
    # The message delivered, read by Python's parser, is the one written at registration, hours earlier.
    received = email.message_from_bytes(raw, policy=policy.default)
    assert [part.get_content_type() for part in received.iter_parts()] == ["text/plain", "text/html"]
    text = received.get_body(("plain",)).get_content()
    assert text.startswith("Bonjour Camille,\r\n\r\nNous avons bien reçu votre inscription")  # CRLF, as SMTP carries it
    assert "https://automne.exemple.ca/mon-espace/" in text
    assert 'href="https://automne.exemple.ca/mon-espace/"' in received.get_body(("html",)).get_content()
    assert received["Date"].datetime == WRITTEN
    assert re.fullmatch(r"<[^@]+@automne\.exemple\.ca>", received["Message-ID"])
    assert received["Message-ID"] == written["Message-ID"]
    assert received["Auto-Submitted"] == "auto-generated"


def test_unsent_mail_is_listed_in_the_admin(client, queued, django_user_model):
    queued.MAILER_EMAIL_BACKEND = "automne.tests.test_mail_queue.BrokenBackend"
    register(client)
    mail_queue.deliver()
    admin = django_user_model.objects.create_superuser("admin@enap.ca", "Un-secret-de-test-2025")
    client.force_login(admin)
    page = client.get("/admin/mailer/message/").content.decode()
    assert "camille.cote@exemple.ca" in page
    assert "1 message" in page


def test_send_mail_queue_stops_cleanly_on_sigterm(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "ENV_FILE": "/nonexistent",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=django_settings.BASE_DIR, env=env, check=True)
    process = subprocess.Popen(
        [*manage, "send_mail_queue"],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Waits for the command to say it is running (its signal handlers in place), however busy the machine.
    assert process.stdout.readline() == "File de courriels en marche (Ctrl+C pour arrêter).\n"
    process.terminate()
    # It looks at the stop flag every 0.1 s, between two passes SLEEP seconds apart: stopping
    # cleanly means well before the next pass would have started.
    assert process.wait(mail_queue.SLEEP * 4) == 0
    assert process.stderr.read() == ""


@pytest.mark.django_db
def test_run_stops_within_a_tenth_of_a_second_of_being_asked():
    """Between two passes it sleeps in slices of 0.1 s and looks at the stop flag after each."""
    slept = []

    def sleep(seconds):
        slept.append(seconds)

    mail_queue.run(stopping=lambda: len(slept) >= 3, sleep=sleep)
    assert slept == [0.1, 0.1, 0.1]
