"""A superuser invites a teacher from the admin (only a superuser gives that role); the teacher opens the
e-mail's link on a phone, chooses a password and lands on the shared cahiers, named in the header."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from automne.roles import TEACHING_TEAM
from automne.testing import assert_accessible, horizontal_overflow, open_menu, save_screenshot
from inscriptions.models import User
from inscriptions.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Un-secret-de-prof-2025"


def test_superuser_invites_a_teacher_who_lands_on_shared_cahiers(desktop_page, phone_page, live_server, settings):
    settings.SITE_URL = live_server.url  # the e-mail's link is on the site's address (automne/site.py)
    cache.clear()
    organizer = User.objects.create_superuser("admin@enap.ca", PASSWORD)
    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", organizer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    with page.expect_navigation():
        page.get_by_role("link", name="Inviter une personne de l'équipe").click()

    # Bad input first: the form says so in French, nothing is created.
    page.get_by_label("Courriel").fill("pas-un-courriel")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.locator(".errornote").inner_text() == "Corrigez les erreurs ci-dessous."
    assert page.locator(".errorlist").all_inner_texts()[0] == "Saisissez une adresse de courriel valide."
    assert_accessible(page)
    save_screenshot(page, "admin-invitation-erreurs")
    assert User.objects.count() == 1

    page.get_by_label("Courriel").fill("prof@enap.ca")
    page.get_by_label("Prénom").fill("Anne")
    page.locator("#id_last_name").fill("Lévesque")
    page.get_by_label("Équipe pédagogique").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer l'invitation").click()
    assert page.locator(".messagelist").inner_text() == "Invitation envoyée à prof@enap.ca (Équipe pédagogique)."
    assert_accessible(page)
    save_screenshot(page, "admin-invitation")
    assert list(User.objects.get(email="prof@enap.ca").groups.values_list("name", flat=True)) == [TEACHING_TEAM]

    link = re.search(r"https?://\S+/invitation/\S+/\S+/", mail.outbox[-1].body).group(0)
    phone = phone_page
    phone.goto(link)
    phone.wait_for_url("**/invitation/*/set-password/")
    assert horizontal_overflow(phone) == 0
    assert_accessible(phone)
    save_screenshot(phone, "invitation-mot-de-passe")
    phone.locator("#id_new_password1").fill(NEW_PASSWORD)
    phone.locator("#id_new_password2").fill(NEW_PASSWORD)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Enregistrer le mot de passe").click()
    phone.wait_for_url("**/cahier/equipe/")
    open_menu(phone)
    assert phone.get_by_role("link", name="Cahiers partagés").get_attribute("aria-current") == "page"
    assert "Votre mot de passe est enregistré. Bienvenue!" in phone.locator(".messages").inner_text()
    assert horizontal_overflow(phone) == 0
    assert_accessible(phone)
    save_screenshot(phone, "invitation-cahiers-partages")

    # The link has served: opened again, it says so.
    phone.goto(link)
    assert "Ce lien d'invitation n'est plus valide" in phone.locator("main").inner_text()
    assert horizontal_overflow(phone) == 0
    assert_accessible(phone)
    save_screenshot(phone, "invitation-lien-invalide")
