"""The drawings written to MEDIA_ROOT before the files moved into the database (automne/storage.py)."""

from pathlib import Path

from django.conf import settings
from django.db import migrations


def import_media_files(apps, schema_editor):
    StoredFile = apps.get_model("automne", "StoredFile")
    root = Path(settings.MEDIA_ROOT)
    for path in sorted((root / "cahier").glob("*")) if (root / "cahier").is_dir() else []:
        if path.is_file():
            name = path.relative_to(root).as_posix()
            data = path.read_bytes()
            StoredFile.objects.get_or_create(name=name, defaults={"content": data, "size": len(data)})


class Migration(migrations.Migration):
    dependencies = [("automne", "0001_initial")]

    operations = [migrations.RunPython(import_media_files, migrations.RunPython.noop)]
