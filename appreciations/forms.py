"""The rating form's choices: a score from 1 to 5, each with its words. The values are checked by
appreciations/ratings.py (the one rule for every path); the form only shows them."""

from appreciations.models import SCORES

SCORE_WORDS = {
    1: "Très insatisfait·e",
    2: "Insatisfait·e",
    3: "Moyennement satisfait·e",
    4: "Satisfait·e",
    5: "Très satisfait·e",
}
SCORE_CHOICES = [(score, f"{score} — {SCORE_WORDS[score]}") for score in SCORES]
