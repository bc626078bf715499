"""Each room, person and session gets its edition; one programme stamp per edition (see 0006)."""

from django.core.management.color import no_style
from django.db import migrations


def home_edition(Edition):
    return Edition.objects.filter(is_current=True).first() or Edition.objects.order_by("-starts_on").first()


def editions_of_rows(apps):
    """Which editions use each session, room and speaker (through the occurrences)."""
    Occurrence = apps.get_model("programme", "Occurrence")
    SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
    sessions, rooms = {}, {}
    for session_id, room_id, edition_id, date in Occurrence.objects.values_list(
        "session_id", "room_id", "time_slot__day__edition_id", "time_slot__day__date"
    ).order_by("time_slot__day__date"):
        sessions.setdefault(session_id, edition_id)  # the edition of its first occurrence
        if room_id:
            rooms.setdefault(room_id, []).append(edition_id)
    speakers = {}
    for speaker_id, session_id in SessionSpeaker.objects.values_list("speaker_id", "session_id"):
        if session_id in sessions:
            speakers.setdefault(speaker_id, []).append(sessions[session_id])
    return sessions, rooms, speakers


def copy_for_editions(row, edition_ids, fallback_id):
    """Gives `row` its first edition; returns {edition_id: copy} for the other editions using it."""
    ordered = list(dict.fromkeys(edition_ids)) or [fallback_id]
    row.edition_id = ordered[0]
    row.save()
    copies = {}
    for edition_id in ordered[1:]:
        original_pk = row.pk
        row.pk = None
        row.edition_id = edition_id
        row.save()
        copies[edition_id] = row.pk
        row.pk = original_pk
    return copies


def give_rows_their_edition(apps, schema_editor):
    Edition = apps.get_model("programme", "Edition")
    Session = apps.get_model("programme", "Session")
    Room = apps.get_model("programme", "Room")
    Speaker = apps.get_model("programme", "Speaker")
    Occurrence = apps.get_model("programme", "Occurrence")
    SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
    ProgrammeStamp = apps.get_model("programme", "ProgrammeStamp")

    home = home_edition(Edition)
    if home is None:
        if Session.objects.exists() or Room.objects.exists() or Speaker.objects.exists():
            raise RuntimeError(
                "Des salles, personnes ou séances existent sans aucune édition : créez l'édition d'abord."
            )
        ProgrammeStamp.objects.all().delete()
        return
    sessions, rooms, speakers = editions_of_rows(apps)

    for session in Session.objects.all():
        session.edition_id = sessions.get(session.pk, home.pk)
        session.save(update_fields=["edition"])
    for room in Room.objects.all():
        for edition_id, copy_pk in copy_for_editions(room, rooms.get(room.pk, []), home.pk).items():
            Occurrence.objects.filter(room_id=room.pk, time_slot__day__edition_id=edition_id).update(room_id=copy_pk)
    for speaker in Speaker.objects.all():
        for edition_id, copy_pk in copy_for_editions(speaker, speakers.get(speaker.pk, []), home.pk).items():
            SessionSpeaker.objects.filter(speaker_id=speaker.pk, session__edition_id=edition_id).update(
                speaker_id=copy_pk
            )

    # The single stamp was written with an explicit id (1): its row is reused, and PostgreSQL's
    # sequence is set past it so that the next stamps get new ids.
    single = ProgrammeStamp.objects.filter(edition__isnull=True).order_by("-revision").first()
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [ProgrammeStamp]):
            cursor.execute(statement)
    for edition in Edition.objects.order_by("pk"):
        if single and single.edition_id is None:
            single.edition = edition
            single.save()
            continue
        ProgrammeStamp.objects.create(
            edition=edition,
            revision=single.revision if single else 0,
            changed_at=single.changed_at if single else edition.updated_at,
        )
    ProgrammeStamp.objects.filter(edition__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_editions")]

    operations = [migrations.RunPython(give_rows_their_edition, migrations.RunPython.noop)]
