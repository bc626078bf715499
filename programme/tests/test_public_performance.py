"""Constant query counts whatever the size of the programme; ETag, Last-Modified and 304;
a page cache keyed by the programme's version, so an organizer's save shows at once."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date

from automne import languages
from programme.caching import cache
from programme.models import Day, Edition, Occurrence, ProgrammeChange, ProgrammeStamp, Room, Session, Speaker
from programme.tests.factories import grow_programme, make_edition, make_programme, make_speaker

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")

# Queries of each page on a first visit (empty page cache), whatever the programme's size.
FIRST_VISIT = {
    "home": 7,  # versions, edition, partners, occurrences, speakers, other editions to come, archives
    # version, edition, days; the cards' speakers, days, slots, badges and occurrences (programme/fragments.py);
    # the occurrences and speakers of the cards to render
    "week": 10,
    "day": 10,
    # version, edition, session, its speakers, its occurrences, parallel ones, its badge, its public materials
    "session": 8,
    "speakers": 3,  # version, edition, speakers
    "speaker": 6,  # version, edition, speaker, their links, their occurrences, their photo
    "changes": 3,  # version, edition, changes
    "now": 6,  # edition; the cards' speakers, days, slots, badges and occurrences, rendered already (never cached)
    "filtered": 10,  # the week's 8 for its cards, already rendered, and the occurrences and speakers searched
    # version, edition (, days); the occurrences' and speakers' rows of the pieces (programme/pieces.py)
    # (and for the calendars, the cancelled occurrences still shown: programme/calendar_revisions.py)
    "programme_ics": 5,
    "programme_json": 5,
    "session_ics": 6,  # version, edition, its occurrences' ids, their rows and speakers, its cancelled ones
}
CACHED = {"now": 6, "filtered": 10}  # the others: 1 query, the programme's version


def urls(edition):
    day = edition.days.order_by("date").first()
    session = Session.objects.filter(kind=Session.Kind.CASE_STUDY).order_by("pk").first()
    speaker = session.speakers.order_by("pk").first()
    return {
        "home": "/",
        "week": "/programme/",
        "day": day.get_absolute_url(),
        "session": session.get_absolute_url(),
        "speakers": "/intervenants/",
        "speaker": speaker.get_absolute_url(),
        "changes": "/programme/modifications/",
        "now": "/maintenant/",
        "filtered": "/programme/?kind=etude_de_cas&q=s%C3%A9ance",
        "programme_ics": "/programme.ics",
        "programme_json": "/programme.json",
        "session_ics": f"/seances/{session.slug}.ics",
    }


def assert_counts(client, django_assert_num_queries, pages):
    cache.clear()
    # « Maintenant » during the event: what runs now and next (outside it, it reads only the edition).
    with time_machine.travel(datetime.datetime(2025, 10, 20, 13, 40, tzinfo=MONTREAL), tick=False):
        _assert_counts(client, django_assert_num_queries, pages)


def _assert_counts(client, django_assert_num_queries, pages):
    for name, url in pages.items():
        with django_assert_num_queries(FIRST_VISIT[name]):
            assert client.get(url).status_code == 200, url
    for name, url in pages.items():
        with django_assert_num_queries(CACHED.get(name, 1)):
            assert client.get(url).status_code == 200, url


def in_language(pages, language):
    """The same pages at their addresses in `language` (English under /en/: the same counts, issue 24)."""
    return {name: languages.address_in(url, language) for name, url in pages.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("language", [languages.FRENCH, languages.ENGLISH])
def test_query_counts_are_the_same_at_one_and_ten_times_the_data(client, django_assert_num_queries, language):
    edition = make_programme()
    # Another edition, past, with its own programme: it changes no page's count.
    make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    )
    pages = in_language(urls(edition), language)
    assert_counts(client, django_assert_num_queries, pages)
    grow_programme(edition, 10)
    assert Occurrence.objects.filter(time_slot__day__edition=edition).count() == 100
    assert_counts(client, django_assert_num_queries, pages)


@pytest.mark.parametrize("language", [languages.FRENCH, languages.ENGLISH])
def test_query_counts_with_the_2025_edition_and_ten_times_as_much(
    client, django_assert_num_queries, week_2025, language
):
    pages = in_language(urls(week_2025), language)
    assert_counts(client, django_assert_num_queries, pages)
    grow_programme(week_2025, 10)
    assert Occurrence.objects.count() == 400
    assert_counts(client, django_assert_num_queries, pages)


def test_pages_carry_etag_and_last_modified_of_the_latest_change(client, week_2025):
    stamp = ProgrammeStamp.objects.get(edition=week_2025)
    with time_machine.travel(timezone.now(), tick=False):  # the same hour for the page and the test
        response = client.get("/programme/")
        hour = timezone.localtime().hour
    assert response["Last-Modified"] == http_date(int(stamp.changed_at.timestamp()))
    # The edition, whether it is the current one, its revision and the moment of its last change;
    # the hour, since that change is less than 48 hours old (« Modifié » badges, test_fragments.py).
    version = f"{week_2025.pk}.1.{stamp.revision}.{int(stamp.changed_at.timestamp() * 1_000_000)}"
    assert response["ETag"] == f'"{version}.{hour}h"'
    assert response["Cache-Control"] == "no-cache, public"
    # Not Accept-Language: the address alone says the language (automne/languages.py).
    assert set(response["Vary"].split(", ")) == {"Cookie", "Accept-Encoding"}


@pytest.mark.parametrize("url", ["/", "/programme/", "/programme/2025-10-21/", "/intervenants/", "/programme.ics"])
def test_conditional_get_answers_304(client, week_2025, url, django_assert_num_queries):
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    if url == "/":  # the site's home depends on the date and every edition: validated by its ETag only
        assert "Last-Modified" not in first
        return
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_save_changes_etag_and_refreshes_the_cached_page(client, week_2025):
    first = client.get("/programme/2025-10-21/")
    assert "Verrière" not in first.content.decode()
    occurrence = Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    stale = client.get("/programme/2025-10-21/", headers={"If-None-Match": first["ETag"]})
    assert stale.status_code == 200
    assert stale["ETag"] != first["ETag"]
    assert "Verrière" in stale.content.decode()


@pytest.mark.parametrize(
    "delete",
    [
        lambda: Room.objects.get(name="Verrière").delete(),
        lambda: Speaker.objects.get(slug="greg-labrosse").delete(),
        lambda: Day.objects.get(date=datetime.date(2025, 10, 24)).delete(),
    ],
)
def test_a_deletion_counts_as_a_change(client, week_2025, delete):
    first = client.get("/programme/")
    delete()
    again = client.get("/programme/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again.content != first.content


def test_speakers_added_through_the_relation_count_as_a_change(client, week_2025):
    session = Session.objects.get(slug="passage-a-laction")
    before = client.get(session.get_absolute_url())
    session.speakers.add(make_speaker("Zoé", "Zénon"), through_defaults={"edition": session.edition})
    after = client.get(session.get_absolute_url(), headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert "Zoé Zénon" in after.content.decode()


def test_logged_in_visitors_get_their_own_page_and_tag(client, week_2025, django_user_model):
    anonymous = client.get("/programme/")
    user = django_user_model.objects.create_user(email="p@example.org", password="un mot de passe")
    client.force_login(user)
    personal = client.get("/programme/", headers={"If-None-Match": anonymous["ETag"]})
    assert personal.status_code == 200
    assert personal["ETag"] != anonymous["ETag"]
    assert personal["Cache-Control"] == "no-cache, private"
    assert "Se déconnecter" in personal.content.decode()


def test_cached_page_never_serves_a_logged_in_header_to_anonymous_visitors(client, week_2025, django_user_model):
    user = django_user_model.objects.create_user(email="q@example.org", password="un mot de passe")
    client.force_login(user)
    assert "Se déconnecter" in client.get("/programme/").content.decode()
    client.logout()
    client.cookies.clear()
    assert "Se déconnecter" not in client.get("/programme/").content.decode()


def test_stamp_is_created_by_the_first_change(db):
    assert ProgrammeStamp.objects.count() == 0
    Edition.objects.create(
        name="É", slug="e", starts_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2030, 1, 2), capacity=1
    )
    assert ProgrammeStamp.objects.get().revision == 1
    assert ProgrammeChange.objects.count() == 0


def test_remembered_version_serves_cached_pages_without_any_query(
    client, week_2025, settings, django_assert_num_queries
):
    settings.PROGRAMME_VERSION_TTL = 60
    first = client.get("/programme/2025-10-21/")
    with django_assert_num_queries(0):
        again = client.get("/programme/2025-10-21/")
    assert again.content == first.content
    # A save in this process is seen at once, however long the version is remembered.
    occurrence = Occurrence.objects.get(session__slug__startswith="la-communaute-mixte-de-recherche")
    occurrence.room = Room.objects.get(name="Verrière")
    occurrence.save()
    assert "Verrière" in client.get("/programme/2025-10-21/").content.decode()


def test_cached_response_keeps_every_security_header(client, week_2025):
    first = client.get("/programme/")
    cached = client.get("/programme/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "ETag", "Vary"):
        assert cached[header] == first[header], header
    assert cached.content == first.content


def test_cached_page_answers_304_to_its_etag(client, week_2025, django_assert_num_queries):
    first = client.get("/intervenants/")
    client.get("/intervenants/")  # now in the cache
    with django_assert_num_queries(1):
        again = client.get("/intervenants/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_pages_with_a_query_string_are_not_cached(client, week_2025):
    client.get("/programme/?q=Nicolet")
    assert not [key for key in cache._cache if "programme:page" in key]
    client.get("/programme/")
    assert len([key for key in cache._cache if "programme:page" in key]) == 1
