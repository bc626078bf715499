"""The week of an edition: days, time slots, rooms, people, sessions and their occurrences."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from automne.french import format_date, format_time_range, sort_key
from programme import clashes
from programme.models.constraints import SameEdition
from programme.models.editions import Edition
from programme.models.english import RoomInEnglish, SessionInEnglish
from programme.querysets import OccurrenceQuerySet

# Kept a plain French str, marked for the catalogue: the exports (JSON, schedule.xml) and the change log
# compare and write it as it is. What a page shows is gettext(ROOM_TO_COME) (Occurrence.room_label).
ROOM_TO_COME = gettext_noop("Salle à venir")


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
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="days", verbose_name=_("édition"))
    date = models.DateField(_("date"))
    title = models.CharField(
        _("intitulé"), max_length=200, blank=True, help_text=_("Facultatif, par exemple « Journée en ligne ».")
    )

    class Meta:
        verbose_name = _("journée")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["edition", "date"], name="one_day_per_date"), edition_key("day")]

    def __str__(self):
        return format_date(self.date)

    def get_absolute_url(self):
        return reverse("programme:day", kwargs={"edition": self.edition.slug, "date": self.date.isoformat()})

    def clean(self):
        check_edition_kept(self, gettext("Une journée reste dans son édition : ajoutez-la à l'autre édition."))
        if self.date and self.edition_id and not self.edition.covers(self.date):
            raise ValidationError({"date": self.edition.outside_message(self.date)})


class TimeSlot(models.Model):
    day = models.ForeignKey(Day, on_delete=models.CASCADE, related_name="time_slots", verbose_name=_("journée"))
    # Its day's edition, copied by save(): the database holds the slot to it (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("édition")
    )
    starts_at = models.TimeField(_("début"))
    ends_at = models.TimeField(_("fin"))
    label = models.CharField(
        _("intitulé du bloc"),
        max_length=100,
        blank=True,
        help_text=_("Pour un bloc de séances en parallèle, par exemple « Études de cas » ou « Ateliers pratiques »."),
    )

    class Meta:
        verbose_name = _("plage horaire")
        verbose_name_plural = _("plages horaires")
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
            errors["ends_at"] = gettext("L'heure de fin doit être après l'heure de début.")
        if self.day_id and not self.day.edition.covers(self.day.date):
            errors["day"] = self.day.edition.outside_message(self.day.date)
        if self.pk and self.day_id and "day" not in errors:
            stored = TimeSlot.objects.filter(pk=self.pk).values_list("edition_id", flat=True).first()
            if stored is not None and stored != self.day.edition_id:
                errors["day"] = gettext(
                    "Une plage horaire reste dans son édition : choisissez une journée de la même édition."
                )
        if errors:
            raise ValidationError(errors)
        if self.pk and self.starts_at and self.ends_at and not clashes.checked_as_a_batch(self):
            clashes.check_moved_slot(self)

    def start_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.starts_at))

    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.ends_at))


class Room(RoomInEnglish):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("édition"))
    name = models.CharField(_("nom"), max_length=120)
    location_detail = models.CharField(
        _("précision"), max_length=120, blank=True, help_text=_("Par exemple « 4ᵉ étage ».")
    )
    capacity = models.PositiveIntegerField(
        _("capacité"), null=True, blank=True, help_text=_("Nombre de places assises.")
    )
    is_online = models.BooleanField(_("en ligne"), default=False)
    floor = models.CharField(
        _("étage"), max_length=60, blank=True, help_text=_("Par exemple « 4ᵉ étage » ou « rez-de-chaussée ».")
    )
    directions = models.TextField(
        _("pour s'y rendre"), blank=True, help_text=_("Par exemple « Ascenseur du hall, puis à droite ».")
    )
    accessibility = models.TextField(
        _("accessibilité"), blank=True, help_text=_("Par exemple « Accessible en fauteuil roulant par l'ascenseur B ».")
    )

    class Meta:
        verbose_name = _("salle")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"],
                name="room_name_once_per_edition",
                violation_error_message=_("Une salle de ce nom existe déjà dans cette édition."),
            ),
            edition_key("room"),
        ]

    def __str__(self):
        return f"{self.name} ({self.location_detail})" if self.location_detail else self.name

    def get_absolute_url(self):
        return reverse("programme:room", kwargs={"edition": self.edition.slug, "pk": self.pk})

    def clean(self):
        check_edition_kept(self, gettext("Une salle reste dans son édition : ajoutez-la à l'autre édition."))
        if self.pk and not self.is_online:
            clashes.check_room_in_person(self)


class Speaker(models.Model):
    """A person as the edition's programme presents them: each edition keeps its own words."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("édition"))
    given_name = models.CharField(_("prénom"), max_length=100)
    family_name = models.CharField(_("nom de famille"), max_length=100)
    honorific = models.CharField(
        _("titre de civilité"), max_length=20, blank=True, help_text=_("Tel qu'imprimé, par exemple « Dre ».")
    )
    title = models.CharField(_("fonction"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.CharField(_("pays"), max_length=100, blank=True)
    bio = models.TextField(_("biographie"), blank=True)
    slug = models.SlugField(_("identifiant"), max_length=120)
    sort_name = models.CharField(max_length=220, editable=False, db_index=True)

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes (conférenciers, panélistes…)")
        ordering = ["sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="speaker_slug_once_per_edition",
                violation_error_message=_("Une personne a déjà cet identifiant dans cette édition."),
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
        check_edition_kept(self, gettext("Une personne reste dans son édition : ajoutez-la à l'autre édition."))

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"


class Session(SessionInEnglish):
    class Kind(models.TextChoices):
        WELCOME = "accueil", pgettext_lazy("session kind", "Accueil")
        OPENING_ACTIVITY = "activite_ouverture", _("Activité d'ouverture")
        OPENING_REMARKS = "mot_ouverture", _("Mot d'ouverture")
        OPENING_LECTURE = "conference_ouverture", _("Conférence d'ouverture")
        KEYNOTE = "conference_magistrale", _("Conférence magistrale")
        ROUND_TABLE = "table_ronde", _("Table ronde")
        CASE_STUDY = "etude_de_cas", _("Étude de cas")
        WORKSHOP = "atelier", _("Atelier pratique")
        BREAK = "pause", _("Pause")
        MEAL = "repas", _("Repas")
        NETWORKING = "cocktail", _("Cocktail réseautage")
        CLOSING = "cloture", _("Activité de clôture")
        SYNTHESIS = "synthese", _("Activité de synthèse")

    # In the schedule, but not content: shown quietly, never in the cahier or the filters.
    LOGISTICS = (Kind.WELCOME, Kind.BREAK, Kind.MEAL)

    class Language(models.TextChoices):
        FRENCH = "fr", pgettext_lazy("language of a session", "Français")
        ENGLISH = "en", pgettext_lazy("language of a session", "Anglais")

    class DescriptionStatus(models.TextChoices):
        FINAL = "definitive", _("Définitive")
        PROVISIONAL = "provisoire", _("Description provisoire")
        TO_COME = "a_venir", _("Description à venir")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("édition"))
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), max_length=120)
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FRENCH)
    description = models.TextField(_("description"), blank=True)
    description_status = models.CharField(
        _("état de la description"), max_length=12, choices=DescriptionStatus.choices, default=DescriptionStatus.FINAL
    )
    audience_note = models.CharField(
        _("public visé"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple « Pour les étudiant(e)s inscrit(e)s au cours ENP7009 »."),
    )
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", related_name="sessions", verbose_name=_("intervenants")
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("séance")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "slug"],
                name="session_slug_once_per_edition",
                violation_error_message=_("Une séance a déjà cet identifiant dans cette édition."),
            ),
            edition_key("session"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:session", kwargs={"edition": self.edition.slug, "slug": self.slug})

    def clean(self):
        check_edition_kept(self, gettext("Une séance reste dans son édition : ajoutez-la à l'autre édition."))

    @property
    def is_logistics(self):
        return self.kind in self.LOGISTICS

    @property
    def is_in_english(self):
        return self.language == self.Language.ENGLISH


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "conferencier", _("Conférencier·ère")
        PANELIST = "paneliste", _("Panéliste")
        MODERATOR = "animation", pgettext_lazy("speaker role", "Animation")
        OPENING = "mot_ouverture", _("Mot d'ouverture")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="session_speakers", verbose_name=_("séance")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_speakers", verbose_name=_("personne")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    # Its session's edition, copied by save(): the person must be of that edition (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("édition")
    )

    class Meta:
        verbose_name = _("intervenant")
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
            raise ValidationError(
                {"speaker": gettext("Cette personne appartient à une autre édition que cette séance.")}
            )
        if self.session_id and self.speaker_id:
            clashes.check_speaker_added(self)


REVISION_FIELDS = ("sequence", "revised_at")


class Occurrence(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("séance"))
    time_slot = models.ForeignKey(
        TimeSlot, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("plage horaire")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("salle"),
        help_text=_("Laisser vide tant que la salle est « à venir »."),
    )
    order = models.PositiveSmallIntegerField(_("ordre dans le bloc"), default=0)
    # Its time slot's edition, copied by save(): session, slot and room must all be of it (SameEdition).
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", editable=False, verbose_name=_("édition")
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # SEQUENCE and LAST-MODIFIED of its iCalendar event: only calendar_revisions.revise writes them.
    sequence = models.PositiveIntegerField(_("révision pour les agendas"), default=0, editable=False)
    revised_at = models.DateTimeField(_("révisée pour les agendas le"), default=timezone.now, editable=False)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance au programme")
        verbose_name_plural = _("séances au programme")
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
        return str(self.room) if self.room else gettext(ROOM_TO_COME)

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
