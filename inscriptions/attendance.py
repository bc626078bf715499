"""Attendance and the hours it attests: checking people in on a day, and `attested(registration)`,
the one computation of what an attestation says (the days, the hours of training, the lines to
print). The PDF, the verification page and « Mon espace » render its result.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from automne.french import format_date, format_hours
from inscriptions.models import Attendance
from programme.models import Session

# Not training time: the welcome desk, breaks and meals (the programme's logistics), and the
# networking cocktail, which is in the programme but is not training an employer would count.
NOT_TRAINING = (*Session.LOGISTICS, Session.Kind.NETWORKING)


def mark_present(day, registrations):
    """Checks people in on a day; marking someone twice changes nothing. Called by inscriptions.checkin
    only, which holds the rules (a seat, the day's edition, a day that has come)."""
    existing = set(day.attendances.filter(registration__in=registrations).values_list("registration_id", flat=True))
    new = [Attendance(registration=r, day=day) for r in registrations if r.pk not in existing]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def mark_absent(day, registrations):
    """Undoes a check-in. Called by inscriptions.checkin only."""
    return day.attendances.filter(registration__in=registrations).delete()[0]


@dataclass(frozen=True)
class Attested:
    """What an attestation says: the days a person was checked in, in order, and the minutes of
    training on those days."""

    days: tuple[datetime.date, ...]
    minutes: int

    @property
    def hours(self):
        """ "18 h 45"."""
        return format_hours(self.minutes)

    @property
    def dates(self):
        """ "lundi 20 octobre 2025, mercredi 22 octobre 2025"."""
        return ", ".join(format_date(day) for day in self.days)

    @property
    def hours_line(self):
        return _("Heures de formation suivies : %(hours)s") % {"hours": self.hours}

    @property
    def days_line(self):
        return _("Présence notée : %(dates)s") % {"dates": self.dates}


def attested(registration):
    """The days and the minutes of training a registration attests, in one query: each day's
    programme without what is not training, parallel sessions counted once."""
    rows = (
        Attendance.objects.filter(registration=registration)
        .order_by("day__date", "day_id")
        .values_list(
            "day_id",
            "day__date",
            "day__time_slots__starts_at",
            "day__time_slots__ends_at",
            "day__time_slots__occurrences__session__kind",
        )
    )
    dates, spans = {}, defaultdict(list)  # by day, in order (dicts keep it)
    for day_id, date, start, end, kind in rows:
        dates[day_id] = date
        if kind is not None and kind not in NOT_TRAINING:
            spans[day_id].append((_minutes(start), _minutes(end)))
    return Attested(days=tuple(dates.values()), minutes=sum(_union_length(day_spans) for day_spans in spans.values()))


def with_days_present(registrations):
    """The registrations, each with `days_present`, its number of days checked in, counted in the
    same query: for a list, where `attested` would cost a query for each."""
    return registrations.annotate(days_present=Count("attendances"))


def _minutes(time):
    return time.hour * 60 + time.minute


def _union_length(spans):
    total, reached = 0, None
    for start, end in sorted(spans):
        if reached is None or start > reached:
            total += end - start
            reached = end
        elif end > reached:
            total += end - reached
            reached = end
    return total
