"""One notebook per edition, each exactly as written: a two-edition world (2025 with its data, 2026
prepared from it in one step), the addresses of each notebook and the ones served before editions."""

import base64

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from automne.french import NBSP
from automne.roles import TEACHING_TEAM
from cahier.models import Answer, CaseStudyChoice, Comment, Drawing, GuidingQuestion, Notebook, Page, Prompt
from cahier.tests.editions import make_current
from cahier.tests.images import png_bytes
from cahier.writing import save_text
from inscriptions.models import Registration, User
from inscriptions.tests.factories import make_registration
from programme.models import Session

NOTEBOOK_2025 = "/cahier/ecole-automne-2025/"
NOTEBOOK_2026 = "/cahier/ecole-automne-2026/"


def eveil_prompt(edition):
    return Prompt.objects.get(page__edition=edition, page__slug="eveil", level__order=1)


def entries(response):
    """What a page shows of each writing area: its heading, its guiding questions and the answer beside them."""
    return [
        (entry.prompt.heading, [q.text for q in entry.prompt.guiding_questions.all()], entry.text, entry.version)
        for entry in response.context["view"].entries
    ]


def add_drawing(client, notebook, caption):
    data = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    return client.post(f"{notebook}dessins/ajouter/", {"legende": caption, "dessin": data})


@pytest.fixture
def wrote_in_2025(writer, participant, edition_2025):
    """Camille's 2025 notebook: an answer with two versions, a case study, a drawing, shared and commented."""
    prompt = eveil_prompt(edition_2025)
    save_text(participant, prompt, "Ma réflexion de 2025", 0)
    save_text(participant, prompt, "Ma réflexion de 2025, relue", 1)
    regards = Page.objects.get(edition=edition_2025, slug="regards")
    regards.choose_case_study(participant, Session.objects.get(title="Co-production and evaluation").pk)
    Notebook.objects.create(user=participant, edition=edition_2025).share()
    Comment.objects.create(owner=participant, page=prompt.page, text="Belle piste")
    return prompt


@pytest.fixture
def teacher(cahier_structure):
    user = User.objects.create_user("prof@example.org", "mot de passe du prof", first_name="Prof")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client = Client()
    client.force_login(user)
    return client


# Rewording a question for 2026 leaves the 2025 notebook as written.


@pytest.mark.django_db
def test_rewording_a_question_in_2026_leaves_the_2025_notebook_showing_the_2025_wording(
    writer, participant, edition_2025, edition_2026, wrote_in_2025
):
    before = entries(writer.get(f"{NOTEBOOK_2025}eveil/"))
    question_2025 = wrote_in_2025.guiding_questions.first().text
    reworded = GuidingQuestion.objects.get(prompt=eveil_prompt(edition_2026), order=1)
    assert reworded.text == question_2025  # the 2026 cahier starts as a word-for-word copy
    reworded.text = f"Une question reformulée pour 2026{NBSP}?"
    reworded.save()
    Prompt.objects.filter(pk=reworded.prompt_id).update(label="Un intitulé de 2026")
    make_current(edition_2026)

    after = entries(writer.get(f"{NOTEBOOK_2025}eveil/"))
    assert after == before
    assert after[0] == ("En moi", [question_2025, after[0][1][1]], "Ma réflexion de 2025, relue", 2)
    html_2025 = writer.get(f"{NOTEBOOK_2025}eveil/").content.decode()
    assert "reformulée" not in html_2025
    printed = writer.get(f"{NOTEBOOK_2025}cahier.md").content.decode()
    assert f"### En moi\n\n> {question_2025}" in printed
    assert "reformulée" not in printed
    new = entries(writer.get(f"{NOTEBOOK_2026}eveil/"))
    assert new[0] == ("Un intitulé de 2026", [f"Une question reformulée pour 2026{NBSP}?", after[0][1][1]], "", 0)


# A 2025 participant registered for 2026 gets a second, empty notebook; the 2025 one is unchanged.


def notebook_state(user):
    return (
        list(Answer.objects.filter(user=user).values_list("prompt", "text", "version")),
        list(CaseStudyChoice.objects.filter(user=user).values_list("page", "session")),
        list(Drawing.objects.filter(user=user).values_list("edition", "caption")),
        list(Notebook.objects.filter(user=user).values_list("edition", "shared_with_team")),
        list(Comment.objects.filter(owner=user).values_list("page", "text")),
    )


@pytest.mark.django_db
def test_registering_for_2026_gives_a_second_empty_notebook_and_leaves_2025_unchanged(
    writer, participant, edition_2025, edition_2026, wrote_in_2025, media_root
):
    add_drawing(writer, NOTEBOOK_2025, "Carte de 2025")
    assert writer.get("/cahier/")["Location"] == NOTEBOOK_2025  # one notebook: straight to it
    state = notebook_state(participant)
    before = writer.get(f"{NOTEBOOK_2025}cahier.md").content

    make_registration(edition_2026, participant)
    make_current(edition_2026)

    response = writer.get("/cahier/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mes cahiers réflexifs</h1>" in html
    assert [edition.slug for edition in response.context["notebook_editions"]] == [
        "ecole-automne-2026",
        "ecole-automne-2025",
    ]
    assert f'<a href="{NOTEBOOK_2026}">École d&#x27;automne sur la coproduction des services publics (2026)</a>' in html
    assert "Du lundi 19 octobre 2026 au vendredi 23 octobre 2026" in html
    assert "Du lundi 20 octobre 2025 au vendredi 24 octobre 2025" in html
    assert "0 mot écrit" in html
    assert "5 mots écrits" in html

    overview = writer.get(NOTEBOOK_2026)
    assert [(view.progress.answered, view.progress.words) for view in overview.context["views"]] == [(0, 0)] * 10
    assert overview.context["notebook"] is None  # private, as every new notebook
    assert overview.context["drawing_count"] == 0
    assert (
        "Cahier de l'édition <strong>École d&#x27;automne sur la coproduction des services publics (2026)</strong>, "
        "du lundi 19 octobre 2026 au vendredi 23 octobre 2026"
    ) in overview.content.decode()
    assert '<a href="/cahier/">Mes cahiers</a>' in overview.content.decode()
    assert entries(writer.get(f"{NOTEBOOK_2026}eveil/"))[0][2:] == ("", 0)
    assert writer.get(f"{NOTEBOOK_2026}regards/").context["view"].case_study is None
    assert "Carte de 2025" not in writer.get(f"{NOTEBOOK_2026}dessinez-vos-idees/").content.decode()

    assert notebook_state(participant) == state
    assert writer.get(f"{NOTEBOOK_2025}cahier.md").content == before


@pytest.mark.django_db
def test_writing_in_2026_never_touches_the_2025_notebook(
    writer, participant, edition_2025, edition_2026, wrote_in_2025, media_root
):
    make_registration(edition_2026, participant)
    before = writer.get(f"{NOTEBOOK_2025}cahier.md").content
    prompt = eveil_prompt(edition_2026)
    writer.post(f"{NOTEBOOK_2026}eveil/", {f"texte-{prompt.pk}": "Écrit en 2026", f"version-{prompt.pk}": "0"})
    add_drawing(writer, NOTEBOOK_2026, "Carte de 2026")
    writer.post(f"{NOTEBOOK_2026}partage/", {"partager": "non"})
    assert writer.get(f"{NOTEBOOK_2025}cahier.md").content == before
    assert list(Notebook.objects.filter(user=participant).values_list("edition__slug", "shared_with_team")) == [
        ("ecole-automne-2025", True),
        ("ecole-automne-2026", False),
    ]
    assert Drawing.objects.get(caption="Carte de 2026").edition == edition_2026
    assert "Écrit en 2026" in writer.get(f"{NOTEBOOK_2026}cahier.md").content.decode()


@pytest.mark.django_db
def test_cancelled_registration_gives_no_notebook(writer, participant, edition_2025, edition_2026, wrote_in_2025):
    make_registration(edition_2026, participant, state=Registration.State.CANCELLED)
    assert writer.get("/cahier/")["Location"] == NOTEBOOK_2025


@pytest.mark.django_db
def test_without_any_notebook_the_cahier_is_the_current_editions(client, other, edition_2025, edition_2026):
    client.force_login(other)  # registered nowhere
    assert client.get("/cahier/")["Location"] == NOTEBOOK_2025
    make_current(edition_2026)
    assert client.get("/cahier/")["Location"] == NOTEBOOK_2026


# The addresses served before editions keep working.


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/cahier/eveil/", "eveil/"),
        ("/cahier/dessinez-vos-idees/", "dessinez-vos-idees/"),
        ("/cahier/imprimer/", "imprimer/"),
        ("/cahier/cahier.pdf", "cahier.pdf"),
        ("/cahier/cahier.md", "cahier.md"),
    ],
)
@pytest.mark.django_db
def test_old_addresses_lead_to_the_participants_notebook(writer, participant, edition_2026, old, new):
    # Camille registered only for 2025 (which she wrote in): 2026, even once current, is not hers.
    save_text(participant, Prompt.objects.filter(page__edition__slug="ecole-automne-2025").first(), "Un mot", 0)
    make_current(edition_2026)
    response = writer.get(old)
    assert (response.status_code, response["Location"]) == (302, NOTEBOOK_2025 + new)
    make_registration(edition_2026, participant)
    assert writer.get(old)["Location"] == NOTEBOOK_2026 + new  # hers and current


@pytest.mark.django_db
def test_old_page_address_posted_from_an_open_tab_keeps_the_text(writer, participant, edition_2025, edition_2026):
    prompt = eveil_prompt(edition_2025)
    data = {f"texte-{prompt.pk}": "Écrit avant la mise à jour", f"version-{prompt.pk}": "0"}
    response = writer.post("/cahier/eveil/", data)
    assert (response.status_code, response["Location"]) == (307, f"{NOTEBOOK_2025}eveil/")
    followed = writer.post("/cahier/eveil/", data, follow=True)
    assert followed.redirect_chain[-1] == (f"{NOTEBOOK_2025}eveil/", 302)
    assert Answer.objects.get(user=participant).text == "Écrit avant la mise à jour"


@pytest.mark.django_db
def test_old_sharing_and_drawing_addresses_posted_keep_the_request(writer, participant, edition_2025, media_root):
    writer.post("/cahier/partage/", {"partager": "oui"}, follow=True)
    assert Notebook.objects.get(user=participant, edition=edition_2025).shared_with_team is True
    data = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    writer.post("/cahier/dessins/ajouter/", {"legende": "Posté à l'ancienne adresse", "dessin": data}, follow=True)
    assert Drawing.objects.get(user=participant).edition == edition_2025


@pytest.mark.django_db
def test_old_page_address_of_a_page_no_notebook_has_is_404(writer, edition_2025):
    assert writer.get("/cahier/pas-une-page/").status_code == 404


# Unknown edition slugs get 404.


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/cahier/inconnue/"),
        ("get", "/cahier/inconnue/eveil/"),
        ("post", "/cahier/inconnue/eveil/"),
        ("get", "/cahier/inconnue/imprimer/"),
        ("get", "/cahier/inconnue/cahier.pdf"),
        ("get", "/cahier/inconnue/cahier.md"),
        ("post", "/cahier/inconnue/partage/"),
        ("post", "/cahier/inconnue/dessins/ajouter/"),
        ("get", "/cahier/ecole-automne-2025/pas-une-page/"),
        ("get", "/cahier/ecole-automne-2026/eveil/"),  # not prepared in this test: no such edition
    ],
)
@pytest.mark.django_db
def test_unknown_edition_or_page_is_404(writer, participant, method, url):
    assert getattr(writer, method)(url, {"partager": "oui", "legende": "x"}).status_code == 404
    assert (Notebook.objects.count(), Drawing.objects.count(), Answer.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_unknown_edition_is_404_for_the_teaching_team(teacher, participant, edition_2025):
    Notebook.objects.create(user=participant, edition=edition_2025).share()
    assert teacher.get(f"/cahier/equipe/ecole-automne-2025/{participant.pk}/").status_code == 200
    assert teacher.get(f"/cahier/equipe/inconnue/{participant.pk}/").status_code == 404


# The teaching team reads shared notebooks per edition.


@pytest.mark.django_db
def test_teaching_team_reads_only_the_notebook_that_was_shared(
    teacher, writer, participant, other, edition_2025, edition_2026, wrote_in_2025
):
    make_registration(edition_2026, participant)
    save_text(participant, eveil_prompt(edition_2026), "Pas partagé, de 2026", 0)
    Notebook.objects.create(user=other, edition=edition_2026)  # private
    response = teacher.get(f"/cahier/equipe/ecole-automne-2025/{participant.pk}/")
    assert "Ma réflexion de 2025, relue" in response.content.decode()
    assert "Pas partagé, de 2026" not in response.content.decode()
    assert [
        teacher.get(f"/cahier/equipe/ecole-automne-2026/{participant.pk}/").status_code,
        teacher.get(f"/cahier/equipe/ecole-automne-2025/{other.pk}/").status_code,
        teacher.get(f"/cahier/equipe/ecole-automne-2026/{other.pk}/").status_code,
        teacher.get(f"/cahier/equipe/{other.pk}/").status_code,
    ] == [404] * 4
    page_2026 = Page.objects.get(edition=edition_2026, slug="eveil")
    assert (
        teacher.post(f"/cahier/equipe/{participant.pk}/commentaires/{page_2026.pk}/", {"commentaire": "x"}).status_code
        == 404
    )
    assert not Comment.objects.filter(page=page_2026).exists()
    # The address served before editions: the newest notebook that person shared.
    assert teacher.get(f"/cahier/equipe/{participant.pk}/")["Location"] == (
        f"/cahier/equipe/ecole-automne-2025/{participant.pk}/"
    )


@pytest.mark.django_db
def test_team_drawing_is_served_only_if_its_editions_notebook_is_shared(
    teacher, writer, participant, edition_2025, edition_2026, wrote_in_2025, media_root
):
    make_registration(edition_2026, participant)
    add_drawing(writer, NOTEBOOK_2025, "Partagé")
    add_drawing(writer, NOTEBOOK_2026, "Pas partagé")
    shared, private = Drawing.objects.get(caption="Partagé"), Drawing.objects.get(caption="Pas partagé")
    assert teacher.get(f"/cahier/equipe/{participant.pk}/dessins/{shared.pk}/").status_code == 200
    assert teacher.get(f"/cahier/equipe/{participant.pk}/dessins/{private.pk}/").status_code == 404


@pytest.mark.django_db
def test_team_dashboard_shows_one_edition_and_links_the_others(teacher, participant, other, edition_2025, edition_2026):
    Notebook.objects.create(user=participant, edition=edition_2025).share()
    Notebook.objects.create(user=participant, edition=edition_2026).share()
    Notebook.objects.create(user=other, edition=edition_2026)
    current = teacher.get("/cahier/equipe/").content.decode()
    assert f'href="/cahier/equipe/ecole-automne-2025/{participant.pk}/"' in current
    assert f'href="/cahier/equipe/ecole-automne-2026/{participant.pk}/"' not in current
    assert 'href="/cahier/equipe/ecole-automne-2026/"' in current
    next_one = teacher.get("/cahier/equipe/ecole-automne-2026/").content.decode()
    assert f'href="/cahier/equipe/ecole-automne-2026/{participant.pk}/"' in next_one
    assert f"/{other.pk}/" not in next_one


# « Séances liées » point at the session in its own edition.


@pytest.mark.django_db
def test_related_sessions_point_at_their_own_edition(writer, edition_2025, edition_2026):
    opening = Session.objects.get(edition=edition_2025, kind=Session.Kind.OPENING_LECTURE)
    assert f'href="/seances/{opening.slug}/"' in writer.get(f"{NOTEBOOK_2025}eveil/").content.decode()
    make_current(edition_2026)
    html = writer.get(f"{NOTEBOOK_2025}eveil/").content.decode()
    assert f'<a href="/editions/ecole-automne-2025/seances/{opening.slug}/" lang="en">{opening.title}</a>' in html
    assert "Séances liées" not in writer.get(f"{NOTEBOOK_2026}eveil/").content.decode()  # not copied
