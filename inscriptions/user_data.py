"""The inscriptions' part of a participant's data export (gathered by automne/user_data.py):
the account and every registration, with its days of presence and its attestation (its record)."""

from django.urls import reverse

from inscriptions.models import Attestation, Registration


def export_user_data(user):
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
        "attestation": _attestation(attestation) if attestation else None,
    }


def _attestation(attestation):
    """What the attestation says (its record, fixed when issued) and what happened to it."""
    return {
        "code": attestation.code,
        "verification": reverse("inscriptions:verify", args=[attestation.code]),
        "delivree_le": attestation.issued_at.isoformat(),
        "nom": attestation.full_name,
        "type": attestation.get_kind_display(),
        "cours": attestation.course_label,
        "matricule": attestation.matricule,
        "journees": attestation.days,
        "minutes_de_formation": attestation.minutes,
        "corrigee_le": attestation.corrected_at.isoformat() if attestation.corrected_at else None,
        "revoquee_le": attestation.revoked_at.isoformat() if attestation.revoked_at else None,
    }
