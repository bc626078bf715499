"""Login throttling: after repeated failures for one account or from one address, a wait.

Counts live in the cache (shared by all workers when CACHE_URL names a shared cache).
Keys are hashed so that no e-mail address is written in the cache.
"""

import hashlib
import time

from django.core.cache import cache

WINDOW = 15 * 60  # failures are counted over this many seconds
WAIT = 15 * 60  # and once the limit is reached, logins wait this long
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20


def _key(kind, value):
    return f"login:{kind}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()}"


def _targets(email, address):
    targets = []
    if email:
        targets.append((_key("account", email), ACCOUNT_LIMIT))
    if address:
        targets.append((_key("address", address), ADDRESS_LIMIT))
    return targets


def seconds_to_wait(email, address):
    """0 when a login may be tried now."""
    now = time.time()
    until = [cache.get(f"{key}:until", 0) for key, _ in _targets(email, address)]
    return max([int(u - now) + 1 for u in until if u > now], default=0)


def record_failure(email, address):
    for key, limit in _targets(email, address):
        cache.add(key, 0, WINDOW)
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW)
            failures = 1
        if failures >= limit:
            cache.set(f"{key}:until", time.time() + WAIT, WAIT)
            cache.delete(key)


def record_success(email):
    key = _key("account", email)
    cache.delete_many([key, f"{key}:until"])
