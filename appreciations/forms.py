"""The rating form: a score from 1 to 5 and a comment. Its values are checked by appreciations/ratings.py
(the one rule for every path); the form only shows them back."""

from appreciations.models import COMMENT_MAX_LENGTH, SCORES

SCORE_WORDS = {
    1: "Très insatisfait·e",
    2: "Insatisfait·e",
    3: "Moyennement satisfait·e",
    4: "Satisfait·e",
    5: "Très satisfait·e",
}
SCORE_CHOICES = [(score, f"{score} — {SCORE_WORDS[score]}") for score in SCORES]

__all__ = ["COMMENT_MAX_LENGTH", "SCORE_CHOICES"]
