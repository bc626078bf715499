import json

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Loaded in this order: the cahier's structure points at programme sessions.
INITIAL_FIXTURES = ["programme.json", "cahier.json"]


class Command(BaseCommand):
    help = (
        "Charge l'édition de référence (fixtures/) dans une base vide. "
        "Un fichier dont les données existent déjà est laissé de côté : ce que les "
        "organisateurs ont modifié n'est jamais écrasé."
    )

    def handle(self, *args, **options):
        for name in INITIAL_FIXTURES:
            path = settings.BASE_DIR / "fixtures" / name
            if not path.exists():
                continue
            present = models_with_rows(path)
            if present:
                self.stdout.write(f"{name} : déjà chargé ({', '.join(sorted(present))} non vide), rien n'est modifié.")
                continue
            with transaction.atomic():
                call_command("loaddata", str(path), verbosity=0)
                stamp_editions()
            self.stdout.write(self.style.SUCCESS(f"{name} : chargé."))


def stamp_editions():
    """Loaded editions get their programme stamp, as editions created in the admin do."""
    from programme.models import Edition
    from programme.publication import stamp_new_edition

    for edition in Edition.objects.filter(programme_stamp__isnull=True):
        stamp_new_edition(edition)


def models_with_rows(path):
    """The models of a fixture that already have rows in the database."""
    labels = {entry["model"] for entry in json.loads(path.read_text(encoding="utf-8"))}
    return {label for label in labels if apps.get_model(label).objects.exists()}
