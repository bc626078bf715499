"""The default storage keeps files in the database (automne/storage.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from automne.models import StoredFile
from automne.storage import DatabaseStorage

pytestmark = pytest.mark.django_db


def test_default_storage_is_the_database():
    assert isinstance(default_storage, DatabaseStorage)


def test_saved_file_reads_back_with_its_size_and_lists():
    name = default_storage.save("cahier/a.png", ContentFile(b"\x89PNG des octets"))
    assert name == "cahier/a.png"
    with default_storage.open(name) as file:
        assert file.read() == b"\x89PNG des octets"
    assert (default_storage.exists(name), default_storage.size(name)) == (True, 15)
    assert default_storage.listdir("") == (["cahier"], [])
    assert default_storage.listdir("cahier") == ([], ["a.png"])
    assert default_storage.get_modified_time(name) == StoredFile.objects.get().created_at


def test_same_name_twice_gets_another_name():
    first = default_storage.save("cahier/a.png", ContentFile(b"un"))
    second = default_storage.save("cahier/a.png", ContentFile(b"deux"))
    assert first != second and second.startswith("cahier/a_") and second.endswith(".png")
    assert [default_storage.open(n).read() for n in (first, second)] == [b"un", b"deux"]


def test_deleted_or_missing_file_is_not_found():
    name = default_storage.save("cahier/b.jpg", ContentFile(b"x"))
    default_storage.delete(name)
    assert default_storage.exists(name) is False
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)
    with pytest.raises(FileNotFoundError):
        default_storage.size(name)
    default_storage.delete(name)  # deleting twice is harmless


def test_files_have_no_public_address():
    with pytest.raises(NotImplementedError):
        default_storage.url("cahier/a.png")


def test_drawings_left_in_media_root_move_into_the_database(settings, tmp_path):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("automne.migrations.0002_media_files_into_database")
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "cahier").mkdir()
    (tmp_path / "cahier" / "ancien.jpg").write_bytes(b"\xff\xd8 ancien")
    migration.import_media_files(apps, None)
    migration.import_media_files(apps, None)  # a second run changes nothing
    assert list(StoredFile.objects.values_list("name", "size")) == [("cahier/ancien.jpg", 9)]
    assert default_storage.open("cahier/ancien.jpg").read() == b"\xff\xd8 ancien"
