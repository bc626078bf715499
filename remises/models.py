"""The cahier handed in and assessed (issue 21): per edition, the hand-in's rules (dates, who, statement,
team, grading), the grade scale and the rubric, as data; per participant, each hand-in as a fixed copy, the
extensions, the assessment and each of its publications.

The rules live in the domain modules: handing_in.py (hand in, withdraw, deadlines, extensions), grading.py
(the grading form, the workflow, publication), team.py (who of the teaching team reaches what).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne.french import NBSP
from automne.roles import TEACHING_TEAM
from programme.models import Edition

DEFAULT_STATEMENT = (
    "Je confirme que ce cahier est mon travail personnel, que j'en ai écrit chaque réponse moi-même et que "
    f"j'ai indiqué la source de toute idée ou citation empruntée. Je remets ce cahier pour l'évaluation du cours{NBSP}; "
    "la copie remise ne changera plus."
)
FEEDBACK_MAX_LENGTH = 10_000


def points_label(value):
    """Points as French writes them: « 10 », « 2,5 »."""
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


REASON_MAX_LENGTH = 1000


class Assignment(models.Model):
    """The hand-in of an edition's cahier: its dates (Montréal time), who hands in, the statement, the team
    that assesses it and how (a rubric or a holistic grade). One per edition at most; none: no hand-in."""

    class Grading(models.TextChoices):
        RUBRIC = "grille", _("Grille d'évaluation (critères et niveaux)")
        HOLISTIC = "globale", _("Note globale")

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="assignment", verbose_name=_("édition")
    )
    due_at = models.DateTimeField(
        _("date de remise"),
        help_text=_("Heure de Montréal. Jusque-là, la personne peut retirer sa remise et remettre de nouveau."),
    )
    cutoff_at = models.DateTimeField(
        _("date limite"),
        help_text=_(
            "Heure de Montréal. Entre la date de remise et celle-ci, une remise est « en retard » ; "
            "après, aucune remise n'est acceptée (sauf prolongation)."
        ),
    )
    attestation_may_hand_in = models.BooleanField(
        _("remise possible pour l'attestation"),
        default=False,
        help_text=_(
            "Les participant·e·s inscrit·e·s pour l'attestation peuvent remettre leur cahier pour recevoir "
            "une rétroaction, sans note."
        ),
    )
    statement = models.TextField(
        _("déclaration"), default=DEFAULT_STATEMENT, help_text=_("Ce que la personne accepte en remettant son cahier.")
    )
    grading = models.CharField(_("évaluation"), max_length=10, choices=Grading.choices, default=Grading.RUBRIC)
    anonymous = models.BooleanField(
        _("évaluation anonyme"),
        default=False,
        help_text=_(
            "Les noms sont cachés à l'équipe pédagogique jusqu'à la publication de chaque évaluation. "
            "Ne peut plus changer une fois un cahier remis."
        ),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assignments_to_grade",
        limit_choices_to={"groups__name": TEACHING_TEAM},
        verbose_name=_("équipe pédagogique de l'édition"),
        help_text=_("Seules ces personnes voient les remises de cette édition et les évaluent."),
    )

    class Meta:
        verbose_name = _("remise du cahier")
        verbose_name_plural = _("remises du cahier")
        ordering = ["-edition__starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cutoff_at__gte=F("due_at")),
                name="assignment_cutoff_after_due",
                violation_error_message=_("La date limite doit être la date de remise ou après."),
            )
        ]

    def __str__(self):
        return gettext("Remise du cahier — %(edition)s") % {"edition": self.edition}

    def clean(self):
        if self.due_at and self.cutoff_at and self.cutoff_at < self.due_at:
            raise ValidationError({"cutoff_at": _("La date limite doit être la date de remise ou après.")})
        if self.pk:
            before = Assignment.objects.filter(pk=self.pk).values("anonymous", "grading").first()
            if before is not None and before["anonymous"] != self.anonymous and self.hand_ins.exists():
                raise ValidationError(
                    {"anonymous": _("Des cahiers ont déjà été remis : l'évaluation anonyme ne peut plus changer.")}
                )
            started = self.assessments.exclude(state=Assessment.State.TO_GRADE).exists()
            if before is not None and before["grading"] != self.grading and started:
                raise ValidationError(
                    {"grading": _("Des évaluations ont commencé : la façon d'évaluer ne peut plus changer.")}
                )

    def opens_at(self):
        """Handing in opens on the edition's first day: the cahier is written during the school and after."""
        return self.edition.starts_at()

    @property
    def uses_rubric(self):
        return self.grading == self.Grading.RUBRIC


class GradeBand(models.Model):
    """A grade of the edition's scale (« A+ », « Succès ») and the rule from points to it: the grade of
    a rubric's total is the band with the highest minimum that the percentage reaches."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="bands", verbose_name=_("remise"))
    label = models.CharField(_("note"), max_length=20)
    min_percent = models.DecimalField(
        _("à partir de (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_(
            "Pourcentage des points de la grille à partir duquel cette note est donnée (0 pour la plus basse)."
        ),
    )

    class Meta:
        verbose_name = _("note de l'échelle")
        verbose_name_plural = _("échelle de notes")
        ordering = ["-min_percent", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "label"],
                name="grade_band_label_once",
                violation_error_message=_("Cette note est déjà dans l'échelle."),
            ),
            models.UniqueConstraint(
                fields=["assignment", "min_percent"],
                name="grade_band_threshold_once",
                violation_error_message=_("Deux notes de l'échelle ont le même seuil."),
            ),
        ]

    def __str__(self):
        return self.label


class Criterion(models.Model):
    """A criterion of the edition's rubric."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("remise")
    )
    title = models.CharField(_("critère"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère de la grille")
        verbose_name_plural = _("critères de la grille")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class CriterionLevel(models.Model):
    """A level of a criterion, described, with its points."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("critère"))
    title = models.CharField(_("niveau"), max_length=100)
    description = models.TextField(_("description"))
    points = models.DecimalField(
        _("points"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal(0))]
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("niveau du critère")
        verbose_name_plural = _("niveaux du critère")
        ordering = ["order", "points", "pk"]

    def __str__(self):
        points = points_label(self.points)
        return f"{self.title} ({points}{NBSP}point{'s' if self.points >= 2 else ''})"


class Extension(models.Model):
    """A participant's own due date, given by the teaching team: kept with who, when and why. The newest
    one counts; the earlier ones stay, as the history."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("remise")
    )
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="extensions")
    until = models.DateTimeField(_("nouvelle date de remise"))
    reason = models.TextField(_("motif"), max_length=REASON_MAX_LENGTH)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="extensions_granted"
    )
    granted_at = models.DateTimeField(_("accordée le"))

    class Meta:
        verbose_name = _("prolongation")
        ordering = ["-granted_at", "-pk"]

    def __str__(self):
        return f"Prolongation {self.pk}"


class HandInQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class HandIn(models.Model):
    """One hand-in: the cahier as it was at that second, fixed (pages, answers, drawings, and the PDF that is
    graded, with its SHA-256). Withdrawn ones stay, marked; at most one is not withdrawn."""

    # PROTECT: deleting an edition's hand-in rules in the admin never takes the cahiers handed in with them.
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="hand_ins")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hand_ins")
    number = models.PositiveSmallIntegerField()  # 1, 2, … for this participant and assignment
    handed_in_at = models.DateTimeField()
    due_at = models.DateTimeField()  # the participant's due date at that moment (an extension included)
    is_late = models.BooleanField(default=False)
    for_credit = models.BooleanField(default=True)  # False: an attestation's hand-in, for feedback only
    statement = models.TextField()  # the words accepted
    words = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = HandInQuerySet.as_manager()

    class Meta:
        ordering = ["handed_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "participant"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_active_hand_in",
            ),
            models.UniqueConstraint(fields=["assignment", "participant", "number"], name="hand_in_number_once"),
        ]

    def __str__(self):
        return f"Remise {self.number}"

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class HandInPage(models.Model):
    """A page of the cahier as handed in."""

    hand_in = models.ForeignKey(HandIn, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=20)
    is_theme = models.BooleanField(default=False)
    case_study = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.title


class HandInAnswer(models.Model):
    """A writing area as handed in: its heading and guiding questions as worded then, and the answer."""

    page = models.ForeignKey(HandInPage, on_delete=models.CASCADE, related_name="answers")
    heading = models.TextField()
    questions = models.JSONField(default=list)
    text = models.TextField(blank=True)
    words = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.heading

    @property
    def is_answered(self):
        return bool(self.text.strip())


class HandInDrawing(models.Model):
    """A drawing as handed in: a copy of its bytes, so that deleting it from the cahier leaves the hand-in whole."""

    hand_in = models.ForeignKey(HandIn, on_delete=models.CASCADE, related_name="drawings")
    caption = models.CharField(max_length=300)
    content = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.caption


class Assessment(models.Model):
    """The assessment of a participant's cahier (« évaluation du cahier »), of their current hand-in: the
    grading form's values, its state in the workflow, its readers. The participant never sees it: they see
    its publications."""

    class State(models.TextChoices):
        TO_GRADE = "a_evaluer", _("À évaluer")
        IN_PROGRESS = "en_cours", _("En cours")
        READY = "pret", _("Prêt")
        PUBLISHED = "publie", _("Publié")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="assessments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cahier_assessments"
    )
    hand_in = models.OneToOneField(
        HandIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessment"
    )  # None once withdrawn, until the next hand-in
    alias = models.PositiveIntegerField()  # « Participant·e n° 4821 » under anonymous grading
    state = models.CharField(max_length=10, choices=State.choices, default=State.TO_GRADE)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    second_reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    second_read_at = models.DateTimeField(null=True, blank=True)
    grade = models.ForeignKey(GradeBand, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    points = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    feedback = models.TextField(blank=True)
    change_reason = models.TextField(
        blank=True
    )  # why a published assessment was reopened: its next publication says it
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("évaluation du cahier")
        verbose_name_plural = _("évaluations du cahier")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "participant"], name="one_assessment_per_participant"),
            models.UniqueConstraint(fields=["assignment", "alias"], name="assessment_alias_once"),
        ]

    def __str__(self):
        return f"Évaluation {self.pk}"


class CriterionScore(models.Model):
    """The level chosen for a criterion, and the feedback on it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(CriterionLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    feedback = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"Critère {self.criterion_id}"


class Publication(models.Model):
    """What the participant sees: the assessment as published, kept word for word. A change after
    publication is a new publication, with its reason; the earlier ones stay, as the history."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="publications")
    hand_in = models.ForeignKey(HandIn, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    grade = models.CharField(max_length=20, blank=True)  # empty: feedback only (an attestation's hand-in)
    points = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    rubric = models.JSONField(
        default=list
    )  # [{critere, description, niveau, description_niveau, points, max, commentaire}]
    feedback = models.TextField(blank=True)
    reason = models.TextField(blank=True)  # why a published grade was changed

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self):
        return f"Publication {self.pk}"


class Reminder(models.Model):
    """A reminder e-mail sent to a participant who had not handed in: each kind once."""

    class Kind(models.TextChoices):
        WEEK = "7j", _("7 jours avant")
        DAY = "1j", _("1 jour avant")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "participant", "kind"], name="one_reminder_of_a_kind")
        ]

    def __str__(self):
        return f"Rappel {self.kind}"
