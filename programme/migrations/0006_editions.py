"""Every edition owns its rooms, people and sessions, and has its own programme version.

Until now rooms, speakers and sessions belonged to no edition (there was one). Each row is
given the edition its occurrences belong to; a room or a person used by several editions is
copied, one row per edition, so that each edition keeps its own words. Rows used by no
occurrence go to the current edition (or the newest). The single programme stamp becomes
one stamp per edition, each starting from the old revision, so no ETag goes backwards.
"""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    # Three steps (fields, data, constraints), each its own transaction: PostgreSQL refuses to
    # alter a table in the transaction that just updated its rows.
    dependencies = [("programme", "0005_occurrence_calendar_revision")]

    operations = [
        migrations.AddField(
            model_name="edition",
            name="registration_opens_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Vide : ouvertes dès la publication.",
                null=True,
                verbose_name="ouverture des inscriptions",
            ),
        ),
        migrations.AddField(
            model_name="edition",
            name="registration_closes_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Vide : ouvertes jusqu'au dernier jour. Elles sont toujours closes une fois l'édition terminée.",
                null=True,
                verbose_name="clôture des inscriptions",
            ),
        ),
        migrations.AddField(
            model_name="programmestamp",
            name="edition",
            field=models.OneToOneField(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="programme_stamp",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddField(
            model_name="room",
            name="edition",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="rooms",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="edition",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="sessions",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="edition",
            field=models.ForeignKey(
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="speakers",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AlterField(
            model_name="room", name="name", field=models.CharField(max_length=120, verbose_name="nom")
        ),
        migrations.AlterField(
            model_name="session", name="slug", field=models.SlugField(max_length=120, verbose_name="identifiant")
        ),
        migrations.AlterField(
            model_name="speaker", name="slug", field=models.SlugField(max_length=120, verbose_name="identifiant")
        ),
    ]
