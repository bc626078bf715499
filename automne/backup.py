"""Backup and restore of everything the site keeps: the database (drawings included: automne/storage.py)
and whatever is in MEDIA_ROOT. Used by `manage.py backup` and `manage.py restore`.

The backup is one .tar.gz file (readable by its owner only: it holds personal data):

- `manifest.json`: the format, the date, the database it came from, the last migration of each app;
- `database.json`: every row of every table Django knows, in Django's JSON serialization, with its id.
  Format 2 (this one) makes the restore row-identical: date-times keep their microseconds (Django's
  encoder keeps milliseconds only), the many-to-many tables are written as their own rows with their own
  ids (Django's serializer lists the related ids inside each object, and loading gives them new ids),
  and content types and permissions come with their ids too, so every row that points at them is
  restored as it was;
- `media/`: the files of MEDIA_ROOT, if any (drawings written before they moved into the database).

Why Django's serialization rather than pg_dump or sqlite3 .backup: one format for SQLite and PostgreSQL,
so a backup of one restores into the other (a move from SQLite to PostgreSQL is a backup and a restore),
no client tools to keep at the server's version, and the drawings come with the rows. The site's data is
small (megabytes). The rows are read in one transaction (REPEATABLE READ on PostgreSQL, a write lock on
SQLite): the backup is one moment. A backup that cannot be written (a full disk…) removes what it had
written and says why in one line.

Restore goes into a database without any of the site's rows (only what `migrate` itself writes: content
types, permissions, the groups of automne/roles.py), and never over existing data: anything else there
and it refuses, naming the tables, before changing anything. It brings the schema to the backup's
migrations, loads the rows, then migrates to this version (so a data migration written since, such as
the addresses' normalization, runs on the restored rows as it ran on the site). Format 1 backups (before
issue 25) still restore, with their limits.
"""

import errno
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager, nullcontext
from datetime import datetime, time
from pathlib import Path
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers import json as json_serialization
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 2
READABLE_FORMATS = (1, 2)
# What `migrate` itself writes into a new database: a database holding only these rows is empty.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "auth.group", "auth.group_permissions"}
WRITE_FAILURES = {
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota d'espace disque est atteint",
    errno.EFBIG: "le fichier dépasse la taille permise",
    errno.EACCES: "permission refusée",
    errno.EPERM: "permission refusée",
    errno.EROFS: "le disque est en lecture seule",
    errno.ENOENT: "le dossier n'existe pas",
    errno.EIO: "erreur d'entrée-sortie du disque",
}


class BackupError(Exception):
    """A backup that could not be written, with the reason in French, on one line."""


class RestoreError(Exception):
    """A backup that cannot be restored here, with the reason in French, on one line."""


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder, but date-times and times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, time):
            return o.isoformat()
        return super().default(o)


class RowSerializer(json_serialization.Serializer):
    """Django's JSON, without many-to-many lists: each many-to-many table is dumped as its own rows."""

    def handle_m2m_field(self, obj, field):
        pass


def tables(using=DEFAULT_DB_ALIAS):
    """Every model whose rows the database holds here, many-to-many tables included, in dependency order."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and router.allow_migrate_model(using, model)
    ]
    ordered = serializers.sort_dependencies([(None, models)], allow_cycles=True)
    return ordered + [model for model in models if model not in ordered]


def applied_migrations(connection):
    last = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        last[app] = max(last.get(app, ""), name)
    return dict(sorted(last.items()))


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _why(error):
    return WRITE_FAILURES.get(error.errno) or error.strerror or str(error)


def backup(path, using=DEFAULT_DB_ALIAS):
    """Writes the backup to `path` (a .tar.gz); returns the number of rows and of media files saved.

    Written next to `path` as `<path>.partiel`, renamed once whole: a backup is whole or absent. On any
    failure to write, everything written so far is removed and BackupError says why."""
    path = Path(path)
    temporary = path.with_name(path.name + ".partiel")
    try:
        # The rows go to a scratch file on the backup's own disk, so that a full disk shows there.
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".sauvegarde-") as scratch:
            dump = Path(scratch) / "database.json"
            rows, manifest = _dump_rows(dump, using)
            media_root = Path(settings.MEDIA_ROOT)
            media = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
                _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
                archive.add(dump, "database.json")
                for file in media:
                    archive.add(file, "media/" + file.relative_to(media_root).as_posix())
            temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(
            f"Sauvegarde non écrite dans {path} : {_why(error)}. Rien n'a été laissé sur le disque."
        ) from error
    return rows, len(media)


def _dump_rows(dump, using):
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        rows = _Counted(model._base_manager.using(using).order_by("pk").iterator() for model in tables(using))
        with dump.open("w", encoding="utf-8") as out:
            RowSerializer().serialize(rows, stream=out, cls=FullPrecisionEncoder)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(connection),
        }
    return rows.count, manifest


class _Counted:
    """The rows of several querysets, one after the other, counted as they go."""

    def __init__(self, querysets):
        self.querysets, self.count = querysets, 0

    def __iter__(self):
        for queryset in self.querysets:
            for row in queryset:
                self.count += 1
                yield row


# Restore ------------------------------------------------------------------------------------------


def rows_already_there(using=DEFAULT_DB_ALIAS):
    """{table: rows} of every table that holds more than what `migrate` writes (nothing created)."""
    from automne.roles import PERMISSIONS

    connection = connections[using]
    existing = set(connection.introspection.table_names())
    found = {}
    for model in tables(using):
        if model._meta.db_table not in existing:
            continue
        rows = model._base_manager.using(using)
        if model._meta.label_lower == "auth.group":
            rows = rows.exclude(name__in=PERMISSIONS)
        elif model._meta.label_lower == "auth.group_permissions":
            rows = rows.exclude(group__name__in=PERMISSIONS)
        elif model._meta.label_lower in MADE_BY_MIGRATE:
            continue
        if count := rows.count():
            found[model._meta.db_table] = count
    return found


def _lines(count):
    return f"{count} ligne{'s' if count > 1 else ''}"


def _open_backup(path):
    try:
        return tarfile.open(path, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise RestoreError(f"« {path} » n'est pas une sauvegarde lisible ({exc}).") from exc


def _read_manifest(path, archive):
    names = archive.getnames()
    if "manifest.json" not in names or "database.json" not in names:
        raise RestoreError(f"« {path} » n'est pas une sauvegarde d'Automne (manifest.json ou database.json absent).")
    manifest = json.load(archive.extractfile("manifest.json"))
    if manifest.get("format") not in READABLE_FORMATS:
        raise RestoreError(f"Format de sauvegarde inconnu : {manifest.get('format')!r} (attendu : {FORMAT}).")
    return manifest


def _refuse_unless_empty(using):
    found = rows_already_there(using)
    if found:
        listed = ", ".join(f"{table} : {_lines(count)}" for table, count in sorted(found.items()))
        raise RestoreError(
            f"La base de données n'est pas vide ({listed}) : la restauration n'écrit que dans une base neuve. "
            "Créez une base vide, pointez DATABASE_URL vers elle et recommencez."
        )


def _migrate_to_the_backups_state(manifest, using):
    """The schema the rows were dumped from: each app at the backup's last migration."""
    executor = MigrationExecutor(connections[using])
    nodes = executor.loader.graph.nodes
    targets = [(app, name) for app, name in manifest["migrations"].items() if app in executor.loader.migrated_apps]
    unknown = [f"{app}.{name}" for app, name in targets if (app, name) not in nodes]
    if unknown:
        raise RestoreError(
            f"Cette sauvegarde vient d'une autre version du site (migration {', '.join(unknown)} inconnue ici) : "
            "restaurez-la avec la version qui l'a faite, puis mettez à jour."
        )
    try:
        executor.migrate(targets)
    except IrreversibleError as error:
        raise RestoreError(
            f"La base est à une version plus récente que la sauvegarde ({error}) : créez une base vide et recommencez."
        ) from error


@contextmanager
def _the_backups_models(manifest, using):
    """Rows are built with the models of the backup's own migration state, as the tables are then: today's
    models would also write the columns added since (an account's language, inscriptions/0010), which the
    tables do not have yet. The migrations run afterwards give them their defaults. (Backups of format 1 name
    rows by natural keys, which only today's models resolve: they are loaded with those, as before.)"""
    executor = MigrationExecutor(connections[using])
    targets = [(app, name) for app, name in manifest["migrations"].items() if app in executor.loader.migrated_apps]
    historical = executor.loader.project_state(targets, at_end=True).apps

    def model_of(identifier):
        try:
            return historical.get_model(identifier)
        except (LookupError, TypeError) as error:
            raise DeserializationError(f"Invalid model identifier: {identifier}") from error

    ContentType.objects.clear_cache()  # migrate may have kept the historical models' content types
    with mock.patch.object(PythonDeserializer, "_get_model_from_node", staticmethod(model_of)):
        yield


def _clear_what_migrate_made(using):
    """Every row the migrations just wrote (content types, permissions, groups; a data migration's, such as
    automne/0002 importing the files left in MEDIA_ROOT): the backup brings them all, ids included. The
    database held none of the site's rows before (checked first); foreign keys are checked at commit."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in reversed(tables(using)):
            if model._meta.db_table in existing:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def restore(path, using=DEFAULT_DB_ALIAS):
    """Restores the backup at `path` into this (empty) database and MEDIA_ROOT; returns (rows, files)."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from automne.roles import sync_groups

    media_root = Path(settings.MEDIA_ROOT)
    with _open_backup(path) as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = _read_manifest(path, archive)
        _refuse_unless_empty(using)  # before anything is written, the schema included
        archive.extract("database.json", scratch, filter="data")
        dump = Path(scratch) / "database.json"
        rows = len(json.loads(dump.read_bytes()))
        media = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        _migrate_to_the_backups_state(manifest, using)
        with transaction.atomic(using=using):
            if manifest["format"] == 1:  # content types and permissions by name, groups made again
                emit_post_migrate_signal(verbosity=0, interactive=False, db=using)
                Group.objects.using(using).all().delete()
            else:
                _clear_what_migrate_made(using)
            with _the_backups_models(manifest, using) if manifest["format"] > 1 else nullcontext():
                call_command("loaddata", str(dump), database=using, verbosity=0)
        ContentType.objects.clear_cache()
        # Then this version's migrations on the restored rows, and what migrate writes for models added since.
        call_command("migrate", database=using, interactive=False, verbosity=0)
        if manifest["format"] == 1:
            sync_groups(using=using)
        media_root.mkdir(parents=True, exist_ok=True)
        for member in media:
            member.name = member.name.removeprefix("media/")
            archive.extract(member, media_root, filter="data")
    return rows, len(media)
