"""The programme for other tools: iCalendar (RFC 5545, built with `icalendar`) and JSON."""

import datetime
import json
import re
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from automne.french import format_date, format_time_range
from programme import calendar_revisions, editions, pieces


def occurrence_uid(occurrence):
    """UIDs must never change once a participant has imported an event: the occurrence's primary key
    and a fixed domain (settings.PROGRAMME_UID_DOMAIN), never the host of the request."""
    return f"seance-{occurrence.pk}@{settings.PROGRAMME_UID_DOMAIN}"


def location(occurrence, edition):
    room = occurrence.room
    if room and room.is_online:
        return str(room)
    return ", ".join(part for part in (occurrence.room_label, edition.venue, edition.address_line) if part)


def speaker_line(link):
    speaker = link.speaker
    details = ", ".join(part for part in (speaker.title, speaker.organisation) if part)
    text = f"{speaker.full_name} ({link.get_role_display()})"
    return f"{text} — {details}" if details else text


def description(occurrence, url):
    session = occurrence.session
    parts = [session.get_kind_display()]
    if session.is_in_english:
        parts.append(_("En anglais"))
    links = list(session.session_speakers.all())
    if links:
        parts.append(_("Intervenant·e·s :") + "\n" + "\n".join(speaker_line(link) for link in links))
    if session.description_status != session.DescriptionStatus.FINAL:
        parts.append(session.get_description_status_display())
    if session.description:
        parts.append(str(session.shown_description))
    if session.audience_note:
        parts.append(session.audience_note)
    parts.append(url)
    return "\n\n".join(parts)


# The DTSTAMP every cached event carries, replaced by the calendar's own when the events are put
# together: an event's piece does not change with the programme's last change (calendar_of).
STAMP_TO_COME = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def event(occurrence, edition, absolute_url, stamp):
    """The VEVENT of an occurrence (with its session, slot, day, room and speakers)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    session = occurrence.session
    url = absolute_url(editions.url(edition, "programme:session", slug=session.slug))
    event = Event()
    event.add("uid", occurrence_uid(occurrence))
    event.add("dtstamp", stamp)
    # Advance when the time, room, title or speakers change (programme/calendar_revisions.py).
    event.add("sequence", occurrence.sequence)
    event.add("last-modified", occurrence.revised_at)
    # Said, so that an event put back on the programme is seen confirmed again (calendar_revisions.restore).
    event.add("status", "CONFIRMED")
    event.add("dtstart", occurrence.start_datetime().astimezone(tz))
    event.add("dtend", occurrence.end_datetime().astimezone(tz))
    event.add("summary", str(session.shown_title))  # the English title under /en/, where given
    event.add("location", location(occurrence, edition))
    event.add("description", description(occurrence, url))
    event.add("categories", [session.get_kind_display()])
    event.add("url", url)
    return event


def cancelled_event(record, edition, absolute_url, stamp):
    """The VEVENT of a cancelled occurrence (a CancelledOccurrence): its UID, a higher SEQUENCE,
    STATUS:CANCELLED, and what it showed when it was cancelled; it links to « Dernières modifications »."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    url = absolute_url(editions.url(edition, "programme:changes"))
    event = Event()
    event.add("uid", occurrence_uid(record))  # the occurrence's id: the event calendars imported
    event.add("dtstamp", stamp)
    event.add("sequence", record.sequence)
    event.add("last-modified", record.cancelled_at)
    event.add("status", "CANCELLED")
    event.add("dtstart", record.starts_at.astimezone(tz))
    event.add("dtend", record.ends_at.astimezone(tz))
    # Said in the title too: some calendars show a subscribed event whatever its STATUS.
    event.add("summary", _("Annulée : %(title)s") % {"title": record.title})
    if record.location:
        event.add("location", record.location)
    event.add("description", _("Séance annulée.") + "\n\n" + _("Dernières modifications : %(url)s") % {"url": url})
    event.add("categories", [record.kind_label])
    event.add("url", url)
    return event


def calendar(edition, absolute_url, stamp, occurrence_ids=None, name=None, cancelled=None):
    """A VCALENDAR with one VEVENT per occurrence of the edition (or of `occurrence_ids`), in schedule
    order, then the events of its cancelled occurrences (`cancelled`, a queryset of CancelledOccurrence;
    all those the edition's feeds still show by default); `absolute_url(path)` makes links absolute,
    `stamp` (the programme's last change) is the DTSTAMP, so the same programme gives the same bytes;
    `name` is the calendar's (the edition's by default). Made of cached events (programme/pieces.py): a
    save renders again only its own."""
    if cancelled is None:
        cancelled = calendar_revisions.shown(edition)
    found = pieces.contents(edition, occurrence_ids)
    return calendar_of(found, edition, absolute_url, stamp, name, cancelled=list(cancelled))


# How often a subscribed calendar should read its feed again (RFC 7986 §5.7, and the older
# X-PUBLISHED-TTL of Outlook and Apple's Calendar): an hour, so that a room changed in the morning is
# seen before the afternoon; the feeds answer 304 when nothing changed.
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def calendar_of(found, edition, absolute_url, stamp, name=None, cancelled=()):
    """calendar() of the occurrences `found` (pieces.Content) and of the `cancelled` ones
    (CancelledOccurrence), the bytes icalendar would write for a Calendar holding their events and
    the edition's VTIMEZONE."""
    context = pieces.context_of(edition, absolute_url)

    def render(occurrences):
        return {o.pk: event(o, edition, absolute_url, STAMP_TO_COME).to_ical() for o in occurrences}

    events = pieces.rendered("ics", context, found, render)
    head = Calendar()
    head.add("prodid", "-//ENAP//Automne//FR")
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("x-wr-calname", name or edition.name)
    head.add("x-wr-timezone", settings.TIME_ZONE)
    head.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    head.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    body = b"".join(events[content.pk] for content in found)
    body += b"".join(cancelled_event(record, edition, absolute_url, STAMP_TO_COME).to_ical() for record in cancelled)
    body = body.replace(_stamp_line(STAMP_TO_COME), _stamp_line(stamp))
    return head.to_ical()[: -len(END)] + body + _vtimezone_bytes(edition.starts_on.year, edition.ends_on.year) + END


END = b"END:VCALENDAR\r\n"


def _stamp_line(stamp):
    """The DTSTAMP line an event with this stamp holds, as icalendar writes it."""
    probe = Event()
    probe.add("dtstamp", stamp)
    return next(line for line in probe.to_ical().split(b"\r\n") if line.startswith(b"DTSTAMP")) + b"\r\n"


@lru_cache(maxsize=16)
def _vtimezone_bytes(first_year, last_year):
    """The VTIMEZONE of the edition's years, with one component per transition: parsers that
    ignore RDATE lists (dateutil, and so vobject) read the right offsets, and the file stays small."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first, last = datetime.date(first_year, 1, 1), datetime.date(last_year + 1, 1, 1)
    return Timezone.from_tzinfo(tz, tzid=settings.TIME_ZONE, first_date=first, last_date=last).to_ical()


def programme_json(edition, days, absolute_url):
    """The whole programme as plain data (dates and times ISO 8601 with their offset), as the JSON
    text json.dumps(…, ensure_ascii=False, indent=1) writes, made of cached records per occurrence."""
    found = pieces.contents(edition)

    def render(occurrences):
        return {o.pk: json_text(occurrence_data(o, edition, absolute_url)) for o in occurrences}

    records = pieces.rendered("json", pieces.context_of(edition, absolute_url), found, render)
    by_day = {day.pk: [] for day in days}
    for content in found:
        by_day[content.day_id].append(pieces.mark(content.pk))
    skeleton = {
        "edition": {
            "name": edition.name,
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
            "venue": edition.venue,
            "address": edition.address,
            "timezone": settings.TIME_ZONE,
        },
        "days": [
            {
                "date": day.date.isoformat(),
                "label": format_date(day.date),
                "title": day.title,
                "url": absolute_url(editions.url(edition, "programme:day", date=day.date.isoformat())),
                "occurrences": by_day[day.pk],
            }
            for day in days
        ],
    }
    return paste_json(json_text(skeleton), records)


def json_text(data):
    """As every JSON export writes it."""
    return json.dumps(data, ensure_ascii=False, indent=1)


JSON_MARK = re.compile(r"(?P<indent>\n *)" + re.escape(json.dumps(pieces.MARK)[:-1]) + r'(?P<pk>\d+)"')


def paste_json(skeleton, records):
    """The JSON text `skeleton` with each mark replaced by its record (JSON text written alone),
    indented as json.dumps indents a value at the mark's place."""
    return pieces.pasted(
        skeleton, records, JSON_MARK, lambda record, match: match["indent"] + record.replace("\n", match["indent"])
    )


def occurrence_data(occurrence, edition, absolute_url):
    session = occurrence.session
    room = occurrence.room
    return {
        "id": occurrence.pk,
        "uid": occurrence_uid(occurrence),
        "starts_at": timezone.localtime(occurrence.start_datetime()).isoformat(),
        "ends_at": timezone.localtime(occurrence.end_datetime()).isoformat(),
        "time": format_time_range(occurrence.time_slot.starts_at, occurrence.time_slot.ends_at),
        "block": occurrence.time_slot.label,
        "session": session.slug,
        "title": str(session.shown_title),
        "kind": session.kind,
        "kind_label": session.get_kind_display(),
        "language": session.language,
        "room": {"name": room.name, "location_detail": room.location_detail, "online": room.is_online}
        if room
        else None,
        "room_label": occurrence.room_label,
        "description": str(session.shown_description),
        "description_status": session.description_status,
        "audience_note": session.audience_note,
        "speakers": [
            {
                "name": link.speaker.full_name,
                "slug": link.speaker.slug,
                "role": link.role,
                "role_label": link.get_role_display(),
                "title": link.speaker.title,
                "organisation": link.speaker.organisation,
                "url": absolute_url(editions.url(edition, "programme:speaker", slug=link.speaker.slug)),
            }
            for link in session.session_speakers.all()
        ],
        "url": absolute_url(editions.url(edition, "programme:session", slug=session.slug)),
        "ics": absolute_url(editions.url(edition, "programme:session_ics", slug=session.slug)),
    }
