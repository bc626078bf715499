from django.core.management.base import BaseCommand

from appreciations import anonymity
from inscriptions import retention


class Command(BaseCommand):
    help = (
        "Supprime ce que l'avis de confidentialité dit de ne plus garder : les inscriptions d'une édition "
        "terminée depuis deux ans (présences et attestation comprises) et les cahiers et choix de séances de "
        "cette édition, puis les comptes de participant·e·s sans inscription créés depuis plus de deux ans "
        "(cahier compris). Lancé chaque nuit."
    )

    def handle(self, **options):
        applied = retention.apply()
        self.stdout.write(
            f"Conservation appliquée : {applied.registrations} inscription(s), {applied.notebooks} cahier(s) "
            f"et {applied.accounts} compte(s) supprimés."
        )
        # The same night: the answers of the questionnaires still open are written again, shuffled
        # (appreciations/anonymity.py), so that the database keeps no trace of their order.
        mixed = anonymity.mix_open()
        if mixed:
            self.stdout.write(f"Réponses mélangées de nouveau dans {mixed} questionnaire(s) ouvert(s).")
