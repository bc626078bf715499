"""The programme offline, in a real Chromium (Playwright's offline mode): the service worker
(public/sw.js) keeps the shared programme pages once the week page has been opened, serves
them offline with a « Hors ligne — version du … » note, and never keeps a logged-in page."""

import pytest
from django.core.management import call_command

from automne.testing import open_menu, save_screenshot
from inscriptions.tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = "/programme/2025-10-21/"
SESSION = "/seances/co-production-and-evaluation/"
SPEAKER = "/intervenants/audrey-lesperance/"
KEPT = "caches.open('automne-pages-v1').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
KEPT_TEXTS = "caches.open('automne-pages-v1').then(c => c.keys().then(keys => Promise.all(keys.map(k => c.match(k).then(r => r.text())))))"


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="fr-CA", timezone_id="America/Toronto", service_workers="allow"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def wait_until_kept(page, *paths):
    """Polls the worker's copies until every path is kept (it keeps them after showing the page)."""
    for _ in range(300):
        kept = page.evaluate(KEPT)
        if all(path in kept for path in paths):
            return kept
        page.wait_for_timeout(100)
    raise AssertionError(f"Pas gardées : {[p for p in paths if p not in kept]}")


def open_programme(page, live_week):
    """A first visit installs the worker; the week page opened under its control keeps the programme."""
    page.goto(live_week.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(live_week.url + "/programme/")
    return wait_until_kept(page, "/programme/", DAY, SESSION, SPEAKER)


def test_worker_is_served_at_the_root_with_the_manifest(phone, live_week):
    page = phone.new_page()
    response = page.goto(live_week.url + "/sw.js")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/javascript")
    page.goto(live_week.url + "/programme/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == live_week.url + "/"
    manifest = page.request.get(live_week.url + page.locator("link[rel=manifest]").get_attribute("href"))
    assert manifest.headers["content-type"] == "application/json"
    assert manifest.json()["start_url"] == "/programme/"


def test_programme_pages_open_offline_with_a_note(phone, live_week):
    page = phone.new_page()
    open_programme(page, live_week)
    phone.set_offline(True)
    for path in ("/programme/", DAY, SESSION, SPEAKER):
        page.goto(live_week.url + path)
        note = page.locator(".offline-note")
        assert note.inner_text().startswith("Hors ligne — version du "), path
        assert page.locator("h1").count() == 1
    # The stylesheet came along: the page is styled offline.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "block"
    save_screenshot(page, "hors-ligne-intervenant")


def test_online_pages_come_from_the_server_without_the_note(phone, live_week):
    page = phone.new_page()
    open_programme(page, live_week)
    page.goto(live_week.url + DAY)
    assert page.locator(".offline-note").count() == 0


def test_an_update_arrives_on_the_next_online_visit(phone, live_week):
    from programme.models import Session

    page = phone.new_page()
    open_programme(page, live_week)
    Session.objects.filter(slug="co-production-and-evaluation").update(title="Titre mis à jour")
    from programme.models import Occurrence

    Occurrence.objects.filter(session__slug="co-production-and-evaluation").first().save()  # bumps the version
    page.goto(live_week.url + SESSION)
    assert page.locator("h1").inner_text() == "Titre mis à jour"
    for _ in range(50):  # the worker keeps the new copy after showing it
        kept = page.evaluate(f"caches.match('{live_week.url}{SESSION}', {{ignoreVary: true}}).then(r => r.text())")
        if "Titre mis à jour" in kept:
            break
        page.wait_for_timeout(100)
    phone.set_offline(True)
    page.goto(live_week.url + SESSION)
    assert page.locator("h1").inner_text() == "Titre mis à jour"


def test_a_page_never_opened_is_not_invented_offline(phone, live_week):
    page = phone.new_page()
    page.goto(live_week.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(live_week.url + "/inscription/")


def test_no_logged_in_page_is_served_offline_after_logout(phone, live_week):
    make_user("camille@exemple.ca", first_name="Camille")
    page = phone.new_page()
    page.goto(live_week.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(live_week.url + "/connexion/")
    page.get_by_label("Courriel").fill("camille@exemple.ca")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")
    page.goto(live_week.url + "/programme/")
    open_menu(page)
    assert page.get_by_role("button", name="Se déconnecter").count() == 1
    page.goto(live_week.url + "/mon-espace/")
    wait_until_kept(page, "/programme/", SPEAKER)
    # Only anonymous copies were kept, even while logged in.
    kept_while_logged_in = page.evaluate(KEPT_TEXTS)
    assert kept_while_logged_in
    assert not any("Se déconnecter" in html or "Mon espace" in html for html in kept_while_logged_in)
    open_menu(page)
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(live_week.url + "/")
    # Emptied at logout; only the anonymous home page the logout led to may be kept again.
    assert set(page.evaluate(KEPT)) <= {"/"}
    assert not any("Se déconnecter" in html for html in page.evaluate(KEPT_TEXTS))
    phone.set_offline(True)
    for path in ("/mon-espace/", "/cahier/", "/programme/"):
        try:
            page.goto(live_week.url + path)
        except Exception as error:  # nothing kept: the browser's own offline error
            assert "ERR_INTERNET_DISCONNECTED" in str(error) or "ERR_FAILED" in str(error)
            continue
        assert "Se déconnecter" not in page.content()
        assert "Camille" not in page.content()


PERSONAL_KEPT = (
    "caches.open('automne-mon-programme-v1').then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
)


def log_in(page, live_week, email):
    page.goto(live_week.url + "/connexion/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")


def test_my_programme_opens_offline_for_its_owner_and_is_gone_after_logout(phone, live_week):
    from inscriptions.tests.factories import make_registration
    from programme.models import Edition

    camille = make_user("camille@exemple.ca", first_name="Camille")
    make_registration(Edition.objects.get(is_current=True), camille)
    page = phone.new_page()
    page.goto(live_week.url + "/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    log_in(page, live_week, "camille@exemple.ca")
    page.goto(live_week.url + "/mon-programme/")
    for _ in range(100):
        if "/mon-programme/" in page.evaluate(PERSONAL_KEPT):
            break
        page.wait_for_timeout(100)
    phone.set_offline(True)
    page.goto(live_week.url + "/mon-programme/")
    assert page.locator(".offline-note").inner_text().startswith("Hors ligne — version du")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon programme"
    save_screenshot(page, "hors-ligne-mon-programme")

    phone.set_offline(False)
    page.goto(live_week.url + "/mon-espace/")
    open_menu(page)
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(live_week.url + "/")
    assert page.evaluate(PERSONAL_KEPT) == []
    phone.set_offline(True)
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(live_week.url + "/mon-programme/")
