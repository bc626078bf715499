"""SEQUENCE and LAST-MODIFIED of the iCalendar events advance with what the event shows (its time,
room, title, description, speakers, place and address), for exactly the events that show it, when an
organizer's write goes through programme/change_effects.py; read back by both parsers (icalendar,
vobject)."""

import datetime

import icalendar
import time_machine
import vobject

from programme import change_effects
from programme.models import Edition, Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot

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
        change_effects.save(occurrence)
    after = revisions(client)
    assert after[uid(occurrence)] == (1, LATER)
    assert {k: v for k, v in after.items() if k != uid(occurrence)} == {
        k: v for k, v in before.items() if k != uid(occurrence)
    }


def test_session_ics_carries_the_new_sequence(client, week_2025):
    occurrence = case_study()
    occurrence.room = Room.objects.get(name="Verrière")
    change_effects.save(occurrence)
    found = revisions(client, f"/seances/{occurrence.session.slug}.ics")
    assert found[uid(occurrence)][0] == 1


def test_moving_to_another_slot_and_moving_the_slot_advance_sequence(client, week_2025):
    occurrence = case_study()
    other_slot = TimeSlot.objects.exclude(pk=occurrence.time_slot_id).filter(day=occurrence.time_slot.day).last()
    occurrence.time_slot = other_slot
    change_effects.save(occurrence)
    assert revisions(client)[uid(occurrence)][0] == 1
    slot = TimeSlot.objects.get(pk=other_slot.pk)
    slot.ends_at = datetime.time(slot.ends_at.hour, 59)
    change_effects.save(slot)
    in_slot = Occurrence.objects.filter(time_slot=slot)
    found = revisions(client)
    assert found[uid(occurrence)][0] == 2
    assert {found[uid(o)][0] for o in in_slot.exclude(pk=occurrence.pk)} <= {1}


def test_title_change_advances_both_occurrences_of_a_repeated_workshop(client, week_2025):
    session = Session.objects.get(slug=REPEATED_WORKSHOP)
    session.title = "Conflits de valeurs publiques"
    change_effects.save(session)
    found = revisions(client)
    assert [found[uid(o)][0] for o in session.occurrences.all()] == [1, 1]


def test_speakers_added_renamed_and_removed_advance_sequence(client, week_2025):
    occurrence = case_study()
    session = occurrence.session
    newcomer = Speaker.objects.create(
        edition_id=session.edition_id, given_name="Nadia", family_name="Nouvelle", slug="nadia-nouvelle"
    )
    link = SessionSpeaker(session=session, speaker=newcomer, order=5)
    change_effects.save(link)
    assert revisions(client)[uid(occurrence)][0] == 1
    newcomer.family_name = "Nouvelle-Ancienne"
    change_effects.save(newcomer)
    assert revisions(client)[uid(occurrence)][0] == 2
    change_effects.delete(link)
    assert revisions(client)[uid(occurrence)][0] == 3
    newcomer.organisation = "ENAP"  # no longer in this session: its event does not show it
    change_effects.save(newcomer)
    assert revisions(client)[uid(occurrence)][0] == 3


def test_description_raises_its_events_sequence_and_order_keeps_it(client, week_2025):
    occurrence = case_study()
    session = occurrence.session
    session.description = "Autre texte."
    change_effects.save(session)
    assert revisions(client)[uid(occurrence)][0] == 1
    occurrence.refresh_from_db()
    occurrence.order = 7
    change_effects.save(occurrence)
    assert revisions(client)[uid(occurrence)][0] == 1


def test_saving_unchanged_values_keeps_every_sequence(client, week_2025):
    before = revisions(client)
    for row in [*Room.objects.all(), *Session.objects.all(), *TimeSlot.objects.all(), *Edition.objects.all()]:
        change_effects.save(row)
    assert revisions(client) == before


def test_renaming_a_room_revises_every_event_in_it_and_no_other(client, week_2025):
    room = Room.objects.get(name="Local 4037")
    inside = {uid(o) for o in Occurrence.objects.filter(room=room)}
    before = revisions(client)
    room.location_detail = "5ᵉ étage"
    change_effects.save(room)
    after = revisions(client)
    assert {key for key in after if after[key] != before[key]} == inside
    assert {after[key][0] for key in inside} == {1}


def test_the_venue_revises_the_events_it_places_not_those_online(client, week_2025):
    online = {uid(o) for o in Occurrence.objects.filter(room__is_online=True)}
    assert len(online) == 1
    before = revisions(client)
    edition = Edition.objects.get()
    edition.venue = "École nationale d'administration publique"
    change_effects.save(edition)
    after = revisions(client)
    assert {key for key in after if after[key] != before[key]} == set(before) - online


def test_another_edition_made_current_revises_the_events_whose_address_changes(client, week_2025):
    edition = Edition.objects.get()
    before = revisions(client, f"/editions/{edition.slug}/programme.ics")
    edition.is_current = False
    change_effects.save(edition)
    after = revisions(client, f"/editions/{edition.slug}/programme.ics")
    assert {sequence for sequence, _ in after.values()} == {1} and set(after) == set(before)
    edition.slug = "ecole-automne-2025-bis"  # not current: its address shows the identifier
    change_effects.save(edition)
    assert {sequence for sequence, _ in revisions(client, f"/editions/{edition.slug}/programme.ics").values()} == {2}


def test_saving_an_older_copy_never_takes_sequence_back(client, week_2025):
    stale = case_study()
    session = stale.session
    session.title = "Nouveau titre"
    change_effects.save(session)
    stale.order = 3  # read before the new title: its sequence is 0
    change_effects.save(stale)
    assert revisions(client)[uid(stale)][0] == 1
    stale.room = Room.objects.get(name="Verrière")
    change_effects.save(stale)
    assert revisions(client)[uid(stale)][0] == 2
