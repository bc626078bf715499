"""Edition scoping held by the database, first step: time slots, occurrences and speakers' places in a
session get the id of their edition, copied from their parent (0013 makes it required and adds the
composite foreign keys, in a transaction of its own: PostgreSQL alters no table with updates pending).

Data written before these rules could hold a link across editions (issue 19, finding 1: a 2026
session saved into a 2025 time slot). Such rows are not repaired behind anyone's back: the migration
stops before changing anything and lists them, so that an organizer deletes or moves them in the
admin, then `migrate` runs again.
"""

import django.db.models.deletion
from django.db import migrations, models


def crossing_links(apps):
    """One French line per link across editions found in the data."""
    Occurrence = apps.get_model("programme", "Occurrence")
    SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
    lines = []
    occurrences = Occurrence.objects.select_related("session", "time_slot__day", "room")
    for occurrence in occurrences.exclude(session__edition=models.F("time_slot__day__edition")):
        lines.append(
            f"- séance au programme n° {occurrence.pk} : « {occurrence.session.title} » est d'une autre édition "
            f"que sa plage horaire du {occurrence.time_slot.day.date.isoformat()}"
        )
    for occurrence in occurrences.filter(room__isnull=False).exclude(room__edition=models.F("time_slot__day__edition")):
        lines.append(
            f"- séance au programme n° {occurrence.pk} : la salle « {occurrence.room.name} » est d'une autre édition "
            f"que sa plage horaire du {occurrence.time_slot.day.date.isoformat()}"
        )
    links = SessionSpeaker.objects.select_related("session", "speaker")
    for link in links.exclude(speaker__edition=models.F("session__edition")):
        lines.append(
            f"- intervenant·e n° {link.pk} : {link.speaker.given_name} {link.speaker.family_name} est d'une autre "
            f"édition que la séance « {link.session.title} »"
        )
    return lines


def copy_editions(apps, schema_editor):
    lines = crossing_links(apps)
    if lines:
        raise RuntimeError(
            "Des liens entre éditions empêchent cette migration. Supprimez ou corrigez ces lignes dans l'admin, "
            "puis relancez « migrate » :\n" + "\n".join(lines)
        )
    Day = apps.get_model("programme", "Day")
    TimeSlot = apps.get_model("programme", "TimeSlot")
    Session = apps.get_model("programme", "Session")
    Occurrence = apps.get_model("programme", "Occurrence")
    SessionSpeaker = apps.get_model("programme", "SessionSpeaker")
    day_editions = models.Subquery(Day.objects.filter(pk=models.OuterRef("day_id")).values("edition_id")[:1])
    TimeSlot.objects.update(edition_id=day_editions)
    slot_editions = models.Subquery(TimeSlot.objects.filter(pk=models.OuterRef("time_slot_id")).values("edition_id")[:1])
    Occurrence.objects.update(edition_id=slot_editions)
    session_editions = models.Subquery(Session.objects.filter(pk=models.OuterRef("session_id")).values("edition_id")[:1])
    SessionSpeaker.objects.update(edition_id=session_editions)


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0011_room_details"),
    ]

    operations = [
        migrations.AddField(
            model_name="timeslot",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddField(
            model_name="occurrence",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddField(
            model_name="sessionspeaker",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.RunPython(copy_editions, migrations.RunPython.noop),
    ]
