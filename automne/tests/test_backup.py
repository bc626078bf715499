"""manage.py backup and restore (audit F11): everything comes back, into an empty database and media folder."""

import io
import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from automne.models import StoredFile
from automne.roles import SPEAKERS, TEACHING_TEAM
from cahier import images
from cahier.models import Answer, AnswerRevision, Comment, Drawing, Notebook, Prompt
from cahier.tests.images import png_bytes
from cahier.writing import save_text
from inscriptions.models import Attendance, Registration, User
from inscriptions.tests.factories import make_registration, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def everything(settings, tmp_path):
    """A participant with a registration, presence, answers with revisions, a drawing, a comment,
    and a file left in MEDIA_ROOT."""
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "cahier").mkdir(parents=True)
    (settings.MEDIA_ROOT / "cahier" / "ancien.png").write_bytes(png_bytes((3, 3)))
    from programme.models import Edition

    edition = Edition.objects.get(is_current=True)
    person = make_user("camille@exemple.ca", first_name="Camille")
    registration = make_registration(edition, person, first_name="Camille", last_name="Côté")
    Attendance.objects.create(registration=registration, day=edition.days.first())
    prompts = list(Prompt.objects.all()[:2])
    save_text(person, prompts[0], "Premier jet", 0)
    save_text(person, prompts[0], "Deuxième jet, « accentué »", 1)
    save_text(person, prompts[1], "Autre zone", 0)
    images.store(person, png_bytes((30, 20)), "Mon arbre", Drawing.Source.CANVAS, edition=edition)
    Notebook.objects.create(user=person, edition=edition).share()
    teacher = make_user("prof@exemple.ca")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    Comment.objects.create(owner=person, page=prompts[0].page, author=teacher, text="Beau travail")
    return person


def snapshot():
    """What must come back, read in a way that does not depend on the database's ids order."""
    return {
        "users": sorted(User.objects.values_list("pk", "email", "password")),
        "groups": sorted(User.groups.through.objects.values_list("user_id", "group__name")),
        "registrations": sorted(Registration.objects.values_list("pk", "user__email", "last_name", "state")),
        "attendance": sorted(Attendance.objects.values_list("registration_id", "day_id")),
        "answers": sorted(Answer.objects.values_list("pk", "user_id", "prompt_id", "text", "version")),
        "revisions": sorted(AnswerRevision.objects.values_list("answer_id", "version", "text")),
        "drawings": sorted(
            (d.pk, d.caption, d.image.name, d.image.open("rb").read()) for d in Drawing.objects.filter()
        ),
        "comments": sorted(Comment.objects.values_list("owner__email", "author__email", "text")),
        "shared": sorted(Notebook.objects.values_list("user_id", "shared_with_team")),
    }


def test_backup_then_restore_into_an_empty_database_and_media_folder_finds_everything(everything, tmp_path):
    before = snapshot()
    assert len(before["revisions"]) == 3 and len(before["drawings"]) == 1
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    assert oct(backup_file.stat().st_mode & 0o777) == "0o600"

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media-neuf"
    assert (User.objects.count(), StoredFile.objects.count()) == (0, 0)

    call_command("restore", str(backup_file), stdout=io.StringIO())
    assert snapshot() == before
    assert (settings.MEDIA_ROOT / "cahier" / "ancien.png").read_bytes() == png_bytes((3, 3))
    assert set(Group.objects.values_list("name", flat=True)) == {"Organisateurs", TEACHING_TEAM, SPEAKERS}
    assert Group.objects.get(name="Organisateurs").permissions.count() > 0
    # The ids go on after the restored ones (PostgreSQL's sequences are reset by the restore).
    newcomer = make_user("apres@exemple.ca")
    assert newcomer.pk > max(pk for pk, _, _ in before["users"])
    assert save_text(newcomer, Prompt.objects.first(), "Après la restauration", 0).saved


def test_backup_holds_a_manifest_the_rows_and_the_media_files(everything, tmp_path):
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    with tarfile.open(backup_file) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        rows = json.load(archive.extractfile("database.json"))
    assert names == ["manifest.json", "database.json", "media/cahier/ancien.png"]
    assert manifest["format"] == 1
    assert manifest["migrations"]["automne"] == "0002_media_files_into_database"
    models = {row["model"] for row in rows}
    assert {"automne.storedfile", "cahier.answerrevision", "inscriptions.registration"} <= models
    assert not {"contenttypes.contenttype", "auth.permission"} & models


def test_restore_refuses_a_database_that_is_not_empty(everything, tmp_path):
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file))
    assert str(refused.value).startswith("La base de données n'est pas vide")


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "pas-une-sauvegarde.tar.gz"
    bad.write_bytes(b"rien")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad))
    assert str(refused.value).startswith(f"« {bad} » n'est pas une sauvegarde lisible")


def test_restore_into_a_new_sqlite_file_from_nothing(everything, tmp_path):
    """The restore as an operator runs it: a fresh server, no tables yet, the site's settings."""
    before = snapshot()
    backup_file = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "MEDIA_ROOT")}
    env.update(
        ENV_FILE="/nonexistent",
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="automne.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'neuve.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media-neuf"),
    )

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )

    restored = manage("restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Sauvegarde {backup_file} restaurée : ")
    code = (
        "from cahier.models import Answer, AnswerRevision, Drawing; from inscriptions.models import Registration; "
        "print(Registration.objects.get().last_name, Answer.objects.count(), AnswerRevision.objects.count(), "
        "len(Drawing.objects.get().image.open('rb').read()))"
    )
    counted = manage("shell", "--no-imports", "-c", code)
    assert counted.stdout.split() == [
        "Côté",
        str(len(before["answers"])),
        str(len(before["revisions"])),
        str(len(before["drawings"][0][3])),
    ]
    assert (tmp_path / "media-neuf" / "cahier" / "ancien.png").exists()
