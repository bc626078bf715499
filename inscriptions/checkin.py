"""Check-in at the door: the current edition's days, the people expected on a day (those holding a
seat) with whether they are checked in, and marking one person present or not. Staff accounts
hold no registration, so they are never on these lists. A day of another edition, or a
registration of another edition, does not exist here (404).

Attendance itself is recorded by inscriptions.attendance (mark_present / mark_absent).
"""

import io

import segno
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone

from automne.french import sort_key
from inscriptions import attendance
from inscriptions.models import Attendance, Registration
from programme.models import Day


def days():
    """The current edition's days, in order."""
    return Day.objects.filter(edition__is_current=True).select_related("edition").order_by("date")


def day_or_404(day_id):
    return get_object_or_404(days(), pk=day_id)


def today():
    """Today's day of the current edition, or None when the school is not on today."""
    return days().filter(date=timezone.localdate()).first()


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


def registration_of_current_edition_or_404(registration_id):
    return get_object_or_404(
        Registration.objects.filter(edition__is_current=True).select_related("edition"), pk=registration_id
    )


def set_presence(day, registration, present):
    """Checks the person in (present) or undoes it. Only a registration holding a seat is checked in."""
    if present and not registration.holds_a_seat:
        return False
    if present:
        attendance.mark_present(day, [registration])
    else:
        attendance.mark_absent(day, [registration])
    return present


def has_code(registration):
    """A QR code in « Mon espace » for a registration holding a seat in the current edition."""
    return registration.holds_a_seat and registration.edition.is_current


def code_svg(url):
    """The QR code of `url`, as an SVG image (segno, pure Python)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", border=4, omitsize=True, xmldecl=False, title="Code de présence"
    )
    return buffer.getvalue()
