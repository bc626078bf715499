"""SEQUENCE and LAST-MODIFIED of the iCalendar events (RFC 5545 §3.8.7.4 and §3.8.7.3).

A calendar that has imported an event replaces it only when its SEQUENCE grows: each occurrence
keeps a counter, `Occurrence.sequence`, and the moment it last grew, `Occurrence.revised_at`.
They advance when what a calendar shows changes: the occurrence's time (its slot, or the slot's
times or day), its room, its session's title, or the session's speakers. They never go back.

The receivers of programme models call the `*_changed` functions below; each takes what the
receiver already has (the instance, and the values it had before the save when there are some).
"""

from django.db.models import F
from django.utils import timezone

# What a pre_save receiver must remember, per model, for the functions below.
OCCURRENCE_FIELDS = ("room_id", "time_slot_id", "sequence", "revised_at")
SESSION_FIELDS = ("title",)
TIME_SLOT_FIELDS = ("day_id", "starts_at", "ends_at")


def revise(occurrences):
    """Advance SEQUENCE and LAST-MODIFIED of these occurrences (a queryset): one UPDATE."""
    return occurrences.update(sequence=F("sequence") + 1, revised_at=timezone.now())


def _occurrences():
    from programme.models import Occurrence

    return Occurrence.objects


def _changed(instance, previous, fields):
    return previous is not None and any(previous[name] != getattr(instance, name) for name in fields)


def occurrence_changed(occurrence, previous):
    """post_save of Occurrence, with the values of OCCURRENCE_FIELDS before the save (None when created).

    A save writes every field, SEQUENCE included: a copy read before another change (a new title,
    a moved slot) would take it back. The stored values win, and a move advances them."""
    if previous is None:
        return
    moved = _changed(occurrence, previous, ("room_id", "time_slot_id"))
    sequence = max(previous["sequence"], occurrence.sequence)
    if moved:
        occurrence.sequence, occurrence.revised_at = sequence + 1, timezone.now()
    elif previous["sequence"] > occurrence.sequence:
        occurrence.sequence, occurrence.revised_at = previous["sequence"], previous["revised_at"]
    else:
        return
    _occurrences().filter(pk=occurrence.pk).update(sequence=occurrence.sequence, revised_at=occurrence.revised_at)


def session_changed(session, previous):
    """post_save of Session, with the values of SESSION_FIELDS before the save (None when created)."""
    if _changed(session, previous, SESSION_FIELDS):
        revise(_occurrences().filter(session=session.pk))


def time_slot_changed(time_slot, previous):
    """post_save of TimeSlot, with the values of TIME_SLOT_FIELDS before the save (None when created)."""
    if _changed(time_slot, previous, TIME_SLOT_FIELDS):
        revise(_occurrences().filter(time_slot=time_slot.pk))


def speakers_changed(session_ids):
    """post_save and post_delete of SessionSpeaker (its session_id), and m2m_changed "post_add" of
    Session.speakers (the session's pk, or `pk_set` when the change comes from a speaker): add() creates
    its rows in bulk, without post_save, while remove() and clear() send post_delete for each row."""
    revise(_occurrences().filter(session__in=session_ids))
