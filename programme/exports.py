"""The programme for other tools: iCalendar (RFC 5545, built with `icalendar`) and JSON."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from automne.french import format_date, format_time_range
from programme import editions


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
        parts.append("En anglais")
    links = list(session.session_speakers.all())
    if links:
        parts.append("Intervenant·e·s :\n" + "\n".join(speaker_line(link) for link in links))
    if session.description_status != session.DescriptionStatus.FINAL:
        parts.append(session.get_description_status_display())
    if session.description:
        parts.append(session.description)
    if session.audience_note:
        parts.append(session.audience_note)
    parts.append(url)
    return "\n\n".join(parts)


def calendar(occurrences, edition, absolute_url, stamp, name=None):
    """A VCALENDAR with one VEVENT per occurrence; `absolute_url(path)` makes links absolute,
    `stamp` (the programme's last change) is the DTSTAMP, so the same programme gives the same bytes;
    `name` is the calendar's (the edition's by default)."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    cal = Calendar()
    cal.add("prodid", "-//ENAP//Automne//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or edition.name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for occurrence in occurrences:
        session = occurrence.session
        url = absolute_url(editions.url(edition, "programme:session", slug=session.slug))
        event = Event()
        event.add("uid", occurrence_uid(occurrence))
        event.add("dtstamp", stamp)
        # Advance when the time, room, title or speakers change (programme/calendar_revisions.py).
        event.add("sequence", occurrence.sequence)
        event.add("last-modified", occurrence.revised_at)
        event.add("dtstart", occurrence.start_datetime().astimezone(tz))
        event.add("dtend", occurrence.end_datetime().astimezone(tz))
        event.add("summary", session.title)
        event.add("location", location(occurrence, edition))
        event.add("description", description(occurrence, url))
        event.add("categories", [session.get_kind_display()])
        event.add("url", url)
        cal.add_component(event)
    cal.add_component(vtimezone(tz, edition))
    return cal.to_ical()


def vtimezone(tz, edition):
    """The VTIMEZONE of the edition's years, with one component per transition: parsers that
    ignore RDATE lists (dateutil, and so vobject) read the right offsets, and the file stays small."""
    first = datetime.date(edition.starts_on.year, 1, 1)
    last = datetime.date(edition.ends_on.year + 1, 1, 1)
    return Timezone.from_tzinfo(tz, tzid=settings.TIME_ZONE, first_date=first, last_date=last)


def programme_json(edition, days, occurrences, absolute_url):
    """The whole programme as plain data (dates and times ISO 8601 with their offset)."""
    by_day = {day.pk: [] for day in days}
    for occurrence in occurrences:
        by_day[occurrence.time_slot.day_id].append(occurrence_data(occurrence, edition, absolute_url))
    return {
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
        "title": session.title,
        "kind": session.kind,
        "kind_label": session.get_kind_display(),
        "language": session.language,
        "room": {"name": room.name, "location_detail": room.location_detail, "online": room.is_online}
        if room
        else None,
        "room_label": occurrence.room_label,
        "description": session.description,
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
