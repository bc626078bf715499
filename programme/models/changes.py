"""What changed in an edition's programme: its version stamp and the change log (programme/publication.py)."""

import datetime

from django.db import models
from django.utils import timezone

from programme.models.editions import Edition
from programme.models.week import Session
from programme.querysets import ProgrammeChangeQuerySet


class ProgrammeStamp(models.Model):
    """One row per edition: when its programme last changed, whatever changed (a save or a
    deletion of any of its programme models), advanced by publication.programme_changed. Its
    public pages take their ETag, Last-Modified and cache key from it; it lives in the database
    so that every server process sees the same version, and a save in one edition leaves every
    other edition's pages as they were."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="programme_stamp", verbose_name="édition"
    )
    revision = models.PositiveBigIntegerField("révision", default=0)
    changed_at = models.DateTimeField("modifié le")

    class Meta:
        verbose_name = "version du programme"
        verbose_name_plural = "versions du programme"

    def __str__(self):
        return f"Révision {self.revision}"


class ProgrammeChange(models.Model):
    """What moved in a session, for the "Dernières modifications" page (written by publication.log_change)."""

    class Kind(models.TextChoices):
        SCHEDULED = "ajout", "Ajoutée au programme"
        ROOM = "salle", "Salle attribuée"
        TIME = "horaire", "Horaire modifié"
        DESCRIPTION = "description", "Description mise à jour"
        SPEAKER = "intervenant", "Intervenant·e ajouté·e"
        CANCELLED = "annulation", "Séance annulée"

    # How long a session carries its « Modifié » badge after a change (publication.recently_changed).
    RECENT = datetime.timedelta(hours=48)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes", verbose_name="séance")
    kind = models.CharField("modification", max_length=20, choices=Kind.choices)
    detail = models.CharField("précision", max_length=300, blank=True)
    changed_at = models.DateTimeField("le", default=timezone.now, db_index=True)

    objects = ProgrammeChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "modification du programme"
        verbose_name_plural = "modifications du programme"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.session} — {self.get_kind_display()}"
