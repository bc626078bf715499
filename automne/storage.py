"""The default storage: files kept in the database (automne.models.StoredFile).

Chosen over django-storages and an S3 service because the site already depends on one shared
database: with the files in it, every application server serves every drawing with nothing more
to set up, secure or monitor, and one backup (automne/backup.py) holds the answers and the drawings
together, consistent with each other. Drawings are small (at most 5 Mo each, re-encoded, and a
quota per account: cahier/images.py), so the database grows by a few hundred megabytes at most.
The sessions' materials and the speakers' photos live here too, within their own limits (at most
SUPPORTS_EDITION_MAX_BYTES per edition: supports/materials.py; photos of 600 pixels).
Files are never served by URL: each app's views read them for whom may see them (the cahier's,
supports/views.py, intervenants/views.py).
"""

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible


@deconstructible
class DatabaseStorage(Storage):
    def _model(self):
        from automne.models import StoredFile

        return StoredFile

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode:
            raise ValueError("Les fichiers de la base s'écrivent par save(), pas par open().")
        row = self._model().objects.filter(name=name).values_list("content", flat=True).first()
        if row is None:
            raise FileNotFoundError(name)
        file = ContentFile(bytes(row), name=name)
        file.mode = mode
        return file

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        if isinstance(data, str):
            data = data.encode()
        while True:
            try:
                with transaction.atomic():
                    self._model().objects.create(name=name, content=data, size=len(data))
                return name
            except IntegrityError:  # taken between get_available_name() and now
                name = self.get_available_name(name)

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def size(self, name):
        size = self._model().objects.filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def listdir(self, path):
        prefix = path.rstrip("/") + "/" if path else ""
        directories, files = set(), []
        for name in self._model().objects.filter(name__startswith=prefix).values_list("name", flat=True):
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def url(self, name):
        raise NotImplementedError("Les fichiers de la base ne sont servis que par les vues qui vérifient qui les lit.")

    def get_created_time(self, name):
        created = self._model().objects.filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(name)
        return created

    get_modified_time = get_created_time
