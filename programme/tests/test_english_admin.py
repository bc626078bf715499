"""The programme's admin in English (issue 24): the labels, columns, filters, messages and pages we wrote, for an
English-speaking organizer; the models' words (a session's kind, language, room to be announced, an edition's
dates) in English wherever English is asked for. The same pages in French are those of the other tests."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from automne.french import NBSP as NB
from programme.models import Day, Edition, Occurrence, Session, TimeSlot
from programme.tests.factories import make_edition, make_programme, make_room, make_session, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def language_restored():
    """A request in English leaves English active in this thread (LocaleMiddleware): the next test starts
    in the site's language again."""
    yield
    translation.deactivate()


def in_english(path):
    """The English address of a French one: the same, under /en/ (reverse() gives it already while English
    is active, after an English request)."""
    return path if path.startswith("/en/") else "/en" + path


def english(client, path, data=None):
    """The page at `path`, in English (the answer says so)."""
    response = client.get(in_english(path), data)
    assert response.status_code == 200
    assert response.headers.get("Content-Language") == "en"
    return response


def text(response):
    return response.content.decode()


def test_programme_list_in_english(admin_client):
    make_programme()
    response = english(admin_client, "/admin/programme/occurrence/")
    assert response.status_code == 200
    page = text(response)
    assert response.context["title"] == "Scheduled sessions"
    for heading in ("Day", "Time", "Type", "Title", "Room", "Choices", "Language", "Description", "On the site"):
        assert f">{heading}</" in page, heading
    assert ">Keynote<" in page and ">Case study<" in page and ">Break<" in page
    assert ">English<" in page and ">French<" in page
    assert "Room to be announced" in page
    assert ">View on the site</a>" in page
    assert ">Room allocation</a>" in page
    assert "All editions" in page
    assert '<label for="searchbar">Search</label>' in page
    assert "Session title or name of a person who speaks in it." in page
    assert 'aria-label="Room"' in page
    # Nothing of ours left in French.
    for french in ("Séances au programme", "Salle à venir", "Voir sur le site", "Étude de cas", "Répartition"):
        assert french not in page, french


def test_programme_list_in_french_is_unchanged(admin_client):
    make_programme()
    page = text(admin_client.get("/admin/programme/occurrence/"))
    assert ">Conférence magistrale<" in page and ">Étude de cas<" in page and ">Anglais<" in page
    assert "Salle à venir" in page and ">Voir sur le site</a>" in page and ">Répartition des salles</a>" in page
    assert '<label for="searchbar">Rechercher</label>' in page


def test_session_page_in_english(admin_client):
    session = make_session(speakers=[make_speaker()])
    page = text(english(admin_client, reverse("admin:programme_session_change", args=[session.pk])))
    assert "Speakers, in display order" in page
    assert "On the program (day, time and room)" in page
    assert "Description status" in page and "Intended audience" in page
    assert "For example, “For students registered in the ENP7009 course”." in page
    assert 'data-placeholder="Choose a person"' in page
    assert ">Hands-on workshop<" in page and ">Round table<" in page
    assert ">Row<" in page  # the inline's first column


def test_session_list_in_english(admin_client):
    make_programme()
    response = english(admin_client, "/admin/programme/session/")
    assert response.context["title"] == "Sessions: titles, descriptions and speakers"
    page = text(response)
    assert ">Speakers</" in page and ">On the program</" in page


def test_day_and_time_slot_pages_in_english(admin_client):
    edition = make_programme()
    day = edition.days.first()
    page = text(english(admin_client, reverse("admin:programme_day_change", args=[day.pk])))
    assert "Sessions of the day" in page and "Time slots" in page
    slot = TimeSlot.objects.filter(day=day).first()
    page = text(english(admin_client, reverse("admin:programme_timeslot_change", args=[slot.pk])))
    assert "Sessions in this time slot" in page and "Block title" in page
    page = text(english(admin_client, "/admin/programme/timeslot/"))
    assert "Day (“Tuesday”), start time (“1:30 p.m.” or “13:30”), block title or session title." in page


def test_time_slots_found_by_english_day_and_time(admin_client):
    edition = make_programme()  # Monday and Tuesday of the edition, case studies at 13:30
    tuesday = edition.days.order_by("date").last().date
    response = english(admin_client, "/admin/programme/timeslot/", {"q": "Tuesday 1:30 p.m."})
    found = list(response.context["cl"].result_list)
    assert [(slot.day.date, slot.starts_at) for slot in found] == [(tuesday, datetime.time(13, 30))]
    response = english(admin_client, "/admin/programme/timeslot/", {"q": f"{tuesday:%B} {tuesday.day}, 9:00"})
    assert [(slot.day.date, slot.starts_at) for slot in response.context["cl"].result_list] == [
        (tuesday, datetime.time(9))
    ]


def test_french_search_keeps_english_words_as_words(admin_client):
    edition = make_programme()
    Session.objects.filter(edition=edition, kind=Session.Kind.BREAK).update(title="May break")
    response = admin_client.get("/admin/programme/timeslot/", {"q": "may"})
    assert {slot.starts_at for slot in response.context["cl"].result_list} == {datetime.time(10, 30)}


def test_room_planning_in_english(admin_client):
    edition = make_programme()
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    page = text(english(admin_client, reverse("admin:programme_room_planning")))
    assert ">Home</a> › " in page and ">Scheduled sessions</a> › Room allocation" in page
    assert ": each block of parallel sessions, with the number of participants who chose each session" in page
    for heading in ("Session", "Choices", "Capacity", "Room"):
        assert f'<th scope="col">{heading}</th>' in page
    assert ">Save</button>" in page


def test_room_given_in_english_says_so(admin_client):
    edition = make_programme()
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    occurrence = Occurrence.objects.filter(edition=edition, session__kind=Session.Kind.CASE_STUDY).first()
    room = make_room("Salle 999", edition=edition)
    data = {"occurrence": occurrence.pk, f"o{occurrence.pk}-room": room.pk}
    response = admin_client.post(in_english(reverse("admin:programme_room_planning")), data, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [f"“{occurrence.session.title}”: Salle 999."]


def test_prepare_next_edition_in_english(admin_client):
    edition = make_edition()
    path = in_english(reverse("admin:programme_edition_changelist"))
    response = admin_client.post(path, {"action": "prepare_next", "_selected_action": [edition.pk]})
    page = text(response)
    assert "Slug of the new edition" in page and "YYYY-MM-DD" in page
    assert 'value="Prepare the edition"' in page
    assert "The days and the program start empty; the new edition is not current." in page


def test_edition_page_in_english(admin_client):
    edition = make_edition()
    page = text(english(admin_client, reverse("admin:programme_edition_change", args=[edition.pk])))
    for title in ("Registration", "Venue and contact", "Credit course and certificate", "Certificate signature"):
        assert f">{title}</h2>" in page, title
    assert "For example, “Director of the Fall School”." in page
    assert "Make this edition the current edition" in text(english(admin_client, "/admin/programme/edition/"))


def test_admin_index_in_english(admin_client):
    page = text(english(admin_client, "/admin/"))
    assert "Scheduled sessions" in page and "Time slots" in page and "People (speakers, panelists…)" in page


# The models' words, wherever English is asked for


def test_session_words_in_english():
    with translation.override("en"):
        assert Session(kind=Session.Kind.WELCOME).get_kind_display() == "Welcome"
        assert Session(kind=Session.Kind.OPENING_LECTURE).get_kind_display() == "Opening keynote"
        assert Session(language=Session.Language.ENGLISH).get_language_display() == "English"
        assert Session(description_status="a_venir").get_description_status_display() == "Description to come"
        assert Occurrence().room_label == "Room to be announced"
    with translation.override("fr-ca"):
        assert Session(kind=Session.Kind.WELCOME).get_kind_display() == "Accueil"
        assert Occurrence().room_label == "Salle à venir"


def test_edition_words_in_english():
    edition = Edition(starts_on=datetime.date(2025, 10, 20), ends_on=datetime.date(2025, 10, 24), course_code="ENP7009")
    for credits, french, english_label in ((1, f"1{NB}crédit", "1 credit"), (3, f"3{NB}crédits", "3 credits")):
        edition.course_credits = credits
        with translation.override("fr-ca"):
            assert edition.course_label == f"ENP7009 – {french}"
        with translation.override("en"):
            assert edition.course_label == f"ENP7009 – {english_label}"
    with translation.override("fr-ca"):
        assert edition.date_range_label().startswith("du ")
    with translation.override("en"):
        assert edition.date_range_label() == "from Monday, October 20, 2025 to Friday, October 24, 2025"


def test_validation_messages_in_english():
    edition = make_edition()
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            Edition(
                name="x", slug="x", starts_on=datetime.date(2025, 10, 24), ends_on=datetime.date(2025, 10, 20)
            ).clean()
        assert refused.value.message_dict == {"ends_on": ["The last day must be the first day or later."]}
        day = Day(edition=edition, date=datetime.date(2030, 1, 1))
        with pytest.raises(ValidationError) as refused:
            day.clean()
        assert refused.value.message_dict["date"] == [
            "Tuesday, January 1, 2030 is outside the edition’s dates "
            f"(from {edition.starts_on:%A, %B} {edition.starts_on.day}, {edition.starts_on.year} to "
            f"{edition.ends_on:%A, %B} {edition.ends_on.day}, {edition.ends_on.year})."
        ]
