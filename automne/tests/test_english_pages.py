"""Every page in English (issue 24): what a visitor, a participant and a teacher reach from /en/ answers
200 (or the 404 of a mistyped address), is `lang="en"` with French content inside marked `lang="fr-CA"`,
has no French word of ours left in its headings, links to its French twin and back, and is valid HTML for
the Nu HTML Checker."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from icalendar import Calendar

from automne import languages
from automne.roles import TEACHING_TEAM
from automne.tests.site_pages import crawl, participant_with_attestation, shared_notebook_with_a_comment
from automne.tests.test_html_validity import find_vnu, validate
from programme.models import Edition


@pytest.fixture
def school(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.current()


def english_pages(client, school, django_user_model):
    user, attestation = participant_with_attestation(school)
    starts = ["/en/", "/en/programme/?kind=etude_de_cas", "/en/intervenants/?q=tremblay", "/en/page-inconnue/"]
    pages = {
        f"anonyme {p}": h
        for p, h in crawl(client, [*starts, "/en" + attestation.get_absolute_url()], languages.ENGLISH).items()
    }
    teacher = django_user_model.objects.create_user("prof@exemple.ca", "Enseignement-2025!")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    shared_notebook_with_a_comment(school, user, teacher)
    client.force_login(user)
    participant = crawl(client, ["/en/", "/en/mon-espace/", "/en/cahier/", "/en/inscription/"], languages.ENGLISH)
    pages |= {f"participant {p}": h for p, h in participant.items()}
    client.force_login(teacher)
    pages |= {f"équipe {p}": h for p, h in crawl(client, ["/en/cahier/equipe/"], languages.ENGLISH).items()}
    return pages


def test_every_english_page_is_english_and_links_to_its_french_twin(client, school, django_user_model):
    pages = english_pages(client, school, django_user_model)
    assert len(pages) > 150
    assert {name for name, html in pages.items() if '<html lang="en">' not in html} == set()
    # The page's own path, in French, is its alternate and the switch's target.
    for name, html in pages.items():
        path = name.split(" ", 1)[1]
        french = languages.address_in(path, languages.FRENCH)
        assert f'<a href="{french}" hreflang="fr-CA" lang="fr-CA">Français</a>' in html or (
            f'name="next" value="{path}"' in html and 'action="/langue/fr-ca/"' in html
        ), name
    # The headings are ours or content: no French heading of the interface is left on an English page.
    french_headings = {"Programme", "Intervenant·e·s", "Mon espace", "Mon programme", "Mon cahier", "Maintenant"}
    for name, html in pages.items():
        headings = set(re.findall(r"<h[12][^>]*>([^<]+)</h[12]>", html))
        assert not headings & french_headings, (name, headings & french_headings)


def test_french_content_on_an_english_page_is_marked_french(client, school):
    session = school.sessions.get(slug="coproduction-et-logement-social-le-cas-des-habitations-saint-michel-nord")
    english_session = school.sessions.get(slug="rethinking-public-management-through-co-production")
    french_path, english_session_path = session.get_absolute_url(), english_session.get_absolute_url()
    html = client.get("/en" + french_path).content.decode()
    assert re.search(r'<h1 lang="fr-CA">Coproduction et logement social', html)
    html = client.get("/en" + english_session_path).content.decode()
    assert "<h1>Rethinking Public Management Through Co-Production</h1>" in html  # given in English: shown once
    french = client.get(english_session_path).content.decode()
    assert '<h1 lang="en">Rethinking Public Management Through Co-Production</h1>' in french
    session.title_en = "Co-production and social housing: the Habitations Saint-Michel Nord"
    session.save()
    html = client.get("/en" + french_path).content.decode()
    assert "<h1>Co-production and social housing: the Habitations Saint-Michel Nord</h1>" in html
    assert "<h1>Coproduction et logement social" in client.get(french_path).content.decode()


@pytest.mark.skipif(find_vnu() is None, reason="Nu HTML Checker absent (see test_html_validity)")
def test_every_english_page_is_valid_html(client, school, django_user_model, tmp_path):
    pages = english_pages(client, school, django_user_model)
    assert validate(find_vnu(), pages, tmp_path) == {}


def readable(path, content):
    """The export's text, its calendar lines unfolded (iCalendar folds them at 75 octets)."""
    if path.endswith(".ics"):
        return "\n".join(
            str(event[name])
            for event in Calendar.from_ical(content).walk("VEVENT")
            for name in ("summary", "description")
        )
    return content.decode()


def test_the_english_exports_carry_the_english_values_and_the_french_ones_stay(client, school):
    session = school.sessions.get(slug="coproduction-et-logement-social-le-cas-des-habitations-saint-michel-nord")
    exports = ["/programme.ics", "/programme.json", "/schedule.xml", f"/seances/{session.slug}.ics"]
    session.title_en = "Co-production and social housing"
    session.description_en = "A case study of social housing in Montréal."
    session.save()
    for path in exports:
        french = readable(path, client.get(path).content)
        english = readable(path, client.get("/en" + path).content)
        assert session.title in french and "Co-production and social housing" not in french, path
        assert "Co-production and social housing" in english and session.title not in english, path
        assert "A case study of social housing in Montréal." in english, path
