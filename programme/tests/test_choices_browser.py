"""Choosing sessions in a real Chromium at 390 px, with and without JavaScript, and « Mon programme »
at 390 and 1280 px: axe-core clean, no horizontal scrolling."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.tests.factories import make_registration
from programme import change_effects
from programme.models import Choice, Edition, Occurrence, ProgrammeChange, Room, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_school):
    return live_school


@pytest.fixture
def participant(site):
    return make_registration(Edition.objects.current()).user


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def a_case_study():
    return (
        Occurrence.objects.filter(session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
        .first()
    )


def test_choose_and_remove_with_javascript_on_a_phone(phone_page, site, participant):
    log_in(phone_page.context, site, participant)
    occurrence = a_case_study()
    phone_page.goto(site.url + occurrence.time_slot.day.get_absolute_url())
    form = phone_page.locator(f'[data-choice]:has(button[formaction="/mon-programme/choix/{occurrence.pk}/"])')
    form.locator("button").click()
    status = form.locator(".choice__status")
    status.wait_for(state="visible")
    assert status.inner_text() == f"«\xa0{occurrence.session.title}\xa0» est dans votre programme."
    assert form.locator(".choice__label").inner_text() == "Retirer de mon programme"
    assert phone_page.locator(".messages").count() == 0  # no reload: a reload would show the message
    assert list(Choice.objects.values_list("occurrence", flat=True)) == [occurrence.pk]
    assert horizontal_overflow(phone_page) == 0
    assert_accessible(phone_page)
    save_screenshot(phone_page, "choix-avec-js")
    form.locator("button").click()
    phone_page.wait_for_function("el => el.textContent.includes('retirée')", arg=status.element_handle(), timeout=5_000)
    assert Choice.objects.count() == 0


def test_choose_without_javascript_on_a_phone(browser, site, participant):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-CA", java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(context, site, participant)
        occurrence = a_case_study()
        day_url = occurrence.time_slot.day.get_absolute_url()
        page.goto(site.url + day_url)
        page.locator(f'button[formaction="/mon-programme/choix/{occurrence.pk}/"]').click()
        page.wait_for_load_state()
        assert page.url == site.url + day_url
        assert (
            f"«\xa0{occurrence.session.title}\xa0» est dans votre programme." in page.locator(".messages").inner_text()
        )
        assert list(Choice.objects.values_list("occurrence", flat=True)) == [occurrence.pk]
        assert horizontal_overflow(page) == 0
        save_screenshot(page, "choix-sans-js")
    finally:
        context.close()


def test_my_programme_is_accessible_and_fits(any_page, site, participant):
    Choice.objects.create(user=participant, occurrence=a_case_study())
    log_in(any_page.context, site, participant)
    response = any_page.goto(site.url + "/mon-programme/")
    assert response.status == 200
    assert any_page.locator("h1").inner_text() == "Mon programme"
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    save_screenshot(any_page, "mon-programme")


def test_my_programme_empty_is_accessible(phone_page, site, participant):
    log_in(phone_page.context, site, participant)
    phone_page.goto(site.url + "/mon-programme/")
    assert_accessible(phone_page)
    save_screenshot(phone_page, "mon-programme-vide")


def test_week_logged_in_with_choices_and_a_badge_is_accessible_and_fits(any_page, site, participant):
    sessions = list(
        Occurrence.objects.exclude(session__kind__in=Session.LOGISTICS).select_related("session").in_schedule_order()
    )
    first, second = next(
        (a, b) for a in sessions for b in sessions if a.pk < b.pk and a.time_slot_id == b.time_slot_id
    )  # two in parallel
    Choice.objects.create(user=participant, occurrence=first)
    Choice.objects.create(user=participant, occurrence=second)
    ProgrammeChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=3))  # the data's loading
    first.room = Room.objects.filter(edition=first.session.edition).exclude(pk=first.room_id).first()
    change_effects.save(first)  # a room change, as the admin saves it: « Modifié » on its card
    log_in(any_page.context, site, participant)
    any_page.goto(site.url + "/programme/")
    piece = any_page.locator(f'[data-choice]:has(button[formaction="/mon-programme/choix/{first.pk}/"])')
    assert piece.locator(".choice__chosen").inner_text() == "✓ Dans mon programme"
    card = any_page.locator("li.occurrence", has=piece)
    assert card.locator(".modified").inner_text() == "Modifié\xa0: salle"
    assert card.locator(".choice__overlap").inner_text().startswith("En même temps que «\xa0")
    piece.scroll_into_view_if_needed()
    assert horizontal_overflow(any_page) == 0
    assert_accessible(any_page)
    path = save_screenshot(any_page, "semaine-connecte")
    # The block of the two chosen sessions, where the badge and the overlap show.
    any_page.locator("section.slot", has=card).screenshot(path=str(path.with_name(f"bloc-{path.name}")))
