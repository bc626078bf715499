"""Two processes writing at once to the SQLite file never get "database is locked".

Each process reads then writes inside one transaction, 60 times: the pattern that
deadlocks SQLite's deferred transactions (both hold a read lock, both want to
write). With transaction_mode IMMEDIATE and the busy timeout, all writes land.
"""

import os
import subprocess
import sys

from django.conf import settings

WRITER = """
import django
django.setup()
from django.db import transaction
from django.contrib.auth.models import Group
for i in range(60):
    with transaction.atomic():
        Group.objects.count()
        Group.objects.create(name=f"{tag}-{i}")
"""


def test_two_processes_write_to_sqlite_without_locking(tmp_path):
    env = dict(os.environ, ENV_FILE="/nonexistent", DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["DJANGO_SETTINGS_MODULE"] = "automne.settings"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", f"tag = {tag!r}\n" + WRITER],
            cwd=settings.BASE_DIR,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.contrib.auth.models import Group; "
            "print(Group.objects.filter(name__regex=r'^[ab]-').count())",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert count.stdout.strip() == "120"
