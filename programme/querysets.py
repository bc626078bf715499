"""The programme's questions to the database, named for the domain: the current edition, the order
of the week, what runs at the same time, in which room and with which speakers.

The scheduling rules (programme/clashes.py) compare a batch with the database in memory, in 2 queries.
The models this module names are looked up through the app registry: it imports no model.
"""

from django.apps import apps
from django.db import models


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The edition the site shows at its short addresses, or None when there is none yet."""
        return self.filter(is_current=True).first()

    def past(self, today):
        """Editions whose last day is before `today`, newest first: the archives."""
        return self.filter(ends_on__lt=today).order_by("-starts_on")


class OccurrenceQuerySet(models.QuerySet):
    def in_schedule_order(self):
        return self.order_by("time_slot__day__date", "time_slot__starts_at", "time_slot__ends_at", "order", "pk")

    def with_details(self):
        """Everything a programme page shows, in a constant number of queries."""
        speakers = apps.get_model("programme", "SessionSpeaker").objects.select_related("speaker")
        return self.select_related("session", "time_slot__day", "room").prefetch_related(
            models.Prefetch("session__session_speakers", queryset=speakers)
        )

    def without_room(self):
        return self.filter(room__isnull=True)

    def overlapping(self, time_slot):
        """Occurrences running at some moment of time_slot (one ending as the other starts does not overlap)."""
        return self.filter(
            time_slot__day__date=time_slot.day.date,
            time_slot__starts_at__lt=time_slot.ends_at,
            time_slot__ends_at__gt=time_slot.starts_at,
        )


class ProgrammeChangeQuerySet(models.QuerySet):
    def of_edition(self, edition):
        """Changes of the edition's sessions (a cancelled one included: it has no occurrence left)."""
        return self.filter(session__edition=edition)

    def newest_first(self):
        return self.order_by("-changed_at", "-pk")
