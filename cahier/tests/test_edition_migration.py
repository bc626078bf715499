"""The migration to editions, run on a database that already holds a whole cahier's worth of
writing: every row gets its edition, nothing is lost, and a room or a person used by two
editions becomes one row per edition."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("programme", "0005_occurrence_calendar_revision"), ("cahier", "0003_prompt_label_help")]
AFTER = [("programme", "0008_editions_required"), ("cahier", "0006_editions_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def unapplied():
    """The migrations the test database still lacks, as (app, name)."""
    executor = MigrationExecutor(connection)
    return [(m.app_label, m.name) for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


@contextmanager
def migrations_moved():
    """Lets a test move the database between migrations, and puts it back at the latest ones after.

    Every test of the run shares this database: one left at AFTER lacks every later migration's columns
    (programme_room.floor...), and the tests that come after fail on them.
    """
    try:
        yield migrate
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def moved():
    with migrations_moved() as move:
        yield move


def edition(apps, year, is_current):
    return apps.get_model("programme", "Edition").objects.create(
        name="École d'automne",
        slug=f"ecole-automne-{year}",
        is_current=is_current,
        starts_on=datetime.date(year, 10, 20),
        ends_on=datetime.date(year, 10, 24),
        venue="ENAP",
        address="Montréal",
        capacity=100,
    )


def occurrence(apps, edition, session, room, speaker=None):
    day = apps.get_model("programme", "Day").objects.create(edition=edition, date=edition.starts_on)
    slot = apps.get_model("programme", "TimeSlot").objects.create(
        day=day, starts_at=datetime.time(9), ends_at=datetime.time(10)
    )
    apps.get_model("programme", "Occurrence").objects.create(session=session, time_slot=slot, room=room)
    if speaker:
        apps.get_model("programme", "SessionSpeaker").objects.create(session=session, speaker=speaker)


def world_before(apps):
    """Two editions sharing a room and a person, and a participant who wrote everything."""
    Session = apps.get_model("programme", "Session")
    Room = apps.get_model("programme", "Room")
    Speaker = apps.get_model("programme", "Speaker")
    old, new = edition(apps, 2025, False), edition(apps, 2026, True)
    room = Room.objects.create(name="Salle 4114")
    person = Speaker.objects.create(given_name="Vincent", family_name="Loeffler", slug="loeffler", sort_name="l")
    keynote = Session.objects.create(kind="conference_magistrale", title="Conférence 2025", slug="conference")
    occurrence(apps, old, keynote, room, person)
    occurrence(apps, new, Session.objects.create(kind="atelier", title="Atelier 2026", slug="atelier"), room, person)
    apps.get_model("programme", "ProgrammeStamp").objects.create(pk=1, revision=41, changed_at=timezone.now())

    user = apps.get_model("inscriptions", "User").objects.create(email="camille@example.org")
    level = apps.get_model("cahier", "Level").objects.create(name="En moi", intro_label="Sur vous", intro_text="…")
    page = apps.get_model("cahier", "Page").objects.create(kind="theme", title="Thème 1", slug="theme-1")
    page.sessions.add(keynote)
    prompt = apps.get_model("cahier", "Prompt").objects.create(page=page, level=level, label="Qu'en pensez-vous ?")
    apps.get_model("cahier", "GuidingQuestion").objects.create(prompt=prompt, text="Pourquoi ?")
    answer = apps.get_model("cahier", "Answer").objects.create(user=user, prompt=prompt, text="Ma réponse", version=2)
    for version, text in ((1, "Ma"), (2, "Ma réponse")):
        apps.get_model("cahier", "AnswerRevision").objects.create(
            answer=answer, version=version, text=text, saved_at=timezone.now()
        )
    apps.get_model("cahier", "Notebook").objects.create(user=user, shared_with_team=True, shared_since=timezone.now())
    apps.get_model("cahier", "Comment").objects.create(owner=user, page=page, author=user, text="Bravo")
    apps.get_model("cahier", "Drawing").objects.create(
        user=user, image="cahier/abc.png", caption="Mon schéma", source="dessin", width=10, height=10
    )
    apps.get_model("cahier", "CaseStudyChoice").objects.create(user=user, page=page, session=keynote)
    return old.pk, new.pk


@pytest.mark.django_db(transaction=True)
def test_migration_to_editions_loses_nothing_and_gives_everything_its_edition(moved):
    old_pk, new_pk = world_before(moved(BEFORE))
    apps = moved(AFTER)

    Session = apps.get_model("programme", "Session")
    assert dict(Session.objects.values_list("slug", "edition_id")) == {"conference": old_pk, "atelier": new_pk}
    # The room and the person both editions used: one row each, each occurrence on its own edition's row.
    rooms = apps.get_model("programme", "Room").objects.order_by("edition_id")
    assert [(r.name, r.edition_id) for r in rooms] == [("Salle 4114", old_pk), ("Salle 4114", new_pk)]
    for row in apps.get_model("programme", "Occurrence").objects.all():
        assert row.room.edition_id == row.session.edition_id == row.time_slot.day.edition_id
    for link in apps.get_model("programme", "SessionSpeaker").objects.all():
        assert link.speaker.edition_id == link.session.edition_id
    assert apps.get_model("programme", "Speaker").objects.count() == 2
    stamps = apps.get_model("programme", "ProgrammeStamp").objects.order_by("edition_id")
    assert [(s.edition_id, s.revision) for s in stamps] == [(old_pk, 41), (new_pk, 41)]
    # The next edition's stamp gets a new id (the old one had been written with id 1).
    apps.get_model("programme", "ProgrammeStamp").objects.create(
        edition=edition(apps, 2027, False), changed_at=timezone.now()
    )

    # The cahier belongs to the edition of its « Séances liées » (2025), and nothing is lost.
    for name in ("Level", "Page", "Notebook", "Drawing"):
        assert list(apps.get_model("cahier", name).objects.values_list("edition_id", flat=True)) == [old_pk], name
    answer = apps.get_model("cahier", "Answer").objects.get()
    assert (answer.text, answer.version, answer.prompt.label) == ("Ma réponse", 2, "Qu'en pensez-vous ?")
    assert list(answer.revisions.order_by("version").values_list("text", flat=True)) == ["Ma", "Ma réponse"]
    assert apps.get_model("cahier", "Comment").objects.get().text == "Bravo"
    assert apps.get_model("cahier", "Drawing").objects.get().image.name == "cahier/abc.png"
    assert apps.get_model("cahier", "CaseStudyChoice").objects.get().session.slug == "conference"
    assert apps.get_model("cahier", "Notebook").objects.get().shared_with_team is True
    assert apps.get_model("cahier", "GuidingQuestion").objects.get().text == "Pourquoi ?"


@pytest.mark.django_db(transaction=True)
def test_migrations_moved_puts_the_database_back_at_the_latest_migrations():
    with migrations_moved() as move:
        move(AFTER)
        assert ("programme", "0011_room_details") in unapplied()
    assert unapplied() == []
    with connection.cursor() as cursor:
        columns = [column.name for column in connection.introspection.get_table_description(cursor, "programme_room")]
    assert "floor" in columns


@pytest.mark.django_db(transaction=True)
def test_migrations_moved_puts_the_database_back_when_the_test_fails():
    with pytest.raises(AssertionError), migrations_moved() as move:
        move(BEFORE)
        raise AssertionError("échec au milieu du test")
    assert unapplied() == []
