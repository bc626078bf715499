"""schema.org `Event` data (JSON-LD) for an edition and for a session, read by search engines.

Only types and properties of schema.org's vocabulary (https://schema.org/Event, /Place,
/PostalAddress, /Organization): programme/tests/test_search_engines.py checks each of them.
"""

import json

from django.templatetags.static import static
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime

from programme import editions

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"
ENAP = {"@type": "Organization", "name": "École nationale d'administration publique (ENAP)", "url": "https://enap.ca/"}


def _moment(value):
    """ISO 8601 with Montréal's offset of that day (-04:00 in October, -05:00 in winter)."""
    return localtime(value).isoformat()


def _venue(edition, room=None):
    place = {
        "@type": "Place",
        "name": edition.venue,
        "address": {"@type": "PostalAddress", "streetAddress": edition.address_line, "addressCountry": "CA"},
    }
    if room is not None:
        return {"@type": "Place", "name": room.name, "containedInPlace": place}
    return place


def edition_event(edition, absolute):
    """The edition as one Event; `absolute(path)` makes an address absolute."""
    return {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": edition.name,
        "description": Truncator(edition.presentation).chars(500) if edition.presentation else edition.name,
        "startDate": edition.starts_on.isoformat(),
        "endDate": edition.ends_on.isoformat(),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
        "inLanguage": "fr-CA",
        "location": _venue(edition),
        "organizer": ENAP,
        "image": absolute_image(absolute),
        "url": absolute(editions.permanent_url(edition, "programme:home")),
    }


def session_events(session, occurrences, edition, absolute):
    """One Event per occurrence of the session (a session given twice is two events)."""
    url = absolute(editions.permanent_url(edition, "programme:session", slug=session.slug))
    home = absolute(editions.permanent_url(edition, "programme:home"))
    events = []
    for occurrence in occurrences:
        room = occurrence.room
        event = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": session.title,
            "startDate": _moment(occurrence.start_datetime()),
            "endDate": _moment(occurrence.end_datetime()),
            "eventStatus": SCHEDULED,
            "eventAttendanceMode": ONLINE if room is not None and room.is_online else OFFLINE,
            "inLanguage": "en" if session.is_in_english else "fr-CA",
            "location": _venue(edition, room),
            "organizer": ENAP,
            "superEvent": {"@type": "EducationEvent", "name": edition.name, "url": home},
            "url": url,
        }
        if session.description:
            event["description"] = Truncator(session.description).chars(500)
        speakers = [link.speaker.full_name for link in session.session_speakers.all()]
        if speakers:
            event["performer"] = [{"@type": "Person", "name": name} for name in speakers]
        events.append(event)
    return events


def absolute_image(absolute):
    return absolute(static("img/apercu.png"))


def script(data):
    """<script type="application/ld+json">: data, not code (CSP lets it be), escaped like json_script."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
