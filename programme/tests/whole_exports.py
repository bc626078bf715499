"""The exports written whole, as they were before programme/pieces.py: one icalendar Calendar, one
json.dumps, one ElementTree. The tests hold the pieced exports to these, byte for byte."""

import datetime
import json
import xml.etree.ElementTree as ET
import zoneinfo

from django.conf import settings
from icalendar import Calendar, Timezone, vDuration

from automne.french import format_date
from programme import editions, exports, schedule, schedule_formats
from programme.schedule_formats import (
    GENERATOR,
    TIMESLOT_DURATION,
    _day_bounds,
    _events,
    _local,
    _room_names,
    _xml_event,
    acronym,
    room_guid,
)


def calendar(occurrences, edition, absolute_url, stamp, name=None, cancelled=()):
    cal = Calendar()
    cal.add("prodid", "-//ENAP//Automne//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or edition.name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", exports.REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(exports.REFRESH_INTERVAL))
    for occurrence in occurrences:
        cal.add_component(exports.event(occurrence, edition, absolute_url, stamp))
    for record in cancelled:
        cal.add_component(exports.cancelled_event(record, edition, absolute_url, stamp))
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    first = datetime.date(edition.starts_on.year, 1, 1)
    last = datetime.date(edition.ends_on.year + 1, 1, 1)
    cal.add_component(Timezone.from_tzinfo(tz, tzid=settings.TIME_ZONE, first_date=first, last_date=last))
    return cal.to_ical()


def _by_day(days, occurrences):
    by_day = {day.pk: [] for day in days}
    for occurrence in occurrences:
        by_day[occurrence.time_slot.day_id].append(occurrence)
    return by_day


def programme_json(edition, days, absolute_url):
    occurrences = schedule.occurrences_of(edition)
    by_day = _by_day(days, occurrences)
    data = {
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
                "occurrences": [exports.occurrence_data(o, edition, absolute_url) for o in by_day[day.pk]],
            }
            for day in days
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def schedule_json(edition, days, version, absolute_url):
    occurrences = schedule.occurrences_of(edition)
    by_day = _by_day(days, occurrences)
    online = {o.room_label for o in occurrences if o.room and o.room.is_online}
    json_days = []
    for index, day in enumerate(days, start=1):
        day_occurrences = by_day[day.pk]
        start, end = _day_bounds(day, day_occurrences)
        by_room = {name: [] for name in _room_names(day_occurrences)}
        for occurrence, event in _events(day_occurrences, edition, absolute_url):
            by_room[occurrence.room_label].append(schedule_formats._json_record(event))
        json_days.append(
            {
                "index": index,
                "date": day.date.isoformat(),
                "day_start": _local(start),
                "day_end": _local(end),
                "rooms": by_room,
            }
        )
    data = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": version,
            "base_url": absolute_url("/"),
            "conference": {
                "acronym": acronym(edition),
                "title": edition.name,
                "start": edition.starts_on.isoformat(),
                "end": edition.ends_on.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": TIMESLOT_DURATION,
                "time_zone_name": settings.TIME_ZONE,
                "url": absolute_url(editions.url(edition, "programme:week")),
                "rooms": [
                    {"name": name, "guid": room_guid(name), "type": "online" if name in online else "other"}
                    for name in _room_names(occurrences)
                ],
                "days": json_days,
            },
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


def schedule_xml(edition, days, version, absolute_url):
    occurrences = schedule.occurrences_of(edition)
    by_day = _by_day(days, occurrences)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    ET.SubElement(root, "version").text = version
    conference = ET.SubElement(root, "conference")
    for tag, text in (
        ("acronym", acronym(edition)),
        ("title", edition.name),
        ("start", edition.starts_on.isoformat()),
        ("end", edition.ends_on.isoformat()),
        ("days", str(len(days))),
        ("timeslot_duration", TIMESLOT_DURATION),
        ("base_url", absolute_url("/")),
        ("url", absolute_url(editions.url(edition, "programme:week"))),
        ("time_zone_name", settings.TIME_ZONE),
    ):
        ET.SubElement(conference, tag).text = text
    for index, day in enumerate(days, start=1):
        day_occurrences = by_day[day.pk]
        start, end = _day_bounds(day, day_occurrences)
        day_element = ET.SubElement(
            root, "day", index=str(index), date=day.date.isoformat(), start=_local(start), end=_local(end)
        )
        rooms = {
            name: ET.SubElement(day_element, "room", name=name, guid=room_guid(name))
            for name in _room_names(day_occurrences)
        }
        for occurrence, event in _events(day_occurrences, edition, absolute_url):
            rooms[occurrence.room_label].append(_xml_event(event))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
