"""Issue 19's programme findings (1, 2, 6 and 8), replayed as they were written, through the admin an
organizer uses and the pages and calendars a participant reads. Each of these tests failed before
the fix."""

import datetime
import html
import re
from urllib.parse import parse_qsl, urlsplit

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from automne.french import NBSP
from automne.next_edition import prepare_edition
from inscriptions.tests.factories import make_registration
from programme import change_notices
from programme.models import ChangeNotice, Choice, Day, Edition, Occurrence, Room, Session, SessionSpeaker, TimeSlot
from programme.tests.factories import make_speaker
from programme.tests.html_text import texts
from programme.tests.test_admin_editing import add_inline_row, change_form_data

pytestmark = pytest.mark.django_db
CASE = "la-communaute-mixte-de-recherche-cmr-sante-mentale-handicap-psychique-en"


@pytest.fixture
def edition_2026(week_2025):
    """2026 prepared from 2025 and made current, with a Tuesday and its 13 h 30 block."""
    edition = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )
    Edition.objects.filter(pk=week_2025.pk).update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    tuesday = Day.objects.create(edition=edition, date=datetime.date(2026, 10, 20))
    TimeSlot.objects.create(day=tuesday, starts_at=datetime.time(13, 30), ends_at=datetime.time(14, 45))
    return Edition.objects.get(pk=edition.pk)


def select_tag(page, name):
    found = re.search(rf'<select name="{re.escape(name)}"[^>]*>', page)
    assert found, f"pas de liste « {name} »"
    return found[0]


def autocomplete(client, page, name, term):
    """What the autocomplete of the select `name` on `page` answers to `term`, asked as its widget asks."""
    tag = select_tag(page, name)
    attributes = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
    query = {
        "term": term,
        "app_label": attributes["data-app-label"],
        "model_name": attributes["data-model-name"],
        "field_name": attributes["data-field-name"],
    }
    # The widget's address keeps its own query string; select2 (jQuery) adds its parameters to it.
    address = urlsplit(html.unescape(attributes["data-ajax--url"]))
    response = client.get(address.path, {**dict(parse_qsl(address.query)), **query})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def options(page, name):
    """The labels of the options of the select `name`."""
    tag = select_tag(page, name)
    body = page[page.index(tag) : page.index("</select>", page.index(tag))]
    return [html.unescape(label) for label in re.findall(r"<option[^>]*>([^<]*)</option>", body)]


def test_finding_1_a_2026_session_saved_into_a_2025_slot_is_refused(admin_client, client, week_2025, edition_2026):
    add_page = admin_client.get(reverse("admin:programme_session_add")).content.decode()
    slot_2026 = f"mardi 20 octobre 2026 — 13{NBSP}h{NBSP}30 à 14{NBSP}h{NBSP}45"
    # The time slot autocomplete of « Passage au programme » lists the edited edition's slots.
    assert autocomplete(admin_client, add_page, "occurrences-__prefix__-time_slot", "") == [slot_2026]
    assert autocomplete(admin_client, add_page, "occurrences-__prefix__-time_slot", "2026") == [slot_2026]
    slot_2025 = TimeSlot.objects.get(day__date=datetime.date(2025, 10, 21), starts_at=datetime.time(13, 30))
    ics_2025 = client.get("/editions/ecole-automne-2025/programme.ics").content
    data = {
        "edition": edition_2026.pk,
        "title": "Nouvelle séance 2026",
        "slug": "nouvelle-seance-2026",
        "kind": Session.Kind.WORKSHOP,
        "language": "fr",
        "description_status": Session.DescriptionStatus.FINAL,
        "session_speakers-TOTAL_FORMS": 0,
        "session_speakers-INITIAL_FORMS": 0,
        "occurrences-TOTAL_FORMS": 0,
        "occurrences-INITIAL_FORMS": 0,
    }
    add_inline_row(data, "occurrences", time_slot=slot_2025.pk, room="", order=0)

    response = admin_client.post(reverse("admin:programme_session_add"), data)

    assert response.status_code == 200
    occurrences = response.context["inline_admin_formsets"][1].formset
    assert occurrences.errors[0] == {
        "time_slot": [f"Choisissez une plage horaire de l'édition «{NBSP}{edition_2026}{NBSP}»."]
    }
    assert not Session.objects.filter(slug="nouvelle-seance-2026").exists()
    assert client.get("/editions/ecole-automne-2025/programme.ics").content == ics_2025


def two_parallel_cases():
    """Two case studies of the same 2025 block (Tuesday, 13 h 30), still without a room."""
    slot = TimeSlot.objects.get(day__date=datetime.date(2025, 10, 21), starts_at=datetime.time(13, 30))
    first, second = Occurrence.objects.filter(time_slot=slot).order_by("pk")[:2]
    Occurrence.objects.filter(pk__in=[first.pk, second.pk]).update(room=None)
    return first, second


def test_finding_2_one_save_of_the_list_never_double_books_a_room(
    admin_client, week_2025, django_capture_on_commit_callbacks
):
    first, second = two_parallel_cases()
    participant = make_registration(week_2025).user
    Choice.objects.create(user=participant, occurrence=first)
    Choice.objects.create(user=participant, occurrence=second)
    room = Room.objects.get(edition=week_2025, name="Verrière")
    data = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": first.pk,
        "form-0-room": room.pk,
        "form-1-id": second.pk,
        "form-1-room": room.pk,
        "_save": "Enregistrer",
    }
    when = f"mardi 21 octobre 2025, 13{NBSP}h{NBSP}30 à 14{NBSP}h{NBSP}45"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/programme/occurrence/?time_slot__id__exact={first.time_slot_id}", data)

    assert response.status_code == 200
    rows = {form.instance.pk: form.errors for form in response.context["cl"].formset.forms}
    assert rows[first.pk] == {
        "room": [f"Verrière est déjà occupée à ce moment par «{NBSP}{second.session.title}{NBSP}» ({when})."]
    }
    assert rows[second.pk] == {
        "room": [f"Verrière est déjà occupée à ce moment par «{NBSP}{first.session.title}{NBSP}» ({when})."]
    }
    assert list(Occurrence.objects.filter(pk__in=[first.pk, second.pk]).values_list("room", flat=True)) == [None, None]
    assert ChangeNotice.objects.count() == 0
    mail.outbox.clear()
    assert change_notices.send_due(now=timezone.now() + change_notices.QUIET_PERIOD) == 0
    assert mail.outbox == []


def test_finding_6_after_prepare_edition_room_selects_list_each_room_once(admin_client, week_2025):
    prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )
    rooms_2025 = sorted(str(room) for room in Room.objects.filter(edition=week_2025))
    occurrence = Occurrence.objects.get(session__slug=CASE)

    change_page = admin_client.get(reverse("admin:programme_occurrence_change", args=[occurrence.pk]))
    listed = options(change_page.content.decode(), "room")
    assert sorted(listed[1:]) == rooms_2025 and listed[0] == "Salle à venir"

    session_page = admin_client.get(reverse("admin:programme_session_change", args=[occurrence.session_id]))
    assert sorted(options(session_page.content.decode(), "occurrences-0-room")[1:]) == rooms_2025

    the_list = admin_client.get("/admin/programme/occurrence/").content.decode()
    assert sorted(options(the_list, "form-0-room")[1:]) == rooms_2025


def event_revisions(client, path="/editions/ecole-automne-2025/programme.ics"):
    """{UID: (SEQUENCE, LAST-MODIFIED)} of an edition's calendar."""
    events = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    return {str(event["UID"]): (int(event["SEQUENCE"]), event.decoded("LAST-MODIFIED")) for event in events}


def uids(occurrences):
    return {f"seance-{pk}@automne.enap.ca" for pk in occurrences.values_list("pk", flat=True)}


LATER = datetime.datetime(2025, 10, 10, 12, 0, tzinfo=datetime.UTC)


def test_finding_8_renaming_a_room_raises_the_sequence_of_every_event_in_it(admin_client, client, week_2025):
    room = Room.objects.get(edition=week_2025, name="Local 4037")
    inside = uids(Occurrence.objects.filter(room=room))
    assert len(inside) == 7
    before = event_revisions(client)
    url = reverse("admin:programme_room_change", args=[room.pk])
    data = change_form_data(admin_client.get(url))
    data["name"] = "Local 4040"
    with time_machine.travel(LATER, tick=False):
        assert admin_client.post(url, data).status_code == 302

    after = event_revisions(client)
    assert {uid for uid in after if after[uid] != before[uid]} == inside
    assert {after[uid] for uid in inside} == {(1, LATER)}


def test_finding_8_editing_a_description_raises_that_events_sequence(admin_client, client, week_2025):
    session = Session.objects.get(slug=CASE)
    before = event_revisions(client)
    url = reverse("admin:programme_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    data["description"] = "Une description reprise."
    with time_machine.travel(LATER, tick=False):
        assert admin_client.post(url, data).status_code == 302

    after = event_revisions(client)
    (uid,) = uids(session.occurrences.all())
    assert {changed for changed in after if after[changed] != before[changed]} == {uid}
    assert after[uid] == (1, LATER)


def test_finding_8_a_session_entered_today_is_new_not_modified(admin_client, client, week_2025):
    slot = TimeSlot.objects.get(day__date=datetime.date(2025, 10, 22), starts_at=datetime.time(13, 30))
    speaker = make_speaker("Zoé", "Zénon", edition=week_2025)
    data = {
        "edition": week_2025.pk,
        "title": "Séance entrée aujourd'hui",
        "slug": "seance-entree-aujourdhui",
        "kind": Session.Kind.WORKSHOP,
        "language": "fr",
        "description_status": Session.DescriptionStatus.FINAL,
        "session_speakers-TOTAL_FORMS": 0,
        "session_speakers-INITIAL_FORMS": 0,
        "occurrences-TOTAL_FORMS": 0,
        "occurrences-INITIAL_FORMS": 0,
    }
    add_inline_row(data, "session_speakers", speaker=speaker.pk, role=SessionSpeaker.Role.SPEAKER, order=0)
    add_inline_row(data, "occurrences", time_slot=slot.pk, room="", order=0)
    assert admin_client.post(reverse("admin:programme_session_add"), data).status_code == 302

    page = client.get("/programme/2025-10-22/").content.decode()
    card = page[page.index('href="/seances/seance-entree-aujourdhui/"') :]
    card = card[: card.index("</li>")]
    assert texts(card, css_class="modified") == ["Nouveau"]
    session_page = client.get("/seances/seance-entree-aujourdhui/").content.decode()
    assert texts(session_page, css_class="modified") == ["Nouveau"]
