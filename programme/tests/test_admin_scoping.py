"""Edition scoping in the admin: every select and autocomplete offers the edited object's edition
only, another edition's id in any field is refused with a French message and nothing saved, lists of
all editions say each row's edition, and stale or foreign input never makes a server error."""

import datetime

import pytest
from django.urls import reverse

from automne.french import NBSP
from programme.models import Day, Edition, Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot
from programme.tests.factories import make_edition, make_room, make_session, make_speaker, schedule, t
from programme.tests.test_admin_editing import add_inline_row, change_form_data
from programme.tests.test_programme_invariants import database

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions():
    """2025 (current) and 2026, each with a Tuesday 13 h 30 block, a room, a person and a session there."""
    found = {}
    for year, current in ((2025, True), (2026, False)):
        edition = make_edition(
            name="École d'automne",
            slug=f"ecole-{year}",
            is_current=current,
            starts_on=datetime.date(year, 10, 19 if year == 2026 else 20),
            ends_on=datetime.date(year, 10, 23 if year == 2026 else 24),
        )
        day = Day.objects.create(edition=edition, date=datetime.date(year, 10, 21 if year == 2025 else 20))
        room = make_room("Salle de concert", edition=edition)
        speaker = make_speaker("Ada", f"Lovelace{year}", edition=edition)
        session = make_session(title=f"Atelier {year}", speakers=[speaker], edition=edition)
        occurrence = schedule(session, day, t(13, 30), t(14, 45), room=room)
        found[year] = {
            "edition": edition,
            "day": day,
            "room": room,
            "speaker": speaker,
            "session": session,
            "occurrence": occurrence,
            "slot": occurrence.time_slot,
        }
    return found


def refused_with(response, messages):
    """The page is shown again, with `messages` (a list) on one of its fields or rows."""
    assert response.status_code == 200
    errors = [list(e) for e in response.context["adminform"].form.errors.values()]
    for inline in response.context["inline_admin_formsets"]:
        errors += [list(e) for form_errors in inline.formset.errors for e in form_errors.values()]
    assert messages in errors, errors


# Another edition's id, field by field


def test_occurrence_page_refuses_another_editions_slot_session_and_room(admin_client, two_editions):
    occurrence, other = two_editions[2025]["occurrence"], two_editions[2026]
    url = reverse("admin:programme_occurrence_change", args=[occurrence.pk])
    edition = two_editions[2025]["edition"]
    for field, value, what in (
        ("time_slot", other["slot"].pk, "une plage horaire"),
        ("session", other["session"].pk, "une séance"),
        ("room", other["room"].pk, "une salle"),
    ):
        data = change_form_data(admin_client.get(url))
        data[field] = value
        before = database()
        response = admin_client.post(url, data)
        refused_with(response, [f"Choisissez {what} de l'édition «{NBSP}{edition}{NBSP}»."])
        assert database() == before


def test_session_page_refuses_another_editions_speaker_and_slot(admin_client, two_editions):
    session, other = two_editions[2025]["session"], two_editions[2026]
    url = reverse("admin:programme_session_change", args=[session.pk])
    edition = two_editions[2025]["edition"]
    data = change_form_data(admin_client.get(url))
    add_inline_row(data, "session_speakers", speaker=other["speaker"].pk, role="paneliste", order=1)
    add_inline_row(data, "occurrences", time_slot=other["slot"].pk, room="", order=1)
    before = database()
    response = admin_client.post(url, data)
    refused_with(response, [f"Choisissez une personne de l'édition «{NBSP}{edition}{NBSP}»."])
    refused_with(response, [f"Choisissez une plage horaire de l'édition «{NBSP}{edition}{NBSP}»."])
    assert database() == before


def test_slot_page_refuses_another_editions_day_session_and_room(admin_client, two_editions):
    slot, other = two_editions[2025]["slot"], two_editions[2026]
    edition = two_editions[2025]["edition"]
    url = reverse("admin:programme_timeslot_change", args=[slot.pk])
    data = change_form_data(admin_client.get(url))
    data["day"] = other["day"].pk
    add_inline_row(data, "occurrences", session=other["session"].pk, room=other["room"].pk, order=1)
    before = database()
    response = admin_client.post(url, data)
    refused_with(response, [f"Choisissez une journée de l'édition «{NBSP}{edition}{NBSP}»."])
    refused_with(response, [f"Choisissez une séance de l'édition «{NBSP}{edition}{NBSP}»."])
    refused_with(response, [f"Choisissez une salle de l'édition «{NBSP}{edition}{NBSP}»."])
    assert database() == before


def test_list_refuses_another_editions_room_on_its_row(admin_client, two_editions):
    occurrence, other = two_editions[2025]["occurrence"], two_editions[2026]
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": occurrence.pk,
        "form-0-room": other["room"].pk,
        "_save": "Enregistrer",
    }
    before = database()
    response = admin_client.post("/admin/programme/occurrence/?edition=toutes", data)
    assert response.status_code == 200
    edition = two_editions[2025]["edition"]
    errors = {form.instance.pk: form.errors for form in response.context["cl"].formset.forms}
    assert errors[occurrence.pk] == {"room": [f"Choisissez une salle de l'édition «{NBSP}{edition}{NBSP}»."]}
    assert database() == before


def test_an_editions_rows_keep_their_edition(admin_client, two_editions):
    """The edition of a session, person, room or day is shown, not changed: a sent one is ignored."""
    other = two_editions[2026]["edition"]
    for model, row in (
        ("session", two_editions[2025]["session"]),
        ("speaker", two_editions[2025]["speaker"]),
        ("room", two_editions[2025]["room"]),
        ("day", two_editions[2025]["day"]),
    ):
        url = reverse(f"admin:programme_{model}_change", args=[row.pk])
        page = admin_client.get(url)
        assert page.context["adminform"].form.fields["edition"].disabled
        data = change_form_data(page)
        data["edition"] = other.pk
        assert admin_client.post(url, data).status_code == 302
        assert type(row).objects.get(pk=row.pk).edition_id == two_editions[2025]["edition"].pk


def test_new_session_of_another_edition_than_its_slot_is_refused(admin_client, two_editions):
    """The add page offers the 2025 slots; a session sent as 2026 with one of them is refused."""
    data = {
        "edition": two_editions[2026]["edition"].pk,
        "title": "Nouvelle",
        "slug": "nouvelle",
        "kind": Session.Kind.WORKSHOP,
        "language": "fr",
        "description_status": Session.DescriptionStatus.FINAL,
        "session_speakers-TOTAL_FORMS": 0,
        "session_speakers-INITIAL_FORMS": 0,
        "occurrences-TOTAL_FORMS": 0,
        "occurrences-INITIAL_FORMS": 0,
    }
    add_inline_row(data, "session_speakers", speaker=two_editions[2025]["speaker"].pk, role="paneliste", order=0)
    add_inline_row(data, "occurrences", time_slot=two_editions[2025]["slot"].pk, room="", order=0)
    before = database()
    response = admin_client.post(reverse("admin:programme_session_add"), data)
    refused_with(response, ["Cette séance appartient à une autre édition que cette plage horaire."])
    refused_with(response, ["Cette personne appartient à une autre édition que cette séance."])
    assert database() == before


def test_rows_of_another_edition_are_refused_by_the_models_too(two_editions):
    from programme.tests.factories import errors_of

    this, other = two_editions[2025], two_editions[2026]
    assert errors_of(SessionSpeaker(session=this["session"], speaker=other["speaker"])) == {
        "speaker": ["Cette personne appartient à une autre édition que cette séance."]
    }
    slot = TimeSlot.objects.get(pk=this["slot"].pk)
    slot.day = other["day"]
    assert "day" in errors_of(slot)
    session = Session.objects.get(pk=this["session"].pk)
    session.edition = other["edition"]
    assert errors_of(session)["edition"] == ["Une séance reste dans son édition : ajoutez-la à l'autre édition."]


# What the selects and autocompletes offer


def autocomplete(client, field, term, edition):
    query = {"app_label": "programme", "model_name": "occurrence", "field_name": field, "term": term}
    response = client.get("/admin/autocomplete/", {**query, "edition": edition})
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_autocompletes_list_the_asked_editions_rows_only(admin_client, two_editions):
    for year in (2025, 2026):
        edition = two_editions[year]["edition"].pk
        assert autocomplete(admin_client, "session", "", edition) == [f"Atelier {year}"]
        assert autocomplete(admin_client, "time_slot", "", edition) == [str(two_editions[year]["slot"])]
    assert autocomplete(admin_client, "time_slot", "2026", two_editions[2026]["edition"].pk) == [
        f"mardi 20 octobre 2026 — 13{NBSP}h{NBSP}30 à 14{NBSP}h{NBSP}45"
    ]
    assert autocomplete(admin_client, "time_slot", "2026", two_editions[2025]["edition"].pk) == []


@pytest.mark.parametrize("edition", ["", "abc", "²", "-1", "99999999999999999999", "1 OR 1=1"])
def test_autocomplete_with_a_bad_edition_lists_nothing(admin_client, two_editions, edition):
    assert autocomplete(admin_client, "time_slot", "", edition) == []


def test_time_slot_search_by_date(admin_client, two_editions):
    edition = two_editions[2025]["edition"].pk
    slot = str(two_editions[2025]["slot"])
    assert autocomplete(admin_client, "time_slot", "21 octobre", edition) == [slot]
    assert autocomplete(admin_client, "time_slot", "octobre 2025 mardi 13 h 30", edition) == [slot]
    assert autocomplete(admin_client, "time_slot", "22 octobre", edition) == []
    assert autocomplete(admin_client, "time_slot", "novembre", edition) == []


def test_add_pages_offer_the_edition_of_the_list_they_come_from(admin_client, two_editions):
    edition = two_editions[2026]["edition"]
    page = (
        admin_client.get(reverse("admin:programme_occurrence_add"), {"_changelist_filters": f"edition={edition.pk}"})
        .context["adminform"]
        .form
    )
    assert list(page.fields["room"].queryset) == [two_editions[2026]["room"]]
    assert list(page.fields["time_slot"].queryset) == [two_editions[2026]["slot"]]
    assert page.fields["time_slot"].widget.widget.get_url() == f"/admin/autocomplete/?edition={edition.pk}"
    session_page = admin_client.get(reverse("admin:programme_session_add"), {"edition": edition.pk})
    assert session_page.context["adminform"].form.initial["edition"] == edition.pk


def test_list_of_all_editions_gives_each_row_its_own_rooms_and_labels_its_filters(admin_client, two_editions):
    make_room("Verrière", edition=two_editions[2026]["edition"])
    response = admin_client.get("/admin/programme/occurrence/?edition=toutes")
    rooms = {
        form.instance.session.title: [label for _, label in form.fields["room"].choices]
        for form in response.context["cl"].formset.forms
    }
    assert rooms == {
        "Atelier 2025": ["Salle à venir", "Salle de concert"],
        "Atelier 2026": ["Salle à venir", "Salle de concert", "Verrière"],
    }
    filters = {
        spec.title: [label for _, label in getattr(spec, "lookup_choices", [])]
        for spec in response.context["cl"].filter_specs
    }
    assert filters["salle"] == [
        "Salle de concert — École d'automne (2025)",
        "Salle de concert — École d'automne (2026)",
        "Verrière — École d'automne (2026)",
    ]
    assert filters["journée"] == [
        "mardi 21 octobre 2025 — École d'automne (2025)",
        "mardi 20 octobre 2026 — École d'automne (2026)",
    ]
    one = admin_client.get(f"/admin/programme/occurrence/?edition={two_editions[2026]['edition'].pk}")
    filters = {
        spec.title: [label for _, label in getattr(spec, "lookup_choices", [])]
        for spec in one.context["cl"].filter_specs
    }
    assert filters["salle"] == ["Salle de concert", "Verrière"]


# Stale forms and foreign actions


def test_list_row_deleted_meanwhile_is_a_french_error(admin_client, two_editions):
    occurrence = two_editions[2025]["occurrence"]
    data = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": occurrence.pk,
        "form-0-room": "",
        "_save": "Enregistrer",
    }
    Occurrence.objects.filter(pk=occurrence.pk).delete()
    before = database()
    response = admin_client.post("/admin/programme/occurrence/", data)
    assert response.status_code == 200
    assert response.context["cl"].formset.errors == [
        {"id": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]}
    ]
    assert database() == before


def test_change_page_of_a_deleted_row_is_not_a_server_error(admin_client, two_editions):
    occurrence = two_editions[2025]["occurrence"]
    url = reverse("admin:programme_occurrence_change", args=[occurrence.pk])
    data = change_form_data(admin_client.get(url))
    Occurrence.objects.filter(pk=occurrence.pk).delete()
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert not Occurrence.objects.filter(pk=occurrence.pk).exists()


def test_room_planning_refuses_a_row_of_another_edition(admin_client, two_editions):
    other = two_editions[2026]["occurrence"]
    before = database()
    response = admin_client.post(
        "/admin/programme/occurrence/repartition/", {"occurrence": other.pk, f"o{other.pk}-room": ""}
    )
    assert response.status_code == 404
    assert database() == before


def test_current_editions_rooms_only_in_every_room_select(admin_client, two_editions):
    session = two_editions[2025]["session"]
    page = admin_client.get(reverse("admin:programme_session_change", args=[session.pk]))
    formset = page.context["inline_admin_formsets"][1].formset
    assert [label for _, label in formset.forms[0].fields["room"].choices] == ["Salle à venir", "Salle de concert"]
    assert (
        list(Room.objects.filter(name="Salle de concert").values_list("edition", flat=True).distinct()).__len__() == 2
    )
    assert Speaker.objects.count() == 2 and Edition.objects.count() == 2
