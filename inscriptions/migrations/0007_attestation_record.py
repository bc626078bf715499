"""An attestation becomes a record fixed when it was first issued (issue 19): each existing attestation
gets what it said on the day of this migration — the registration's name, kind, course, matricule, days
of presence and minutes of training, computed as inscriptions.attendance.attested does. One whose
registration was cancelled was already shown as not valid: it is recorded as revoked then, with a
reason saying so."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Not training time, as inscriptions.attendance.NOT_TRAINING says on the day of this migration.
NOT_TRAINING = ("accueil", "pause", "repas", "cocktail")


def _union_length(spans):
    total, reached = 0, None
    for start, end in sorted(spans):
        if reached is None or start > reached:
            total += end - start
            reached = end
        elif end > reached:
            total += end - reached
            reached = end
    return total


def fill_records(apps, schema_editor):
    Attestation = apps.get_model("inscriptions", "Attestation")
    AttestationChange = apps.get_model("inscriptions", "AttestationChange")
    Attendance = apps.get_model("inscriptions", "Attendance")
    Occurrence = apps.get_model("programme", "Occurrence")
    for attestation in Attestation.objects.select_related("registration__edition"):
        registration = attestation.registration
        edition = registration.edition
        days = list(
            Attendance.objects.filter(registration=registration).order_by("day__date").select_related("day")
        )
        minutes = 0
        for attendance in days:
            spans = [
                (slot_start.hour * 60 + slot_start.minute, slot_end.hour * 60 + slot_end.minute)
                for slot_start, slot_end in Occurrence.objects.filter(time_slot__day=attendance.day)
                .exclude(session__kind__in=NOT_TRAINING)
                .values_list("time_slot__starts_at", "time_slot__ends_at")
            ]
            minutes += _union_length(spans)
        course = [part for part in (edition.course_code, edition.course_title) if part]
        if edition.course_credits:
            course.append(f"{edition.course_credits}\u00a0crédit{'s' if edition.course_credits > 1 else ''}")
        attestation.full_name = f"{registration.first_name} {registration.last_name}"
        attestation.kind = registration.kind
        attestation.course_label = " – ".join(course) if registration.kind == "credit" else ""
        attestation.matricule = registration.matricule if registration.kind == "credit" else ""
        attestation.days = [attendance.day.date.isoformat() for attendance in days]
        attestation.minutes = minutes
        if registration.state == "annulee":
            attestation.revoked_at = registration.updated_at
        attestation.save()
        if registration.state == "annulee":
            AttestationChange.objects.create(
                attestation=attestation,
                action="revocation",
                reason="Inscription annulée avant que l'attestation devienne un document fixé.",
                by=None,
                by_name="Migration des attestations",
                at=registration.updated_at,
                before={},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("inscriptions", "0006_identity_validators"),
        ("programme", "0011_room_details"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="attestation",
            name="full_name",
            field=models.CharField(default="", max_length=301, verbose_name="nom"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="attestation",
            name="kind",
            field=models.CharField(
                choices=[("credit", "Formation créditée"), ("attestation", "Attestation de formation")],
                default="attestation",
                max_length=12,
                verbose_name="type",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="attestation",
            name="course_label",
            field=models.CharField(blank=True, max_length=400, verbose_name="cours"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="matricule",
            field=models.CharField(blank=True, max_length=20, verbose_name="matricule ENAP"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="days",
            field=models.JSONField(default=list, verbose_name="journées de présence"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="minutes",
            field=models.PositiveIntegerField(default=0, verbose_name="minutes de formation"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="corrected_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="corrigée le"),
        ),
        migrations.AddField(
            model_name="attestation",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="révoquée le"),
        ),
        migrations.CreateModel(
            name="AttestationChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "action",
                    models.CharField(
                        choices=[("correction", "Correction"), ("revocation", "Révocation")],
                        max_length=12,
                        verbose_name="action",
                    ),
                ),
                ("reason", models.TextField(max_length=1000, verbose_name="raison")),
                ("by_name", models.CharField(max_length=254, verbose_name="par (nom gardé)")),
                ("at", models.DateTimeField(verbose_name="le")),
                ("before", models.JSONField(verbose_name="ce qu'elle disait avant")),
                (
                    "attestation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="inscriptions.attestation",
                        verbose_name="attestation",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
            ],
            options={
                "verbose_name": "modification d'attestation",
                "verbose_name_plural": "modifications d'attestations",
                "ordering": ["at", "pk"],
            },
        ),
        migrations.RunPython(fill_records, migrations.RunPython.noop),
    ]
