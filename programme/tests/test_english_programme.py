"""The programme's own words in English (issue 24): its public pages, « Mon programme », the
participant's choices, the badges, the exports' words and the change notices, while the French pages
stay as they were.

Pages are asked for at their English address, /en/…"""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from automne import languages
from automne.french import NBSP
from programme import change_effects, choices, exports, fragments, pieces, schedule
from programme.caching import cache
from programme.models import Occurrence, ProgrammeChange, Session
from programme.tests.html_text import text, texts


@pytest.fixture(autouse=True)
def french_again():
    """A request at an English address leaves English active in this thread: French again after each test."""
    yield
    translation.deactivate()


TUESDAY = "/programme/2025-10-21/"


def english(client, path, **extra):
    """The English page of `path`."""
    response = client.get(languages.address_in(path, languages.ENGLISH), **extra)
    assert response.status_code == 200, path
    return response.content.decode()


def french(client, path):
    cache.clear()
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_week_page_in_english_and_french_unchanged(client, week_2025):
    html = english(client, "/programme/")
    assert text(html, tag="h1") == "Program"
    assert "Montreal time." in text(html, css_class="lead")
    assert text(html, css_class="filters-toggle").startswith("Filter")
    assert "The whole program in my calendar (.ics)" in html
    assert "(frab format)" in html
    assert " to " in texts(html, css_class="slot__time")[0]
    assert "In English" in texts(html, css_class="badge--en")
    assert "Skip to content" in html
    assert 'aria-label="Main navigation"' in html
    assert "Speakers" in texts(html, css_class="site-nav__row")[0]

    html = french(client, "/programme/")
    assert text(html, tag="h1") == "Programme"
    assert "Heure de Montréal." in text(html, css_class="lead")
    assert " à " in texts(html, css_class="slot__time")[0]
    assert "En anglais" in texts(html, css_class="badge--en")
    assert "Aller au contenu" in html


def test_day_session_speakers_and_now_pages_in_english(client, week_2025):
    html = english(client, TUESDAY)
    assert "Latest changes" in html
    assert 'aria-label="Previous and next day"' in html
    assert "Toute la semaine" not in html and "The whole week" in html

    slug = Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY).first().session.slug
    html = english(client, f"/seances/{slug}/")
    assert "When and where" in html
    assert "Add to my calendar" in html
    assert texts(html, tag="dt")[:2] == ["Type", "Language"]

    html = english(client, "/intervenants/")
    assert text(html, tag="h1") == "Speakers"
    assert 'aria-label="Search for a person"' in html

    html = english(client, "/intervenants/", QUERY_STRING="q=zzzzzz")
    assert "No one matches “zzzzzz”." in html

    html = english(client, "/maintenant/")
    assert text(html, tag="h1") == "Now"
    assert "The School took place" in html or "Happening now" in html or "The School will take place" in html


def test_home_and_changes_pages_in_english(client, week_2025):
    html = english(client, "/")
    assert "See the program" in html
    assert "Past editions" in html or "Privacy notice" in html
    assert "Certificate of attendance" in texts(html, css_class="ways")[0]
    html = english(client, "/programme/modifications/")
    assert text(html, tag="h1") == "Latest changes"


def test_cards_are_kept_per_language(week_2025):
    edition = week_2025
    with translation.override("en"):
        english_keys = [card.key for card in fragments.cards(edition, level=4)]
        english_piece = pieces.key_of("ics", (), pieces.contents(edition)[0])
    with translation.override("fr-ca"):
        french_keys = [card.key for card in fragments.cards(edition, level=4)]
        french_piece = pieces.key_of("ics", (), pieces.contents(edition)[0])
    assert not set(english_keys) & set(french_keys)
    assert english_piece != french_piece


def test_time_range_and_overlap_note_in_english():
    start = datetime.datetime(2025, 10, 21, 13, 30, tzinfo=datetime.UTC)
    end = start + datetime.timedelta(minutes=75)
    with translation.override("en"):
        html = render_to_string("programme/includes/time_range.html", {"start": start, "end": end})
    assert "</time> to <time" in html
    with translation.override("fr-ca"):
        html = render_to_string("programme/includes/time_range.html", {"start": start, "end": end})
    assert "</time> à <time" in html


def test_choice_refusals_and_badges_in_english():
    with translation.override("en"):
        assert str(choices.NOT_REGISTERED) == "Only people registered for this edition can choose their sessions."
        assert str(choices.LOGISTICS) == "Breaks, meals and the welcome desk cannot be chosen."
        assert change_effects.badge([ProgrammeChange.Kind.ROOM, ProgrammeChange.Kind.TIME]) == "Changed: room, time"
        assert change_effects.badge([ProgrammeChange.Kind.SCHEDULED]) == "New"
    with translation.override("fr-ca"):
        french = str(choices.NOT_REGISTERED), change_effects.badge([ProgrammeChange.Kind.ROOM])
    assert french == (
        "Seules les personnes inscrites à cette édition peuvent choisir leurs séances.",
        "Modifié&nbsp;: salle",
    )


def test_filters_form_in_english():
    with translation.override("en"):
        form = schedule.ProgrammeFilters(None, [])
        assert [str(form.fields[name].label) for name in ("kind", "language", "room", "q")] == [
            "Type",
            "Language",
            "Room",
            "Search",
        ]
        assert str(form.fields["room"].choices[0][1]) == "All rooms"


def test_calendar_words_in_english_and_french_bytes_unchanged(week_2025):
    occurrence = Occurrence.objects.with_details().filter(session__language="en").first()
    assert occurrence is not None
    with translation.override("en"):
        english_text = exports.description(occurrence, "https://example.org/")
    with translation.override("fr-ca"):
        french_text = exports.description(occurrence, "https://example.org/")
    assert "In English" in english_text and "En anglais" in french_text
    if occurrence.session.session_speakers.exists():
        assert "Speakers:\n" in english_text and "Intervenant·e·s :\n" in french_text


@pytest.mark.django_db
def test_change_notice_email_in_english():
    from types import SimpleNamespace

    context = {
        "user": SimpleNamespace(first_name="Sanna"),
        "edition": SimpleNamespace(name="École d'automne"),
        "notices": [SimpleNamespace(session_title="Co-Production", detail="Nouvelle salle : A-1")],
        "speaker": False,
        "my_programme": "https://example.org/mon-programme/",
        "speaker_space": "https://example.org/espace-intervenant/",
    }
    with translation.override("en"):
        body = render_to_string("programme/emails/change_notices.txt", context)
    assert body.splitlines()[:3] == ["Hello Sanna,", "", "A session in your program has changed (École d'automne):"]
    assert "Your program, up to date: https://example.org/mon-programme/" in body
    assert "The “École d'automne” team" in body
    with translation.override("fr-ca"):
        french_body = render_to_string("programme/emails/change_notices.txt", context)
    assert french_body.splitlines()[:3] == [
        "Bonjour Sanna,",
        "",
        f"Une séance de votre programme a changé (École d'automne){NBSP}:",
    ]
    assert f"L'équipe de «{NBSP}École d'automne{NBSP}»" in french_body
