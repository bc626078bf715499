"""SEQUENCE and LAST-MODIFIED of the iCalendar events (RFC 5545 §3.8.7.4 and §3.8.7.3), and the
events of cancelled sessions (STATUS:CANCELLED, §3.8.1.11).

A calendar that has imported an event replaces it only when its SEQUENCE grows: each occurrence
keeps a counter, `Occurrence.sequence`, and the moment it last grew, `Occurrence.revised_at`.
Which changes make them grow is said by the table of programme/change_effects.py (every value an
event shows: its time, place, title, description, speakers, address…), which calls `revise` for
exactly the occurrences whose event shows a value that changed. They never go back: `revise` is the
only writer of both (Occurrence.save leaves them out of every update).

An occurrence taken off the programme would otherwise vanish from the feeds, and a calendar that
imported it once would keep it forever. The same table has `cancel` keep it as a CancelledOccurrence
(what its event showed, under the occurrence's id, so its UID), which every feed writes as a
cancelled event with a higher SEQUENCE until the edition ends (`shown`). An occurrence of the same
session put back on the programme takes that id again (`restore`, before it is saved), with a
SEQUENCE higher still: calendars see the same event come back.
"""

from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from programme.models import CancelledOccurrence, Choice, Edition, Occurrence, Session, TimeSlot


def revise(occurrences):
    """Advance SEQUENCE and LAST-MODIFIED of these occurrences (a queryset): one UPDATE."""
    return occurrences.update(sequence=F("sequence") + 1, revised_at=timezone.now())


class Leaving:
    """What the events of occurrences about to be deleted showed, read before the deletion (their
    choices go with them): `cancel` keeps those the deletion took."""

    def __init__(self, occurrence_ids):
        from programme.my_programme import plenary_ids  # my_programme reads the change log, which reads us

        ids = list(occurrence_ids)
        self.occurrences = list(
            Occurrence.objects.filter(pk__in=ids).select_related("session", "time_slot__day", "room", "edition")
        )
        self.choosers = {}
        self.plenaries = set()
        if self.occurrences:
            chosen = Choice.objects.filter(occurrence__in=ids).values_list("occurrence_id", "user_id")
            for occurrence_id, user_id in chosen.order_by("occurrence_id", "user_id"):
                self.choosers.setdefault(occurrence_id, []).append(user_id)
            editions = {occurrence.edition_id for occurrence in self.occurrences}
            rows = Occurrence.objects.filter(edition__in=editions).values_list(
                "pk", "time_slot_id", "session_id", "session__kind"
            )
            self.plenaries = plenary_ids(rows)


def cancel(leaving, occurrence_ids):
    """Keeps the events of the occurrences `occurrence_ids` (deleted; read before by `leaving`, a
    Leaving), cancelled. Those of an edition deleted with them keep nothing."""
    from programme import exports  # exports writes the events this module keeps

    gone = [occurrence for occurrence in leaving.occurrences if occurrence.pk in set(occurrence_ids)]
    remaining = set(Edition.objects.filter(pk__in={o.edition_id for o in gone}).values_list("pk", flat=True))
    gone = [occurrence for occurrence in gone if occurrence.edition_id in remaining]
    sessions = set(Session.objects.filter(pk__in={o.session_id for o in gone}).values_list("pk", flat=True))
    slots = set(TimeSlot.objects.filter(pk__in={o.time_slot_id for o in gone}).values_list("pk", flat=True))
    now = timezone.now()
    records = [
        CancelledOccurrence(
            id=occurrence.pk,
            edition_id=occurrence.edition_id,
            session_id=occurrence.session_id if occurrence.session_id in sessions else None,
            time_slot_id=occurrence.time_slot_id if occurrence.time_slot_id in slots else None,
            session_slug=occurrence.session.slug,
            title=occurrence.session.title,
            kind_label=occurrence.session.get_kind_display(),
            starts_at=occurrence.start_datetime(),
            ends_at=occurrence.end_datetime(),
            location=exports.location(occurrence, occurrence.edition),
            sequence=occurrence.sequence + 1,
            cancelled_at=now,
            for_everyone=occurrence.pk in leaving.plenaries,
        )
        for occurrence in gone
    ]
    CancelledOccurrence.objects.bulk_create(records)
    CancelledOccurrence.chosen_by.through.objects.bulk_create(
        [
            CancelledOccurrence.chosen_by.through(cancelledoccurrence_id=record.pk, user_id=user_id)
            for record in records
            for user_id in leaving.choosers.get(record.pk, ())
        ]
    )


def restore(occurrence):
    """Before a new occurrence is saved: if its session has a cancelled one (in the same time slot
    first), the new one takes its id (so its UID) and a SEQUENCE above the cancelled event's, and the
    cancelled event leaves the feeds."""
    if occurrence.pk is not None or occurrence.session_id is None:
        return
    found = (
        CancelledOccurrence.objects.filter(session_id=occurrence.session_id)
        .order_by(Case(When(time_slot_id=occurrence.time_slot_id, then=Value(0)), default=Value(1)), "starts_at", "id")
        .first()
    )
    if found is None:
        return
    occurrence.pk = found.pk
    occurrence.sequence = found.sequence + 1
    occurrence.revised_at = timezone.now()
    found.delete()


def shown(edition, moment=None):
    """The cancelled occurrences the feeds of `edition` still show: all of them until the edition
    ends (in Montréal), none after. A queryset, in schedule order."""
    today = timezone.localdate(moment or timezone.now())
    kept = CancelledOccurrence.objects.filter(edition=edition, edition__ends_on__gte=today)
    return kept.order_by("starts_at", "id")


def shown_of_session(edition, slug, moment=None):
    """Those of the session `slug` (its slug now, or when it was cancelled if it is gone)."""
    return shown(edition, moment).filter(Q(session__slug=slug) | Q(session__isnull=True, session_slug=slug))


def shown_to(user_id, edition, moment=None):
    """Those of them a person's feed shows: the ones they had chosen, and the plenary ones."""
    chose = CancelledOccurrence.chosen_by.through.objects.filter(user_id=user_id)
    return shown(edition, moment).filter(Q(for_everyone=True) | Q(pk__in=chose.values("cancelledoccurrence_id")))
