"""No more than the limit is ever checked, however many tries arrive at once (issue 25, F9).

Before, a try asked whether a limit was reached, hashed the password, then counted the failure: tries
arriving together all passed the question (6 passwords checked for a limit of 5 on one server, 8 across
two, 53 for the address limit of 50). Now each try reserves its slot first, with an atomic increment.

Here the tries come from threads at once, each with its own database connection, through Django's
authenticate() (every login form's path), with a hasher slow enough for every try to overlap the
others; the hasher counts the passwords it hashed. The counters are in the database cache, then in a
real redis-server; run on SQLite and PostgreSQL (DATABASE_URL); the
same against gunicorn: automne/tests/test_workers.py (two workers) and test_servers.py (two servers,
Redis)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.test import Client, RequestFactory

from automne.testing import redis_location  # noqa: F401  (a fixture)
from inscriptions import throttle
from inscriptions.models import User
from inscriptions.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)


class CountingHasher(PBKDF2PasswordHasher):
    """PBKDF2 with enough rounds to take a while; counts every password it hashes."""

    iterations = 60_000
    hashed = 0
    lock = threading.Lock()

    def encode(self, password, salt, iterations=None):
        with CountingHasher.lock:
            CountingHasher.hashed += 1
        return super().encode(password, salt, iterations)


@pytest.fixture(autouse=True, params=["dbcache", "redis"])
def counters(request, settings):
    """The limits counted in the database cache (the default), then in a real Redis (production's)."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    if request.param == "redis":
        location = request.getfixturevalue("redis_location")
        settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "automne.cache.RedisCache", "LOCATION": location}}
    cache.clear()
    yield
    cache.clear()


def at_once(function, arguments):
    """`function(argument)` for every argument, in as many threads, released together."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        barrier.wait()
        try:
            return function(argument)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(arguments)) as pool:
        return list(pool.map(run, arguments))


def try_login(email, password, address):
    return authenticate(RequestFactory().post("/connexion/", REMOTE_ADDR=address), username=email, password=password)


def hashed_during(function):
    before = CountingHasher.hashed
    function()
    return CountingHasher.hashed - before


def test_tries_at_once_on_one_account_check_exactly_the_limit(client):
    make_user("camille@exemple.ca")
    tries = [("camille@exemple.ca", "mauvais", f"10.1.0.{n}") for n in range(4 * throttle.ACCOUNT_LIMIT)]
    assert hashed_during(lambda: at_once(lambda t: try_login(*t), tries)) == throttle.ACCOUNT_LIMIT
    # The limit is reached: even the right password waits, and is not hashed.
    assert hashed_during(lambda: try_login("camille@exemple.ca", PASSWORD, "10.1.1.1")) == 0
    response = client.post("/connexion/", {"username": "camille@exemple.ca", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_tries_at_once_under_every_spelling_check_exactly_the_limit():
    make_user("p2@audit.test")
    spellings = ["p2@audit.test", "P2@AUDIT.TEST", "p2@audit.teſt", "p2@audıt.teſt", "ｐ２@audit.test"]
    tries = [(spellings[n % len(spellings)], "mauvais", f"10.2.0.{n}") for n in range(20)]
    assert hashed_during(lambda: at_once(lambda t: try_login(*t), tries)) == throttle.ACCOUNT_LIMIT


def test_tries_at_once_from_one_address_check_exactly_the_address_limit():
    tries = [(f"inconnu{n}@exemple.ca", "mauvais", "10.3.0.1") for n in range(throttle.ADDRESS_LIMIT + 15)]
    assert hashed_during(lambda: at_once(lambda t: try_login(*t), tries)) == throttle.ADDRESS_LIMIT
    assert throttle.seconds_to_wait("quelqu.un@exemple.ca", None, "10.3.0.1") == throttle.WAIT


def test_right_passwords_do_not_fill_the_address_limit():
    """A success gives its slot back: a campus behind one address logs in, wave after wave (at most 50
    tries in flight at once from one address, as the limit says), well past the limit in all."""
    hashed = make_password(PASSWORD)  # once for all: the test times the logins, not their making
    people = [f"personne{n}@exemple.ca" for n in range(2 * throttle.ADDRESS_LIMIT)]
    User.objects.bulk_create(User(email=email, password=hashed) for email in people)
    for wave in (people[: throttle.ADDRESS_LIMIT], people[throttle.ADDRESS_LIMIT :]):
        users = at_once(lambda email: try_login(email, PASSWORD, "10.4.0.1"), wave)
        assert sorted(user.email for user in users) == sorted(wave)
    assert throttle.seconds_to_wait("quelqu.un@exemple.ca", None, "10.4.0.1") == 0


def test_password_reset_requests_at_once_send_exactly_the_limit():
    make_user("camille@exemple.ca")

    def ask(n):
        return Client().post("/mot-de-passe/oublie/", {"email": "camille@exemple.ca"}, REMOTE_ADDR=f"10.5.0.{n}")

    statuses = sorted(response.status_code for response in at_once(ask, list(range(12))))
    assert statuses == [302] * throttle.RESET_ACCOUNT_LIMIT + [429] * (12 - throttle.RESET_ACCOUNT_LIMIT)
    assert len(mail.outbox) == throttle.RESET_ACCOUNT_LIMIT
