"""Versions to the second with their word count, and a word-level comparison with the current text."""

import datetime

import pytest
from django.utils import timezone

from cahier.comparing import Piece, word_diff
from cahier.models import AnswerRevision, Prompt
from cahier.writing import save_text


def test_word_diff_is_exact():
    assert word_diff("Le chat dort sur le tapis.", "Le chien dort sous le tapis.\nFin") == [
        Piece("same", "Le "),
        Piece("removed", "chat"),
        Piece("added", "chien"),
        Piece("same", " dort "),
        Piece("removed", "sur"),
        Piece("added", "sous"),
        Piece("same", " le tapis."),
        Piece("added", "\nFin"),
    ]


def test_word_diff_of_identical_texts_is_one_same_piece():
    assert word_diff("Rien ne change", "Rien ne change") == [Piece("same", "Rien ne change")]


def test_word_diff_from_empty_is_all_added():
    assert word_diff("", "Premier jet") == [Piece("added", "Premier jet")]


@pytest.fixture
def answered(writer, participant):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    save_text(participant, prompt, "Une idée simple", 0)
    save_text(participant, prompt, "Une idée plus riche", 1)
    return prompt


@pytest.mark.django_db
def test_compare_page_shows_removed_and_added_words(writer, answered):
    html = writer.get(f"/cahier/reponses/{answered.pk}/versions/1/comparer/").content.decode()
    assert (
        'Une idée <del><span class="visually-hidden">[retiré&nbsp;: </span>simple<span class="visually-hidden">]'
        '</span></del><ins><span class="visually-hidden">[ajouté&nbsp;: </span>plus riche'
        '<span class="visually-hidden">]</span></ins>'
    ) in html


@pytest.mark.django_db
def test_compare_with_an_unknown_version_is_404(writer, answered):
    assert writer.get(f"/cahier/reponses/{answered.pk}/versions/99/comparer/").status_code == 404


@pytest.mark.django_db
def test_compare_someone_elses_answer_is_404(client, other, answered):
    client.force_login(other)
    assert client.get(f"/cahier/reponses/{answered.pk}/versions/1/comparer/").status_code == 404


@pytest.mark.django_db
def test_versions_show_the_second_and_the_word_count(writer, answered):
    moment = timezone.make_aware(datetime.datetime(2025, 10, 21, 14, 32, 5))
    AnswerRevision.objects.filter(version=1).update(saved_at=moment)
    html = writer.get(f"/cahier/reponses/{answered.pk}/versions/").content.decode()
    assert "mardi 21 octobre 2025 à 14\xa0h\xa032\xa0min\xa005\xa0s · 3 mots" in html
    assert "· 4 mots" in html
    assert f'href="/cahier/reponses/{answered.pk}/versions/1/comparer/"' in html
