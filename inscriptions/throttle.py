"""Limits on logins and password-reset requests: per typed address, per account, per client address.

Logins: after ACCOUNT_LIMIT failed tries for one typed address or one account, or ADDRESS_LIMIT from
one client address, within WINDOW seconds, logins wait WAIT seconds. Tries made while waiting are
refused without being counted (nobody can keep an account locked for ever by trying on), and a
completed password reset lifts the account's wait at once: whoever owns the address can always get
back in. Password-reset requests: RESET_ACCOUNT_LIMIT per typed address and per account, and
RESET_ADDRESS_LIMIT per client address, within RESET_WINDOW; beyond that the form says to wait and no
e-mail is sent.

**A try reserves its slot before the password is hashed** (`reserve_login`): one atomic increment per
counter (automne/cache.py: Redis or the database cache), which returns the count; a count over the
limit is given back and the try refused. So no more than the limit is ever checked, however many
workers and servers take tries at the same moment. The try then ends as a failure (`login_failed`:
its slots stay counted, and the one that fills a counter starts the wait) or a success
(`login_succeeded`: a right password is no guess, its address slot is given back and the account's
failures forgotten).

**One identity**, whatever is typed. The address is normalized (inscriptions/identity.py), so « P2@Audit.TEST »
and « p2@audit.teſt » are one counter; the account it resolves to has its own counter too. And the
typed address's counter is shared by its look-alikes (accents, dotless ı: `lookalike`), so even a
variant that reaches no account (« p2@audıt.test » is another domain) uses up the same 5 tries.

The client address is the proxy's view of it only when PROXY_COUNT says how many proxies of ours stand
in front (inscriptions.backends.client_address); one campus behind one NAT address shares the address
limits, hence their size. Keys are hashed: no e-mail address is written in the cache.
"""

import hashlib
import time
import unicodedata
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from inscriptions.identity import normalize_email


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int  # this many tries within `window` seconds
    window: int
    wait: int  # then this many seconds of refusal


WINDOW = 15 * 60  # login failures are counted over this many seconds
WAIT = 15 * 60  # and once a limit is reached, logins wait this long
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 50  # a whole campus behind one NAT address shares it
RESET_WINDOW = 60 * 60
RESET_ACCOUNT_LIMIT = 3
RESET_ADDRESS_LIMIT = 10

LOGIN_EMAIL = Rule("login:email", ACCOUNT_LIMIT, WINDOW, WAIT)
LOGIN_ACCOUNT = Rule("login:account", ACCOUNT_LIMIT, WINDOW, WAIT)
LOGIN_ADDRESS = Rule("login:address", ADDRESS_LIMIT, WINDOW, WAIT)
RESET_EMAIL = Rule("reset:email", RESET_ACCOUNT_LIMIT, RESET_WINDOW, RESET_WINDOW)
RESET_ACCOUNT = Rule("reset:account", RESET_ACCOUNT_LIMIT, RESET_WINDOW, RESET_WINDOW)
RESET_ADDRESS = Rule("reset:address", RESET_ADDRESS_LIMIT, RESET_WINDOW, RESET_WINDOW)


class Wait(Exception):
    """A try refused: a limit is reached. `seconds` until it may be tried again."""

    def __init__(self, seconds):
        super().__init__(seconds)
        self.seconds = seconds


@dataclass(frozen=True)
class Slot:
    rule: Rule
    key: str
    count: int  # this try's place in its counter: 1 … rule.limit


def lookalike(email):
    """The typed address as its counter knows it: normalized, without accents, dotless ı read as i."""
    decomposed = unicodedata.normalize("NFKD", normalize_email(email))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


def _key(rule, value):
    return f"{rule.name}:{hashlib.sha256(str(value).encode()).hexdigest()}"


def _targets(rules, email, account, address):
    email_rule, account_rule, address_rule = rules
    targets = []
    if email:
        targets.append((email_rule, _key(email_rule, lookalike(email))))
    if account is not None:
        targets.append((account_rule, _key(account_rule, account.pk)))
    if address:
        targets.append((address_rule, _key(address_rule, address)))
    return targets


def _seconds_to_wait(targets):
    now = time.time()
    until = cache.get_many([f"{key}:until" for _, key in targets]).values()
    return max([int(u - now) + 1 for u in until if u > now], default=0)


def _reserve(targets):
    """A slot in every counter, or Wait and nothing counted.

    The counters are taken one after the other, and the first one found full stops the try before
    the next is touched: a try refused by the typed address's counter never holds a slot of the
    account's, which another try of the same person could have had."""
    wait = _seconds_to_wait(targets)
    if wait:
        raise Wait(wait)
    slots = []
    for rule, key in targets:
        slots.append(Slot(rule, key, cache.count(key, rule.window)))
        if slots[-1].count > rule.limit:
            _give_back(slots)
            raise Wait(_seconds_to_wait(targets) or rule.wait)
    return slots


def _give_back(slots):
    for slot in slots:
        cache.uncount(slot.key)


def _start_waits(slots):
    """The slot that filled its counter starts the wait. The full counter is kept as long (a second
    less), so that a try which missed the wait's start still finds it full; then both are gone and
    the tries start again from 1."""
    now = time.time()
    for slot in slots:
        if slot.count >= slot.rule.limit:
            cache.set(f"{slot.key}:until", now + slot.rule.wait, slot.rule.wait)
            cache.touch(slot.key, slot.rule.wait - 1)


def _forget(rule, value):
    key = _key(rule, value)
    cache.delete_many([key, f"{key}:until"])


# Logins -------------------------------------------------------------------------------------------


def reserve_login(email, account, address):
    """The slots of one login try (`account`: the account `email` resolves to, or None); raises Wait."""
    return _reserve(_targets((LOGIN_EMAIL, LOGIN_ACCOUNT, LOGIN_ADDRESS), email, account, address))


def login_failed(slots):
    _start_waits(slots)


def login_succeeded(slots, user):
    """A right password is no guess: its address slot is given back, the account's failures forgotten."""
    _give_back([slot for slot in slots if slot.rule is LOGIN_ADDRESS])
    record_success(user)


def seconds_to_wait(email, account, address):
    """0 when a login may be tried now (nothing is counted)."""
    return _seconds_to_wait(_targets((LOGIN_EMAIL, LOGIN_ACCOUNT, LOGIN_ADDRESS), email, account, address))


def record_success(user):
    """The account logged in, or its password was reset: its failures and its wait are forgotten."""
    _forget(LOGIN_EMAIL, lookalike(user.email))
    _forget(LOGIN_ACCOUNT, user.pk)


# Password-reset requests --------------------------------------------------------------------------


def reserve_reset(email, account, address):
    """Counts one password-reset request (every request counts, sent or not); raises Wait beyond the limits."""
    slots = _reserve(_targets((RESET_EMAIL, RESET_ACCOUNT, RESET_ADDRESS), email, account, address))
    _start_waits(slots)


def minutes(seconds):
    """« 15 minutes », « 1 minute »: a wait as the messages say it."""
    count = (seconds + 59) // 60
    if count <= 1:  # French: 0 and 1 are singular
        return _("%(count)s minute") % {"count": count}
    return _("%(count)s minutes") % {"count": count}
