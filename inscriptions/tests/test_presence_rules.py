"""Presence has one writer, inscriptions/checkin.py (issue 19, finding 3): the admin's « Présences »
list, the phone pages and the registration's form all go through its rules — a seat, the day's
edition, a day that has come, the last presence of an attested registration kept."""

import datetime
import html

import pytest
import time_machine
from django.utils import timezone

from inscriptions import attestations, checkin, seats
from inscriptions.admin import BAD_PRESENCE_IDS, OTHER_IDS
from inscriptions.models import Attendance, Attestation, Registration
from inscriptions.tests.factories import make_registration
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2025, 10, 20)


@pytest.fixture
def edition():
    return make_edition()


@pytest.fixture
def monday(edition):
    return Day.objects.create(edition=edition, date=MONDAY)


def admin_url(day):
    return f"/admin/inscriptions/registration/presences/{day.pk}/"


def present_ids(day):
    return set(day.attendances.values_list("registration", flat=True))


def test_finding_3_admin_presence_of_waiting_and_cancelled_refused_and_no_attestation(client, organizer, monday):
    waiting = make_registration(monday.edition, first_name="Wanda", last_name="Attente", state="attente")
    cancelled = make_registration(monday.edition, first_name="Carl", last_name="Annulé", state="annulee")
    seated = make_registration(monday.edition, first_name="Sara", last_name="Assise")
    response = client.post(
        admin_url(monday), {"action": "present", "ids": [waiting.pk, cancelled.pk, seated.pk]}, follow=True
    )
    assert present_ids(monday) == {seated.pk}
    messages = [html.unescape(str(m)) for m in response.context["messages"]]
    assert messages[0] == "1 personne(s) marquée(s) présente(s) le lundi 20 octobre 2025."
    assert (
        "Refusé\xa0: Wanda Attente\xa0: cette inscription est «\xa0Liste d'attente\xa0»\xa0; elle ne tient pas de "
        "place, la présence ne peut pas être notée." in messages
    )
    assert any(m.startswith("Refusé\xa0: Carl Annulé\xa0: cette inscription est «\xa0Annulée\xa0»") for m in messages)
    client.force_login(waiting.user)
    assert client.get(f"/mon-espace/inscriptions/{waiting.pk}/attestation.pdf").status_code == 404
    assert Attestation.objects.count() == 0


@pytest.mark.parametrize("bad", ["abc", "1x", "", " 1", "²", "٣", "-1", "1.0", "9" * 30])
def test_admin_presence_ids_read_strictly(client, organizer, monday, bad):
    seated = make_registration(monday.edition)
    response = client.post(admin_url(monday), {"action": "present", "ids": [seated.pk, bad]})
    assert response.status_code == 400
    assert html.escape(str(BAD_PRESENCE_IDS)) in response.content.decode()
    assert Attendance.objects.count() == 0


def test_admin_presence_of_another_editions_registration_refused_whole(client, organizer, monday):
    seated = make_registration(monday.edition)
    other = make_registration(make_edition(is_current=False))
    for ids in ([seated.pk, other.pk], [seated.pk, 99999]):
        response = client.post(admin_url(monday), {"action": "present", "ids": ids})
        assert response.status_code == 400
        assert html.escape(OTHER_IDS) in response.content.decode()
    assert Attendance.objects.count() == 0


def test_admin_presence_of_a_past_editions_day_works(client, organizer):
    old = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    day = Day.objects.create(edition=old, date=old.starts_on)
    person = make_registration(old)
    client.post(admin_url(day), {"action": "present", "ids": [person.pk]})
    assert present_ids(day) == {person.pk}
    client.post(admin_url(day), {"action": "absent", "ids": [person.pk]})
    assert present_ids(day) == set()


def test_registration_form_in_the_admin_writes_no_presence(client, organizer, edition, monday):
    person = make_registration(edition, state="attente")
    data = {
        "kind": "attestation",
        "matricule": "",
        "first_name": person.first_name,
        "last_name": person.last_name,
        "organisation": person.organisation,
        "function": person.function,
        "sector": person.sector,
        "accessibility_needs": "",
        "dietary_restrictions": "",
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "0",
        "attendances-0-day": str(monday.pk),
        "attendances-0-registration": str(person.pk),
    }
    client.post(f"/admin/inscriptions/registration/{person.pk}/change/", data)
    assert Attendance.objects.count() == 0
    page = client.get(f"/admin/inscriptions/registration/{person.pk}/change/").content.decode()
    assert 'name="attendances-0-day"' not in page


def test_a_day_to_come_takes_no_presence(edition, monday):
    person = make_registration(edition)
    sunday = timezone.make_aware(datetime.datetime(2025, 10, 19, 23, 30))
    with pytest.raises(checkin.PresenceRefused) as refused:
        checkin.set_presence(monday, person, True, moment=sunday)
    assert refused.value.message == (
        "Le lundi 20 octobre 2025 n'est pas encore arrivé\xa0: la présence se note le jour même."
    )
    with time_machine.travel(sunday + datetime.timedelta(hours=1), tick=False):
        checkin.set_presence(monday, person, True)
    assert present_ids(monday) == {person.pk}


def test_a_presence_is_for_the_days_edition_only(edition, monday):
    other = make_registration(make_edition(is_current=False))
    with pytest.raises(checkin.PresenceRefused):
        checkin.set_presence(monday, other, True)
    assert Attendance.objects.count() == 0


def test_the_last_presence_of_an_attested_registration_stays(edition, monday):
    tuesday = Day.objects.create(edition=edition, date=MONDAY + datetime.timedelta(days=1))
    person = make_registration(edition)
    checkin.set_presence(monday, person, True)
    checkin.set_presence(tuesday, person, True)
    attestation = attestations.issue(person)
    checkin.set_presence(tuesday, person, False)  # one of two: allowed (the attestation keeps its record)
    with pytest.raises(checkin.PresenceRefused) as refused:
        checkin.set_presence(monday, person, False)
    assert "l'attestation est délivrée et cette présence est la seule notée" in refused.value.message
    assert present_ids(monday) == {person.pk}
    attestations.revoke(attestation, reason="Erreur", by=None)
    checkin.set_presence(monday, person, False)
    assert present_ids(monday) == set()


def test_leaving_a_seat_takes_the_presences_with_it(edition, monday):
    person = make_registration(edition)
    checkin.set_presence(monday, person, True)
    result = seats.move_to_waiting_list([person])
    assert result.presences_removed == {person.pk: 1}
    assert Attendance.objects.count() == 0
    person.refresh_from_db()
    assert person.state == Registration.State.WAITING


def test_phone_checkin_refusal_answers_409_to_the_script_and_says_why(client, organizer, edition, monday):
    waiting = make_registration(edition, state="attente")
    url = f"/editions/{edition.slug}/presences/{monday.pk}/{waiting.pk}/"
    response = client.post(url, {"presence": "present"}, headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.json()["present"] is False
    assert "elle ne tient pas de place" in response.json()["message"]
    response = client.post(url, {"presence": "present"}, follow=True)
    assert any("elle ne tient pas de place" in str(m) for m in response.context["messages"])
    assert Attendance.objects.count() == 0


# The check-in of one edition in each of its phases (before the week, during it, after it once another
# edition is current), at its own address.


@pytest.mark.parametrize(
    ("moment", "current", "status", "recorded"),
    [
        (datetime.datetime(2025, 10, 10, 9), "this", 409, False),  # before the week: the day has not come
        (datetime.datetime(2025, 10, 20, 9), "this", 200, True),  # during it
        (datetime.datetime(2025, 11, 3, 9), "this", 200, True),  # after it: corrected afterwards
        (datetime.datetime(2026, 9, 1, 9), "next", 200, True),  # another edition current
    ],
)
def test_checkin_in_each_phase(client, organizer, edition, monday, moment, current, status, recorded):
    person = make_registration(edition, first_name="Élodie", last_name="Bélanger")
    if current == "next":
        edition.is_current = False
        edition.save()
        make_edition(slug="suivante", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    url = f"/editions/{edition.slug}/presences/{monday.pk}/"
    with time_machine.travel(timezone.make_aware(moment), tick=False):
        page = client.get(url)
        response = client.post(f"{url}{person.pk}/", {"presence": "present"}, headers={"Accept": "application/json"})
    assert page.status_code == 200
    assert [p.pk for p in page.context["people"]] == [person.pk]
    assert response.status_code == status
    assert response.json()["present"] is recorded
    assert present_ids(monday) == ({person.pk} if recorded else set())


def test_checkin_editions_page_queries_constant(client, organizer, django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            edition = make_edition(
                is_current=False, starts_on=datetime.date(2020, 1, 6), ends_on=datetime.date(2020, 1, 7)
            )
            Day.objects.create(edition=edition, date=edition.starts_on)

    grow(1)
    # session, user, its permissions (its own, its groups'), today's days, the editions with days, the current
    # edition (header)
    with time_machine.travel(timezone.make_aware(datetime.datetime(2021, 1, 1, 9)), tick=False):
        with django_assert_num_queries(7):
            client.get("/presences/")
        grow(9)
        with django_assert_num_queries(7):
            response = client.get("/presences/")
    assert len(response.context["editions"]) == 10
