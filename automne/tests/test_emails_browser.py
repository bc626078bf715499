"""The HTML part of an e-mail in Chromium, as a webmail shows it: at 390 and 1280 px, in the light and the
dark colour scheme, axe-clean, without sideways scrolling; and the unsubscribe page of announcements."""

import re

import pytest
from django.core import mail

from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions import announcements
from inscriptions.models import AnnouncementRefusal, Registration
from inscriptions.tests.factories import make_registration
from programme.tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BODY = (
    "La conférence de mardi aura lieu à l'auditorium (salle 1.10), et l'atelier de mercredi change d'heure :\n\n"
    "- Mardi 21 octobre, 9 h : conférence d'ouverture\n  Auditorium\n"
    "- Mercredi 22 octobre, 13 h 30 : atelier « Coproduire avec les citoyens »\n  Salle 4.20\n\n"
    "Le programme à jour : https://automne.exemple.ca/editions/ecole-2025/programme/seances/coproduire-avec-les-citoyens/"
)
SCHEMES = {"light": ("rgb(255, 255, 255)", "rgb(28, 31, 36)"), "dark": ("rgb(31, 36, 43)", "rgb(232, 234, 237)")}


@pytest.fixture
def announcement(settings):
    settings.SITE_URL = "https://automne.exemple.ca"
    edition = make_edition(name="École d'automne 2025", contact_email="automne@enap.ca")
    registration = make_registration(edition, first_name="Zoé", email="zoe@exemple.ca")
    return announcements.message(registration, "Changements de salle", BODY)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_html_part_reads_well_on_a_phone_and_a_laptop_in_both_schemes(announcement, any_page, scheme):
    [(html, kind)] = announcement.alternatives
    assert kind == "text/html"
    page = any_page
    page.emulate_media(color_scheme=scheme)
    page.set_content(html)
    card = page.locator(".mail-card")
    colours = card.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
    assert tuple(colours) == SCHEMES[scheme]
    assert horizontal_overflow(page) == 0
    assert page.locator(".mail-card li").all_inner_texts() == [
        "Mardi 21 octobre, 9 h : conférence d'ouverture\nAuditorium",
        "Mercredi 22 octobre, 13 h 30 : atelier « Coproduire avec les citoyens »\nSalle 4.20",
    ]
    assert (
        page.get_by_role("link", name="Ne plus recevoir ces annonces")
        .get_attribute("href")
        .startswith("https://automne.exemple.ca/annonces/desabonnement/")
    )
    assert_accessible(page)
    save_screenshot(page, f"courriel-annonce-{scheme}")


def test_unsubscribe_page_asks_then_confirms_on_a_phone_and_a_laptop(live_server, settings, any_page):
    settings.SITE_URL = live_server.url
    edition = make_edition(name="École d'automne 2025", contact_email="automne@enap.ca")
    make_registration(edition, first_name="Zoé", email="zoe@exemple.ca")
    announcements.send(Registration.objects.all(), "Changements de salle", BODY)
    link = re.fullmatch(r"\s*<(.+)>", mail.outbox[-1].extra_headers["List-Unsubscribe"]).group(1)
    page = any_page
    page.goto(link)
    assert page.locator("h1").inner_text() == "Ne plus recevoir les annonces"
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "desabonnement-question")
    button = page.get_by_role("button", name="Ne plus recevoir les annonces")
    assert button.bounding_box()["height"] >= 44
    with page.expect_navigation():
        button.click()
    assert page.get_by_role("status").inner_text().startswith("C'est fait")
    assert AnnouncementRefusal.objects.get().registration == Registration.objects.get()
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "desabonnement-fait")
    page.goto(link[:-3] + "x/")
    assert page.get_by_role("alert").inner_text().startswith("Ce lien de désabonnement n'est pas valide")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "desabonnement-refuse")
