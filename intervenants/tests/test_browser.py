"""The speaker's space in a real Chromium at 390 and 1280 px: axe-core clean, no horizontal
scrolling; from a phone, a speaker uploads their slides before their talk, and a participant finds
them on the session page and in their cahier."""

import pytest
from django.core.management import call_command

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from cahier.models import Page
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_speaker_account
from programme.caching import cache, forget_version
from programme.models import Edition, ProgrammeChange, Session
from supports import materials
from supports.models import Material
from supports.tests import samples
from supports.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_initial_data", verbosity=0)
    forget_version()
    cache.clear()
    return live_server


@pytest.fixture
def speaker(site):
    """A person of a session listed in a cahier page's « Séances liées », with an account."""
    session = Session.objects.filter(cahier_pages__isnull=False, session_speakers__isnull=False).order_by("pk").first()
    person = session.speakers.first()
    person.bio = "Chercheuse en administration publique, elle travaille sur la participation citoyenne."
    person.save()
    return make_speaker_account(person, "intervenante@exemple.org")


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, name)


def test_the_space_the_profile_and_the_form(any_page, site, speaker):
    session = Session.objects.filter(
        session_speakers__speaker__account_link__user=speaker, cahier_pages__isnull=False
    ).first()
    materials.add(
        session,
        title="Étude de cas : document de travail",
        visibility="participants",
        url="https://www.exemple.org/etude",
        by=speaker,
    )
    ProgrammeChange.objects.create(session=session, kind=ProgrammeChange.Kind.ROOM, detail="Salle Verrière")
    log_in(any_page.context, site, speaker)
    any_page.goto(site.url + "/espace-intervenant/")
    assert any_page.locator("h1").inner_text() == "Mon espace d'intervenant·e"
    card = any_page.locator(".spoken-session", has=any_page.locator(f"#seance-{session.pk}"))
    assert card.locator(".material__link").all_inner_texts() == ["Étude de cas : document de travail"]
    card.locator("summary").click()
    assert "Salle attribuée — Salle Verrière" in card.locator("details").inner_text()
    check(any_page, "espace-intervenant")
    any_page.get_by_role("link", name="Modifier ma biographie, mon organisation et ma photo").first.click()
    assert any_page.get_by_label("Biographie").input_value().startswith("Chercheuse")
    check(any_page, "espace-intervenant-profil")
    any_page.goto(site.url + f"/espace-intervenant/seances/{session.pk}/supports/")
    check(any_page, "espace-intervenant-ajout")


def test_slides_uploaded_from_a_phone_reach_the_session_page_and_the_cahier(browser, site, speaker, tmp_path):
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "fr-CA", "timezone_id": "America/Toronto"}
    context = browser.new_context(**phone)
    page = context.new_page()
    log_in(context, site, speaker)
    page.goto(site.url + "/espace-intervenant/")
    session = Session.objects.filter(
        session_speakers__speaker__account_link__user=speaker, cahier_pages__isnull=False
    ).first()
    page.get_by_role("link", name=f"Ajouter un support à «\xa0{session.title}\xa0»").click()
    slides = tmp_path / "diapositives.pdf"
    slides.write_bytes(samples.pdf_bytes("Nos diapositives", pages=3))
    page.get_by_label("Titre").fill("Diapositives")
    page.get_by_label("Fichier").set_input_files(str(slides))
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter").click()
    assert page.locator(".message").inner_text() == "«\xa0Diapositives\xa0» est ajouté à la séance."
    check(page, "espace-intervenant-apres-ajout")
    material = Material.objects.get(title="Diapositives")
    assert (material.file_type, material.visibility) == ("pdf", "participants")
    context.close()

    participant = make_registration(Edition.objects.current()).user
    context = browser.new_context(**phone)
    page = context.new_page()
    log_in(context, site, participant)
    page.goto(site.url + material.session.get_absolute_url())
    assert page.locator("section.materials .material__link").all_inner_texts() == ["Diapositives"]
    cahier_page = Page.objects.filter(sessions=material.session).first()
    page.goto(site.url + cahier_page.get_absolute_url())
    related = page.locator(".cahier-related")
    assert related.locator(".material__link").all_inner_texts() == ["Diapositives"]
    related.scroll_into_view_if_needed()
    check(page, "cahier-seances-liees-supports")
    context.close()
