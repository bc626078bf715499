"""The cahier réflexif: its structure (data, edited by organizers) and each participant's writing.

Structure: pages in order (opening page, introduction, drawings, five themes, closing
questions, « Merci »); a theme has one writing area (prompt) per level of reflection,
each with its guiding questions. Writing: one Answer per participant and prompt, with a
version that every save increments (saving and its conflicts: cahier/writing.py). Every
save keeps a revision. Who may read a cahier: cahier/sharing.py.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne import clean_input
from programme.models import Edition, Session

KEPT_REVISIONS = 20
CAPTION_MAX_LENGTH = 300
COMMENT_MAX_LENGTH = 5000
OTHER_EDITION_LEVEL = _("Ce niveau de réflexion appartient à une autre édition que la page.")
OTHER_EDITION_SESSIONS = _("Les séances liées doivent être des séances de l'édition de la page : {titles}.")


class Level(models.Model):
    """A level of reflection: « En moi », « Dans mes contextes », « Sur les rapports de pouvoir »."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="cahier_levels", verbose_name=_("édition")
    )
    name = models.CharField(
        _("nom"), max_length=100, help_text=_("Tel qu'affiché dans les thèmes, par exemple « En moi ».")
    )
    intro_label = models.CharField(
        _("intitulé dans l'introduction"), max_length=100, help_text=_("Par exemple « Sur vous-même ».")
    )
    intro_text = models.TextField(_("description dans l'introduction"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("niveau de réflexion")
        verbose_name_plural = _("niveaux de réflexion")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class PageQuerySet(models.QuerySet):
    def of(self, edition):
        """The pages of `edition`'s cahier (each knowing its edition, for its address)."""
        return self.filter(edition=edition).select_related("edition")

    def with_sessions(self):
        """« Séances liées » in the order of the week, in one query."""
        sessions = Session.objects.annotate(
            first_day=models.Min("occurrences__time_slot__day__date"),
            first_time=models.Min("occurrences__time_slot__starts_at"),
        ).order_by("first_day", "first_time", "title")
        return self.prefetch_related(models.Prefetch("sessions", queryset=sessions))

    def with_prompts(self):
        return self.prefetch_related(
            models.Prefetch(
                "prompts",
                queryset=Prompt.objects.select_related("level").prefetch_related("guiding_questions"),
            )
        )


class Page(models.Model):
    """A page of the cahier, in the order of the printed one. Each edition has its own pages, so
    that rewording a question for a new edition never changes the one an older answer sits under."""

    class Kind(models.TextChoices):
        WRITING = "ecriture", _("Page d'écriture")
        INTRODUCTION = "introduction", _("Introduction (niveaux de réflexion)")
        DRAWINGS = "dessins", _("Dessinez vos idées")
        THEME = "theme", _("Thème")
        CLOSING = "cloture", _("Questions de clôture")
        THANKS = "merci", _("Merci")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="cahier_pages", verbose_name=_("édition")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    subtitle = models.CharField(_("sous-titre"), max_length=300, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=80)
    introduction = models.TextField(_("introduction"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    sessions = models.ManyToManyField(Session, blank=True, related_name="cahier_pages", verbose_name=_("séances liées"))
    picks_case_study = models.BooleanField(
        _("choix d'une étude de cas"),
        default=False,
        help_text=_("Le participant choisit l'une des études de cas du programme et écrit à son sujet."),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page du cahier")
        verbose_name_plural = _("pages du cahier")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="cahier_page_slug_once_per_edition",
                violation_error_message=_("Une page du cahier a déjà cet identifiant dans cette édition."),
            )
        ]

    def __str__(self):
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title

    def get_absolute_url(self):
        return reverse("cahier:page", kwargs={"edition": self.edition.slug, "slug": self.slug})

    @property
    def is_theme(self):
        return self.kind == self.Kind.THEME

    def case_studies(self):
        """The case studies of this page's edition, in its programme, a participant can pick from."""
        return (
            Session.objects.filter(
                edition=self.edition_id,
                kind=Session.Kind.CASE_STUDY,
                occurrences__time_slot__day__edition=self.edition_id,
            )
            .distinct()
            .order_by("title")
        )

    def choose_case_study(self, user, session_id):
        """Records the case study `user` picked (by id; anything not one of case_studies() clears it)."""
        session_id = clean_input.parse_id(session_id)
        session = self.case_studies().filter(pk=session_id).first() if session_id is not None else None
        CaseStudyChoice.objects.update_or_create(user=user, page=self, defaults={"session": session})
        return session


class Prompt(models.Model):
    """A writing area: a level of a theme with its guiding questions, or a closing question.

    Answers point at it by id: editing its text keeps every answer attached.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="prompts", verbose_name=_("page"))
    level = models.ForeignKey(
        Level, on_delete=models.RESTRICT, null=True, blank=True, related_name="prompts", verbose_name=_("niveau")
    )
    label = models.TextField(
        _("intitulé"),
        blank=True,
        help_text=_(
            "Vide pour un niveau (son nom est affiché) ou la page d'écriture (son titre). "
            "Entourez de ** les mots à mettre en gras, par exemple **pour vous**."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("zone d'écriture")
        verbose_name_plural = _("zones d'écriture")
        ordering = ["page__order", "order", "pk"]

    def __str__(self):
        return f"{self.page.title} – {self.plain_heading}"

    def clean(self):
        if self.level_id and self.page_id and self.level.edition_id != self.page.edition_id:
            raise ValidationError({"level": OTHER_EDITION_LEVEL})

    @property
    def plain_heading(self):
        """The heading without its ** emphasis marks (for a PDF, a label)."""
        return self.heading.replace("**", "")

    @property
    def heading(self):
        if self.label:
            return self.label
        if self.level_id:
            return self.level.name
        return self.page.title


class GuidingQuestion(models.Model):
    prompt = models.ForeignKey(
        Prompt, on_delete=models.CASCADE, related_name="guiding_questions", verbose_name=_("zone d'écriture")
    )
    text = models.TextField(_("question"))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question guide")
        verbose_name_plural = _("questions guides")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def lines(self):
        return self.text.splitlines()


class AnswerQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)


class Answer(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cahier_answers")
    prompt = models.ForeignKey(Prompt, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    word_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse")
        constraints = [models.UniqueConstraint(fields=["user", "prompt"], name="one_answer_per_prompt")]

    def __str__(self):
        return f"Réponse {self.pk}"

    def keep_revision(self):
        AnswerRevision.objects.create(answer_id=self.pk, version=self.version, text=self.text, saved_at=self.updated_at)
        if self.version > KEPT_REVISIONS:
            # Versions go up by one at each save: the ones to forget are simply the older numbers.
            AnswerRevision.objects.filter(answer_id=self.pk, version__lte=self.version - KEPT_REVISIONS).delete()

    @property
    def is_answered(self):
        return bool(self.text.strip())


class AnswerRevision(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["answer", "version"], name="one_revision_per_version")]

    def __str__(self):
        return f"Version {self.version}"


class CaseStudyChoice(models.Model):
    """In Regards, the case study a participant picked to write about."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cahier_case_studies")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="case_study_choices")
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_case_study_per_page")]

    def __str__(self):
        return f"Étude de cas choisie ({self.page})"


class NotebookQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(shared_with_team=True)


class Notebook(models.Model):
    """A participant's cahier for one edition, and its sharing choice (private by default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notebooks")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="notebooks", verbose_name=_("édition"))
    shared_with_team = models.BooleanField(default=False)
    shared_since = models.DateTimeField(null=True, blank=True)
    comments_notified_at = models.DateTimeField(null=True, blank=True)  # the last « nouveau commentaire » e-mail

    objects = NotebookQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "edition"], name="one_notebook_per_edition")]

    def __str__(self):
        return f"Cahier de {self.user} ({self.edition})"

    def share(self):
        self.shared_with_team = True
        self.shared_since = timezone.now()
        self.save()

    def stop_sharing(self):
        self.shared_with_team = False
        self.shared_since = None
        self.save()


class CommentQuerySet(models.QuerySet):
    def unseen_by_owner(self):
        """Comments the participant has not seen yet (a removed one is no news)."""
        return self.filter(seen_at__isnull=True, removed_at__isnull=True)


class Comment(models.Model):
    """A comment of the teaching team on a theme of a shared cahier, or on one of its writing areas.

    Its author may edit it or remove it; a removed comment keeps its place and reads « commentaire retiré »."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cahier_comments")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="comments")
    prompt = models.ForeignKey(
        Prompt,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("zone d'écriture"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="cahier_comments_written"
    )
    text = models.TextField()  # At most COMMENT_MAX_LENGTH characters (cahier/forms.py).
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)  # when the participant first saw it

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Commentaire {self.pk}"

    @property
    def is_removed(self):
        return self.removed_at is not None

    @property
    def author_name(self):
        """Who wrote it, as both sides read it (« Équipe pédagogique » once the account is gone)."""
        if self.author is None:
            return gettext("Équipe pédagogique")
        return self.author.get_full_name() or self.author.email

    @property
    def anchor(self):
        return f"commentaire-{self.pk}"


class TeamReading(models.Model):
    """When a member of the teaching team last read a shared notebook: what changed since is « nouveau »."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notebook = models.ForeignKey(Notebook, on_delete=models.CASCADE, related_name="team_readings")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reader", "notebook"], name="one_reading_per_reader")]

    def __str__(self):
        return f"Lecture de {self.notebook}"


def drawing_path(instance, filename):
    # A random name: nothing about the participant in the path.
    return f"cahier/{uuid.uuid4().hex}.png" if filename.endswith(".png") else f"cahier/{uuid.uuid4().hex}.jpg"


class Drawing(models.Model):
    class Source(models.TextChoices):
        CANVAS = "dessin", _("Dessin")
        PHOTO = "photo", _("Photo d'un croquis")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cahier_drawings")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="cahier_drawings")
    image = models.FileField(upload_to=drawing_path)
    caption = models.CharField(_("légende"), max_length=CAPTION_MAX_LENGTH)
    source = models.CharField(max_length=10, choices=Source.choices)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(caption=""), name="drawing_has_caption")]

    def __str__(self):
        return self.caption

    def get_absolute_url(self):
        return reverse("cahier:drawing_image", kwargs={"pk": self.pk})

    @property
    def content_type(self):
        return "image/png" if self.image.name.endswith(".png") else "image/jpeg"
