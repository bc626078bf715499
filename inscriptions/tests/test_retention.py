"""Retention (audit F9): what the privacy notice promises, on the day it promises it, with a frozen clock."""

import datetime
import html
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from automne.models import StoredFile
from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from cahier import images
from cahier.models import Drawing
from cahier.tests.images import png_bytes
from inscriptions import retention
from inscriptions.models import Attendance, Attestation, Registration, User
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
MONTREAL = datetime.timezone(datetime.timedelta(hours=-4))


def at(year, month, day, hour=3, minute=45):
    """A moment in Montréal (the timer runs at 3 h 45)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=MONTREAL)


@pytest.fixture
def edition_2025():
    with time_machine.travel(at(2025, 8, 1), tick=False):
        edition = make_edition(starts_on=datetime.date(2025, 10, 20), ends_on=datetime.date(2025, 10, 24))
        Day.objects.create(edition=edition, date=datetime.date(2025, 10, 20))
    return edition


@pytest.fixture
def attended(edition_2025):
    """A participant of 2025 with presence, attestation, an answer, a drawing and a logged-in session."""
    with time_machine.travel(at(2025, 9, 1), tick=False):
        person = make_user("camille@exemple.ca")
        registration = make_registration(edition_2025, person)
        Attendance.objects.create(registration=registration, day=edition_2025.days.get())
        Attestation.objects.create(registration=registration)
        images.store(person, png_bytes(), "Mon dessin", Drawing.Source.CANVAS, edition=edition_2025)
    return person


def run_retention():
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue().strip()


def test_nothing_is_deleted_the_day_before_two_years(attended):
    with time_machine.travel(at(2027, 10, 23, 23, 59), tick=False):
        assert run_retention() == "Conservation appliquée : 0 inscription(s), 0 cahier(s) et 0 compte(s) supprimés."
    assert (Registration.objects.count(), Attestation.objects.count(), User.objects.count()) == (1, 1, 1)


def test_registration_attestation_account_and_cahier_go_two_years_after_the_last_day(attended, client):
    code = Attestation.objects.get().code
    assert client.get(f"/attestations/{code}/").status_code == 200
    with time_machine.travel(at(2027, 10, 24), tick=False):
        assert run_retention() == "Conservation appliquée : 1 inscription(s), 1 cahier(s) et 1 compte(s) supprimés."
    assert (Registration.objects.count(), Attendance.objects.count(), Attestation.objects.count()) == (0, 0, 0)
    assert (User.objects.count(), Drawing.objects.count(), StoredFile.objects.count()) == (0, 0, 0)
    assert client.get(f"/attestations/{code}/").status_code == 404


def test_account_with_a_later_registration_is_kept_without_its_expired_cahier(attended, edition_2025):
    with time_machine.travel(at(2027, 8, 1), tick=False):
        later = make_edition(
            is_current=False, starts_on=datetime.date(2027, 10, 18), ends_on=datetime.date(2027, 10, 22)
        )
        make_registration(later, attended)
    with time_machine.travel(at(2027, 10, 24), tick=False):
        assert run_retention() == "Conservation appliquée : 1 inscription(s), 1 cahier(s) et 0 compte(s) supprimés."
    assert list(Registration.objects.values_list("edition", flat=True)) == [later.pk]
    assert User.objects.filter(pk=attended.pk).exists()
    assert Drawing.objects.filter(user=attended).count() == 0  # 2025's (cahier/tests/test_retention.py)


def test_organizer_and_teaching_team_accounts_are_kept(edition_2025):
    with time_machine.travel(at(2025, 1, 1), tick=False):
        organizer = make_user("orga@exemple.ca")
        organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
        teacher = make_user("prof@exemple.ca")
        teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
        staff = make_user("staff@exemple.ca", is_staff=True)
        make_user("sans.inscription@exemple.ca")
    with time_machine.travel(at(2027, 10, 24), tick=False):
        assert retention.apply() == retention.Applied(registrations=0, accounts=1)
    assert sorted(User.objects.values_list("email", flat=True)) == sorted([organizer.email, teacher.email, staff.email])


def test_recent_account_without_registration_is_kept():
    with time_machine.travel(at(2026, 5, 1), tick=False):
        make_user("nouveau@exemple.ca")
    with time_machine.travel(at(2027, 10, 24), tick=False):
        assert retention.apply() == retention.Applied(registrations=0, accounts=0)


def test_leap_day_edition_expires_on_28_february():
    assert retention.years_before(datetime.date(2030, 2, 28), 2) == datetime.date(2028, 2, 28)
    assert retention.years_before(datetime.date(2030, 3, 1), 2) == datetime.date(2028, 3, 1)
    assert retention.years_before(datetime.date(2029, 2, 28), 1) == datetime.date(2028, 2, 28)


def test_retention_ends_the_deleted_accounts_sessions(attended):
    with time_machine.travel(at(2027, 10, 23, 20), tick=False):
        browser = Client()
        browser.force_login(attended)
    with time_machine.travel(at(2027, 10, 24), tick=False):
        assert Session.objects.count() == 1
        run_retention()
        assert Session.objects.count() == 0
        assert browser.get("/mon-espace/").status_code == 302


def test_deleting_an_account_logs_out_its_other_browsers(client, edition_2025):
    person = make_user("camille@exemple.ca")
    make_registration(edition_2025, person)
    phone, laptop = Client(), client
    assert phone.login(username=person.email, password=PASSWORD)
    assert laptop.login(username=person.email, password=PASSWORD)
    bystander = Client()
    bystander.force_login(make_user("autre@exemple.ca"))
    assert Session.objects.count() == 3

    laptop.post("/mon-espace/supprimer/", {"password": PASSWORD})
    assert not User.objects.filter(pk=person.pk).exists()
    response = phone.get("/mon-espace/")
    assert (response.status_code, response["Location"]) == (302, "/connexion/?next=/mon-espace/")
    assert Session.objects.count() == 1  # the bystander's
    assert bystander.get("/mon-espace/").status_code == 200


def test_privacy_notice_says_when_each_thing_is_deleted(client):
    page = html.unescape(client.get("/confidentialite/").content.decode())
    assert (
        "deux ans jour pour jour après le dernier jour de l'école, votre inscription, vos présences et votre "
        "attestation sont supprimées\u00a0: l'attestation ne peut plus être vérifiée." in page
    )
    assert "Les copies de sauvegarde du site sont gardées 14\u00a0jours, puis effacées." in page
