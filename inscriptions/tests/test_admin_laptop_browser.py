"""The registration list on a laptop (1280 px): the people first, every column visible, the
counts folded below them."""

import pytest
from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP
from automne.testing import assert_accessible, save_screenshot
from inscriptions.models import Sector
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registration_list_shows_people_before_folded_counts_at_1280(desktop_page, live_server):
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    edition = make_edition()
    for n in range(12):
        make_registration(edition, organisation="CIUSSS du Centre-Sud-de-l'Île-de-Montréal", sector=list(Sector)[n % 7])
    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", organizer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/inscriptions/registration/")

    assert page.get_by_role("heading", level=1).inner_text() == "Inscriptions"
    assert page.locator(".results").evaluate("e => e.scrollWidth - e.clientWidth") == 0
    assert page.locator("#result_list .column-created_at").is_visible()
    # The people come first; the counts follow, folded.
    order = page.evaluate(
        """() => { const list = document.querySelector('#result_list'), counts = document.querySelector('.registration-counts');
          return list.compareDocumentPosition(counts) & Node.DOCUMENT_POSITION_FOLLOWING; }"""
    )
    assert order == 4
    counts = page.locator("details.registration-counts")
    assert counts.get_attribute("open") is None
    assert not page.get_by_role("table", name="Par secteur").is_visible()
    assert_accessible(page)
    save_screenshot(page, "admin-inscriptions-laptop")

    page.get_by_text("Décompte de cette liste (12)").click()
    assert page.get_by_role("table", name="Par secteur").is_visible()
    save_screenshot(page, "admin-inscriptions-decompte-ouvert")
