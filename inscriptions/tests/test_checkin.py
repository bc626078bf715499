"""Check-in at the door: a page per day of the current edition, search by name, one tap (a plain
POST, or JSON for the script), the QR code of « Mon espace », and 404 for everything else."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from automne.french import NBSP
from automne.roles import TEACHING_TEAM
from inscriptions import checkin, views_checkin
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2025, 10, 20)


def at(date, hour=9):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour))), tick=False)


@pytest.fixture
def edition():
    return make_edition()


@pytest.fixture
def monday(edition):
    return Day.objects.create(edition=edition, date=MONDAY)


@pytest.fixture
def tuesday(edition):
    return Day.objects.create(edition=edition, date=MONDAY + datetime.timedelta(days=1))


@pytest.fixture
def elodie(edition):
    return make_registration(edition, first_name="Élodie", last_name="Bélanger", organisation="CIUSSS du Centre-Sud")


def url(day, registration=None):
    return f"/editions/{day.edition.slug}/presences/{day.pk}/" + (f"{registration.pk}/" if registration else "")


def present_ids(day):
    return set(day.attendances.values_list("registration", flat=True))


def test_checkin_today_opens_todays_page(client, organizer, monday, tuesday):
    with at(tuesday.date):
        response = client.get("/presences/")
    assert (response.status_code, response["Location"]) == (302, url(tuesday))


def test_checkin_today_without_a_school_day_lists_the_editions(client, organizer, edition, monday, tuesday):
    old = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    Day.objects.create(edition=old, date=old.starts_on)
    make_edition(is_current=False, starts_on=datetime.date(2023, 10, 21), ends_on=datetime.date(2023, 10, 25))  # no day
    with at(MONDAY - datetime.timedelta(days=3)):
        response = client.get("/presences/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "L'école n'a pas de journée aujourd'hui. Choisissez une édition" in page
    assert list(response.context["editions"]) == [edition, old]
    assert f'href="/editions/{old.slug}/presences/"' in page


def test_checkin_of_an_edition_without_a_day_today_lists_its_days(client, organizer, edition, monday, tuesday):
    with at(MONDAY - datetime.timedelta(days=3)):
        response = client.get(f"/editions/{edition.slug}/presences/")
    assert response.status_code == 200
    assert "Cette édition n'a pas de journée aujourd'hui." in response.content.decode()
    assert [day.pk for day in response.context["days"]] == [monday.pk, tuesday.pk]
    with at(tuesday.date):
        response = client.get(f"/editions/{edition.slug}/presences/")
    assert response["Location"] == url(tuesday)


def test_checkin_day_lists_people_holding_a_seat_with_presence(client, organizer, edition, monday, elodie):
    confirmed = make_registration(edition, last_name="Arsenault", state=Registration.State.CONFIRMED)
    make_registration(edition, last_name="Dion", state=Registration.State.WAITING)
    make_registration(edition, last_name="Caron", state=Registration.State.CANCELLED)
    make_registration(make_edition(is_current=False), last_name="Ailleurs")
    Attendance.objects.create(registration=confirmed, day=monday)
    response = client.get(url(monday))
    assert [(p.last_name, p.present) for p in response.context["people"]] == [
        ("Arsenault", True),
        ("Bélanger", False),
    ]
    assert (response.context["present"], response.context["expected"]) == (1, 2)
    page = response.content.decode()
    assert "Présences notées&nbsp;: <strong data-present>1</strong> sur 2" in page
    assert '<script src="/static/js/presences.' in page


def test_checkin_search_ignores_accents_and_case(client, organizer, edition, monday, elodie):
    make_registration(edition, first_name="Camille", last_name="Bédard")
    make_registration(edition, first_name="Marc", last_name="Arsenault")
    for query, expected in [("bedard", ["Bédard"]), ("ELODIE", ["Bélanger"]), ("b", ["Bédard", "Bélanger"])]:
        response = client.get(url(monday), {"q": query})
        assert [p.last_name for p in response.context["people"]] == expected, query
    response = client.get(url(monday), {"q": "camille bed"})
    assert [p.last_name for p in response.context["people"]] == ["Bédard"]
    response = client.get(url(monday), {"q": "Zoé"})
    assert response.context["people"] == []
    assert "Aucun nom ne correspond." in response.content.decode()
    assert response.context["expected"] == 3  # the count is the day's, not the search's


def test_checkin_tap_marks_present_then_undoes_without_javascript(client, organizer, monday, elodie):
    back = f"{url(monday)}?q=bel#p{elodie.pk}"
    response = client.post(url(monday, elodie), {"presence": "present", "next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    assert present_ids(monday) == {elodie.pk}
    page = client.get(back).content.decode()
    assert f"Élodie Bélanger{NBSP}: présent·e le lundi 20 octobre 2025." in page
    client.post(url(monday, elodie), {"presence": "present", "next": back})  # twice changes nothing
    assert monday.attendances.count() == 1
    client.post(url(monday, elodie), {"presence": "absent", "next": back})
    assert present_ids(monday) == set()


def test_checkin_tap_answers_json_to_the_script(client, organizer, monday, elodie):
    response = client.post(url(monday, elodie), {"presence": "present"}, headers={"Accept": "application/json"})
    assert response.json() == {
        "present": True,
        "message": f"Élodie Bélanger{NBSP}: présent·e le lundi 20 octobre 2025.",
    }
    response = client.post(url(monday, elodie), {"presence": "absent"}, headers={"Accept": "application/json"})
    assert response.json() == {
        "present": False,
        "message": f"Élodie Bélanger{NBSP}: pas encore noté·e présent·e le lundi 20 octobre 2025.",
    }
    assert present_ids(monday) == set()


def test_checkin_tap_with_unknown_presence_refused(client, organizer, monday, elodie):
    for data in [{}, {"presence": "oui"}]:
        response = client.post(url(monday, elodie), data)
        assert (response.status_code, response.content.decode()) == (400, views_checkin.UNKNOWN_PRESENCE)
    assert monday.attendances.count() == 0


def test_checkin_tap_goes_back_to_the_person_not_elsewhere(client, organizer, monday, elodie):
    response = client.post(url(monday, elodie), {"presence": "present", "next": "https://ailleurs.example/"})
    assert response["Location"] == url(monday, elodie)


def test_checkin_of_a_person_without_a_seat_records_nothing(client, organizer, edition, monday):
    waiting = make_registration(edition, state=Registration.State.WAITING)
    page = client.get(url(monday, waiting)).content.decode()
    assert "Cette inscription est «&nbsp;Liste d&#x27;attente&nbsp;»&nbsp;: elle ne tient pas de place" in page
    response = client.post(url(monday, waiting), {"presence": "present"}, headers={"Accept": "application/json"})
    assert response.json()["present"] is False
    assert monday.attendances.count() == 0


def test_checkin_person_page_has_one_toggle(client, organizer, monday, elodie):
    page = client.get(url(monday, elodie)).content.decode()
    assert '<h1 class="name">Élodie Bélanger</h1>' in page
    assert page.count('class="checkin-toggle"') == 1
    assert f'<a href="{url(monday, elodie)}" aria-current="page">lundi 20</a>' in page
    assert 'name="presence" value="present"' in page


def test_checkin_of_a_past_edition_at_its_own_address_whatever_edition_is_current(client, organizer, monday, elodie):
    # Finding 7: a past edition's check-in pages answered 404 once another edition was current.
    old = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    old_day = Day.objects.create(edition=old, date=old.starts_on)
    old_registration = make_registration(old, first_name="Ancienne", last_name="Participante")
    response = client.get(url(old_day))
    assert response.status_code == 200
    assert [p.pk for p in response.context["people"]] == [old_registration.pk]
    assert "École de test (2024)" in response.content.decode()
    response = client.post(url(old_day, old_registration), {"presence": "present"})
    assert response.status_code == 302
    assert present_ids(old_day) == {old_registration.pk}
    # The short address of before leads to the permanent one, a form (POST) with it.
    response = client.get(f"/presences/{old_day.pk}/?q=anc")
    assert (response.status_code, response["Location"]) == (301, url(old_day) + "?q=anc")
    response = client.post(f"/presences/{old_day.pk}/{old_registration.pk}/", {"presence": "absent"})
    assert (response.status_code, response["Location"]) == (308, url(old_day, old_registration))


def test_checkin_mixing_editions_is_404(client, organizer, monday, elodie):
    old = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    old_day = Day.objects.create(edition=old, date=old.starts_on)
    old_registration = make_registration(old)
    # A person of the other edition on a day of this one, and the reverse; a day under another edition's address.
    assert client.get(url(monday, old_registration)).status_code == 404
    assert client.post(url(monday, old_registration), {"presence": "present"}).status_code == 404
    assert client.post(url(old_day, elodie), {"presence": "present"}).status_code == 404
    assert client.get(f"/editions/{old.slug}/presences/{monday.pk}/").status_code == 404
    assert client.get(f"/presences/{monday.pk}/{old_registration.pk}/").status_code == 404
    assert client.get("/editions/inconnue/presences/").status_code == 404
    assert Attendance.objects.count() == 0


def test_checkin_unknown_ids_are_404(client, organizer, monday, elodie):
    assert client.get("/presences/99999/").status_code == 404
    assert client.get(f"/presences/{monday.pk}/99999/").status_code == 404
    assert client.get(f"/editions/{monday.edition.slug}/presences/99999/").status_code == 404
    assert client.get(url(monday) + "99999/").status_code == 404
    assert (
        client.post(
            f"/editions/{monday.edition.slug}/presences/99999/{elodie.pk}/", {"presence": "present"}
        ).status_code
        == 404
    )
    assert client.post(f"/presences/99999/{elodie.pk}/", {"presence": "present"}).status_code == 404
    assert client.get("/presences/aujourdhui/99999/").status_code == 404
    assert Attendance.objects.count() == 0


def test_checkin_pages_do_not_exist_for_anyone_but_organizers(client, monday, elodie):
    teacher = make_user()
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    for user in [elodie.user, teacher, make_user(is_staff=True)]:
        client.force_login(user)
        for path in ["/presences/", url(monday), url(monday, elodie), f"/presences/aujourdhui/{elodie.pk}/"]:
            assert client.get(path).status_code == 404, (user, path)
        assert client.post(url(monday, elodie), {"presence": "present"}).status_code == 404
    assert Attendance.objects.count() == 0


def test_checkin_pages_ask_anonymous_visitors_to_log_in(client, monday, elodie):
    for path in ["/presences/", url(monday), url(monday, elodie), f"/presences/aujourdhui/{elodie.pk}/"]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, f"/connexion/?next={path}")


def test_qr_code_link_opens_todays_checkin_for_an_organizer(client, organizer, monday, tuesday, elodie):
    with at(tuesday.date):
        response = client.get(f"/presences/aujourdhui/{elodie.pk}/")
    assert (response.status_code, response["Location"]) == (302, url(tuesday, elodie))


def test_qr_code_link_without_a_school_day_offers_the_persons_days(client, organizer, monday, elodie):
    with at(MONDAY + datetime.timedelta(days=30)):
        response = client.get(f"/presences/aujourdhui/{elodie.pk}/")
    page = response.content.decode()
    assert '<h1>Présences — <span class="name">Élodie Bélanger</span></h1>' in page
    assert f'href="{url(monday, elodie)}"' in page


def test_qr_code_link_of_another_editions_registration_leads_to_its_edition(client, organizer, monday):
    old_edition = make_edition(
        is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25)
    )
    old_day = Day.objects.create(edition=old_edition, date=old_edition.starts_on)
    old = make_registration(old_edition)
    with at(monday.date):
        response = client.get(f"/presences/aujourdhui/{old.pk}/")
    assert response.status_code == 200
    assert list(response.context["days"]) == [old_day]
    with at(old_day.date):
        assert client.get(f"/presences/aujourdhui/{old.pk}/")["Location"] == url(old_day, old)


def test_my_space_shows_checkin_qr_code_encoding_the_link(client, edition, elodie):
    client.force_login(elodie.user)
    code_url = f"/mon-espace/inscriptions/{elodie.pk}/code-presence.svg"
    with at(MONDAY):
        page = client.get("/mon-espace/").content.decode()
        assert f'<img src="{code_url}" alt="Code QR de présence de Élodie Bélanger"' in page
        response = client.get(code_url)
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content == checkin.code_svg(f"http://127.0.0.1:8000/presences/aujourdhui/{elodie.pk}/")
    assert response.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox=')


def test_my_space_has_no_qr_code_without_a_seat_in_the_current_edition(client, edition):
    user = make_user()
    waiting = make_registration(edition, user=user, state=Registration.State.WAITING)
    old = make_registration(make_edition(is_current=False), user=user, email=user.email)
    client.force_login(user)
    assert "code-presence.svg" not in client.get("/mon-espace/").content.decode()
    for registration in [waiting, old]:
        assert client.get(f"/mon-espace/inscriptions/{registration.pk}/code-presence.svg").status_code == 404


def test_qr_code_of_another_persons_registration_is_404(client, edition, elodie):
    client.force_login(make_user())
    assert client.get(f"/mon-espace/inscriptions/{elodie.pk}/code-presence.svg").status_code == 404


def _grow(edition, day, times):
    for n in range(times):
        registration = make_registration(edition)
        if n % 2:
            Attendance.objects.create(registration=registration, day=day)


def test_checkin_pages_query_count_constant(client, organizer, edition, monday, elodie, django_assert_num_queries):
    # The session, the user, its permissions (its own, its groups'), the day, the people (or the
    # person), the current edition (header), the days (navigation).
    _grow(edition, monday, 2)
    for size in [3, 30]:
        assert len(checkin.expected(monday)) == size
        with django_assert_num_queries(8):
            client.get(url(monday), {"q": "bel"})
        with django_assert_num_queries(8):
            client.get(url(monday, elodie))
        _grow(edition, monday, 27)
