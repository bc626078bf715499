"""What a speaker's space shows: for each person of the programme the account speaks for (one per
edition), their profile and their sessions, each with its times and rooms, the other speakers, what
changed lately, and its materials. 8 queries, whatever the number of sessions or materials."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from intervenants import accounts
from intervenants.models import SpeakerPhoto
from programme.models import Occurrence, ProgrammeChange, Session, SessionSpeaker
from supports.models import Material

RECENT_CHANGES = 5


@dataclass
class SpokenSession:
    session: Session
    role: str
    occurrences: list
    co_speakers: list
    changes: list = field(default_factory=list)
    materials: list = field(default_factory=list)


@dataclass
class Person:
    """One person of one edition's programme, as the account speaks for them."""

    speaker: object
    photo: SpeakerPhoto | None
    sessions: list = field(default_factory=list)

    @property
    def edition(self):
        return self.speaker.edition


def people_of(user, moment):
    links = list(accounts.links_of(user))
    speakers = [link.speaker for link in links]
    photos = {photo.speaker_id: photo for photo in SpeakerPhoto.objects.filter(speaker__in=speakers)}
    places = list(SessionSpeaker.objects.filter(speaker__in=speakers))
    session_ids = {place.session_id for place in places}
    sessions = {
        session.pk: session
        for session in Session.objects.filter(pk__in=session_ids).prefetch_related(
            Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker")),
            Prefetch(
                "occurrences", queryset=Occurrence.objects.select_related("time_slot__day", "room").in_schedule_order()
            ),
        )
    }
    changes, materials = {}, {}
    for change in ProgrammeChange.objects.filter(session__in=session_ids).newest_first():
        found = changes.setdefault(change.session_id, [])
        if len(found) < RECENT_CHANGES:
            found.append(change)
    for material in Material.objects.filter(session__in=session_ids):
        materials.setdefault(material.session_id, []).append(material)
    people = {speaker.pk: Person(speaker, photos.get(speaker.pk)) for speaker in speakers}
    for place in places:
        session = sessions[place.session_id]
        session.edition = people[place.speaker_id].edition
        occurrences = list(session.occurrences.all())
        people[place.speaker_id].sessions.append(
            SpokenSession(
                session,
                place.get_role_display(),
                occurrences,
                [link.speaker for link in session.session_speakers.all() if link.speaker_id != place.speaker_id],
                changes.get(session.pk, []),
                materials.get(session.pk, []),
            )
        )
    for person in people.values():
        person.sessions.sort(
            key=lambda s: (
                s.occurrences[0].start_datetime() if s.occurrences else person.edition.ends_at(),
                s.session.title,
            )
        )
    return list(people.values())
