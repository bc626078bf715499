"""Shared set-up of the programme tests: the 2025 edition from fixtures/, an empty cache."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from programme.models import Edition

NBSP = "\xa0"


def nbsp(text):
    """Times written "13 h 30" in a test, as rendered: "13\xa0h\xa030" (OQLF no-break spaces)."""
    return re.sub(r"\b(\d{1,2}) h(?: (\d\d))?\b", lambda m: f"{m[1]}{NBSP}h" + (f"{NBSP}{m[2]}" if m[2] else ""), text)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def week_2025(db):
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.current()
