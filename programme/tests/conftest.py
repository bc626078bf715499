"""Shared set-up of the programme tests: the 2025 edition from fixtures/, an empty cache, a Monday of
an edition, and the admin as an organizer uses it."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from automne.french import NBSP
from automne.roles import ORGANIZERS_GROUP
from programme.caching import cache, forget_version
from programme.models import Day, Edition
from programme.tests.factories import make_edition, make_programme


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


@pytest.fixture
def programme_2025(db):
    """The 2025 edition loaded from fixtures/programme.json (as `loaddata` does, without organizers' edits)."""
    call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "programme.json"), verbosity=0)
    return Edition.objects.get(is_current=True)


@pytest.fixture
def monday():
    """A Monday of an edition from 20 to 24 October 2025, without time slots."""
    return Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))


@pytest.fixture
def organizer():
    """Staff, in the group Organisateurs, not a superuser: as the programme's organizers are."""
    user = get_user_model().objects.create_user("organisation@example.org", "mot-de-passe-solide-1", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    return user


@pytest.fixture
def admin_client(client, organizer):
    """The admin as an organizer uses it (instead of pytest-django's superuser)."""
    client.force_login(organizer)
    return client


# « Mon programme » (choices, the page, the personal calendar): a small programme and a participant
# registered to it.


@pytest.fixture
def edition():
    return make_programme()


@pytest.fixture
def participant(edition):
    from inscriptions.tests.factories import make_registration

    return make_registration(edition).user


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client
