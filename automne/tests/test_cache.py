"""The shared caches' counters (automne/cache.py, issue 25 F9): one atomic step that creates, increments
and returns, on the database cache (SQLite or PostgreSQL, whichever DATABASE_URL names), on a real
Redis (a redis-server started for these tests) and in local memory; and giving one back.

The concurrency tests count from many threads at once, each with its own database connection or Redis
client: every value from 1 to the total must come back exactly once."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from automne.cache import DatabaseCache, LocMemCache, RedisCache, _seconds_left
from automne.testing import redis_location  # noqa: F401  (a fixture)

THREADS, EACH = 8, 25


@pytest.fixture(params=[pytest.param("database", marks=pytest.mark.django_db(transaction=True)), "redis", "locmem"])
def shared(request):
    if request.param == "database":
        cache = DatabaseCache("automne_cache", {})
    elif request.param == "redis":
        cache = RedisCache(request.getfixturevalue("redis_location"), {})
    else:
        cache = LocMemCache("compteurs-de-test", {})
    cache.clear()
    yield cache
    cache.clear()


def test_count_starts_a_counter_and_keeps_its_window(shared):
    assert [shared.count("essais", 900) for _ in range(3)] == [1, 2, 3]
    assert shared.get("essais") == 3
    shared.uncount("essais")
    assert shared.get("essais") == 2
    assert shared.count("essais", 5) == 3  # a later timeout does not move the window
    assert 890 <= ttl(shared, "essais") <= 900


def test_uncount_never_goes_below_zero_nor_creates(shared):
    shared.uncount("absent")
    assert shared.get("absent") is None
    shared.count("un", 900)
    shared.uncount("un")
    shared.uncount("un")
    assert shared.get("un") == 0


def test_count_of_an_expired_counter_starts_again_at_one(shared):
    assert shared.count("court", 1) == 1
    assert shared.count("court", 1) == 2
    deadline = time.monotonic() + 5
    while shared.get("court") is not None:  # expired, as the cache itself sees it
        assert time.monotonic() < deadline
        time.sleep(0.1)
    shared.uncount("court")  # an ended window is not credited
    assert shared.count("court", 900) == 1


def test_count_from_many_threads_returns_each_value_exactly_once(shared):
    barrier = threading.Barrier(THREADS)

    def count(_):
        barrier.wait()
        try:
            return [shared.count("ensemble", 900) for _ in range(EACH)]
        finally:
            connections.close_all()  # each thread's own connection

    with ThreadPoolExecutor(THREADS) as pool:
        values = [value for values in pool.map(count, range(THREADS)) for value in values]
    assert sorted(values) == list(range(1, THREADS * EACH + 1))
    assert shared.get("ensemble") == THREADS * EACH


def test_counting_and_giving_back_at_once_ends_where_it_started(shared):
    for _ in range(THREADS * EACH):
        shared.count("aller-retour", 900)
    barrier = threading.Barrier(THREADS)

    def both(n):
        barrier.wait()
        try:
            for _ in range(EACH):
                shared.count("aller-retour", 900) if n % 2 else shared.uncount("aller-retour")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(both, range(THREADS)))
    assert shared.get("aller-retour") == THREADS * EACH


@pytest.mark.django_db(transaction=True)
def test_database_cache_incr_is_atomic_and_keeps_the_window():
    table = DatabaseCache("automne_cache", {})
    table.add("compte", 0, 900)
    assert table.incr("compte") == 1
    assert table.incr("compte", 2) == 3
    assert 890 <= ttl(table, "compte") <= 900
    with pytest.raises(ValueError):
        table.incr("absent")


@pytest.mark.django_db(transaction=True)
def test_database_cache_never_culls_a_live_counter():
    table = DatabaseCache("automne_cache", {"OPTIONS": {"MAX_ENTRIES": 3}})
    table.count("essais", 900)
    table.set("expire", 1, 1)
    for n in range(6):
        table.set(f"autre-{n}", n, 900)
    assert table.get("essais") == 1
    assert [table.get(f"autre-{n}") for n in range(6)] == list(range(6))


def ttl(cache, key):
    """Seconds left on a counter, read from where each backend keeps it."""
    if isinstance(cache, RedisCache):
        return cache._cache.get_client(key).ttl(cache.make_and_validate_key(key))
    if isinstance(cache, LocMemCache):
        return cache._expire_info[cache.make_and_validate_key(key)] - time.time()
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM automne_cache WHERE cache_key = %s", [cache.make_and_validate_key(key)])
        return _seconds_left(cursor.fetchone()[0])
