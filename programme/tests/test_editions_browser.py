"""The archives in a real Chromium, at 390 px and 1280 px: « Éditions précédentes », an archived
week and the page that says registration is closed are axe-core clean and fit the screen."""

import datetime

import pytest
from django.core.management import call_command

from automne.next_edition import prepare_edition
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from programme.caching import cache, forget_version
from programme.models import Edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "editions-precedentes": ("/editions/", "Éditions précédentes"),
    "semaine-archivee": ("/editions/ecole-automne-2025/programme/", "Programme"),
    "inscription-close": ("/editions/ecole-automne-2025/inscription/", "Inscription"),
}


@pytest.fixture
def archive(transactional_db, live_server):
    """2025 is over; the next edition, prepared from it for 2027, is current."""
    call_command("load_initial_data", verbosity=0)
    Edition.objects.filter(slug="ecole-automne-2025").update(is_current=False)
    edition = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2027", datetime.date(2027, 10, 18), datetime.date(2027, 10, 22)
    )
    edition.is_current = True
    edition.save()
    forget_version()
    cache.clear()
    return live_server


@pytest.mark.parametrize("name", list(PAGES))
def test_archive_pages_are_accessible_and_fit(any_page, archive, name):
    url, heading = PAGES[name]
    response = any_page.goto(archive.url + url)
    assert response.status == 200
    assert any_page.locator("h1").first.inner_text().startswith(heading)
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    save_screenshot(any_page, name)


def test_room_page_is_accessible_and_fits(any_page, archive):
    from programme.models import Room

    room = Room.objects.get(edition__slug="ecole-automne-2025", name="Salle de concert")
    response = any_page.goto(f"{archive.url}/editions/ecole-automne-2025/salles/{room.pk}/")
    assert response.status == 200
    assert any_page.locator("h1").first.inner_text().startswith("Salle de concert")
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    save_screenshot(any_page, "salle")
