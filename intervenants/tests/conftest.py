import datetime

import pytest
from django.core.cache import cache

from intervenants.tests.factories import make_speaker_account
from programme.models import Session
from programme.tests.factories import make_edition, make_programme


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # login throttling counts live in the cache
    yield
    cache.clear()


@pytest.fixture
def edition(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_programme()


@pytest.fixture
def past_edition(db):
    return make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    )


@pytest.fixture
def case_studies(edition):
    return list(Session.objects.filter(edition=edition, kind=Session.Kind.CASE_STUDY).order_by("pk"))


@pytest.fixture
def speaker(case_studies):
    """The first speaker of the first case study (each case study has two)."""
    return case_studies[0].session_speakers.order_by("order").first().speaker


@pytest.fixture
def speaker_account(speaker):
    return make_speaker_account(speaker, "intervenante@exemple.org")


@pytest.fixture
def speaker_client(client, speaker_account):
    client.force_login(speaker_account)
    return client
