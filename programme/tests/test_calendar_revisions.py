"""SEQUENCE and LAST-MODIFIED of the iCalendar events advance with the occurrence's time, room,
title and speakers (never with anything else), read back by both parsers (icalendar, vobject)."""

import datetime

import icalendar
import time_machine
import vobject

from programme.models import Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot

REPEATED_WORKSHOP = "conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire"
LATER = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


def revisions(client, path="/programme.ics"):
    """{UID: (SEQUENCE, LAST-MODIFIED)} as icalendar reads them, checked against vobject."""
    content = client.get(path).content
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    found = {str(e["UID"]): (int(e["SEQUENCE"]), e.decoded("LAST-MODIFIED")) for e in events}
    other = {
        e.uid.value: (int(e.sequence.value), e.last_modified.value)
        for e in vobject.readOne(content.decode()).vevent_list
    }
    assert other == found
    return found


def uid(occurrence):
    return f"seance-{occurrence.pk}@automne.enap.ca"


def case_study():
    return Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")


def test_every_event_starts_at_sequence_0(client, week_2025):
    found = revisions(client)
    assert len(found) == Occurrence.objects.count()
    assert {sequence for sequence, _ in found.values()} == {0}


def test_room_change_advances_sequence_and_last_modified_of_that_event_only(client, week_2025):
    before = revisions(client)
    occurrence = case_study()
    with time_machine.travel(LATER, tick=False):
        occurrence.room = Room.objects.get(name="Verrière")
        occurrence.save()
    after = revisions(client)
    assert after[uid(occurrence)] == (1, LATER)
    assert {k: v for k, v in after.items() if k != uid(occurrence)} == {
        k: v for k, v in before.items() if k != uid(occurrence)
    }


def test_session_ics_carries_the_new_sequence(client, week_2025):
    occurrence = case_study()
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    found = revisions(client, f"/seances/{occurrence.session.slug}.ics")
    assert found[uid(occurrence)][0] == 1


def test_moving_to_another_slot_and_moving_the_slot_advance_sequence(client, week_2025):
    occurrence = case_study()
    other_slot = TimeSlot.objects.exclude(pk=occurrence.time_slot_id).filter(day=occurrence.time_slot.day).last()
    occurrence.time_slot = other_slot
    occurrence.save()
    assert revisions(client)[uid(occurrence)][0] == 1
    slot = TimeSlot.objects.get(pk=other_slot.pk)
    slot.ends_at = datetime.time(slot.ends_at.hour, 59)
    slot.save()
    in_slot = Occurrence.objects.filter(time_slot=slot)
    found = revisions(client)
    assert found[uid(occurrence)][0] == 2
    assert {found[uid(o)][0] for o in in_slot.exclude(pk=occurrence.pk)} <= {1}


def test_title_change_advances_both_occurrences_of_a_repeated_workshop(client, week_2025):
    session = Session.objects.get(slug=REPEATED_WORKSHOP)
    session.title = "Conflits de valeurs publiques"
    session.save()
    found = revisions(client)
    assert [found[uid(o)][0] for o in session.occurrences.all()] == [1, 1]


def test_speakers_added_and_removed_advance_sequence(client, week_2025):
    occurrence = case_study()
    session = occurrence.session
    newcomer = Speaker.objects.create(
        edition_id=session.edition_id, given_name="Nadia", family_name="Nouvelle", slug="nadia-nouvelle"
    )
    link = SessionSpeaker.objects.create(session=session, speaker=newcomer, order=5)
    assert revisions(client)[uid(occurrence)][0] == 1
    link.delete()
    assert revisions(client)[uid(occurrence)][0] == 2
    session.speakers.add(newcomer)
    session.speakers.remove(newcomer)
    assert revisions(client)[uid(occurrence)][0] == 4
    newcomer.sessions.add(session)
    assert revisions(client)[uid(occurrence)][0] == 5


def test_description_or_order_change_keeps_sequence(client, week_2025):
    occurrence = case_study()
    session = occurrence.session
    session.description = "Autre texte."
    session.save()
    occurrence.refresh_from_db()
    occurrence.order = 7
    occurrence.save()
    assert revisions(client)[uid(occurrence)][0] == 0


def test_saving_an_older_copy_never_takes_sequence_back(client, week_2025):
    stale = case_study()
    session = stale.session
    session.title = "Nouveau titre"
    session.save()
    stale.order = 3  # read before the new title: its sequence is 0
    stale.save()
    assert revisions(client)[uid(stale)][0] == 1
    stale.room = Room.objects.get(name="Verrière")
    stale.save()
    assert revisions(client)[uid(stale)][0] == 2
