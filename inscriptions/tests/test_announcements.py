"""Announcements: organizers write to the chosen registrations from the admin, preview, then send."""

import pytest
from django.core import mail

from automne.french import NBSP
from inscriptions import announcements
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"
SUBJECT = "Changement de salle mardi"
BODY = "La conférence de mardi aura lieu à l'auditorium.\r\n\r\nÀ bientôt !"


@pytest.fixture
def edition():
    return make_edition(name="École d'automne 2025", contact_email="automne@enap.ca")


@pytest.fixture
def people(edition):
    return [
        make_registration(edition, first_name="Zoé", last_name="Tremblay", email="zoe@exemple.ca"),
        make_registration(edition, first_name="Émile", last_name="Bélanger", state=Registration.State.CONFIRMED),
    ]


def announce(client, registrations, **data):
    return client.post(
        LIST, {"action": "announce_selected", "_selected_action": [r.pk for r in registrations], **data}, follow=True
    )


def page_of(response):
    return response.content.decode()


def test_announce_action_opens_the_page_with_the_recipients(client, organizer, people):
    response = announce(client, people)
    assert response.status_code == 200
    assert response.templates[0].name == "admin/inscriptions/registration/announcement.html"
    page = page_of(response)
    assert "<summary>2 destinataires</summary>" in page
    assert [p.full_name for p in response.context["people"]] == ["Émile Bélanger", "Zoé Tremblay"]
    assert 'name="subject"' in page and 'name="body"' in page
    assert 'value="Prévisualiser"' in page
    assert 'name="send"' not in page  # sending comes after the preview
    assert mail.outbox == []


def test_announce_preview_shows_the_first_persons_email_and_sends_nothing(client, organizer, people):
    response = announce(client, people, subject=SUBJECT, body=BODY, preview="Prévisualiser")
    preview = response.context["preview"]
    assert preview.to == [people[1].email]  # Bélanger before Tremblay
    assert preview.subject == f"{SUBJECT} — École d'automne 2025"
    assert preview.body == (
        "Bonjour Émile,\n\nLa conférence de mardi aura lieu à l'auditorium.\n\nÀ bientôt !\n\n"
        f"L'équipe de «{NBSP}École d'automne 2025{NBSP}»\nautomne@enap.ca\n"
    )
    page = page_of(response)
    assert 'value="Envoyer"' in page
    assert f'<input type="hidden" name="subject" value="{SUBJECT}"' in page
    assert mail.outbox == []


def test_announce_send_queues_one_email_per_person(client, organizer, people):
    response = announce(client, people, subject=SUBJECT, body=BODY, send="Envoyer")
    assert response.redirect_chain == [(LIST, 302)]
    assert [str(m) for m in response.context["messages"]] == ["2 courriel(s) mis en file d'envoi."]
    assert [(m.to, m.subject, m.reply_to) for m in mail.outbox] == [
        ([people[1].email], f"{SUBJECT} — École d'automne 2025", ["automne@enap.ca"]),
        (["zoe@exemple.ca"], f"{SUBJECT} — École d'automne 2025", ["automne@enap.ca"]),
    ]
    assert mail.outbox[1].body.startswith("Bonjour Zoé,\n\nLa conférence de mardi")


def test_announce_to_everyone_of_a_filtered_list(client, organizer, edition, people):
    make_registration(edition, last_name="Annulée", state=Registration.State.CANCELLED)
    client.post(
        f"{LIST}?state__exact=confirmee",
        {
            "action": "announce_selected",
            "select_across": "1",
            "_selected_action": [people[1].pk],
            "subject": SUBJECT,
            "body": BODY,
            "send": "Envoyer",
        },
    )
    assert [m.to for m in mail.outbox] == [[people[1].email]]


def test_announce_writes_once_to_a_person_registered_to_two_editions(client, organizer, edition, people):
    earlier = make_edition(is_current=False, name="École d'automne 2024")
    again = make_registration(
        earlier, user=people[0].user, first_name="Zoé", last_name="Tremblay", email="zoe@exemple.ca"
    )
    announce(client, [*people, again], subject=SUBJECT, body=BODY, send="Envoyer")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["zoe@exemple.ca", people[1].email])


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"subject": "", "body": BODY}, "subject", "Indiquez l'objet du courriel."),
        ({"subject": "   ", "body": BODY}, "subject", "Indiquez l'objet du courriel."),
        ({"subject": SUBJECT, "body": ""}, "body", "Écrivez le texte de l'annonce."),
        ({"subject": SUBJECT, "body": " \r\n "}, "body", "Écrivez le texte de l'annonce."),
        ({"subject": "Objet\r\nBcc: x@exemple.ca", "body": BODY}, "subject", "L'objet tient sur une seule ligne."),
    ],
    ids=["empty-subject", "blank-subject", "empty-body", "blank-body", "two-line-subject"],
)
@pytest.mark.parametrize("button", ["preview", "send"])
def test_announce_refuses_empty_subject_or_body_in_french(client, organizer, people, data, field, error, button):
    response = announce(client, people, **data, **{button: "x"})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert response.context["preview"] is None
    page = page_of(response)
    assert "Corrigez ce qui est indiqué ci-dessous." in page
    assert mail.outbox == []


def test_announce_subject_and_body_lengths_are_bounded():
    form = announcements.AnnouncementForm({"subject": "x" * 151, "body": "y" * 10_001})
    assert set(form.errors) == {"subject", "body"}


def test_announce_not_offered_to_staff_outside_the_organizers(client, people):
    client.force_login(make_user(is_staff=True))
    response = client.post(LIST, {"action": "announce_selected", "_selected_action": [people[0].pk]})
    assert response.status_code == 403
    assert mail.outbox == []
