"""French at the addresses the site always had, English under /en/ (issue 24, automne/languages.py): the
address alone says the language; the switch keeps you on the same page; a signed-in person's account
remembers the language; English dates and times in English."""

import datetime
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from automne import english, french, languages
from inscriptions.tests.factories import make_user

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
SESSION = "/seances/rethinking-public-management-through-co-production/"


@pytest.fixture
def school(db):
    call_command("load_initial_data", verbosity=0)


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def alternates(response):
    return re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode())


def switch(response):
    return re.search(r'<div class="language-switch">(.*?)</div>', response.content.decode(), re.S).group(1).strip()


def test_a_french_address_is_french_whatever_the_cookie_or_the_browser_asks(school, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/programme/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert html_lang(response) == "fr-CA"
    assert response["Content-Language"] == "fr-ca"
    assert "lundi 20 octobre 2025" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "language"),
    [("/programme/", "fr-ca"), ("/en/programme/", "en"), ("/connexion/", "fr-ca"), ("/en/connexion/", "en")],
)
def test_the_answer_names_its_language_and_never_varies_on_the_browsers(school, client, path, language):
    """Content-Language says the page's language; no `Vary: Accept-Language`, which LocaleMiddleware adds to
    unprefixed addresses: that header changes nothing here, and a cache would keep a French page per browser
    language. The cached answer (the second) says the same."""
    for _ in range(2):
        response = client.get(path, headers={"Accept-Language": "en"})
        assert response["Content-Language"] == language
        assert "accept-language" not in response.get("Vary", "").lower()


def test_the_same_page_under_en_is_in_english_with_its_alternates(school, client, settings):
    settings.SITE_URL = "https://automne.enap.ca"
    response = client.get("/en" + SESSION)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    permanent = "/editions/ecole-automne-2025" + SESSION
    assert alternates(response) == [
        ("fr-CA", "https://automne.enap.ca" + permanent),
        ("en", "https://automne.enap.ca/en" + permanent),
        ("x-default", "https://automne.enap.ca" + permanent),
    ]
    assert alternates(client.get(SESSION)) == alternates(response)
    assert f'<link rel="canonical" href="https://automne.enap.ca/en{permanent}">' in response.content.decode()
    assert '<meta property="og:locale" content="en_CA">' in response.content.decode()


def test_a_visitor_switches_with_a_link_to_the_same_page_and_its_query(school, client):
    french = client.get("/programme/?kind=etude_de_cas")
    assert switch(french) == '<a href="/en/programme/?kind=etude_de_cas" hreflang="en" lang="en">English</a>'
    english_page = client.get("/en/programme/?kind=etude_de_cas")
    assert switch(english_page) == '<a href="/programme/?kind=etude_de_cas" hreflang="fr-CA" lang="fr-CA">Français</a>'


def test_a_signed_in_person_switches_with_a_form_and_the_account_remembers(school, client):
    person = make_user("keynote@exemple.org")
    client.force_login(person)
    page = client.get(SESSION)
    assert 'action="/langue/en/"' in switch(page)
    assert f'name="next" value="{SESSION}"' in switch(page)
    response = client.post("/langue/en/", {"next": SESSION})
    assert (response.status_code, response["Location"]) == (302, "/en" + SESSION)
    assert "no-cache" in response["Cache-Control"]
    person.refresh_from_db()
    assert person.language == "en"
    response = client.post("/langue/fr-ca/", {"next": "/en" + SESSION})
    assert (response.status_code, response["Location"]) == (302, SESSION)
    person.refresh_from_db()
    assert person.language == "fr-ca"


@pytest.mark.parametrize(
    "target", ["https://ailleurs.example/", "//ailleurs.example/x", "javascript:alert(1)", "", "programme/"]
)
def test_the_switch_never_leads_to_another_site(school, client, target):
    response = client.post("/langue/en/", {"next": target})
    assert (response.status_code, response["Location"]) == (302, "/en/")


def test_an_unknown_language_is_a_french_404_and_changes_nothing(school, client):
    person = make_user("keynote@exemple.org")
    client.force_login(person)
    for response in (client.post("/langue/de/", {"next": "/"}), client.get("/de/programme/")):
        assert response.status_code == 404
        assert html_lang(response) == "fr-CA"
    assert client.get("/langue/en/").status_code == 405
    person.refresh_from_db()
    assert person.language == "fr-ca"


def test_a_visitor_without_an_account_changes_nothing_by_posting(school, client):
    response = client.post("/langue/en/", {"next": "/intervenants/"})
    assert (response.status_code, response["Location"]) == (302, "/en/intervenants/")


def test_each_language_has_its_own_cached_pages(school, client):
    """The week's cards are kept per language (settings.CACHES, automne.languages.cache_key)."""
    for _ in range(2):  # rendered, then served from the caches
        english_week = client.get("/en/programme/").content.decode()
        french_week = client.get("/programme/").content.decode()
        assert "Monday, October 20, 2025" in english_week
        assert "lundi 20 octobre 2025" not in english_week
        assert "lundi 20 octobre 2025" in french_week
        assert "Monday, October 20, 2025" not in french_week


@pytest.mark.parametrize(
    ("path", "language", "expected"),
    [
        ("/programme/", "en", "/en/programme/"),
        ("/en/programme/", "fr-ca", "/programme/"),
        ("/en/programme/", "en", "/en/programme/"),
        ("/", "en", "/en/"),
        ("/en/", "fr-ca", "/"),
        ("/en", "fr-ca", "/"),
        ("/english/", "en", "/en/english/"),
        ("/programme/?q=a", "xx", "/programme/?q=a"),
    ],
)
def test_address_in(path, language, expected):
    assert languages.address_in(path, language) == expected


@given(st.text(alphabet="/abcen-?=&", max_size=30))
def test_an_address_goes_there_and_back(path):
    path = "/" + path
    french_path = languages.address_in(path, languages.FRENCH)
    assert languages.of_address(french_path) == languages.FRENCH
    assert languages.address_in(languages.address_in(french_path, languages.ENGLISH), languages.FRENCH) == french_path


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (9, 0, "9 a.m."),
        (13, 30, "1:30 p.m."),
        (12, 0, "noon"),
        (0, 0, "midnight"),
        (12, 5, "12:05 p.m."),
        (0, 45, "12:45 a.m."),
    ],
)
def test_english_times(hour, minute, expected):
    assert english.format_time(datetime.time(hour, minute)) == expected


def test_the_site_writes_dates_and_numbers_in_the_language_in_force():
    moment = datetime.datetime(2025, 10, 20, 13, 30, tzinfo=MONTREAL)
    with translation.override("en"):
        assert french.format_date(moment.date()) == "Monday, October 20, 2025"
        assert french.format_moment(moment) == "Monday, October 20, 2025, at 1:30 p.m."
        assert french.format_time_range(moment, moment + datetime.timedelta(minutes=75)) == "1:30 p.m. to 2:45 p.m."
        assert (french.format_decimal(1234.5), french.format_percent(1, 3), french.format_bytes(2_516_582)) == (
            "1,234.5",
            "33%",
            "2.4\xa0MB",
        )
        assert french.format_hours(390) == "6 h 30 min"
    with translation.override("fr-ca"):
        assert french.format_date(moment.date()) == "lundi 20 octobre 2025"
        assert french.format_moment(moment) == "lundi 20 octobre 2025 à 13\xa0h\xa030"
        assert french.format_decimal(1234.5) == "1\xa0234,5"


def test_french_typography_of_our_messages_is_left_out_of_english():
    with translation.override("en"):
        assert french.typeset("Note : « oui » ?") == "Note : « oui » ?"
    assert french.typeset("Note : « oui » ?") == "Note\xa0: «\xa0oui\xa0»\xa0?"
