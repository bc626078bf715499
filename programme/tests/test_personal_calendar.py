"""The personal calendar feed: its exact content read by icalendar and vobject, its update after a
room change, renewal (the old address then 404), malformed and guessed tokens."""

import gzip
import re

import icalendar
import pytest
import vobject
from django.conf import settings

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from programme import change_effects, personal_calendar
from programme.models import Choice, Occurrence, PersonalCalendar, Session
from programme.tests.factories import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen(edition, participant):
    occurrences = list(
        Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )
    for occurrence in (occurrences[0], occurrences[4]):
        Choice.objects.create(user=participant, occurrence=occurrence)
    return [occurrences[0], occurrences[4]]


def feed_url(edition, participant):
    return f"/editions/{edition.slug}/mon-programme/{personal_calendar.renew(participant).token}.ics"


def events(content):
    """[(UID, SUMMARY, SEQUENCE, LOCATION)] as icalendar reads them, checked against vobject."""
    parsed = [
        (str(e["uid"]), str(e["summary"]), int(e["sequence"]), str(e["location"]))
        for e in icalendar.Calendar.from_ical(content).walk("VEVENT")
    ]
    by_vobject = [
        (e.uid.value, e.summary.value, int(e.sequence.value), e.location.value)
        for e in vobject.readOne(content.decode()).contents.get("vevent", [])
    ]
    assert by_vobject == parsed
    return parsed


def plenaries(edition):
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.KEYNOTE)
        .select_related("session", "time_slot__day", "room")
        .in_schedule_order()
    )


def test_feed_holds_the_chosen_sessions_and_the_plenary_ones(client, edition, participant, chosen):
    response = client.get(feed_url(edition, participant))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == f"Mon programme — {edition.name}"
    monday_keynote, tuesday_keynote = plenaries(edition)
    address = "ÉNAP, 4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"
    assert events(response.content) == [
        (f"seance-{o.pk}@{settings.PROGRAMME_UID_DOMAIN}", o.session.title, 0, f"{room}, {address}")
        for o, room in (
            (monday_keynote, monday_keynote.room.name),
            (chosen[0], "Salle à venir"),
            (tuesday_keynote, tuesday_keynote.room.name),
            (chosen[1], "Salle à venir"),
        )
    ]


def test_feed_holds_what_my_programme_shows_in_the_same_order(client, edition, participant, chosen):
    feed = [title for _, title, _, _ in events(client.get(feed_url(edition, participant)).content)]
    client.force_login(participant)
    page = client.get("/mon-programme/").content.decode()
    listed = re.findall(r'<h3 class="occurrence__title"><a href="[^"]+"[^>]*>([^<]+)</a></h3>', page)
    assert feed == listed
    assert len(feed) == 4


def test_feed_without_a_registration_is_empty_as_my_programme(client, edition, participant, chosen):
    Registration.objects.filter(user=participant).delete()
    assert events(client.get(feed_url(edition, participant)).content) == []
    client.force_login(participant)
    assert "Seules les personnes inscrites" in client.get("/mon-programme/").content.decode()


def test_feed_after_a_room_change_has_the_room_and_a_higher_sequence(client, edition, participant, chosen):
    url = feed_url(edition, participant)
    client.get(url)
    occurrence = Occurrence.objects.get(pk=chosen[0].pk)
    occurrence.room = make_room("Local 4037", edition=edition, location_detail="4ᵉ étage")
    change_effects.save(occurrence)
    uid = f"seance-{occurrence.pk}@{settings.PROGRAMME_UID_DOMAIN}"
    moved = next(event for event in events(client.get(url).content) if event[0] == uid)
    assert moved[2] == 1
    assert moved[3].startswith("Local 4037 (4ᵉ étage), ÉNAP")
    content = client.get(url).content
    event = next(e for e in icalendar.Calendar.from_ical(content).walk("VEVENT") if str(e["uid"]) == uid)
    assert event["last-modified"].dt == Occurrence.objects.get(pk=occurrence.pk).revised_at.replace(microsecond=0)


def test_renewed_address_replaces_the_old_one(client, edition, participant, chosen):
    old = feed_url(edition, participant)
    client.force_login(participant)
    response = client.post("/mon-programme/agenda/")
    assert response.status_code == 302
    assert response["Location"] == "/mon-programme/"
    new = f"/editions/{edition.slug}/mon-programme/{PersonalCalendar.objects.get(user=participant).token}.ics"
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_my_programme_offers_webcal_and_https_addresses(client, edition, participant, chosen):
    token = personal_calendar.renew(participant).token
    client.force_login(participant)
    html = client.get("/mon-programme/").content.decode()
    assert f'href="webcal://127.0.0.1:8000/editions/{edition.slug}/mon-programme/{token}.ics"' in html
    assert f'value="http://127.0.0.1:8000/editions/{edition.slug}/mon-programme/{token}.ics"' in html


def test_my_programme_without_address_offers_to_create_one(client, participant, chosen):
    client.force_login(participant)
    html = client.get("/mon-programme/").content.decode()
    assert "Créer l'adresse de mon agenda" in html
    assert "webcal://" not in html


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 42, "a" * 44, "é" * 43, "../../etc/passwd", "a" * 5000, "' OR 1=1 --"],
)
def test_malformed_tokens_are_404(client, edition, participant, chosen, token):
    assert client.get(f"/mon-programme/{token}.ics").status_code == 404


def test_a_token_of_nul_bytes_is_refused_by_the_input_rule(client, edition, participant, chosen):
    # automne/clean_input.py: NUL in an address is a 400 in French, before any view.
    response = client.get("/mon-programme/" + "%00" * 43 + ".ics")
    assert response.status_code == 400


def test_a_guessed_token_never_reaches_another_participants_feed(client, edition, participant, chosen):
    real = personal_calendar.renew(participant).token
    guessed = ("A" if real[0] != "A" else "B") + real[1:]
    assert client.get(f"/mon-programme/{guessed}.ics").status_code == 404


def test_another_participants_feed_holds_only_their_choices(client, edition, participant, chosen):
    other = make_registration(edition).user
    content = client.get(feed_url(edition, other)).content
    assert [uid for uid, _, _, _ in events(content)] == [
        f"seance-{o.pk}@{settings.PROGRAMME_UID_DOMAIN}" for o in plenaries(edition)
    ]


def test_renew_calendar_requires_login_and_post(client, edition):
    assert client.post("/mon-programme/agenda/")["Location"] == "/connexion/?next=/mon-programme/agenda/"
    assert PersonalCalendar.objects.count() == 0


def test_feed_address_is_in_the_export_only_as_a_yes_or_no(client, participant, chosen):
    personal_calendar.renew(participant)
    client.force_login(participant)
    data = client.get("/mon-espace/donnees.json").json()
    assert data["programme"]["agenda_personnel"] is True


def test_feed_answers_304_until_what_it_shows_changes(client, edition, participant, chosen):
    url = feed_url(edition, participant)
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    Choice.objects.create(user=participant, occurrence=case_studies_of(edition)[1])
    chose_again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert chose_again.status_code == 200
    assert len(events(chose_again.content)) == len(events(first.content)) + 1
    occurrence = Occurrence.objects.get(pk=chosen[0].pk)
    occurrence.room = make_room("Local 4037", edition=edition)
    change_effects.save(occurrence)
    moved = client.get(url, headers={"If-None-Match": chose_again["ETag"]})
    assert moved.status_code == 200
    assert "Local 4037" in moved.content.decode()


def test_feed_is_sent_compressed_to_whoever_accepts_gzip(client, edition, participant, chosen):
    url = feed_url(edition, participant)
    plain = client.get(url)
    compressed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["ETag"] == "W/" + plain["ETag"]
    assert client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": compressed["ETag"]}).status_code == 304


def case_studies_of(edition):
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session")
        .in_schedule_order()
    )
