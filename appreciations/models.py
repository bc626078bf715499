"""Evaluations: each session rated by the participants who attended or chose it, and a questionnaire
about the school as a whole, once per edition.

Anonymous by construction (appreciations/anonymity.py says how, and the privacy notice and the
README say it to everyone):

- An Answer to the questionnaire holds its question and its value, nothing else: no person, no
  respondent, no other answer of the same submission, no time. Who has answered is a Respondent row,
  kept apart, only to refuse a second answer and to send the reminder; it is deleted once the
  questionnaire closes.
- A SessionRating holds its session, its score and its comment, nothing else. While the participant
  may still change it (until the edition's last day is over), a RatingAuthor row says whose it is;
  these rows are then deleted (« sealed »), and the ratings rewritten under new keys.
- Every one of these rows has a random key (appreciations/fields.py): no key tells in which order
  rows were written, and no row carries a time.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appreciations.fields import RandomIdField
from programme.models import Edition, Session

SCORES = range(1, 6)
COMMENT_MAX_LENGTH = 2000
TEXT_ANSWER_MAX_LENGTH = 5000
OPTION_MAX_LENGTH = 200
MOST_OPTIONS = 20
LOCKED = _(
    "Ce questionnaire a déjà reçu des réponses : ses questions ne changent plus (les réponses reçues "
    "perdraient leur sens). Ajoutez une note dans l'introduction au besoin."
)


class Questionnaire(models.Model):
    """« Questionnaire de fin d'école »: the questions are data, written in the admin."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="questionnaire", verbose_name=_("édition")
    )
    title = models.CharField(_("titre"), max_length=200, default="Questionnaire de fin d'école")
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(
        _("ouverture"), help_text=_("À partir de quand les participant·e·s peuvent répondre.")
    )
    closes_at = models.DateTimeField(_("fermeture"), help_text=_("Après ce moment, plus aucune réponse n'est reçue."))
    reminder_at = models.DateTimeField(
        _("rappel"),
        null=True,
        blank=True,
        help_text=_(
            "Un seul courriel, à ce moment, aux personnes inscrites qui n'ont pas encore répondu. Vide : aucun."
        ),
    )
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True, editable=False)
    # Once closed: who has answered is forgotten and the answers are rewritten (anonymity.seal_questionnaire).
    sealed_at = models.DateTimeField(_("scellé le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("questionnaire de fin d'école")
        verbose_name_plural = _("questionnaires de fin d'école")
        ordering = ["-edition__starts_on"]
        permissions = [("results_questionnaire", "Lire les résultats des évaluations")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="questionnaire_closes_after_opening",
                violation_error_message=_("La fermeture doit venir après l'ouverture."),
            ),
            models.CheckConstraint(
                condition=Q(reminder_at__isnull=True)
                | (Q(reminder_at__gt=models.F("opens_at")) & Q(reminder_at__lt=models.F("closes_at"))),
                name="questionnaire_reminder_while_open",
                violation_error_message=_("Le rappel doit partir pendant que le questionnaire est ouvert."),
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.edition}"

    def is_open(self, moment):
        return self.opens_at <= moment < self.closes_at


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "echelle", _("Échelle de 1 à 5")
        SINGLE = "choix_unique", _("Un seul choix")
        MULTIPLE = "choix_multiples", _("Plusieurs choix")
        TEXT = "texte", _("Texte libre")

    CHOICES = (Kind.SINGLE, Kind.MULTIPLE)

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", verbose_name=_("questionnaire")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("précision"), max_length=300, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=False)
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("Une option par ligne, pour « un seul choix » et « plusieurs choix »."),
    )
    low_label = models.CharField(
        _("sens de 1"), max_length=60, blank=True, default="Pas du tout satisfait·e", help_text=_("Pour une échelle.")
    )
    high_label = models.CharField(
        _("sens de 5"), max_length=60, blank=True, default="Très satisfait·e", help_text=_("Pour une échelle.")
    )

    class Meta:
        verbose_name = _("question")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def has_options(self):
        return self.kind in self.CHOICES

    def clean(self):
        options = self.option_list
        if self.has_options:
            if len(options) < 2:
                raise ValidationError({"options": _("Donnez au moins deux options, une par ligne.")})
            if len(options) > MOST_OPTIONS:
                raise ValidationError({"options": gettext("Au plus %(count)s options.") % {"count": MOST_OPTIONS}})
            if any(len(option) > OPTION_MAX_LENGTH for option in options):
                raise ValidationError(
                    {
                        "options": gettext("Une option tient en %(count)s caractères au plus.")
                        % {"count": OPTION_MAX_LENGTH}
                    }
                )
            if len(set(options)) != len(options):
                raise ValidationError({"options": _("Deux options ont le même texte.")})
        elif options:
            raise ValidationError({"options": _("Seules les questions à choix ont des options.")})
        if self.questionnaire_id and Answer.objects.filter(question__questionnaire=self.questionnaire_id).exists():
            raise ValidationError(LOCKED)


class Respondent(models.Model):
    """Who has answered a questionnaire: kept apart from the answers, with no link to them and no
    time, only to refuse a second answer and to remind the others; deleted once the questionnaire
    closes."""

    id = RandomIdField()
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["questionnaire", "user"], name="one_answer_per_person")]

    def __str__(self):
        return "A répondu"


class Answer(models.Model):
    """One answer to one question, by nobody: its question and its value only."""

    id = RandomIdField()
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True)  # a scale's 1 to 5, or the index of the one option chosen
    options = models.JSONField(default=list)  # the indexes of the options chosen (« plusieurs choix »)
    text = models.TextField(blank=True)

    def __str__(self):
        return "Réponse"


class SessionRating(models.Model):
    """A session rated 1 to 5, with a comment or not: its session and its words only."""

    id = RandomIdField()
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_from_1_to_5")]

    def __str__(self):
        return f"{self.score} sur 5"


class RatingAuthor(models.Model):
    """Whose rating it is, only while they may change it (until the edition's end); deleted then."""

    id = RandomIdField()
    rating = models.OneToOneField(SessionRating, on_delete=models.CASCADE, related_name="author")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="one_rating_per_person_and_session")]

    def __str__(self):
        return "Auteur·e d'une appréciation"


class RatingSeal(models.Model):
    """An edition whose ratings are sealed: their authors forgotten, the ratings rewritten."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="rating_seal")
    sealed_at = models.DateTimeField()

    def __str__(self):
        return f"Appréciations scellées — {self.edition}"
