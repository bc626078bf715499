"""Calendars that follow a cancellation: an occurrence taken off the programme stays in every feed
(programme.ics, its session's .ics, the personal feed) as a cancelled event with its UID and a higher
SEQUENCE until its edition ends; one put back takes its event again with a SEQUENCE higher still.
Read by two real parsers (icalendar, vobject), in every phase of an edition."""

import datetime
import zoneinfo

import icalendar
import pytest
import time_machine
import vobject
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from inscriptions.tests.factories import make_registration
from programme import change_effects, personal_calendar
from programme.models import CancelledOccurrence, Choice, Edition, Occurrence, Session, TimeSlot
from programme.tests.factories import make_edition, make_programme, make_room

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
REPEATED_WORKSHOP = "conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire"
BEFORE = datetime.datetime(2025, 9, 1, 10, 0, tzinfo=MONTREAL)
DURING = datetime.datetime(2025, 10, 21, 9, 0, tzinfo=MONTREAL)
LAST_EVENING = datetime.datetime(2025, 10, 24, 23, 30, tzinfo=MONTREAL)
AFTER = datetime.datetime(2025, 10, 25, 0, 30, tzinfo=MONTREAL)


def events(content):
    """{UID: (SEQUENCE, STATUS, SUMMARY, DTSTART)} as icalendar reads them, checked against vobject."""
    found = {
        str(e["UID"]): (int(e["SEQUENCE"]), str(e["STATUS"]), str(e["SUMMARY"]), e.decoded("DTSTART"))
        for e in icalendar.Calendar.from_ical(content).walk("VEVENT")
    }
    # vobject reads the wall time; its offsets for a past year's VTIMEZONE depend on today's date
    # (noticed with 2025 events read in 2026), so the instant is icalendar's.
    other = {
        e.uid.value: (int(e.sequence.value), e.status.value, e.summary.value, e.dtstart.value.replace(tzinfo=None))
        for e in vobject.readOne(content.decode()).contents.get("vevent", [])
    }
    assert other == {k: (*v[:3], v[3].replace(tzinfo=None)) for k, v in found.items()}
    return found


def uid(pk):
    return f"seance-{pk}@automne.enap.ca"


def case_study():
    return Occurrence.objects.select_related("session").get(session__slug__startswith="la-communaute-mixte")


@pytest.fixture
def during():
    with time_machine.travel(DURING, tick=False):
        yield


def test_a_deleted_occurrence_stays_cancelled_with_a_higher_sequence(client, week_2025, during):
    occurrence = case_study()
    key = uid(occurrence.pk)
    before = events(client.get("/programme.ics").content)
    sequence, status, title, start = before[key]
    assert status == "CONFIRMED"
    change_effects.delete(occurrence)
    after = events(client.get("/programme.ics").content)
    assert set(after) == set(before)  # nothing leaves, nothing is added
    assert after[key] == (sequence + 1, "CANCELLED", f"Annulée\N{NO-BREAK SPACE}: {title}", start)
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}


def test_the_cancelled_event_says_where_and_links_to_the_changes(client, week_2025, during):
    occurrence = case_study()
    key = uid(occurrence.pk)
    live = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(client.get("/programme.ics").content).walk("VEVENT")
    }[key]
    change_effects.delete(occurrence)
    cancelled = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(client.get("/programme.ics").content).walk("VEVENT")
    }[key]
    assert str(cancelled["LOCATION"]) == str(live["LOCATION"])
    assert cancelled.decoded("DTEND") == live.decoded("DTEND")
    changes = f"{django_settings.SITE_URL}/programme/modifications/"  # the current edition's
    assert str(cancelled["URL"]) == changes
    assert str(cancelled["DESCRIPTION"]) == f"Séance annulée.\n\nDernières modifications\N{NO-BREAK SPACE}: {changes}"
    assert cancelled.decoded("LAST-MODIFIED") == datetime.datetime.fromtimestamp(DURING.timestamp(), datetime.UTC)


def test_a_session_taken_off_the_programme_keeps_its_own_ics_saying_so(client, week_2025, during):
    session = Session.objects.get(slug=REPEATED_WORKSHOP)
    occurrences = list(session.occurrences.order_by("pk"))
    first, second = (uid(o.pk) for o in occurrences)
    url = f"/seances/{REPEATED_WORKSHOP}.ics"
    before = events(client.get(url).content)
    # One of its two dates cancelled: the other stays, confirmed.
    change_effects.delete(occurrences[0])
    one = events(client.get(url).content)
    assert {k: (v[0], v[1]) for k, v in one.items()} == {
        first: (before[first][0] + 1, "CANCELLED"),
        second: (before[second][0], "CONFIRMED"),
    }
    # Both: its .ics answers, both events cancelled (it was a 404 page).
    change_effects.delete(occurrences[1])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    both = events(response.content)
    assert {k: v[1] for k, v in both.items()} == {first: "CANCELLED", second: "CANCELLED"}
    assert client.get(f"/editions/ecole-automne-2025/seances/{REPEATED_WORKSHOP}.ics").content == response.content
    # The session page itself is not on the programme any more.
    assert client.get(f"/seances/{REPEATED_WORKSHOP}/").status_code == 404


def test_a_deleted_session_leaves_its_events_cancelled(client, week_2025, during):
    session = Session.objects.get(slug=REPEATED_WORKSHOP)
    pks = sorted(session.occurrences.values_list("pk", flat=True))
    change_effects.delete(session)
    found = events(client.get("/programme.ics").content)
    assert [found[uid(pk)][1] for pk in pks] == ["CANCELLED", "CANCELLED"]
    assert set(events(client.get(f"/seances/{REPEATED_WORKSHOP}.ics").content)) == {uid(pk) for pk in pks}


def test_a_deleted_time_slot_or_day_cancels_its_events(client, week_2025, during):
    slot = case_study().time_slot
    in_slot = set(slot.occurrences.values_list("pk", flat=True))
    change_effects.delete(TimeSlot.objects.get(pk=slot.pk))
    found = events(client.get("/programme.ics").content)
    assert {pk for pk in in_slot if found[uid(pk)][1] == "CANCELLED"} == in_slot
    assert CancelledOccurrence.objects.filter(time_slot__isnull=True).count() == len(in_slot)


def test_deleting_an_edition_keeps_nothing(week_2025, during):
    other = make_programme(make_edition(is_current=False, slug="autre"))
    change_effects.delete(other)
    assert not Edition.objects.filter(slug="autre").exists()
    assert CancelledOccurrence.objects.count() == 0


def test_a_restored_session_comes_back_with_a_higher_sequence(client, week_2025, during):
    occurrence = case_study()
    pk, key, title = occurrence.pk, uid(occurrence.pk), occurrence.session.title
    slot, room, session = occurrence.time_slot_id, occurrence.room_id, occurrence.session_id
    live = events(client.get("/programme.ics").content)[key][0]
    change_effects.delete(occurrence)
    cancelled = events(client.get("/programme.ics").content)[key]
    assert cancelled[:2] == (live + 1, "CANCELLED")
    back = Occurrence(session_id=session, time_slot_id=slot, room_id=room)
    change_effects.save(back)
    assert back.pk == pk  # the same event, for the calendars that imported it
    restored = events(client.get("/programme.ics").content)[key]
    assert restored[:2] == (live + 2, "CONFIRMED")
    assert restored[2] == title
    assert not CancelledOccurrence.objects.exists()
    # Cancelled again: higher still.
    change_effects.delete(back)
    assert events(client.get("/programme.ics").content)[key][:2] == (live + 3, "CANCELLED")


def test_a_session_put_back_elsewhere_takes_the_cancelled_event_of_its_slot_first(client, week_2025, during):
    session = Session.objects.get(slug=REPEATED_WORKSHOP)
    first, second = session.occurrences.order_by("time_slot__day__date", "time_slot__starts_at")
    first_pk, second_pk = first.pk, second.pk
    change_effects.delete(first, second)
    back = Occurrence(session=session, time_slot_id=second.time_slot_id, room_id=second.room_id)
    change_effects.save(back)
    assert back.pk == second_pk
    found = events(client.get(f"/seances/{REPEATED_WORKSHOP}.ics").content)
    assert {k: v[:2] for k, v in found.items()} == {uid(first_pk): (1, "CANCELLED"), uid(second_pk): (2, "CONFIRMED")}
    # A new slot: it takes the other cancelled event (the earliest left).
    other_slot = case_study().time_slot
    again = Occurrence(session=session, time_slot=other_slot)
    change_effects.save(again)
    assert again.pk == first_pk
    assert events(client.get(f"/seances/{REPEATED_WORKSHOP}.ics").content)[uid(first_pk)][:2] == (2, "CONFIRMED")


def test_a_new_session_takes_no_cancelled_event(client, week_2025, during):
    occurrence = case_study()
    pk = occurrence.pk
    change_effects.delete(occurrence)
    other = Session.objects.create(edition=week_2025, kind=Session.Kind.CASE_STUDY, title="Nouvelle", slug="nouvelle")
    new = Occurrence(session=other, time_slot_id=occurrence.time_slot_id)
    change_effects.save(new)
    assert new.pk != pk
    found = events(client.get("/programme.ics").content)
    assert found[uid(new.pk)][:2] == (0, "CONFIRMED")
    assert found[uid(pk)][1] == "CANCELLED"


@pytest.mark.parametrize(
    ("moment", "shown"),
    [(BEFORE, True), (DURING, True), (LAST_EVENING, True), (AFTER, False)],
    ids=["before-the-week", "during", "last-evening", "after-the-end"],
)
def test_cancelled_events_stay_until_the_edition_ends(client, week_2025, moment, shown):
    with time_machine.travel(BEFORE, tick=False):
        occurrence = case_study()
        key, slug = uid(occurrence.pk), occurrence.session.slug
        change_effects.delete(occurrence)
    with time_machine.travel(moment, tick=False):
        found = events(client.get("/programme.ics").content)
        session_ics = client.get(f"/editions/ecole-automne-2025/seances/{slug}.ics")
    assert (key in found) is shown
    assert session_ics.status_code == (200 if shown else 404)


def test_another_edition_current_keeps_each_editions_cancellations_to_itself(client, week_2025):
    with time_machine.travel(DURING, tick=False):
        change_effects.delete(case_study())
    later = make_edition(
        is_current=False, slug="2026", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23)
    )
    make_programme(later)
    Edition.objects.filter(pk=week_2025.pk).update(is_current=False)
    Edition.objects.filter(pk=later.pk).update(is_current=True)
    dropped = Occurrence.objects.filter(edition=later).order_by("pk").first()
    key = uid(dropped.pk)
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, 0, tzinfo=MONTREAL), tick=False):
        change_effects.delete(dropped)
        current = events(client.get("/programme.ics").content)
        archive = events(client.get("/editions/ecole-automne-2025/programme.ics").content)
    assert current[key][1] == "CANCELLED"
    assert {v[1] for v in current.values()} == {"CONFIRMED", "CANCELLED"}
    assert sum(v[1] == "CANCELLED" for v in current.values()) == 1
    assert {v[1] for v in archive.values()} == {"CONFIRMED"}  # 2025 is over: its cancellation has left


def test_every_feed_says_when_to_read_it_again(client, week_2025):
    participant = make_registration(week_2025).user
    token = personal_calendar.renew(participant).token
    for url in (
        "/programme.ics",
        "/editions/ecole-automne-2025/programme.ics",
        f"/seances/{REPEATED_WORKSHOP}.ics",
        f"/editions/ecole-automne-2025/mon-programme/{token}.ics",
    ):
        content = client.get(url).content
        calendar = icalendar.Calendar.from_ical(content)
        assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=1), url
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
        assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n" in content
        assert vobject.readOne(content.decode()).contents["x-published-ttl"][0].value == "PT1H"


# The personal feed


@pytest.fixture
def small(db):
    with time_machine.travel(BEFORE, tick=False):
        return make_programme()


def case_studies(edition):
    return list(
        Occurrence.objects.filter(edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session")
        .in_schedule_order()
    )


def keynotes(edition):
    return list(Occurrence.objects.filter(edition=edition, session__kind=Session.Kind.KEYNOTE).in_schedule_order())


def feed(client, edition, user):
    return events(
        client.get(f"/editions/{edition.slug}/mon-programme/{personal_calendar.renew(user).token}.ics").content
    )


def test_the_personal_feed_keeps_what_the_person_chose_and_the_plenaries_cancelled(client, small):
    chooser, other = make_registration(small).user, make_registration(small).user
    chosen, not_chosen = case_studies(small)[:2]
    keynote = keynotes(small)[0]
    chosen_key, not_chosen_key, keynote_key = uid(chosen.pk), uid(not_chosen.pk), uid(keynote.pk)
    with time_machine.travel(BEFORE, tick=False):
        Choice.objects.create(user=chooser, occurrence=chosen)
        Choice.objects.create(user=other, occurrence=not_chosen)
        before = feed(client, small, chooser)
        change_effects.delete(chosen, not_chosen, keynote)
        mine, theirs = feed(client, small, chooser), feed(client, small, other)
    assert before[chosen_key][:2] == (0, "CONFIRMED")
    assert {k: v[:2] for k, v in mine.items() if v[1] == "CANCELLED"} == {
        chosen_key: (1, "CANCELLED"),
        keynote_key: (1, "CANCELLED"),
    }
    assert {k for k, v in theirs.items() if v[1] == "CANCELLED"} == {not_chosen_key, keynote_key}
    # Someone not registered sees nothing, cancelled or not.
    stranger = make_registration(make_edition(is_current=False)).user
    with time_machine.travel(BEFORE, tick=False):
        assert feed(client, small, stranger) == {}
    # After the edition: the cancelled events have left.
    with time_machine.travel(AFTER + datetime.timedelta(days=1), tick=False):
        assert {v[1] for v in feed(client, small, chooser).values()} == {"CONFIRMED"}


def test_the_personal_feed_answers_304_to_its_etag_or_its_date(client, small):
    person = make_registration(small).user
    chosen = case_studies(small)[0]
    chosen_key = uid(chosen.pk)
    url = f"/editions/{small.slug}/mon-programme/{personal_calendar.renew(person).token}.ics"
    with time_machine.travel(BEFORE, tick=False):
        first = client.get(url)
        assert first.status_code == 200
        made = first["Last-Modified"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": made}).status_code == 304
        assert made == "Mon, 01 Sep 2025 14:00:00 GMT"  # BEFORE, 10 h in Montréal
        earlier = "Mon, 01 Sep 2025 13:59:59 GMT"
        assert client.get(url, headers={"If-Modified-Since": earlier}).status_code == 200
    # The person's choices change: a new ETag, a later Last-Modified, 200 to both validators.
    with time_machine.travel(BEFORE + datetime.timedelta(minutes=5), tick=False):
        Choice.objects.create(user=person, occurrence=chosen)
        chose = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert chose.status_code == 200
        assert chose["ETag"] != first["ETag"]
        assert chose["Last-Modified"] == "Mon, 01 Sep 2025 14:05:00 GMT"
        assert client.get(url, headers={"If-Modified-Since": made}).status_code == 200
    # The programme changes (the chosen session cancelled): new ETag again, the event cancelled.
    with time_machine.travel(BEFORE + datetime.timedelta(minutes=10), tick=False):
        change_effects.delete(Occurrence.objects.get(pk=chosen.pk))
        cancelled = client.get(
            url, headers={"If-None-Match": chose["ETag"], "If-Modified-Since": chose["Last-Modified"]}
        )
        assert cancelled.status_code == 200
        assert cancelled["ETag"] not in (first["ETag"], chose["ETag"])
        assert events(cancelled.content)[chosen_key][1] == "CANCELLED"
        assert client.get(url, headers={"If-None-Match": cancelled["ETag"]}).status_code == 304


def test_the_personal_feed_costs_the_public_ones_queries_and_one_for_the_person(client, small):
    from programme.tests.factories import grow_programme

    person = make_registration(small).user
    url = f"/editions/{small.slug}/mon-programme/{personal_calendar.renew(person).token}.ics"

    def counts():
        from programme.caching import cache

        cache.clear()
        found = {}
        for name, address in (("public", f"/editions/{small.slug}/programme.ics"), ("personal", url)):
            with CaptureQueriesContext(connection) as captured:
                first = client.get(address)
            with CaptureQueriesContext(connection) as again:
                assert client.get(address, headers={"If-None-Match": first["ETag"]}).status_code == 304
            found[name] = (len(captured), len(again))
        return found

    with time_machine.travel(DURING, tick=False):
        for occurrence in case_studies(small)[:2]:
            Choice.objects.create(user=person, occurrence=occurrence)
        change_effects.delete(case_studies(small)[0])
        one = counts()
        grow_programme(small, 10)
        for occurrence in case_studies(small)[::3]:
            Choice.objects.get_or_create(user=person, occurrence=occurrence)
        change_effects.delete(case_studies(small)[5])
        ten = counts()
    # The public feed's queries (the version; the edition, its rows, speakers and cancellations), and
    # one more: who the address is, with their registration and choices (the ETag follows them).
    assert one == ten == {"public": (5, 1), "personal": (6, 2)}


# The invariant: whatever an organizer does to a session, a calendar that imported its event
# sees a higher SEQUENCE at each change, and the event never leaves a feed before the edition ends.

OPERATIONS = st.lists(st.sampled_from(["cancel", "restore", "move", "rename"]), min_size=1, max_size=8)


@pytest.mark.django_db
@settings(max_examples=15)
@given(operations=OPERATIONS)
def test_sequence_only_grows_through_cancellations_and_restorations(operations):
    with transaction.atomic():
        _replay(operations)
        transaction.set_rollback(True)  # each example from the same empty database


def _replay(operations):
    from programme.caching import cache

    cache.clear()
    client, rooms = Client(), iter(range(100))
    with time_machine.travel(BEFORE, tick=False):
        edition = make_programme()
        occurrence = case_studies(edition)[0]
        key, slot, session = uid(occurrence.pk), occurrence.time_slot_id, occurrence.session_id
        seen = events(client.get(f"/editions/{edition.slug}/programme.ics").content)[key]
        for operation in operations:
            current = Occurrence.objects.filter(pk=occurrence.pk).first()
            if operation == "cancel" and current:
                change_effects.delete(current)
            elif operation == "restore" and current is None:
                change_effects.save(Occurrence(session_id=session, time_slot_id=slot))
            elif operation == "move" and current:
                current.room = make_room(f"Salle déplacée {next(rooms)}", edition=edition)
                change_effects.save(current)
            elif operation == "rename":
                renamed = Session.objects.get(pk=session)
                renamed.title = f"{renamed.title}!"
                change_effects.save(renamed)
            else:
                continue
            now = events(client.get(f"/editions/{edition.slug}/programme.ics").content)[key]
            assert now[1] == ("CONFIRMED" if Occurrence.objects.filter(pk=occurrence.pk).exists() else "CANCELLED")
            if operation == "rename" and current is None:
                assert now == seen  # a cancelled event shows the title it had
            else:
                assert now[0] > seen[0], operation
            seen = now


# Through the admin, as an organizer cancels and restores


def test_an_organizer_cancels_then_restores_a_session_in_the_admin(week_2025, admin_client, during):
    occurrence = case_study()
    pk, key = occurrence.pk, uid(occurrence.pk)
    data = {"session": occurrence.session_id, "time_slot": occurrence.time_slot_id, "room": occurrence.room_id or ""}
    live = events(admin_client.get("/programme.ics").content)[key][0]
    response = admin_client.post(f"/admin/programme/occurrence/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert events(admin_client.get("/programme.ics").content)[key][:2] == (live + 1, "CANCELLED")
    response = admin_client.post("/admin/programme/occurrence/add/", {**data, "order": 0, "_save": "Enregistrer"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Occurrence.objects.get(session_id=data["session"], time_slot_id=data["time_slot"]).pk == pk
    assert events(admin_client.get("/programme.ics").content)[key][:2] == (live + 2, "CONFIRMED")


def test_the_personal_feed_refuses_bad_validators_without_an_error(client, small):
    person = make_registration(small).user
    url = f"/editions/{small.slug}/mon-programme/{personal_calendar.renew(person).token}.ics"
    whole = client.get(url).content
    for headers in (
        {"If-Modified-Since": "pas une date"},
        {"If-Modified-Since": "Mon, 99 Foo 2025 99:99:99 GMT"},
        {"If-None-Match": '"autre"'},
        {"If-None-Match": "\x7f" * 300},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, headers
        assert response.content == whole
