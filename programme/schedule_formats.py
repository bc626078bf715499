"""The programme in the formats conference apps read (Giggity, EventFahrplan, ConfClerk, pretalx
exports): frab `schedule.xml` and c3voc `schedule.json`, described at c3voc.de/wiki/schedule and
checked against the c3voc validator's own files (programme/tests/c3voc/).

One event per occurrence: a workshop given twice is two events, with two ids, guids and slugs.
Ids and guids come from the occurrence's primary key and the fixed UID domain of the iCalendar
exports, never from the request's host, so they never change once an app has stored them.
"""

import datetime
import re
import uuid
import xml.etree.ElementTree as ET

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from programme import editions, exports, pieces
from programme.exports import occurrence_uid
from programme.models import ROOM_TO_COME, Session

GENERATOR = "Automne"
TIMESLOT_DURATION = "00:15"

# The c3voc `type` of each kind of session (the French label goes in `track`).
EVENT_TYPES = {
    Session.Kind.WELCOME: "other",
    Session.Kind.OPENING_ACTIVITY: "other",
    Session.Kind.OPENING_REMARKS: "talk",
    Session.Kind.OPENING_LECTURE: "talk",
    Session.Kind.KEYNOTE: "talk",
    Session.Kind.ROUND_TABLE: "discussion",
    Session.Kind.CASE_STUDY: "discussion",
    Session.Kind.WORKSHOP: "workshop",
    Session.Kind.BREAK: "other",
    Session.Kind.MEAL: "other",
    Session.Kind.NETWORKING: "meeting",
    Session.Kind.CLOSING: "other",
    Session.Kind.SYNTHESIS: "workshop",
}


def _guid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"acct:{name}@{settings.PROGRAMME_UID_DOMAIN}"))


def acronym(edition):
    """The edition's slug as the c3voc acronym: lowercase letters, digits and "_" only
    ("ecole-automne-2025" → "ecole_automne_2025"), at least 4 characters."""
    text = re.sub(r"[^a-z0-9_]", "_", edition.slug.lower())
    return text if len(text) >= 4 else text.ljust(4, "_")


def event_guid(occurrence):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, occurrence_uid(occurrence)))


def event_slug(occurrence, edition):
    """`<acronym>-<occurrence id>-<session slug>`, as pretalx writes them: unique per occurrence
    (a session given twice gets two slugs), and matching both validators' patterns."""
    words = re.sub(r"[^a-z0-9_-]+", "-", occurrence.session.slug.lower()).strip("-_")
    if len(words) < 2:  # the part after the acronym needs 4 characters
        words = f"seance-{words}".strip("-")
    return f"{acronym(edition)}-{occurrence.pk}-{words}"


def room_guid(name):
    return _guid("salle-" + re.sub(r"[^a-z0-9]+", "-", name.lower()))


def person_guid(speaker):
    return _guid(f"intervenant-{speaker.pk}")


def _hours_minutes(delta):
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _local(moment):
    return timezone.localtime(moment).isoformat()


def _day_bounds(day, occurrences):
    """The day's first start and last end (09:00–17:00 local time for a day without occurrences);
    `occurrences`: pieces.Content."""
    if occurrences:
        return min(o.start_datetime() for o in occurrences), max(o.end_datetime() for o in occurrences)
    start = timezone.make_aware(datetime.datetime.combine(day.date, datetime.time(9)))
    return start, start + datetime.timedelta(hours=8)


def _description(session):
    """What the abstract does not say: a provisional description, the audience."""
    parts = []
    if session.description_status != Session.DescriptionStatus.FINAL:
        parts.append(session.get_description_status_display())
    if session.audience_note:
        parts.append(session.audience_note)
    return "\n\n".join(parts)


def _room_names(occurrences):
    """Every room name used, in the order of the rooms' names, « Salle à venir » last."""
    names = {o.room_label for o in occurrences}
    return sorted(names - {ROOM_TO_COME}) + ([ROOM_TO_COME] if ROOM_TO_COME in names else [])


def _events(occurrences, edition, absolute_url):
    """One plain record per occurrence, shared by both formats."""
    for occurrence in occurrences:
        session = occurrence.session
        start, end = occurrence.start_datetime(), occurrence.end_datetime()
        url = absolute_url(editions.url(edition, "programme:session", slug=session.slug))
        yield (
            occurrence,
            {
                "id": occurrence.pk,
                "guid": event_guid(occurrence),
                "slug": event_slug(occurrence, edition),
                "title": str(session.shown_title),  # English under /en/ where given
                "room": occurrence.room_label,
                "date": _local(start),
                "end": _local(end),
                "start": timezone.localtime(start).strftime("%H:%M"),
                "duration": _hours_minutes(end - start),
                "type": EVENT_TYPES.get(session.kind, "other"),
                "track": session.get_kind_display(),
                "language": session.language,
                "abstract": str(session.shown_description),
                "description": _description(session),
                "url": url,
                "persons": [
                    {
                        "id": link.speaker.pk,
                        "guid": person_guid(link.speaker),
                        "name": link.speaker.full_name,
                        "url": absolute_url(editions.url(edition, "programme:speaker", slug=link.speaker.slug)),
                    }
                    for link in session.session_speakers.all()
                ],
                "links": [
                    {"url": url, "title": _("Page de la séance"), "type": "web"},
                    {
                        "url": absolute_url(editions.url(edition, "programme:session_ics", slug=session.slug)),
                        "title": _("Ajouter à l'agenda (iCalendar)"),
                    },
                ],
            },
        )


def _days(days, found):
    by_day = {day.pk: [] for day in days}
    for content in found:
        by_day[content.day_id].append(content)
    for index, day in enumerate(days, start=1):
        yield index, day, by_day[day.pk]


def _json_record(event):
    record = {key: event[key] for key in JSON_EVENT_KEYS}
    record["description"] = event["description"] or None
    record["subtitle"] = None
    record["persons"] = [{"name": p["name"], "guid": p["guid"], "url": p["url"]} for p in event["persons"]]
    return record


def schedule_json(edition, days, version, absolute_url):
    """The c3voc schedule.json, as the JSON text json.dumps(…, ensure_ascii=False, indent=1) writes,
    made of cached events (programme/pieces.py)."""
    found = pieces.contents(edition)

    def render(occurrences):
        return {
            o.pk: exports.json_text(_json_record(event)) for o, event in _events(occurrences, edition, absolute_url)
        }

    records = pieces.rendered("c3voc-json", pieces.context_of(edition, absolute_url), found, render)
    rooms = _room_names(found)
    online = {content.room_label for content in found if content.is_online}
    json_days = []
    for index, day, day_found in _days(days, found):
        start, end = _day_bounds(day, day_found)
        by_room = {name: [] for name in _room_names(day_found)}
        for content in day_found:
            by_room[content.room_label].append(pieces.mark(content.pk))
        json_days.append(
            {
                "index": index,
                "date": day.date.isoformat(),
                "day_start": _local(start),
                "day_end": _local(end),
                "rooms": by_room,
            }
        )
    skeleton = {
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
                    for name in rooms
                ],
                "days": json_days,
            },
        },
    }
    return exports.paste_json(exports.json_text(skeleton), records)


JSON_EVENT_KEYS = (
    "guid", "id", "date", "end", "start", "duration", "room", "slug", "url", "title", "type", "track",
    "language", "abstract", "links",
)  # fmt: skip
EVENT_DEPTH = 3  # schedule > day > room > event
XML_MARK = re.compile(rb'<(?P<tag>piece-[0-9a-f]+) ref="(?P<pk>\d+)" />')


def schedule_xml(edition, days, version, absolute_url):
    """The frab schedule.xml (bytes, UTF-8), made of cached events (programme/pieces.py): each event
    written as ElementTree writes it in the whole indented tree."""
    found = pieces.contents(edition)

    def render(occurrences):
        written = {}
        for occurrence, event in _events(occurrences, edition, absolute_url):
            element = _xml_event(event)
            ET.indent(element, level=EVENT_DEPTH)
            written[occurrence.pk] = ET.tostring(element, encoding="utf-8")
        return written

    events = pieces.rendered("frab-xml", pieces.context_of(edition, absolute_url), found, render)
    mark_tag = f"piece-{pieces.NONCE}"
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
    for index, day, day_found in _days(days, found):
        start, end = _day_bounds(day, day_found)
        day_element = ET.SubElement(
            root, "day", index=str(index), date=day.date.isoformat(), start=_local(start), end=_local(end)
        )
        rooms = {
            name: ET.SubElement(day_element, "room", name=name, guid=room_guid(name)) for name in _room_names(day_found)
        }
        for content in day_found:
            ET.SubElement(rooms[content.room_label], mark_tag, ref=str(content.pk))
    ET.indent(root)
    skeleton = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    return XML_MARK.sub(lambda match: events[int(match["pk"])], skeleton)


def _xml_event(event):
    element = ET.Element("event", id=str(event["id"]), guid=event["guid"])
    for tag in ("date", "start", "duration", "room", "slug", "url", "title", "type", "track", "language", "abstract"):
        ET.SubElement(element, tag).text = event[tag]
    ET.SubElement(element, "subtitle").text = ""
    ET.SubElement(element, "description").text = event["description"]
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        ET.SubElement(persons, "person", id=str(person["id"]), guid=person["guid"]).text = person["name"]
    links = ET.SubElement(element, "links")
    for link in event["links"]:
        ET.SubElement(links, "link", href=link["url"]).text = link["title"]
    return element
