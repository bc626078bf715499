"""inscriptions/0005_normalize_emails on a database written before it (issue 25, F5): every address
takes its normalized form, and two accounts that become one address lose nothing: the keeper takes the
address, the other keeps its rows and its own address, deactivated and named in migrate's log."""

import datetime
import logging

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("inscriptions", "0004_constraint_messages")
AFTER = ("inscriptions", "0005_normalize_emails")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def moved():
    """The database moved between migrations, and put back at the latest ones after (every later test needs them)."""
    try:
        yield migrate
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def at(day):
    return timezone.make_aware(datetime.datetime(2025, 10, day, 9))


@pytest.mark.django_db(transaction=True)
def test_addresses_normalized_and_colliding_accounts_kept_and_set_aside(moved, caplog):
    apps = moved(BEFORE)
    User = apps.get_model("inscriptions", "User")
    Registration = apps.get_model("inscriptions", "Registration")
    edition = apps.get_model("programme", "Edition").objects.create(
        name="École d'automne",
        slug="ecole-automne-2025",
        is_current=True,
        starts_on=datetime.date(2025, 10, 20),
        ends_on=datetime.date(2025, 10, 24),
        venue="ENAP",
        address="Montréal",
        capacity=100,
    )

    def account(email, last_login=None, joined=1):
        return User.objects.create(email=email, password="!", last_login=last_login, date_joined=at(joined))

    def registration(user, email):
        return Registration.objects.create(
            edition=edition,
            user=user,
            email=email,
            first_name="Camille",
            last_name="Côté",
            kind="attestation",
            organisation="ENAP",
            function="Agente",
            sector="autre",
            consented_at=at(1),
        )

    camille = account("Camille.Cote@Exemple.CA")
    p2 = account("p2@audit.test", last_login=at(2))  # already normalized: keeps the address
    p2_variant = account("P2@audit.teſt", last_login=at(9))  # logged in later, but not the address
    strasse = account("x@STRASSE.de", joined=5)  # normalized but for case
    strasse_variant = account("x@straße.de", last_login=at(9), joined=2)
    sam_old = account("ſam@exemple.ca", last_login=at(3))
    sam_recent = account("ſam@exemple．ca", last_login=at(8))  # neither is normalized: the last login keeps it
    dotless = account("p2@audıt.test")  # another domain: not a collision
    registrations = [
        registration(camille, "Camille.Cote@Exemple.CA"),
        registration(p2, "p2@audit.test"),
        registration(p2_variant, "P2@audit.teſt"),
    ]

    with caplog.at_level(logging.WARNING, logger="inscriptions.migrations"):
        apps = moved(AFTER)

    User = apps.get_model("inscriptions", "User")
    assert sorted(User.objects.values_list("pk", "email", "is_active")) == sorted(
        [
            (camille.pk, "camille.cote@exemple.ca", True),
            (p2.pk, "p2@audit.test", True),
            (p2_variant.pk, "P2@audit.teſt", False),
            (strasse.pk, "x@strasse.de", True),
            (strasse_variant.pk, "x@straße.de", False),
            (sam_old.pk, "ſam@exemple.ca", False),
            (sam_recent.pk, "sam@exemple.ca", True),
            (dotless.pk, "p2@audıt.test", True),
        ]
    )
    assert list(
        apps.get_model("inscriptions", "Registration").objects.order_by("pk").values_list("pk", "user", "email")
    ) == [
        (registrations[0].pk, camille.pk, "camille.cote@exemple.ca"),
        (registrations[1].pk, p2.pk, "p2@audit.test"),
        (registrations[2].pk, p2_variant.pk, "P2@audit.teſt"),  # the set-aside account's, as it was
    ]
    assert [record.getMessage() for record in caplog.records] == [
        f"Compte {p2_variant.pk} (P2@audit.teſt) désactivé, rien n'est supprimé : son adresse normalisée, "
        f"p2@audit.test, est celle du compte {p2.pk}. Un superutilisateur fusionne ou supprime l'un des deux.",
        f"Compte {strasse_variant.pk} (x@straße.de) désactivé, rien n'est supprimé : son adresse normalisée, "
        f"x@strasse.de, est celle du compte {strasse.pk}. Un superutilisateur fusionne ou supprime l'un des deux.",
        f"Compte {sam_old.pk} (ſam@exemple.ca) désactivé, rien n'est supprimé : son adresse normalisée, "
        f"sam@exemple.ca, est celle du compte {sam_recent.pk}. Un superutilisateur fusionne ou supprime l'un des deux.",
    ]
