"""What changed in an edition's programme: its version stamp and the change log (programme/publication.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models.editions import Edition
from programme.models.week import Session, TimeSlot
from programme.querysets import ProgrammeChangeQuerySet


class ProgrammeStamp(models.Model):
    """One row per edition: when its programme last changed, whatever changed (a save or a
    deletion of any of its programme models), advanced by publication.programme_changed. Its
    public pages take their ETag, Last-Modified and cache key from it; it lives in the database
    so that every server process sees the same version, and a save in one edition leaves every
    other edition's pages as they were."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="programme_stamp", verbose_name=_("édition")
    )
    revision = models.PositiveBigIntegerField(_("révision"), default=0)
    changed_at = models.DateTimeField(_("modifié le"))

    class Meta:
        verbose_name = _("version du programme")
        verbose_name_plural = _("versions du programme")

    def __str__(self):
        return _("Révision %(number)s") % {"number": self.revision}


class ProgrammeChange(models.Model):
    """What moved in a session, for the "Dernières modifications" page (written by publication.log_change)."""

    class Kind(models.TextChoices):
        SCHEDULED = "ajout", _("Ajoutée au programme")
        ROOM = "salle", _("Salle attribuée")
        TIME = "horaire", _("Horaire modifié")
        DESCRIPTION = "description", _("Description mise à jour")
        SPEAKER = "intervenant", _("Intervenant·e ajouté·e")
        CANCELLED = "annulation", _("Séance annulée")

    # How long a session carries its « Modifié » badge after a change (publication.recently_changed).
    RECENT = datetime.timedelta(hours=48)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes", verbose_name=_("séance"))
    kind = models.CharField(_("modification"), max_length=20, choices=Kind.choices)
    detail = models.CharField(_("précision"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    objects = ProgrammeChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("modification du programme")
        verbose_name_plural = _("modifications du programme")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.session} — {self.get_kind_display()}"


class CancelledOccurrence(models.Model):
    """An occurrence taken off the programme, as calendars last saw it: its event stays in every feed,
    marked cancelled with a higher SEQUENCE, until its edition ends (programme/calendar_revisions.py).
    Its id is the deleted occurrence's, so that the event keeps its UID (exports.occurrence_uid); an
    occurrence of the same session put back on the programme takes that id again, and a higher SEQUENCE.
    Written only by calendar_revisions.cancel, when programme/change_effects.py deletes an occurrence."""

    id = models.BigIntegerField(_("séance au programme"), primary_key=True)
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="cancelled_occurrences", verbose_name=_("édition")
    )
    # The session and its slot while they exist: where an occurrence put back comes from.
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, related_name="cancelled_occurrences", verbose_name=_("séance")
    )
    time_slot = models.ForeignKey(
        TimeSlot, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("plage horaire")
    )
    # What the cancelled event shows, kept as it was: the rows may be gone.
    session_slug = models.SlugField(_("identifiant de la séance"), max_length=120)
    title = models.CharField(_("titre"), max_length=300)
    kind_label = models.CharField(_("type"), max_length=100)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    location = models.CharField(_("lieu"), max_length=700, blank=True)
    sequence = models.PositiveIntegerField(_("révision pour les agendas"))
    cancelled_at = models.DateTimeField(_("annulée le"), default=timezone.now)
    # Whose personal feed shows it: who had chosen it, or everyone for a plenary session.
    for_everyone = models.BooleanField(_("séance plénière"), default=False)
    chosen_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("choisie par")
    )

    class Meta:
        verbose_name = _("séance annulée")
        verbose_name_plural = _("séances annulées")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return _("%(title)s (annulée)") % {"title": self.title}
