"""Check-in at the door in a real Chromium: the day's page on a phone (390 px) and a laptop
(1280 px), axe-clean, no horizontal scroll, 44 px targets; one tap with the script (no reload) and
without it; the QR code of « Mon espace » and the person's page it opens."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from automne.roles import ORGANIZERS_GROUP
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def today():
    cache.clear()
    start = timezone.localdate()
    edition = make_edition(starts_on=start, ends_on=start + datetime.timedelta(days=2))
    for offset in range(3):
        Day.objects.create(edition=edition, date=start + datetime.timedelta(days=offset))
    return edition.days.get(date=start)


@pytest.fixture
def people(today):
    edition = today.edition
    names = [("Élodie", "Bélanger"), ("Camille", "Bédard"), ("Marc-Antoine", "Arsenault-Villeneuve"), ("Zoé", "Caron")]
    registrations = [
        make_registration(edition, first_name=first, last_name=last, organisation="CIUSSS du Centre-Sud-de-l'Île")
        for first, last in names
    ]
    make_registration(edition, last_name="Attente", state=Registration.State.WAITING)
    Attendance.objects.create(registration=registrations[3], day=today)
    return registrations


@pytest.fixture
def organizer():
    user = make_user("organisatrice@enap.ca", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    return user


def log_in(page, live_server, email):
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


def check(page, name):
    assert horizontal_overflow(page) == 0, name
    assert_accessible(page)
    save_screenshot(page, f"presences-{name}")


def small_targets(page):
    """The links and buttons of the check-in area smaller than 44 × 44 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.checkin a, .checkin button, .checkin input[type=search]')]
          .map(e => [e.textContent.trim() || e.name, e.getBoundingClientRect()])
          .filter(([, r]) => r.height < 44 || r.width < 44)
          .map(([t, r]) => `${t}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )


def row(page, registration):
    return page.locator(f"#p{registration.pk}")


def test_checkin_day_on_phone_and_laptop_one_tap_without_reload(any_page, live_server, today, people, organizer):
    page = any_page
    elodie = people[0]
    log_in(page, live_server, organizer.email)
    page.goto(live_server.url + "/presences/")
    page.wait_for_url(f"**/presences/{today.pk}/")
    assert page.locator(".checkin__count").inner_text() == "Présences notées\u00a0: 1 sur 4"
    assert page.locator(".checkin-person").count() == 4
    assert small_targets(page) == []
    check(page, "journee")

    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    row(page, elodie).get_by_role("button", name="Arrivé·e — Élodie Bélanger").click()
    page.locator(f"#p{elodie.pk}.is-present").wait_for()
    assert page.evaluate("window.sameDocument") is True
    assert row(page, elodie).locator("[data-state]").inner_text() == "Présent·e"
    assert page.locator("[data-announce]").inner_text() == "Élodie Bélanger\u00a0: présent·e le " + str(today) + "."
    assert page.locator(".checkin__count").inner_text() == "Présences notées\u00a0: 2 sur 4"
    assert set(today.attendances.values_list("registration", flat=True)) == {elodie.pk, people[3].pk}
    check(page, "journee-apres-un-toucher")

    row(page, elodie).get_by_role("button", name="Annuler — Élodie Bélanger").click()
    page.locator(f"#p{elodie.pk}:not(.is-present)").wait_for()
    assert page.evaluate("window.sameDocument") is True
    assert set(today.attendances.values_list("registration", flat=True)) == {people[3].pk}

    page.get_by_label("Chercher un nom").fill("bedard")
    with page.expect_navigation():
        page.get_by_role("button", name="Chercher").click()
    assert page.locator(".checkin-person__name").all_inner_texts() == ["Bédard, Camille"]
    check(page, "recherche")


def test_checkin_tap_without_javascript_comes_back_to_the_person(browser, live_server, today, people, organizer):
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    context.set_default_timeout(10_000)
    context.route("**/js/presences.*", lambda route: route.abort())  # the page as without its script
    page = context.new_page()
    try:
        elodie = people[0]
        log_in(page, live_server, organizer.email)
        page.goto(f"{live_server.url}/presences/{today.pk}/?q=elodie")  # the short address leads to the edition's
        day_url = f"{live_server.url}/editions/{today.edition.slug}/presences/{today.pk}/"
        assert page.url == f"{day_url}?q=elodie"
        with page.expect_navigation():
            row(page, elodie).get_by_role("button", name="Arrivé·e — Élodie Bélanger").click()
        assert page.url == f"{day_url}?q=elodie#p{elodie.pk}"
        assert f"Élodie Bélanger\u00a0: présent·e le {today}." in page.locator(".messages").inner_text()
        assert row(page, elodie).locator("[data-state]").inner_text() == "Présent·e"
        assert list(today.attendances.values_list("registration", flat=True).order_by("pk")) == [
            people[3].pk,
            elodie.pk,
        ]
        with page.expect_navigation():
            row(page, elodie).get_by_role("button", name="Annuler — Élodie Bélanger").click()
        assert not today.attendances.filter(registration=elodie).exists()
        check(page, "sans-javascript")
    finally:
        context.close()


def test_my_space_qr_code_opens_the_persons_checkin_for_an_organizer(browser, phone_page, live_server, today, people):
    elodie = people[0]
    elodie.user.set_password(PASSWORD)
    elodie.user.save()
    page = phone_page
    log_in(page, live_server, elodie.user.email)
    page.wait_for_url("**/mon-espace/")
    code = page.get_by_role("img", name="Code QR de présence de Élodie Bélanger")
    assert code.evaluate("img => img.complete && img.naturalWidth > 0") is True
    assert code.bounding_box()["width"] == 185
    check(page, "mon-espace-code-qr")
    # The code's address, for the participant: nothing (404).
    assert page.goto(f"{live_server.url}/presences/aujourdhui/{elodie.pk}/").status == 404

    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    context = browser.new_context(viewport=PHONE, locale="fr-CA")
    door = context.new_page()
    try:
        log_in(door, live_server, organizer.email)
        door.goto(f"{live_server.url}/presences/aujourdhui/{elodie.pk}/")
        door.wait_for_url(f"**/presences/{today.pk}/{elodie.pk}/")
        assert door.get_by_role("heading", level=1).inner_text() == "Élodie Bélanger"
        assert small_targets(door) == []
        check(door, "personne")
        door.get_by_role("button", name="Arrivé·e — Élodie Bélanger").click()
        door.locator(".checkin-person.is-present").wait_for()
        assert today.attendances.filter(registration=elodie).exists()
        check(door, "personne-presente")
    finally:
        context.close()
