"""The shared caches of CACHE_URL, with the one operation the limits need (inscriptions/throttle.py):
`count(key, timeout)`, an increment that creates the counter when it is missing or expired and returns
the new value, in one step for every process and server; and `uncount(key)`, which gives one back.

Django's own `incr` cannot do it: it fails on a missing key (so a first try must `add` then `incr`,
two steps), and on the database cache it reads then writes outside any lock, so two gunicorn workers
can both read 3 and both write 4. Here:

- Redis: SET NX EX then INCR in one MULTI/EXEC transaction, which Redis runs with nothing in between;
  giving back is a small Lua script (DECR only a live, positive counter), atomic the same way.
- The database cache (`dbcache://`, the default): INSERT … ON CONFLICT DO NOTHING, then the row locked
  (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction of automne/environment.py
  holds the database's write lock from BEGIN), read, written and committed. The counter's expiry is
  kept: a 15-minute window stays 15 minutes. The table is never culled of live entries: an attacker
  filling it with new keys would otherwise make it forget the counts.
- Local memory (`locmemcache://`, with DEBUG only: one `runserver`): under the cache's own lock.

Values are stored as each backend stores an int, so `get()` reads a counter as usual.
"""

import base64
import pickle
import time
from datetime import UTC, datetime

from django.core.cache.backends import db, locmem, redis
from django.db import connections, router, transaction

# Gives one back only to a live counter above zero: a window that ended meanwhile is not credited.
UNCOUNT = """
local value = tonumber(redis.call('GET', KEYS[1]))
if value and value > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


class RedisCache(redis.RedisCache):
    def count(self, key, timeout, version=None):
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipeline:
            pipeline.set(key, 0, ex=int(timeout), nx=True)
            pipeline.incr(key)
            return pipeline.execute()[1]

    def uncount(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._cache.get_client(key, write=True).eval(UNCOUNT, 1, key)


class DatabaseCache(db.DatabaseCache):
    def count(self, key, timeout, version=None):
        return self._update(key, version, lambda value: value + 1, start=(1, timeout))

    def uncount(self, key, version=None):
        self._update(key, version, lambda value: max(value - 1, 0))

    def incr(self, key, delta=1, version=None):
        """Django's incr, atomic the same way; a missing or expired key raises ValueError, as in Django."""
        value = self._update(key, version, lambda value: value + delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def _update(self, key, version, change, start=None):
        """Applies `change` to the live value of `key` under a row lock, keeping its expiry, and returns the
        new value. A missing or expired key becomes start[0] for start[1] seconds when `start` is given;
        otherwise it is left alone and None is returned."""
        key = self.make_and_validate_key(key, version=version)
        using = router.db_for_write(self.cache_model_class)
        connection = connections[using]
        quote = connection.ops.quote_name
        table, key_column, value_column, expires_column = map(quote, (self._table, "cache_key", "value", "expires"))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        for _ in range(3):  # a row deleted between the two statements: start again
            with transaction.atomic(using=using), connection.cursor() as cursor:
                if start:
                    cursor.execute(
                        f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "
                        f"ON CONFLICT ({key_column}) DO NOTHING",
                        [key, _encode(0), self._expiry(connection, start[1])],
                    )
                cursor.execute(
                    f"SELECT {value_column}, {expires_column} FROM {table} WHERE {key_column} = %s{lock}", [key]
                )
                row = cursor.fetchone()
                if row is not None and _seconds_left(row[1]) >= 0:  # alive to its last instant, as Django reads it
                    value, expires = change(_decode(connection.ops.process_clob(row[0]))), row[1]
                elif start and row is not None:
                    value, expires = start[0], self._expiry(connection, start[1])
                elif start:
                    continue
                else:
                    return None
                cursor.execute(
                    f"UPDATE {table} SET {value_column} = %s, {expires_column} = %s WHERE {key_column} = %s",
                    [_encode(value), expires, key],
                )
                return value
        raise RuntimeError(f"Le compteur {key} du cache n'a pas pu être verrouillé.")

    def _expiry(self, connection, timeout):
        expires = datetime.fromtimestamp(time.time() + timeout, tz=UTC).replace(microsecond=0)
        return connection.ops.adapt_datetimefield_value(expires)

    def _cull(self, db, cursor, now, num):
        """Only expired entries, never a live counter (Django would also drop the first keys in order)."""
        connection = connections[db]
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(self._table)} WHERE {connection.ops.quote_name('expires')} < %s",
            [connection.ops.adapt_datetimefield_value(now)],
        )


class LocMemCache(locmem.LocMemCache):
    def count(self, key, timeout, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            value = 1 if self._has_expired(key) else pickle.loads(self._cache[key]) + 1
            expiry = time.time() + timeout if value == 1 else self._expire_info[key]
            self._cache[key] = pickle.dumps(value, self.pickle_protocol)
            self._cache.move_to_end(key, last=False)
            self._expire_info[key] = expiry
            return value

    def uncount(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if not self._has_expired(key):
                value = pickle.loads(self._cache[key])
                self._cache[key] = pickle.dumps(max(value - 1, 0), self.pickle_protocol)


def _encode(value):
    """As Django's database cache writes a value."""
    return base64.b64encode(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)).decode("latin1")


def _decode(text):
    return pickle.loads(base64.b64decode(text.encode()))


def _seconds_left(expires):
    """Seconds until `expires`, as the cache table stores it (aware, naive UTC, or text on SQLite)."""
    if isinstance(expires, str):
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return (expires - datetime.now(UTC)).total_seconds()
