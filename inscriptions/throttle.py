"""Throttling of logins and password-reset requests, per account and per client address.

Logins: after ACCOUNT_LIMIT failures for one account, or ADDRESS_LIMIT from one address, within
WINDOW seconds, logins wait WAIT seconds. Attempts made while waiting are refused without being
counted (so nobody can keep an account locked for ever by trying on), and a completed password
reset lifts the account's wait at once: whoever owns the address can always get back in.

Password-reset requests: RESET_ACCOUNT_LIMIT per requested address and RESET_ADDRESS_LIMIT per
client address within RESET_WINDOW; beyond that the form says to wait, and no e-mail is sent.

The client address is the proxy's view of it only when PROXY_COUNT says how many proxies of ours
stand in front (inscriptions.backends.client_address); one campus behind one NAT address shares
the address limits, hence their size.

Counts live in the default cache, shared by every worker and server (CACHE_URL: the database
cache by default, Redis in production), and are incremented atomically there. Keys are hashed:
no e-mail address is written in the cache.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int  # this many events within `window` seconds
    window: int
    wait: int  # then this many seconds of refusal


WINDOW = 15 * 60  # login failures are counted over this many seconds
WAIT = 15 * 60  # and once a limit is reached, logins wait this long
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 50  # a whole campus behind one NAT address shares it
RESET_WINDOW = 60 * 60
RESET_ACCOUNT_LIMIT = 3
RESET_ADDRESS_LIMIT = 10

LOGIN_ACCOUNT = Rule("login:account", ACCOUNT_LIMIT, WINDOW, WAIT)
LOGIN_ADDRESS = Rule("login:address", ADDRESS_LIMIT, WINDOW, WAIT)
RESET_ACCOUNT = Rule("reset:account", RESET_ACCOUNT_LIMIT, RESET_WINDOW, RESET_WINDOW)
RESET_ADDRESS = Rule("reset:address", RESET_ADDRESS_LIMIT, RESET_WINDOW, RESET_WINDOW)


def _key(rule, value):
    return f"{rule.name}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()}"


def _targets(account_rule, address_rule, email, address):
    targets = []
    if email:
        targets.append((_key(account_rule, email), account_rule))
    if address:
        targets.append((_key(address_rule, address), address_rule))
    return targets


def _seconds_to_wait(targets):
    now = time.time()
    until = cache.get_many([f"{key}:until" for key, _ in targets]).values()
    return max([int(u - now) + 1 for u in until if u > now], default=0)


def _count(targets):
    """One more event for each target not already waiting; the one that reaches the limit starts the wait."""
    now = time.time()
    waiting = cache.get_many([f"{key}:until" for key, _ in targets])
    for key, rule in targets:
        if waiting.get(f"{key}:until", 0) > now:
            continue
        cache.add(key, 0, rule.window)
        try:
            events = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, rule.window)
            events = 1
        if events >= rule.limit:
            cache.set(f"{key}:until", now + rule.wait, rule.wait)
            cache.delete(key)


def seconds_to_wait(email, address):
    """0 when a login may be tried now."""
    return _seconds_to_wait(_targets(LOGIN_ACCOUNT, LOGIN_ADDRESS, email, address))


def record_failure(email, address):
    _count(_targets(LOGIN_ACCOUNT, LOGIN_ADDRESS, email, address))


def record_success(email):
    """A login succeeded, or the account's password was reset: its failures and wait are forgotten."""
    key = _key(LOGIN_ACCOUNT, email)
    cache.delete_many([key, f"{key}:until"])


def reset_seconds_to_wait(email, address):
    """0 when a password-reset e-mail may be sent now for this address."""
    return _seconds_to_wait(_targets(RESET_ACCOUNT, RESET_ADDRESS, email, address))


def record_reset_request(email, address):
    _count(_targets(RESET_ACCOUNT, RESET_ADDRESS, email, address))


def minutes(seconds):
    """« 15 minutes », « 1 minute »: a wait as the messages say it."""
    count = (seconds + 59) // 60
    return f"{count} minute{'s' if count > 1 else ''}"
