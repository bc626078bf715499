"""Participants and registrations for the tests."""

import itertools

from django.utils import timezone

from inscriptions.models import Registration, Sector, User

PASSWORD = "Coproduction-2025!"
_counter = itertools.count(1)


def make_user(email=None, password=PASSWORD, **fields):
    n = next(_counter)
    return User.objects.create_user(email or f"personne{n}@exemple.ca", password, **fields)


def make_registration(edition, user=None, **fields):
    user = user or make_user()
    values = {
        "edition": edition,
        "user": user,
        "email": user.email,
        "first_name": "Camille",
        "last_name": f"Tremblay{next(_counter)}",
        "kind": Registration.Kind.ATTESTATION,
        "organisation": "Ville de Montréal",
        "function": "Conseillère",
        "sector": Sector.MUNICIPAL,
        "consented_at": timezone.now(),
        "state": Registration.State.RECEIVED,
    }
    values.update(fields)
    return Registration.objects.create(**values)


def form_data(**overrides):
    """A complete, valid registration form for someone not logged in."""
    data = {
        "first_name": "Camille",
        "last_name": "Côté",
        "email": "camille.cote@exemple.ca",
        "organisation": "CIUSSS du Centre-Sud",
        "function": "Agente de planification",
        "sector": Sector.HEALTH,
        "kind": Registration.Kind.ATTESTATION,
        "matricule": "",
        "accessibility_needs": "",
        "dietary_restrictions": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return data
