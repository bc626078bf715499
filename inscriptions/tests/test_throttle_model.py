"""The login limits as a state machine (Hypothesis): any order of tries — right or wrong password, under
any spelling of the address, including a look-alike that reaches no account — and of time passing
gives, at every step, the answer of a small reference model of the rules in inscriptions/throttle.py:

- each counter (the typed address's look-alike key; the account's) counts tries in a fixed window of
  WINDOW seconds from its first try; a try takes a slot in each counter, in order, and one over the
  limit gives its slots back and is refused (429) without its password being checked;
- the try that fills a counter and fails starts a wait of WAIT seconds, during which every try is
  refused without being counted; the full counter lasts as long as the wait (a second less);
- a right password logs in (302) and forgets both counters and their waits.

So no spelling gets tries of its own, no more than ACCOUNT_LIMIT passwords are checked in a window,
and after a wait the account's owner always gets in. Every clock (the throttle's, the database cache's
expiry) is moved together by time-machine; all instants fall a quarter of a second past a whole second,
so that no try lands exactly on an expiry, which the cache keeps to the second.
"""

import math
from dataclasses import dataclass, field

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test

from inscriptions import throttle
from inscriptions.models import User
from inscriptions.tests.factories import PASSWORD

START = 1_900_000_000.25  # 2030, a quarter of a second past a whole second
RESOLVING = ["p2@audit.test", "P2@AUDIT.TEST", "p2@audit.teſt", "ｐ２@audit.test"]
LOOKALIKE = "p2@audıt.teſt"  # another domain: no account, but the same look-alike key


@dataclass
class Counter:
    count: int = 0
    expires: int | None = None  # whole seconds, as the cache table keeps them
    wait_until: float | None = None

    def live(self, now):
        return self.expires is not None and self.expires >= now

    def take(self, now):
        if self.live(now):
            self.count += 1
        else:
            self.count, self.expires = 1, math.floor(now + throttle.WINDOW)
        return self.count

    def give_back(self, now):
        if self.live(now):
            self.count = max(self.count - 1, 0)

    def waiting(self, now):
        return self.wait_until is not None and self.wait_until > now


@dataclass
class Model:
    email: Counter = field(default_factory=Counter)
    account: Counter = field(default_factory=Counter)

    def attempt(self, now, resolves, right):
        counters = [self.email, self.account] if resolves else [self.email]
        if any(counter.waiting(now) for counter in counters):
            return 429
        taken = []
        for counter in counters:
            taken.append((counter, counter.take(now)))
            if taken[-1][1] > throttle.ACCOUNT_LIMIT:
                for reserved, _ in taken:
                    reserved.give_back(now)
                return 429
        if resolves and right:
            self.email, self.account = Counter(), Counter()
            return 302
        for counter, place in taken:
            if place >= throttle.ACCOUNT_LIMIT:
                counter.wait_until = now + throttle.WAIT
                counter.expires = math.floor(now + throttle.WAIT - 1)
        return 200


class Logins(RuleBasedStateMachine):
    @initialize()
    def start(self):
        cache.clear()
        if not User.objects.filter(email="p2@audit.test").exists():  # the database lasts the whole test
            User.objects.create_user("p2@audit.test", PASSWORD)
        self.model, self.now, self.tries = Model(), START, 0

    # Mostly wrong passwords, several in a row: the limits are reached often, and not only in one try.
    @rule(
        spelling=st.sampled_from([*RESOLVING, LOOKALIKE]),
        right=st.sampled_from([False, False, False, True]),
        repeat=st.integers(1, 4),
    )
    def attempt(self, spelling, right, repeat):
        for _ in range(repeat):
            self.tries += 1
            with time_machine.travel(self.now, tick=False):
                response = Client().post(
                    "/connexion/",
                    {"username": spelling, "password": PASSWORD if right else "mauvais"},
                    REMOTE_ADDR=f"10.{self.tries // 250}.{self.tries % 250}.1",  # the address limit stays aside
                )
            expected = self.model.attempt(self.now, spelling != LOOKALIKE, right)
            assert response.status_code == expected, (spelling, right, self.now - START)

    @rule(seconds=st.sampled_from([1, 60, 299, 600, throttle.WINDOW - 1, throttle.WINDOW, throttle.WAIT + 1]))
    def wait(self, seconds):
        self.now += seconds


@pytest.mark.django_db
def test_login_limits_follow_the_rules_in_any_order():
    run_state_machine_as_test(Logins, settings=settings(max_examples=20, stateful_step_count=15))
