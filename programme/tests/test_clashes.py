"""The scheduling rules (programme/clashes.py): a room holds one session at a time, a speaker is in one
place at a time, whether an occurrence is placed, a speaker added or a time slot moved. Each refusal
is checked with the exact message an organizer reads."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from automne.french import NBSP as NB
from programme import clashes
from programme.models import Day, Occurrence, SessionSpeaker, TimeSlot
from programme.tests.factories import errors_of, make_edition, make_room, make_session, make_speaker, schedule, t

pytestmark = pytest.mark.django_db


# A room holds one session at a time


@pytest.fixture
def room():
    return make_room("Salle de concert")


def test_room_taken_at_overlapping_times_is_refused(monday, room):
    schedule(make_session(title="Conférence"), monday, t(13), t(14), room=room)
    later = schedule(make_session(title="Atelier"), monday, t(13, 30), t(14, 45))
    later.room = room
    assert errors_of(later) == {
        "room": [
            f"Salle de concert est déjà occupée à ce moment par «{NB}Conférence{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }


def test_room_taken_by_a_longer_session_around_it_is_refused(monday, room):
    schedule(make_session(title="Journée"), monday, t(9), t(17), room=room)
    inside = schedule(make_session(), monday, t(13, 30), t(14, 45))
    inside.room = room
    assert list(errors_of(inside)) == ["room"]


def test_room_free_again_when_the_previous_session_ends_is_valid(monday, room):
    schedule(make_session(), monday, t(13), t(14), room=room)
    schedule(make_session(), monday, t(14), t(15), room=room).full_clean()


def test_room_taken_at_the_same_time_another_day_is_valid(monday, room):
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    schedule(make_session(), monday, t(13), t(14), room=room)
    schedule(make_session(), tuesday, t(13), t(14), room=room).full_clean()


def test_room_online_holds_parallel_sessions(monday):
    online = make_room("Zoom", is_online=True)
    schedule(make_session(), monday, t(13), t(14), room=online)
    schedule(make_session(), monday, t(13), t(14), room=online).full_clean()


def test_room_to_come_for_parallel_sessions_is_valid(monday):
    schedule(make_session(), monday, t(13), t(14))
    schedule(make_session(), monday, t(13), t(14)).full_clean()


def test_occurrence_saved_does_not_clash_with_itself(monday, room):
    schedule(make_session(), monday, t(13), t(14), room=room).full_clean()


# A speaker is in one place at a time


def test_occurrence_with_a_speaker_already_busy_is_refused(monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    atelier = make_session(title="Atelier", speakers=[make_speaker(), ada])
    occurrence = Occurrence(
        session=atelier, time_slot=TimeSlot.objects.create(day=monday, starts_at=t(13, 30), ends_at=t(15))
    )
    assert errors_of(occurrence) == {
        NON_FIELD_ERRORS: [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }


def test_occurrence_with_two_busy_speakers_names_both(monday):
    ada, alan = make_speaker("Ada", "Lovelace"), make_speaker("Alan", "Turing")
    schedule(make_session(title="Première", speakers=[ada]), monday, t(9), t(10))
    schedule(make_session(title="Seconde", speakers=[alan]), monday, t(10), t(11))
    occurrence = Occurrence(
        session=make_session(speakers=[ada, alan]),
        time_slot=TimeSlot.objects.create(day=monday, starts_at=t(9, 30), ends_at=t(10, 30)),
    )
    assert errors_of(occurrence) == {
        NON_FIELD_ERRORS: [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Première{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h).",
            f"Alan Turing intervient déjà à ce moment dans «{NB}Seconde{NB}» (lundi 20 octobre 2025, 10{NB}h à 11{NB}h).",
        ]
    }


def test_speaker_in_back_to_back_sessions_is_valid(monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(speakers=[ada]), monday, t(13), t(14))
    schedule(make_session(speakers=[ada]), monday, t(14), t(15)).full_clean()


def test_speaker_in_parallel_with_other_speakers_is_valid(monday):
    schedule(make_session(speakers=[make_speaker()]), monday, t(13), t(14))
    schedule(make_session(speakers=[make_speaker()]), monday, t(13), t(14)).full_clean()


def test_speaker_added_while_busy_is_refused(monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Table ronde", speakers=[ada]), monday, t(13), t(14))
    atelier = make_session(title="Atelier")
    schedule(atelier, monday, t(13, 30), t(14, 45))
    link = SessionSpeaker(session=atelier, speaker=ada)
    assert errors_of(link) == {
        "speaker": [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }


def test_speaker_added_is_checked_at_every_occurrence_of_the_session(monday):
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(title="Mardi", speakers=[ada]), tuesday, t(13, 30), t(14, 45))
    atelier = make_session()
    schedule(atelier, monday, t(13, 30), t(14, 45))
    schedule(atelier, tuesday, t(13, 30), t(14, 45))
    assert errors_of(SessionSpeaker(session=atelier, speaker=ada)) == {
        "speaker": [
            f"Ada Lovelace intervient déjà à ce moment dans «{NB}Mardi{NB}» "
            f"(mardi 21 octobre 2025, 13{NB}h{NB}30 à 14{NB}h{NB}45)."
        ]
    }


def test_speaker_added_while_free_is_valid(monday):
    ada = make_speaker("Ada", "Lovelace")
    schedule(make_session(speakers=[ada]), monday, t(9), t(10))
    atelier = make_session()
    schedule(atelier, monday, t(13, 30), t(14, 45))
    SessionSpeaker(session=atelier, speaker=ada).full_clean()


def test_speaker_added_to_an_unscheduled_session_is_valid():
    ada = make_speaker("Ada", "Lovelace")
    SessionSpeaker(session=make_session(), speaker=ada).full_clean()


def test_speaker_link_saved_does_not_clash_with_its_own_session(monday):
    ada = make_speaker("Ada", "Lovelace")
    session = make_session(speakers=[ada])
    schedule(session, monday, t(9), t(10))
    link = SessionSpeaker.objects.get(session=session, speaker=ada)
    link.role = SessionSpeaker.Role.MODERATOR
    link.full_clean()


# The querysets the rules stand on


def test_overlapping_excludes_sessions_touching_at_the_ends(monday):
    before = schedule(make_session(), monday, t(9), t(10))
    during = schedule(make_session(), monday, t(9, 30), t(11))
    after = schedule(make_session(), monday, t(11), t(12))
    slot = TimeSlot(day=monday, starts_at=t(10), ends_at=t(11))
    assert list(Occurrence.objects.overlapping(slot)) == [during]
    assert before not in Occurrence.objects.overlapping(slot) and after not in Occurrence.objects.overlapping(slot)


# Moving a time slot takes its sessions along


def test_time_slot_moved_onto_a_taken_room_is_refused(monday, room):
    schedule(make_session(title="Conférence"), monday, t(13), t(14), room=room)
    moved = schedule(make_session(title="Atelier"), monday, t(9), t(10), room=room).time_slot
    moved.starts_at, moved.ends_at = t(13, 30), t(14, 30)
    assert errors_of(moved) == {
        NON_FIELD_ERRORS: [
            f"«{NB}Atelier{NB}»{NB}: Salle de concert est déjà occupée à ce moment par «{NB}Conférence{NB}» "
            f"(lundi 20 octobre 2025, 13{NB}h à 14{NB}h)."
        ]
    }


def test_time_slot_moved_onto_a_busy_speaker_is_refused(monday):
    ada = make_speaker("Ada", "Lovelace")
    tuesday = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 21))
    schedule(make_session(title="Table ronde", speakers=[ada]), tuesday, t(9), t(10))
    moved = schedule(make_session(title="Atelier", speakers=[ada]), monday, t(9), t(10)).time_slot
    moved.day = tuesday
    assert errors_of(moved) == {
        NON_FIELD_ERRORS: [
            f"«{NB}Atelier{NB}»{NB}: Ada Lovelace intervient déjà à ce moment dans «{NB}Table ronde{NB}» "
            f"(mardi 21 octobre 2025, 9{NB}h à 10{NB}h)."
        ]
    }


def test_time_slot_moved_with_its_parallel_sessions_is_valid(monday, room):
    ada = make_speaker("Ada", "Lovelace")
    first = schedule(make_session(speakers=[ada]), monday, t(9), t(10), room=room)
    schedule(make_session(), monday, t(9), t(10), room=make_room("B"))
    slot = first.time_slot
    slot.starts_at, slot.ends_at = t(15), t(16)
    slot.full_clean()


def test_occurrence_with_a_session_or_room_of_another_edition_is_refused(monday):
    other = make_edition(slug="ecole-2024", is_current=False, starts_on=datetime.date(2024, 10, 21))
    elsewhere_session = make_session(edition=other)
    elsewhere_room = make_room("Salle 2024", edition=other)
    slot = TimeSlot.objects.create(day=monday, starts_at=t(9), ends_at=t(10))

    errors = errors_of(Occurrence(session=elsewhere_session, time_slot=slot, room=elsewhere_room))

    assert errors == {
        "session": ["Cette séance appartient à une autre édition que cette plage horaire."],
        "room": ["Cette salle appartient à une autre édition que cette plage horaire."],
    }


# Batches: rows changed in one save are checked together and against the database


def test_batch_rows_given_one_room_are_both_refused_naming_each_other(monday, room):
    first = schedule(make_session(title="Première"), monday, t(9), t(10))
    second = schedule(make_session(title="Seconde"), monday, t(9, 30), t(10, 30))
    first.room = second.room = room
    found = clashes.refusals([clashes.placement(first), clashes.placement(second)])
    assert found == {
        first.pk: {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Seconde{NB}» "
                f"(lundi 20 octobre 2025, 9{NB}h{NB}30 à 10{NB}h{NB}30)."
            ]
        },
        second.pk: {
            "room": [
                f"Salle de concert est déjà occupée à ce moment par «{NB}Première{NB}» "
                f"(lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
            ]
        },
    }


def test_batch_rows_swapping_their_rooms_are_accepted(monday, room):
    other = make_room("Verrière")
    first = schedule(make_session(), monday, t(9), t(10), room=room)
    second = schedule(make_session(), monday, t(9), t(10), room=other)
    first.room, second.room = other, room
    assert clashes.refusals([clashes.placement(first), clashes.placement(second)]) == {}


def test_batch_checks_a_speaker_in_two_rows_at_once(monday):
    ada = make_speaker("Ada", "Lovelace")
    slot = TimeSlot.objects.create(day=monday, starts_at=t(9), ends_at=t(10))
    first = Occurrence(session=make_session(title="Un", speakers=[ada]), time_slot=slot)
    second = Occurrence(session=make_session(title="Deux", speakers=[ada]), time_slot=slot)
    found = clashes.refusals([clashes.placement(first, key="a"), clashes.placement(second, key="b")])
    assert found == {
        "a": {
            "__all__": [
                f"Ada Lovelace intervient déjà à ce moment dans «{NB}Deux{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
            ]
        },
        "b": {
            "__all__": [
                f"Ada Lovelace intervient déjà à ce moment dans «{NB}Un{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h)."
            ]
        },
    }


def test_batch_is_compared_with_its_edition_only(monday, room):
    """A room and a time of another edition (its own rooms) never clash, even on the same date."""
    other = make_edition(slug="ecole-ete", is_current=False)
    other_day = Day.objects.create(edition=other, date=monday.date)
    schedule(make_session(edition=other), other_day, t(9), t(10), room=make_room("Salle de concert", edition=other))
    occurrence = schedule(make_session(), monday, t(9), t(10))
    occurrence.room = room
    assert clashes.refusals([clashes.placement(occurrence)]) == {}


def test_batch_costs_two_queries_whatever_its_size(monday, room, django_assert_num_queries):
    rows = [schedule(make_session(speakers=[make_speaker()]), monday, t(9 + n), t(10 + n)) for n in range(8)]
    placements = [
        clashes.placement(Occurrence.objects.select_related("session", "time_slot__day", "room").get(pk=o.pk))
        for o in rows
    ]
    with django_assert_num_queries(2):
        assert clashes.refusals(placements) == {}


def test_room_no_longer_online_must_not_hold_parallel_sessions(monday):
    online = make_room("Zoom", is_online=True)
    schedule(make_session(title="Un"), monday, t(9), t(10), room=online)
    schedule(make_session(title="Deux"), monday, t(9), t(10), room=online)
    online.is_online = False
    assert errors_of(online) == {
        "is_online": [
            f"«{NB}Un{NB}»{NB}: Zoom est déjà occupée à ce moment par «{NB}Deux{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h).",
            f"«{NB}Deux{NB}»{NB}: Zoom est déjà occupée à ce moment par «{NB}Un{NB}» (lundi 20 octobre 2025, 9{NB}h à 10{NB}h).",
        ]
    }
