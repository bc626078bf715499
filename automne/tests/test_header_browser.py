"""The header in a real Chromium, for every kind of visitor, at 390 and 1280 px: each of their
links inside the screen (behind « Menu », a <details> that needs no JavaScript, on a phone), never
a row that scrolls sideways, 44 px targets, the keyboard's order, axe-core clean in both themes; a
shared page never shows one person's links to another. And « Maintenant » offline: its last copy,
dated, as the other programme pages (public/sw.js)."""

import pytest

from automne.testing import SCREENSHOTS, assert_accessible, horizontal_overflow, open_menu, save_screenshot
from inscriptions.tests.factories import make_registration, make_user
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme.models import Edition, Speaker
from supports.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PUBLIC = ["Programme", "Intervenant·e·s", "Maintenant"]
OWN = {
    "anonyme": ["Inscription", "Se connecter"],
    "participant": ["Mon programme", "Mon cahier", "Inscription", "Mon espace", "Se déconnecter"],
    "enseignante": ["Cahiers partagés", "Mon espace", "Se déconnecter"],
    "organisatrice": ["Mon cahier", "Mon espace", "Se déconnecter"],
    "intervenante": ["Mon programme", "Mon cahier", "Inscription", "Mon espace", "Se déconnecter"],
}
# Every link and button of the header that is displayed, with its box.
SHOWN = """[...document.querySelectorAll('.site-header a, .site-header button, .site-header summary')]
  .filter(e => e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect();
    return {text: e.innerText.trim(), left: r.left, right: r.right, top: r.top, height: r.height, width: r.width}; })"""
HEADER = "document.querySelector('.site-header').getBoundingClientRect()"


@pytest.fixture
def live_week(live_school):
    return live_school


def person(kind):
    if kind == "anonyme":
        return None
    if kind == "participant":
        return make_registration(Edition.objects.current(), make_user("camille@exemple.ca")).user
    if kind == "enseignante":
        return make_teacher("prof@exemple.ca")
    if kind == "organisatrice":
        return make_organizer("orga@exemple.ca")
    return make_speaker_account(Speaker.objects.order_by("pk").first(), "intervenante@exemple.org")


def context_for(browser, live_week, width, kind, **options):
    context = browser.new_context(viewport=WIDTHS[width], locale="fr-CA", timezone_id="America/Toronto", **options)
    context.set_default_timeout(15_000)
    user = person(kind)
    if user is not None:
        log_in(context, live_week, user)
    return context


def first_screen(page, name):
    """The screen as the visitor sees it, without scrolling (the header is what these tests look at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_size['width']}.png"))


@pytest.mark.parametrize("kind", list(OWN))
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_link_of_the_visitor_is_inside_the_screen(browser, live_week, width, kind):
    context = context_for(browser, live_week, width, kind)
    page = context.new_page()
    page.goto(live_week.url + "/programme/")
    viewport = WIDTHS[width]["width"]
    # Closed, the phone's header stays within two short rows (the first session in the first screen).
    if width == "phone":
        assert page.evaluate(HEADER)["height"] <= 100
        assert page.locator(".site-menu").get_attribute("open") is None
        assert not page.get_by_role("link", name=OWN[kind][0]).is_visible()
    open_menu(page)
    if width == "phone":
        assert page.locator(".site-menu").get_attribute("open") == ""
    shown = page.evaluate(SHOWN)
    texts = [item["text"] for item in shown]
    site_title = texts.pop(0)
    assert site_title == Edition.objects.current().name
    # The language switch comes last (automne/languages.py), beside « Menu » on a phone.
    expected = ["Menu", *OWN[kind], *PUBLIC, "English"] if width == "phone" else [*PUBLIC, *OWN[kind], "English"]
    assert texts == expected
    for item in shown:
        assert item["left"] >= 0 and item["right"] <= viewport, item
        assert item["height"] >= 44, item
    assert page.evaluate(HEADER)["width"] <= viewport
    assert horizontal_overflow(page) == 0
    assert page.evaluate(
        "document.querySelector('.site-nav').scrollWidth <= document.querySelector('.site-nav').clientWidth"
    )
    assert_accessible(page)
    first_screen(page, f"entete-{kind}")
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_keyboard_reaches_every_link_in_order(browser, live_week, width):
    context = context_for(browser, live_week, width, "participant")
    page = context.new_page()
    page.goto(live_week.url + "/mon-espace/")
    focused = []
    for _ in range(11):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.innerText.trim()"))
        if focused[-1] == "Menu":
            # Its focus is visible: a 3 px ring in the header's text colour.
            outline = page.evaluate(
                "getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth"
            )
            assert outline == "solid 3px"
            page.keyboard.press("Enter")
    title = Edition.objects.current().name
    own = OWN["participant"]
    if width == "phone":
        assert focused[:10] == ["Aller au contenu", title, "Menu", *own, *PUBLIC][:10]
    else:
        assert focused[:10] == ["Aller au contenu", title, *PUBLIC, *own]
    # The page the visitor is on is marked, in the menu too.
    assert page.get_by_role("link", name="Mon espace").get_attribute("aria-current") == "page"
    first_screen(page, "entete-clavier-mon-espace")
    context.close()


def test_the_menu_opens_and_logs_out_without_javascript(browser, live_week):
    context = context_for(browser, live_week, "phone", "participant", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_week.url + "/cahier/")
    open_menu(page)
    assert page.locator(".site-menu").get_attribute("open") == ""
    assert page.get_by_role("link", name="Mon cahier").get_attribute("aria-current") == "page"
    first_screen(page, "entete-sans-js")
    # « Se déconnecter » (outside its form: one form, one CSRF token, for both buttons) logs out.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(live_week.url + "/")
    open_menu(page)
    assert page.get_by_role("link", name="Se connecter").is_visible()
    context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_open_menu_is_contrast_clean_in_the_dark_theme(browser, live_week, width):
    context = context_for(browser, live_week, width, "participant", color_scheme="dark")
    page = context.new_page()
    page.goto(live_week.url + "/cahier/")
    open_menu(page)
    assert page.get_by_role("link", name="Mon cahier").get_attribute("aria-current") == "page"
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    first_screen(page, "entete-sombre")
    context.close()


def test_a_shared_page_never_shows_another_persons_links(browser, live_week):
    participant = context_for(browser, live_week, "phone", "participant")
    page = participant.new_page()
    for path in ("/programme/", "/intervenants/", "/maintenant/"):
        page.goto(live_week.url + path)
        open_menu(page)
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
    participant.close()
    anonymous = context_for(browser, live_week, "phone", "anonyme")
    page = anonymous.new_page()
    for path in ("/programme/", "/intervenants/", "/maintenant/"):
        page.goto(live_week.url + path)
        open_menu(page)
        assert page.get_by_role("link", name="Se connecter").is_visible()
        html = page.content()
        assert "Se déconnecter" not in html and "Mon espace" not in html and "Mon programme" not in html
    anonymous.close()


KEPT = "caches.open('automne-pages-v1').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"


@pytest.mark.parametrize("kind", ["anonyme", "participant"])
def test_maintenant_opens_offline_with_its_date(browser, live_week, kind):
    context = context_for(browser, live_week, "phone", kind, service_workers="allow")
    page = context.new_page()
    page.goto(live_week.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(live_week.url + "/maintenant/")
    for _ in range(300):  # the worker keeps its copy after showing the page
        if "/maintenant/" in page.evaluate(KEPT):
            break
        page.wait_for_timeout(100)
    kept = page.evaluate(f"caches.match('{live_week.url}/maintenant/', {{ignoreVary: true}}).then(r => r.text())")
    # A logged-in visitor's own page is never kept: the anonymous one of the same address is.
    assert "Se déconnecter" not in kept and "Se connecter" in kept
    context.set_offline(True)
    page.goto(live_week.url + "/maintenant/")
    assert page.locator("h1").inner_text() == "Maintenant"
    note = page.locator(".offline-note").inner_text()
    assert note.startswith("Hors ligne — version du ") and " 20" in note and "\u00a0h" in note
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, f"hors-ligne-maintenant-{kind}")
    context.close()
