"""The programme's admin as an organizer (staff, in the group Organisateurs, not a superuser) changes it:
rooms, speakers and times, each refused with the scheduling rules' message when it clashes."""

import datetime

import pytest
from django.urls import reverse

from automne.french import NBSP as NB
from programme.models import Occurrence, Session, SessionSpeaker, TimeSlot
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
    assert response.context["inline_admin_formsets"][1].formset.errors == [
        {
            "__all__": [
                f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
                f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
            ]
        }
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
    assert [list(errors) for errors in response.context["inline_admin_formsets"][1].formset.errors] == [["__all__"]]
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


# Several rows in one save: checked together and against the database, refused together


def test_two_rooms_swapped_in_the_list_are_saved(admin_client, monday):
    first_room, second_room = make_room("Salle de concert"), make_room("Verrière")
    first = schedule(make_session(title="Première"), monday, t(9), t(10), room=first_room)
    second = schedule(make_session(title="Seconde"), monday, t(9), t(10), room=second_room)
    data = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": first.pk,
        "form-0-room": second_room.pk,
        "form-1-id": second.pk,
        "form-1-room": first_room.pk,
        "_save": "Enregistrer",
    }
    assert admin_client.post(OCCURRENCES, data).status_code == 302
    assert [o.room for o in Occurrence.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk")] == [
        second_room,
        first_room,
    ]


def test_two_times_of_one_session_in_one_room_at_once_are_both_refused(admin_client, monday):
    room = make_room("Salle de concert")
    session = make_session(title="Atelier")
    morning = TimeSlot.objects.create(day=monday, starts_at=t(9), ends_at=t(10))
    overlapping = TimeSlot.objects.create(day=monday, starts_at=t(9, 30), ends_at=t(10, 30))
    url = reverse("admin:programme_session_change", args=[session.pk])
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "occurrences", time_slot=morning.pk, room=room.pk, order=0)
    add_inline_row(data, "occurrences", time_slot=overlapping.pk, room=room.pk, order=0)
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][1].formset.errors == [
        {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Atelier{NB}» (lundi 20 octobre 2025, 9{NB}h{NB}30 à 10{NB}h{NB}30)."
            ]
        },
        {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Atelier{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
            ]
        },
    ]
    assert not session.occurrences.exists()


def test_slot_moved_with_a_room_changed_away_in_the_same_save_is_accepted(admin_client, monday):
    room, other = make_room("Salle de concert"), make_room("Verrière")
    schedule(make_session(title="Conférence"), monday, t(13), t(14), room=room)
    moved = schedule(make_session(title="Atelier"), monday, t(9), t(10), room=room)
    url = reverse("admin:programme_timeslot_change", args=[moved.time_slot_id])
    data = change_form_data(admin_client.get(url))
    data.update({"starts_at": "13:30", "ends_at": "14:30", "occurrences-0-room": other.pk})
    assert admin_client.post(url, data).status_code == 302
    moved.refresh_from_db()
    assert (moved.time_slot.starts_at, moved.room) == (t(13, 30), other)


def test_slot_moved_onto_a_taken_room_is_refused_on_its_row(admin_client, monday):
    room = make_room("Salle de concert")
    schedule(make_session(title="Conférence"), monday, t(13), t(14), room=room)
    moved = schedule(make_session(title="Atelier"), monday, t(9), t(10), room=room)
    url = reverse("admin:programme_timeslot_change", args=[moved.time_slot_id])
    data = change_form_data(admin_client.get(url))
    data.update({"starts_at": "13:30", "ends_at": "14:30"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [
        {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Conférence{NB}» (lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
            ]
        }
    ]
    assert TimeSlot.objects.get(pk=moved.time_slot_id).starts_at == t(9)


def test_two_slots_of_a_day_moved_onto_each_other_are_refused(admin_client, monday):
    room = make_room("Salle de concert")
    schedule(make_session(title="Matin"), monday, t(9), t(10), room=room)
    schedule(make_session(title="Midi"), monday, t(11), t(12), room=room)
    url = reverse("admin:programme_day_change", args=[monday.pk])
    data = change_form_data(admin_client.get(url))
    rows = {data[f"time_slots-{i}-starts_at"]: i for i in range(2)}
    data[f"time_slots-{rows[t(11)]}-starts_at"] = "09:30"
    data[f"time_slots-{rows[t(11)]}-ends_at"] = "10:30"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert errors[rows[t(11)]] == {
        "__all__": [
            f"«{NB}Midi{NB}»{NB}: Salle de concert est déjà occupée à ce moment par «{NB}Matin{NB}» "
            f"(lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
        ]
    }
    assert sorted(TimeSlot.objects.values_list("starts_at", flat=True)) == [t(9), t(11)]


def test_new_slot_with_two_sessions_in_one_room_is_refused(admin_client, monday):
    room = make_room("Salle de concert")
    first, second = make_session(title="Un"), make_session(title="Deux")
    data = {
        "day": monday.pk,
        "starts_at": "09:00",
        "ends_at": "10:00",
        "label": "",
        "occurrences-TOTAL_FORMS": 0,
        "occurrences-INITIAL_FORMS": 0,
    }
    add_inline_row(data, "occurrences", session=first.pk, room=room.pk, order=0)
    add_inline_row(data, "occurrences", session=second.pk, room=room.pk, order=1)
    response = admin_client.post(reverse("admin:programme_timeslot_add"), data)
    assert response.status_code == 200
    assert [list(errors) for errors in response.context["inline_admin_formsets"][0].formset.errors] == [
        ["room"],
        ["room"],
    ]
    assert not TimeSlot.objects.exists()
