import datetime

import pytest
import time_machine

from automne.user_data import export_all
from cahier.models import Comment, Notebook, Page, Prompt
from cahier.user_data import export_user_data
from cahier.writing import save_text
from inscriptions.tests.factories import make_registration

MOMENT = datetime.datetime(2025, 10, 21, 14, 30, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_export_user_data_has_own_answers_and_versions_only(participant, other, cahier_structure):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(participant, prompt, "Premier", 0)
    save_text(participant, prompt, "Second", 1)
    save_text(other, prompt, "Pas à moi", 0)
    data = export_user_data(participant)
    [notebook] = data["cahiers"]
    assert (notebook["edition_identifiant"], notebook["partage_equipe_pedagogique"]) == ("ecole-automne-2025", False)
    [answer] = notebook["reponses"]
    assert (answer["page"], answer["zone"], answer["texte"], answer["version"]) == ("Éveil", "En moi", "Second", 2)
    assert [r["texte"] for r in answer["versions_precedentes"]] == ["Second", "Premier"]
    assert answer["questions_guides"] == [q.text for q in prompt.guiding_questions.all()]
    assert export_all(participant)["cahier"] == data


@pytest.mark.django_db
def test_export_user_data_has_every_notebook_with_its_edition(participant, edition_2025, edition_2026):
    make_registration(edition_2026, participant)
    question = Prompt.objects.get(page__edition=edition_2025, page__slug="eveil", level__order=1)
    save_text(participant, question, "Écrit en 2025", 0)
    Notebook.objects.create(user=participant, edition=edition_2025).share()
    notebooks = export_user_data(participant)["cahiers"]
    assert [(n["edition_identifiant"], n["dates"], n["partage_equipe_pedagogique"]) for n in notebooks] == [
        ("ecole-automne-2026", "du lundi 19 octobre 2026 au vendredi 23 octobre 2026", False),
        ("ecole-automne-2025", "du lundi 20 octobre 2025 au vendredi 24 octobre 2025", True),
    ]
    assert [[a["texte"] for a in n["reponses"]] for n in notebooks] == [[], ["Écrit en 2025"]]


@pytest.mark.django_db
def test_export_has_the_sharing_date_the_comments_authors_and_the_comments_written(
    participant, other, cahier_structure
):
    page = Page.objects.get(edition__slug="ecole-automne-2025", slug="eveil")
    other.first_name, other.last_name = "Dominique", "Prof"
    other.save()
    with time_machine.travel(MOMENT, tick=False):
        Notebook.objects.create(user=participant, edition=page.edition).share()
        Comment.objects.create(owner=participant, page=page, author=other, text="Belle réflexion")
        Comment.objects.create(owner=other, page=page, author=participant, text="Écrit par moi")
    data = export_user_data(participant)
    (notebook,) = data["cahiers"]
    assert notebook["partage_depuis"] == "2025-10-21T14:30:00+00:00"
    assert notebook["commentaires_recus"] == [
        {
            "page": "Éveil",
            "zone": None,
            "auteur": "Dominique Prof",
            "texte": "Belle réflexion",
            "ecrit_le": "2025-10-21T14:30:00+00:00",
            "modifie_le": None,
        }
    ]
    assert data["commentaires_ecrits"] == [
        {"page": "Éveil", "texte": "Écrit par moi", "ecrit_le": "2025-10-21T14:30:00+00:00"}
    ]


@pytest.mark.django_db
def test_export_of_a_comment_whose_author_is_gone_says_none(participant, other, cahier_structure):
    page = Page.objects.get(edition__slug="ecole-automne-2025", slug="eveil")
    Comment.objects.create(owner=participant, page=page, author=other, text="Merci")
    other.delete()
    (notebook,) = export_user_data(participant)["cahiers"]
    assert [c["auteur"] for c in notebook["commentaires_recus"]] == [None]
