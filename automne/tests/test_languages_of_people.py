"""What reaches a person outside a page follows their own language (issue 24, automne/languages.py): an
account made on an English page speaks English, its e-mails are written in it (subject, text, links to
/en/, and the queue keeps the language in the message's Content-Language), whoever's action sends them; an
organizer invites a speaker in English; the attestation downloaded from the English page is in English."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from automne import languages
from inscriptions import emails, invitations
from inscriptions.models import Attendance, Attestation, Registration, User
from inscriptions.tests.factories import form_data, make_registration, make_user
from programme.models import Edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.current()


def register(client, path, email):
    response = client.post(path, form_data(email=email))
    assert response.status_code == 302, response.content.decode()[:500]
    return User.objects.get(email=email)


@pytest.fixture
def registration_open(school, time_machine):
    time_machine.move_to(school.starts_on.isoformat() + "T08:00:00-04:00", tick=False)
    return school


def test_an_account_made_on_the_english_form_speaks_english(client, registration_open):
    person = register(client, "/en/inscription/", "keynote@exemple.org")
    assert person.language == "en"
    [message] = mail.outbox
    assert message.subject.startswith(("Registration received — ", "Waiting list — "))
    assert message.extra_headers["Content-Language"] == "en"
    assert "/en/mon-espace/" in message.body
    assert "Bonjour" not in message.body


def test_an_account_made_on_the_french_form_speaks_french(client, registration_open):
    person = register(client, "/inscription/", "camille@exemple.ca")
    assert person.language == "fr-ca"
    [message] = mail.outbox
    assert message.subject.startswith(("Inscription reçue — ", "Liste d'attente — "))
    assert message.extra_headers["Content-Language"] == "fr-CA"
    assert "/mon-espace/" in message.body and "/en/" not in message.body


def test_an_organizers_action_writes_to_each_person_in_their_language(school):
    english = make_registration(school, make_user("keynote@exemple.org", language="en"), first_name="Elke")
    french = make_registration(school, make_user("camille@exemple.ca"), first_name="Camille")
    for registration in (english, french):  # as the admin's action does, on a French page
        registration.state = Registration.State.CONFIRMED
        emails.send_confirmed(registration)
    to_english, to_french = mail.outbox
    assert to_english.subject.startswith("Registration confirmed — ")
    assert to_english.body.startswith("Hello Elke,")
    assert to_french.subject.startswith("Inscription confirmée — ")
    assert to_french.body.startswith("Bonjour Camille,")
    assert languages.current() == languages.FRENCH  # the organizer's page is still French


def test_an_address_without_an_account_is_written_to_in_the_pages_language(school):
    assert languages.of_recipient("personne@exemple.org") == languages.FRENCH
    make_user("Keynote@Exemple.org", language="en")
    assert languages.of_recipient("keynote@exemple.org") == languages.ENGLISH


def test_a_speaker_invited_in_english_gets_the_invitation_in_english(client, school):
    organizer = make_user("orga@exemple.ca", is_staff=True, is_superuser=True)
    client.force_login(organizer)
    speaker = school.speakers.get(slug="elke-loeffler")
    response = client.post(
        "/admin/equipe/inviter/",
        {
            "email": "elke@exemple.org",
            "first_name": "Elke",
            "last_name": "Loeffler",
            "role": "Intervenant·e·s",
            "language": "en",
            "speaker": speaker.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = User.objects.get(email="elke@exemple.org")
    assert account.language == "en"
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.body.startswith("Hello Elke,")
    assert "/en/invitation/" in message.body
    assert invitations.accept_path(account) in message.body.replace("/en/", "/")


def test_the_attestation_from_the_english_page_is_in_english(client, school):
    person = make_user("keynote@exemple.org", language="en")
    registration = make_registration(school, person, state=Registration.State.CONFIRMED)
    Attendance.objects.create(registration=registration, day=school.days.first())
    Attestation.objects.create(registration=registration)
    client.force_login(person)
    path = reverse("inscriptions:attestation", kwargs={"pk": registration.pk})
    text = {}
    for language in (languages.ENGLISH, languages.FRENCH):
        response = client.get(languages.address_in(path, language))
        assert response.status_code == 200
        text[language] = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Certificate of attendance" in text[languages.ENGLISH]
    assert "Attestation de formation" not in text[languages.ENGLISH]
    assert "Attestation de formation" in text[languages.FRENCH]


def test_an_attestation_issued_from_an_english_page_keeps_its_record_in_french(school):
    from django.utils import translation

    from inscriptions import attestations

    person = make_user("keynote@exemple.org", language="en")
    registration = make_registration(school, person, kind=Registration.Kind.CREDIT, matricule="12345678")
    Attendance.objects.create(registration=registration, day=school.days.first())
    with translation.override("fr-ca"):
        french_label = school.course_label
    with translation.override("en"):
        assert school.course_label != french_label  # « 3 credits »: the label is translated on pages
        attestation = attestations.issue(registration)
        assert attestations.current_record(registration) == attestation.record()
    assert attestation.course_label == french_label
