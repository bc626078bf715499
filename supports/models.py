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

from programme.models import Session


class Visibility(models.TextChoices):
    PUBLIC = "public", "Tout le monde"
    PARTICIPANTS = "participants", "Les personnes inscrites à l'édition"
    TEAM = "equipe", "L'équipe pédagogique"


class FileType(models.TextChoices):
    """What the bytes of a file are (supports/files.py), never what its name says."""

    PDF = "pdf", "PDF"
    PPTX = "pptx", "PowerPoint"
    DOCX = "docx", "Word"
    XLSX = "xlsx", "Excel"
    ODP = "odp", "Présentation OpenDocument"
    ODT = "odt", "Texte OpenDocument"
    ODS = "ods", "Classeur OpenDocument"


def material_path(instance, filename):
    # A random name: the storage says nothing of the session or of who added it.
    return f"supports/{uuid.uuid4().hex}.{instance.file_type or 'bin'}"


class Material(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials", verbose_name="séance")
    title = models.CharField("titre", max_length=200, help_text="Par exemple « Diapositives de la conférence ».")
    visibility = models.CharField(
        "visible par",
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PARTICIPANTS,
        help_text="Tout le monde, les personnes inscrites à l'édition, ou l'équipe pédagogique seulement "
        "(les organisateurs et les intervenant·e·s de la séance voient tout).",
    )
    file = models.FileField("fichier", upload_to=material_path, blank=True)
    file_type = models.CharField("type", max_length=4, choices=FileType.choices, blank=True, editable=False)
    size = models.PositiveBigIntegerField("taille", default=0, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)  # SHA-256: the file's ETag
    url = models.URLField("lien", max_length=500, blank=True, help_text="Une adresse https:// ou http://.")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="added_materials",
        verbose_name="ajouté par",
        editable=False,
    )
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "support de séance"
        verbose_name_plural = "supports des séances"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="material_is_a_file_or_a_link",
                violation_error_message="Un support est un fichier ou un lien, l'un des deux.",
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
