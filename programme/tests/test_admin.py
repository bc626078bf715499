"""The programme's admin, as an organizer (staff, in the group Organisateurs, not a superuser) uses it."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from automne.roles import ORGANIZERS_GROUP
from programme.models import Day, Edition, Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot
from programme.tests.factories import grow_programme, make_edition, make_programme, make_session, make_speaker, schedule

NB = "\xa0"
OCCURRENCES = "/admin/programme/occurrence/"
SESSIONS = "/admin/programme/session/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    user = get_user_model().objects.create_user("organisation@example.org", "mot-de-passe-solide-1", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    return user


@pytest.fixture
def admin_client(client, organizer):
    client.force_login(organizer)
    return client


@pytest.fixture
def monday():
    return Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))


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
    occurrence = schedule(
        make_session(speakers=[make_speaker()]), monday, t(9), t(10), room=Room.objects.create(name="A")
    )
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
    assert f'<a href="/seances/{session.slug}/">Voir sur le site</a>' in content


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
    room = Room.objects.create(name="Salle de concert")
    placed = schedule(make_session(), monday, t(9), t(10), room=room)
    first = schedule(make_session(), monday, t(9), t(10))
    second = schedule(make_session(), monday, t(11), t(12))
    assert list(admin_client.get(OCCURRENCES, {"salle_a_venir": "oui"}).context["cl"].result_list) == [first, second]
    assert list(admin_client.get(OCCURRENCES, {"salle_a_venir": "non"}).context["cl"].result_list) == [placed]
    content = admin_client.get(OCCURRENCES).content.decode()
    assert "Par salle à venir" in content
    assert list(admin_client.get(OCCURRENCES, {"room__isnull": "True"}).context["cl"].result_list) == [first, second]


def test_programme_list_room_select_is_plain_and_labelled(admin_client, monday):
    room = Room.objects.create(name="Salle de concert")
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


# Changing a room


def test_organizer_changes_a_room_from_the_list(admin_client, monday):
    room = Room.objects.create(name="Salle de concert")
    occurrence = schedule(make_session(title="Coproduction"), monday, t(9), t(10))
    response = list_edit(admin_client, occurrence, room, "q=Coproduction")
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.room == room


def test_room_taken_is_refused_from_the_list(admin_client, monday):
    room = Room.objects.create(name="Salle de concert")
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
    room = Room.objects.create(name="Salle de concert")
    occurrence = schedule(make_session(speakers=[make_speaker()]), monday, t(9), t(10))
    url = reverse("admin:programme_session_change", args=[occurrence.session_id])
    data = change_form_data(admin_client.get(url))
    data["occurrences-0-room"] = room.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.room == room


def test_room_taken_is_refused_from_the_occurrence_page(admin_client, monday):
    room = Room.objects.create(name="Salle de concert")
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


# Pages listing sessions


def test_speaker_page_lists_their_sessions(admin_client, monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Machines", speakers=[ada]), monday, t(13, 30), t(14, 45))
    content = admin_client.get(reverse("admin:programme_speaker_change", args=[ada.pk])).content.decode()
    assert "Machines" in content
    assert f"lundi 20 octobre 2025, 13{NB}h{NB}30 à 14{NB}h{NB}45" in content


def test_day_page_lists_its_sessions_in_order(admin_client, monday):
    schedule(make_session(title="Après-midi"), monday, t(13, 30), t(14, 45), room=Room.objects.create(name="B"))
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
        (OCCURRENCES, 9),
        (f"{OCCURRENCES}?q=Personne", 9),
        (f"{OCCURRENCES}?salle_a_venir=oui", 9),
        (SESSIONS, 9),
        (f"{SESSIONS}?q=Personne", 9),
        ("/admin/programme/speaker/", 7),
        ("/admin/programme/day/", 8),
        ("/admin/programme/timeslot/", 8),
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


@pytest.fixture
def programme_2025():
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "programme.json"), verbosity=0)
    return Edition.objects.get(is_current=True)


def test_programme_2025_passes_every_validation_rule(programme_2025):
    for model in (Edition, Day, TimeSlot, Room, Speaker, Session, SessionSpeaker, Occurrence):
        for instance in model.objects.all():
            instance.full_clean()


@pytest.mark.parametrize("url", [OCCURRENCES, SESSIONS])
def test_changelist_with_the_2025_data_has_the_same_query_count(
    admin_client, django_assert_num_queries, programme_2025, url
):
    scheduled = Occurrence.objects.count()
    with django_assert_num_queries(9):
        response = admin_client.get(url)
    assert response.status_code == 200
    grow_programme(programme_2025, 10)
    with django_assert_num_queries(9):
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
    data = {"title": "Atelier", "slug": "atelier", "kind": Session.Kind.WORKSHOP, "language": "fr"}
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
