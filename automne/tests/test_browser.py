import pytest

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_fits_and_is_accessible(any_page, live_server):
    response = any_page.goto(live_server.url + "/")
    assert response.status == 200
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    save_screenshot(any_page, "home")


def test_skip_link_is_first_and_visible_on_focus(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    phone_page.keyboard.press("Tab")
    focused = phone_page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    box = phone_page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0


def test_stylesheet_is_served_by_whitenoise(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    href = phone_page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert href.startswith("/static/css/site.")
    response = phone_page.request.get(live_server.url + href)
    assert response.status == 200
    assert "max-age" in response.headers["cache-control"]
