"""The teaching team's comments: per theme and per writing area, author and date on both sides, edited or
removed by their author only, one e-mail an hour at most, « N nouveaux commentaires » for the participant."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from automne.clean_input import BAD_TEXT
from automne.roles import TEACHING_TEAM
from cahier import comments
from cahier.models import COMMENT_MAX_LENGTH, Comment, Notebook, Page, Prompt
from cahier.writing import save_text
from inscriptions.models import User

NOTEBOOK = "/cahier/ecole-automne-2025/"


def team_member(email, first_name):
    user = User.objects.create_user(email, "mot de passe de l'équipe", first_name=first_name, last_name="Enseignante")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def teacher(cahier_structure):
    return team_member("prof@example.org", "Alix")


@pytest.fixture
def colleague(cahier_structure):
    return team_member("collegue@example.org", "Sacha")


@pytest.fixture
def shared(writer, participant):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(participant, prompt, "Ma réflexion partagée", 0)
    writer.post(f"{NOTEBOOK}partage/", {"partager": "oui"})
    return prompt


def comment_url(owner, page):
    return f"/cahier/equipe/{owner.pk}/commentaires/{page.pk}/"


def post_comment(client, owner, prompt, text, on_area=True):
    data = {"commentaire": text, **({"zone": prompt.pk} if on_area else {})}
    return client.post(comment_url(owner, prompt.page), data)


@pytest.mark.django_db
def test_comment_on_a_writing_area_is_shown_beside_that_answer(teacher, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Très juste, développez l'exemple.")
    comment = Comment.objects.get()
    assert (comment.page_id, comment.prompt_id) == (shared.page_id, shared.pk)
    html = writer.get(f"{NOTEBOOK}eveil/").content.decode()
    zone = html[html.index(f'id="zone-{shared.pk}"') : html.index(f'id="texte-{shared.pk}"')]
    assert "Très juste, développez l&#x27;exemple." in zone
    assert "Alix Enseignante, le" in zone


@pytest.mark.django_db
def test_comment_on_the_theme_is_above_the_writing_areas(teacher, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Un thème bien parcouru.", on_area=False)
    assert Comment.objects.get().prompt_id is None
    html = writer.get(f"{NOTEBOOK}eveil/").content.decode()
    assert html.index("Un thème bien parcouru.") < html.index('class="cahier-form"')


@pytest.mark.django_db
def test_comment_on_a_writing_area_of_another_page_is_404(teacher, participant, shared):
    _, client = teacher
    other_page = Page.objects.get(slug="regards")
    response = client.post(comment_url(participant, other_page), {"commentaire": "x", "zone": shared.pk})
    assert response.status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_team_sees_author_and_date_of_each_comment(teacher, colleague, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Premier regard.")
    html = colleague[1].get(f"/cahier/equipe/ecole-automne-2025/{participant.pk}/").content.decode()
    assert "Premier regard." in html
    assert "Alix Enseignante, le" in html
    assert "Modifier ou retirer ce commentaire" not in html  # not the colleague's comment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Le commentaire est vide : rien n&#x27;a été envoyé."),
        ("x" * (COMMENT_MAX_LENGTH + 1), "Le commentaire ne doit pas dépasser 5 000 caractères."),
    ],
)
@pytest.mark.django_db
def test_bad_comment_is_refused_in_french_keeping_the_typed_text(teacher, participant, shared, text, message):
    _, client = teacher
    response = post_comment(client, participant, shared, text)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f">{text.replace(chr(0), '')}</textarea>" in html
    assert Comment.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_comment_with_a_nul_byte_is_refused_by_the_input_rule_keeping_the_typed_text(teacher, participant, shared):
    # automne/middleware.py: one rule for every form; the refusal shows the text, NUL taken out.
    _, client = teacher
    response = post_comment(client, participant, shared, "avant\x00après")
    assert response.status_code == 400
    assert BAD_TEXT.replace("'", "&#x27;") in response.content.decode()
    assert ">avantaprès</textarea>" in response.content.decode()
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_author_edits_their_comment_and_both_sides_see_it_edited(teacher, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Première idée.")
    comment = Comment.objects.get()
    assert "Première idée." in client.get(f"/cahier/equipe/commentaires/{comment.pk}/modifier/").content.decode()
    response = client.post(f"/cahier/equipe/commentaires/{comment.pk}/modifier/", {"commentaire": "Idée revue."})
    assert response["Location"] == f"/cahier/equipe/ecole-automne-2025/{participant.pk}/#commentaire-{comment.pk}"
    comment.refresh_from_db()
    assert comment.text == "Idée revue."
    html = writer.get(f"{NOTEBOOK}eveil/").content.decode()
    assert "Idée revue." in html
    assert "(modifié le" in html


@pytest.mark.django_db
def test_empty_edit_is_refused_keeping_the_comment(teacher, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Première idée.")
    comment = Comment.objects.get()
    response = client.post(f"/cahier/equipe/commentaires/{comment.pk}/modifier/", {"commentaire": ""})
    assert response.status_code == 400
    assert "Le commentaire est vide : rien n&#x27;a été envoyé." in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "Première idée."


@pytest.mark.django_db
def test_author_removes_their_comment_leaving_commentaire_retire(teacher, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "À retirer.")
    comment = Comment.objects.get()
    client.post(f"/cahier/equipe/commentaires/{comment.pk}/retirer/")
    comment.refresh_from_db()
    assert (comment.text, comment.removed_at is not None) == ("", True)
    html = writer.get(f"{NOTEBOOK}eveil/").content.decode()
    assert "Commentaire retiré." in html
    assert "À retirer." not in html


@pytest.mark.django_db
def test_editing_or_removing_someone_elses_comment_is_404(teacher, colleague, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Le mien.")
    comment = Comment.objects.get()
    for intruder in (colleague[1], writer):
        assert intruder.get(f"/cahier/equipe/commentaires/{comment.pk}/modifier/").status_code == 404
        edit = intruder.post(f"/cahier/equipe/commentaires/{comment.pk}/modifier/", {"commentaire": "Pris"})
        assert edit.status_code == 404
        assert intruder.post(f"/cahier/equipe/commentaires/{comment.pk}/retirer/").status_code == 404
    comment.refresh_from_db()
    assert (comment.text, comment.removed_at) == ("Le mien.", None)


@pytest.mark.django_db
def test_editing_ones_comment_once_sharing_stopped_is_404(teacher, writer, participant, shared):
    _, client = teacher
    post_comment(client, participant, shared, "Le mien.")
    comment = Comment.objects.get()
    writer.post(f"{NOTEBOOK}partage/", {"partager": "non"})
    assert client.get(f"/cahier/equipe/commentaires/{comment.pk}/modifier/").status_code == 404
    assert client.post(f"/cahier/equipe/commentaires/{comment.pk}/retirer/").status_code == 404


@pytest.mark.django_db
def test_notification_email_is_queued_once_for_comments_within_the_hour(teacher, colleague, participant, shared):
    post_comment(teacher[1], participant, shared, "Un.")
    post_comment(colleague[1], participant, shared, "Deux.")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["camille@example.org"], f"Nouveau commentaire sur votre cahier — {shared.page.edition.name}")
    ]
    assert "http://127.0.0.1:8000/cahier/ecole-automne-2025/" in mail.outbox[0].body
    assert "Un." not in mail.outbox[0].body  # the comment itself stays on the site


@pytest.mark.django_db
def test_notification_email_is_sent_again_after_an_hour(teacher, participant, shared):
    post_comment(teacher[1], participant, shared, "Un.")
    Notebook.objects.filter(user=participant).update(
        comments_notified_at=timezone.now() - comments.NOTIFY_AT_MOST_EVERY - datetime.timedelta(seconds=1)
    )
    post_comment(teacher[1], participant, shared, "Deux.")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_notebook_says_how_many_new_comments_with_links_until_seen(teacher, writer, participant, shared):
    post_comment(teacher[1], participant, shared, "Un.")
    post_comment(teacher[1], participant, shared, "Deux.", on_area=False)
    first, second = Comment.objects.order_by("pk")
    html = writer.get(NOTEBOOK).content.decode()
    assert "2 nouveaux commentaires</h2>" in html
    assert f'href="/cahier/ecole-automne-2025/eveil/#commentaire-{first.pk}"' in html
    assert f'href="/cahier/ecole-automne-2025/eveil/#commentaire-{second.pk}"' in html
    writer.get(f"{NOTEBOOK}eveil/")
    assert "nouveau" not in writer.get(NOTEBOOK).content.decode().split("<main", 1)[1].split("Exporter")[0]


@pytest.mark.django_db
def test_one_new_comment_is_singular(teacher, writer, participant, shared):
    post_comment(teacher[1], participant, shared, "Un.")
    assert "1 nouveau commentaire</h2>" in writer.get(NOTEBOOK).content.decode()


@pytest.mark.django_db
def test_comment_addresses_of_an_unshared_notebook_are_404(teacher, participant, cahier_structure):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    response = post_comment(teacher[1], participant, prompt, "x")
    assert response.status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.django_db
def test_data_export_has_comments_received_with_their_area_and_removal(teacher, participant, shared):
    from cahier.user_data import export_user_data

    post_comment(teacher[1], participant, shared, "Sur la zone.")
    post_comment(teacher[1], participant, shared, "À retirer.", on_area=False)
    teacher[1].post(f"/cahier/equipe/commentaires/{Comment.objects.get(text='À retirer.').pk}/retirer/")
    received = export_user_data(participant)["cahiers"][0]["commentaires_recus"]
    assert [(c["page"], c["zone"], c["texte"], c["modifie_le"]) for c in received] == [
        (shared.page.title, "En moi", "Sur la zone.", None),
        (shared.page.title, None, "commentaire retiré", None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["²", "٣", "9" * 30, "abc", "-1", str(2**63)])
def test_comment_on_a_zone_that_is_not_an_id_is_404_and_adds_nothing(teacher, participant, shared, zone):
    _, client = teacher
    response = client.post(comment_url(participant, shared.page), {"commentaire": "Bravo", "zone": zone})
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert Comment.objects.count() == 0
    assert mail.outbox == []
