"""The pages that refuse a request (issue 25), in a real Chromium at 390 px and 1280 px: French, readable,
accessible, nothing wider than the screen."""

import pytest

from automne import clean_input
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, name)


def test_the_400_page_of_an_unknown_host(any_page, live_server):
    def from_another_host(route):
        # Chromium will not send another Host for a page; Playwright's own client, fetching for it, does.
        route.fulfill(response=route.fetch(headers={**route.request.headers, "host": "ailleurs.example"}))

    any_page.route(live_server.url + "/", from_another_host)
    response = any_page.goto(live_server.url + "/")
    assert response.status == 400
    assert any_page.locator("h1").text_content() == "Requête refusée"
    assert "en-tête Host inconnu" in any_page.locator("main").text_content()
    check(any_page, "refus-400-hote-inconnu")


def test_the_refusal_of_a_form_with_too_many_fields(any_page, live_server):
    query = "&".join(f"champ{n}=x" for n in range(1001))
    response = any_page.goto(f"{live_server.url}/programme/?{query}")
    assert response.status == 400
    assert "trop de champs (plus de 1\xa0000)" in any_page.locator("main").text_content()
    check(any_page, "refus-trop-de-champs")


def test_the_refusal_of_an_unusable_charset(any_page, live_server):
    response = any_page.request.post(
        f"{live_server.url}/connexion/", data="username=x", headers={"Content-Type": "text/plain; charset=rot13"}
    )
    assert response.status == 400
    any_page.set_content(response.text())
    assert clean_input.BAD_CHARSET in any_page.locator("main").text_content()
