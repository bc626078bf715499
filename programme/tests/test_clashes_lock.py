"""The programme's lock (clashes.locked): a second organizer's save waits until the first one's
transaction ends, so that what the first one checked stays true until it is written.

On PostgreSQL the lock is the rows of ProgrammeStamp taken FOR UPDATE: the second writer is seen
waiting on it (pg_stat_activity), then goes on once the first commits. On SQLite every write
transaction here starts IMMEDIATE (automne/settings.py): the transaction itself is the lock, and there
is no row lock to watch."""

import threading
import time

import pytest
from django.db import connection

from programme import clashes
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def until(condition, limit=30):
    """Polls `condition` until it holds (a condition, not a duration: `limit` only ends a hung test)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "la condition n'est jamais venue"
        time.sleep(0.01)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite : la transaction IMMEDIATE est le verrou")
def test_a_second_save_waits_for_the_first_to_end():
    make_edition()
    make_edition(slug="autre", is_current=False)
    inside, release, order, failures = threading.Event(), threading.Event(), [], []

    def writer(name, before=None, after=None):
        try:
            if before:
                until(before.is_set)
            with clashes.locked():
                order.append(name)
                if after:
                    after.set()
                    until(release.is_set)
        except Exception as error:  # reported by the test's thread
            failures.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=writer, args=("premier",), kwargs={"after": inside})
    second = threading.Thread(target=writer, args=("second",), kwargs={"before": inside})
    first.start()
    second.start()
    until(lambda: waiting_on_a_lock() == 1)
    assert order == ["premier"]
    release.set()
    first.join()
    second.join()
    assert failures == []
    assert order == ["premier", "second"]
