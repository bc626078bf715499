"""Check-in: the one writer of presence. The phone pages at the door (views_checkin.py), the admin's
« Présences » list and anything else that records a presence call `set_presence` or
`set_presences`, which hold the rules:

- a presence is for a registration of the day's edition that holds a seat (received or confirmed):
  never for the waiting list or a cancelled registration;
- a day that has not come yet takes no presence (it is noted at the door, or corrected afterwards);
- the last presence of a registration whose attestation is issued and valid stays: the attestation
  would certify days nobody attended (revoke or correct it first, inscriptions/attestations.py).

Every write runs under the edition's lock (seats._locked), like the seat changes, so a presence and a
cancellation of the same person never cross. Each edition's check-in lives at its own address,
/editions/<slug>/presences/…, whatever edition is current. Staff accounts hold no registration, so
they are never on these lists.
"""

import io
from dataclasses import dataclass, field

import segno
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne.french import format_date, sort_key
from inscriptions import attendance, attestations, seats
from inscriptions.models import Attendance, Registration
from programme.models import Day, Edition

NO_SEAT = gettext_lazy("ne tient pas de place")
NOT_YET = gettext_lazy("journée à venir")
ATTESTED = gettext_lazy("attestation délivrée")


class PresenceRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def days(edition):
    """The edition's days, in order."""
    return Day.objects.filter(edition=edition).select_related("edition").order_by("date")


def day_or_404(edition, day_id):
    return get_object_or_404(days(edition), pk=day_id)


def today_of(edition):
    """The edition's day today, or None."""
    return days(edition).filter(date=timezone.localdate()).first()


def days_today():
    """Today's days, of every edition that has one (two schools may overlap)."""
    return Day.objects.filter(date=timezone.localdate()).select_related("edition").order_by("edition__starts_on")


def editions_with_days():
    """Every edition that has days, newest first: each one's check-in stays reachable."""
    return Edition.objects.filter(days__isnull=False).distinct().order_by("-starts_on")


def _with_presence(registrations, day):
    return registrations.annotate(present=Exists(Attendance.objects.filter(day=day, registration=OuterRef("pk"))))


def expected(day):
    """Everyone holding a seat in the day's edition, by name, each with `present`, in one query."""
    registrations = day.edition.registrations.holding_a_seat().order_by("last_name", "first_name", "pk")
    return _with_presence(registrations, day)


def matching(people, query):
    """The people whose name contains every word of `query`, accents and case aside: « bedard »
    finds Bédard, as typed on a phone at the door. Done on the day's list, already in memory."""
    words = {sort_key(word) for word in query.split()} - {""}
    keyed = [(sort_key(person.full_name), person) for person in people]
    return [person for key, person in keyed if all(word in key for word in words)]


def person_or_404(day, registration_id):
    """A registration of the day's edition (any state: the page says when it holds no seat)."""
    registrations = _with_presence(day.edition.registrations.all(), day)
    return get_object_or_404(registrations, pk=registration_id)


def registration_or_404(registration_id):
    return get_object_or_404(Registration.objects.select_related("edition"), pk=registration_id)


def refusal(day, registration, present, *, attested, days_present, is_present, moment=None):
    """Why this presence may not be set, in French; None when it may. `attested`: the registration's
    attestation is issued and valid; `days_present`: its days checked in; `is_present`: on `day`."""
    if registration.edition_id != day.edition_id:
        return _("%(name)s n'est pas inscrit·e à l'édition de cette journée.") % {"name": registration.full_name}
    if not present:
        if attested and is_present and days_present == 1:
            return _(
                "%(name)s : l'attestation est délivrée et cette présence est la seule "
                "notée. Révoquez ou corrigez l'attestation avant de retirer la présence."
            ) % {"name": registration.full_name}
        return None
    if not registration.holds_a_seat:
        return _(
            "%(name)s : cette inscription est « %(state)s » ; elle ne tient pas de place, "
            "la présence ne peut pas être notée."
        ) % {"name": registration.full_name, "state": registration.get_state_display()}
    today = timezone.localdate(moment) if moment else timezone.localdate()
    if day.date > today:
        return _("Le %(date)s n'est pas encore arrivé : la présence se note le jour même.") % {
            "date": format_date(day.date)
        }
    return None


def set_presence(day, registration, present, moment=None):
    """Checks the person in (present) or undoes it. Raises PresenceRefused, changing nothing."""
    result = set_presences(day, [registration], present, moment)
    if result.refused:
        raise PresenceRefused(result.refused[0][1])
    return present


@dataclass
class Presences:
    """What a batch did: the registrations changed, those already so, and those refused with why."""

    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (registration, message)


def set_presences(day, registrations, present, moment=None):
    """Sets the presence of each registration on `day` (all of the day's edition, else refused), under
    the edition's lock; each one refused is left as it was, with the reason."""
    result = Presences()
    with transaction.atomic():
        seats._locked(day.edition_id)
        pks = list(dict.fromkeys(registration.pk for registration in registrations))
        fresh = Registration.objects.filter(pk__in=pks).select_related("edition").in_bulk()
        counts = dict(
            Attendance.objects.filter(registration__in=pks)
            .values_list("registration")
            .annotate(n=Count("pk"))
            .values_list("registration", "n")
        )
        here = set(day.attendances.filter(registration__in=pks).values_list("registration_id", flat=True))
        attested = attestations.valid_of(pks)
        accepted = []
        for pk in pks:
            registration = fresh[pk]
            reason = refusal(
                day,
                registration,
                present,
                attested=pk in attested,
                days_present=counts.get(pk, 0),
                is_present=pk in here,
                moment=moment,
            )
            if reason:
                result.refused.append((registration, reason))
            elif (pk in here) == present:
                result.unchanged.append(registration)
            else:
                accepted.append(registration)
        if present:
            attendance.mark_present(day, accepted)
        else:
            attendance.mark_absent(day, accepted)
        result.changed = accepted
    return result


def has_code(registration):
    """A QR code in « Mon espace » for a registration holding a seat, for the current edition until its
    last day and for any edition during its week (two schools may overlap)."""
    edition, today = registration.edition, timezone.localdate()
    return registration.holds_a_seat and edition.ends_on >= today and (edition.is_current or edition.starts_on <= today)


def code_svg(url):
    """The QR code of `url`, as an SVG image (segno, pure Python)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", border=4, omitsize=True, xmldecl=False, title=_("Code de présence")
    )
    return buffer.getvalue()
