"""The admin in a real Chromium at 1280 px, as an organizer, with two editions: the list « Séances au
programme » refuses a save that would double-book a room, with its message on each row, and the
time slot autocomplete of a session's page lists the edited edition's slots. Both pages are axe-core
clean, without any CSP violation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from automne.roles import ORGANIZERS_GROUP
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from programme.models import Day, Edition, Occurrence, TimeSlot
from programme.tests.factories import make_edition, make_room, make_session, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-solide-1"
NB = "\xa0"


@pytest.fixture
def organizer_page(desktop_page, live_server):
    user = get_user_model().objects.create_user("organisation@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    desktop_page.csp_violations = []
    desktop_page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and desktop_page.csp_violations.append(message.text),
    )
    desktop_page.goto(live_server.url + "/admin/login/")
    desktop_page.fill("#id_username", user.email)
    desktop_page.fill("#id_password", PASSWORD)
    desktop_page.click("input[type=submit]")
    desktop_page.wait_for_url(live_server.url + "/admin/")
    return desktop_page


def two_editions():
    """2025 and 2026 (current), each with a room of the same name and slots on a Tuesday."""
    found = {}
    for year, current in ((2025, False), (2026, True)):
        edition = make_edition(
            name="École d'automne",
            slug=f"ecole-{year}",
            is_current=current,
            starts_on=datetime.date(year, 10, 19 if year == 2026 else 20),
            ends_on=datetime.date(year, 10, 23 if year == 2026 else 24),
        )
        day = Day.objects.create(edition=edition, date=datetime.date(year, 10, 21 if year == 2025 else 20))
        for start in (9, 13):
            TimeSlot.objects.create(day=day, starts_at=datetime.time(start), ends_at=datetime.time(start + 1))
        found[year] = (edition, day, make_room("Salle de concert", edition=edition))
    return found


def test_list_save_with_a_clash_is_refused_on_each_row(organizer_page, live_server):
    page = organizer_page
    editions = two_editions()
    edition, day, room = editions[2026]
    first = schedule(make_session(title="Atelier A", edition=edition), day, datetime.time(9), datetime.time(10))
    second = schedule(make_session(title="Atelier B", edition=edition), day, datetime.time(9), datetime.time(10))

    page.goto(f"{live_server.url}/admin/programme/occurrence/")
    for row in (first, second):
        row_select = page.locator(f"tr:has(a:text-is('{row.session.title}')) select[name$='-room']")
        assert row_select.locator("option").all_inner_texts() == ["Salle à venir", "Salle de concert"]
        row_select.select_option(str(room.pk))
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")

    messages = page.locator("ul.errorlist li").all_inner_texts()
    when = f"mardi 20 octobre 2026, 9{NB}h à 10{NB}h"
    assert messages == [
        f"Salle de concert est déjà occupée à ce moment par «{NB}Atelier B{NB}» ({when}).",
        f"Salle de concert est déjà occupée à ce moment par «{NB}Atelier A{NB}» ({when}).",
    ]
    assert list(Occurrence.objects.filter(pk__in=[first.pk, second.pk]).values_list("room", flat=True)) == [None, None]
    assert page.csp_violations == []  # before axe-core, whose checks may set styles of their own
    assert_accessible(page)
    assert horizontal_overflow(page) == 0
    save_screenshot(page, "admin-liste-conflit-de-salle")


def test_session_page_slot_autocomplete_lists_the_edited_editions_slots(organizer_page, live_server):
    page = organizer_page
    editions = two_editions()
    current = Edition.objects.current()
    assert current == editions[2026][0]

    page.goto(f"{live_server.url}/admin/programme/session/add/")
    page.locator("#occurrences-group .add-row a").click()
    page.locator("#occurrences-group tr.form-row:not(.empty-form)").last.locator(".select2-selection").click()
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(
        [f"mardi 20 octobre 2026 — 9{NB}h à 10{NB}h", f"mardi 20 octobre 2026 — 13{NB}h à 14{NB}h"]
    )
    save_screenshot(page, "admin-seance-autocompletion-des-plages")
    page.locator(".select2-search__field").fill("2026 13 h")
    expect(options).to_have_text([f"mardi 20 octobre 2026 — 13{NB}h à 14{NB}h"])
    page.locator(".select2-search__field").fill("2025")
    expect(options).to_have_text(["Aucun résultat trouvé"])
    page.keyboard.press("Escape")
    assert page.csp_violations == []  # before axe-core, whose checks may set styles of their own
    assert_accessible(page)
