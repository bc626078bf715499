import datetime
import html
import io

import pytest
from pypdf import PdfReader

from automne.french import NBSP
from inscriptions import attestations, seats
from inscriptions.models import Attendance, Attestation, Registration
from inscriptions.tests.factories import make_registration
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule

pytestmark = pytest.mark.django_db
T = datetime.time


@pytest.fixture
def edition():
    edition = make_edition(
        name="École d'automne sur la coproduction des services publics",
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
    )
    for offset in range(5):  # each day: 9 h – 12 h 15 of content, a lunch, 13 h 30 – 16 h 30 in parallel
        day = Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.WELCOME), day, T(8, 30), T(9))
        schedule(make_session(Session.Kind.KEYNOTE), day, T(9), T(12, 15))
        schedule(make_session(Session.Kind.MEAL), day, T(12, 15), T(13, 30))
        schedule(make_session(Session.Kind.CASE_STUDY), day, T(13, 30), T(16, 30))
        schedule(make_session(Session.Kind.WORKSHOP), day, T(13, 30), T(16, 30))
    return edition


def attend(registration, *offsets):
    days = registration.edition.days.order_by("date")
    for offset in offsets:
        Attendance.objects.create(registration=registration, day=days[offset])


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    # Lines wrap where the page is full: compare with whitespace collapsed.
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def test_attestation_pdf_three_days_hours_and_course_code(client, edition):
    registration = make_registration(
        edition, first_name="Élodie", last_name="Bélanger", kind=Registration.Kind.CREDIT, matricule="11223344"
    )
    attend(registration, 0, 2, 4)
    client.force_login(registration.user)
    response = client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    attestation = Attestation.objects.get(registration=registration)
    text = pdf_text(response)
    assert "Attestation de formation" in text
    assert "Élodie Bélanger" in text
    assert "École d'automne sur la coproduction des services publics" in text
    assert "du lundi 20 octobre 2025 au vendredi 24 octobre 2025" in text
    assert "ÉNAP" in text
    assert "ENAP École nationale d'administration publique Attestation de formation" in text
    # 3 h 15 + 3 h a day (welcome and lunch excluded, parallel sessions once), three days.
    assert "Heures de formation suivies : 18 h 45" in text
    assert "lundi 20 octobre 2025, mercredi 22 octobre 2025, vendredi 24 octobre 2025" in text
    assert "ENP7009 – Mobilisation des acteurs locaux" in text
    assert f"Code de vérification : {attestation.code}" in text
    assert f"http://127.0.0.1:8000/attestations/{attestation.code}/" in text


def test_attestation_pdf_for_attestation_has_no_course_code(client, edition):
    registration = make_registration(edition)
    attend(registration, 1)
    client.force_login(registration.user)
    text = pdf_text(client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf"))
    assert "Heures de formation suivies : 6 h 15" in text
    assert "ENP7009" not in text


def test_attestation_same_code_on_second_download(client, edition):
    registration = make_registration(edition)
    attend(registration, 0)
    client.force_login(registration.user)
    client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    assert Attestation.objects.count() == 1


def test_attestation_without_attendance_is_404(client, edition):
    registration = make_registration(edition)
    client.force_login(registration.user)
    assert client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf").status_code == 404
    assert Attestation.objects.count() == 0


def test_attestation_of_cancelled_registration_is_404(client, edition):
    registration = make_registration(edition, state=Registration.State.CANCELLED)
    attend(registration, 0)
    client.force_login(registration.user)
    assert client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf").status_code == 404


def test_verification_page_shows_only_name_event_dates_hours_validity(client, edition):
    registration = make_registration(
        edition,
        first_name="Élodie",
        last_name="Bélanger",
        organisation="Organisation secrète",
        dietary_restrictions="Allergie aux arachides",
        kind=Registration.Kind.CREDIT,
        matricule="11223344",
    )
    attend(registration, 0, 2, 4)
    attestation = attestations.issue(registration)
    page = html.unescape(client.get(f"/attestations/{attestation.code}/").content.decode())
    assert "Attestation valide." in page
    assert "Élodie Bélanger" in page
    assert "École d'automne sur la coproduction des services publics" in page
    assert "Du lundi 20 octobre 2025 au vendredi 24 octobre 2025" in page
    assert f"18{NBSP}h{NBSP}45" in page
    for private in ["Organisation secrète", "arachides", "11223344", registration.email]:
        assert private not in page


def test_cancelling_an_attested_registration_is_refused_and_the_attestation_stays_valid(client, edition):
    registration = make_registration(edition)
    attend(registration, 0)
    attestation = attestations.issue(registration)
    result = seats.cancel([registration])
    assert (result.changed, result.attested) == ([], [registration])
    registration.refresh_from_db()
    assert registration.state == Registration.State.RECEIVED
    page = html.unescape(client.get(f"/attestations/{attestation.code}/").content.decode())
    assert "Attestation valide." in page


def test_verification_unknown_code_is_404(client, edition):
    assert client.get("/attestations/abcdefghjkmnpqrstuvw/").status_code == 404


def test_verification_page_query_count_constant(client, edition, django_assert_num_queries):
    registration = make_registration(edition)
    attend(registration, 0)
    attestation = attestations.issue(registration)
    # the attestation (its record) with its registration and edition, the current edition (header)
    with django_assert_num_queries(2):
        client.get(f"/attestations/{attestation.code}/")
    attend(registration, 1, 2, 3, 4)
    attestations.correct(attestation, reason="Présences oubliées", by=None)
    with django_assert_num_queries(2):
        client.get(f"/attestations/{attestation.code}/")
