"""Materials of a session: files (slides, documents) and links, each with a title and a visibility.

A file is kept in the database like the cahier's drawings (automne/storage.py: every application
server serves it, every backup holds it), its type read from its bytes (supports/files.py), within a
size per file and per edition (supports/materials.py). Who may see a material: supports/access.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programme.models import Session


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Tout le monde")
    PARTICIPANTS = "participants", _("Les personnes inscrites à l'édition")
    TEAM = "equipe", _("L'équipe pédagogique")


class FileType(models.TextChoices):
    """What the bytes of a file are (supports/files.py), never what its name says."""

    PDF = "pdf", _("PDF")
    PPTX = "pptx", _("PowerPoint")
    DOCX = "docx", _("Word")
    XLSX = "xlsx", _("Excel")
    ODP = "odp", _("Présentation OpenDocument")
    ODT = "odt", _("Texte OpenDocument")
    ODS = "ods", _("Classeur OpenDocument")


def material_path(instance, filename):
    # A random name: the storage says nothing of the session or of who added it.
    return f"supports/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class Material(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials", verbose_name=_("séance"))
    title = models.CharField(_("titre"), max_length=200, help_text=_("Par exemple « Diapositives de la conférence »."))
    visibility = models.CharField(
        _("visible par"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PARTICIPANTS,
        help_text=_(
            "Tout le monde, les personnes inscrites à l'édition, ou l'équipe pédagogique seulement "
            "(les organisateurs et les intervenant·e·s de la séance voient tout)."
        ),
    )
    file = models.FileField(_("fichier"), upload_to=material_path, blank=True)
    file_type = models.CharField(_("type"), max_length=4, choices=FileType.choices, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("taille"), default=0, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)  # SHA-256: the file's ETag
    url = models.URLField(_("lien"), max_length=500, blank=True, help_text=_("Une adresse https:// ou http://."))
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="added_materials",
        verbose_name=_("ajouté par"),
        editable=False,
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("support de séance")
        verbose_name_plural = _("supports des séances")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="material_is_a_file_or_a_link",
                violation_error_message=_("Un support est un fichier ou un lien, l'un des deux."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="material_has_a_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The file, served to whom its visibility allows; a link's own address."""
        if not self.is_file:
            return self.url
        return reverse("supports:file", kwargs={"edition": self.session.edition.slug, "pk": self.pk})

    @property
    def is_file(self):
        return bool(self.file)
