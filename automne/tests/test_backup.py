"""manage.py backup and restore: every row of every table comes back identical, ids, microseconds and
many-to-many rows included, into a database without any of the site's rows and a new media folder
(audit F11, issue 25 F10). Run on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from automne import backup
from automne.models import StoredFile
from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from automne.testing import every_row
from cahier import images
from cahier.models import Answer, Comment, Drawing, Notebook, Prompt
from cahier.tests.images import png_bytes
from cahier.writing import save_text
from inscriptions.models import Attendance, User
from inscriptions.tests.factories import PASSWORD, make_registration, make_user

pytestmark = pytest.mark.django_db(transaction=True)
MICROSECONDS = datetime.datetime(2025, 10, 21, 14, 30, 5, 123456, tzinfo=datetime.UTC)
NOT_EMPTY = "La base de données n'est pas vide ("
ROWS = """
import json, django
django.setup()
from automne.testing import every_row
print(json.dumps({table: repr(rows) for table, rows in every_row().items()}))
"""


@pytest.fixture
def everything(settings, tmp_path):
    """A participant with a registration, presence, answers with revisions, a drawing, a comment, a
    date-time with microseconds, many-to-many rows whose ids have gaps, and a file left in MEDIA_ROOT."""
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cahier").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cahier" / "ancien.png").write_bytes(png_bytes((3, 3)))
    (settings.MEDIA_ROOT / "cahier" / "autre.png").write_bytes(png_bytes((4, 4)))
    from programme.models import Edition

    edition = Edition.objects.get(is_current=True)
    person = make_user("camille@exemple.ca", first_name="Camille")
    registration = make_registration(edition, person, first_name="Camille", last_name="Côté")
    Attendance.objects.create(registration=registration, day=edition.days.first())
    prompts = list(Prompt.objects.all()[:2])
    save_text(person, prompts[0], "Premier jet", 0)
    save_text(person, prompts[0], "Deuxième jet, « accentué »", 1)
    save_text(person, prompts[1], "Autre zone", 0)
    Answer.objects.filter(user=person, prompt=prompts[1]).update(updated_at=MICROSECONDS)
    images.store(person, png_bytes((30, 20)), "Mon arbre", Drawing.Source.CANVAS, edition=edition)
    Notebook.objects.create(user=person, edition=edition).share()
    teacher = make_user("prof@exemple.ca")
    teacher.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    teacher.groups.remove(Group.objects.get(name=ORGANIZERS_GROUP))  # the teacher's row keeps id 2, not 1
    person.user_permissions.add(Permission.objects.get(codename="view_edition"))
    Comment.objects.create(owner=person, page=prompts[0].page, author=teacher, text="Beau travail")
    return person


def backup_to(tmp_path):
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    return backup_file


def test_backup_then_restore_gives_back_every_row_identical(everything, tmp_path):
    before = every_row()
    assert before["inscriptions_user_groups"][0][0] > 1  # ids with a gap: renumbering would show
    assert Answer.objects.filter(updated_at=MICROSECONDS).count() == 1
    backup_file = backup_to(tmp_path)
    assert oct(backup_file.stat().st_mode & 0o777) == "0o600"

    call_command("flush", interactive=False, verbosity=0)  # what migrate leaves: content types, groups…
    settings.MEDIA_ROOT = tmp_path / "media-neuf"
    assert (User.objects.count(), StoredFile.objects.count()) == (0, 0)

    out = io.StringIO()
    call_command("restore", str(backup_file), stdout=out)
    assert every_row() == before
    rows = sum(len(table) for table in before.values())
    assert out.getvalue() == f"Sauvegarde {backup_file} restaurée : {rows} lignes, 2 fichiers dans MEDIA_ROOT.\n"
    assert (settings.MEDIA_ROOT / "cahier" / "ancien.png").read_bytes() == png_bytes((3, 3))
    # The ids go on after the restored ones (PostgreSQL's sequences are reset by the restore).
    newcomer = make_user("apres@exemple.ca")
    assert newcomer.pk > max(row[0] for row in before["inscriptions_user"])
    assert save_text(newcomer, Prompt.objects.first(), "Après la restauration", 0).saved
    newcomer.groups.add(Group.objects.get(name=TEACHING_TEAM))


def test_backup_holds_a_manifest_every_table_and_the_media_files(everything, tmp_path):
    backup_file = backup_to(tmp_path)
    with tarfile.open(backup_file) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        rows = json.load(archive.extractfile("database.json"))
    assert names == ["manifest.json", "database.json", "media/cahier/ancien.png", "media/cahier/autre.png"]
    assert (manifest["format"], manifest["migrations"]["automne"]) == (2, "0003_cache_table")
    models = {row["model"] for row in rows}
    assert {
        "automne.storedfile",
        "cahier.answerrevision",
        "inscriptions.registration",
        "inscriptions.user_groups",
        "contenttypes.contenttype",
        "auth.permission",
    } <= models
    [answer] = [
        row for row in rows if row["model"] == "cahier.answer" and row["fields"]["updated_at"].startswith("2025")
    ]
    assert answer["fields"]["updated_at"] == "2025-10-21T14:30:05.123456Z"
    assert "groups" not in next(row for row in rows if row["model"] == "inscriptions.user")["fields"]


def test_restore_refuses_a_database_with_the_sites_rows(everything, tmp_path):
    backup_file = backup_to(tmp_path)
    before = every_row()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file))
    assert str(refused.value).startswith(NOT_EMPTY)
    assert "inscriptions_user : 2 lignes" in str(refused.value)
    assert every_row() == before


def test_restore_refuses_a_database_prepared_by_load_initial_data_and_changes_nothing(everything, tmp_path):
    backup_file = backup_to(tmp_path)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_initial_data", stdout=io.StringIO())
    before = every_row()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(NOT_EMPTY + "cahier_")
    assert "programme_edition : 1 ligne, " in message
    assert message.endswith(
        ") : la restauration n'écrit que dans une base neuve. "
        "Créez une base vide, pointez DATABASE_URL vers elle et recommencez."
    )
    assert every_row() == before


def test_restore_refuses_a_backup_of_another_version_and_changes_nothing(everything, tmp_path):
    backup_file = backup_to(tmp_path)
    with tarfile.open(backup_file) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        rows = archive.extractfile("database.json").read()
    manifest["migrations"]["inscriptions"] = "0099_venue_du_futur"
    other = tmp_path / "autre-version.tar.gz"
    write_backup(other, manifest, rows)
    call_command("flush", interactive=False, verbosity=0)
    before = every_row()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(other))
    assert str(refused.value) == (
        "Cette sauvegarde vient d'une autre version du site (migration inscriptions.0099_venue_du_futur inconnue "
        "ici) : restaurez-la avec la version qui l'a faite, puis mettez à jour."
    )
    assert every_row() == before


def test_restore_of_an_older_backup_runs_the_migrations_written_since(everything, tmp_path):
    """A backup made before the addresses were normalized (inscriptions/0005): restored, then migrated."""
    backup_file = backup_to(tmp_path)
    with tarfile.open(backup_file) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        rows = json.load(archive.extractfile("database.json"))
    manifest["migrations"]["inscriptions"] = "0004_constraint_messages"
    manifest["migrations"]["programme"] = "0014_cancelled_occurrences"
    for row in rows:
        if row["model"] == "inscriptions.user":
            del row["fields"]["language"]  # an account had no language then (inscriptions/0010)
        for english in ("name_en", "presentation_en", "objectives_en", "attestation_text_en", "directions_en"):
            if row["model"] in ("programme.edition", "programme.room", "programme.session"):
                row["fields"].pop(english, None)  # nor the programme its English values (programme/0015)
        if row["model"] == "programme.session":
            del row["fields"]["title_en"], row["fields"]["description_en"]
        if row["model"] == "inscriptions.user" and row["fields"]["email"] == "camille@exemple.ca":
            row["fields"]["email"] = "Camille@Exemple.CA"  # as it was stored then
    older = tmp_path / "ancienne.tar.gz"
    write_backup(older, manifest, json.dumps(rows).encode())
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(older), stdout=io.StringIO())
    assert User.objects.get(pk=everything.pk).email == "camille@exemple.ca"
    assert User.objects.with_email("CAMILLE@exemple.ca").check_password(PASSWORD)
    assert User.objects.get(pk=everything.pk).language == "fr-ca"


def test_restore_of_a_format_1_backup_still_works(everything, tmp_path):
    """The backups written before issue 25 (natural keys, many-to-many inside each row) still restore."""
    dump = tmp_path / "database.json"
    call_command(
        "dumpdata", "--exclude=contenttypes", "--exclude=auth.permission", natural_foreign=True, output=str(dump)
    )
    manifest = {"format": 1, "migrations": backup.applied_migrations(connection)}
    old = tmp_path / "format-1.tar.gz"
    write_backup(old, manifest, dump.read_bytes())
    emails = sorted(User.objects.values_list("email", "groups__name"))
    answers = sorted(Answer.objects.values_list("pk", "text"))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(old), stdout=io.StringIO())
    assert sorted(User.objects.values_list("email", "groups__name")) == emails
    assert sorted(Answer.objects.values_list("pk", "text")) == answers
    assert Group.objects.get(name=ORGANIZERS_GROUP).permissions.count() > 0


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "pas-une-sauvegarde.tar.gz"
    bad.write_bytes(b"rien")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad))
    assert str(refused.value).startswith(f"« {bad} » n'est pas une sauvegarde lisible")


def test_restore_into_a_new_sqlite_file_from_nothing_gives_back_every_row(everything, tmp_path):
    """The restore as an operator runs it: a new database, no tables yet, the site's settings, and the
    same MEDIA_ROOT, whose old files automne/0002 imports while the tables are made."""
    before = {table: repr(rows) for table, rows in every_row().items()}
    backup_file = backup_to(tmp_path)
    env = site_environment(
        tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'neuve.sqlite3'}", MEDIA_ROOT=str(settings.MEDIA_ROOT)
    )
    restored = manage(env, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Sauvegarde {backup_file} restaurée : ")
    after = subprocess.run([sys.executable, "-c", ROWS], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert json.loads(after.stdout) == before
    assert (settings.MEDIA_ROOT / "cahier" / "ancien.png").read_bytes() == png_bytes((3, 3))


# A backup that cannot be written -----------------------------------------------------------------


def test_backup_on_a_disk_that_fills_up_leaves_nothing_and_says_why_in_one_line(everything, tmp_path):
    """The file cannot grow past 20 kB (RLIMIT_FSIZE, as a nearly full disk): the write fails for real."""
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    target = folder / "nuit.tar.gz"

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(target)],
        cwd=settings.BASE_DIR,
        env=site_environment(tmp_path, DATABASE_URL=url_of_this_tests_database()),
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: Sauvegarde non écrite dans {target} : le fichier dépasse la taille permise. "
        "Rien n'a été laissé sur le disque.\n"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="monter un disque de test demande root")
def test_backup_on_a_full_disk_leaves_nothing_and_says_so(everything, tmp_path):
    """A real full disk: a 64 kB tmpfs mounted in a mount namespace of its own (as root, as CI runs)."""
    folder = tmp_path / "petit-disque"
    folder.mkdir()
    script = (
        f"mount -t tmpfs -o size=64k tmpfs {folder} && "
        f"{sys.executable} manage.py backup {folder}/nuit.tar.gz; status=$?; "
        f"ls -A {folder}; exit $status"
    )
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
        cwd=settings.BASE_DIR,
        env=site_environment(tmp_path, DATABASE_URL=url_of_this_tests_database()),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"CommandError: Sauvegarde non écrite dans {folder}/nuit.tar.gz : le disque est plein. "
        "Rien n'a été laissé sur le disque.\n"
    )
    assert result.stdout == ""  # ls -A: nothing left on the small disk


# Helpers -------------------------------------------------------------------------------------------


def write_backup(path, manifest, rows):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (("manifest.json", json.dumps(manifest).encode()), ("database.json", rows)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))


def url_of_this_tests_database():
    """The URL of the database this test runs on (its rows committed: transaction=True)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        credentials = f"{quote(database['USER'])}:{quote(str(database['PASSWORD']))}"
        return (
            f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        )
    return f"sqlite:///{database['NAME']}"


def site_environment(tmp_path, **values):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "MEDIA_ROOT")}
    env.update(ENV_FILE="/nonexistent", DEBUG="true", DJANGO_SETTINGS_MODULE="automne.settings")
    env.update({"MEDIA_ROOT": str(tmp_path / "media-neuf"), **values})
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
