"""SEQUENCE and LAST-MODIFIED of the iCalendar events (RFC 5545 §3.8.7.4 and §3.8.7.3).

A calendar that has imported an event replaces it only when its SEQUENCE grows: each occurrence
keeps a counter, `Occurrence.sequence`, and the moment it last grew, `Occurrence.revised_at`.
Which changes make them grow is said by the table of programme/change_effects.py (every value an
event shows: its time, place, title, description, speakers, address…), which calls `revise` for
exactly the occurrences whose event shows a value that changed. They never go back: `revise` is the
only writer of both (Occurrence.save leaves them out of every update).
"""

from django.db.models import F
from django.utils import timezone


def revise(occurrences):
    """Advance SEQUENCE and LAST-MODIFIED of these occurrences (a queryset): one UPDATE."""
    return occurrences.update(sequence=F("sequence") + 1, revised_at=timezone.now())
