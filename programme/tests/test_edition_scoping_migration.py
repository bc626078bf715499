"""The migration to edition scoping held by the database (0012, 0013): every slot, occurrence and
speaker's place gets its parent's edition; data holding a link across editions (issue 19, finding 1)
stops the migration with the French list of what to correct, changing nothing."""

import datetime

import pytest
from django.db import connection

from cahier.tests.test_edition_migration import migrations_moved

BEFORE = [("programme", "0011_room_details")]
AFTER = [("programme", "0013_edition_scoping_constraints")]


def edition(apps, year):
    return apps.get_model("programme", "Edition").objects.create(
        name="École d'automne",
        slug=f"ecole-automne-{year}",
        starts_on=datetime.date(year, 10, 20),
        ends_on=datetime.date(year, 10, 24),
        venue="ENAP",
        address="Montréal",
        capacity=100,
    )


def week(apps, year):
    """An edition with a day, a slot, a room, a person and a session placed there."""
    models = {name: apps.get_model("programme", name) for name in ("Day", "TimeSlot", "Room", "Speaker", "Session")}
    found = edition(apps, year)
    day = models["Day"].objects.create(edition=found, date=found.starts_on)
    slot = models["TimeSlot"].objects.create(day=day, starts_at=datetime.time(9), ends_at=datetime.time(10))
    room = models["Room"].objects.create(edition=found, name="Salle 4114")
    person = models["Speaker"].objects.create(
        edition=found, given_name="Ada", family_name=f"Lovelace{year}", slug="ada", sort_name="l"
    )
    session = models["Session"].objects.create(edition=found, kind="atelier", title=f"Atelier {year}", slug="atelier")
    return {"edition": found, "slot": slot, "room": room, "person": person, "session": session}


def place(apps, session, slot, room, person):
    occurrence = apps.get_model("programme", "Occurrence").objects.create(session=session, time_slot=slot, room=room)
    link = apps.get_model("programme", "SessionSpeaker").objects.create(session=session, speaker=person)
    return occurrence, link


@pytest.mark.django_db(transaction=True)
def test_migration_gives_every_slot_occurrence_and_speaker_place_its_edition():
    with migrations_moved() as migrate:
        apps = migrate(BEFORE)
        old, new = week(apps, 2025), week(apps, 2026)
        old_rows = place(apps, old["session"], old["slot"], old["room"], old["person"])
        new_rows = place(apps, new["session"], new["slot"], None, new["person"])

        apps = migrate(AFTER)

        Occurrence = apps.get_model("programme", "Occurrence")
        SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
        TimeSlot = apps.get_model("programme", "TimeSlot")
        assert Occurrence.objects.get(pk=old_rows[0].pk).edition_id == old["edition"].pk
        assert Occurrence.objects.get(pk=new_rows[0].pk).edition_id == new["edition"].pk
        assert SessionSpeaker.objects.get(pk=old_rows[1].pk).edition_id == old["edition"].pk
        assert SessionSpeaker.objects.get(pk=new_rows[1].pk).edition_id == new["edition"].pk
        assert dict(TimeSlot.objects.values_list("pk", "edition_id")) == {
            old["slot"].pk: old["edition"].pk,
            new["slot"].pk: new["edition"].pk,
        }


@pytest.mark.django_db(transaction=True)
def test_migration_refuses_data_linking_two_editions_and_changes_nothing():
    with migrations_moved() as migrate:
        apps = migrate(BEFORE)
        old, new = week(apps, 2025), week(apps, 2026)
        # Finding 1: a 2026 session saved into a 2025 slot, with a 2025 room and a 2025 person.
        crossing, link = place(apps, new["session"], old["slot"], old["room"], old["person"])

        with pytest.raises(RuntimeError) as refused:
            migrate(AFTER)

        assert str(refused.value) == (
            "Des liens entre éditions empêchent cette migration. Supprimez ou corrigez ces lignes dans "
            "l'admin, puis relancez « migrate » :\n"
            f"- séance au programme n° {crossing.pk} : « Atelier 2026 » est d'une autre édition que sa plage "
            "horaire du 2025-10-20\n"
            f"- intervenant·e n° {link.pk} : Ada Lovelace2025 est d'une autre édition que la séance « Atelier 2026 »"
        )
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, "programme_occurrence")]
        assert "edition_id" not in columns
        # Corrected as the message says, the migration runs.
        apps.get_model("programme", "Occurrence").objects.filter(pk=crossing.pk).delete()
        apps.get_model("programme", "SessionSpeaker").objects.filter(pk=link.pk).delete()
        migrate(AFTER)
