"""Throttling that cannot be turned against the people it protects (issue 12, F2 and F7)."""

import re
import time

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from automne.cache import DatabaseCache, _seconds_left
from inscriptions import throttle
from inscriptions.backends import client_address
from inscriptions.tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

RESET_URL = "/mot-de-passe/oublie/"
TOO_MANY_RESETS = "Trop de demandes de nouveau mot de passe."


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, email, password=PASSWORD, address="10.0.0.1", **headers):
    return client.post("/connexion/", {"username": email, "password": password}, REMOTE_ADDR=address, **headers)


def lock(client, email):
    for n in range(throttle.ACCOUNT_LIMIT):
        login(client, email, "mauvais", address=f"10.0.1.{n}")
    assert login(client, email).status_code == 429


def later(seconds):
    """Every clock `seconds` ahead: the throttle's and the cache's own expiry (time-machine)."""
    return time_machine.travel(time.time() + seconds, tick=True)


# Logins ----------------------------------------------------------------------------------------


def test_login_attempts_during_a_wait_are_not_counted(client):
    make_user("camille@exemple.ca")
    lock(client, "camille@exemple.ca")
    with later(throttle.WAIT - 60):  # someone keeps trying near the end of the wait
        for _ in range(3 * throttle.ACCOUNT_LIMIT):
            assert login(client, "camille@exemple.ca", "mauvais").status_code == 429
    with later(throttle.WAIT + 1):
        # The wait was not prolonged, and the failures typed during it start no new one.
        for _ in range(throttle.ACCOUNT_LIMIT - 1):
            assert login(client, "camille@exemple.ca", "mauvais").status_code == 200
        assert login(client, "camille@exemple.ca").status_code == 302


def test_login_wait_starts_at_exactly_the_limit(client):
    make_user("camille@exemple.ca")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        login(client, "camille@exemple.ca", "mauvais")
    assert throttle.seconds_to_wait("camille@exemple.ca", None, None) == 0
    login(client, "camille@exemple.ca", "mauvais")
    assert throttle.seconds_to_wait("camille@exemple.ca", None, None) == throttle.WAIT


def test_completed_password_reset_lifts_the_login_wait(client):
    make_user("camille@exemple.ca")
    lock(client, "camille@exemple.ca")
    client.post(RESET_URL, {"email": "camille@exemple.ca"}, REMOTE_ADDR="10.0.0.1")
    link = re.search(r"http://127\.0\.0\.1:8000(/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": "Autre-secret-2031", "new_password2": "Autre-secret-2031"})
    assert response["Location"] == "/mot-de-passe/nouveau/termine/"
    assert throttle.seconds_to_wait("camille@exemple.ca", None, None) == 0
    assert login(client, "camille@exemple.ca", "Autre-secret-2031").status_code == 302


def test_unfinished_password_reset_keeps_the_login_wait(client):
    make_user("camille@exemple.ca")
    lock(client, "camille@exemple.ca")
    client.post(RESET_URL, {"email": "camille@exemple.ca"})
    assert len(mail.outbox) == 1
    assert login(client, "camille@exemple.ca").status_code == 429


# Password-reset requests -----------------------------------------------------------------------


def test_password_reset_requests_throttled_per_requested_address(client):
    make_user("camille@exemple.ca")
    for n in range(throttle.RESET_ACCOUNT_LIMIT):
        response = client.post(RESET_URL, {"email": "Camille@exemple.ca"}, REMOTE_ADDR=f"10.0.2.{n}")
        assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    response = client.post(RESET_URL, {"email": "camille@exemple.ca"}, REMOTE_ADDR="10.0.2.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert TOO_MANY_RESETS in page
    assert "attendez 60 minutes avant de réessayer" in page
    assert len(mail.outbox) == throttle.RESET_ACCOUNT_LIMIT


def test_password_reset_requests_throttled_per_client_address(client):
    make_user("camille@exemple.ca")
    for n in range(throttle.RESET_ADDRESS_LIMIT):
        client.post(RESET_URL, {"email": f"inconnu{n}@exemple.ca"}, REMOTE_ADDR="10.0.3.1")
    response = client.post(RESET_URL, {"email": "camille@exemple.ca"}, REMOTE_ADDR="10.0.3.1")
    assert response.status_code == 429
    assert mail.outbox == []
    response = client.post(RESET_URL, {"email": "camille@exemple.ca"}, REMOTE_ADDR="10.0.3.2")
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == 1


def test_password_reset_refusal_is_the_same_for_an_unknown_address(client):
    make_user("camille@exemple.ca")
    answers = []
    for email in ["camille@exemple.ca", "personne@exemple.ca"]:
        for _ in range(throttle.RESET_ACCOUNT_LIMIT + 1):
            response = client.post(RESET_URL, {"email": email}, REMOTE_ADDR=f"10.0.4.{len(answers)}")
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        answers.append((response.status_code, page.replace(email, "…")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


def test_password_reset_wait_ends(client):
    make_user("camille@exemple.ca")
    for _ in range(throttle.RESET_ACCOUNT_LIMIT + 1):
        client.post(RESET_URL, {"email": "camille@exemple.ca"})
    with later(throttle.RESET_WINDOW + 1):
        response = client.post(RESET_URL, {"email": "camille@exemple.ca"})
    assert response["Location"] == "/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == throttle.RESET_ACCOUNT_LIMIT + 1


# The client's address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no proxy of ours: the header is anyone's to write
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client wrote the first entry itself
        (2, "6.6.6.6, 198.51.100.7, 192.0.2.10", "198.51.100.7"),  # load balancer, then nginx
        (2, "198.51.100.7", "10.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address_reads_the_proxy_header_only_when_trusted(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_login_address_limit_behind_a_trusted_proxy_counts_each_client(client, settings):
    settings.PROXY_COUNT = 1
    make_user("camille@exemple.ca")
    for n in range(throttle.ADDRESS_LIMIT):
        login(client, f"inconnu{n}@exemple.ca", "mauvais", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Same proxy (REMOTE_ADDR), another client: not waiting.
    assert login(client, "camille@exemple.ca", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    client.post("/deconnexion/")
    assert login(client, "camille@exemple.ca", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_login_address_limit_ignores_a_forged_header_without_trusted_proxy(client, settings):
    settings.PROXY_COUNT = 0
    make_user("camille@exemple.ca")
    for n in range(throttle.ADDRESS_LIMIT):
        login(client, f"inconnu{n}@exemple.ca", "mauvais", address="10.0.5.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert login(client, "camille@exemple.ca", address="10.0.5.1").status_code == 429


# The shared database cache -----------------------------------------------------------------------


def test_default_cache_is_the_shared_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "automne.cache.DatabaseCache"


def test_database_cache_incr_keeps_the_window():
    table = DatabaseCache("automne_cache", {})
    table.add("compte", 0, throttle.WINDOW)
    assert table.incr("compte") == 1
    assert table.incr("compte", 2) == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM automne_cache")
        (expires,) = cursor.fetchone()
    assert throttle.WINDOW - 5 <= _seconds_left(expires) <= throttle.WINDOW


def test_database_cache_incr_of_a_missing_key_raises():
    with pytest.raises(ValueError):
        DatabaseCache("automne_cache", {}).incr("absent")


# What a try costs ----------------------------------------------------------------------------------


def test_a_try_costs_a_constant_number_of_queries(client, django_assert_num_queries):
    """The reservation is three counters, each one locked row (automne/cache.py); a refused try reads
    only the account and the waits. The same numbers whatever the counters hold (SQLite, PostgreSQL)."""
    make_user("camille@exemple.ca")
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        with django_assert_num_queries(18):  # account, waits, 3 × (lock, insert, read, write), the page
            assert login(client, "camille@exemple.ca", "mauvais").status_code == 200
    with django_assert_num_queries(38):  # and the two waits started (the typed address's, the account's)
        assert login(client, "camille@exemple.ca", "mauvais").status_code == 200
    with django_assert_num_queries(3):  # account, waits, and the page's edition: no password checked
        assert login(client, "camille@exemple.ca").status_code == 429
