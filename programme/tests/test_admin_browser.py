"""The organizers' admin in a real Chromium, under the site's CSP (scripts and styles from 'self' only)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP
from automne.testing import save_screenshot
from programme.models import Day, SessionSpeaker
from programme.tests.factories import make_edition, make_room, make_session, make_speaker, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mot-de-passe-solide-1"


@pytest.fixture
def organizer_page(desktop_page, live_server):
    """A page logged in as an organizer, recording every CSP violation the browser reports."""
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


def test_session_form_adds_a_speaker_row_and_saves_it(organizer_page, live_server):
    page = organizer_page
    day = Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))
    first = make_speaker("Ada", "Lovelace")
    make_speaker("Alan", "Turing")
    session = make_session(title="Machines", speakers=[first])
    schedule(session, day, datetime.time(9), datetime.time(10), room=make_room("Salle de concert"))

    page.goto(f"{live_server.url}/admin/programme/session/{session.pk}/change/")
    rows = page.locator("#session_speakers-group tr.form-row:not(.empty-form)")
    assert rows.count() == 2  # the saved speaker and one extra row
    page.locator("#session_speakers-group .add-row a").click()
    assert rows.count() == 3

    # The new row's autocomplete (admin's select2, static files only).
    page.locator("#session_speakers-group tr.form-row:not(.empty-form)").nth(2).locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("Turing")
    page.locator(".select2-results__option", has_text="Alan Turing").click()
    page.select_option("#id_session_speakers-2-role", SessionSpeaker.Role.MODERATOR)
    page.fill("#id_session_speakers-2-order", "1")
    save_screenshot(page, "admin-session-form")
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/programme/session/")

    assert [(link.speaker.full_name, link.role) for link in session.session_speakers.order_by("order")] == [
        ("Ada Lovelace", SessionSpeaker.Role.SPEAKER),
        ("Alan Turing", SessionSpeaker.Role.MODERATOR),
    ]
    assert page.csp_violations == []


def test_programme_list_changes_a_room_in_the_browser(organizer_page, live_server):
    page = organizer_page
    day = Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))
    room = make_room("Salle de concert")
    occurrence = schedule(make_session(title="Machines"), day, datetime.time(9), datetime.time(10))

    page.goto(f"{live_server.url}/admin/programme/occurrence/")
    page.select_option("#id_form-0-room", str(room.pk))
    save_screenshot(page, "admin-programme-list")
    page.click("input[name=_save]")
    page.wait_for_load_state()

    occurrence.refresh_from_db()
    assert occurrence.room == room
    assert page.csp_violations == []


def test_admin_pages_and_widgets_respect_the_csp(organizer_page, live_server):
    page = organizer_page
    day = Day.objects.create(edition=make_edition(), date=datetime.date(2025, 10, 20))
    occurrence = schedule(make_session(speakers=[make_speaker()]), day, datetime.time(9), datetime.time(10))
    for path in [
        "/admin/",
        "/admin/programme/occurrence/?salle_a_venir=oui",
        f"/admin/programme/occurrence/{occurrence.pk}/change/",
        f"/admin/programme/speaker/{occurrence.session.speakers.get().pk}/change/",
        f"/admin/programme/day/{day.pk}/change/",
        f"/admin/programme/edition/{day.edition_id}/change/",
        "/admin/programme/session/add/",
    ]:
        assert page.goto(live_server.url + path).status == 200, path

    # The time and date pickers (admin's DateTimeShortcuts) on the time slot form.
    page.goto(f"{live_server.url}/admin/programme/timeslot/add/")
    page.locator("#clocklink0").click()
    page.locator("#clockbox0 a", has_text="Midi").click()
    assert page.input_value("#id_starts_at") == "12:00"
    assert page.csp_violations == []
