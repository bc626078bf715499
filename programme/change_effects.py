"""What a change to the programme does: the one table that says it.

An occurrence is what a participant sees: a card of the week, an event of a calendar, a line of a
change notice. TABLE lists every value an occurrence shows, by its path from the occurrence
(`"room__name"`: the name of its room), with what a change of that value does:
- `log`: a line of « Dernières modifications » (a ProgrammeChange.Kind), and `badge`, the word that
  line puts in the « Modifié » badge for 48 hours (« Nouveau » for a session just put on the programme);
- `notice`: an e-mail, after a quiet period, to each participant who chose the occurrence and each
  account speaking in its session (a function of programme/change_notices.py; `told` says who);
- `calendar`: SEQUENCE and LAST-MODIFIED of its iCalendar event (programme/calendar_revisions.py),
  for every event that shows the value, and only those (`shown_if` when only some events show it);
  an occurrence taken off the programme keeps its event, cancelled, in every feed until the edition
  ends, and one of the same session put back takes that event again, with a higher SEQUENCE;
- `card`: the cached card of the week shows it, so it is part of the card's key (fragments.CARD_FIELDS
  and fragments.SPEAKER_FIELDS are read from this table).
Every change also advances the edition's version stamp (publication.programme_changed): that one
effect stays a signal (programme/receivers.py), since it follows any save or deletion whatever.

Every writer of the programme calls `save()` or `delete()` here, explicitly: the admin pages, their
lists and actions (programme/admin/), « Répartition des salles », commands. Each call reads what the
occurrences it can reach show, writes, reads it again, and does what the table says for each value
that changed, occurrence by occurrence: renaming a room revises the events of every session in it,
editing a description revises that session's events, and a value written back unchanged does
nothing. A row nobody sees yet (a session not on the programme) has no effect but the stamp.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

from automne.french import format_date, format_time_range
from programme import calendar_revisions, change_notices, publication
from programme.models import (
    ROOM_TO_COME,
    Day,
    Edition,
    Occurrence,
    ProgrammeChange,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    TimeSlot,
)

Kind = ProgrammeChange.Kind


@dataclass(frozen=True)
class Effects:
    log: str | None = None
    badge: str = ""
    notice: object = None
    calendar: bool = False
    card: bool = False
    shown_if: object = None  # a test on the occurrence's values: whether its event shows this one


ADDED = "+"  # an occurrence put on the programme
REMOVED = "-"  # an occurrence taken off it (deleted, or gone with its session, time slot or day)
SPEAKERS = "session__session_speakers__"  # a list per occurrence, in the speakers' order


def not_online(values):
    """The venue and its address are in the event's place unless its room is online."""
    return not values["room__is_online"]


def not_current(values):
    """The current edition's pages have short addresses, without its identifier."""
    return not values["edition__is_current"]


TIME = Effects(log=Kind.TIME, badge=gettext_noop("horaire"), notice=change_notices.time_changed, calendar=True)

TABLE = {
    ADDED: Effects(log=Kind.SCHEDULED, badge=gettext_noop("Nouveau"), calendar=True),
    REMOVED: Effects(log=Kind.CANCELLED, notice=change_notices.cancelled, calendar=True),
    # Its session (the kind first: fragments.cards reads it there)
    "session__kind": Effects(calendar=True, card=True),
    "session__title": Effects(calendar=True, card=True),
    "session__slug": Effects(calendar=True, card=True),
    "session__language": Effects(calendar=True, card=True),
    "session__description_status": Effects(
        log=Kind.DESCRIPTION, badge=gettext_noop("description"), calendar=True, card=True
    ),
    "session__description": Effects(log=Kind.DESCRIPTION, badge=gettext_noop("description"), calendar=True),
    "session__audience_note": Effects(calendar=True),
    # Its speakers: a person added is logged; their names, roles, functions and order are shown
    SPEAKERS + "speaker": Effects(log=Kind.SPEAKER, badge=gettext_noop("intervenant·e·s")),
    SPEAKERS + "speaker__given_name": Effects(calendar=True, card=True),
    SPEAKERS + "speaker__family_name": Effects(calendar=True, card=True),
    SPEAKERS + "role": Effects(calendar=True),
    SPEAKERS + "speaker__title": Effects(calendar=True),
    SPEAKERS + "speaker__organisation": Effects(calendar=True),
    # Its time: another slot, or its slot moved
    "time_slot__day__date": TIME,
    "time_slot__starts_at": TIME,
    "time_slot__ends_at": TIME,
    # Its edition: the place of the event, and the address of its page
    "edition__venue": Effects(calendar=True, shown_if=not_online),
    "edition__address": Effects(calendar=True, shown_if=not_online),
    "edition__slug": Effects(calendar=True, card=True, shown_if=not_current),
    "edition__is_current": Effects(calendar=True, card=True),
    # Its room (last: fragments.cards reads the room's three values at the end of a card's row)
    "room": Effects(
        log=Kind.ROOM, badge=gettext_noop("salle"), notice=change_notices.room_changed, calendar=True, card=True
    ),
    "room__name": Effects(calendar=True, card=True),
    "room__location_detail": Effects(calendar=True, card=True),
    "room__is_online": Effects(calendar=True),
}

# Read from the table by the rest of the programme.
BADGE_WORDS = {effects.log: effects.badge for effects in TABLE.values() if effects.badge}
NEW = TABLE[ADDED].badge


def card_fields():
    """The occurrence's values its card shows (fragments.CARD_FIELDS), in the table's order."""
    return tuple(path for path, effects in _paths() if effects.card and not path.startswith(SPEAKERS))


def card_speaker_fields():
    """Each speaker's values a card shows (fragments.SPEAKER_FIELDS)."""
    return tuple(
        path.removeprefix(SPEAKERS) for path, effects in _paths() if effects.card and path.startswith(SPEAKERS)
    )


def badge(kinds):
    """The « Modifié » badge of a session whose recent changes are `kinds` (ProgrammeChange.Kind), in
    the language of the page (the table's words are msgids)."""
    if Kind.SCHEDULED in kinds:
        return gettext(NEW)
    words = list(dict.fromkeys(gettext(BADGE_WORDS[kind]) for kind in kinds if kind in BADGE_WORDS))
    return format_html(gettext("Modifié&nbsp;: {words}"), words=", ".join(words)) if words else ""


def _paths():
    return [(path, effects) for path, effects in TABLE.items() if path not in (ADDED, REMOVED)]


# The one path for every write


def save(*rows):
    """Saves programme rows (new or changed: occurrences, sessions, speakers, their places in a
    session, time slots, days, rooms, editions) and does what their changes do."""
    # What a write records (the changes' log, cancelled events, notices) is kept in French, the
    # site's language, whatever the language of the organizer's page: it is shown to everyone later.
    with translation.override(settings.LANGUAGE_CODE):
        watch = _Watch(rows)
        for row in rows:
            if TABLE[ADDED].calendar and isinstance(row, Occurrence):
                calendar_revisions.restore(row)  # before its id is given: a cancelled event's, if any
            row.save()
        watch.done()


def delete(*rows):
    """Deletes programme rows, with what goes with them, and does what that does (« Séance annulée »
    and a notice for each occurrence that goes; « Salle à venir » for those of a deleted room…)."""
    with translation.override(settings.LANGUAGE_CODE):  # recorded in French, as in save()
        watch = _Watch(rows, deleting=True)
        for row in rows:
            row.delete()
        watch.done()


# Where an occurrence reaches a row, to find the occurrences a write can change.
REACH = {
    Occurrence: "pk",
    Session: "session",
    SessionSpeaker: "session__session_speakers",
    Speaker: "session__session_speakers__speaker",
    TimeSlot: "time_slot",
    Day: "time_slot__day",
    Room: "room",
    Edition: "edition",
}


class _Watch:
    """What the occurrences a write can reach show before it, compared with what they show after."""

    def __init__(self, rows, deleting=False):
        self.rows = rows
        self.deleting = deleting
        self.before = _shown(Occurrence.objects.filter(self._reached()))
        self.choosers = {}
        self.leaving = None
        if deleting:  # their choices (and their session's speakers) may go with them: who is told is read now
            for occurrence_id, user_id in change_notices.told(self.before):
                self.choosers.setdefault(occurrence_id, []).append(user_id)
            if TABLE[REMOVED].calendar and self.before:
                self.leaving = calendar_revisions.Leaving(self.before)

    def _reached(self):
        reached = Q(pk__in=[])
        for row in self.rows:
            path = REACH.get(type(row))
            if path is not None and row.pk is not None:
                reached |= Q(**{path: row.pk})
            if isinstance(row, SessionSpeaker) and row.session_id:
                reached |= Q(session=row.session_id)  # a speaker added, or moved to another session
        return reached

    def done(self):
        after = _shown(Occurrence.objects.filter(self._reached() | Q(pk__in=list(self.before))))
        revised, cancelled, logs, notices = set(), set(), {}, {}
        for pk in [*self.before, *(pk for pk in after if pk not in self.before)]:
            before, now = self.before.get(pk), after.get(pk)
            for path, effects, detail in _changes(before, now):
                if effects.calendar and path == REMOVED:
                    cancelled.add(pk)
                elif effects.calendar and path != ADDED:  # a new occurrence: restored before its save
                    revised.add(pk)
                if effects.log:
                    logs[(now or before)["session_id"], effects.log, detail] = None
                if effects.notice:
                    notices.setdefault(effects.notice, {})[pk] = before
        calendar_revisions.revise(Occurrence.objects.filter(pk__in=revised))
        if cancelled and self.leaving is not None:
            calendar_revisions.cancel(self.leaving, cancelled)
        for session_id, kind, detail in logs:
            if kind == Kind.CANCELLED:
                publication.log_cancellation(session_id, detail)
            else:
                publication.log_change(session_id, kind, detail)
        for notice, occurrences in notices.items():
            if notice is change_notices.cancelled:
                for pk, before in occurrences.items():
                    # The moment in each person's language (change_notices.cancelled writes to each in theirs).
                    moment = lambda before=before: when(before)  # noqa: E731
                    notice(before["edition_id"], before["session__title"], moment, self.choosers.get(pk, []))
            else:
                notice(list(occurrences))


def _changes(before, now):
    """(path, effects, detail of its log line) for each value of the occurrence that changed."""
    if before is None:
        return [(ADDED, TABLE[ADDED], slot_label(now))]
    if now is None:
        return [(REMOVED, TABLE[REMOVED], when(before))]
    found = []
    for path, effects in _paths():
        if _seen(before, path, effects) == _seen(now, path, effects):
            continue
        if path == SPEAKERS + "speaker":
            added = [i for i, pk in enumerate(now[path]) if pk not in before[path]]
            found += [(path, effects, speaker_name(now, i)) for i in added]
        else:
            found.append((path, effects, _detail(effects.log, now)))
    return found


def _seen(values, path, effects):
    return values[path] if effects.shown_if is None or effects.shown_if(values) else None


def _detail(kind, values):
    if kind == Kind.TIME:
        return slot_label(values)
    if kind == Kind.ROOM:
        return room_label(values)
    if kind == Kind.DESCRIPTION:
        return Session.DescriptionStatus(values["session__description_status"]).label
    return ""


# What the occurrences show, read in 2 queries

EXTRA = ("session_id", "edition_id", "time_slot__label")


def _shown(occurrences):
    """{occurrence id: {path: value}} of every path of the table (a list per speakers' path)."""
    scalars = [path for path, _ in _paths() if not path.startswith(SPEAKERS)]
    found = {row["pk"]: row for row in occurrences.values("pk", *EXTRA, *scalars)}
    speaker_paths = [path for path, _ in _paths() if path.startswith(SPEAKERS)]
    by_session = {}
    links = SessionSpeaker.objects.filter(session__in={row["session_id"] for row in found.values()})
    for link in links.order_by("order", "pk").values("session_id", *[p.removeprefix(SPEAKERS) for p in speaker_paths]):
        by_session.setdefault(link["session_id"], []).append(link)
    for row in found.values():
        links = by_session.get(row["session_id"], [])
        for path in speaker_paths:
            row[path] = [link[path.removeprefix(SPEAKERS)] for link in links]
    return found


# The words of the log lines and notices


def slot_label(values):
    """ "mardi 21 octobre 2025 — 13 h 30 à 14 h 45 — Études de cas", as a TimeSlot says itself."""
    text = f"{format_date(values['time_slot__day__date'])} — {_times(values)}"
    return f"{text} — {values['time_slot__label']}" if values["time_slot__label"] else text


def when(values):
    """ "mardi 21 octobre 2025, 13 h 30 à 14 h 45"."""
    return f"{format_date(values['time_slot__day__date'])}, {_times(values)}"


def _times(values):
    return format_time_range(values["time_slot__starts_at"], values["time_slot__ends_at"])


def room_label(values):
    if values["room"] is None:
        return ROOM_TO_COME
    detail = values["room__location_detail"]
    return f"{values['room__name']} ({detail})" if detail else values["room__name"]


def speaker_name(values, index):
    return f"{values[SPEAKERS + 'speaker__given_name'][index]} {values[SPEAKERS + 'speaker__family_name'][index]}"
