"""The attestation de formation as a record: when one is due, issuing it (its record is fixed then),
and an organizer's correction or revocation, each with a reason, kept with who and when.

An attestation is due once the edition's last day is over, for a registration that held a seat and
was checked in on at least one day. When first issued, it records what `attendance.attested` and
the registration say then: the name, the kind, the course, the matricule, the days and the minutes of
training. From then on the PDF and the public verification page print that record, whatever happens
to the registration; an organizer who corrects a name or a presence afterwards corrects the
attestation too (`correct`: the record is taken again from the registration, the reason and the
previous record are kept), or revokes it (`revoke`): the verification page then says « révoquée le … ».
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from automne.french import format_date
from inscriptions import attendance, timeline
from inscriptions.models import Attestation, AttestationChange, Registration

REASON_MAX_LENGTH = 1000


class Refused(Exception):
    """What was asked cannot be done; `message` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def why_none(registration, days_present, moment=None):
    """Why the registration has no attestation to download now, in French; None when one is due.

    `days_present`: the days checked in (annotated by `attendance.with_days_present` on lists)."""
    edition = registration.edition
    if registration.state == Registration.State.CANCELLED:
        return _("Cette inscription a été annulée : il n'y a pas d'attestation.")
    if registration.state == Registration.State.WAITING:
        if timeline.phase(edition, moment) == timeline.Phase.AFTER:
            return _("Vous étiez sur la liste d'attente et aucune place ne s'est libérée : il n'y a pas d'attestation.")
        return _("Vous êtes sur la liste d'attente : l'attestation est pour les personnes qui ont une place.")
    if timeline.phase(edition, moment) != timeline.Phase.AFTER:
        return _(
            "Votre attestation sera prête le lendemain du dernier jour de l'école (%(date)s), "
            "avec les journées où votre présence a été notée."
        ) % {"date": format_date(edition.ends_on)}
    if not days_present:
        return _(
            "Aucune présence n'a été notée à votre nom pendant l'école : l'attestation certifie les journées "
            "suivies, il n'y en a donc pas. Si vous étiez là, écrivez %(whom)s."
        ) % {"whom": timeline.whom_to_write(edition)}
    return None


def current_record(registration):
    """What an attestation issued now would say: from the registration and its presences. Kept, and compared
    with what was kept, in French whatever the page's language (the course's label is translated)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _record(registration)


def _record(registration):
    attested = attendance.attested(registration)
    credit = registration.kind == Registration.Kind.CREDIT
    return {
        "full_name": registration.full_name,
        "kind": registration.kind,
        "course_label": registration.edition.course_label if credit else "",
        "matricule": registration.matricule if credit else "",
        "days": [day.isoformat() for day in attested.days],
        "minutes": attested.minutes,
    }


def issue(registration, moment=None):
    """The registration's attestation: the one already issued (whatever it says, revoked or not), or a
    new one whose record is fixed now. Raises Refused, issuing nothing, when none is due."""
    existing = Attestation.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("edition").get(pk=registration.pk)
        reason = why_none(registration, registration.attendances.count(), moment)
        if reason:
            raise Refused(reason)
        try:
            with transaction.atomic():
                return Attestation.objects.create(registration=registration, **current_record(registration))
        except IntegrityError:  # issued at the same moment by another request: that one is the record
            pass
    return Attestation.objects.get(registration=registration)


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("La raison est obligatoire : elle est gardée avec la modification."))
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused(_("La raison fait au plus %(count)s caractères.") % {"count": REASON_MAX_LENGTH})
    return reason


def _log(attestation, action, reason, by, before, now):
    AttestationChange.objects.create(
        attestation=attestation,
        action=action,
        reason=reason,
        by=by,
        by_name=(by.get_full_name() or by.email) if by else "",
        at=now,
        before=before,
    )


def preview_correction(attestation):
    """{field: (what it says, what it would say)} for the fields a correction would change."""
    record = current_record(attestation.registration)
    return {name: (value, record[name]) for name, value in attestation.record().items() if record[name] != value}


def correct(attestation, *, reason, by):
    """The record taken again from the registration and its presences, now. Refused for a revoked
    attestation, for a registration that no longer holds a seat or has no presence (revoke it
    instead), and when nothing would change."""
    reason = _reason(reason)
    with transaction.atomic():
        attestation = (
            Attestation.objects.select_for_update().select_related("registration__edition").get(pk=attestation.pk)
        )
        registration = attestation.registration
        if not attestation.is_valid:
            raise Refused(_("Cette attestation est révoquée : elle ne se corrige plus."))
        if not registration.holds_a_seat or not registration.attendances.exists():
            raise Refused(
                _(
                    "Cette inscription n'a plus de place ou plus aucune présence : révoquez l'attestation "
                    "plutôt que de la corriger."
                )
            )
        before, record = attestation.record(), current_record(registration)
        if record == before:
            raise Refused(_("L'attestation dit déjà ce que disent l'inscription et ses présences : rien à corriger."))
        now = timezone.now()
        for name, value in record.items():
            setattr(attestation, name, value)
        attestation.corrected_at = now
        attestation.save()
        _log(attestation, AttestationChange.Action.CORRECTED, reason, by, before, now)
    return attestation


def revoke(attestation, *, reason, by):
    """The attestation stops being valid; the verification page says « révoquée le … »."""
    reason = _reason(reason)
    with transaction.atomic():
        attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
        if not attestation.is_valid:
            raise Refused(_("Cette attestation est déjà révoquée."))
        now = timezone.now()
        attestation.revoked_at = now
        attestation.save(update_fields=["revoked_at"])
        _log(attestation, AttestationChange.Action.REVOKED, reason, by, attestation.record(), now)
    return attestation


def valid_of(registrations):
    """The pks of those registrations whose attestation is issued and not revoked."""
    return set(
        Attestation.objects.filter(registration__in=registrations, revoked_at__isnull=True).values_list(
            "registration_id", flat=True
        )
    )
