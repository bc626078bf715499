from django.core.management.base import BaseCommand, CommandError

from automne import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de manage.py backup, ligne pour ligne, dans une base de données sans aucune "
        "donnée du site (créée au besoin par migrate) et dans MEDIA_ROOT. Refuse, sans rien changer, une base "
        "qui a déjà des lignes (inscriptions, programme, comptes…)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="La sauvegarde (.tar.gz) à restaurer.")

    def handle(self, file, **options):
        try:
            rows, files = backup.restore(file)
        except backup.RestoreError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde {file} restaurée : {rows} lignes, {files} fichiers dans MEDIA_ROOT.")
