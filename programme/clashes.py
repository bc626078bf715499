"""The scheduling rules: a room holds one session at a time, a speaker is in one place at a time, and
an occurrence's session, time slot and room are of one edition.

Every check lives here, and every check is the same comparison (`refusals`): a batch of placements
(where and when occurrences would run, with whom) against one another AND against the occurrences
the database holds besides them. Its callers:
- an occurrence placed in a time slot or given a room (`check_occurrence`, from Occurrence.clean:
  the occurrence page, « Répartition des salles »);
- a speaker added to a scheduled session (`check_speaker_added`, from SessionSpeaker.clean);
- a time slot moved to another time or day, with its sessions (`check_moved_slot`, from TimeSlot.clean);
- a room no longer online, which then holds one session at a time (`check_room_in_person`, from Room.clean);
- the admin pages that change several placements in one save (the list « Séances au programme »,
  a session's times, a slot's sessions, a day's slots: programme/admin/placements.py). Their rows
  are marked `check_as_a_batch`, so that each row's clean() leaves the comparison to the whole batch:
  two rows given the same room are both refused, and two rows swapping their rooms are both accepted.

A save that changes placements runs inside `locked()`: one transaction holding the programme's lock
(each edition's ProgrammeStamp row) from the checks to the last write, so that two organizers saving
at the same moment cannot each pass the checks against a database the other is changing.

Each refusal is a ValidationError in French saying what clashes with what, and when. This module
imports no model (the app registry gives them), so that the models can call it.
"""

import contextlib
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from automne.french import NBSP, format_date, format_time_range

ROOM = "room"
SPEAKERS = NON_FIELD_ERRORS
BATCH = "_checked_as_a_batch"


@dataclass
class Placement:
    """An occurrence as the rules see it: its session, day, times, room and speakers.

    `key` is the occurrence's id, or any other token for a row not saved yet; `speakers`
    ({id: speaker}) is None to read its session's speakers from the database."""

    key: object
    edition_id: int
    session_id: int | None
    title: str
    date: object
    starts_at: object
    ends_at: object
    room: object = None
    speakers: dict | None = None
    order: tuple = field(default=(), compare=False)

    def overlaps(self, other):
        """Running at some common moment (one ending as the other starts does not overlap)."""
        return self.date == other.date and self.starts_at < other.ends_at and other.starts_at < self.ends_at

    @property
    def when(self):
        return f"{format_date(self.date)}, {format_time_range(self.starts_at, self.ends_at)}"

    @property
    def holds_a_room(self):
        """An online room, or no room yet (« Salle à venir »), is never full."""
        return self.room is not None and not self.room.is_online


def placement(occurrence, time_slot=None, room=..., speakers=None, key=None):
    """`occurrence` as it would run in `time_slot` (its own by default) and `room` (its own by default)."""
    slot = time_slot or occurrence.time_slot
    session = related(occurrence, "session")
    return Placement(
        key=occurrence.pk if key is None else key,
        edition_id=slot.day.edition_id,
        session_id=session.pk if session else None,
        title=session.title if session else "",
        date=slot.day.date,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        room=occurrence.room if room is ... else room,
        speakers=speakers,
    )


# The comparison


def refusals(placements, rules=(ROOM, SPEAKERS), replacing=()):
    """{key: {"room": [message], "__all__": [messages]}}: what each placement of the batch would
    clash with, among the batch and among the occurrences the database holds besides it (of the
    same editions, on the same days; `replacing`: ids of saved occurrences the same save deletes).
    2 queries, whatever the size of the batch."""
    placements = [p for p in placements if p.date and p.starts_at and p.ends_at]
    if not placements:
        return {}
    saved = _saved_besides(placements, replacing)
    _read_speakers([p for p in placements if p.speakers is None] + saved)
    everyone = placements + saved
    for index, p in enumerate(everyone):
        p.order = (p.date, p.starts_at, p.ends_at, index)
    found = {}
    if ROOM in rules:
        for p in placements:
            taken = _first_overlapping([o for o in everyone if o is not p and _same_room(p, o)], p)
            if taken is not None:
                found.setdefault(p.key, {}).setdefault(ROOM, []).append(room_taken_message(p.room, taken))
    if SPEAKERS in rules:
        for p in placements:
            busy = sorted(
                (other.order, speaker)
                for other in everyone
                if other is not p and other.overlaps(p)
                for speaker in p.speakers.keys() & other.speakers.keys()
            )
            messages = [speaker_busy_message(p.speakers[speaker], _by_order(everyone, o)) for o, speaker in busy]
            if messages:
                found.setdefault(p.key, {}).setdefault(SPEAKERS, []).extend(messages)
    return found


def _same_room(p, other):
    return p.holds_a_room and other.room is not None and other.room.pk == p.room.pk


def _first_overlapping(candidates, p):
    overlapping = [o for o in candidates if o.overlaps(p)]
    return min(overlapping, key=lambda o: o.order) if overlapping else None


def _by_order(everyone, order):
    return everyone[order[-1]]


def _saved_besides(placements, replacing):
    """The saved occurrences the batch is compared with: same editions, same days, not in the batch: 1 query."""
    Occurrence = apps.get_model("programme", "Occurrence")
    saved = (
        Occurrence.objects.filter(
            edition__in={p.edition_id for p in placements}, time_slot__day__date__in={p.date for p in placements}
        )
        .exclude(pk__in=[*(p.key for p in placements if isinstance(p.key, int)), *replacing])
        .select_related("session", "time_slot__day", "room")
        .order_by("time_slot__day__date", "time_slot__starts_at", "order", "pk")
    )
    return [placement(occurrence) for occurrence in saved]


def _read_speakers(placements):
    """Fills each placement's speakers with its session's, as saved: 1 query."""
    if not placements:
        return
    SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
    by_session = {}
    links = SessionSpeaker.objects.filter(session__in={p.session_id for p in placements}).select_related("speaker")
    for link in links:
        by_session.setdefault(link.session_id, {})[link.speaker_id] = link.speaker
    for p in placements:
        p.speakers = by_session.get(p.session_id, {})


# What the models' clean() call


def related(instance, name):
    """The row `instance.<name>` points at, saved or not (a session being added), or None."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def check_same_edition(occurrence):
    """An occurrence places a session of one edition in a time slot and a room of that same edition."""
    edition_id = occurrence.time_slot.day.edition_id
    errors = {}
    session = related(occurrence, "session")
    if session is not None and session.edition_id != edition_id:
        errors["session"] = gettext("Cette séance appartient à une autre édition que cette plage horaire.")
    if occurrence.room_id and occurrence.room.edition_id != edition_id:
        errors["room"] = gettext("Cette salle appartient à une autre édition que cette plage horaire.")
    if errors:
        raise ValidationError(errors)


def check_occurrence(occurrence):
    """An occurrence must find its room free and its speakers free among the other occurrences."""
    key = occurrence.pk or "nouvelle"
    found = refusals([placement(occurrence, key=key)]).get(key)
    if found:
        raise ValidationError(found)


def check_speaker_added(link):
    """A speaker added to a session (`link`, a SessionSpeaker) must be free at each of the session's
    occurrences, among the occurrences of other sessions."""
    occurrences = link.session.occurrences.select_related("session", "time_slot__day", "room")
    batch = [placement(o, speakers={link.speaker_id: link.speaker}) for o in occurrences.in_schedule_order()]
    found = refusals(batch, rules=(SPEAKERS,))
    messages = [message for p in batch for message in found.get(p.key, {}).get(SPEAKERS, [])]
    if messages:
        raise ValidationError({"speaker": messages})


def check_moved_slot(time_slot):
    """A slot moved to another time or day takes its occurrences along: their rooms and speakers
    must be free at the new time, among the occurrences of other slots."""
    Occurrence = apps.get_model("programme", "Occurrence")
    occurrences = Occurrence.objects.filter(time_slot=time_slot.pk).select_related("session", "room")
    batch = [placement(o, time_slot=time_slot) for o in occurrences.order_by("order", "pk")]
    found = refusals(batch)
    messages = [_about(p.title, message) for p in batch for message in _flat(found.get(p.key, {}))]
    if messages:
        raise ValidationError({NON_FIELD_ERRORS: messages})


def check_room_in_person(room):
    """A room that is not online holds one session at a time: its occurrences must not overlap."""
    Occurrence = apps.get_model("programme", "Occurrence")
    occurrences = Occurrence.objects.filter(room=room.pk).select_related("session", "time_slot__day")
    batch = [placement(o, room=room) for o in occurrences.in_schedule_order()]
    found = refusals(batch, rules=(ROOM,))
    messages = [_about(p.title, message) for p in batch for message in _flat(found.get(p.key, {}))]
    if messages:
        raise ValidationError({"is_online": messages})


def _flat(errors):
    return [*errors.get(ROOM, []), *errors.get(SPEAKERS, [])]


# Batches (the admin pages that change several placements in one save)


def check_as_a_batch(instance):
    """`instance` (an occurrence or a time slot of a form) is checked with its whole batch: its own
    clean() leaves the scheduling rules to the page's formset."""
    setattr(instance, BATCH, True)


def checked_as_a_batch(instance):
    return getattr(instance, BATCH, False)


@contextlib.contextmanager
def locked():
    """One transaction holding the programme's lock (every edition's ProgrammeStamp row, in order)
    until it ends: what is checked stays true until it is written. On SQLite, whose transactions
    start IMMEDIATE here, the transaction itself is the lock."""
    Edition = apps.get_model("programme", "Edition")
    ProgrammeStamp = apps.get_model("programme", "ProgrammeStamp")
    with transaction.atomic():
        for edition in Edition.objects.filter(programme_stamp__isnull=True):  # loaded from data (loaddata)
            ProgrammeStamp.objects.get_or_create(edition=edition, defaults={"changed_at": edition.updated_at})
        list(ProgrammeStamp.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        yield


# The messages, for organizers: what clashes with what, and when.


def _about(title, message):
    """« title » : message."""
    return gettext("« %(title)s » : %(message)s") % {"title": title, "message": message}


def quoted(text):
    return f"«{NBSP}{text}{NBSP}»"


def room_taken_message(room, other):
    return gettext("%(room)s est déjà occupée à ce moment par « %(title)s » (%(when)s).") % {
        "room": room.name,
        "title": other.title,
        "when": other.when,
    }


def speaker_busy_message(speaker, other):
    return gettext("%(speaker)s intervient déjà à ce moment dans « %(title)s » (%(when)s).") % {
        "speaker": speaker,
        "title": other.title,
        "when": other.when,
    }
