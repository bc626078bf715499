"""Shared set-up of the programme tests: the 2025 edition from fixtures/, an empty cache."""

import re

import pytest
from django.core.management import call_command

from programme.caching import cache, forget_version
from programme.models import Edition

NBSP = "\xa0"


def nbsp(text):
    """Times written "13 h 30" in a test, as rendered: "13\xa0h\xa030" (OQLF no-break spaces)."""
    return re.sub(r"\b(\d{1,2}) h(?: (\d\d))?\b", lambda m: f"{m[1]}{NBSP}h" + (f"{NBSP}{m[2]}" if m[2] else ""), text)


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """No page cached, and the programme's version read at every request, so that query
    counts do not depend on the clock (the memo has its own test)."""
    settings.PROGRAMME_VERSION_TTL = 0
    forget_version()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week_2025(db):
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.current()
