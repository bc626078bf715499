"""Changes announced: « Dernières modifications » records time, room and cancellation; one e-mail
per batch to the participants who chose the session, never to others, after the commit."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme import change_effects, change_notices
from programme.models import ChangeNotice, Choice, Occurrence, ProgrammeChange, Session, TimeSlot
from programme.tests.factories import make_programme, make_room

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def edition():
    return make_programme()


@pytest.fixture
def cases(edition):
    return list(
        Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )


@pytest.fixture
def chooser(edition, cases):
    user = make_registration(edition).user
    Choice.objects.create(user=user, occurrence=cases[0])
    return user


@pytest.fixture
def bystander(edition, cases):
    """Chose another session: must never be told."""
    user = make_registration(edition).user
    Choice.objects.create(user=user, occurrence=cases[1])
    return user


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def give_room(occurrence, name):
    occurrence = Occurrence.objects.get(pk=occurrence.pk)
    occurrence.room = make_room(name, edition=occurrence.session.edition)
    change_effects.save(occurrence)
    return occurrence


def test_room_change_sends_one_email_to_the_chooser_only(edition, cases, chooser, bystander):
    mail.outbox.clear()
    give_room(cases[0], "Local 4037")
    assert change_notices.send_due(now=later(1)) == 0  # the batch may still grow
    assert change_notices.send_due(now=later(6)) == 1
    assert [m.to for m in mail.outbox] == [[chooser.email]]
    assert mail.outbox[0].subject == f"Changement dans votre programme — {edition.name}"
    assert f"{cases[0].session.title}\n  Nouvelle salle\xa0: Local 4037" in mail.outbox[0].body
    assert change_notices.send_due(now=later(20)) == 0
    assert len(mail.outbox) == 1


def test_edits_within_minutes_make_one_email(edition, cases, chooser):
    Choice.objects.create(user=chooser, occurrence=cases[3])
    mail.outbox.clear()
    give_room(cases[0], "Local 1")
    with time_machine.travel(later(3)):
        give_room(cases[3], "Local 2")
    assert change_notices.send_due(now=later(6)) == 0  # 3 minutes after the last edit: still waiting
    assert change_notices.send_due(now=later(9)) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Changements dans votre programme")
    assert "Local 1" in mail.outbox[0].body and "Local 2" in mail.outbox[0].body


def test_slot_time_change_is_logged_and_announced(edition, cases, chooser, bystander):
    mail.outbox.clear()
    slot = TimeSlot.objects.get(pk=cases[0].time_slot_id)
    slot.starts_at, slot.ends_at = datetime.time(14), datetime.time(15, 15)
    change_effects.save(slot)
    logged = ProgrammeChange.objects.filter(kind=ProgrammeChange.Kind.TIME).values_list("session_id", flat=True)
    assert sorted(logged) == sorted(o.session_id for o in cases[:3])
    change_notices.send_due(now=later(6))
    # both participants chose a session of that slot
    assert sorted(m.to[0] for m in mail.outbox) == sorted([chooser.email, bystander.email])
    assert "Nouvel horaire\xa0: lundi 20 octobre 2025, 14\xa0h à 15\xa0h\xa015" in mail.outbox[0].body


def test_cancellation_is_logged_and_announced(edition, cases, chooser, bystander):
    mail.outbox.clear()
    change_effects.delete(Occurrence.objects.get(pk=cases[0].pk))
    change = ProgrammeChange.objects.get(kind=ProgrammeChange.Kind.CANCELLED)
    assert change.session_id == cases[0].session_id
    change_notices.send_due(now=later(6))
    assert [m.to for m in mail.outbox] == [[chooser.email]]
    assert (
        "Séance annulée (elle était prévue le lundi 20 octobre 2025, 13\xa0h\xa030 à 14\xa0h\xa045)"
        in mail.outbox[0].body
    )


def test_deleting_the_whole_edition_never_fails(edition, cases, chooser):
    Registration.objects.filter(edition=edition).delete()
    change_effects.delete(edition)
    assert ChangeNotice.objects.count() == 0
    assert change_notices.send_due(now=later(6)) == 0


def test_nothing_is_recorded_when_the_save_rolls_back(edition, cases, chooser):
    with pytest.raises(RuntimeError), transaction.atomic():
        give_room(cases[0], "Local 9")
        raise RuntimeError
    assert ChangeNotice.objects.count() == 0


def test_a_failure_recording_notices_never_fails_the_save(edition, cases, chooser, monkeypatch):
    def broken(*args):
        raise ValueError("panne")

    monkeypatch.setattr(change_notices, "_record", broken)
    occurrence = give_room(cases[0], "Local 5")
    assert Occurrence.objects.get(pk=occurrence.pk).room.name == "Local 5"


def test_description_change_sends_nothing(edition, cases, chooser):
    mail.outbox.clear()
    session = Session.objects.get(pk=cases[0].session_id)
    session.description = "Nouveau texte"
    change_effects.save(session)
    assert change_notices.send_due(now=later(6)) == 0
    assert ChangeNotice.objects.count() == 0


def test_mail_queue_once_queues_due_notices(edition, cases, chooser):
    give_room(cases[0], "Local 7")
    ChangeNotice.objects.update(created_at=later(-10))
    call_command("send_mail_queue", "--once", stdout=io.StringIO())
    assert ChangeNotice.objects.filter(sent_at__isnull=True).count() == 0


def test_changes_page_lists_time_room_and_cancellation(client, edition, cases):
    give_room(cases[0], "Local 4037")
    change_effects.delete(Occurrence.objects.get(pk=cases[1].pk))
    text = client.get("/programme/modifications/").content.decode()
    assert "Salle attribuée" in text
    assert "Séance annulée" in text


@pytest.mark.parametrize("page", ["home", "day", "now"])
def test_changes_page_is_linked(client, edition, page):
    url = {"home": "/", "day": edition.days.first().get_absolute_url(), "now": "/maintenant/"}[page]
    assert 'href="/programme/modifications/"' in client.get(url).content.decode()


def test_modified_badge_says_what_changed_for_48_hours(client, edition, cases, chooser):
    give_room(cases[0], "Local 4037")
    client.force_login(chooser)
    html = client.get("/mon-programme/").content.decode()
    assert "Modifié&nbsp;: salle" in html
    assert "Modifié&nbsp;: salle" in client.get(cases[0].session.get_absolute_url()).content.decode()
    with time_machine.travel(later(49 * 60)):
        assert "Modifié" not in client.get("/mon-programme/").content.decode()


@pytest.fixture
def english_chooser(edition, cases):
    user = make_registration(edition, make_user("keynote@exemple.org", language="en")).user
    Choice.objects.create(user=user, occurrence=cases[0])
    return user


def test_each_person_is_told_in_their_language(edition, cases, chooser, english_chooser):
    """The same change, recorded for a French and an English account: each notice and its e-mail in the
    person's language, its session's English title where given (issue 24)."""
    session = Session.objects.get(pk=cases[0].session_id)
    session.title_en = "Case study in English"
    session.save()
    mail.outbox.clear()
    give_room(cases[0], "Local 4037")
    change_notices.send_due(now=later(6))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert f"{session.title}\n  Nouvelle salle\xa0: Local 4037" in by_address[chooser.email].body
    english = by_address[english_chooser.email]
    assert english.subject == f"A change to your program — {edition.name}"
    assert "Case study in English\n  New room: Local 4037" in english.body


def test_a_cancellation_is_told_in_each_persons_language(edition, cases, chooser, english_chooser):
    mail.outbox.clear()
    change_effects.delete(Occurrence.objects.get(pk=cases[0].pk))
    change_notices.send_due(now=later(6))
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert (
        "Séance annulée (elle était prévue le lundi 20 octobre 2025, 13\xa0h\xa030 à 14\xa0h\xa045)"
        in (by_address[chooser.email])
    )
    assert (
        "Session cancelled (it was scheduled for Monday, October 20, 2025, 1:30 p.m. to 2:45 p.m.)"
        in (by_address[english_chooser.email])
    )
