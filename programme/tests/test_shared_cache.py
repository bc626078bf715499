"""What one worker renders of the programme serves every worker and server through the shared cache
(settings.CACHES["programme"], set with Redis; a second in-memory cache stands for it here): a worker
whose own cache is empty gets the page without rendering it; the shared cache down changes nothing."""

import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from programme import change_effects, views
from programme.caching import cache
from programme.models import Session

pytestmark = pytest.mark.django_db
LOCAL_AND_SHARED = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-default"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    "programme": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-shared"},
}


class Unreachable(LocMemCache):
    """A shared cache whose server is down."""

    def get(self, *args, **kwargs):
        raise ConnectionError("Connection refused")

    def set(self, *args, **kwargs):
        raise ConnectionError("Connection refused")


@override_settings(CACHES=LOCAL_AND_SHARED)
def test_a_worker_without_the_page_gets_it_from_the_shared_cache(client, week_2025, django_assert_num_queries):
    first = client.get("/programme.ics")
    cache.clear()  # another worker: nothing of its own
    with django_assert_num_queries(1):  # the programme's version; nothing rendered
        again = client.get("/programme.ics")
    assert again.content == first.content
    session = Session.objects.filter(edition=week_2025).order_by("pk").first()
    session.title = "Un titre rendu par un seul processus"
    change_effects.save(session)
    renamed = client.get("/programme.ics").content
    cache.clear()
    with django_assert_num_queries(1):
        assert client.get("/programme.ics").content == renamed


@override_settings(CACHES=LOCAL_AND_SHARED)
def test_a_participants_page_is_built_on_the_body_another_worker_rendered(participant_client, edition, monkeypatch):
    first = participant_client.get("/programme/").content.decode()
    cache.clear()

    def never(*args):
        raise AssertionError("the week rendered again")

    monkeypatch.setattr(views, "_week_context", never)
    again = participant_client.get("/programme/").content.decode()
    assert again.count("Ajouter à mon programme") == first.count("Ajouter à mon programme") == 8


@override_settings(CACHES={**LOCAL_AND_SHARED, "programme": {"BACKEND": f"{__name__}.Unreachable", "LOCATION": "down"}})
def test_pages_are_served_when_the_shared_cache_is_down(client, week_2025, caplog):
    with caplog.at_level(logging.WARNING, logger="programme.caching"):
        first = client.get("/programme/")
        again = client.get("/programme/")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert "Cache partagé injoignable" in caplog.text
