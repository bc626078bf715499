"""« Répartition des salles » in a real Chromium at 1280 px, as an organizer: the room given from the
select is saved, without any CSP violation, and the page is axe-core clean."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP
from automne.testing import assert_accessible, save_screenshot
from inscriptions.tests.factories import make_registration
from programme.models import Choice, Occurrence, Session
from programme.tests.factories import make_programme, make_room

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-solide-1"


def test_room_planning_gives_a_room_and_is_accessible(desktop_page, live_server):
    edition = make_programme()
    case = Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY).order_by("pk").first()
    for _ in range(3):
        Choice.objects.create(user=make_registration(edition).user, occurrence=case)
    room = make_room("Local 4037", edition=edition, capacity=2)
    user = get_user_model().objects.create_user("organisation@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    violations = []
    desktop_page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    desktop_page.goto(live_server.url + "/admin/login/")
    desktop_page.fill("#id_username", user.email)
    desktop_page.fill("#id_password", PASSWORD)
    desktop_page.click("input[type=submit]")
    desktop_page.wait_for_url(live_server.url + "/admin/")
    desktop_page.goto(live_server.url + "/admin/programme/occurrence/repartition/")
    assert_accessible(desktop_page)
    desktop_page.select_option(f"#id_o{case.pk}-room", str(room.pk))
    desktop_page.locator(f"#id_o{case.pk}-room").locator("xpath=..").locator("button").click()
    desktop_page.wait_for_load_state()
    assert Occurrence.objects.get(pk=case.pk).room == room
    assert (
        "Demande supérieure à la capacité\xa0: 3 choix pour 2 places."
        in desktop_page.locator(".room-planning").inner_text()
    )
    assert_accessible(desktop_page)
    assert violations == []
    save_screenshot(desktop_page, "repartition-des-salles")
