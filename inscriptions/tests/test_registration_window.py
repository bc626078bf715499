"""Each edition takes registrations within its window, and never once it is over: before, the site
says when they open; after, that they are closed, with the dates. A submission outside the window
creates nothing, and the waiting list and organizers' actions keep working after closing."""

import datetime
import html
import zoneinfo

import pytest
import time_machine

from inscriptions import seats
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, form_data, make_registration
from programme.tests.factories import make_edition
from programme.tests.html_text import squash

pytestmark = pytest.mark.django_db
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
URL = "/inscription/"


def at(*args):
    return datetime.datetime(*args, tzinfo=MONTREAL)


@pytest.fixture
def edition_2026():
    """The 2026 week, registration from 1 September 9 h to 1 October 17 h."""
    return make_edition(
        slug="ecole-automne-2026",
        starts_on=datetime.date(2026, 10, 19),
        ends_on=datetime.date(2026, 10, 23),
        registration_opens_at=at(2026, 9, 1, 9),
        registration_closes_at=at(2026, 10, 1, 17),
        capacity=1,
    )


def page_text(response):
    """The page with its no-break spaces as plain ones (« 9 h », « : »), to compare with sentences."""
    return squash(html.unescape(response.content.decode()).replace("\xa0", " "))


def test_before_opening_the_site_says_when_registration_opens(client, edition_2026):
    with time_machine.travel(at(2026, 8, 15, 12), tick=False):
        response = client.get(URL)
        home = client.get("/")
    assert response.status_code == 200
    assert "Les inscriptions ouvriront le mardi 1er septembre 2026 à 9 h." in page_text(response)
    assert "S'inscrire" not in page_text(home)
    assert "Les inscriptions ouvriront le mardi 1er septembre 2026 à 9 h." in page_text(home)


def test_while_open_the_form_and_the_home_call_to_action_are_there(client, edition_2026):
    with time_machine.travel(at(2026, 9, 15, 12), tick=False):
        response = client.get(URL)
        home = client.get("/")
    assert 'name="email"' in response.content.decode()
    assert "Inscriptions ouvertes jusqu'au jeudi 1er octobre 2026 à 17 h." in page_text(home)
    assert 'href="/inscription/">S\'inscrire</a>' in html.unescape(home.content.decode())


def test_after_closing_the_site_says_registration_is_closed_with_the_date(client, edition_2026):
    with time_machine.travel(at(2026, 10, 1, 17), tick=False):
        text = page_text(client.get(URL))
    assert "Les inscriptions sont closes depuis le jeudi 1er octobre 2026 à 17 h." in text


def test_once_the_edition_is_over_registration_is_closed_even_without_a_closing_date(client):
    make_edition(slug="ecole-automne-2025")  # 20 to 24 October 2025, no window set
    with time_machine.travel(at(2026, 11, 22, 10), tick=False):
        text = page_text(client.get(URL))
    assert (
        "Les inscriptions sont closes : l'édition a eu lieu du lundi 20 octobre 2025 au vendredi 24 octobre 2025."
        in text
    )


@pytest.mark.parametrize("moment", [at(2026, 8, 31, 23, 59), at(2026, 10, 1, 17), at(2026, 10, 30, 9)])
def test_a_registration_posted_outside_the_window_is_refused_and_creates_nothing(client, edition_2026, moment):
    with time_machine.travel(moment, tick=False):
        response = client.post(URL, form_data(email="tard@exemple.ca"))
    assert response.status_code == 403
    assert "Les inscriptions" in page_text(response)
    assert not User.objects.filter(email="tard@exemple.ca").exists()
    assert not Registration.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_submission_that_arrives_after_closing_is_refused_under_the_lock(edition_2026):
    # The form was shown while open; the lock is taken after the closing time.
    with time_machine.travel(at(2026, 10, 1, 17, 0, 1), tick=False), pytest.raises(seats.RegistrationClosed):
        seats.register(
            edition_2026,
            email="course@exemple.ca",
            password=PASSWORD,
            first_name="C",
            last_name="D",
            kind=Registration.Kind.ATTESTATION,
            organisation="O",
            function="F",
            sector="municipal",
        )
    assert not User.objects.filter(email="course@exemple.ca").exists()


def test_waiting_list_and_organizers_actions_keep_working_after_closing(edition_2026):
    holder = make_registration(edition_2026, state=Registration.State.RECEIVED)
    waiting = make_registration(edition_2026, state=Registration.State.WAITING)
    with time_machine.travel(at(2026, 10, 10, 9), tick=False):
        seats.cancel([holder])
        seats.promote_from_waiting_list(edition_2026)
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.CONFIRMED


def test_another_edition_open_at_the_same_time_has_its_own_registration_address(client, edition_2026):
    summer = make_edition(
        slug="ecole-ete-2026",
        name="École d'été",
        is_current=False,
        starts_on=datetime.date(2026, 9, 21),
        ends_on=datetime.date(2026, 9, 25),
    )
    with time_machine.travel(at(2026, 9, 15, 12), tick=False):
        response = client.get(f"/editions/{summer.slug}/inscription/")
        home = page_text(client.get("/"))
    assert response.status_code == 200
    assert "École d'été, du lundi 21 septembre 2026 au vendredi 25 septembre 2026" in page_text(response)
    assert "École d'été 2026" in home
