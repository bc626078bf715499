"""A phone's first screen (390 × 844, Chromium): the header takes at most 100 px, the week and
day pages show their first session without scrolling, and the filters wait behind « Filtrer »
(a <details>, without JavaScript), open when a filter is active."""

import pytest
from django.core.management import call_command

from automne.testing import SCREENSHOTS, assert_accessible, horizontal_overflow, open_menu
from inscriptions.tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER = "document.querySelector('.site-header').getBoundingClientRect().height"
# The first session that is content (not the welcome desk, a break or a meal).
FIRST_SESSION = (
    "document.querySelector('.occurrence:not(.occurrence--quiet) .occurrence__title').getBoundingClientRect().bottom"
)


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.fixture(params=[("light", True), ("dark", True), ("light", False)], ids=["clair", "sombre", "sans-js"])
def phone(request, browser):
    scheme, javascript = request.param
    context = browser.new_context(
        viewport=PHONE,
        color_scheme=scheme,
        java_script_enabled=javascript,
        locale="fr-CA",
        timezone_id="America/Toronto",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.scheme = scheme
    yield page
    context.close()


def first_screen(page, name):
    """The first screen only, as the phone shows it before any scrolling."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"premier-ecran-{name}-{page.scheme}-390.png"))


@pytest.mark.parametrize("path", ["/", "/programme/", "/programme/2025-10-21/", "/intervenants/", "/connexion/"])
def test_header_takes_at_most_100_px_on_a_phone(phone, live_week, path):
    phone.goto(live_week.url + path)
    assert phone.evaluate(HEADER) <= 100
    assert horizontal_overflow(phone) == 0


def test_header_of_a_logged_in_participant_stays_within_100_px(browser, live_week):
    make_user("camille@exemple.ca", first_name="Camille")
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    page.goto(live_week.url + "/connexion/")
    page.get_by_label("Courriel").fill("camille@exemple.ca")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")
    page.goto(live_week.url + "/programme/")
    assert page.evaluate(HEADER) <= 100
    assert horizontal_overflow(page) == 0
    # Every entry of the visitor's own is behind « Menu », inside the screen once it is open.
    open_menu(page)
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize(("name", "path"), [("semaine", "/programme/"), ("journee", "/programme/2025-10-21/")])
def test_first_session_is_in_the_first_screen(phone, live_week, name, path):
    phone.goto(live_week.url + path)
    assert phone.evaluate(FIRST_SESSION) <= PHONE["height"]
    first_screen(phone, name)


def test_filters_wait_behind_filtrer_and_open_without_javascript(phone, live_week):
    phone.goto(live_week.url + "/programme/")
    assert phone.locator("details.filters-toggle").get_attribute("open") is None
    assert not phone.get_by_label("Type").is_visible()
    phone.locator("summary", has_text="Filtrer").click()
    assert phone.get_by_label("Type").is_visible()
    phone.get_by_label("Type").select_option("atelier")
    phone.locator("form.filters").get_by_role("button", name="Filtrer").click()
    phone.wait_for_url("**/programme/?*kind=atelier*")
    assert phone.locator("details.filters-toggle").get_attribute("open") == ""
    assert phone.get_by_label("Type").input_value() == "atelier"
    first_screen(phone, "semaine-filtree")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_filters_are_accessible_in_both_themes(browser, live_week, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme, locale="fr-CA")
    page = context.new_page()
    page.goto(live_week.url + "/programme/?language=en")
    assert page.locator("details.filters-toggle").get_attribute("open") == ""
    assert_accessible(page)
    context.close()
