"""The rating form's choices: a score from 1 to 5, each with its words. The values are checked by
appreciations/ratings.py (the one rule for every path); the form only shows them."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from appreciations.models import SCORES

SCORE_WORDS = {
    1: gettext_lazy("Très insatisfait·e"),
    2: gettext_lazy("Insatisfait·e"),
    3: gettext_lazy("Moyennement satisfait·e"),
    4: gettext_lazy("Satisfait·e"),
    5: gettext_lazy("Très satisfait·e"),
}
SCORE_CHOICES = [(score, format_lazy("{} — {}", score, SCORE_WORDS[score])) for score in SCORES]
