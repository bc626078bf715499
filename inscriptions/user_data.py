"""A participant's data, all of it, as JSON (Loi 25: the right to obtain one's information).

Each app adds its part: a module `user_data.py` in the app with a function
`export_user_data(user)` returning something JSON can write. `export_all()` finds them.
"""

import importlib
import importlib.util

from django.apps import apps
from django.urls import reverse
from django.utils import timezone


def export_all(user):
    data = {"exporte_le": timezone.now().isoformat()}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.user_data"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "export_user_data"):
            data[config.label] = module.export_user_data(user)
    return data


def export_user_data(user):
    from inscriptions.models import Registration

    registrations = Registration.objects.of(user).select_related("edition").prefetch_related("attendances__day")
    return {
        "compte": {
            "courriel": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "cree_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        },
        "inscriptions": [_registration(r) for r in registrations],
    }


def _registration(registration):
    from inscriptions.models import Attestation

    try:
        attestation = registration.attestation
    except Attestation.DoesNotExist:
        attestation = None
    return {
        "edition": registration.edition.name,
        "premier_jour": registration.edition.starts_on.isoformat(),
        "courriel": registration.email,
        "prenom": registration.first_name,
        "nom": registration.last_name,
        "type": registration.kind_label(),
        "matricule": registration.matricule,
        "organisation": registration.organisation,
        "fonction": registration.function,
        "secteur": registration.get_sector_display(),
        "besoins_accessibilite": registration.accessibility_needs,
        "restrictions_alimentaires": registration.dietary_restrictions,
        "consentement_le": registration.consented_at.isoformat(),
        "etat": registration.get_state_display(),
        "recue_le": registration.created_at.isoformat(),
        "modifiee_le": registration.updated_at.isoformat(),
        "presences": [a.day.date.isoformat() for a in registration.attendances.all()],
        "attestation": (
            {"code": attestation.code, "verification": reverse("inscriptions:verify", args=[attestation.code])}
            if attestation
            else None
        ),
    }
