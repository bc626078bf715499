"""The dark theme (prefers-color-scheme: dark) in a real Chromium: every page is dark, and
axe-core finds it contrast-clean at 390 px and 1280 px, as the light theme is."""

import pytest
from django.core.management import call_command

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.tests.factories import PASSWORD, make_registration, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = {
    "home": "/",
    "week": "/programme/",
    "week-filtered": "/programme/?kind=etude_de_cas&q=zzz",
    "day": "/programme/2025-10-21/",
    "session": "/seances/conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire/",
    "speakers": "/intervenants/",
    "speaker": "/intervenants/audrey-lesperance/",
    "changes": "/programme/modifications/",
    "now": "/maintenant/",
    "register": "/inscription/",
    "login": "/connexion/",
    "not-found": "/nulle-part/",
}
PRIVATE = {"account": "/mon-espace/", "cahier": "/cahier/", "cahier-page": "/cahier/introduction/"}
DARK_PAPER = "rgb(20, 23, 28)"


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.fixture(params=[390, 1280])
def dark_page(request, browser):
    context = browser.new_context(
        viewport={"width": request.param, "height": 844 if request.param == 390 else 900},
        color_scheme="dark",
        locale="fr-CA",
        timezone_id="America/Toronto",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def check_dark(page, name):
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_PAPER
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, f"sombre-{name}")


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_page_is_dark_and_contrast_clean(dark_page, live_week, name):
    dark_page.goto(live_week.url + PUBLIC[name])
    check_dark(dark_page, name)


def test_pages_of_a_participant_are_dark_and_contrast_clean(dark_page, live_week):
    from programme.models import Edition

    user = make_user("camille@exemple.ca", first_name="Camille")
    make_registration(Edition.objects.current(), user)
    dark_page.goto(live_week.url + "/connexion/")
    dark_page.get_by_label("Courriel").fill("camille@exemple.ca")
    dark_page.get_by_label("Mot de passe").fill(PASSWORD)
    dark_page.get_by_role("button", name="Se connecter").click()
    dark_page.wait_for_url("**/mon-espace/")
    check_dark(dark_page, "compte")
    for name, path in PRIVATE.items():
        response = dark_page.goto(live_week.url + path)
        assert response.status == 200, path
        check_dark(dark_page, name)


def test_printing_stays_light_in_dark_mode(dark_page, live_week):
    dark_page.goto(live_week.url + PUBLIC["day"])
    dark_page.emulate_media(media="print", color_scheme="dark")
    assert dark_page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
