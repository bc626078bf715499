"""The scheduling rules: a room holds one session at a time, a speaker is in one place at a time.

Each rule is checked from where an organizer changes the programme, and every check lives here:
- an occurrence placed in a time slot, or given a room (`check_occurrence`, from Occurrence.clean);
- a speaker added to a scheduled session (`check_speaker_added`, from SessionSpeaker.clean);
- a speaker and a time added in one save of the session page (`check_times_with_added_speakers`,
  from the admin's ScheduleFormSet.clean: each model's clean() sees only what is already saved);
- a time slot moved to another time or day, with its sessions (`check_moved_slot`, from TimeSlot.clean);
- a session, a time slot and a room of one edition only (`check_same_edition`, from Occurrence.clean).

The callers pass the occurrences to compare with, as querysets of Occurrence (their methods
`in_room_during` and `with_speakers_during` say what "at the same time" means): this module imports
no model. Each refusal is a ValidationError in French saying what clashes with what, and when.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from automne.french import NBSP


def check_same_edition(occurrence):
    """An occurrence places a session of one edition in a time slot and a room of that same edition."""
    edition_id = occurrence.time_slot.day.edition_id
    errors = {}
    if occurrence.session_id and occurrence.session.edition_id != edition_id:
        errors["session"] = "Cette séance appartient à une autre édition que cette plage horaire."
    if occurrence.room_id and occurrence.room.edition_id != edition_id:
        errors["room"] = "Cette salle appartient à une autre édition que cette plage horaire."
    if errors:
        raise ValidationError(errors)


def check_occurrence(occurrence, others):
    """An occurrence must find its room free and its speakers free among `others` (the other occurrences)."""
    check_same_edition(occurrence)
    room_message, speaker_messages = clashes_of(occurrence, occurrence.time_slot, others)
    errors = {}
    if room_message:
        errors["room"] = room_message
    if speaker_messages:
        errors[NON_FIELD_ERRORS] = speaker_messages
    if errors:
        raise ValidationError(errors)


def check_speaker_added(link, occurrences, others):
    """A speaker added to a session (`link`, a SessionSpeaker) must be free at each of the session's
    `occurrences`, among `others` (the occurrences of other sessions)."""
    messages = []
    for occurrence in occurrences:
        busy = others.with_speakers_during([link.speaker_id], occurrence.time_slot)
        messages += [speaker_busy_message(link.speaker, other) for other in busy]
    if messages:
        raise ValidationError({"speaker": messages})


def check_times_with_added_speakers(speakers, time_slots, others):
    """Speakers ({pk: speaker}) and time slots added to a session in one save: each speaker must be
    free at each new time, among `others` (the occurrences of other sessions)."""
    if not speakers:
        return
    messages = []
    for time_slot in time_slots:
        busy = others.with_speakers_during(speakers, time_slot)
        messages += [speaker_busy_message(speakers[other.busy_speaker_id], other) for other in busy]
    if messages:
        raise ValidationError(messages)


def check_moved_slot(time_slot, occurrences, others):
    """A slot moved to another time or day takes its `occurrences` along: their rooms and speakers
    must be free at the new time, among `others` (the occurrences of other slots)."""
    messages = []
    for occurrence in occurrences:
        room_message, speaker_messages = clashes_of(occurrence, time_slot, others)
        found = [room_message, *speaker_messages] if room_message else speaker_messages
        messages += [f"{quoted(occurrence.session)}{NBSP}: {message}" for message in found]
    if messages:
        raise ValidationError({NON_FIELD_ERRORS: messages})


def clashes_of(occurrence, time_slot, others):
    """What `occurrence` would clash with among `others` if it ran during time_slot:
    a message for its room (or None), and a message per busy speaker."""
    room_taken = others.in_room_during(occurrence.room, time_slot).first()
    room_message = room_taken_message(occurrence.room, room_taken) if room_taken else None
    speaker_messages = []
    if occurrence.session_id:
        speakers = {speaker.pk: speaker for speaker in occurrence.session.speakers.all()}
        if speakers:
            busy = others.with_speakers_during(speakers, time_slot)
            speaker_messages = [speaker_busy_message(speakers[other.busy_speaker_id], other) for other in busy]
    return room_message, speaker_messages


# The messages, for organizers: what clashes with what, and when.


def quoted(text):
    return f"«{NBSP}{text}{NBSP}»"


def when(occurrence):
    slot = occurrence.time_slot
    return f"{slot.day}, {slot.time_range}"


def room_taken_message(room, occurrence):
    return f"{room.name} est déjà occupée à ce moment par {quoted(occurrence.session)} ({when(occurrence)})."


def speaker_busy_message(speaker, occurrence):
    return f"{speaker} intervient déjà à ce moment dans {quoted(occurrence.session)} ({when(occurrence)})."
