"""The conference-app exports (frab schedule.xml, c3voc schedule.json), checked against the
c3voc validator's own files (programme/tests/c3voc/, see its README) with xmlschema and jsonschema."""

import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from programme.models import Occurrence, Room, Session
from programme.schedule_formats import acronym, event_slug, schedule_json, schedule_xml
from programme.tests.factories import make_edition, make_programme

C3VOC = Path(__file__).parent / "c3voc"
REPEATED_WORKSHOP = "conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire"


@pytest.fixture(scope="module")
def xsd():
    return xmlschema.XMLSchema(C3VOC / "schedule.xml.xsd")


@pytest.fixture(scope="module")
def json_validator():
    schema = json.loads((C3VOC / "schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def xml_errors(xsd, content):
    return [f"{error.path}: {error.reason}" for error in xsd.iter_errors(content.decode())]


def json_errors(validator, data):
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]


def test_schedule_xml_of_2025_is_valid_for_the_c3voc_xsd(client, week_2025, xsd):
    response = client.get("/schedule.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert xml_errors(xsd, response.content) == []


def test_schedule_json_of_2025_is_valid_for_the_c3voc_schema(client, week_2025, json_validator):
    response = client.get("/schedule.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json_errors(json_validator, json.loads(response.content)) == []


def test_the_validators_refuse_a_duplicated_slug_and_a_bad_one(client, week_2025, xsd, json_validator):
    """The files really check what the issue reported: a repeated slug, a slug off the pattern."""
    content = client.get("/schedule.xml").content.decode()
    root = ET.fromstring(content)
    slugs = root.findall(".//event/slug")
    slugs[1].text = slugs[0].text
    assert any("slug_unique" in error or "duplicate" in error.lower() for error in xml_errors(xsd, ET.tostring(root)))
    data = json.loads(client.get("/schedule.json").content)
    first_event = next(events[0] for events in data["schedule"]["conference"]["days"][0]["rooms"].values() if events)
    first_event["slug"] = "Atelier « pratique »"
    assert len(json_errors(json_validator, data)) == 1


def test_schedule_has_one_event_per_occurrence_with_unique_ids_and_slugs(client, week_2025):
    root = ET.fromstring(client.get("/schedule.xml").content)
    events = root.findall("day/room/event")
    occurrences = Occurrence.objects.all()
    assert sorted(int(e.get("id")) for e in events) == sorted(o.pk for o in occurrences)
    assert len({e.get("guid") for e in events}) == len({e.findtext("slug") for e in events}) == len(occurrences)
    data = json.loads(client.get("/schedule.json").content)
    json_events = [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert {(e["id"], e["guid"], e["slug"]) for e in json_events} == {
        (int(e.get("id")), e.get("guid"), e.findtext("slug")) for e in events
    }


def test_repeated_workshop_gets_two_events_with_distinct_slugs(client, week_2025):
    root = ET.fromstring(client.get("/schedule.xml").content)
    workshop = Occurrence.objects.filter(session__slug=REPEATED_WORKSHOP).order_by("time_slot__day__date")
    first, second = workshop
    events = {int(e.get("id")): e for e in root.findall("day/room/event")}
    assert events[first.pk].findtext("slug") == f"ecole_automne_2025-{first.pk}-{REPEATED_WORKSHOP}"
    assert events[second.pk].findtext("slug") == f"ecole_automne_2025-{second.pk}-{REPEATED_WORKSHOP}"
    assert events[first.pk].findtext("date") == "2025-10-21T15:00:00-04:00"
    assert events[second.pk].findtext("date") == "2025-10-22T15:00:00-04:00"


def test_schedule_ids_stay_the_same_on_another_host_and_after_a_change(client, week_2025):
    before = json.loads(client.get("/schedule.json").content)
    occurrence = Occurrence.objects.filter(room__isnull=True).first()
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    after = json.loads(client.get("/schedule.json", HTTP_HOST="localhost").content)

    def ids(data):
        days = data["schedule"]["conference"]["days"]
        return sorted((e["id"], e["guid"], e["slug"]) for d in days for r in d["rooms"].values() for e in r)

    assert ids(after) == ids(before)
    assert after["schedule"]["version"] != before["schedule"]["version"]


def test_schedule_xml_event_of_a_case_study_without_room(client, week_2025):
    root = ET.fromstring(client.get("/schedule.xml").content)
    occurrence = Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")
    tuesday = root.find("day[@date='2025-10-21']")
    room = tuesday.find("room[@name='Salle à venir']")
    event = room.find(f"event[@id='{occurrence.pk}']")
    assert event.get("guid") == str(uuid.uuid5(uuid.NAMESPACE_URL, f"seance-{occurrence.pk}@automne.enap.ca"))
    assert event.findtext("room") == "Salle à venir"
    assert event.findtext("title") == occurrence.session.title
    assert event.findtext("start") == "13:30"
    assert event.findtext("duration") == "01:15"
    assert event.findtext("type") == "discussion"
    assert event.findtext("track") == "Étude de cas"
    assert event.findtext("language") == "fr"
    assert event.findtext("abstract") == occurrence.session.description
    assert event.findtext("description") == "Description provisoire"
    assert [p.text for p in event.findall("persons/person")] == ["Delphine Moreau"]
    assert [(link.get("href"), link.text) for link in event.findall("links/link")] == [
        (f"http://127.0.0.1:8000/seances/{occurrence.session.slug}/", "Page de la séance"),
        (f"http://127.0.0.1:8000/seances/{occurrence.session.slug}.ics", "Ajouter à l'agenda (iCalendar)"),
    ]
    # « Salle à venir » is the last room of the day.
    assert [r.get("name") for r in tuesday.findall("room")][-1] == "Salle à venir"


def test_schedule_json_conference_rooms_and_an_english_keynote(client, week_2025):
    data = json.loads(client.get("/schedule.json").content)
    schedule = data["schedule"]
    conference = schedule["conference"]
    assert conference["acronym"] == "ecole_automne_2025"
    assert conference["title"] == "École d'automne sur la coproduction des services publics"
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2025-10-20", "2025-10-24", 5)
    assert conference["time_zone_name"] == "America/Toronto"
    assert [(r["name"], r["type"]) for r in conference["rooms"]] == [
        ("En ligne", "online"),
        ("Local 4037 (4ᵉ étage)", "other"),
        ("Salle de concert", "other"),
        ("Verrière", "other"),
        ("Vestibule de la salle de concert", "other"),
        ("Salle à venir", "other"),
    ]
    tuesday = conference["days"][1]
    assert (tuesday["index"], tuesday["date"]) == (2, "2025-10-21")
    keynote = tuesday["rooms"]["Salle de concert"][0]
    assert keynote["language"] == "en"
    assert keynote["type"] == "talk"
    assert keynote["date"] == "2025-10-21T09:00:00-04:00"
    assert keynote["persons"][0]["url"].startswith("http://127.0.0.1:8000/intervenants/")


def test_schedule_of_a_synthetic_edition_with_an_odd_slug_is_valid(db, xsd, json_validator):
    edition = make_programme(make_edition(slug="E-1"))
    Session.objects.filter(occurrences=Occurrence.objects.order_by("pk").first()).update(slug="A_")
    days = list(edition.days.all())
    occurrences = list(Occurrence.objects.filter(time_slot__day__edition=edition).with_details().order_by("pk"))
    absolute = "https://automne.enap.ca{}".format
    assert acronym(edition) == "e_1_"
    assert event_slug(occurrences[0], edition) == f"e_1_-{occurrences[0].pk}-seance-a"
    assert xml_errors(xsd, schedule_xml(edition, days, "1", absolute)) == []
    assert json_errors(json_validator, json.loads(schedule_json(edition, days, "1", absolute))) == []


def test_schedule_without_current_edition_is_404(client, db):
    assert client.get("/schedule.xml").status_code == 404
    assert client.get("/schedule.json").status_code == 404


def test_schedule_in_an_unknown_format_is_404(client, week_2025):
    assert client.get("/schedule.csv").status_code == 404


def test_week_page_links_the_schedule_exports_and_names_the_apps(client, week_2025):
    html = client.get("/programme/").content.decode()
    assert '<a href="/schedule.xml">schedule.xml</a> (format frab)' in html
    assert '<a href="/schedule.json">schedule.json</a> (format c3voc)' in html
    assert "(Giggity, EventFahrplan, ConfClerk)" in html
