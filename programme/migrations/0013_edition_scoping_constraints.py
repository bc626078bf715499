"""Edition scoping held by the database, second step: the edition of time slots, occurrences and
speakers' places is required, and composite foreign keys (programme/models/constraints.py) tie each
of their links to a row of that same edition."""

import django.db.models.deletion
from django.db import migrations, models

import programme.models.constraints


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0012_edition_on_slots_and_links"),
    ]

    operations = [
        migrations.AlterField(
            model_name="timeslot",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AlterField(
            model_name="occurrence",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AlterField(
            model_name="sessionspeaker",
            name="edition",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddConstraint(
            model_name="day",
            constraint=models.UniqueConstraint(fields=("edition", "id"), name="day_edition_key"),
        ),
        migrations.AddConstraint(
            model_name="timeslot",
            constraint=models.UniqueConstraint(fields=("edition", "id"), name="timeslot_edition_key"),
        ),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.UniqueConstraint(fields=("edition", "id"), name="room_edition_key"),
        ),
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.UniqueConstraint(fields=("edition", "id"), name="speaker_edition_key"),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.UniqueConstraint(fields=("edition", "id"), name="session_edition_key"),
        ),
        migrations.AddConstraint(
            model_name="timeslot",
            constraint=programme.models.constraints.SameEdition(field="day", name="timeslot_day_same_edition"),
        ),
        migrations.AddConstraint(
            model_name="sessionspeaker",
            constraint=programme.models.constraints.SameEdition(
                field="session", name="sessionspeaker_session_same_edition"
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionspeaker",
            constraint=programme.models.constraints.SameEdition(
                field="speaker", name="sessionspeaker_speaker_same_edition"
            ),
        ),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=programme.models.constraints.SameEdition(
                field="session", name="occurrence_session_same_edition"
            ),
        ),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=programme.models.constraints.SameEdition(
                field="time_slot", name="occurrence_time_slot_same_edition"
            ),
        ),
        migrations.AddConstraint(
            model_name="occurrence",
            constraint=programme.models.constraints.SameEdition(field="room", name="occurrence_room_same_edition"),
        ),
    ]
