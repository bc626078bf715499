"""Reminders to hand in, through the mail queue: 7 days and 1 day before each person's due date, each once,
only to credit participants who have not handed in; the command the timer runs."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from mailer.models import Message

from automne.french import NBSP
from inscriptions.models import Registration
from remises import handing_in, reminders
from remises.models import Reminder
from remises.tests.factories import DUE, make_participant, write

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        return reminders.send_due()


def test_seven_days_then_one_day_before_each_once(assignment, participant):
    assert run_at(DUE - 8 * DAY) == 0
    assert run_at(DUE - 7 * DAY) == 1
    assert run_at(DUE - 6 * DAY) == 0  # already sent
    assert run_at(DUE - DAY + datetime.timedelta(minutes=1)) == 1
    assert run_at(DUE - datetime.timedelta(hours=2)) == 0
    assert run_at(DUE + datetime.timedelta(minutes=1)) == 0  # past the due date: no reminder
    assert [m.subject for m in mail.outbox] == [
        f"Rappel{NBSP}: cahier à remettre — École de test",
        f"Rappel{NBSP}: cahier à remettre — École de test",
    ]
    assert "au plus tard le vendredi 14 novembre 2025 à 23" in mail.outbox[0].body
    assert "dans 7 jours" in mail.outbox[0].body and "aujourd'hui" in mail.outbox[1].body
    assert f"http://127.0.0.1:8000/cahier/{assignment.edition.slug}/remise/" in mail.outbox[0].body
    assert list(Reminder.objects.values_list("kind", flat=True).order_by("sent_at")) == ["7j", "1j"]


def test_reminders_count_days_on_the_calendar(assignment, participant):
    """The timer runs at 8 h: a week before the due day, the 7-day reminder; the day before, the 1-day one."""
    morning = DUE.replace(hour=13, minute=0)  # 8 h in Montréal (UTC−5)
    assert run_at(morning - 8 * DAY) == 0
    assert run_at(morning - 7 * DAY) == 1
    assert run_at(morning - DAY) == 1
    assert "dans 7 jours" in mail.outbox[0].body and "demain" in mail.outbox[1].body


def test_a_late_start_sends_only_the_reminder_due_now(assignment, participant):
    assert run_at(DUE - datetime.timedelta(hours=20)) == 1
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["1j"]
    assert run_at(DUE - datetime.timedelta(hours=10)) == 0


def test_no_reminder_to_who_handed_in_or_does_not_hand_in(assignment, participant):
    write(participant, assignment.edition)
    with time_machine.travel(DUE - 10 * DAY, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    make_participant(assignment, kind=Registration.Kind.ATTESTATION)
    make_participant(assignment, state=Registration.State.CANCELLED)
    make_participant(assignment, state=Registration.State.WAITING)
    assert run_at(DUE - 7 * DAY) == 0
    assert mail.outbox[-1].subject.startswith("Cahier remis")  # the receipt only


def test_an_extension_moves_the_reminders(assignment, participant):
    with time_machine.travel(DUE - 20 * DAY, tick=False):
        handing_in.grant_extension(assignment, participant.pk, until=DUE + 10 * DAY, reason="x", by=None)
    assert run_at(DUE - 7 * DAY) == 0
    assert run_at(DUE + 3 * DAY) == 1
    assert "lundi 24 novembre 2025" in mail.outbox[0].body


def test_the_command_queues_the_reminders_in_the_mail_queue(settings, assignment, participant, capsys):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    with time_machine.travel(DUE - 7 * DAY, tick=False):
        call_command("send_hand_in_reminders")
        call_command("send_hand_in_reminders")
    assert capsys.readouterr().out.splitlines() == [
        "Rappels de remise mis dans la file : 1.",
        "Rappels de remise mis dans la file : 0.",
    ]
    assert Message.objects.count() == 1
    assert Message.objects.get().to_addresses == [participant.email]


def test_e_mails_are_plain_text_with_french_spacing(assignment, participant):
    assignment.edition.name = "École d'automne <2025>"
    assignment.edition.save()
    run_at(DUE - 7 * DAY)
    body = mail.outbox[0].body
    assert f"l'édition «{NBSP}École d'automne <2025>{NBSP}»" in body
    assert "&#x27;" not in body and "&lt;" not in body
    assert f"ce qui sera remis){NBSP}: http://127.0.0.1:8000/cahier/{assignment.edition.slug}/remise/\n" in body
