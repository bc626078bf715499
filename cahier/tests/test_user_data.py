import pytest

from automne.user_data import export_all
from cahier.models import Prompt
from cahier.user_data import export_user_data
from cahier.writing import save_text


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
