"""« Mon programme »: chosen sessions day by day, plenary sessions shown but not counted, today
first during the event, the empty state, login, and a constant number of queries."""

import datetime
import zoneinfo

import pytest
import time_machine

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Choice, Occurrence, Session
from programme.tests.factories import grow_programme
from programme.tests.html_text import text as element_text


def visible_text(html):
    return element_text(html, tag="main")


pytestmark = pytest.mark.django_db
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


def of_kind(edition, kind):
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=kind)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )


def test_my_programme_anonymous_is_sent_to_login(client, edition):
    response = client.get("/mon-programme/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/mon-programme/"


def test_my_programme_empty_explains_how_to_choose(participant_client, edition):
    text = visible_text(participant_client.get("/mon-programme/").content.decode())
    assert "Vous n'avez encore choisi aucune séance" in text
    assert "Ajouter à mon programme" in text


def test_my_programme_lists_choices_and_plenaries_day_by_day(participant_client, participant, edition):
    monday_case = of_kind(edition, Session.Kind.CASE_STUDY)[0]
    tuesday_case = of_kind(edition, Session.Kind.CASE_STUDY)[4]
    Choice.objects.create(user=participant, occurrence=monday_case)
    Choice.objects.create(user=participant, occurrence=tuesday_case)
    html = participant_client.get("/mon-programme/").content.decode()
    text = visible_text(html)
    assert "2 séances choisies" in text
    keynotes = of_kind(edition, Session.Kind.KEYNOTE)
    titles = [
        keynotes[0].session.title,
        monday_case.session.title,
        keynotes[1].session.title,
        tuesday_case.session.title,
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert html.count("Pour tout le monde") == 2
    assert "Pause" not in text
    other_cases = {o.session.title for o in of_kind(edition, Session.Kind.CASE_STUDY)} - {
        monday_case.session.title,
        tuesday_case.session.title,
    }
    assert not any(title in html for title in other_cases)
    assert "13\xa0h\xa030" in text


def test_my_programme_shows_speakers_and_room(participant_client, participant, edition):
    keynote = of_kind(edition, Session.Kind.KEYNOTE)[0]
    text = visible_text(participant_client.get("/mon-programme/").content.decode())
    assert keynote.room.name in text
    assert keynote.session.speakers.first().full_name in text


def test_my_programme_during_the_event_puts_today_first(participant_client, participant, edition):
    monday_case, tuesday_case = (
        of_kind(edition, Session.Kind.CASE_STUDY)[0],
        of_kind(edition, Session.Kind.CASE_STUDY)[4],
    )
    Choice.objects.create(user=participant, occurrence=monday_case)
    Choice.objects.create(user=participant, occurrence=tuesday_case)
    with time_machine.travel(datetime.datetime(2025, 10, 21, 13, 40, tzinfo=MONTREAL), tick=False):
        html = participant_client.get("/mon-programme/").content.decode()
    text = visible_text(html)
    assert text.index("Aujourd'hui, mardi 21 octobre 2025") < text.index("Lundi 20 octobre 2025")
    assert f"En ce moment\xa0: {tuesday_case.session.title}" in text


def test_my_programme_not_registered_says_so(client, edition):
    client.force_login(make_user())
    text = visible_text(client.get("/mon-programme/").content.decode())
    assert "Seules les personnes inscrites" in text


def test_my_programme_cancelled_registration_still_shows_choices(client, edition):
    registration = make_registration(edition, state=Registration.State.CANCELLED)
    case = of_kind(edition, Session.Kind.CASE_STUDY)[0]
    Choice.objects.create(user=registration.user, occurrence=case)
    client.force_login(registration.user)
    text = visible_text(client.get("/mon-programme/").content.decode())
    assert case.session.title in text
    assert "Votre inscription à cette édition est annulée" in text


def test_my_programme_never_shows_another_participants_choices(participant_client, edition):
    other = make_registration(edition).user
    case = of_kind(edition, Session.Kind.CASE_STUDY)[0]
    Choice.objects.create(user=other, occurrence=case)
    assert case.session.title not in participant_client.get("/mon-programme/").content.decode()


def test_header_links_to_my_programme_when_logged_in(participant_client, client, edition):
    assert 'href="/mon-programme/"' in participant_client.get("/intervenants/").content.decode()


def test_my_programme_query_count_is_the_same_at_one_and_ten_times(
    participant_client, participant, edition, django_assert_num_queries
):
    for occurrence in of_kind(edition, Session.Kind.CASE_STUDY)[::3]:
        Choice.objects.create(user=participant, occurrence=occurrence)
    # First render: version, session, account (automne/session_user.py), their state (registration,
    # choices, calendar address: programme/personal.py), edition, occurrences (light), details of those
    # shown and their speakers, recent changes, days (10 before too). Then the page kept for them:
    # version, session with its account, state.
    # The materials the participant sees: their roles and speakers' sessions (supports/access.py), the
    # materials (3 more).
    with django_assert_num_queries(13):
        assert participant_client.get("/mon-programme/").status_code == 200
    with django_assert_num_queries(3):
        assert participant_client.get("/mon-programme/").status_code == 200
    grow_programme(edition, 10)
    for occurrence in of_kind(edition, Session.Kind.CASE_STUDY)[::3]:
        Choice.objects.get_or_create(user=participant, occurrence=occurrence)
    with django_assert_num_queries(12):  # the session and its account in one query, now that it is known
        assert participant_client.get("/mon-programme/").status_code == 200
    with django_assert_num_queries(3):
        assert participant_client.get("/mon-programme/").status_code == 200
