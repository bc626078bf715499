import os
import sys
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from automne.roles import ORGANIZERS_GROUP
from inscriptions import staff

PASSWORD_VARIABLE = "ORGANIZER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Crée (ou met à jour) un compte organisateur : accès à l'administration, groupe "
        f"« {ORGANIZERS_GROUP} ». Le mot de passe est demandé deux fois, ou lu dans la "
        f"variable d'environnement {PASSWORD_VARIABLE} pour les scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="Courriel de l'organisateur, qui sert à se connecter.")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Ne rien demander : le mot de passe vient de {PASSWORD_VARIABLE}.",
        )

    def handle(self, email, interactive=True, **options):
        User = get_user_model()
        typed, email = email.strip(), User.objects.normalize_email(email)  # as every address (inscriptions/identity.py)
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"« {typed} » n'est pas une adresse courriel valide.") from None
        try:
            group = Group.objects.get(name=ORGANIZERS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                f"Le groupe « {ORGANIZERS_GROUP} » n'existe pas : lancez d'abord « python manage.py migrate »."
            ) from None

        user = User.objects.with_email(email)
        created = user is None
        if created:
            user = User(email=email)
        password = self.password_for(user, interactive and sys.stdin.isatty())

        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            if not user.groups.filter(pk=group.pk).exists():
                staff.grant(user, ORGANIZERS_GROUP, by=None, by_name="Commande create_organizer")

        what = "créé" if created else "mis à jour"
        self.stdout.write(
            self.style.SUCCESS(f"Compte organisateur {what} : {user.email} (groupe « {ORGANIZERS_GROUP} »).")
        )

    def password_for(self, user, interactive):
        from_environment = os.environ.get(PASSWORD_VARIABLE)
        if from_environment:
            self.check_strength(from_environment, user)
            return from_environment
        if not interactive:
            raise CommandError(
                f"Aucun mot de passe : définissez la variable {PASSWORD_VARIABLE} "
                "ou lancez la commande dans un terminal."
            )
        while True:
            password = getpass("Mot de passe : ")
            if password != getpass("Mot de passe (encore) : "):
                self.stderr.write("Les deux mots de passe ne correspondent pas. Recommencez.")
                continue
            try:
                self.check_strength(password, user)
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            return password

    def check_strength(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Mot de passe refusé : " + " ".join(error.messages)) from None
