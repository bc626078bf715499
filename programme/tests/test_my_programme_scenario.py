"""The issue's « done when », on the 2025 programme: a participant picks a case study and a workshop on
Tuesday and subscribes to their feed; an organizer gives that case study a room from « Répartition des
salles »; the participant sees it on « Mon programme » with its badge, in the feed with a higher
SEQUENCE, and in one e-mail."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from inscriptions.tests.factories import make_registration
from programme import change_notices
from programme.models import Occurrence, PersonalCalendar, Room, Session

pytestmark = pytest.mark.django_db(transaction=True)
TUESDAY = datetime.date(2025, 10, 21)


def on_tuesday(kind):
    return (
        Occurrence.objects.filter(time_slot__day__date=TUESDAY, session__kind=kind)
        .select_related("session")
        .order_by("time_slot__starts_at", "pk")
        .first()
    )


def feed_sequence(client, url, occurrence):
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    return {str(e["summary"]): int(e["sequence"]) for e in calendar.walk("VEVENT")}[occurrence.session.title]


def test_done_when(week_2025, organizer):
    participant = make_registration(week_2025).user
    phone = Client()
    phone.force_login(participant)
    case, workshop = on_tuesday(Session.Kind.CASE_STUDY), on_tuesday(Session.Kind.WORKSHOP)
    for occurrence in (case, workshop):
        response = phone.post(f"/mon-programme/choix/{occurrence.pk}/", {"action": "ajouter", "next": "/programme/"})
        assert response.status_code == 302
    phone.post("/mon-programme/agenda/")
    feed = f"/editions/{week_2025.slug}/mon-programme/{PersonalCalendar.objects.get(user=participant).token}.ics"
    before = feed_sequence(Client(), feed, case)

    organizer_client = Client()
    organizer_client.force_login(organizer)
    free_room = Room.objects.create(edition=week_2025, name="Local 3001", capacity=30, floor="3ᵉ étage")
    response = organizer_client.post(
        "/admin/programme/occurrence/repartition/", {"occurrence": case.pk, f"o{case.pk}-room": free_room.pk}
    )
    assert response.status_code == 302

    page = phone.get("/mon-programme/").content.decode()
    assert "Modifié&nbsp;: salle" in page
    assert "Local 3001, 3ᵉ étage" in page
    assert feed_sequence(Client(), feed, case) == before + 1
    mail.outbox.clear()
    assert change_notices.send_due(now=timezone.now() + change_notices.QUIET_PERIOD) == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "Nouvelle salle\xa0: Local 3001" in mail.outbox[0].body
