from django.core.management.base import BaseCommand, CommandError

from automne import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde tout ce que garde le site dans un fichier .tar.gz (lisible par son seul propriétaire) : "
        "chaque ligne de la base, dessins compris, avec ses identifiants, et les fichiers de MEDIA_ROOT. "
        "Si le fichier ne peut pas être écrit (disque plein…), rien n'est laissé et une ligne dit pourquoi. "
        "Restaurer : manage.py restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier à écrire, par exemple /var/backups/automne/2026-11-22.tar.gz.")

    def handle(self, file, **options):
        try:
            rows, files = backup.backup(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite dans {file} : {rows} lignes, {files} fichiers de MEDIA_ROOT.")
