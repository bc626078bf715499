"""The week of an edition: days, time slots, rooms, people, sessions and their occurrences."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from automne.french import format_date, format_time_range, sort_key
from programme import clashes
from programme.models.constraints import SameEdition
from programme.models.editions import Edition
from programme.models.english import RoomInEnglish, SessionInEnglish
from programme.querysets import OccurrenceQuerySet

ROOM_TO_COME = "Salle à venir"


def edition_key(model_name):
    """The unique pair (edition, id) the rows of other tables point at (constraints.SameEdition)."""
    return models.UniqueConstraint(fields=["edition", "id"], name=f"{model_name}_edition_key")


def check_edition_kept(row, message):
    """A row of an edition stays in it: its sessions, slots and speakers' places point at that edition."""
    if row.pk and row.edition_id:
        stored = type(row).objects.filter(pk=row.pk).values_list("edition_id", flat=True).first()
        if stored is not None and stored != row.edition_id:
            raise ValidationError({"edition": message})


class Day(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="days", verbose_name="édition")
    date = models.DateField("date")
    title = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Facultatif, par exemple « Journée en ligne »."
    )

    class Meta:
        verbose_name = "journée"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["edition", "date"], name="one_day_per_date"), edition_key("day")]

    def __str__(self):
        return format_date(self.date)

    def get_absolute_url(self):
        return reverse("programme:day", kwargs={"edition": self.edition.slug, "date": self.date.isoformat()})

    def clean(self):
        check_edition_kept(self, "Une journée reste dans son édition : ajoutez-la à l'autre édition.")
        if self.date and self.edition_id and not self.edition.covers(self.date):
            raise ValidationError({"date": self.edition.outside_message(self.date)})


class TimeSlot(models.Model):
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="time_slots", verbose_name="journée")
    # Its day's edition, copied by save(): the database holds the slot to it (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name="édition"
    )
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
        constraints = [edition_key("timeslot"), SameEdition(field="day", name="timeslot_day_same_edition")]

    def __str__(self):
        text = f"{self.day} — {self.time_range}"
        return f"{text} — {self.label}" if self.label else text

    def save(self, *args, **kwargs):
        self.edition_id = self.day.edition_id
        super().save(*args, **kwargs)

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
        if self.pk and self.day_id and "day" not in errors:
            stored = TimeSlot.objects.filter(pk=self.pk).values_list("edition_id", flat=True).first()
            if stored is not None and stored != self.day.edition_id:
                errors["day"] = "Une plage horaire reste dans son édition : choisissez une journée de la même édition."
        if errors:
            raise ValidationError(errors)
        if self.pk and self.starts_at and self.ends_at and not clashes.checked_as_a_batch(self):
            clashes.check_moved_slot(self)

    def start_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.starts_at))

    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.ends_at))


class Room(RoomInEnglish):
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
            ),
            edition_key("room"),
        ]

    def __str__(self):
        return f"{self.name} ({self.location_detail})" if self.location_detail else self.name

    def get_absolute_url(self):
        return reverse("programme:room", kwargs={"edition": self.edition.slug, "pk": self.pk})

    def clean(self):
        check_edition_kept(self, "Une salle reste dans son édition : ajoutez-la à l'autre édition.")
        if self.pk and not self.is_online:
            clashes.check_room_in_person(self)


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
            ),
            edition_key("speaker"),
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

    def clean(self):
        check_edition_kept(self, "Une personne reste dans son édition : ajoutez-la à l'autre édition.")

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class Session(SessionInEnglish):
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
            ),
            edition_key("session"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:session", kwargs={"edition": self.edition.slug, "slug": self.slug})

    def clean(self):
        check_edition_kept(self, "Une séance reste dans son édition : ajoutez-la à l'autre édition.")

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
    # Its session's edition, copied by save(): the person must be of that edition (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name="édition"
    )

    class Meta:
        verbose_name = "intervenant"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="speaker_once_per_session"),
            SameEdition(field="session", name="sessionspeaker_session_same_edition"),
            SameEdition(field="speaker", name="sessionspeaker_speaker_same_edition"),
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        self.edition_id = self.session.edition_id
        super().save(*args, **kwargs)

    def clean(self):
        session, speaker = clashes.related(self, "session"), clashes.related(self, "speaker")
        if session is not None and speaker is not None and speaker.edition_id != session.edition_id:
            raise ValidationError({"speaker": "Cette personne appartient à une autre édition que cette séance."})
        if self.session_id and self.speaker_id:
            clashes.check_speaker_added(self)


REVISION_FIELDS = ("sequence", "revised_at")


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
    # Its time slot's edition, copied by save(): session, slot and room must all be of it (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name="édition"
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # SEQUENCE and LAST-MODIFIED of its iCalendar event: only calendar_revisions.revise writes them.
    sequence = models.PositiveIntegerField("révision pour les agendas", default=0, editable=False)
    revised_at = models.DateTimeField("révisée pour les agendas le", default=timezone.now, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance au programme"
        verbose_name_plural = "séances au programme"
        ordering = ["time_slot__day__date", "time_slot__starts_at", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "time_slot"], name="session_once_per_slot"),
            SameEdition(field="session", name="occurrence_session_same_edition"),
            SameEdition(field="time_slot", name="occurrence_time_slot_same_edition"),
            SameEdition(field="room", name="occurrence_room_same_edition"),
        ]

    def __str__(self):
        return f"{self.session} — {self.time_slot}"

    def save(self, *args, **kwargs):
        self.edition_id = self.time_slot.edition_id
        if (
            self.pk
            and not kwargs.get("force_insert")
            and kwargs.get("update_fields") is None
            and not self._state.adding
        ):
            # SEQUENCE never goes back: a copy read before a revision must not write its old value.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in REVISION_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def room_label(self):
        return str(self.room) if self.room else ROOM_TO_COME

    @property
    def is_logistics(self):
        return self.session.is_logistics

    def clean(self):
        if self.time_slot_id:
            clashes.check_same_edition(self)
            if not clashes.checked_as_a_batch(self):
                clashes.check_occurrence(self)

    def start_datetime(self):
        return self.time_slot.start_datetime()

    def end_datetime(self):
        return self.time_slot.end_datetime()
