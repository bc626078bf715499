"""The English pages in a real Chromium at 390 and 1280 px (issue 24): axe-core reports nothing, nothing
scrolls sideways, the switch is a 44 px target that leads to the same page in French and back, without
JavaScript too; a signed-in keynote speaker's choice is remembered on their account."""

import pytest

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.models import User
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Edition
from supports.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION = "/seances/rethinking-public-management-through-co-production/"
PUBLIC = ["/en/", "/en/programme/", "/en" + SESSION, "/en/intervenants/", "/en/maintenant/", "/en/inscription/"]
PERSONAL = ["/en/mon-espace/", "/en/mon-programme/", "/en/cahier/"]


def check(page, live_school, path):
    page.goto(live_school.url + path)
    assert page.evaluate("document.documentElement.lang") == "en", path
    assert horizontal_overflow(page) == 0, path
    switch = page.locator(".language-switch a, .language-switch button").first
    box = switch.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, path
    assert switch.inner_text() == "Français"
    assert_accessible(page)
    save_screenshot(page, "en" + path.removeprefix("/en").replace("/", "-"))


def test_the_public_english_pages(any_page, live_school):
    for path in PUBLIC:
        check(any_page, live_school, path)


def test_a_participants_english_pages(any_page, live_school):
    user = make_registration(Edition.objects.current(), make_user("keynote@exemple.org", language="en")).user
    log_in(any_page.context, live_school, user)
    for path in PERSONAL:
        check(any_page, live_school, path)


def test_the_switch_keeps_the_page_without_javascript(browser, live_school):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_school.url + SESSION + "?x=1")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_school.url + "/en" + SESSION + "?x=1")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.get_by_role("link", name="Français").click()
    page.wait_for_url(live_school.url + SESSION + "?x=1")
    context.close()


def test_a_signed_in_persons_switch_is_remembered(browser, live_school):
    user = make_registration(Edition.objects.current(), make_user("keynote@exemple.org")).user
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    log_in(context, live_school, user)
    page = context.new_page()
    page.goto(live_school.url + "/mon-espace/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(live_school.url + "/en/mon-espace/")
    assert User.objects.get(pk=user.pk).language == "en"
    save_screenshot(page, "en-mon-espace-apres-bascule")
    context.close()
