"""The attestation in English (issue 24): every label the PDF prints is ours and comes out in English
when English is active; the record (name, edition, dates, hours) is printed as it is. Also the messages
around it, and the registration form's words and errors."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from automne.french import NBSP
from inscriptions import attestations, timeline
from inscriptions.attestation_pdf import attestation_pdf
from inscriptions.forms import RegistrationForm
from inscriptions.models import Registration
from inscriptions.tests.factories import form_data, make_registration
from inscriptions.tests.test_attestation import attend
from inscriptions.tests.test_attestation import edition as edition  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join("\n".join(page.extract_text() for page in reader.pages).split()), reader


def _issued(edition, **fields):
    registration = make_registration(edition, first_name="Ada", last_name="Lovelace", **fields)
    attend(registration, 0, 2, 4)
    with translation.override("fr"):  # the edition's last day is past: the attestation is due
        document = attestations.issue(registration)
    document.registration = registration
    return document


def test_attestation_labels_in_english(edition):
    document = _issued(edition, kind=Registration.Kind.CREDIT, matricule="11223344")
    with translation.override("en"):
        text, reader = _text(attestation_pdf(document, "https://example.org/v/abc"))
    for label in (
        "Certificate of attendance",
        "This is to certify that",
        "Ada Lovelace",
        "attended",
        "Training hours attended:",
        "Attendance recorded (3 days):",
        "As part of the course:",
        "Student number: 11223344",
        "Issued on",
        "Verify this certificate",
        f"Verification code: {document.code}",
        "Verify this certificate: https://example.org/v/abc",
    ):
        assert label in text, label
    for french in ("Attestation de formation", "Nous attestons", "a participé", "Délivrée", "Matricule", "Vérifier"):
        assert french not in text, french
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.xmp_metadata.dc_title == {"x-default": "Certificate of attendance — Ada Lovelace"}


def test_attestation_labels_in_french_unchanged(edition):
    document = _issued(edition)
    with translation.override("fr"):
        text, reader = _text(attestation_pdf(document, "https://example.org/v/abc"))
    for label in (
        "Attestation de formation",
        "Nous attestons que",
        "a participé à",
        f"Heures de formation suivies{NBSP}:",
        f"Présence notée (3 jours){NBSP}:",
        f"Code de vérification{NBSP}: {document.code}",
        "Pour l'École nationale d'administration publique",
    ):
        assert label.replace(NBSP, " ") in text.replace(NBSP, " "), label
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"


def test_one_day_is_singular_in_both_languages(edition):
    registration = make_registration(edition, first_name="Ada", last_name="Lovelace")
    attend(registration, 1)
    document = attestations.issue(registration)
    document.registration = registration
    with translation.override("en"):
        english, _reader = _text(attestation_pdf(document, "https://example.org/v/abc"))
    with translation.override("fr"):
        french, _reader = _text(attestation_pdf(document, "https://example.org/v/abc"))
    assert "Attendance recorded (1 day):" in english
    assert "Présence notée (1 jour)" in french


def test_why_no_attestation_in_english(edition):
    waiting = make_registration(edition, state=Registration.State.WAITING)
    with translation.override("en"):
        assert attestations.why_none(waiting, 0) == (
            "You were on the waiting list and no seat became available: there is no certificate."
        )
        assert timeline.whom_to_write(edition) == "to the school’s organizers"


def test_locked_message_in_english(edition):
    edition.contact_email = "ecole@enap.ca"
    registration = make_registration(edition)
    moment = timezone.make_aware(
        datetime.datetime.combine(edition.ends_on + datetime.timedelta(days=3), datetime.time(12))
    )
    with translation.override("en"):
        assert timeline.locked_message(registration, moment) == (
            "This edition is over: your details are kept as they were. For a correction, write to the "
            "organizers: ecole@enap.ca."
        )


def test_registration_form_words_and_errors_in_english(edition):
    with translation.override("en"):
        form = RegistrationForm(
            form_data(password2="something else entirely", consent=""), edition=edition, initial=None
        )
        assert not form.is_valid()
        assert form.errors["password2"] == ["The two passwords do not match."]
        assert form.errors["consent"] == ["Your consent is required to register."]
        assert form.fields["email"].label == "Email"
        assert form.fields["kind"].label == "I am registering for"
        assert [str(legend) for legend, _fields in form.sections() if legend] == [
            "You",
            "Your workplace",
            "To welcome you well",
            "Your account",
        ]
        assert form.fields["matricule"].help_text == "Your ENAP student number. Required for the credit course."
    with translation.override("fr"):
        form = RegistrationForm(form_data(password2="autre chose encore"), edition=edition, initial=None)
        assert form.errors["password2"] == ["Les deux mots de passe ne sont pas identiques."]
