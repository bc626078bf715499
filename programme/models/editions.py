"""An edition of the school: its dates, place, course, registration window and partners."""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from automne.french import format_date
from programme.models.english import EditionInEnglish
from programme.querysets import EditionQuerySet


class RegistrationPhase(models.TextChoices):
    NOT_YET = "a_venir", _("Inscriptions à venir")
    OPEN = "ouvertes", _("Inscriptions ouvertes")
    CLOSED = "closes", _("Inscriptions closes")


class Edition(EditionInEnglish):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    is_current = models.BooleanField(
        _("édition courante"), default=False, help_text=_("L'édition que le site présente. Une seule à la fois.")
    )
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    venue = models.CharField(_("lieu"), max_length=200)
    address = models.TextField(_("adresse"))
    contact_phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("courriel"), blank=True)
    presentation = models.TextField(_("présentation"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True, help_text=_("Un objectif par ligne."))
    course_code = models.CharField(_("sigle du cours crédité"), max_length=20, blank=True)
    course_title = models.CharField(_("titre du cours crédité"), max_length=200, blank=True)
    course_credits = models.PositiveSmallIntegerField(_("crédits"), null=True, blank=True)
    attestation_text = models.TextField(_("attestation de formation"), blank=True)
    signatory_name = models.CharField(
        _("signataire des attestations"), max_length=120, blank=True, help_text=_("Prénom et nom, tels qu'imprimés.")
    )
    signatory_title = models.CharField(
        _("fonction du ou de la signataire"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Directrice de l'École d'automne »."),
    )
    capacity = models.PositiveIntegerField(_("places"), help_text=_("Nombre d'inscriptions confirmées possibles."))
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"), null=True, blank=True, help_text=_("Vide : ouvertes dès la publication.")
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : ouvertes jusqu'au dernier jour. Elles sont toujours closes une fois l'édition terminée."),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_edition",
                violation_error_message=_(
                    "Une autre édition est déjà l'édition courante : une seule à la fois. Utilisez l'action "
                    "« Faire de cette édition l'édition courante » de la liste des éditions."
                ),
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="edition_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="registration_closes_after_opening",
                violation_error_message=_("La clôture des inscriptions doit venir après leur ouverture."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on.year})"

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def course_label(self):
        """ "ENP7009 – Mobilisation des acteurs locaux – 3 crédits": the one way the course is written."""
        parts = [p for p in (self.course_code, self.course_title) if p]
        if self.course_credits:
            credits = self.course_credits
            parts.append(ngettext("%(count)s crédit", "%(count)s crédits", credits) % {"count": credits})
        return " – ".join(parts)

    @property
    def address_line(self):
        """The venue's address on one line: "4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"."""
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": gettext("Le dernier jour doit être le premier jour ou après.")})
            if self.pk:
                outside = self.days.exclude(date__range=(self.starts_on, self.ends_on))
                if outside:
                    dates = ", ".join(format_date(day.date) for day in outside)
                    message = gettext("Des journées du programme seraient hors de ces dates : %(dates)s.")
                    raise ValidationError({NON_FIELD_ERRORS: message % {"dates": dates}})

    def covers(self, date):
        return self.starts_on <= date <= self.ends_on

    def outside_message(self, date):
        """For a day or a time slot on a date this edition does not cover."""
        return gettext("Le %(date)s est hors des dates de l'édition (%(dates)s).") % {
            "date": format_date(date),
            "dates": self.date_range_label(),
        }

    def date_range_label(self):
        """ "du lundi 20 octobre 2025 au vendredi 24 octobre 2025"."""
        return gettext("du %(start)s au %(end)s") % {
            "start": format_date(self.starts_on),
            "end": format_date(self.ends_on),
        }

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time.min))

    def registration_closes(self):
        """When registration closes: the date set, and in any case once the last day is over."""
        end = self.ends_at()
        return min(self.registration_closes_at, end) if self.registration_closes_at else end

    def registration_phase(self, moment=None):
        """Whether registration is to come, open or closed at `moment` (now by default)."""
        moment = moment or timezone.now()
        if self.registration_opens_at and moment < self.registration_opens_at:
            return RegistrationPhase.NOT_YET
        if moment >= self.registration_closes():
            return RegistrationPhase.CLOSED
        return RegistrationPhase.OPEN

    def is_over(self, moment=None):
        return (moment or timezone.now()) > self.ends_at()

    def ends_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.ends_on, datetime.time.max))


class Partner(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organise", _("Organisé par")
        PARTNER = "partenaire", _("Partenaires")
        COLLABORATION = "collaboration", _("En collaboration avec")
        FUNDING = "soutien", _("Avec le soutien financier de")
        PARTICIPATION = "participation", _("Avec la participation de")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partners", verbose_name=_("édition"))
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    url = models.URLField(_("site web"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("partenaire")
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.name
