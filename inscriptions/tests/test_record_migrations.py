"""The migrations that make an attestation a record and keep the roles given (0007, 0008), run on a
database that already has attestations and staff accounts: each attestation gets what it said the day
of the migration (one of a cancelled registration is recorded as revoked, with a reason), and each role
held is recorded as given, by someone unknown, when the account was made."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cahier.tests.test_edition_migration import migrations_moved


def leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def before():
    """Every app at its latest migration but inscriptions, just before the records."""
    return [node for node in leaves() if node[0] != "inscriptions"] + [("inscriptions", "0006_identity_validators")]


@pytest.mark.django_db(transaction=True)
def test_attestations_and_roles_recorded_by_the_migrations():
    with migrations_moved() as migrate:
        apps = migrate(before())
        Edition = apps.get_model("programme", "Edition")
        edition = Edition.objects.create(
            name="École",
            slug="ecole-migration",
            starts_on=datetime.date(2025, 10, 20),
            ends_on=datetime.date(2025, 10, 21),
            venue="ENAP",
            address="Montréal",
            capacity=10,
            course_code="ENP7009",
            course_title="Mobilisation",
            course_credits=3,
        )
        Day = apps.get_model("programme", "Day")
        TimeSlot = apps.get_model("programme", "TimeSlot")
        Session = apps.get_model("programme", "Session")
        Occurrence = apps.get_model("programme", "Occurrence")
        days = [Day.objects.create(edition=edition, date=datetime.date(2025, 10, 20 + n)) for n in range(2)]
        for day in days:
            for kind, start, end in [("conference_magistrale", 9, 12), ("repas", 12, 13), ("atelier", 13, 15)]:
                slot = TimeSlot.objects.create(
                    edition=edition, day=day, starts_at=datetime.time(start), ends_at=datetime.time(end)
                )
                session = Session.objects.create(
                    edition=edition, kind=kind, title=f"{kind} {day.pk}", slug=f"{kind}-{day.pk}"
                )
                Occurrence.objects.create(edition=edition, session=session, time_slot=slot)
        User = apps.get_model("inscriptions", "User")
        Registration = apps.get_model("inscriptions", "Registration")
        Attendance = apps.get_model("inscriptions", "Attendance")
        Attestation = apps.get_model("inscriptions", "Attestation")
        Group = apps.get_model("auth", "Group")

        def registration(email, state, kind="credit"):
            user = User.objects.create(email=email)
            return Registration.objects.create(
                edition=edition,
                user=user,
                email=email,
                first_name="Élodie",
                last_name="Bélanger",
                kind=kind,
                matricule="11223344",
                organisation="O",
                function="F",
                sector="autre",
                consented_at=timezone.now(),
                state=state,
            )

        kept = registration("a@exemple.ca", "confirmee")
        cancelled = registration("b@exemple.ca", "annulee", kind="attestation")
        for person in (kept, cancelled):
            Attendance.objects.create(registration=person, day=days[0])
        Attendance.objects.create(registration=kept, day=days[1])
        for person in (kept, cancelled):
            Attestation.objects.create(registration=person, code=f"code{person.pk}")
        teacher = User.objects.create(email="prof@exemple.ca")
        teacher.groups.add(Group.objects.get_or_create(name="Équipe pédagogique")[0])

        apps = migrate(leaves())
        Attestation = apps.get_model("inscriptions", "Attestation")
        record = Attestation.objects.get(registration_id=kept.pk)
        assert (record.full_name, record.kind, record.matricule, record.days, record.minutes, record.revoked_at) == (
            "Élodie Bélanger",
            "credit",
            "11223344",
            ["2025-10-20", "2025-10-21"],
            600,  # 9 h – 12 h and 13 h – 15 h, twice; the meal is not training
            None,
        )
        assert record.course_label == "ENP7009 – Mobilisation – 3\xa0crédits"
        revoked = Attestation.objects.get(registration_id=cancelled.pk)
        assert revoked.revoked_at is not None and revoked.matricule == ""
        change = apps.get_model("inscriptions", "AttestationChange").objects.get()
        assert (change.attestation_id, change.action) == (revoked.pk, "revocation")
        grant = apps.get_model("inscriptions", "RoleGrant").objects.get()
        assert (grant.user_email, grant.role, grant.action, grant.by_id) == (
            "prof@exemple.ca",
            "Équipe pédagogique",
            "attribution",
            None,
        )
