"""Issue 19's findings on the people side (3, 4, 5, 7, 12), each replayed as it was written, through the
pages and the admin only: each failed before the fix (each assertion marked « finding » did)."""

import datetime
import html
import io

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from inscriptions.models import Attendance, Attestation, Registration
from inscriptions.tests.factories import form_data, make_registration
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_open_edition, make_session, schedule

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"


def at(date, hour=10):
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour))), tick=False)


@pytest.fixture
def edition_2025():
    edition = make_edition(
        name="École d'automne", course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3
    )
    for offset in range(5):
        day = Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE, edition=edition), day, datetime.time(9), datetime.time(12))
    return edition


def pdf_text(response):
    return " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())


def test_finding_3_admin_presence_of_a_waiting_list_person_gives_no_attestation(client, organizer, edition_2025):
    monday = edition_2025.days.order_by("date").first()
    waiting = make_registration(edition_2025, state=Registration.State.WAITING)
    cancelled = make_registration(edition_2025, state=Registration.State.CANCELLED)
    client.post(f"{LIST}presences/{monday.pk}/", {"action": "present", "ids": [waiting.pk, cancelled.pk]})
    assert Attendance.objects.count() == 0  # finding
    client.force_login(waiting.user)
    assert client.get(f"/mon-espace/inscriptions/{waiting.pk}/attestation.pdf").status_code == 404
    assert Attestation.objects.count() == 0


def test_finding_4_cancel_offered_on_27_october_invalidated_a_handed_attestation(client, edition_2025):
    registration = make_registration(edition_2025, first_name="Élodie", last_name="Bélanger")
    Attendance.objects.create(registration=registration, day=edition_2025.days.order_by("date").first())
    client.force_login(registration.user)
    with at(datetime.date(2025, 10, 27)):
        pdf = client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
        assert pdf.status_code == 200
        code = Attestation.objects.get().code
        assert "Annuler mon inscription" not in client.get("/mon-espace/").content.decode()  # finding
        response = client.post(f"/mon-espace/inscriptions/{registration.pk}/annuler/")
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.state == Registration.State.RECEIVED
    assert "Attestation valide." in html.unescape(client.get(f"/attestations/{code}/").content.decode())


def test_finding_4_another_name_after_the_week_rewrote_the_verification_and_the_pdf(client, edition_2025):
    registration = make_registration(
        edition_2025, first_name="Élodie", last_name="Bélanger", kind="credit", matricule="11223344"
    )
    Attendance.objects.create(registration=registration, day=edition_2025.days.order_by("date").first())
    client.force_login(registration.user)
    with at(datetime.date(2025, 10, 27)):
        client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
        code = Attestation.objects.get().code
        data = {
            "first_name": "Someone",
            "last_name": "Else",
            "organisation": "O",
            "function": "F",
            "sector": "autre",
            "kind": "attestation",
            "matricule": "",
        }
        response = client.post(f"/mon-espace/inscriptions/{registration.pk}/modifier/", data)
        assert response.status_code == 403  # finding
        page = html.unescape(client.get(f"/attestations/{code}/").content.decode())
        pdf = pdf_text(client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf"))
    registration.refresh_from_db()
    assert (registration.first_name, registration.kind, registration.matricule) == ("Élodie", "credit", "11223344")
    assert "Someone Else" not in page and "Élodie Bélanger" in page
    assert "Someone Else" not in pdf and "Élodie Bélanger" in pdf and "11223344" in pdf


def test_finding_5_admin_cancel_asks_for_confirmation_and_emails_the_person(client, organizer, edition_2025):
    registration = make_registration(edition_2025)
    response = client.post(LIST, {"action": "cancel_selected", "_selected_action": [registration.pk]})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.state == Registration.State.RECEIVED  # finding: cancelled at once
    client.post(LIST, {"action": "cancel_selected", "_selected_action": [registration.pk], "post": "oui"})
    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_finding_7_a_past_editions_checkin_answered_404_once_another_is_current(client, organizer, edition_2025):
    edition_2025.is_current = False
    edition_2025.save()
    make_edition(slug="ecole-2026", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    monday = edition_2025.days.order_by("date").first()
    person = make_registration(edition_2025, last_name="Bélanger")
    response = client.get(f"/presences/{monday.pk}/", follow=True)
    assert response.status_code == 200  # finding
    assert [p.pk for p in response.context["people"]] == [person.pk]
    form_url = response.redirect_chain[-1][0] + f"{person.pk}/"
    client.post(form_url, {"presence": "present"})
    assert list(Attendance.objects.values_list("registration", "day")) == [(person.pk, monday.pk)]


def test_finding_12_matricule_abc_accepted_for_the_credit_course(client):
    make_open_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)
    response = client.post("/inscription/", form_data(kind="credit", matricule="abc!!"))
    assert response.status_code == 200
    assert Registration.objects.count() == 0  # finding


def test_finding_12_an_emoji_name_dropped_on_the_attestation(client, edition_2025):
    registration = make_registration(edition_2025, first_name="Zoé 🌳", last_name="Tremblay")
    Attendance.objects.create(registration=registration, day=edition_2025.days.order_by("date").first())
    client.force_login(registration.user)
    with at(datetime.date(2025, 10, 27)):
        text = pdf_text(client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf"))
    assert "Zoé 🌳 Tremblay" in text  # finding: « Zoé  Tremblay »
