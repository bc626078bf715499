"""Where an edition is in its own time, and what a participant may still do to their registration.

Before the first day a participant may cancel and change any of their details. From the first day
(in Montréal's time zone) they can no longer cancel, nor change their kind of registration, name or
matricule: what the school certifies is settled by then, and a correction goes through the
organizers (whom « Mon espace » names). Once the last day is over, the registration is a record of
the past: nothing in it changes from « Mon espace ».

Organizers are not bound by this (they correct mistakes); what they change after an attestation was
issued does not change the attestation (inscriptions/attestations.py).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne.french import format_date

IDENTITY_FIELDS = ("first_name", "last_name", "kind", "matricule")


class Phase(models.TextChoices):
    BEFORE = "avant", gettext_lazy("Avant l'école")
    DURING = "pendant", gettext_lazy("Pendant l'école")
    AFTER = "apres", gettext_lazy("Après l'école")


class Locked(Exception):
    """What a participant asked is no longer possible at this point of the edition; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def phase(edition, moment=None):
    today = timezone.localdate(moment) if moment else timezone.localdate()
    if today < edition.starts_on:
        return Phase.BEFORE
    if today <= edition.ends_on:
        return Phase.DURING
    return Phase.AFTER


def whom_to_write(edition):
    """ "aux organisateurs : ecole@enap.ca", or without an address when the edition has none."""
    if edition.contact_email:
        return _("aux organisateurs : %(email)s") % {"email": edition.contact_email}
    return _("aux organisateurs de l'école")


def may_cancel(registration, moment=None):
    return phase(registration.edition, moment) == Phase.BEFORE


def locked_fields(registration, moment=None):
    """The details a participant can no longer change, by name."""
    now = phase(registration.edition, moment)
    if now == Phase.BEFORE:
        return ()
    if now == Phase.DURING:
        return IDENTITY_FIELDS
    return "all"


def cannot_cancel_message(registration):
    return _(
        "L'école a commencé le %(date)s : votre inscription ne peut plus être annulée en ligne. Écrivez %(whom)s."
    ) % {"date": format_date(registration.edition.starts_on), "whom": whom_to_write(registration.edition)}


def locked_message(registration, moment=None):
    if phase(registration.edition, moment) == Phase.AFTER:
        return _(
            "Cette édition est terminée : vos renseignements sont gardés tels qu'ils étaient. "
            "Pour une correction, écrivez %(whom)s."
        ) % {"whom": whom_to_write(registration.edition)}
    return _(
        "L'école a commencé : votre nom, votre matricule et votre type d'inscription ne peuvent plus être "
        "changés en ligne. Pour une correction, écrivez %(whom)s."
    ) % {"whom": whom_to_write(registration.edition)}


def check_participant_may_cancel(registration, moment=None):
    if not may_cancel(registration, moment):
        raise Locked(cannot_cancel_message(registration))


def check_participant_may_change(registration, changes, moment=None):
    """`changes`: {field: new value}. Raises Locked when one of them may no longer change."""
    locked = locked_fields(registration, moment)
    if locked == "all" and changes:
        raise Locked(locked_message(registration, moment))
    if any(name in locked for name in changes):
        raise Locked(locked_message(registration, moment))
