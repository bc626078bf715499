"""Organizers' actions on registrations (issue 19, finding 5): a confirmation page saying person by person
what will happen, then the change made by inscriptions/seats.py, which decides again under the lock and
e-mails, through the mail queue, each person whose state changed."""

import datetime

import pytest
from django.core import mail
from mailer.models import Message

from automne.french import NBSP
from inscriptions import attestations, checkin
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import make_registration
from programme.models import Day
from programme.tests.factories import make_edition
from programme.tests.html_text import texts

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"


@pytest.fixture
def edition():
    return make_edition(capacity=3, contact_email="ecole@enap.ca")


def ask(client, name, registrations):
    return client.post(LIST, {"action": name, "_selected_action": [r.pk for r in registrations]})


def yes(client, name, registrations, query=""):
    """« Oui » on the confirmation page, whose form posts to the list's address with its filters."""
    data = {"action": name, "_selected_action": [r.pk for r in registrations], "post": "oui"}
    return client.post(LIST + query, data, follow=True)


def states(*registrations):
    return [Registration.objects.get(pk=r.pk).state for r in registrations]


def groups(response):
    return texts(response.content.decode(), tag="section")


def test_cancel_asks_first_and_changes_nothing_until_yes(client, organizer, edition):
    a = make_registration(edition, first_name="Ana", last_name="Arsenault")
    b = make_registration(edition, first_name="Bruno", last_name="Bédard", state="annulee")
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    checkin.set_presence(day, a, True)
    page = ask(client, "cancel_selected", [a, b])
    assert page.status_code == 200
    assert states(a, b) == ["recue", "annulee"]
    assert mail.outbox == []
    found = groups(page)
    assert found[0].startswith("Seront annulées et prévenues par courriel (1) Ana Arsenault <")
    assert "1 présence notée, retirée avec la place" in found[0]
    assert found[1].startswith("Restent telles quelles\xa0: déjà annulées (1) Bruno Bédard")
    html = page.content.decode()
    assert 'value="Oui, annuler ces inscriptions"' in html
    assert "1 personne changera d'état et recevra un courriel." in html
    response = yes(client, "cancel_selected", [a, b])
    assert states(a, b) == ["annulee", "annulee"]
    assert [m.to for m in mail.outbox] == [[a.email]]
    assert mail.outbox[0].subject == "Inscription annulée — École de test"
    assert "Les organisateurs ont annulé votre inscription" in mail.outbox[0].body
    assert f"écrivez aux organisateurs{NBSP}: ecole@enap.ca" in mail.outbox[0].body
    assert [str(m) for m in response.context["messages"]] == [
        "1 inscription(s) annulée(s) et prévenue(s) par courriel.",
        "1 inscription(s) laissée(s) telles quelles\xa0: déjà ainsi.",
    ]
    assert Attendance.objects.count() == 0


def test_waiting_list_action_emails_each_person_moved(client, organizer, edition):
    a, b = make_registration(edition), make_registration(edition, state="attente")
    assert ask(client, "waitlist_selected", [a, b]).status_code == 200
    yes(client, "waitlist_selected", [a, b])
    assert states(a, b) == ["attente", "attente"]
    assert [m.to for m in mail.outbox] == [[a.email]]
    assert mail.outbox[0].subject == "Liste d'attente — École de test"


def test_confirm_page_says_who_gets_a_seat_and_who_stays_waiting(client, organizer, edition):
    edition.capacity = 2
    edition.save()
    received = make_registration(edition, first_name="Reçue", last_name="Un")
    first = make_registration(edition, first_name="Attente", last_name="Deux", state="attente")
    second = make_registration(edition, first_name="Attente", last_name="Trois", state="attente")
    found = groups(ask(client, "confirm_selected", [received, first, second]))
    assert [group.split(" (")[0] for group in found] == [
        "Seront confirmées et prévenues par courriel",
        "Prendront une place libre, quittent la liste d'attente, prévenues par courriel",
        "Restent sur la liste d'attente\xa0: il n'y a plus de place",
    ]
    assert "Attente Deux" in found[1] and "Attente Trois" in found[2]
    assert states(received, first, second) == ["recue", "attente", "attente"]


def test_a_stale_confirmation_changes_only_what_is_still_to_change(client, organizer, edition):
    edition.capacity = 1
    edition.save()
    waiting = make_registration(edition, state="attente")
    assert "Prendront une place libre" in ask(client, "promote_selected", [waiting]).content.decode()
    make_registration(edition)  # meanwhile, the last seat went to someone else
    response = yes(client, "promote_selected", [waiting])
    assert states(waiting) == ["attente"]
    assert mail.outbox == []
    assert "1 inscription(s) laissée(s) sur la liste d'attente\xa0: il n'y a plus de place." in [
        str(m) for m in response.context["messages"]
    ]


def test_cancel_of_an_attested_registration_refused_until_revoked(client, organizer, edition):
    person = make_registration(edition)
    day = Day.objects.create(edition=edition, date=edition.starts_on)
    checkin.set_presence(day, person, True)
    attestation = attestations.issue(person)
    found = groups(ask(client, "cancel_selected", [person]))
    assert found == [
        "Restent telles quelles\xa0: leur attestation est délivrée (révoquez-la d'abord, avec une raison) (1) "
        f"{person.full_name} <{person.email}> — Reçue, École de test"
    ]
    response = yes(client, "cancel_selected", [person])
    assert states(person) == ["recue"]
    assert mail.outbox == []
    assert "attestation délivrée (révoquez-la d'abord, avec une raison)" in " ".join(
        str(m) for m in response.context["messages"]
    )
    attestation.refresh_from_db()
    assert attestation.is_valid


def test_organizer_emails_go_through_the_mail_queue(client, organizer, edition, settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    people = [make_registration(edition) for _ in range(2)]
    yes(client, "cancel_selected", people)
    assert sorted(message.to_addresses[0] for message in Message.objects.all()) == sorted(p.email for p in people)


def test_nothing_to_change_offers_no_yes(client, organizer, edition):
    cancelled = make_registration(edition, state="annulee")
    page = ask(client, "cancel_selected", [cancelled]).content.decode()
    assert "Aucune des inscriptions choisies ne changera d'état" in page
    assert 'value="Oui,' not in page


def test_actions_across_editions_lock_and_change_each(client, organizer, edition):
    other = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    people = [make_registration(edition), make_registration(other)]
    page = client.post(
        LIST + "?edition=toutes", {"action": "confirm_selected", "_selected_action": [p.pk for p in people]}
    )
    assert "Seront confirmées et prévenues par courriel (2)" in page.content.decode()
    yes(client, "confirm_selected", people, query="?edition=toutes")
    assert states(*people) == ["confirmee", "confirmee"]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("action", ["confirm_selected", "promote_selected", "waitlist_selected", "cancel_selected"])
def test_confirmation_page_queries_constant(client, organizer, edition, action):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(people):
        with CaptureQueriesContext(connection) as queries:
            assert ask(client, action, people).status_code == 200
        return len(queries)

    day = Day.objects.create(edition=edition, date=edition.starts_on)
    few = [make_registration(edition, state="attente")]
    checkin.set_presence(day, make_registration(edition), True)
    one = count(few + list(Registration.objects.exclude(state="attente")))
    many = [make_registration(edition, state=state) for state in ["attente", "recue", "annulee"] * 4]
    for registration in many[1::3]:
        checkin.set_presence(day, registration, True)
    assert count(list(Registration.objects.all())) == one
