"""The programme's admin lists and pages, as an organizer (staff, in the group Organisateurs, not a superuser)
sees them: access, the order of the week, searches and filters, and a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from automne.french import NBSP as NB
from programme.models import Day, Edition, Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot
from programme.tests.factories import (
    grow_programme,
    make_edition,
    make_programme,
    make_room,
    make_session,
    make_speaker,
    schedule,
)

OCCURRENCES = "/admin/programme/occurrence/"
SESSIONS = "/admin/programme/session/"
pytestmark = pytest.mark.django_db


def t(hour, minute=0):
    return datetime.time(hour, minute)


# The organizer's access


def test_organizer_opens_the_programme_list(admin_client):
    make_programme()
    response = admin_client.get(OCCURRENCES)
    assert response.status_code == 200
    assert response.context["title"] == "Séances au programme"


def test_organizer_cannot_open_user_accounts(admin_client):
    assert admin_client.get("/admin/inscriptions/user/").status_code == 403


def test_admin_index_shows_the_programme_but_not_accounts_to_an_organizer(admin_client):
    response = admin_client.get("/admin/")
    models = {
        (app["app_label"], model["object_name"]) for app in response.context["app_list"] for model in app["models"]
    }
    assert ("inscriptions", "User") not in models
    assert {
        ("programme", name) for name in ("Occurrence", "Session", "Speaker", "Day", "TimeSlot", "Room", "Edition")
    } <= models


def test_organizer_opens_every_programme_page(admin_client, monday):
    occurrence = schedule(make_session(speakers=[make_speaker()]), monday, t(9), t(10), room=make_room("A"))
    pages = [
        reverse("admin:programme_occurrence_change", args=[occurrence.pk]),
        reverse("admin:programme_session_change", args=[occurrence.session_id]),
        reverse("admin:programme_session_add"),
        reverse("admin:programme_speaker_change", args=[occurrence.session.speakers.get().pk]),
        reverse("admin:programme_day_change", args=[monday.pk]),
        reverse("admin:programme_timeslot_change", args=[occurrence.time_slot_id]),
        reverse("admin:programme_edition_change", args=[monday.edition_id]),
        reverse("admin:programme_room_changelist"),
        reverse("admin:programme_speaker_changelist"),
        reverse("admin:programme_day_changelist"),
        reverse("admin:programme_timeslot_changelist"),
    ]
    assert {page: admin_client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)


# Séances au programme: the list


def test_programme_list_is_in_the_order_of_the_week(admin_client):
    make_programme()
    response = admin_client.get(OCCURRENCES)
    assert list(response.context["cl"].result_list) == list(Occurrence.objects.in_schedule_order())


def test_programme_list_shows_day_time_kind_room_language_and_status(admin_client, monday):
    session = make_session(
        Session.Kind.KEYNOTE,
        title="Coproduction",
        language=Session.Language.ENGLISH,
        description_status=Session.DescriptionStatus.PROVISIONAL,
    )
    schedule(session, monday, t(13, 30), t(14, 45))
    content = admin_client.get(OCCURRENCES).content.decode()
    for text in [
        "lundi 20 octobre 2025",
        f"13{NB}h{NB}30 à 14{NB}h{NB}45",
        "Conférence magistrale",
        "Coproduction",
        "Anglais",
        "Description provisoire",
        '<option value="" selected>Salle à venir</option>',
    ]:
        assert text in content


def test_programme_list_links_to_the_public_page(admin_client, monday):
    session = make_session(title="Coproduction")
    schedule(session, monday, t(9), t(10))
    content = admin_client.get(OCCURRENCES).content.decode()
    # The permanent address, which stays the same when another edition becomes current.
    assert f'<a href="/editions/{session.edition.slug}/seances/{session.slug}/">Voir sur le site</a>' in content


def test_programme_lists_show_the_current_edition_unless_another_is_chosen(admin_client, monday):
    current = make_session(title="Cette année")
    schedule(current, monday, t(9), t(10))
    past = make_edition(slug="ecole-2024", is_current=False, starts_on=datetime.date(2024, 10, 21))
    old_day = Day.objects.create(edition=past, date=past.starts_on)
    schedule(make_session(title="L'an passé", edition=past), old_day, t(9), t(10))

    def titles(query=""):
        response = admin_client.get(OCCURRENCES + query)
        return sorted(o.session.title for o in response.context["cl"].result_list)

    assert titles() == ["Cette année"]
    assert titles(f"?edition={past.pk}") == ["L'an passé"]
    assert titles("?edition=toutes") == ["Cette année", "L'an passé"]
    assert titles("?edition=pas-un-nombre") == ["Cette année"]


def test_programme_list_search_by_speaker_name_finds_the_session(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    found = schedule(make_session(title="Machines", speakers=[ada, make_speaker()]), monday, t(9), t(10))
    schedule(make_session(title="Autre", speakers=[make_speaker()]), monday, t(9), t(10))
    assert list(admin_client.get(OCCURRENCES, {"q": "Lovelace"}).context["cl"].result_list) == [found]
    assert list(admin_client.get(OCCURRENCES, {"q": "Ada Lovelace"}).context["cl"].result_list) == [found]
    assert list(admin_client.get(SESSIONS, {"q": "lovelace"}).context["cl"].result_list) == [found.session]


def test_programme_list_search_by_title(admin_client, monday):
    found = schedule(make_session(title="Expérimentation réglementaire"), monday, t(9), t(10))
    schedule(make_session(title="Autre"), monday, t(9), t(10))
    assert list(admin_client.get(OCCURRENCES, {"q": "réglementaire"}).context["cl"].result_list) == [found]


def test_room_to_come_filter(admin_client, monday):
    room = make_room("Salle de concert")
    placed = schedule(make_session(), monday, t(9), t(10), room=room)
    first = schedule(make_session(), monday, t(9), t(10))
    second = schedule(make_session(), monday, t(11), t(12))
    assert list(admin_client.get(OCCURRENCES, {"salle_a_venir": "oui"}).context["cl"].result_list) == [first, second]
    assert list(admin_client.get(OCCURRENCES, {"salle_a_venir": "non"}).context["cl"].result_list) == [placed]
    content = admin_client.get(OCCURRENCES).content.decode()
    assert "Par salle à venir" in content
    assert list(admin_client.get(OCCURRENCES, {"room__isnull": "True"}).context["cl"].result_list) == [first, second]


def test_programme_list_room_select_is_plain_and_labelled(admin_client, monday):
    room = make_room("Salle de concert")
    schedule(make_session(), monday, t(9), t(10), room=room)
    content = admin_client.get(OCCURRENCES).content.decode()
    assert (
        '<select name="form-0-room" data-context="available-source" aria-label="Salle" id="id_form-0-room">' in content
    )
    assert "related-widget-wrapper" not in content


def test_programme_list_filters_by_day_and_kind(admin_client, monday):
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    schedule(make_session(Session.Kind.WORKSHOP), monday, t(9), t(10))
    workshop = schedule(make_session(Session.Kind.WORKSHOP), tuesday, t(9), t(10))
    schedule(make_session(Session.Kind.CASE_STUDY), tuesday, t(9), t(10))
    query = {"time_slot__day__id__exact": tuesday.pk, "session__kind__exact": Session.Kind.WORKSHOP}
    assert list(admin_client.get(OCCURRENCES, query).context["cl"].result_list) == [workshop]


# Pages listing sessions


def test_speaker_page_lists_their_sessions(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Machines", speakers=[ada]), monday, t(13, 30), t(14, 45))
    content = admin_client.get(reverse("admin:programme_speaker_change", args=[ada.pk])).content.decode()
    assert "Machines" in content
    assert f"lundi 20 octobre 2025, 13{NB}h{NB}30 à 14{NB}h{NB}45" in content


def test_day_page_lists_its_sessions_in_order(admin_client, monday):
    schedule(make_session(title="Après-midi"), monday, t(13, 30), t(14, 45), room=make_room("B"))
    schedule(make_session(title="Matin"), monday, t(9), t(10))
    content = admin_client.get(reverse("admin:programme_day_change", args=[monday.pk])).content.decode()
    morning = content.index(f"9{NB}h à 10{NB}h — ")
    afternoon = content.index(f"13{NB}h{NB}30 à 14{NB}h{NB}45 — ")
    assert morning < afternoon
    assert ">Matin</a> (Salle à venir)" in content and ">Après-midi</a> (B)" in content


def test_time_slot_page_lists_its_sessions(admin_client, monday):
    occurrence = schedule(make_session(title="Machines"), monday, t(13, 30), t(14, 45))
    response = admin_client.get(reverse("admin:programme_timeslot_change", args=[occurrence.time_slot_id]))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in formset.initial_forms] == [occurrence]
    assert "Machines" in response.content.decode()


# Constant number of queries, at 1× and 10× the data


@pytest.mark.parametrize(
    "url, queries",
    [
        (OCCURRENCES, 10),
        (f"{OCCURRENCES}?q=Personne", 10),
        (f"{OCCURRENCES}?salle_a_venir=oui", 10),
        (f"{OCCURRENCES}?edition=toutes", 10),
        (SESSIONS, 10),
        (f"{SESSIONS}?q=Personne", 10),
        ("/admin/programme/speaker/", 8),
        ("/admin/programme/day/", 8),
        ("/admin/programme/timeslot/", 9),
    ],
)
def test_changelist_query_count_is_constant(admin_client, django_assert_num_queries, url, queries):
    edition = make_programme()
    with django_assert_num_queries(queries):
        assert admin_client.get(url).status_code == 200
    grow_programme(edition, 10)
    with django_assert_num_queries(queries):
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 10


# The real 2025 programme (fixtures/programme.json)


def test_programme_2025_passes_every_validation_rule(programme_2025):
    for model in (Edition, Day, TimeSlot, Room, Speaker, Session, SessionSpeaker, Occurrence):
        for instance in model.objects.all():
            instance.full_clean()


@pytest.mark.parametrize("url", [OCCURRENCES, SESSIONS])
def test_changelist_with_the_2025_data_has_the_same_query_count(
    admin_client, django_assert_num_queries, programme_2025, url
):
    scheduled = Occurrence.objects.count()
    with django_assert_num_queries(10):
        response = admin_client.get(url)
    assert response.status_code == 200
    grow_programme(programme_2025, 10)
    with django_assert_num_queries(10):
        response = admin_client.get(url)
    if url == OCCURRENCES:
        assert response.context["cl"].result_count == 10 * scheduled


# Finding a time slot (the autocomplete of the session page)


def autocomplete_slots(client, term):
    query = {"app_label": "programme", "model_name": "occurrence", "field_name": "time_slot", "term": term}
    response = client.get("/admin/autocomplete/", query)
    assert response.status_code == 200
    return [(result["id"], result["text"]) for result in response.json()["results"]]


def test_time_slot_autocomplete_finds_a_weekday_and_start_time(admin_client, monday):
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    wanted = TimeSlot.objects.create(day=tuesday, starts_at=t(13, 30), ends_at=t(14, 45), label="Études de cas")
    TimeSlot.objects.create(day=tuesday, starts_at=t(13), ends_at=t(14))
    TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(14, 45))
    expected = [(str(wanted.pk), f"mardi 21 octobre 2025 — 13{NB}h{NB}30 à 14{NB}h{NB}45 — Études de cas")]
    assert autocomplete_slots(admin_client, "mardi 13 h 30") == expected
    assert autocomplete_slots(admin_client, "Mardi 13h30") == expected
    assert autocomplete_slots(admin_client, "mardi 13:30 cas") == expected
    assert autocomplete_slots(admin_client, "cas mardi") == expected


def test_time_slot_autocomplete_by_hour_lists_the_week_in_order(admin_client, monday):
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    later = TimeSlot.objects.create(day=tuesday, starts_at=t(9), ends_at=t(10))
    first = TimeSlot.objects.create(day=monday, starts_at=t(9, 30), ends_at=t(10))
    TimeSlot.objects.create(day=monday, starts_at=t(19), ends_at=t(20))
    assert [pk for pk, _ in autocomplete_slots(admin_client, "9 h")] == [str(first.pk), str(later.pk)]
