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


# Who reads is a visible decision (issue 19, Deliver 8): the sharing page names each reader.


def _team_member(first_name, last_name, by=None, **fields):
    from inscriptions import staff

    user = User.objects.create_user(
        f"{first_name.lower()}@enap.ca", None, first_name=first_name, last_name=last_name, **fields
    )
    staff.grant(user, TEACHING_TEAM, by=by)
    return user


@pytest.mark.django_db
def test_sharing_page_names_who_would_read_then_who_reads(writer, participant):
    import datetime

    import time_machine
    from django.utils import timezone

    from automne.french import NBSP
    from programme.tests.html_text import text

    with time_machine.travel(timezone.make_aware(datetime.datetime(2026, 9, 1, 9)), tick=False):
        _team_member("Geneviève", "Lévesque")
    _team_member("Paul", "Bédard")
    _team_member("Ancien", "Membre", is_active=False)  # an account switched off reads nothing
    User.objects.create_user("orga@enap.ca", None, first_name="Orga", is_staff=True).groups.add(
        Group.objects.get(name="Organisateurs")
    )
    page = text(writer.get("/cahier/ecole-automne-2025/partage/").content.decode(), tag="main")
    assert f"Votre cahier est privé{NBSP}: vous seul·e le lisez." in page
    assert "Qui pourra lire votre cahier Paul Bédard, dans l'équipe pédagogique depuis le " in page
    assert f"Geneviève Lévesque, dans l'équipe pédagogique depuis le mardi 1er septembre 2026 à 9{NBSP}h" in page
    assert "Ancien" not in page and "Orga" not in page
    assert "Partager avec ces personnes" in page
    writer.post("/cahier/ecole-automne-2025/partage/", {"partager": "oui"})
    page = text(writer.get("/cahier/ecole-automne-2025/partage/").content.decode(), tag="main")
    assert "Qui peut lire votre cahier Paul Bédard" in page
    assert "Arrêter le partage" in page


@pytest.mark.django_db
def test_overview_links_to_the_sharing_page(writer):
    page = writer.get("/cahier/ecole-automne-2025/").content.decode()
    assert '<a href="/cahier/ecole-automne-2025/partage/">Qui pourrait le lire, et le partager</a>' in page


@pytest.mark.django_db
def test_sharing_page_queries_constant(writer, participant, django_assert_num_queries):
    _team_member("Un", "Membre")
    # session, user (with the header's team flag), the notebook's edition, « Mes cahiers » (the menu), the
    # notebook, the readers with the date each was given the role
    with django_assert_num_queries(6):
        writer.get("/cahier/ecole-automne-2025/partage/")
    for n in range(10):
        _team_member(f"Membre{n}", f"Nom{n}")
    with django_assert_num_queries(6):
        response = writer.get("/cahier/ecole-automne-2025/partage/")
    assert len(response.context["readers"]) == 11
