import datetime

import pytest
import time_machine

from automne.user_data import export_all
from cahier.models import Comment, Notebook, Page, Prompt
from cahier.user_data import export_user_data
from cahier.writing import save_text

MOMENT = datetime.datetime(2025, 10, 21, 14, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_export_user_data_has_own_answers_and_versions_only(participant, other, cahier_structure):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(participant, prompt, "Premier", 0)
    save_text(participant, prompt, "Second", 1)
    save_text(other, prompt, "Pas à moi", 0)
    data = export_user_data(participant)
    [answer] = data["reponses"]
    assert (answer["page"], answer["zone"], answer["texte"], answer["version"]) == ("Éveil", "En moi", "Second", 2)
    assert [r["texte"] for r in answer["versions_precedentes"]] == ["Second", "Premier"]
    assert data["partage_equipe_pedagogique"] is False
    assert export_all(participant)["cahier"] == data


@pytest.mark.django_db
def test_export_has_the_sharing_date_the_comments_authors_and_the_comments_written(
    participant, other, cahier_structure
):
    page = Page.objects.get(slug="eveil")
    other.first_name, other.last_name = "Dominique", "Prof"
    other.save()
    with time_machine.travel(MOMENT, tick=False):
        Notebook.objects.create(user=participant).share()
        Comment.objects.create(owner=participant, page=page, author=other, text="Belle réflexion")
        Comment.objects.create(owner=other, page=page, author=participant, text="Écrit par moi")
    data = export_user_data(participant)
    assert data["partage_depuis"] == "2025-10-21T14:30:00+00:00"
    assert data["commentaires_recus"] == [
        {
            "page": "Éveil",
            "auteur": "Dominique Prof",
            "texte": "Belle réflexion",
            "ecrit_le": "2025-10-21T14:30:00+00:00",
        }
    ]
    assert data["commentaires_ecrits"] == [
        {"page": "Éveil", "texte": "Écrit par moi", "ecrit_le": "2025-10-21T14:30:00+00:00"}
    ]


@pytest.mark.django_db
def test_export_of_a_comment_whose_author_is_gone_says_none(participant, other, cahier_structure):
    Comment.objects.create(owner=participant, page=Page.objects.get(slug="eveil"), author=other, text="Merci")
    other.delete()
    assert [c["auteur"] for c in export_user_data(participant)["commentaires_recus"]] == [None]
