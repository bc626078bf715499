from django.core.management.base import BaseCommand

from automne import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde tout ce que garde le site dans un fichier .tar.gz (lisible par son seul propriétaire) : "
        "la base de données, dessins compris, et les fichiers de MEDIA_ROOT. Restaurer : manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier à écrire, par exemple /var/backups/automne/2026-11-22.tar.gz.")

    def handle(self, file, **options):
        rows, files = backup.backup(file)
        self.stdout.write(f"Sauvegarde écrite dans {file} : {rows} lignes, {files} fichiers de MEDIA_ROOT.")
