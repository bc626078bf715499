"""Every account's address stored in its one normalized form (inscriptions/identity.py), matched exactly
from now on; the case-insensitive index gives way to the plain unique index of `email`.

Two accounts whose addresses become one once normalized (« Camille@straße.de » and
« camille@strasse.de ») cannot both keep it, and only a person can tell whether they are one person
or two. So nothing is merged and nothing is deleted: the account that keeps the address is the one
already written that way (else written that way but for case, else the one logged in last, else the
oldest); each other one keeps its rows and its address exactly as it was, is deactivated (no login,
no password reset: no normalized address can ever match it), and is named in a WARNING line of
`migrate`'s output, for a superuser to merge or delete. Registrations take their account's form,
except the deactivated accounts', which stay as they were.
"""

import logging
from django.db import migrations

from inscriptions.identity import normalize_email

logger = logging.getLogger("inscriptions.migrations")


def keeper_first(normalized):
    def rank(user):
        last_login = user.last_login.timestamp() if user.last_login else float("-inf")
        return (user.email != normalized, user.email.lower() != normalized, -last_login, user.date_joined, user.pk)

    return rank


def normalize_addresses(apps, schema_editor):
    User = apps.get_model("inscriptions", "User")
    Registration = apps.get_model("inscriptions", "Registration")
    using = schema_editor.connection.alias
    accounts = {}
    for user in User.objects.using(using).order_by("pk"):
        accounts.setdefault(normalize_email(user.email), []).append(user)
    set_aside = set()
    for normalized, users in accounts.items():
        keeper, *others = sorted(users, key=keeper_first(normalized))
        for other in others:
            User.objects.using(using).filter(pk=other.pk).update(is_active=False)
            set_aside.add(other.pk)
            logger.warning(
                "Compte %s (%s) désactivé, rien n'est supprimé : son adresse normalisée, %s, est celle du "
                "compte %s. Un superutilisateur fusionne ou supprime l'un des deux.",
                other.pk,
                other.email,
                normalized,
                keeper.pk,
            )
        if keeper.email != normalized:
            User.objects.using(using).filter(pk=keeper.pk).update(email=normalized)

    # As the index one_registration_per_email_per_edition compares them: lower().
    taken = {
        (edition, email.lower())
        for edition, email in Registration.objects.using(using).values_list("edition_id", "email")
    }
    for registration in Registration.objects.using(using).exclude(user_id__in=set_aside).order_by("pk"):
        normalized = normalize_email(registration.email)
        if normalized == registration.email:
            continue
        own, wanted = (
            (registration.edition_id, registration.email.lower()),
            (registration.edition_id, normalized.lower()),
        )
        if wanted != own and wanted in taken:  # a deactivated account's registration
            logger.warning(
                "Inscription %s laissée à l'adresse %s : une autre inscription de son édition a déjà %s.",
                registration.pk,
                registration.email,
                normalized,
            )
            continue
        Registration.objects.using(using).filter(pk=registration.pk).update(email=normalized)
        taken.discard(own)
        taken.add(wanted)


class Migration(migrations.Migration):
    dependencies = [("inscriptions", "0004_constraint_messages")]

    operations = [
        migrations.RemoveConstraint(model_name="user", name="user_email_unique_ci"),
        migrations.RunPython(normalize_addresses, migrations.RunPython.noop),
    ]
