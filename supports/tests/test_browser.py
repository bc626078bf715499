"""The session page with its materials in a real Chromium, at 390 and 1280 px: axe-core clean, no
horizontal scrolling, each link a 44 px target; a visitor sees the public ones, a participant theirs."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.tests.factories import make_registration
from programme.caching import cache, forget_version
from programme.models import Edition, Session
from supports import materials
from supports.tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


@pytest.fixture
def session_with_materials(transactional_db, live_server, tmp_path):
    call_command("load_initial_data", verbosity=0)
    forget_version()
    cache.clear()
    session = Session.objects.filter(kind=Session.Kind.OPENING_LECTURE).first()
    materials.add(
        session,
        title="Diapositives de la conférence d'ouverture",
        visibility="public",
        upload=samples.upload("diapositives.pdf", samples.pdf_bytes()),
    )
    materials.add(
        session,
        title="Article : la coproduction des services publics, vingt ans après",
        visibility="participants",
        url="https://www.exemple.org/revue/coproduction-vingt-ans-apres-un-tres-long-chemin",
    )
    materials.add(
        session,
        title="Grille d'animation (pour l'équipe)",
        visibility="equipe",
        upload=samples.upload("grille.docx", samples.office_bytes("docx")),
    )
    return session


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    for box in page.locator(".material__link").all():
        assert box.bounding_box()["height"] >= 44
    save_screenshot(page, name)


def test_a_visitor_sees_the_public_materials(any_page, live_server, session_with_materials):
    any_page.goto(live_server.url + session_with_materials.get_absolute_url())
    section = any_page.locator("section.materials")
    assert section.locator("h2").inner_text() == "Supports de la séance"
    assert section.locator(".material__link").all_inner_texts() == ["Diapositives de la conférence d'ouverture"]
    assert section.locator(".material__meta").inner_text() == "PDF, 1\xa0ko"
    href = section.locator(".material__link").get_attribute("href")
    response = any_page.request.get(live_server.url + href)
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    check(any_page, "seance-supports-visiteur")


def test_a_participant_sees_theirs_too(any_page, live_server, session_with_materials):
    log_in(any_page.context, live_server, make_registration(Edition.objects.current()).user)
    any_page.goto(live_server.url + session_with_materials.get_absolute_url())
    links = any_page.locator("section.materials .material__link")
    assert links.all_inner_texts() == [
        "Diapositives de la conférence d'ouverture",
        "Article : la coproduction des services publics, vingt ans après",
    ]
    assert any_page.locator("section.materials .material__visibility").all_inner_texts() == ["Personnes inscrites"]
    check(any_page, "seance-supports-participant")
