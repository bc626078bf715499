"""Seats and the waiting list (inscriptions/seats.py), with the e-mails they send."""

import pytest
from django.core import mail

from inscriptions import seats
from inscriptions.models import Registration, User
from inscriptions.tests.factories import PASSWORD, make_registration
from programme.tests.factories import make_open_edition

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
    edition = make_open_edition(capacity=2)
    registration = register(edition, "Camille@Exemple.ca")
    assert registration.state == Registration.State.RECEIVED
    assert registration.user.check_password(PASSWORD)
    assert registration.email == "camille@exemple.ca"  # normalized (inscriptions/identity.py)
    assert registration.dietary_restrictions == "Végétarien"
    assert registration.consented_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@exemple.ca"]
    assert mail.outbox[0].subject == f"Inscription reçue — {edition.name}"


def test_register_when_full_goes_to_waiting_list_and_says_so():
    edition = make_open_edition(capacity=1)
    register(edition, "a@exemple.ca")
    second = register(edition, "b@exemple.ca")
    assert second.state == Registration.State.WAITING
    assert mail.outbox[1].subject == f"Liste d'attente — {edition.name}"
    assert "liste d'attente" in mail.outbox[1].body


def test_register_same_email_other_case_raises_already_registered():
    edition = make_open_edition()
    register(edition, "camille@exemple.ca")
    with pytest.raises(seats.AlreadyRegistered):
        register(edition, "CAMILLE@exemple.ca")
    assert User.objects.count() == 1


def test_cancel_frees_a_seat():
    edition = make_open_edition(capacity=1)
    first = register(edition, "a@exemple.ca")
    assert seats.free_seats(edition) == 0
    seats.cancel([first])
    assert seats.free_seats(edition) == 1
    assert register(edition, "c@exemple.ca").state == Registration.State.RECEIVED


def test_promote_from_waiting_list_oldest_first_within_free_seats_and_emails_each():
    edition = make_open_edition(capacity=3)
    make_registration(edition)
    first = make_registration(edition, state=Registration.State.WAITING)
    second = make_registration(edition, state=Registration.State.WAITING)
    third = make_registration(edition, state=Registration.State.WAITING)
    result = seats.promote_from_waiting_list(edition)
    assert [r.pk for r in result.confirmed] == [first.pk, second.pk]
    assert [r.pk for r in result.no_seat] == [third.pk]
    assert Registration.objects.get(pk=first.pk).state == Registration.State.CONFIRMED
    assert Registration.objects.get(pk=third.pk).state == Registration.State.WAITING
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert "http://127.0.0.1:8000/mon-espace/" in mail.outbox[0].body


def test_confirm_received_always_and_waiting_only_with_free_seat():
    edition = make_open_edition(capacity=1)
    received = make_registration(edition)
    waiting = make_registration(edition, state=Registration.State.WAITING)
    result = seats.confirm([waiting, received])
    assert [r.pk for r in result.confirmed] == [received.pk]
    assert [r.pk for r in result.no_seat] == [waiting.pk]
    assert edition.registrations.holding_a_seat().count() == 1


def test_confirm_emails_each_person_whose_state_changes_and_only_them():
    edition = make_open_edition(name="École d'automne 2025", capacity=3)
    received = make_registration(edition, first_name="Rémi")
    waiting = make_registration(edition, state=Registration.State.WAITING)
    already = make_registration(edition, state=Registration.State.CONFIRMED)
    seats.confirm([already, waiting, received])
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([received.email], "Inscription confirmée — École d'automne 2025"),
        ([waiting.email], "Une place pour vous — École d'automne 2025"),
    ]
    assert mail.outbox[0].body.startswith(
        "Bonjour Rémi,\n\nVotre inscription à «\xa0École d'automne 2025\xa0» est confirmée."
    )
    assert "http://127.0.0.1:8000/mon-espace/" in mail.outbox[0].body


def test_confirm_leaves_confirmed_and_cancelled_as_they_are_and_says_why():
    edition = make_open_edition(capacity=5)
    already = make_registration(edition, state=Registration.State.CONFIRMED)
    cancelled = make_registration(edition, state=Registration.State.CANCELLED)
    result = seats.confirm([already, cancelled])
    assert (result.confirmed, result.already, result.cancelled, result.no_seat) == ([], [already], [cancelled], [])
    assert result.unchanged == [already, cancelled]
    cancelled.refresh_from_db()
    assert cancelled.state == Registration.State.CANCELLED
    assert mail.outbox == []


def test_move_to_waiting_list_frees_seat():
    edition = make_open_edition(capacity=1)
    registration = make_registration(edition)
    assert seats.move_to_waiting_list(Registration.objects.filter(pk=registration.pk)).changed == [registration]
    assert seats.free_seats(edition) == 1
