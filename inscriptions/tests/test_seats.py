"""Seats and the waiting list (inscriptions/seats.py), with the e-mails they send."""

import pytest
from django.core import mail

from inscriptions import seats
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, make_registration
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Camille",
    "last_name": "Côté",
    "kind": Registration.Kind.ATTESTATION,
    "matricule": "",
    "organisation": "Ville de Laval",
    "function": "Analyste",
    "sector": "municipal",
    "accessibility_needs": "",
    "dietary_restrictions": "Végétarien",
}


def register(edition, email):
    return seats.register(edition, email=email, password=PASSWORD, **DETAILS)


def test_register_creates_account_and_received_registration_and_sends_email():
    edition = make_edition(capacity=2)
    registration = register(edition, "Camille@Exemple.ca")
    assert registration.state == Registration.State.RECEIVED
    assert registration.user.check_password(PASSWORD)
    assert registration.email == "Camille@exemple.ca"
    assert registration.dietary_restrictions == "Végétarien"
    assert registration.consented_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Camille@exemple.ca"]
    assert mail.outbox[0].subject == f"Inscription reçue — {edition.name}"


def test_register_when_full_goes_to_waiting_list_and_says_so():
    edition = make_edition(capacity=1)
    register(edition, "a@exemple.ca")
    second = register(edition, "b@exemple.ca")
    assert second.state == Registration.State.WAITING
    assert mail.outbox[1].subject == f"Liste d'attente — {edition.name}"
    assert "liste d'attente" in mail.outbox[1].body


def test_register_same_email_other_case_raises_already_registered():
    edition = make_edition()
    register(edition, "camille@exemple.ca")
    with pytest.raises(seats.AlreadyRegistered):
        register(edition, "CAMILLE@exemple.ca")
    assert User.objects.count() == 1


def test_cancel_frees_a_seat():
    edition = make_edition(capacity=1)
    first = register(edition, "a@exemple.ca")
    assert seats.free_seats(edition) == 0
    seats.cancel([first])
    assert seats.free_seats(edition) == 1
    assert register(edition, "c@exemple.ca").state == Registration.State.RECEIVED


def test_promote_from_waiting_list_oldest_first_within_free_seats_and_emails_each():
    edition = make_edition(capacity=3)
    make_registration(edition)
    first = make_registration(edition, state=Registration.State.WAITING)
    second = make_registration(edition, state=Registration.State.WAITING)
    third = make_registration(edition, state=Registration.State.WAITING)
    confirmed, left = seats.promote_from_waiting_list(edition, base_url="https://automne.test/")
    assert [r.pk for r in confirmed] == [first.pk, second.pk]
    assert [r.pk for r in left] == [third.pk]
    assert Registration.objects.get(pk=first.pk).state == Registration.State.CONFIRMED
    assert Registration.objects.get(pk=third.pk).state == Registration.State.WAITING
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert "https://automne.test/mon-espace/" in mail.outbox[0].body


def test_confirm_received_always_and_waiting_only_with_free_seat():
    edition = make_edition(capacity=1)
    received = make_registration(edition)
    waiting = make_registration(edition, state=Registration.State.WAITING)
    confirmed, left = seats.confirm([waiting, received])
    assert [r.pk for r in confirmed] == [received.pk]
    assert [r.pk for r in left] == [waiting.pk]
    assert edition.registrations.holding_a_seat().count() == 1
    assert mail.outbox == []


def test_move_to_waiting_list_frees_seat():
    edition = make_edition(capacity=1)
    registration = make_registration(edition)
    assert seats.move_to_waiting_list(Registration.objects.filter(pk=registration.pk)) == 1
    assert seats.free_seats(edition) == 1
