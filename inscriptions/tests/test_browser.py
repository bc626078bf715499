"""A newcomer on a phone: registers, is told to check the e-mail, logs in, sees the state. Every page of the
inscriptions is axe-core clean and fits 390 px."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from automne.french import NBSP
from automne.testing import assert_accessible, horizontal_overflow, open_menu, save_screenshot
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_edition, make_open_edition, make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def edition():
    cache.clear()
    edition = make_programme(make_open_edition())
    edition.course_code, edition.course_title, edition.course_credits = "ENP7009", "Mobilisation des acteurs locaux", 3
    edition.contact_email = "etudes@exemple.ca"
    edition.save()
    return edition


def check(page, name):
    assert horizontal_overflow(page) == 0, name
    assert_accessible(page)
    save_screenshot(page, f"inscriptions-{name}")


def fill_registration(page, email, credit):
    page.get_by_label("Prénom").fill("Élodie")
    page.get_by_label("Nom", exact=True).fill("Bélanger")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Organisation").fill("CIUSSS du Centre-Sud")
    page.get_by_label("Fonction").fill("Agente de planification")
    page.get_by_label("Secteur").select_option(label="Santé et services sociaux")
    if credit:
        page.get_by_label("Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits").check()
        page.get_by_label("Matricule ENAP").fill("11223344")
    else:
        page.get_by_label("Attestation de formation").check()
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (encore une fois)").fill(PASSWORD)
    page.get_by_label("J'ai lu l'avis de confidentialité").check()


@pytest.mark.parametrize("credit", [True, False], ids=["enp7009", "attestation"])
def test_register_logout_login_see_state_on_phone(phone_page, live_server, edition, credit):
    page = phone_page
    page.goto(live_server.url + "/")
    open_menu(page)
    page.get_by_role("link", name="Inscription").click()
    page.wait_for_url("**/inscription/")
    check(page, "inscription")
    fill_registration(page, "elodie@exemple.ca", credit)
    page.get_by_role("button", name="M'inscrire").click()
    page.wait_for_url("**/inscription/courriel-envoye/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérifiez vos courriels"
    check(page, "courriel-envoye")
    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    page.wait_for_url("**/connexion/")
    check(page, "connexion")
    page.get_by_label("Courriel").fill("Elodie@Exemple.ca")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")
    assert page.locator(".state").inner_text() == f"État de votre inscription{NBSP}: Reçue"
    registration = Registration.objects.get()
    expected = Registration.Kind.CREDIT if credit else Registration.Kind.ATTESTATION
    assert registration.kind == expected


def test_register_errors_announced_and_form_kept(phone_page, live_server, edition):
    page = phone_page
    page.goto(live_server.url + "/inscription/")
    fill_registration(page, "elodie@exemple.ca", credit=True)
    page.get_by_label("Matricule ENAP").fill("")
    page.get_by_role("button", name="M'inscrire").click()
    assert page.get_by_role("alert").inner_text().startswith("Le formulaire contient une erreur.")
    assert page.get_by_label("Organisation").input_value() == "CIUSSS du Centre-Sud"
    check(page, "inscription-erreurs")


def test_waiting_list_page_says_so(phone_page, live_server, edition):
    edition.capacity = 0
    edition.save()
    phone_page.goto(live_server.url + "/inscription/")
    assert "Toutes les places sont prises." in phone_page.content()
    check(phone_page, "inscription-complet")


def login(page, live_server, email):
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace/")


def test_every_account_page_accessible_on_phone(phone_page, live_server, edition):
    from inscriptions import attestations

    user = make_user("participante@exemple.ca")
    registration = make_registration(edition, user=user, kind="credit", matricule="11223344")
    # Last year's edition, over: its attestation is due.
    past = make_edition(
        is_current=False,
        slug="annee-passee",
        starts_on=datetime.date(2025, 10, 20),
        ends_on=datetime.date(2025, 10, 24),
    )
    attended = make_registration(past, user=user, kind="credit", matricule="11223344")
    Attendance.objects.create(registration=attended, day=Day.objects.create(edition=past, date=past.starts_on))
    attestation = attestations.issue(attended)
    page = phone_page
    for path, name in [
        ("/confidentialite/", "confidentialite"),
        ("/mot-de-passe/oublie/", "mot-de-passe-oublie"),
        (f"/attestations/{attestation.code}/", "verification"),
    ]:
        assert page.goto(live_server.url + path).status == 200
        check(page, name)
    login(page, live_server, "participante@exemple.ca")
    assert page.get_by_role("link", name="Télécharger mon attestation (PDF)").is_visible()
    for path, name in [
        (f"/mon-espace/inscriptions/{registration.pk}/modifier/", "modifier"),
        (f"/mon-espace/inscriptions/{registration.pk}/annuler/", "annuler"),
        ("/mon-espace/mot-de-passe/", "mot-de-passe"),
        ("/mon-espace/supprimer/", "supprimer"),
    ]:
        assert page.goto(live_server.url + path).status == 200
        check(page, name)
    page.goto(live_server.url + "/mon-espace/supprimer/")
    with page.expect_navigation():
        page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    check(page, "supprimer-erreur")


def test_throttled_login_message_accessible(phone_page, live_server, edition):
    make_user("participante@exemple.ca")
    page = phone_page
    page.goto(live_server.url + "/connexion/")
    for _ in range(6):
        page.get_by_label("Courriel").fill("participante@exemple.ca")
        page.get_by_label("Mot de passe").fill("mauvais mot de passe")
        with page.expect_navigation():
            page.get_by_role("button", name="Se connecter").click()
    assert "Trop de tentatives de connexion." in page.get_by_role("alert").inner_text()
    check(page, "connexion-attente")


def test_organizer_checkin_page_accessible_and_marks_present(desktop_page, live_server, edition):
    from django.contrib.auth.models import Group

    from automne.roles import ORGANIZERS_GROUP

    group = Group.objects.get(name=ORGANIZERS_GROUP)
    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(group)
    registration = make_registration(edition, first_name="Élodie", last_name="Bélanger")
    # The week starts today: a presence is noted on a day that has come.
    today = timezone.localdate()
    Day.objects.filter(edition=edition).update(date=F("date") - (edition.starts_on - today))
    edition.starts_on, edition.ends_on = today, today + (edition.ends_on - edition.starts_on)
    edition.save()
    day = edition.days.order_by("date").first()
    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Courriel").fill("organisatrice@enap.ca")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    page.goto(live_server.url + "/admin/inscriptions/registration/")
    assert "Décompte de cette liste (1)" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Présences par journée").click()
    with page.expect_navigation():
        page.get_by_role("link", name=str(day)).click()
    check(page, "admin-presences")
    page.get_by_label("Bélanger, Élodie").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Présent", exact=True).click()
    assert "1 personne(s) marquée(s) présente(s)" in page.content()
    assert registration.attendances.get().day == day


def test_password_reset_pages_accessible_on_phone(phone_page, live_server, edition, settings):
    import re

    from django.core import mail

    settings.SITE_URL = live_server.url  # the e-mail's link is on the site's address (automne/site.py)
    make_user("participante@exemple.ca")
    page = phone_page
    page.goto(live_server.url + "/mot-de-passe/oublie/")
    page.get_by_label("Courriel").fill("participante@exemple.ca")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_url("**/mot-de-passe/oublie/envoye/")
    check(page, "mot-de-passe-envoye")
    link = re.search(r"https?://\S+/mot-de-passe/nouveau/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    check(page, "mot-de-passe-nouveau")
    page.locator("#id_new_password1").fill("Un-autre-secret-2030")
    page.locator("#id_new_password2").fill("Un-autre-secret-2030")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.wait_for_url("**/mot-de-passe/nouveau/termine/")
    check(page, "mot-de-passe-enregistre")
    page.goto(live_server.url + "/mot-de-passe/nouveau/MQ/mauvais-jeton/")
    assert "Ce lien n'est plus valide" in page.content()
    check(page, "mot-de-passe-lien-invalide")


def test_organizer_announcement_written_previewed_and_sent_accessible_at_1280(desktop_page, live_server, edition):
    from django.contrib.auth.models import Group
    from django.core import mail

    from automne.roles import ORGANIZERS_GROUP

    organizer = make_user("organisatrice@enap.ca", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    make_registration(edition, first_name="Élodie", last_name="Bélanger", state=Registration.State.CONFIRMED)
    make_registration(edition, first_name="Zoé", last_name="Tremblay", state=Registration.State.CONFIRMED)
    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Courriel").fill("organisatrice@enap.ca")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    page.goto(live_server.url + "/admin/inscriptions/registration/?state__exact=confirmee")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(label="Envoyer une annonce par courriel")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    check(page, "admin-annonce")
    with page.expect_navigation():
        page.get_by_role("button", name="Prévisualiser").click()
    assert "Indiquez l'objet du courriel." in page.content()
    check(page, "admin-annonce-erreurs")
    page.get_by_label("Objet").fill("Changement de salle")
    page.get_by_label("Texte").fill("La conférence aura lieu à l'auditorium.\n\nÀ bientôt !")
    with page.expect_navigation():
        page.get_by_role("button", name="Prévisualiser").click()
    assert (
        page.locator(".announcement__body")
        .inner_text()
        .startswith("Bonjour Élodie,\n\nLa conférence aura lieu à l'auditorium.\n\nÀ bientôt !")
    )
    check(page, "admin-annonce-apercu")
    assert mail.outbox == []
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer").click()
    assert "2 courriel(s) mis en file d'envoi." in page.content()
    assert sorted(m.body.splitlines()[0] for m in mail.outbox) == ["Bonjour Zoé,", "Bonjour Élodie,"]
    assert mail.outbox[0].body.count("\n\nÀ bientôt !") == 1


def test_waiting_participant_sees_position_on_phone(phone_page, live_server, edition):
    make_registration(edition, state=Registration.State.WAITING)
    make_registration(edition, user=make_user("attente@exemple.ca"), state=Registration.State.WAITING)
    login(phone_page, live_server, "attente@exemple.ca")
    assert phone_page.locator(".waiting-position").inner_text() == "Vous êtes 2ᵉ sur la liste d'attente."
    check(phone_page, "mon-espace-attente")
