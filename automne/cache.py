"""The database cache of `CACHE_URL=dbcache://…` (the default), made safe for counters.

Django's database cache increments by reading then writing, outside any lock, and gives the
value the default timeout again: two gunicorn workers counting the same login failure could
both read 3 and both write 4, and a 15-minute window would shrink to 5 minutes. Here `incr`
locks the row first (SELECT … FOR UPDATE on PostgreSQL; on SQLite the IMMEDIATE transaction
set in automne/environment.py already holds the write lock) and keeps the row's expiry.
"""

from datetime import UTC, datetime

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        using = router.db_for_write(self.cache_model_class)
        connection = connections[using]
        quote = connection.ops.quote_name
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('expires')} FROM {quote(self._table)} WHERE {quote('cache_key')} = %s{lock}",
                [self.make_and_validate_key(key, version=version)],
            )
            row = cursor.fetchone()
            value = self.get(key, self._missing_key, version=version)
            if row is None or value is self._missing_key:
                raise ValueError(f"Key '{key}' not found.")
            new_value = value + delta
            self.set(key, new_value, timeout=max(_seconds_left(row[0]), 1), version=version)
            return new_value


def _seconds_left(expires):
    """Seconds until `expires`, as the cache table stores it (aware, naive UTC, or text on SQLite)."""
    if isinstance(expires, str):
        expires = datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    return int((expires - datetime.now(UTC)).total_seconds())
