"""Each participant's own programme: chosen occurrences, a personal calendar address, change notices."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models.editions import Edition
from programme.models.week import Occurrence


class Choice(models.Model):
    """A participant will attend this occurrence: personal data, shown to no one else by name
    (programme/choices.py decides who may choose, and what overlaps)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="choices", verbose_name=_("compte")
    )
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="choices", verbose_name=_("séance au programme")
    )
    created_at = models.DateTimeField(_("choisie le"), auto_now_add=True)

    class Meta:
        verbose_name = _("choix de séance")
        verbose_name_plural = _("choix de séances")
        ordering = ["occurrence__time_slot__day__date", "occurrence__time_slot__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "occurrence"], name="occurrence_chosen_once")]

    def __str__(self):
        return f"{self.user} — {self.occurrence}"


class PersonalCalendar(models.Model):
    """The secret address of a participant's calendar feed (programme/personal_calendar.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_calendar", verbose_name=_("compte")
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), auto_now=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")

    def __str__(self):
        return _("Agenda de %(user)s") % {"user": self.user}


class ChangeNotice(models.Model):
    """A change to tell a participant who chose the session (time, room, cancellation), waiting for
    the e-mail that gathers a batch of them (programme/change_notices.py). Its words are kept as
    they were: a cancelled session may be gone when the e-mail leaves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="change_notices", verbose_name=_("compte")
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="change_notices", verbose_name=_("édition")
    )
    session_title = models.CharField(_("séance"), max_length=300)
    detail = models.CharField(_("changement"), max_length=500)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis de changement")
        verbose_name_plural = _("avis de changement")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session_title} — {self.detail}"
