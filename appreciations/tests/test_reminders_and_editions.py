"""The questionnaire's one reminder, through the mail queue, to those who have not answered; the
questionnaire copied to the next edition by prepare_edition; written in the admin."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from appreciations import reminders
from appreciations.models import Answer, Question, Questionnaire, Respondent
from appreciations.tests.conftest import answers, make_questionnaire, moment
from automne.next_edition import prepare_edition
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(edition):
    questionnaire = make_questionnaire(edition, reminder=moment(28, 9))
    people = {
        "a répondu": make_registration(edition).user,
        "n'a pas répondu": make_registration(edition).user,
        "confirmée": make_registration(edition, state=Registration.State.CONFIRMED).user,
        "liste d'attente": make_registration(edition, state=Registration.State.WAITING).user,
        "annulée": make_registration(edition, state=Registration.State.CANCELLED).user,
    }
    Respondent.objects.create(questionnaire=questionnaire, user=people["a répondu"])
    return questionnaire, people


def test_one_reminder_goes_to_those_who_hold_a_seat_and_have_not_answered(reminded):
    questionnaire, people = reminded
    assert reminders.send_due(moment(28, 8, 59)) == 0
    assert reminders.send_due(moment(28, 9)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people["n'a pas répondu"].email, people["confirmée"].email])
    message = mail.outbox[0]
    assert message.subject == "Rappel\xa0: questionnaire de fin d'école — École de test"
    assert f"http://127.0.0.1:8000/appreciations/{questionnaire.edition.slug}/questionnaire/" in message.body
    assert "Ce courriel est le seul rappel." in message.body
    assert reminders.send_due(moment(29, 9)) == 0  # once
    questionnaire.refresh_from_db()
    assert questionnaire.reminder_sent_at == moment(28, 9)


def test_the_reminder_goes_through_the_mail_queue(reminded, settings):
    from mailer.models import Message

    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    reminders.send_due(moment(28, 9))
    assert Message.objects.count() == 2


def test_no_reminder_once_closed(edition):
    make_questionnaire(edition, reminder=moment(30, 9))
    make_registration(edition)
    assert reminders.send_due(moment(31, 12)) == 0
    assert mail.outbox == []


def test_the_mail_loop_sends_the_reminder(reminded):
    from automne import mail_queue

    with time_machine.travel(moment(28, 9), tick=False):
        assert mail_queue.queue_evaluation_work() == 2


def test_the_questionnaire_is_copied_to_the_next_edition_without_its_answers(client, edition):
    questionnaire = make_questionnaire(edition, reminder=moment(28, 9))
    client.force_login(make_registration(edition).user)
    with time_machine.travel(moment(25, 10), tick=False):
        client.post(reverse("appreciations:questionnaire", kwargs={"edition": edition.slug}), answers(questionnaire))
    before = list(Questionnaire.objects.values()), list(Question.objects.values()), Answer.objects.count()
    new = prepare_edition(edition.slug, "ecole-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23))
    copy = Questionnaire.objects.get(edition=new)
    # 364 days later, at the same time of day in Montréal (summer time on both dates)
    assert (copy.opens_at, copy.closes_at, copy.reminder_at) == (
        datetime.datetime(2026, 10, 23, 12, tzinfo=moment(1, 0).tzinfo),
        datetime.datetime(2026, 10, 30, 12, tzinfo=moment(1, 0).tzinfo),
        datetime.datetime(2026, 10, 27, 9, tzinfo=moment(1, 0).tzinfo),
    )
    assert (copy.reminder_sent_at, copy.sealed_at) == (None, None)
    assert list(copy.questions.values_list("order", "kind", "text", "required", "options")) == list(
        questionnaire.questions.values_list("order", "kind", "text", "required", "options")
    )
    assert copy.questions.filter(answers__isnull=False).count() == 0
    assert before == (
        [q for q in Questionnaire.objects.values() if q["id"] == questionnaire.pk],
        list(Question.objects.filter(questionnaire=questionnaire).values()),
        Answer.objects.count(),
    )


def test_a_change_of_summer_time_keeps_the_time_of_day(edition):
    questionnaire = make_questionnaire(edition, opens=moment(24, 12), closes=moment(31, 12))
    new = prepare_edition(edition.slug, "ecole-2026", datetime.date(2026, 10, 26), datetime.date(2026, 10, 30))
    copy = Questionnaire.objects.get(edition=new)
    from django.utils import timezone

    # 30 October 2026 is summer time, 6 November 2026 is not: still noon in Montréal.
    assert [timezone.localtime(d).hour for d in (copy.opens_at, copy.closes_at)] == [12, 12]
    assert copy.closes_at - copy.opens_at == questionnaire.closes_at - questionnaire.opens_at + datetime.timedelta(
        hours=1
    )


def test_an_organizer_writes_the_questionnaire_in_the_admin(client, edition):
    client.force_login(make_organizer())
    data = {
        "edition": edition.pk,
        "title": "Questionnaire de fin d'école",
        "introduction": "",
        "opens_at_0": "2025-10-24",
        "opens_at_1": "12:00",
        "closes_at_0": "2025-10-31",
        "closes_at_1": "12:00",
        "reminder_at_0": "",
        "reminder_at_1": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-order": "1",
        "questions-0-kind": "echelle",
        "questions-0-text": "Utile ?",
        "questions-0-required": "on",
        "questions-0-low_label": "Pas du tout",
        "questions-0-high_label": "Tout à fait",
        "questions-1-order": "2",
        "questions-1-kind": "choix_multiples",
        "questions-1-text": "Quoi ?",
        "questions-1-options": "Conférences\nAteliers",
    }
    response = client.post(reverse("admin:appreciations_questionnaire_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    questionnaire = Questionnaire.objects.get(edition=edition)
    assert list(questionnaire.questions.values_list("kind", "required", "options")) == [
        ("echelle", True, ""),
        ("choix_multiples", False, "Conférences\nAteliers"),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"questions-1-options": "Une seule"}, "Donnez au moins deux options, une par ligne."),
        ({"questions-1-options": "Même\nMême"}, "Deux options ont le même texte."),
        ({"questions-0-options": "a\nb"}, "Seules les questions à choix ont des options."),
        ({"closes_at_0": "2025-10-20"}, "La fermeture doit venir après l&#x27;ouverture."),
        (
            {"reminder_at_0": "2025-11-30", "reminder_at_1": "9:00"},
            "Le rappel doit partir pendant que le questionnaire est ouvert.",
        ),
    ],
)
def test_the_admin_refuses_a_questionnaire_that_cannot_work(client, edition, changes, message):
    client.force_login(make_organizer())
    data = {
        "edition": edition.pk,
        "title": "Questionnaire",
        "opens_at_0": "2025-10-24",
        "opens_at_1": "12:00",
        "closes_at_0": "2025-10-31",
        "closes_at_1": "12:00",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-order": "1",
        "questions-0-kind": "echelle",
        "questions-0-text": "Utile ?",
        "questions-1-order": "2",
        "questions-1-kind": "choix_unique",
        "questions-1-text": "Quoi ?",
        "questions-1-options": "A\nB",
        **changes,
    }
    response = client.post(reverse("admin:appreciations_questionnaire_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Questionnaire.objects.count() == 0


def test_once_answered_the_questions_are_read_only_in_the_admin(client, edition, questionnaire):
    Answer.objects.create(question=questionnaire.questions.first(), number=4)
    client.force_login(make_organizer())
    page = client.get(reverse("admin:appreciations_questionnaire_change", args=[questionnaire.pk])).content.decode()
    assert 'name="questions-0-text"' not in page
    assert "Dans l&#x27;ensemble, l&#x27;école vous a-t-elle été utile ?" in page  # shown, read only
