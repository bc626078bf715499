"""Sharing with the teaching team: read-only, a comment per theme, stoppable at any time."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from automne.roles import TEACHING_TEAM
from cahier.models import Answer, Comment, Notebook, Page, Prompt
from cahier.writing import save_text
from inscriptions.models import User


@pytest.fixture
def teacher(db, cahier_structure):
    user = User.objects.create_user("prof@example.org", "mot de passe du prof", first_name="Prof")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    return user


@pytest.fixture
def team_client(teacher):
    # A second browser: `client` is the participant's (the writer fixture logged it in).
    team_client = Client()
    team_client.force_login(teacher)
    return team_client


@pytest.fixture
def shared(writer, participant):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(participant, prompt, "Ma réflexion partagée", 0)
    writer.post("/cahier/ecole-automne-2025/partage/", {"partager": "oui"})
    return participant


@pytest.mark.django_db
def test_sharing_starts_private(writer, participant):
    writer.get("/cahier/")
    assert not Notebook.objects.filter(user=participant, shared_with_team=True).exists()


@pytest.mark.django_db
def test_teaching_team_reads_a_shared_cahier_read_only(team_client, shared):
    assert "Camille" in team_client.get("/cahier/equipe/").content.decode()
    html = team_client.get(f"/cahier/equipe/ecole-automne-2025/{shared.pk}/").content.decode()
    assert "Ma réflexion partagée" in html
    assert "<textarea" in html  # the comment boxes only
    assert 'name="texte-' not in html
    assert "data-autosave" not in html and "data-cahier-form" not in html


@pytest.mark.django_db
def test_teaching_team_cannot_write_in_the_cahier(team_client, shared):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    team_client.post(
        f"/cahier/api/reponses/{prompt.pk}/", '{"text": "Réécrit", "version": 1}', content_type="application/json"
    )
    assert Answer.objects.get(user=shared).text == "Ma réflexion partagée"


@pytest.mark.django_db
def test_comment_per_theme_seen_by_the_participant(team_client, teacher, writer, shared):
    eveil = Page.objects.get(slug="eveil")
    response = team_client.post(
        f"/cahier/equipe/{shared.pk}/commentaires/{eveil.pk}/", {"commentaire": "Belle piste <b>à creuser</b>"}
    )
    comment = Comment.objects.get()
    assert response["Location"] == f"/cahier/equipe/ecole-automne-2025/{shared.pk}/#commentaire-{comment.pk}"
    assert list(Comment.objects.values_list("owner", "page", "author", "text")) == [
        (shared.pk, eveil.pk, teacher.pk, "Belle piste <b>à creuser</b>")
    ]
    html = writer.get("/cahier/ecole-automne-2025/eveil/").content.decode()
    assert "Belle piste &lt;b&gt;à creuser&lt;/b&gt;" in html


@pytest.mark.django_db
def test_empty_comment_is_refused(team_client, shared):
    eveil = Page.objects.get(slug="eveil")
    team_client.post(f"/cahier/equipe/{shared.pk}/commentaires/{eveil.pk}/", {"commentaire": "   "})
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_stop_sharing_closes_the_door(team_client, writer, shared):
    writer.post("/cahier/ecole-automne-2025/partage/", {"partager": "non"})
    assert team_client.get(f"/cahier/equipe/ecole-automne-2025/{shared.pk}/").status_code == 404
    assert "Camille" not in team_client.get("/cahier/equipe/").content.decode()
    eveil = Page.objects.get(slug="eveil")
    assert (
        team_client.post(f"/cahier/equipe/{shared.pk}/commentaires/{eveil.pk}/", {"commentaire": "x"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_unshared_cahier_is_404_for_the_teaching_team(team_client, participant):
    assert team_client.get(f"/cahier/equipe/ecole-automne-2025/{participant.pk}/").status_code == 404


@pytest.mark.django_db
def test_organizer_staff_not_in_team_cannot_read(shared):
    staff = User.objects.create_user("orga@example.org", "mot de passe orga", is_staff=True)
    staff.groups.add(Group.objects.get(name="Organisateurs"))
    organizer = Client()
    organizer.force_login(staff)
    assert organizer.get(f"/cahier/equipe/ecole-automne-2025/{shared.pk}/").status_code == 404
