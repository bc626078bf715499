"""Changing a registration's details (name, kind, matricule, organisation…): the one function that
« Mon espace » and the admin's form both call.

A participant is bound by the edition's time (inscriptions/timeline.py): from the first day their
name, kind and matricule stay as they are, and after the last day nothing changes. Organizers may
correct any detail at any time; an attestation already issued keeps its record until they correct it
(inscriptions/attestations.py), and `change` says so.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from inscriptions import timeline
from inscriptions.models import Attestation, Registration

EDITABLE = (
    "first_name",
    "last_name",
    "organisation",
    "function",
    "sector",
    "kind",
    "matricule",
    "accessibility_needs",
    "dietary_restrictions",
)


def change(registration, values, *, by_participant, moment=None):
    """Saves the details in `values` ({field: value}) that differ from the registration's, and returns
    their names. Checked under a lock on the row, on the registration as it is now: the model's
    validators (identity.py) and constraints, then, for a participant, the edition's time
    (timeline.Locked, nothing saved). Raises ValidationError for a value the model refuses."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not a detail: {sorted(unknown)}")
    with transaction.atomic():
        current = Registration.objects.select_for_update().select_related("edition").get(pk=registration.pk)
        changes = {name: value for name, value in values.items() if getattr(current, name) != value}
        if by_participant:
            timeline.check_participant_may_change(current, changes, moment)
        if not changes:
            return []
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean(validate_unique=False)
        current.save(update_fields=[*changes, "updated_at"])
    for name, value in changes.items():
        setattr(registration, name, value)
    return list(changes)


def attestation_unchanged_notice(registration, changed):
    """For an organizer: the issued attestation still says what it said (None when there is none to tell)."""
    if not set(changed) & set(timeline.IDENTITY_FIELDS):
        return None
    attestation = Attestation.objects.filter(registration=registration).first()
    if attestation is None or not attestation.is_valid:
        return None
    return _(
        "L'attestation %(code)s garde ce qu'elle disait à sa délivrance. Si elle doit suivre cette "
        "modification, corrigez-la (Attestations › l'attestation › « Corriger »), avec une raison."
    ) % {"code": attestation.code}
