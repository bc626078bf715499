"""The week of the school: an edition, its days, time slots, rooms, speakers and sessions.

A session is a piece of content (title, description, speakers); an occurrence
places it in a time slot, in a room or not yet ("Salle à venir"). A workshop
offered twice is one session with two occurrences: its text exists once.
"""

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from automne.french import NBSP, format_date, format_time_range, sort_key
from programme import clashes
from programme.querysets import EditionQuerySet, OccurrenceQuerySet, ProgrammeChangeQuerySet

# An occurrence without a room: not a room, the words the programme prints instead.
ROOM_TO_COME = "Salle à venir"


class RegistrationPhase(models.TextChoices):
    NOT_YET = "a_venir", "Inscriptions à venir"
    OPEN = "ouvertes", "Inscriptions ouvertes"
    CLOSED = "closes", "Inscriptions closes"


class Edition(models.Model):
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant", max_length=60, unique=True)
    is_current = models.BooleanField(
        "édition courante", default=False, help_text="L'édition que le site présente. Une seule à la fois."
    )
    starts_on = models.DateField("premier jour")
    ends_on = models.DateField("dernier jour")
    venue = models.CharField("lieu", max_length=200)
    address = models.TextField("adresse")
    contact_phone = models.CharField("téléphone", max_length=40, blank=True)
    contact_email = models.EmailField("courriel", blank=True)
    presentation = models.TextField("présentation", blank=True)
    objectives = models.TextField("objectifs", blank=True, help_text="Un objectif par ligne.")
    course_code = models.CharField("sigle du cours crédité", max_length=20, blank=True)
    course_title = models.CharField("titre du cours crédité", max_length=200, blank=True)
    course_credits = models.PositiveSmallIntegerField("crédits", null=True, blank=True)
    attestation_text = models.TextField("attestation de formation", blank=True)
    signatory_name = models.CharField(
        "signataire des attestations", max_length=120, blank=True, help_text="Prénom et nom, tels qu'imprimés."
    )
    signatory_title = models.CharField(
        "fonction du ou de la signataire",
        max_length=200,
        blank=True,
        help_text=f"Par exemple «{NBSP}Directrice de l'École d'automne{NBSP}».",
    )
    capacity = models.PositiveIntegerField("places", help_text="Nombre d'inscriptions confirmées possibles.")
    registration_opens_at = models.DateTimeField(
        "ouverture des inscriptions", null=True, blank=True, help_text="Vide : ouvertes dès la publication."
    )
    registration_closes_at = models.DateTimeField(
        "clôture des inscriptions",
        null=True,
        blank=True,
        help_text="Vide : ouvertes jusqu'au dernier jour. Elles sont toujours closes une fois l'édition terminée.",
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "édition"
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_edition",
                violation_error_message=(
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
                violation_error_message="La clôture des inscriptions doit venir après leur ouverture.",
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
            parts.append(f"{self.course_credits}{NBSP}crédit{'s' if self.course_credits > 1 else ''}")
        return " – ".join(parts)

    @property
    def address_line(self):
        """The venue's address on one line: "4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"."""
        return ", ".join(line.strip() for line in self.address.splitlines() if line.strip())

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": "Le dernier jour doit être le premier jour ou après."})
            if self.pk:
                outside = self.days.exclude(date__range=(self.starts_on, self.ends_on))
                if outside:
                    dates = ", ".join(format_date(day.date) for day in outside)
                    raise ValidationError(
                        {NON_FIELD_ERRORS: f"Des journées du programme seraient hors de ces dates : {dates}."}
                    )

    def covers(self, date):
        return self.starts_on <= date <= self.ends_on

    def outside_message(self, date):
        """For a day or a time slot on a date this edition does not cover."""
        return f"Le {format_date(date)} est hors des dates de l'édition ({self.date_range_label()})."

    def date_range_label(self):
        """ "du lundi 20 octobre 2025 au vendredi 24 octobre 2025"."""
        return f"du {format_date(self.starts_on)} au {format_date(self.ends_on)}"

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
        ORGANISER = "organise", "Organisé par"
        PARTNER = "partenaire", "Partenaires"
        COLLABORATION = "collaboration", "En collaboration avec"
        FUNDING = "soutien", "Avec le soutien financier de"
        PARTICIPATION = "participation", "Avec la participation de"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partners", verbose_name="édition")
    name = models.CharField("nom", max_length=200)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    url = models.URLField("site web", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.name


class Day(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="days", verbose_name="édition")
    date = models.DateField("date")
    title = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Facultatif, par exemple « Journée en ligne »."
    )

    class Meta:
        verbose_name = "journée"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["edition", "date"], name="one_day_per_date")]

    def __str__(self):
        return format_date(self.date)

    def get_absolute_url(self):
        return reverse("programme:day", kwargs={"edition": self.edition.slug, "date": self.date.isoformat()})

    def clean(self):
        if self.date and self.edition_id and not self.edition.covers(self.date):
            raise ValidationError({"date": self.edition.outside_message(self.date)})


class TimeSlot(models.Model):
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="time_slots", verbose_name="journée")
    starts_at = models.TimeField("début")
    ends_at = models.TimeField("fin")
    label = models.CharField(
        "intitulé du bloc",
        max_length=100,
        blank=True,
        help_text="Pour un bloc de séances en parallèle, par exemple « Études de cas » ou « Ateliers pratiques ».",
    )

    class Meta:
        verbose_name = "plage horaire"
        verbose_name_plural = "plages horaires"
        ordering = ["day__date", "starts_at", "ends_at"]

    def __str__(self):
        text = f"{self.day} — {self.time_range}"
        return f"{text} — {self.label}" if self.label else text

    @property
    def time_range(self):
        """ "13 h 30 à 14 h 45"."""
        return format_time_range(self.starts_at, self.ends_at)

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "L'heure de fin doit être après l'heure de début."
        if self.day_id and not self.day.edition.covers(self.day.date):
            errors["day"] = self.day.edition.outside_message(self.day.date)
        if errors:
            raise ValidationError(errors)
        if self.pk and self.day_id and self.starts_at and self.ends_at:
            clashes.check_moved_slot(
                self,
                Occurrence.objects.filter(time_slot=self.pk).select_related("session", "room"),
                Occurrence.objects.exclude(time_slot=self.pk),
            )

    def start_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.starts_at))

    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.ends_at))


class Room(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rooms", verbose_name="édition")
    name = models.CharField("nom", max_length=120)
    location_detail = models.CharField("précision", max_length=120, blank=True, help_text="Par exemple « 4ᵉ étage ».")
    capacity = models.PositiveIntegerField("capacité", null=True, blank=True, help_text="Nombre de places assises.")
    is_online = models.BooleanField("en ligne", default=False)
    floor = models.CharField(
        "étage", max_length=60, blank=True, help_text="Par exemple « 4ᵉ étage » ou « rez-de-chaussée »."
    )
    directions = models.TextField(
        "pour s'y rendre", blank=True, help_text="Par exemple « Ascenseur du hall, puis à droite »."
    )
    accessibility = models.TextField(
        "accessibilité", blank=True, help_text="Par exemple « Accessible en fauteuil roulant par l'ascenseur B »."
    )

    class Meta:
        verbose_name = "salle"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="room_name_once_per_edition",
                violation_error_message="Une salle de ce nom existe déjà dans cette édition.",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.location_detail})" if self.location_detail else self.name

    def get_absolute_url(self):
        return reverse("programme:room", kwargs={"edition": self.edition.slug, "pk": self.pk})


class Speaker(models.Model):
    """A person as the edition's programme presents them: each edition keeps its own words."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="speakers", verbose_name="édition")
    given_name = models.CharField("prénom", max_length=100)
    family_name = models.CharField("nom de famille", max_length=100)
    honorific = models.CharField(
        "titre de civilité", max_length=20, blank=True, help_text="Tel qu'imprimé, par exemple « Dre »."
    )
    title = models.CharField("fonction", max_length=300, blank=True)
    organisation = models.CharField("organisation", max_length=300, blank=True)
    country = models.CharField("pays", max_length=100, blank=True)
    bio = models.TextField("biographie", blank=True)
    slug = models.SlugField("identifiant", max_length=120)
    sort_name = models.CharField(max_length=220, editable=False, db_index=True)

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes (conférenciers, panélistes…)"
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="speaker_slug_once_per_edition",
                violation_error_message="Une personne a déjà cet identifiant dans cette édition.",
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # Sorted by family name in French order, whatever the database's collation.
        self.sort_name = f"{sort_key(self.family_name)} {sort_key(self.given_name)}"
        if not self.slug:
            self.slug = slugify(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:speaker", kwargs={"edition": self.edition.slug, "slug": self.slug})

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class Session(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "accueil", "Accueil"
        OPENING_ACTIVITY = "activite_ouverture", "Activité d'ouverture"
        OPENING_REMARKS = "mot_ouverture", "Mot d'ouverture"
        OPENING_LECTURE = "conference_ouverture", "Conférence d'ouverture"
        KEYNOTE = "conference_magistrale", "Conférence magistrale"
        ROUND_TABLE = "table_ronde", "Table ronde"
        CASE_STUDY = "etude_de_cas", "Étude de cas"
        WORKSHOP = "atelier", "Atelier pratique"
        BREAK = "pause", "Pause"
        MEAL = "repas", "Repas"
        NETWORKING = "cocktail", "Cocktail réseautage"
        CLOSING = "cloture", "Activité de clôture"
        SYNTHESIS = "synthese", "Activité de synthèse"

    # In the schedule, but not content: shown quietly, never in the cahier or the filters.
    LOGISTICS = (Kind.WELCOME, Kind.BREAK, Kind.MEAL)

    class Language(models.TextChoices):
        FRENCH = "fr", "Français"
        ENGLISH = "en", "Anglais"

    class DescriptionStatus(models.TextChoices):
        FINAL = "definitive", "Définitive"
        PROVISIONAL = "provisoire", "Description provisoire"
        TO_COME = "a_venir", "Description à venir"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name="édition")
    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("identifiant", max_length=120)
    language = models.CharField("langue", max_length=2, choices=Language.choices, default=Language.FRENCH)
    description = models.TextField("description", blank=True)
    description_status = models.CharField(
        "état de la description", max_length=12, choices=DescriptionStatus.choices, default=DescriptionStatus.FINAL
    )
    audience_note = models.CharField(
        "public visé",
        max_length=300,
        blank=True,
        help_text="Par exemple « Pour les étudiant(e)s inscrit(e)s au cours ENP7009 ».",
    )
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", related_name="sessions", verbose_name="intervenants"
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="session_slug_once_per_edition",
                violation_error_message="Une séance a déjà cet identifiant dans cette édition.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:session", kwargs={"edition": self.edition.slug, "slug": self.slug})

    @property
    def is_logistics(self):
        return self.kind in self.LOGISTICS

    @property
    def is_in_english(self):
        return self.language == self.Language.ENGLISH


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "conferencier", "Conférencier·ère"
        PANELIST = "paneliste", "Panéliste"
        MODERATOR = "animation", "Animation"
        OPENING = "mot_ouverture", "Mot d'ouverture"

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="session_speakers", verbose_name="séance"
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_speakers", verbose_name="personne"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "intervenant"
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session")]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"

    def clean(self):
        if self.session_id and self.speaker_id:
            clashes.check_speaker_added(
                self,
                self.session.occurrences.select_related("time_slot__day"),
                Occurrence.objects.exclude(session=self.session_id),
            )


class Occurrence(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="occurrences", verbose_name="séance")
    time_slot = models.ForeignKey(
        TimeSlot, on_delete=models.CASCADE, related_name="occurrences", verbose_name="plage horaire"
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name="salle",
        help_text="Laisser vide tant que la salle est « à venir ».",
    )
    order = models.PositiveSmallIntegerField("ordre dans le bloc", default=0)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # SEQUENCE and LAST-MODIFIED of its iCalendar event (programme/calendar_revisions.py).
    sequence = models.PositiveIntegerField("révision pour les agendas", default=0, editable=False)
    revised_at = models.DateTimeField("révisée pour les agendas le", default=timezone.now, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance au programme"
        verbose_name_plural = "séances au programme"
        ordering = ["time_slot__day__date", "time_slot__starts_at", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "time_slot"], name="session_once_per_slot")]

    def __str__(self):
        return f"{self.session} — {self.time_slot}"

    @property
    def room_label(self):
        return str(self.room) if self.room else ROOM_TO_COME

    def clean(self):
        if self.time_slot_id:
            clashes.check_occurrence(self, Occurrence.objects.exclude(pk=self.pk))

    def start_datetime(self):
        return self.time_slot.start_datetime()

    def end_datetime(self):
        return self.time_slot.end_datetime()


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


class Choice(models.Model):
    """A participant will attend this occurrence: personal data, shown to no one else by name
    (programme/choices.py decides who may choose, and what overlaps)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="choices", verbose_name="compte"
    )
    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="choices", verbose_name="séance au programme"
    )
    created_at = models.DateTimeField("choisie le", auto_now_add=True)

    class Meta:
        verbose_name = "choix de séance"
        verbose_name_plural = "choix de séances"
        ordering = ["occurrence__time_slot__day__date", "occurrence__time_slot__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "occurrence"], name="occurrence_chosen_once")]

    def __str__(self):
        return f"{self.user} — {self.occurrence}"


class PersonalCalendar(models.Model):
    """The secret address of a participant's calendar feed (programme/personal_calendar.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_calendar", verbose_name="compte"
    )
    token = models.CharField("jeton", max_length=64, unique=True)
    created_at = models.DateTimeField("créé le", auto_now=True)

    class Meta:
        verbose_name = "agenda personnel"
        verbose_name_plural = "agendas personnels"

    def __str__(self):
        return f"Agenda de {self.user}"


class ChangeNotice(models.Model):
    """A change to tell a participant who chose the session (time, room, cancellation), waiting for
    the e-mail that gathers a batch of them (programme/change_notices.py). Its words are kept as
    they were: a cancelled session may be gone when the e-mail leaves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="change_notices", verbose_name="compte"
    )
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="change_notices", verbose_name="édition"
    )
    session_title = models.CharField("séance", max_length=300)
    detail = models.CharField("changement", max_length=500)
    created_at = models.DateTimeField("le", default=timezone.now, db_index=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "avis de changement"
        verbose_name_plural = "avis de changement"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.session_title} — {self.detail}"
