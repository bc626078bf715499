"""No overbooking: simultaneous submissions for the last seats, from several threads, each
with its own database connection, through the whole view. Runs on SQLite and PostgreSQL."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from inscriptions.models import Registration, User
from inscriptions.tests.factories import form_data, make_registration
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def submit_together(datas):
    barrier = threading.Barrier(len(datas))
    statuses, errors = [], []

    def submit(data):
        try:
            client = Client()
            client.get("/inscription/")  # a first request opens the thread's own connection
            barrier.wait()
            statuses.append(client.post("/inscription/", data).status_code)
        except Exception as error:  # reported below: a thread's failure must fail the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(data,)) for data in datas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return statuses


@pytest.fixture
def slow_insert(monkeypatch):
    """Widens the gap between counting the seats and saving the registration, where an
    unlocked implementation lets every thread see the same free seat."""
    manager_class = type(Registration.objects)
    original = manager_class.create

    def create(self, **fields):
        time.sleep(0.05)
        return original(self, **fields)

    monkeypatch.setattr(manager_class, "create", create)


def test_simultaneous_registrations_never_exceed_capacity(slow_insert):
    edition = make_open_edition(capacity=5)
    for _ in range(3):
        make_registration(edition)
    statuses = submit_together([form_data(email=f"p{n}@exemple.ca") for n in range(THREADS)])
    assert statuses == [302] * THREADS
    assert edition.registrations.holding_a_seat().count() == 5
    assert edition.registrations.filter(state=Registration.State.WAITING).count() == THREADS - 2
    assert User.objects.count() == 3 + THREADS


def test_simultaneous_registrations_same_email_create_one():
    edition = make_open_edition(capacity=50)
    statuses = submit_together(
        [form_data(email="Meme@exemple.ca" if n % 2 else "meme@exemple.ca") for n in range(THREADS)]
    )
    # Every one gets the same answer (F6: the form never says an account exists); one account is made.
    assert statuses == [302] * THREADS
    assert edition.registrations.count() == 1
    assert User.objects.count() == 1
