"""Calendar and JSON exports, each parsed by two independent iCalendar parsers (icalendar, vobject)."""

import datetime
import json
import zoneinfo

import icalendar
import vobject

from automne.french import NBSP
from programme.models import Occurrence, Room, Session

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
REPEATED_WORKSHOP = "conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire"


def both_parsers(content):
    calendar = icalendar.Calendar.from_ical(content)
    other = vobject.readOne(content.decode())
    return calendar, other


def test_programme_ics_has_every_occurrence_with_timezone_and_stable_uids(client, week_2025):
    response = client.get("/programme.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ecole-automne-2025.ics"'
    calendar, other = both_parsers(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == Occurrence.objects.count() == len(other.vevent_list)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    uids = sorted(str(e["UID"]) for e in events)
    assert uids == sorted(f"seance-{pk}@automne.enap.ca" for pk in Occurrence.objects.values_list("pk", flat=True))
    assert sorted(e.uid.value for e in other.vevent_list) == uids
    # Same programme, same bytes (and so the same UIDs and DTSTAMPs on every download).
    assert client.get("/programme.ics").content == response.content


def test_programme_ics_event_for_a_case_study_without_room(client, week_2025):
    calendar, other = both_parsers(client.get("/programme.ics").content)
    occurrence = Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")
    uid = f"seance-{occurrence.pk}@automne.enap.ca"
    event = next(e for e in calendar.walk("VEVENT") if e["UID"] == uid)
    assert event.decoded("DTSTART") == datetime.datetime(2025, 10, 21, 13, 30, tzinfo=MONTREAL)
    assert event.decoded("DTEND") == datetime.datetime(2025, 10, 21, 14, 45, tzinfo=MONTREAL)
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert str(event["LOCATION"]) == "Salle à venir, ÉNAP, 4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"
    description = str(event["DESCRIPTION"])
    assert description.startswith(
        "Étude de cas\n\nIntervenant·e·s :\nDelphine Moreau (Conférencier·ère) — Sociologue, enseignante-chercheuse, "
        "École des hautes études de santé publique\n\nDescription provisoire\n\n"
    )
    assert description.endswith(f"http://127.0.0.1:8000/seances/{occurrence.session.slug}/")
    vevent = next(e for e in other.vevent_list if e.uid.value == uid)
    assert vevent.dtstart.value.replace(tzinfo=None) == datetime.datetime(2025, 10, 21, 13, 30)
    assert vevent.dtstart.value.utcoffset() == datetime.timedelta(hours=-4)
    assert vevent.location.value == str(event["LOCATION"])
    assert vevent.summary.value == occurrence.session.title


def test_programme_ics_location_of_a_room_with_detail_and_online(client, week_2025):
    calendar, _ = both_parsers(client.get("/programme.ics").content)
    locations = {str(e["SUMMARY"]): str(e["LOCATION"]) for e in calendar.walk("VEVENT")}
    assert locations["Activité de synthèse"] == "En ligne"
    lunch = Occurrence.objects.filter(session__kind=Session.Kind.MEAL).first()
    assert locations[lunch.session.title] == (
        "Local 4037 (4ᵉ étage), ÉNAP, 4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"
    )


def test_session_ics_has_both_dates_of_a_repeated_workshop(client, week_2025):
    response = client.get(f"/seances/{REPEATED_WORKSHOP}.ics")
    assert response.status_code == 200
    calendar, other = both_parsers(response.content)
    starts = sorted(e.decoded("DTSTART") for e in calendar.walk("VEVENT"))
    assert starts == [
        datetime.datetime(2025, 10, 21, 15, tzinfo=MONTREAL),
        datetime.datetime(2025, 10, 22, 15, tzinfo=MONTREAL),
    ]
    # vobject reads the VTIMEZONE into its own tzinfo: compare instants.
    assert sorted(e.dtstart.value for e in other.vevent_list) == starts
    assert [e.dtstart.value.utcoffset() for e in other.vevent_list] == [datetime.timedelta(hours=-4)] * 2
    assert {e.summary.value for e in other.vevent_list} == {
        "Conflit de valeurs publiques en coproduction et expérimentation réglementaire"
    }
    assert "Greg Labrosse (Animation) — Conseiller en innovation sociale, Maison de l'innovation sociale" in str(
        calendar.walk("VEVENT")[0]["DESCRIPTION"]
    )
    # The same UIDs as in the whole programme: importing both never duplicates an event.
    whole = {str(e["UID"]) for e in icalendar.Calendar.from_ical(client.get("/programme.ics").content).walk("VEVENT")}
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} <= whole


def test_programme_json_describes_the_whole_week(client, week_2025):
    response = client.get("/programme.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["edition"]["name"] == "École d'automne sur la coproduction des services publics"
    assert [day["date"] for day in data["days"]] == [
        "2025-10-20",
        "2025-10-21",
        "2025-10-22",
        "2025-10-23",
        "2025-10-24",
    ]
    assert sum(len(day["occurrences"]) for day in data["days"]) == Occurrence.objects.count()
    tuesday = data["days"][1]["occurrences"]
    case = next(o for o in tuesday if o["session"].startswith("la-communaute-mixte"))
    assert case["starts_at"] == "2025-10-21T13:30:00-04:00"
    assert case["ends_at"] == "2025-10-21T14:45:00-04:00"
    assert case["time"] == f"13{NBSP}h{NBSP}30 à 14{NBSP}h{NBSP}45"
    assert case["room"] is None
    assert case["room_label"] == "Salle à venir"
    assert case["description_status"] == "provisoire"
    assert case["speakers"][0]["name"] == "Delphine Moreau"
    assert case["speakers"][0]["role_label"] == "Conférencier·ère"
    assert case["ics"] == f"http://127.0.0.1:8000/seances/{case['session']}.ics"
    keynote = tuesday[0]
    assert keynote["language"] == "en"
    assert keynote["room"] == {"name": "Salle de concert", "location_detail": "", "online": False}


def test_exports_follow_an_organizer_change(client, week_2025):
    occurrence = Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")
    before = client.get("/programme.ics")
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    after = client.get("/programme.ics")
    assert after["ETag"] != before["ETag"]
    event = next(
        e
        for e in icalendar.Calendar.from_ical(after.content).walk("VEVENT")
        if e["UID"] == f"seance-{occurrence.pk}@automne.enap.ca"
    )
    assert str(event["LOCATION"]).startswith("Verrière, ÉNAP, ")
