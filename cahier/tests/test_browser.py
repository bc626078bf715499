"""The cahier in a real Chromium, at 390 px and 1280 px: autosave, conflicts, network cuts, drawings, axe-core."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from automne.french import NBSP
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from cahier.models import Answer, Drawing, Prompt
from cahier.tests.conftest import register
from cahier.writing import CONFLICT, save_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAVED = re.compile(rf"^Enregistré à \d{{1,2}}{NBSP}h")
AUTOSAVE_URL = "**/cahier/api/reponses/**"


def log_in(context, live_server, user):
    """The session cookie of a real login, put in the browser (no login form needed)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


@pytest.fixture
def eveil(cahier_structure, participant):
    """The first writing area of « Éveil », in the 2025 notebook of `participant`, registered to 2025."""
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    register(participant, prompt.page.edition)
    return prompt


def open_eveil(page, live_server, user):
    log_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/eveil/")


def test_autosave_type_wait_reload_keeps_the_text(any_page, live_server, participant, eveil):
    page = any_page
    open_eveil(page, live_server, participant)
    area = page.locator(f"#texte-{eveil.pk}")
    area.fill("Une réflexion tapée <b>vite</b>\nsur deux lignes")
    expect(page.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED)
    page.reload()
    expect(page.locator(f"#texte-{eveil.pk}")).to_have_value("Une réflexion tapée <b>vite</b>\nsur deux lignes")
    assert Answer.objects.get(user=participant).text == "Une réflexion tapée <b>vite</b>\nsur deux lignes"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cahier:'))") == []
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "cahier-eveil")


def test_autosave_on_blur_without_waiting(desktop_page, live_server, participant, eveil):
    page = desktop_page
    open_eveil(page, live_server, participant)
    page.locator(f"#texte-{eveil.pk}").fill("Écrit puis on quitte le champ")
    page.locator(f"#texte-{eveil.pk + 1}").focus()
    expect(page.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED, timeout=1000)


def test_two_tabs_editing_the_same_answer_show_the_conflict(any_page, live_server, participant, eveil):
    first = any_page
    open_eveil(first, live_server, participant)
    second = first.context.new_page()
    second.goto(f"{live_server.url}/cahier/ecole-automne-2025/eveil/")
    first.locator(f"#texte-{eveil.pk}").fill("Texte du premier onglet")
    expect(first.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED)
    second.locator(f"#texte-{eveil.pk}").fill("Texte du second onglet")
    conflict = second.locator(f"#conflit-{eveil.pk}")
    expect(conflict).to_be_visible()
    expect(conflict.locator("pre")).to_have_text("Texte du premier onglet")
    expect(conflict.locator("p").first).to_have_text(str(CONFLICT))
    expect(second.locator(f"#statut-{eveil.pk}")).to_contain_text("Conflit")
    assert Answer.objects.get(user=participant).text == "Texte du premier onglet"
    assert_accessible(second)
    conflict.get_by_role("button", name="Fusionner les deux").click()
    expect(second.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED)
    assert Answer.objects.get(user=participant).text == "Texte du second onglet\n\nTexte du premier onglet"
    second.close()


def test_network_cut_keeps_the_draft_then_saves_when_back(any_page, live_server, participant, eveil):
    page = any_page
    open_eveil(page, live_server, participant)
    page.route(AUTOSAVE_URL, lambda route: route.abort())
    page.locator(f"#texte-{eveil.pk}").fill("Écrit dans le métro, sans réseau")
    expect(page.locator(f"#statut-{eveil.pk}")).to_contain_text("Pas de connexion")
    expect(page.locator("[data-offline]")).to_be_visible()
    draft = page.evaluate(f"JSON.parse(localStorage.getItem('cahier:{participant.pk}:{eveil.pk}'))")
    assert (draft["text"], draft["base"]) == ("Écrit dans le métro, sans réseau", 0)
    assert not Answer.objects.filter(user=participant).exists()
    page.unroute(AUTOSAVE_URL)
    expect(page.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED, timeout=15_000)
    expect(page.locator("[data-offline]")).to_be_hidden()
    assert Answer.objects.get(user=participant).text == "Écrit dans le métro, sans réseau"


def test_unsaved_draft_warns_before_leaving_and_is_offered_on_the_next_visit(
    desktop_page, live_server, participant, eveil
):
    page = desktop_page
    open_eveil(page, live_server, participant)
    page.route(AUTOSAVE_URL, lambda route: route.abort())
    page.locator(f"#texte-{eveil.pk}").fill("Jamais parvenu au serveur")
    expect(page.locator(f"#statut-{eveil.pk}")).to_contain_text("Pas de connexion")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    assert dialogs == ["beforeunload"]
    expect(page.locator(f"#texte-{eveil.pk}")).to_have_value("")
    offer = page.locator(".zone__draft")
    expect(offer).to_contain_text("version plus récente")
    expect(offer.locator("pre")).to_have_text("Jamais parvenu au serveur")
    assert_accessible(page)
    page.unroute(AUTOSAVE_URL)
    offer.get_by_role("button", name="Restaurer ce brouillon").click()
    expect(page.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED)
    assert Answer.objects.get(user=participant).text == "Jamais parvenu au serveur"


def test_expired_session_keeps_text_and_saves_after_logging_in_again(desktop_page, live_server, participant, eveil):
    page = desktop_page
    open_eveil(page, live_server, participant)
    page.context.clear_cookies()  # logged out elsewhere; the CSRF cookie is gone too
    page.locator(f"#texte-{eveil.pk}").fill("Écrit après la fin de la session")
    status = page.locator(f"#statut-{eveil.pk}")
    expect(status).to_contain_text("Votre session a expiré")
    expect(status.get_by_role("link", name="Se reconnecter")).to_have_attribute(
        "href", re.compile(r"\?next=/cahier/ecole-automne-2025/eveil/$")
    )
    # A new login: new session, new CSRF token; the retry fetches the token and saves.
    log_in(page.context, live_server, participant)
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert Answer.objects.get(user=participant).text == "Écrit après la fin de la session"


def test_text_over_the_limit_is_refused_and_kept_in_the_page(desktop_page, live_server, participant, eveil):
    page = desktop_page
    open_eveil(page, live_server, participant)
    text = "x" * 20_001
    page.locator(f"#texte-{eveil.pk}").fill(text)
    expect(page.locator(f"#statut-{eveil.pk}")).to_contain_text(f"Ce texte dépasse 20{NBSP}000 caractères")
    expect(page.locator(f"#texte-{eveil.pk}")).to_have_value(text)
    assert not Answer.objects.exists()


def test_draw_a_stroke_and_find_it_after_reload(any_page, live_server, participant, eveil, media_root):
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/dessinez-vos-idees/")
    assert_accessible(page)
    canvas = page.locator("[data-canvas]")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    for step in range(1, 15):
        page.mouse.move(box["x"] + 20 + step * 15, box["y"] + 20 + step * 8)
    page.mouse.up()
    page.get_by_label("Légende").fill("Un trait en diagonale")
    with page.expect_navigation():  # the form posts, then the server redirects back
        page.get_by_role("button", name="Enregistrer l'image").click()
    page.reload()
    image = page.get_by_role("img", name="Un trait en diagonale")
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 800
    drawing = Drawing.objects.get(user=participant)
    assert drawing.source == "dessin"
    assert horizontal_overflow(page) == 0
    save_screenshot(page, "cahier-dessins")


def test_overview_is_accessible(any_page, live_server, participant, cahier_structure):
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon cahier réflexif")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)


def test_save_that_landed_but_whose_answer_was_lost_is_not_a_conflict(desktop_page, live_server, participant, eveil):
    page = desktop_page
    open_eveil(page, live_server, participant)

    def reach_server_then_drop_the_answer(route):
        route.fetch()  # the server saves…
        route.abort()  # …but the page never hears back

    page.route(AUTOSAVE_URL, reach_server_then_drop_the_answer)
    page.locator(f"#texte-{eveil.pk}").fill("Parvenu au serveur sans réponse")
    expect(page.locator(f"#statut-{eveil.pk}")).to_contain_text("Pas de connexion")
    assert Answer.objects.get(user=participant).text == "Parvenu au serveur sans réponse"
    page.unroute(AUTOSAVE_URL)
    page.locator(f"#texte-{eveil.pk}").press("End")
    page.locator(f"#texte-{eveil.pk}").press_sequentially(", puis la suite")
    expect(page.locator(f"#statut-{eveil.pk}")).to_have_text(SAVED, timeout=15_000)
    expect(page.locator(f"#conflit-{eveil.pk}")).to_be_hidden()
    assert Answer.objects.get(user=participant).text == "Parvenu au serveur sans réponse, puis la suite"


def test_other_cahier_pages_are_accessible(desktop_page, live_server, participant, eveil):
    from django.contrib.auth.models import Group

    from automne.roles import TEACHING_TEAM
    from cahier.models import Notebook
    from inscriptions.models import User

    save_text(participant, eveil, "Première version", 0)
    save_text(participant, eveil, "Deuxième version", 1)
    Notebook.objects.create(user=participant, edition=eveil.page.edition).share()
    page = desktop_page
    log_in(page.context, live_server, participant)
    for path in [
        "/cahier/ecole-automne-2025/regards/",
        "/cahier/ecole-automne-2025/introduction/",
        "/cahier/ecole-automne-2025/questions-de-cloture/",
        "/cahier/ecole-automne-2025/imprimer/",
        f"/cahier/reponses/{eveil.pk}/versions/",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    teacher = User.objects.create_user("prof@example.org", "mot de passe du prof")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    page.context.clear_cookies()
    log_in(page.context, live_server, teacher)
    page.goto(f"{live_server.url}/cahier/equipe/ecole-automne-2025/{participant.pk}/")
    expect(page.get_by_text("Deuxième version")).to_be_visible()
    assert_accessible(page)


def test_notebook_list_is_accessible(any_page, live_server, participant, edition_2025, edition_2026):
    from inscriptions.tests.factories import make_registration

    save_text(participant, Prompt.objects.filter(page__edition=edition_2025).first(), "Deux mots", 0)
    make_registration(edition_2026, participant)
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes cahiers réflexifs")
    notebooks = page.locator(".cahier-notebooks > li")
    expect(notebooks).to_have_count(2)
    expect(notebooks.first).to_contain_text("Du lundi 19 octobre 2026 au vendredi 23 octobre 2026")
    expect(notebooks.last).to_contain_text("2 mots écrits")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "cahier-mes-cahiers")
    notebooks.last.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/cahier/ecole-automne-2025/")
    expect(page.locator(".cahier-edition")).to_contain_text("(2025)")
    expect(page.get_by_role("link", name="Mes cahiers")).to_be_visible()
    assert_accessible(page)


def test_regards_offers_the_programmes_case_studies_first_and_marks_them(any_page, live_server, participant, eveil):
    from cahier.models import CaseStudyChoice, Page
    from programme.models import Choice

    regards = Page.objects.get(slug="regards")
    sessions = list(regards.case_studies())
    chosen = [sessions[4], sessions[7]]
    for session in chosen:
        Choice.objects.create(user=participant, occurrence=session.occurrences.first())
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/ecole-automne-2025/regards/")
    groups = page.locator("#etude-de-cas optgroup")
    expect(groups).to_have_count(2)
    expect(groups.first).to_have_attribute("label", "Dans mon programme")
    expect(groups.first.locator("option")).to_have_text([session.title for session in chosen])
    expect(groups.last).to_have_attribute("label", "Autres études de cas")
    expect(groups.last.locator("option")).to_have_count(7)
    marks = page.locator(".cahier-related__chosen")
    expect(marks).to_have_count(2)
    for session in chosen:
        expect(page.locator(".cahier-related li", has_text=session.title)).to_contain_text("✓ Dans mon programme")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    page.locator(".cahier-related").scroll_into_view_if_needed()
    save_screenshot(page, "cahier-regards-programme")
    page.locator("#etude-de-cas").select_option(str(chosen[1].pk))
    expect(page.locator("#statut-etude")).to_have_text(SAVED)
    assert CaseStudyChoice.objects.get(user=participant, page=regards).session == chosen[1]
    # The list as a reader scrolls it (a closed select shows one line in a screenshot).
    page.locator("#etude-de-cas").evaluate("select => { select.size = 13; }")
    save_screenshot(page, "cahier-regards-programme-liste")


def test_server_fault_keeps_the_text_says_it_retries_then_saves(any_page, live_server, participant, eveil, monkeypatch):
    """The disk full for the first two saves (the database refuses the UPDATE), then room again."""
    from django.db.utils import OperationalError

    from cahier import writing
    from cahier.server_faults import RETRY

    save_text(participant, eveil, "Première version", 0)
    real_update = writing._update_if_current
    refused = []

    def full_twice(*args, **kwargs):
        if len(refused) < 2:
            refused.append(args[2])
            raise OperationalError("database or disk is full")
        return real_update(*args, **kwargs)

    monkeypatch.setattr(writing, "_update_if_current", full_twice)
    page = any_page
    open_eveil(page, live_server, participant)
    page.locator(f"#texte-{eveil.pk}").fill("Écrit pendant que le disque était plein")
    status = page.locator(f"#statut-{eveil.pk}")
    expect(status).to_have_text(RETRY)
    expect(page.locator("[data-offline]")).to_be_visible()
    draft = page.evaluate(f"JSON.parse(localStorage.getItem('cahier:{participant.pk}:{eveil.pk}'))")
    assert draft["text"] == "Écrit pendant que le disque était plein"
    assert Answer.objects.get(user=participant).text == "Première version"
    assert_accessible(page)
    save_screenshot(page, "cahier-reessai-automatique")
    expect(status).to_have_text(SAVED, timeout=20_000)
    expect(page.locator("[data-offline]")).to_be_hidden()
    assert refused == ["Écrit pendant que le disque était plein"] * 2
    assert Answer.objects.get(user=participant).text == "Écrit pendant que le disque était plein"
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cahier:'))") == []


def test_compare_page_of_two_long_unrelated_versions_says_it_is_partial(any_page, live_server, participant, eveil):
    import random
    import string

    from cahier.writing import MAX_ANSWER_LENGTH

    rng = random.Random(5)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9))) for _ in range(800)]
    for version in (0, 1):
        save_text(
            participant, eveil, " ".join(rng.choice(vocabulary) for _ in range(3300))[:MAX_ANSWER_LENGTH], version
        )
    page = any_page
    log_in(page.context, live_server, participant)
    page.goto(f"{live_server.url}/cahier/reponses/{eveil.pk}/versions/1/comparer/")
    expect(page.locator("#comparaison-partielle")).to_contain_text("Comparaison partielle")
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, "cahier-comparaison-partielle")
