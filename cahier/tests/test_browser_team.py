"""The teaching team's loop and the finished document in a real Chromium, at 390 px and 1280 px, with axe-core:
dashboard, comments beside the answers, versions compared, the status line, drafts at logout, refused uploads,
the print view's button."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from automne.french import NBSP
from automne.roles import TEACHING_TEAM
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from cahier import comments
from cahier.models import Answer, Notebook, Page, Prompt
from cahier.tests.conftest import register
from cahier.tests.test_browser import AUTOSAVE_URL, log_in
from cahier.writing import save_text
from inscriptions.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAVED = re.compile(rf"^Enregistré à \d{{1,2}}{NBSP}h")


@pytest.fixture
def eveil(cahier_structure, participant):
    """The first writing area of « Éveil », in the 2025 notebook of `participant`, registered to 2025."""
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    register(participant, prompt.page.edition)
    return prompt


@pytest.fixture
def teacher(cahier_structure):
    user = User.objects.create_user("prof@example.org", "mot de passe du prof", first_name="Alix", last_name="Prof")
    user.groups.add(Group.objects.get_or_create(name=TEACHING_TEAM)[0])
    return user


@pytest.fixture
def shared(participant, eveil):
    save_text(participant, eveil, "Première version", 0)
    save_text(participant, eveil, "Deuxième version, plus riche", 1)
    Notebook.objects.create(user=participant, edition=eveil.page.edition).share()
    return participant


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, name)


def test_team_dashboard_read_comment_and_edit_pages(any_page, live_server, teacher, shared, eveil):
    page = any_page
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/")
    item = page.locator(".team-list__item")
    expect(item).to_contain_text("nouveau depuis votre dernière lecture")
    check(page, "cahier-equipe-tableau")
    item.get_by_role("link", name="Camille").click()
    page.get_by_label("Commenter cette réponse").first.fill("Belle piste, développez.")
    page.get_by_role("button", name="Ajouter le commentaire").first.click()
    comment = page.locator(".comment").first
    expect(comment).to_contain_text("Belle piste, développez.")
    expect(comment).to_contain_text("Alix Prof, le")
    check(page, "cahier-equipe-lecture")
    comment.get_by_role("link", name="Modifier ou retirer ce commentaire").click()
    check(page, "cahier-equipe-commentaire")
    page.get_by_label("Commentaire").fill("")
    page.get_by_role("button", name="Enregistrer le commentaire").click()  # required: the browser refuses it
    page.get_by_label("Commentaire").fill("Belle piste, à développer.")
    page.get_by_role("button", name="Enregistrer le commentaire").click()
    expect(page.locator(".comment").first).to_contain_text("(modifié le")


def test_refused_comment_keeps_the_text_and_focuses_it(desktop_page, live_server, teacher, shared):
    page = desktop_page
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/ecole-automne-2025/{shared.pk}/")
    area = page.get_by_label("Commenter cette réponse").first
    area.evaluate("(el) => el.removeAttribute('maxlength')")
    area.fill("x" * 5001)
    page.get_by_role("button", name="Ajouter le commentaire").first.click()
    focused = page.locator("textarea:focus")
    expect(focused).to_have_value("x" * 5001)
    expect(focused).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".zone__error").first).to_be_visible()
    check(page, "cahier-equipe-commentaire-refuse")


def test_zip_with_nothing_shared_explains_itself(any_page, live_server, teacher, cahier_structure):
    page = any_page
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/ecole-automne-2025/cahiers.zip")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aucun cahier partagé à télécharger")
    check(page, "cahier-equipe-zip-vide")


def test_participant_sees_the_comment_beside_the_answer_and_compares(any_page, live_server, teacher, shared, eveil):
    comments.add(shared, eveil.page, eveil, teacher, "Très juste.")
    page = any_page
    log_in(page.context, live_server, shared)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/")
    expect(page.locator(".new-comments")).to_contain_text("1 nouveau commentaire")
    check(page, "cahier-nouveaux-commentaires")
    page.locator(".new-comments a").click()
    zone = page.locator(f"#zone-{eveil.pk}")
    expect(zone.locator(".comment")).to_contain_text("Très juste.")
    if page.viewport_size["width"] == 390:  # on a phone, within the first screen of its writing area, above the text
        comment_top = zone.locator(".comment").bounding_box()["y"]
        assert comment_top - zone.bounding_box()["y"] < 600
        assert comment_top < page.locator(f"#texte-{eveil.pk}").bounding_box()["y"]
    check(page, "cahier-commentaire-a-cote")
    page.goto(f"{live_server.url}/cahier/reponses/{eveil.pk}/versions/")
    page.get_by_role("link", name="Comparer la version 1 avec le texte actuel").click()
    expect(page.locator(".diff del").first).to_contain_text("Première")
    expect(page.locator(".diff ins").first).to_contain_text("Deuxième")
    check(page, "cahier-comparer")


def test_status_line_goes_unsaved_saving_saved(desktop_page, live_server, participant, eveil):
    page = desktop_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/eveil/")
    held = []
    page.route(AUTOSAVE_URL, lambda route: held.append(route))
    status = page.locator(f"#statut-{eveil.pk}")
    page.locator(f"#texte-{eveil.pk}").press_sequentially("Un mot")
    expect(status).to_have_text("Modifications non enregistrées")
    expect(status).to_have_text("Enregistrement…", timeout=5000)
    assert Answer.objects.filter(user=participant).count() == 0  # not saved: not « Enregistré »
    assert len(held) == 1
    page.unroute(AUTOSAVE_URL)  # the held save goes on to the server
    expect(status).to_have_text(SAVED)


def test_logout_hands_kept_drafts_to_the_server_and_offers_the_others(desktop_page, live_server, participant, eveil):
    other = Prompt.objects.get(page__slug="eveil", level__order=2)
    save_text(participant, other, "Texte du serveur", 0)
    save_text(participant, other, "Texte du serveur, modifié ailleurs", 1)
    page = desktop_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/")
    user = participant.pk
    page.evaluate(
        """([user, first, second]) => {
          localStorage.setItem(`cahier:${user}:${first}`, JSON.stringify({text: "Brouillon repris", base: 0, at: 1}));
          localStorage.setItem(`cahier:${user}:${second}`,
            JSON.stringify({text: "Brouillon en conflit", base: 1, at: 1, page: "/cahier/ecole-automne-2025/eveil/"}));
        }""",
        [user, eveil.pk, other.pk],
    )
    page.get_by_role("button", name="Se déconnecter").click()
    offer = page.locator("#brouillons-non-enregistres")
    expect(offer).to_contain_text("1 brouillon de votre cahier n'est pas enregistré")
    expect(offer.locator("pre")).to_have_text("Brouillon en conflit")
    assert Answer.objects.get(user=participant, prompt=eveil).text == "Brouillon repris"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cahier:'))") == [
        f"cahier:{user}:{other.pk}"
    ]
    check(page, "cahier-deconnexion-brouillons")
    offer.get_by_role("button", name="Me déconnecter et effacer ces brouillons").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cahier:'))") == []


def test_refused_upload_keeps_the_caption_and_focuses_the_field(any_page, live_server, participant, eveil):
    page = any_page
    log_in(page.context, live_server, participant)
    drawings = Page.objects.get(kind=Page.Kind.DRAWINGS)
    page.goto(live_server.url + drawings.get_absolute_url())
    page.locator("#photo").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "image/png", "buffer": b"ceci n'est pas une image"}]
    )
    page.get_by_label("Légende").fill("Mon croquis du quartier")
    page.get_by_role("button", name="Enregistrer l'image").click()
    expect(page.locator("#photo")).to_be_focused()
    expect(page.locator("#photo")).to_have_attribute("aria-describedby", "erreur-photo")
    expect(page.locator("#erreur-photo")).to_have_text("Ce fichier n'est pas une image JPEG ou PNG lisible.")
    expect(page.get_by_label("Légende")).to_have_value("Mon croquis du quartier")
    check(page, "cahier-image-refusee")


def test_print_view_has_a_working_print_button(any_page, live_server, participant, eveil):
    save_text(participant, eveil, "Ma réponse à imprimer", 0)
    page = any_page
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/imprimer/")
    page.get_by_role("button", name="Imprimer").click()
    assert page.evaluate("window.printed") == 1
    check(page, "cahier-imprimer")
