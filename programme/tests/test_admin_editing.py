"""The programme's admin as an organizer (staff, in the group Organisateurs, not a superuser) changes it:
rooms, speakers and times, each refused with the scheduling rules' message when it clashes."""

import datetime

import pytest
from django.urls import reverse

from automne.french import NBSP as NB
from programme.models import Session, SessionSpeaker, TimeSlot
from programme.tests.factories import make_room, make_session, make_speaker, schedule

OCCURRENCES = "/admin/programme/occurrence/"
SESSIONS = "/admin/programme/session/"
pytestmark = pytest.mark.django_db


def t(hour, minute=0):
    return datetime.time(hour, minute)


def change_form_data(response):
    """The POST data of an admin change form as the page shows it (inlines' saved rows, no extra rows)."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        count = formset.initial_form_count()
        data.update({f"{formset.prefix}-TOTAL_FORMS": count, f"{formset.prefix}-INITIAL_FORMS": count})
        for form in formset.initial_forms:
            add(form)
    return data


def add_inline_row(data, prefix, **fields):
    index = data[f"{prefix}-TOTAL_FORMS"]
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})


def list_edit(client, occurrence, room, query):
    """Changes one room from the changelist, filtered down to that one row."""
    url = f"{OCCURRENCES}?{query}"
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": occurrence.pk,
        "form-0-room": room.pk if room else "",
        "_save": "Enregistrer",
    }
    return client.post(url, data)


# Changing a room


def test_organizer_changes_a_room_from_the_list(admin_client, monday):
    room = make_room("Salle de concert")
    occurrence = schedule(make_session(title="Coproduction"), monday, t(9), t(10))
    response = list_edit(admin_client, occurrence, room, "q=Coproduction")
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.room == room


def test_room_taken_is_refused_from_the_list(admin_client, monday):
    room = make_room("Salle de concert")
    schedule(make_session(title="Conférence"), monday, t(9), t(10), room=room)
    occurrence = schedule(make_session(title="Coproduction"), monday, t(9, 30), t(11))
    response = list_edit(admin_client, occurrence, room, "q=Coproduction")
    assert response.status_code == 200
    assert response.context["cl"].formset.errors == [
        {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Conférence{NB}» "
                f"(lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
            ]
        }
    ]
    occurrence.refresh_from_db()
    assert occurrence.room is None


def test_organizer_changes_a_room_from_the_session_page(admin_client, monday):
    room = make_room("Salle de concert")
    occurrence = schedule(make_session(speakers=[make_speaker()]), monday, t(9), t(10))
    url = reverse("admin:programme_session_change", args=[occurrence.session_id])
    data = change_form_data(admin_client.get(url))
    data["occurrences-0-room"] = room.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.room == room


def test_room_taken_is_refused_from_the_occurrence_page(admin_client, monday):
    room = make_room("Salle de concert")
    schedule(make_session(title="Conférence"), monday, t(9), t(10), room=room)
    occurrence = schedule(make_session(), monday, t(9), t(10))
    url = reverse("admin:programme_occurrence_change", args=[occurrence.pk])
    data = change_form_data(admin_client.get(url))
    data["room"] = room.pk
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "room": [
            f"Salle de concert est déjà occupée à ce moment par «{NB}Conférence{NB}» "
            f"(lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
        ]
    }


def test_busy_speaker_is_refused_from_the_session_page(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    occurrence = schedule(make_session(title="Atelier", speakers=[make_speaker()]), monday, t(13, 30), t(14, 45))
    url = reverse("admin:programme_session_change", args=[occurrence.session_id])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "session_speakers", speaker=ada.pk, role=SessionSpeaker.Role.PANELIST, order=1)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    speakers_formset = response.context["inline_admin_formsets"][0].formset
    assert speakers_formset.errors[1] == {
        "speaker": [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }
    assert list(occurrence.session.speakers.all()) != [ada] and ada not in occurrence.session.speakers.all()


def test_busy_speaker_is_refused_when_scheduling_from_the_session_page(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    session = make_session(title="Atelier", speakers=[ada])
    slot = TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(14, 45))
    url = reverse("admin:programme_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "occurrences", time_slot=slot.pk, room="", order=0)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    occurrences_formset = response.context["inline_admin_formsets"][1].formset
    assert occurrences_formset.errors[0] == {
        "__all__": [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }
    assert not session.occurrences.exists()


def test_organizer_adds_a_speaker_in_order_from_the_session_page(admin_client, monday):
    first, second = make_speaker("Ada", "Lovelace"), make_speaker("Alan", "Turing")
    occurrence = schedule(make_session(speakers=[first]), monday, t(9), t(10))
    url = reverse("admin:programme_session_change", args=[occurrence.session_id])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "session_speakers", speaker=second.pk, role=SessionSpeaker.Role.MODERATOR, order=0)
    data["session_speakers-0-order"] = 1
    assert admin_client.post(url, data).status_code == 302
    links = SessionSpeaker.objects.filter(session=occurrence.session).order_by("order")
    assert [(link.speaker, link.role) for link in links] == [
        (second, SessionSpeaker.Role.MODERATOR),
        (first, SessionSpeaker.Role.SPEAKER),
    ]


def test_session_page_has_a_view_on_site_link(admin_client):
    session = make_session()
    content = admin_client.get(reverse("admin:programme_session_change", args=[session.pk])).content.decode()
    assert "Voir sur le site" in content
    assert admin_client.get(reverse("admin:view_on_site", args=[_content_type(Session), session.pk])).url.endswith(
        f"/seances/{session.slug}/"
    )


def _content_type(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


# A speaker and a time added in the same submission


def test_busy_speaker_and_time_added_together_are_refused(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    session = make_session(title="Atelier")
    slot = TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(14, 45))
    url = reverse("admin:programme_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "session_speakers", speaker=ada.pk, role=SessionSpeaker.Role.SPEAKER, order=0)
    add_inline_row(data, "occurrences", time_slot=slot.pk, room="", order=0)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][1].formset.non_form_errors() == [
        f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» (lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
    ]
    assert (session.session_speakers.count(), session.occurrences.count()) == (0, 0)


def test_new_session_with_a_busy_speaker_and_its_time_is_refused(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    slot = TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(14, 45))
    url = reverse("admin:programme_session_add")
    data = {
        "edition": monday.edition_id,
        "title": "Atelier",
        "slug": "atelier",
        "kind": Session.Kind.WORKSHOP,
        "language": "fr",
    }
    data["description_status"] = Session.DescriptionStatus.FINAL
    for prefix in ("session_speakers", "occurrences"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    add_inline_row(data, "session_speakers", speaker=ada.pk, role=SessionSpeaker.Role.SPEAKER, order=0)
    add_inline_row(data, "occurrences", time_slot=slot.pk, room="", order=0)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"][1].formset.non_form_errors()) == 1
    assert not Session.objects.filter(slug="atelier").exists()
    # The same session at another time is saved with its speaker.
    data["occurrences-0-time_slot"] = TimeSlot.objects.create(day=monday, starts_at=t(15), ends_at=t(16)).pk
    assert admin_client.post(url, data).status_code == 302
    assert list(Session.objects.get(slug="atelier").speakers.all()) == [ada]


def test_speaker_removed_and_time_added_together_is_valid(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    session = make_session(title="Atelier")
    slot = TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(14, 45))
    url = reverse("admin:programme_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "session_speakers", speaker=ada.pk, role=SessionSpeaker.Role.SPEAKER, order=0, DELETE="on")
    add_inline_row(data, "occurrences", time_slot=slot.pk, room="", order=0)
    assert admin_client.post(url, data).status_code == 302
    assert (session.session_speakers.count(), session.occurrences.count()) == (0, 1)
