from django.core.management.base import BaseCommand

from remises import reminders


class Command(BaseCommand):
    help = (
        "Met dans la file de courriels les rappels de remise du cahier : 7 jours puis 1 jour avant la date "
        "de remise de chaque personne inscrite à la formation créditée qui n'a pas remis, chacun une seule fois. "
        "Lancé chaque jour."
    )

    def handle(self, **options):
        sent = reminders.send_due()
        self.stdout.write(f"Rappels de remise mis dans la file : {sent}.")
