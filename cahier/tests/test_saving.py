"""Never lose a word: versions, conflicts, revisions, and the « Enregistrer » button without JavaScript."""

import pytest
from django.contrib.messages import get_messages

from automne.french import NBSP
from cahier.models import KEPT_REVISIONS, Answer, AnswerRevision, Prompt
from cahier.writing import MAX_ANSWER_LENGTH, TooLong, save_text


@pytest.fixture
def prompt(cahier_structure):
    return Prompt.objects.get(page__slug="eveil", level__order=1)


@pytest.mark.django_db
def test_save_text_first_save_creates_version_1_and_a_revision(participant, prompt):
    result = save_text(participant, prompt, "Premier jet", 0)
    assert (result.saved, result.conflict, result.answer.version, result.answer.text) == (True, False, 1, "Premier jet")
    assert list(AnswerRevision.objects.values_list("version", "text")) == [(1, "Premier jet")]


@pytest.mark.django_db
def test_save_text_on_current_version_increments_it(participant, prompt):
    save_text(participant, prompt, "Un", 0)
    result = save_text(participant, prompt, "Un deux", 1)
    assert (result.saved, result.answer.version, result.answer.word_count) == (True, 2, 2)


@pytest.mark.django_db
def test_save_text_on_stale_version_is_a_conflict_and_overwrites_nothing(participant, prompt):
    save_text(participant, prompt, "Écrit sur le portable", 0)
    save_text(participant, prompt, "Écrit sur le portable, puis sur le téléphone", 1)
    result = save_text(participant, prompt, "Écrit sur le portable, autre onglet", 1)
    assert (result.saved, result.conflict) == (False, True)
    assert (result.answer.text, result.answer.version) == ("Écrit sur le portable, puis sur le téléphone", 2)
    assert Answer.objects.get().text == "Écrit sur le portable, puis sur le téléphone"


@pytest.mark.django_db
def test_save_text_first_save_from_two_tabs_is_a_conflict(participant, prompt):
    save_text(participant, prompt, "Onglet A", 0)
    result = save_text(participant, prompt, "Onglet B", 0)
    assert result.conflict is True
    assert Answer.objects.get().text == "Onglet A"


@pytest.mark.django_db
def test_save_text_retry_of_the_same_text_is_not_a_conflict(participant, prompt):
    save_text(participant, prompt, "Même texte", 0)
    result = save_text(participant, prompt, "Même texte", 0)
    assert (result.saved, result.conflict, result.answer.version) == (False, False, 1)


@pytest.mark.django_db
def test_save_text_over_the_limit_is_refused(participant, prompt):
    with pytest.raises(TooLong):
        save_text(participant, prompt, "x" * (MAX_ANSWER_LENGTH + 1), 0)
    assert Answer.objects.count() == 0
    assert save_text(participant, prompt, "x" * MAX_ANSWER_LENGTH, 0).saved is True


@pytest.mark.django_db
def test_revisions_keep_the_last_twenty(participant, prompt):
    for version in range(30):
        save_text(participant, prompt, f"Texte {version + 1}", version)
    versions = list(AnswerRevision.objects.values_list("version", flat=True))
    assert versions == list(range(30, 30 - KEPT_REVISIONS, -1))


@pytest.mark.django_db
def test_answers_are_deleted_with_the_account(participant, prompt):
    save_text(participant, prompt, "À effacer avec le compte", 0)
    participant.delete()
    assert (Answer.objects.count(), AnswerRevision.objects.count()) == (0, 0)


# Without JavaScript: the form and its « Enregistrer » button.


@pytest.mark.django_db
def test_page_post_saves_and_redirects_with_the_time(writer, prompt):
    response = writer.post(
        "/cahier/ecole-automne-2025/eveil/",
        {f"texte-{prompt.pk}": "Une idée\r\nsur deux lignes", f"version-{prompt.pk}": "0"},
    )
    assert (response.status_code, response["Location"]) == (302, "/cahier/ecole-automne-2025/eveil/")
    assert Answer.objects.get().text == "Une idée\nsur deux lignes"
    [message] = list(get_messages(response.wsgi_request))
    assert str(message).startswith("Enregistré à ")


@pytest.mark.django_db
def test_page_shows_saved_text_and_version(writer, prompt):
    writer.post(
        "/cahier/ecole-automne-2025/eveil/",
        {f"texte-{prompt.pk}": "\nCommence par une ligne vide", f"version-{prompt.pk}": "0"},
    )
    html = writer.get("/cahier/ecole-automne-2025/eveil/").content.decode()
    # The newline after <textarea> is eaten by HTML parsers, so the text's own leading newline survives.
    assert f'name="texte-{prompt.pk}" rows="8"' in html
    assert ">\n\nCommence par une ligne vide</textarea>" in html
    assert f'name="version-{prompt.pk}" value="1"' in html


@pytest.mark.django_db
def test_page_post_stale_version_shows_both_texts_with_409(writer, participant, prompt):
    save_text(participant, prompt, "Texte du téléphone", 0)
    response = writer.post(
        "/cahier/ecole-automne-2025/eveil/", {f"texte-{prompt.pk}": "Texte du portable", f"version-{prompt.pk}": "0"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Texte du téléphone" in html
    assert ">\nTexte du portable</textarea>" in html
    assert f'name="version-{prompt.pk}" value="1"' in html
    assert Answer.objects.get().text == "Texte du téléphone"


@pytest.mark.django_db
def test_conflict_page_resolution_saves_the_merged_text(writer, participant, prompt):
    save_text(participant, prompt, "Texte du téléphone", 0)
    merged = "Texte du portable\n\nTexte du téléphone"
    response = writer.post(
        "/cahier/ecole-automne-2025/eveil/", {f"texte-{prompt.pk}": merged, f"version-{prompt.pk}": "1"}
    )
    assert response.status_code == 302
    assert (Answer.objects.get().text, Answer.objects.get().version) == (merged, 2)


@pytest.mark.django_db
def test_page_post_too_long_keeps_the_text_in_the_page(writer, prompt):
    text = "mot " * 5001
    response = writer.post(
        "/cahier/ecole-automne-2025/eveil/", {f"texte-{prompt.pk}": text, f"version-{prompt.pk}": "0"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Ce texte dépasse 20{NBSP}000 caractères" in html
    assert text in html
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_page_post_missing_version_keeps_text_and_says_so(writer, prompt):
    response = writer.post(
        "/cahier/ecole-automne-2025/eveil/", {f"texte-{prompt.pk}": "Sans version", f"version-{prompt.pk}": "abc"}
    )
    assert response.status_code == 400
    assert "Sans version</textarea>" in response.content.decode()
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_page_shows_html_as_text(writer, participant, prompt):
    save_text(participant, prompt, "<script>alert(1)</script><b>gras</b>", 0)
    html = writer.get("/cahier/ecole-automne-2025/eveil/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;gras&lt;/b&gt;</textarea>" in html
    assert "<script>alert(1)" not in html
    printed = writer.get("/cahier/ecole-automne-2025/imprimer/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in printed
    assert "<script>alert(1)" not in printed


@pytest.mark.django_db
def test_revisions_page_lists_versions_and_restore_is_a_new_save(writer, participant, prompt):
    for version, text in enumerate(["Version un", "Version deux", "Version trois"]):
        save_text(participant, prompt, text, version)
    html = writer.get(f"/cahier/reponses/{prompt.pk}/versions/").content.decode()
    assert ["Version un" in html, "Version deux" in html, "Version trois" in html] == [True, True, True]
    response = writer.post(f"/cahier/reponses/{prompt.pk}/versions/1/restaurer/")
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.text, answer.version) == ("Version un", 4)
    assert list(answer.revisions.values_list("version", "text"))[:2] == [(4, "Version un"), (3, "Version trois")]


@pytest.mark.django_db
def test_restore_of_unknown_version_is_404(writer, participant, prompt):
    save_text(participant, prompt, "Un", 0)
    assert writer.post(f"/cahier/reponses/{prompt.pk}/versions/99/restaurer/").status_code == 404
    assert writer.get(f"/cahier/reponses/{prompt.pk}/versions/1/restaurer/").status_code == 405


@pytest.mark.django_db
def test_save_text_update_records_the_time_and_words(participant, prompt):
    import datetime

    import time_machine
    from django.utils import timezone

    save_text(participant, prompt, "Un", 0)
    moment = timezone.make_aware(datetime.datetime(2025, 10, 22, 9, 5))
    with time_machine.travel(moment, tick=False):
        result = save_text(participant, prompt, "Un deux trois", 1)
    stored = Answer.objects.get()
    assert (stored.updated_at, stored.word_count, stored.version) == (moment, 3, 2)
    assert result.answer.updated_at == moment
    assert stored.revisions.get(version=2).saved_at == moment
