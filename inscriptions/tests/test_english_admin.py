"""The organizers' admin and the models' labels in English (issue 24), and the same pages still in French."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from appreciations.models import Question
from inscriptions.models import Registration, Sector, credit_label
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition
from remises.models import Assessment
from supports.models import Visibility

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"


@pytest.fixture
def edition():
    return make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


def english(client, path, data=None):
    """The English page: under /en/ once the site has it, else the same address asked in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    send = client.post if data is not None else client.get
    response = send(f"/en{path}", data or {}, headers={"accept-language": "en"})
    if response.status_code == 404:
        response = send(path, data or {}, headers={"accept-language": "en"})
    return response


def test_choice_labels_in_english_and_in_french():
    registration = Registration(kind="credit", state="attente", sector="sante")
    with translation.override("en"):
        assert str(Registration.Kind.CREDIT.label) == "Credit course"
        assert str(Registration.Kind.ATTESTATION.label) == "Certificate of attendance"
        assert registration.get_state_display() == "Waiting list"
        assert registration.get_sector_display() == "Health and social services"
        assert str(Visibility.PARTICIPANTS.label) == "People registered for the edition"
        assert str(Assessment.State.TO_GRADE.label) == "To assess"
        assert str(Registration._meta.verbose_name_plural) == "registrations"
    with translation.override("fr-ca"):
        assert str(Registration.Kind.CREDIT.label) == "Formation créditée"
        assert registration.get_state_display() == "Liste d'attente"
        assert str(Sector.HEALTH.label) == "Santé et services sociaux"


def test_credit_label_in_english(edition):
    with translation.override("en"):
        assert credit_label(edition) == f"Credit course — {edition.course_label}"
    assert credit_label(edition) == f"Formation créditée — {edition.course_label}"


def test_model_validation_message_in_english():
    question = Question(kind=Question.Kind.SINGLE, text="Q", options="Un")
    with pytest.raises(ValidationError) as refused:
        question.clean()
    # Lazy: said in the language of whoever reads it.
    with translation.override("en"):
        assert refused.value.message_dict == {"options": ["Give at least two options, one per line."]}
    assert refused.value.message_dict == {"options": ["Donnez au moins deux options, une par ligne."]}


def test_registration_list_in_english(client, organizer, edition):
    make_registration(edition, kind="credit", matricule="1", sector=Sector.HEALTH)
    make_registration(edition, sector=Sector.HEALTH)
    make_registration(edition, sector=Sector.MUNICIPAL, state=Registration.State.WAITING)
    response = english(client, LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Registrations</h1>" in html
    assert "École de test</strong>: 2 seats taken of 100, 1 person on the waiting list." in html
    for text in [
        "Export this list as CSV",
        "Export this list as Excel (.xlsx)",
        "Attendance by day",
        "Counts for this list (3)",
        "By type",
        '<th scope="row">Credit course</th><td>1</td>',
        '<th scope="row">Waiting list</th><td>1</td>',
        "Confirm (within the seats available, email to each person)",
        "Send an announcement by email",
    ]:
        assert text in html, text
    # The same list in French, as before.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    french = client.get(LIST).content.decode()
    assert "École de test</strong>&nbsp;: 2 places prises sur 100, 1 personne sur la liste d'attente." in french
    assert "Confirmer (dans la limite des places, courriel à chacun)" in french


def test_confirmation_page_and_messages_in_english(client, organizer, edition):
    received = make_registration(edition)
    data = {"action": "confirm_selected", "_selected_action": [received.pk]}
    page = english(client, LIST, data).content.decode()
    assert "1 person will change status and receive an email. Check, then confirm." in page
    assert "Will be confirmed and notified by email (1)" in page
    assert 'value="Yes, confirm"' in page
    done = english(client, LIST, {**data, "post": "oui"})
    assert [str(m) for m in done.wsgi_request._messages] == ["1 registration confirmed and notified by email."]


def test_checkin_page_in_english(client, organizer, edition):
    make_registration(edition, last_name="Gagnon")
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    html = english(client, f"/admin/inscriptions/registration/presences/{day.pk}/").content.decode()
    for text in ["Search for a name", "Check the people, then choose “Present” or “Absent”.", "Absent (correct)"]:
        assert text in html, text
    assert "<td>Certificate of attendance</td>" in html


def test_invitation_page_names_the_roles_in_english(client, edition):
    root = make_user("racine@enap.ca", is_staff=True, is_superuser=True)
    client.force_login(root)
    html = english(client, "/admin/equipe/inviter/").content.decode()
    for text in ["Invite a team member", "Teaching team", "Organizers", "Speakers", "Last name", "Send the invitation"]:
        assert text in html, text
    users = english(client, "/admin/inscriptions/user/").content.decode()
    assert "Give the role “Teaching team”" in users
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    french = client.get("/admin/equipe/inviter/").content.decode()
    assert "Équipe pédagogique" in french and "Intervenant·e·s" in french
