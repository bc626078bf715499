"""Backup and restore of everything the site keeps: the database (drawings included: automne/storage.py)
and whatever is in MEDIA_ROOT. Used by `manage.py backup` and `manage.py restore`.

The backup is one .tar.gz file (readable by its owner only: it holds personal data):

- `manifest.json`: the format, the date, the database it came from, the last migration of each app;
- `database.json`: every row, as `manage.py dumpdata` writes it, with the same ids. Content types
  and permissions are left out (`migrate` creates them) and referred to by name.
- `media/`: the files of MEDIA_ROOT, if any (drawings written before they moved into the database).

Why dumpdata rather than pg_dump or sqlite3 .backup: one format for SQLite and PostgreSQL, so a
backup of one restores into the other (a move from SQLite to PostgreSQL is a backup and a restore),
no client tools to keep at the server's version, and the drawings come with the rows. The site's data
is small (megabytes), so the JSON's size and speed do not matter. The rows are read in one
transaction (REPEATABLE READ on PostgreSQL, a write lock on SQLite): the backup is one moment.

Restore goes into an empty database (created, migrated here) and never over existing data.
"""

import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
EXCLUDED = ["contenttypes", "auth.permission"]


class RestoreError(Exception):
    """A backup that cannot be restored here, with the reason in French."""


def applied_migrations():
    last = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(path):
    """Writes the backup to `path` (a .tar.gz); returns the number of rows and of media files saved."""
    path = Path(path)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.json"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata", *[f"--exclude={label}" for label in EXCLUDED], natural_foreign=True, output=str(dump)
            )
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(),
            }
        rows = len(json.loads(dump.read_bytes()))
        temporary = path.with_name(path.name + ".partiel")
        media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, "database.json")
            for file in media:
                archive.add(file, "media/" + file.relative_to(media_root).as_posix())
        temporary.replace(path)  # a backup is whole or absent, never half written
    return rows, len(media)


def _database_is_empty():
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.exists()


def _open_backup(path):
    try:
        return tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise RestoreError(f"« {path} » n'est pas une sauvegarde lisible ({exc}).") from exc


def restore(path):
    """Restores the backup at `path` into this (empty) database and MEDIA_ROOT; returns (rows, files)."""
    from django.contrib.auth.models import Group

    from automne.roles import sync_groups

    media_root = Path(settings.MEDIA_ROOT)
    with _open_backup(path) as archive, tempfile.TemporaryDirectory() as scratch:
        names = archive.getnames()
        if "manifest.json" not in names or "database.json" not in names:
            raise RestoreError(
                f"« {path} » n'est pas une sauvegarde d'Automne (manifest.json ou database.json absent)."
            )
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise RestoreError(f"Format de sauvegarde inconnu : {manifest.get('format')!r} (attendu : {FORMAT}).")
        call_command("migrate", interactive=False, verbosity=0)
        if not _database_is_empty():
            raise RestoreError(
                "La base de données n'est pas vide : la restauration n'écrit que dans une base neuve. "
                "Créez une base vide, pointez DATABASE_URL vers elle et recommencez."
            )
        archive.extract("database.json", scratch, filter="data")
        rows = len(json.loads((Path(scratch) / "database.json").read_bytes()))
        media = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        with transaction.atomic():
            Group.objects.all().delete()  # made by migrate; the backup's groups come back with their ids
            call_command("loaddata", str(Path(scratch) / "database.json"), verbosity=0)
            sync_groups()
        media_root.mkdir(parents=True, exist_ok=True)
        for member in media:
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    return rows, len(media)
