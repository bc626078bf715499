"""The table of the database cache (CACHE_URL=dbcache://…, the default), created by `migrate` itself:
the login limits count in it (inscriptions/throttle.py), and without it every login was a 500 until
someone ran `createcachetable`. That command creates the table of every database cache of CACHES, and
only when it is missing: it stays harmless before or after, and a site on Redis gets no table.

The table follows the settings at the time `migrate` runs: a site that moves to another
`dbcache://` table later runs `manage.py createcachetable` once (deploy/README.md).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("automne", "0002_media_files_into_database")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False)]
