"""The pages issue 19 changed on the people side, in a real Chromium at 390 px and 1280 px: « Mon espace »
with an edition in each phase (before the week, during it, after it, and after it without an
attestation), the check-in page with a 150-character name without a space, the organizers'
confirmation page and the cahier's sharing page. Each is axe-clean, never wider than the screen, and
saved in test-artifacts/screenshots/ to look at.

The phases are dates around today (the browser's clock is the real one: a server travelling in time
would hand it cookies already expired)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions import staff
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafe" + "x" * 63
assert len(LONG_NAME) == 150


def edition_from(days_from_today, slug, length=3, **fields):
    start = timezone.localdate() + datetime.timedelta(days=days_from_today)
    edition = make_edition(
        slug=slug,
        is_current=False,
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length - 1),
        contact_email="ecole@enap.ca",
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
        **fields,
    )
    for offset in range(length):
        day = Day.objects.create(edition=edition, date=start + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE, edition=edition), day, datetime.time(9), datetime.time(12))
    return edition


def log_in(page, live_server, email):
    cache.clear()  # login throttling
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()


def check(page, name):
    path = save_screenshot(page, name)  # first, to look at what failed too
    assert horizontal_overflow(page) == 0, name
    assert_accessible(page)
    return path


def test_my_space_in_every_phase_with_a_long_name(any_page, live_server):
    user = make_user("participante@exemple.ca")
    before = edition_from(40, "avant", name="École d'été 2027")
    during = edition_from(-1, "pendant", name="École d'automne (pendant)")
    after = edition_from(-30, "apres", name="École d'automne (terminée)")
    during.is_current = True
    during.save()
    for edition in (before, during, after):
        registration = make_registration(
            edition, user=user, first_name="Zoé 🌳", last_name=LONG_NAME, kind="credit", matricule="11223344"
        )
        if edition is after:
            Attendance.objects.create(registration=registration, day=edition.days.first())
    other = make_user("sans-attestation@exemple.ca")
    make_registration(after, user=other, state=Registration.State.CONFIRMED)

    page = any_page
    log_in(page, live_server, user.email)
    page.goto(live_server.url + "/mon-espace/")
    blocks = page.locator("section.registration")
    assert blocks.count() == 3
    texts = [blocks.nth(n).inner_text() for n in range(3)]
    assert "Annuler mon inscription" in texts[0]  # 2027: before the week
    assert "L'école a commencé" in texts[1] and "Annuler mon inscription" not in texts[1]
    assert "Cette édition est terminée" in texts[2] and "Télécharger mon attestation (PDF)" in texts[2]
    assert page.locator(".registration .name").first.bounding_box()["width"] <= page.viewport_size["width"]
    check(page, "mon-espace-phases")

    page.goto(live_server.url + f"/mon-espace/inscriptions/{user.registrations.get(edition=during).pk}/modifier/")
    assert page.get_by_label("Nom", exact=True).is_disabled()
    assert not page.get_by_label("Restrictions alimentaires").is_disabled()
    check(page, "mon-espace-modifier-pendant")

    page.context.clear_cookies()  # another person on the same browser
    log_in(page, live_server, other.email)
    page.goto(live_server.url + "/mon-espace/")
    assert "Aucune présence n'a été notée à votre nom pendant l'école" in page.locator("main").inner_text()
    check(page, "mon-espace-apres-sans-attestation")


def test_checkin_with_a_150_character_name(any_page, live_server):
    edition = edition_from(0, "accueil")
    edition.is_current = True
    edition.save()
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    person = make_registration(edition, first_name="Zoé", last_name=LONG_NAME, organisation="CIUSSS " + "x" * 150)
    make_registration(edition, first_name="Élodie", last_name="Bélanger")
    day = edition.days.order_by("date").first()
    page = any_page
    log_in(page, live_server, organizer.email)
    page.goto(live_server.url + f"/editions/{edition.slug}/presences/{day.pk}/")
    assert page.locator(f"#p{person.pk} .checkin-person__name").bounding_box()["width"] <= page.viewport_size["width"]
    check(page, "presences-nom-150")
    page.goto(live_server.url + f"/editions/{edition.slug}/presences/{day.pk}/{person.pk}/")
    check(page, "presences-personne-nom-150")


def test_admin_confirmation_page(any_page, live_server):
    edition = edition_from(-10, "admin")
    edition.is_current = True
    edition.save()
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    people = [
        make_registration(edition, first_name="Zoé", last_name=LONG_NAME),
        make_registration(edition, first_name="Élodie", last_name="Bélanger", state=Registration.State.CANCELLED),
    ]
    Attendance.objects.create(registration=people[0], day=edition.days.first())
    page = any_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", organizer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/inscriptions/registration/")
    for person in people:
        page.check(f"input[name=_selected_action][value='{person.pk}']")
    page.select_option("select[name=action]", "cancel_selected")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert page.get_by_role("heading", name="Seront annulées et prévenues par courriel (1)").is_visible()
    assert "1 présence notée, retirée avec la place" in page.locator("#content-main").inner_text()
    check(page, "admin-confirmation-annuler")
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, annuler ces inscriptions").click()
    assert "1 inscription(s) annulée(s) et prévenue(s) par courriel." in page.locator(".messagelist").inner_text()
    assert Registration.objects.get(pk=people[0].pk).state == Registration.State.CANCELLED


def test_sharing_page_names_the_readers(any_page, live_server):
    edition = edition_from(-1, "cahier")
    edition.is_current = True
    edition.save()
    admin = make_user("admin@enap.ca", is_superuser=True, is_staff=True)
    for first, last in [("Geneviève", "Lévesque"), ("Paul", LONG_NAME)]:
        staff.grant(make_user(first_name=first, last_name=last), TEACHING_TEAM, by=admin)
    participant = make_user("participante@exemple.ca")
    make_registration(edition, user=participant)
    page = any_page
    log_in(page, live_server, participant.email)
    page.goto(live_server.url + f"/cahier/{edition.slug}/partage/")
    readers = page.locator(".cahier-readers li")
    assert readers.count() == 2
    assert readers.nth(0).inner_text().startswith("Geneviève Lévesque, dans l'équipe pédagogique depuis le ")
    check(page, "cahier-partage")
    with page.expect_navigation():
        page.get_by_role("button", name="Partager avec ces personnes").click()
    page.goto(live_server.url + f"/cahier/{edition.slug}/partage/")
    assert page.get_by_role("button", name="Arrêter le partage").is_visible()
    check(page, "cahier-partage-partage")
