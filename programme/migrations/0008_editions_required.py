"""Rooms, people, sessions and stamps cannot be without an edition (see 0006)."""

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):
    dependencies = [("programme", "0007_editions_data")]

    operations = [
        migrations.AlterField(
            model_name="programmestamp",
            name="edition",
            field=models.OneToOneField(
                on_delete=models.deletion.CASCADE,
                related_name="programme_stamp",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AlterField(
            model_name="room",
            name="edition",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE, related_name="rooms", to="programme.edition", verbose_name="édition"
            ),
        ),
        migrations.AlterField(
            model_name="session",
            name="edition",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="sessions",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AlterField(
            model_name="speaker",
            name="edition",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="speakers",
                to="programme.edition",
                verbose_name="édition",
            ),
        ),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="registration_closes_after_opening",
                violation_error_message="La clôture des inscriptions doit venir après leur ouverture.",
            ),
        ),
        migrations.AddConstraint(
            model_name="room",
            constraint=models.UniqueConstraint(
                fields=("edition", "name"),
                name="room_name_once_per_edition",
                violation_error_message="Une salle de ce nom existe déjà dans cette édition.",
            ),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.UniqueConstraint(
                fields=("edition", "slug"),
                name="session_slug_once_per_edition",
                violation_error_message="Une séance a déjà cet identifiant dans cette édition.",
            ),
        ),
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.UniqueConstraint(
                fields=("edition", "slug"),
                name="speaker_slug_once_per_edition",
                violation_error_message="Une personne a déjà cet identifiant dans cette édition.",
            ),
        ),
        migrations.RemoveConstraint(model_name="edition", name="one_current_edition"),
        migrations.AddConstraint(
            model_name="edition",
            constraint=models.UniqueConstraint(
                condition=Q(is_current=True),
                fields=("is_current",),
                name="one_current_edition",
                violation_error_message=(
                    "Une autre édition est déjà l'édition courante : une seule à la fois. Utilisez l'action "
                    "« Faire de cette édition l'édition courante » de la liste des éditions."
                ),
            ),
        ),
    ]
