"""Versions to the second with their word count, and a word-level comparison with the current text."""

import datetime
import random
import string
import time

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from cahier.comparing import TOKENS, Piece, compare, word_diff
from cahier.models import AnswerRevision, Prompt
from cahier.writing import MAX_ANSWER_LENGTH, save_text


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


# Bounded work on any two versions (audit F2; issue 25).


def tokens(text):
    return TOKENS.findall(text)


def lcs_length(before, after):
    previous = [0] * (len(after) + 1)
    for token in before:
        current = [0]
        for j, other in enumerate(after):
            current.append(previous[j] + 1 if token == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def kept_tokens(comparison):
    return sum(len(tokens(piece.text)) for piece in comparison.pieces if piece.kind == "same")


PROSE_WORDS = ["le", "la", "des", "citoyens", "co-production", "services", "publics", "et", "avec", "pour"]
SOME_TEXT = st.text(max_size=MAX_ANSWER_LENGTH) | st.lists(
    st.sampled_from([*PROSE_WORDS, " ", "\n", "  "]), max_size=4000
).map("".join)


@given(SOME_TEXT, SOME_TEXT)
@settings(max_examples=150)
def test_the_pieces_give_back_both_versions_exactly(older, current):
    comparison = compare(older, current)
    assert "".join(p.text for p in comparison.pieces if p.kind != "added") == older
    assert "".join(p.text for p in comparison.pieces if p.kind != "removed") == current
    assert all(piece.text for piece in comparison.pieces)
    kinds = [piece.kind for piece in comparison.pieces]
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))  # neighbours of one kind are joined
    assert "added" not in [b for a, b in zip(kinds, kinds[1:], strict=False) if a == "added"]


@given(st.lists(st.sampled_from(PROSE_WORDS), max_size=60), st.lists(st.sampled_from(PROSE_WORDS), max_size=60))
def test_short_versions_keep_the_longest_common_run_of_words(before, after):
    older, current = " ".join(before), " ".join(after)
    comparison = compare(older, current)
    assert not comparison.partial
    assert kept_tokens(comparison) == lcs_length(tokens(older), tokens(current))


def prose(words, seed):
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9))) for _ in range(800)]
    return [rng.choice(vocabulary) for _ in range(words)], vocabulary, rng


def test_plausible_prose_with_a_tenth_edited_is_compared_word_by_word():
    words, vocabulary, rng = prose(3300, seed=1)
    edited = list(words)
    for index in rng.sample(range(len(edited)), 330):
        edited[index] = rng.choice(vocabulary)
    older, current = " ".join(words)[:MAX_ANSWER_LENGTH], " ".join(edited)[:MAX_ANSWER_LENGTH]
    comparison = compare(older, current)
    assert not comparison.partial
    assert kept_tokens(comparison) >= 0.85 * len(tokens(older))


# Not a speed measurement (bench/adversarial.py measures under gunicorn): a guard, with two orders of magnitude of
# headroom, against a return of the quadratic diff (difflib: 8.4 s on the first, more than 30 s on the second).
@pytest.mark.parametrize(
    "older,current",
    [
        pytest.param(*(" ".join(prose(3300, seed)[0]) for seed in (1, 2)), id="two-3300-word-versions"),
        pytest.param(("ab " * 6600)[:MAX_ANSWER_LENGTH], ("ba " * 6600)[:MAX_ANSWER_LENGTH], id="6600-words"),
        pytest.param(" x" * 10_000, "x " * 10_000, id="shifted-spaces"),
    ],
)
def test_comparing_the_longest_versions_allowed_is_bounded(older, current):
    start = time.process_time()
    comparison = compare(older, current)
    assert time.process_time() - start < 2
    assert comparison.partial


@pytest.mark.django_db
def test_compare_page_says_when_it_compared_only_part(writer, participant):
    prompt = Prompt.objects.get(page__slug="eveil", level__order=1)
    for version, seed in enumerate((3, 4)):
        save_text(participant, prompt, " ".join(prose(3300, seed)[0])[:MAX_ANSWER_LENGTH], version)
    html = writer.get(f"/cahier/reponses/{prompt.pk}/versions/1/comparer/").content.decode()
    assert (
        '<p class="message message--warning" id="comparaison-partielle">Comparaison partielle&nbsp;: ces deux '
        "versions sont longues et très différentes. Certains passages sont montrés en bloc, retirés puis ajoutés, "
        "sans le détail mot à mot.</p>"
    ) in html


@pytest.mark.django_db
def test_compare_page_of_close_versions_does_not_say_partial(writer, answered):
    html = writer.get(f"/cahier/reponses/{answered.pk}/versions/1/comparer/").content.decode()
    assert "comparaison-partielle" not in html
