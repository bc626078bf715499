"""Issue 23's typography findings, replayed on the 2025 programme as organizers typed it: what they typed is
shown with the OQLF's no-break spaces (automne.french.typography, the |typographie filter), the database
keeps it as typed, and English titles stay as typed."""

import re

import pytest
from django.urls import reverse

from automne.french import NBSP
from programme.models import Session
from programme.tests.fixture_data import LICER
from programme.tests.html_text import text, texts

pytestmark = pytest.mark.django_db

ENGLISH = "Administrative Capabilities: Challenges"


def test_programme_shows_no_plain_space_before_a_colon_or_a_question_mark(client, programme_2025):
    html = client.get("/programme/").content.decode()
    titles = texts(html, css_class="occurrence__title")
    french = [title for title in titles if not title.startswith(ENGLISH[:14])]
    assert [title for title in french if " :" in title or " ?" in title] == []
    # The five of the finding: two « ? » and three « : » typed with a plain space, now no-break.
    assert sum(title.count(f"{NBSP}:") + title.count(f"{NBSP}?") for title in french) == 5
    assert LICER.replace(" :", f"{NBSP}:") in titles
    # Stored as typed.
    assert Session.objects.filter(title=LICER).exists()


def test_english_titles_are_shown_as_typed(client, programme_2025):
    html = client.get("/programme/").content.decode()
    english = [title for title in texts(html, css_class="occurrence__title") if "Capabilities:" in title]
    assert len(english) == 1 and NBSP not in english[0]


def test_home_presentation_ends_on_a_colon_that_cannot_wrap_alone(client, programme_2025):
    html = client.get("/").content.decode()
    assert f"vise les objectifs suivants{NBSP}:" in text(html, tag="main")
    assert "suivants :" not in text(html, tag="main")


def test_session_page_typesets_title_and_description(client, programme_2025):
    session = Session.objects.get(title=LICER)
    url = reverse("programme:session", kwargs={"edition": session.edition.slug, "slug": session.slug})
    html = client.get(url).content.decode()
    assert text(html, tag="h1") == LICER.replace(" :", f"{NBSP}:")
    assert f"Et si la réglementation était un levier d'innovation{NBSP}?" in text(html, css_class="prose")
    # The page's description for search engines and previews too (cut to 30 words first: cutting splits on
    # every space, no-break ones included).
    description = re.search(r'<meta name="description" content="([^"]*)"', html)[1]
    assert f"levier d&#x27;innovation{NBSP}? Dans" in description
