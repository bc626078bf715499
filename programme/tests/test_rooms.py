"""Rooms: floor, directions and accessibility on the room page and the session page; « Aujourd'hui »
on the home page and the week during the event."""

import datetime
import zoneinfo

import pytest
import time_machine

from programme.models import Occurrence, Room, Session
from programme.tests.factories import make_edition, make_programme

pytestmark = pytest.mark.django_db
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def edition():
    return make_programme()


@pytest.fixture
def room(edition):
    room = Room.objects.filter(edition=edition).get()
    room.floor = "4ᵉ étage"
    room.directions = "Ascenseur du hall, puis à droite."
    room.accessibility = "Accessible en fauteuil roulant."
    room.capacity = 120
    room.save()
    return room


def test_room_page_lists_its_sessions_and_how_to_get_there(client, edition, room):
    response = client.get(f"/salles/{room.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("4ᵉ étage", "Ascenseur du hall, puis à droite.", "Accessible en fauteuil roulant.", "120 places"):
        assert text in html
    keynotes = Occurrence.objects.filter(room=room).select_related("session")
    assert [o.session.title in html for o in keynotes] == [True, True]


def test_room_page_of_an_unknown_room_is_404(client, edition):
    assert client.get("/salles/999999/").status_code == 404


def test_room_page_of_another_edition_at_its_permanent_address(client, edition):
    other = make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    )
    old_room = Room.objects.get(edition=other)
    assert client.get(f"/salles/{old_room.pk}/")["Location"] == f"/editions/{other.slug}/salles/{old_room.pk}/"
    assert client.get(f"/editions/{edition.slug}/salles/{old_room.pk}/").status_code == 404


def test_session_page_shows_floor_directions_and_links_the_room(client, edition, room):
    keynote = Occurrence.objects.filter(room=room).select_related("session").first()
    html = client.get(keynote.session.get_absolute_url()).content.decode()
    assert f'<a href="/salles/{room.pk}/">{room.name}</a>, 4ᵉ étage' in html
    assert "Pour s'y rendre&nbsp;: Ascenseur du hall, puis à droite." in html


def test_room_to_come_stays_visible_for_sessions(client, edition):
    case = Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY).select_related("session").first()
    assert "Salle à venir" in client.get(case.session.get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/", "/programme/"])
def test_today_is_announced_during_the_event(client, edition, url):
    with time_machine.travel(datetime.datetime(2025, 10, 21, 9, tzinfo=MONTREAL), tick=False):
        html = client.get(url).content.decode()
    assert "<strong>Aujourd'hui</strong>, mardi 21 octobre 2025" in html
    assert f'href="/editions/{edition.slug}/programme/2025-10-21/"' in html or 'href="/programme/2025-10-21/"' in html


@pytest.mark.parametrize("url", ["/", "/programme/"])
def test_today_is_not_announced_outside_the_event(client, edition, url):
    with time_machine.travel(datetime.datetime(2025, 10, 27, 9, tzinfo=MONTREAL), tick=False):
        assert "Aujourd'hui" not in client.get(url).content.decode()


def test_the_cached_week_changes_with_the_day(client, edition):
    with time_machine.travel(datetime.datetime(2025, 10, 20, 23, 50, tzinfo=MONTREAL), tick=False):
        assert "lundi 20 octobre 2025&nbsp;: <a" in client.get("/programme/").content.decode()
    with time_machine.travel(datetime.datetime(2025, 10, 21, 0, 10, tzinfo=MONTREAL), tick=False):
        assert "mardi 21 octobre 2025&nbsp;: <a" in client.get("/programme/").content.decode()


def test_room_fields_are_in_the_admin(admin_client, room):
    html = admin_client.get(f"/admin/programme/room/{room.pk}/change/").content.decode()
    for name in ("floor", "directions", "accessibility", "capacity"):
        assert f'name="{name}"' in html


def test_room_page_query_count_is_the_same_at_ten_times_the_data(client, week_2025, django_assert_num_queries):
    from programme.caching import cache
    from programme.tests.factories import grow_programme

    room = Room.objects.get(edition=week_2025, name="Salle de concert")
    # version, edition, room, days, occurrences, speakers
    with django_assert_num_queries(6):
        assert client.get(f"/salles/{room.pk}/").status_code == 200
    grow_programme(week_2025, 10)
    cache.clear()
    with django_assert_num_queries(6):
        assert client.get(f"/salles/{room.pk}/").status_code == 200
