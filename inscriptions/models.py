"""Participants' accounts. Registrations to an edition are added beside them."""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from inscriptions.identity import normalize_email, validate_matricule, validate_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Every address of an account, as stored and looked up (inscriptions/identity.py)."""
        return normalize_email(email or "")

    def with_email(self, email):
        """The account of `email` as typed, or None: the normalized address, matched exactly."""
        return self.filter(email=normalize_email(email or "")).first()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Le courriel est obligatoire.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email=normalize_email(email))


class User(AbstractUser):
    """A person with an account: a participant, an organizer or a teacher. Logs in by e-mail."""

    username = None
    email = models.EmailField(_("courriel"), max_length=254, unique=True)
    # The language of what reaches the person outside a page: e-mails, attestation (automne/languages.py).
    language = models.CharField(_("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("compte")

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # Whatever writes the account (a form, the admin, a command), the address is stored normalized,
        # and `email`'s own unique index is then the one rule: one account per address.
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Sector(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    HEALTH = "sante", _("Santé et services sociaux")
    QUEBEC = "quebec", _("Gouvernement du Québec")
    FEDERAL = "federal", _("Gouvernement fédéral")
    COMMUNITY = "communautaire", _("Communautaire")
    ACADEMIC = "universitaire", _("Milieu universitaire")
    OTHER = "autre", _("Autre")


# Said by the database's constraint and by the form, in the same words.
MATRICULE_REQUIRED = _("Le matricule de l'ENAP est obligatoire pour la formation créditée.")


class RegistrationQuerySet(models.QuerySet):
    def holding_a_seat(self):
        """Received and confirmed registrations take a seat; the waiting list and cancellations don't."""
        return self.filter(state__in=Registration.SEATED)

    def waiting(self):
        return self.filter(state=Registration.State.WAITING).order_by("created_at", "pk")

    def of(self, user):
        return self.filter(user=user)


class Registration(models.Model):
    class Kind(models.TextChoices):
        CREDIT = "credit", _("Formation créditée")
        ATTESTATION = "attestation", _("Attestation de formation")

    class State(models.TextChoices):
        RECEIVED = "recue", _("Reçue")
        CONFIRMED = "confirmee", _("Confirmée")
        WAITING = "attente", _("Liste d'attente")
        CANCELLED = "annulee", _("Annulée")

    SEATED = (State.RECEIVED, State.CONFIRMED)

    edition = models.ForeignKey(
        "programme.Edition", on_delete=models.PROTECT, related_name="registrations", verbose_name=_("édition")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("compte"))
    # Kept on the registration so that the database itself refuses a second registration
    # of one address to one edition, whatever its case.
    email = models.EmailField(_("courriel"), max_length=254)
    first_name = models.CharField(_("prénom"), max_length=150, validators=[validate_name])
    last_name = models.CharField(pgettext_lazy("family name", "nom"), max_length=150, validators=[validate_name])
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    matricule = models.CharField(
        _("matricule ENAP"),
        max_length=20,
        blank=True,
        validators=[validate_matricule],
        help_text=_("Obligatoire pour la formation créditée."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    function = models.CharField(_("fonction"), max_length=200)
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector.choices)
    accessibility_needs = models.TextField(_("besoins d'accessibilité"), max_length=1000, blank=True)
    dietary_restrictions = models.TextField(_("restrictions alimentaires"), max_length=1000, blank=True)
    consented_at = models.DateTimeField(_("consentement donné le"))
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.RECEIVED)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                name="one_registration_per_email_per_edition",
                violation_error_message=_("Une inscription existe déjà avec ce courriel pour cette édition."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="credit", matricule=""),
                name="credit_registration_has_matricule",
                violation_error_message=MATRICULE_REQUIRED,
            ),
        ]
        indexes = [models.Index(fields=["edition", "state"])]

    def __str__(self):
        return f"{self.full_name} — {self.edition}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def is_cancelled(self):
        return self.state == self.State.CANCELLED

    @property
    def holds_a_seat(self):
        return self.state in self.SEATED

    def kind_label(self):
        """The choice as the registration form shows it, built from the edition's course."""
        if self.kind == self.Kind.CREDIT:
            return credit_label(self.edition)
        return self.get_kind_display()


def credit_label(edition):
    """ "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits"."""
    return gettext("Formation créditée — %(course)s") % {"course": edition.course_label}


class Attendance(models.Model):
    """A participant was present on a day of the school, as checked in by the organizers."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("inscription")
    )
    day = models.ForeignKey(
        "programme.Day", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("journée")
    )
    recorded_at = models.DateTimeField(_("notée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("présence")
        ordering = ["day__date"]
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="present_once_per_day")]

    def __str__(self):
        return f"{self.registration.full_name} — {self.day}"


def new_verification_code():
    # 20 characters of a 32-letter alphabet: 100 bits, not guessable, easy to type from paper.
    return get_random_string(20, allowed_chars="abcdefghjkmnpqrstuvwxyz23456789")


class AnnouncementRefusal(models.Model):
    """A registration whose person unsubscribed from the announcements (inscriptions/unsubscribe.py): the
    next announcements leave it out. A table of its own rather than a column of Registration, so that
    a backup made before it still restores (automne/backup.py loads rows with today's models)."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="announcement_refusal",
        verbose_name=_("inscription"),
    )
    refused_at = models.DateTimeField(_("annonces refusées le"))

    class Meta:
        verbose_name = _("refus des annonces")
        verbose_name_plural = _("refus des annonces")

    def __str__(self):
        return gettext("%(registration)s — annonces refusées") % {"registration": self.registration}


class Attestation(models.Model):
    """The attestation de formation of a registration: a record fixed when it is first issued (the name,
    the kind, the course, the matricule, the days and the minutes of training), verifiable by anyone who
    has its code. Editing the registration or its presences afterwards does not change it: an organizer
    corrects it or revokes it, with a reason (inscriptions/attestations.py; each change is an
    AttestationChange, with who and when)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="attestation", verbose_name=_("inscription")
    )
    code = models.CharField(_("code de vérification"), max_length=40, unique=True, default=new_verification_code)
    issued_at = models.DateTimeField(_("délivrée le"), auto_now_add=True)
    full_name = models.CharField(_("nom"), max_length=301)
    kind = models.CharField(_("type"), max_length=12, choices=Registration.Kind.choices)
    course_label = models.CharField(_("cours"), max_length=400, blank=True)
    matricule = models.CharField(_("matricule ENAP"), max_length=20, blank=True)
    days = models.JSONField(_("journées de présence"), default=list)  # ISO dates, in order
    minutes = models.PositiveIntegerField(_("minutes de formation"), default=0)
    corrected_at = models.DateTimeField(_("corrigée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation")

    def __str__(self):
        return gettext("Attestation %(code)s — %(name)s") % {"code": self.code, "name": self.full_name}

    def get_absolute_url(self):
        return reverse("inscriptions:verify", kwargs={"code": self.code})

    @property
    def is_valid(self):
        return self.revoked_at is None

    @property
    def is_credit(self):
        return self.kind == Registration.Kind.CREDIT

    @property
    def attested(self):
        """The record's days and hours, as `attendance.Attested` writes them."""
        import datetime

        from inscriptions.attendance import Attested

        return Attested(days=tuple(datetime.date.fromisoformat(day) for day in self.days), minutes=self.minutes)

    def record(self):
        """What the attestation says about the person, as fixed: compared with a correction."""
        return {name: getattr(self, name) for name in RECORD_FIELDS}


RECORD_FIELDS = ("full_name", "kind", "course_label", "matricule", "days", "minutes")


class AttestationChange(models.Model):
    """A correction or a revocation of an attestation: who, when, why, and what it said before."""

    class Action(models.TextChoices):
        CORRECTED = "correction", _("Correction")
        REVOKED = "revocation", _("Révocation")

    attestation = models.ForeignKey(
        Attestation, on_delete=models.CASCADE, related_name="changes", verbose_name=_("attestation")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("raison"), max_length=1000)
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    by_name = models.CharField(_("par (nom gardé)"), max_length=254)  # stays when the account is deleted
    at = models.DateTimeField(_("le"))
    before = models.JSONField(_("ce qu'elle disait avant"))

    class Meta:
        verbose_name = _("modification d'attestation")
        verbose_name_plural = _("modifications d'attestations")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.attestation.code}"


class RoleGrant(models.Model):
    """A role (one of the groups of automne/roles.py) given to an account or taken back, with who did it
    and when: who reads the shared cahiers is a decision someone made (inscriptions/staff.py)."""

    class Action(models.TextChoices):
        GRANTED = "attribution", _("Rôle donné")
        REVOKED = "retrait", _("Rôle retiré")

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="role_grants", verbose_name=_("compte")
    )
    user_email = models.EmailField(_("courriel du compte"), max_length=254)  # stays when the account is deleted
    role = models.CharField(_("rôle"), max_length=150)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    by_name = models.CharField(_("par (nom gardé)"), max_length=254)
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("attribution de rôle")
        verbose_name_plural = _("attributions de rôles")
        ordering = ["-at", "-pk"]

    def __str__(self):
        values = {"action": self.get_action_display(), "role": self.role, "email": self.user_email}
        return gettext("%(action)s : %(role)s — %(email)s") % values
