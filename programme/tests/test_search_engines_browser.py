"""The pages that now carry previews and schema.org data, in a real Chromium at 390 and 1280 px:
axe-core clean, no sideways scroll, no Content Security Policy violation from the JSON-LD (data
the browser never runs), and the preview image as a chat app would fetch it."""

import json

import pytest
from django.core.management import call_command

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION = "/seances/co-production-and-evaluation/"
PAGES = {"home": "/", "week": "/programme/", "session": SESSION}


@pytest.fixture
def live_week(transactional_db, live_server):
    call_command("load_initial_data", verbosity=0)
    return live_server


@pytest.mark.parametrize("name", list(PAGES))
def test_page_with_previews_is_accessible_fits_and_breaks_no_csp(any_page, live_week, name):
    refused = []
    any_page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    response = any_page.goto(live_week.url + PAGES[name])
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    data = any_page.eval_on_selector_all('script[type="application/ld+json"]', "nodes => nodes.map(n => n.textContent)")
    assert len(data) == 1
    assert json.loads(data[0])["@context"] == "https://schema.org"
    canonical = any_page.eval_on_selector('link[rel="canonical"]', "link => link.href")
    permanent = "/" if name == "home" else "/editions/ecole-automne-2025" + PAGES[name]
    assert canonical == live_week.url + permanent
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    assert refused == []
    save_screenshot(any_page, f"previews-{name}")


def test_preview_image_is_what_a_chat_app_shows(desktop_page, live_week):
    desktop_page.goto(live_week.url + SESSION)
    image = desktop_page.eval_on_selector('meta[property="og:image"]', "meta => meta.content")
    response = desktop_page.goto(image)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    size = desktop_page.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [1200, 630]
    save_screenshot(desktop_page, "previews-image")
