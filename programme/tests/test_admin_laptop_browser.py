"""« Séances au programme » on a laptop (1280 px): every column shows, the room select is whole,
and a room clash message shows in full above the select."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP
from automne.testing import save_screenshot
from programme.clashes import placement, room_taken_message
from programme.models import Day
from programme.tests.factories import make_edition, make_room, make_session, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-solide-1"


def overflowing(page, selector):
    """How many pixels the element's content runs past its box (0 when it shows whole)."""
    return page.locator(selector).first.evaluate("e => e.scrollWidth - e.clientWidth")


def test_programme_list_shows_room_and_clash_in_full_at_1280(desktop_page, live_server):
    user = get_user_model().objects.create_user("organisation@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    day = Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))
    hall = make_room("Vestibule de la salle de concert")
    title = "La Communauté Mixte de Recherche (CMR) « Santé mentale-Handicap psychique » en Bretagne"
    taken = schedule(make_session(title=title), day, datetime.time(13, 30), datetime.time(14, 45), room=hall)
    other = schedule(
        make_session(title="Coproduction et soins à domicile"), day, datetime.time(13, 30), datetime.time(14, 45)
    )

    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/programme/occurrence/")
    assert overflowing(page, ".results") == 0
    assert page.locator("#result_list .column-site_link").is_visible()
    save_screenshot(page, "admin-programme-liste-laptop")

    row = page.locator("#result_list tbody tr", has_text="Coproduction et soins à domicile")
    row.locator("select").select_option(label=hall.name)
    with page.expect_navigation():
        page.click("input[name=_save]")
    message = page.locator("#result_list td.field-room .errorlist li")
    assert message.inner_text() == room_taken_message(hall, placement(taken))
    assert overflowing(page, ".results") == 0
    assert overflowing(page, "#result_list td.field-room .errorlist li") == 0
    results = page.locator(".results").bounding_box()
    for box in [message.bounding_box(), row.locator("select").bounding_box()]:
        assert results["x"] <= box["x"] and box["x"] + box["width"] <= results["x"] + results["width"]
    save_screenshot(page, "admin-programme-conflit-laptop")
    other.refresh_from_db()
    assert other.room is None
