"""The week of the school: an edition, its days, time slots, rooms, speakers and sessions.

A session is a piece of content (title, description, speakers); an occurrence
places it in a time slot, in a room or not yet ("Salle à venir"). A workshop
offered twice is one session with two occurrences: its text exists once.
"""

from programme.models.changes import CancelledOccurrence, ProgrammeChange, ProgrammeStamp
from programme.models.editions import Edition, Partner, RegistrationPhase
from programme.models.personal import ChangeNotice, Choice, PersonalCalendar
from programme.models.week import (
    ROOM_TO_COME,
    Day,
    Occurrence,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    TimeSlot,
)

__all__ = [
    "CancelledOccurrence",
    "ROOM_TO_COME",
    "ChangeNotice",
    "Choice",
    "Day",
    "Edition",
    "Occurrence",
    "Partner",
    "PersonalCalendar",
    "ProgrammeChange",
    "ProgrammeStamp",
    "RegistrationPhase",
    "Room",
    "Session",
    "SessionSpeaker",
    "Speaker",
    "TimeSlot",
]
