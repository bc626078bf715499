"""The week of the school: an edition, its days, time slots, rooms, speakers and sessions.

A session is a piece of content (title, description, speakers); an occurrence
places it in a time slot, in a room or not yet ("Salle à venir"). A workshop
offered twice is one session with two occurrences: its text exists once.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from automne.french import NBSP, format_date, format_time_range, sort_key

# An occurrence without a room: not a room, the words the programme prints instead.
ROOM_TO_COME = "Salle à venir"


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The edition the site shows, or None when there is none yet."""
        return self.filter(is_current=True).first()


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
    capacity = models.PositiveIntegerField("places", help_text="Nombre d'inscriptions confirmées possibles.")
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = "édition"
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_edition"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="edition_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on.year})"

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    @property
    def course_label(self):
        """ "ENP7009 – Mobilisation des acteurs locaux – 3 crédits"."""
        parts = [p for p in (self.course_code, self.course_title) if p]
        if self.course_credits:
            parts.append(f"{self.course_credits} crédits")
        return " – ".join(parts)

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

    def date_range_label(self):
        """ "du lundi 20 octobre 2025 au vendredi 24 octobre 2025"."""
        return f"du {format_date(self.starts_on)} au {format_date(self.ends_on)}"

    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time.min))

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


class DayQuerySet(models.QuerySet):
    def of_current_edition(self):
        return self.filter(edition__is_current=True)


class Day(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="days", verbose_name="édition")
    date = models.DateField("date")
    title = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Facultatif, par exemple « Journée en ligne »."
    )

    objects = DayQuerySet.as_manager()

    class Meta:
        verbose_name = "journée"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["edition", "date"], name="one_day_per_date")]

    def __str__(self):
        return format_date(self.date)

    def get_absolute_url(self):
        return reverse("programme:day", kwargs={"date": self.date.isoformat()})

    def clean(self):
        if self.date and self.edition_id and not self.edition.covers(self.date):
            raise ValidationError({"date": day_outside_edition_message(self.date, self.edition)})


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
            errors["day"] = day_outside_edition_message(self.day.date, self.day.edition)
        if errors:
            raise ValidationError(errors)
        if self.pk and self.day_id and self.starts_at and self.ends_at:
            self.check_moved_occurrences()

    def check_moved_occurrences(self):
        """A slot moved to another time or day takes its sessions along: their rooms and
        speakers must be free at the new time."""
        others = Occurrence.objects.exclude(time_slot=self.pk)
        messages = []
        for occurrence in Occurrence.objects.filter(time_slot=self.pk).select_related("session", "room"):
            room_message, speaker_messages = occurrence.clashes(self, others)
            clashes = [room_message, *speaker_messages] if room_message else speaker_messages
            messages += [f"{_quoted(occurrence.session)}{NBSP}: {message}" for message in clashes]
        if messages:
            raise ValidationError({NON_FIELD_ERRORS: messages})

    def start_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.starts_at))

    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.day.date, self.ends_at))


class Room(models.Model):
    name = models.CharField("nom", max_length=120, unique=True)
    location_detail = models.CharField("précision", max_length=120, blank=True, help_text="Par exemple « 4ᵉ étage ».")
    capacity = models.PositiveIntegerField("capacité", null=True, blank=True)
    is_online = models.BooleanField("en ligne", default=False)

    class Meta:
        verbose_name = "salle"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.location_detail})" if self.location_detail else self.name


class Speaker(models.Model):
    given_name = models.CharField("prénom", max_length=100)
    family_name = models.CharField("nom de famille", max_length=100)
    honorific = models.CharField(
        "titre de civilité", max_length=20, blank=True, help_text="Tel qu'imprimé, par exemple « Dre »."
    )
    title = models.CharField("fonction", max_length=300, blank=True)
    organisation = models.CharField("organisation", max_length=300, blank=True)
    country = models.CharField("pays", max_length=100, blank=True)
    bio = models.TextField("biographie", blank=True)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
    sort_name = models.CharField(max_length=220, editable=False, db_index=True)

    class Meta:
        verbose_name = "personne"
        verbose_name_plural = "personnes (conférenciers, panélistes…)"
        ordering = ["sort_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        # Sorted by family name in French order, whatever the database's collation.
        self.sort_name = f"{sort_key(self.family_name)} {sort_key(self.given_name)}"
        if not self.slug:
            self.slug = slugify(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programme:speaker", kwargs={"slug": self.slug})

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

    kind = models.CharField("type", max_length=30, choices=Kind.choices)
    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("identifiant", max_length=120, unique=True)
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

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:session", kwargs={"slug": self.slug})

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
        # A speaker added to a session must be free whenever the session is scheduled.
        if not (self.session_id and self.speaker_id):
            return
        messages = []
        for occurrence in self.session.occurrences.select_related("time_slot__day"):
            busy = Occurrence.objects.with_speakers_during([self.speaker_id], occurrence.time_slot)
            messages += [speaker_busy_message(self.speaker, other) for other in busy.exclude(session=self.session_id)]
        if messages:
            raise ValidationError({"speaker": messages})


class OccurrenceQuerySet(models.QuerySet):
    def of_current_edition(self):
        return self.filter(time_slot__day__edition__is_current=True)

    def in_schedule_order(self):
        return self.order_by("time_slot__day__date", "time_slot__starts_at", "time_slot__ends_at", "order", "pk")

    def with_details(self):
        """Everything a programme page shows, in a constant number of queries."""
        return self.select_related("session", "time_slot__day", "room").prefetch_related(
            models.Prefetch("session__session_speakers", queryset=SessionSpeaker.objects.select_related("speaker"))
        )

    def content(self):
        """Occurrences that are content: not welcome desks, breaks or meals."""
        return self.exclude(session__kind__in=Session.LOGISTICS)

    def parallel_to(self, occurrence):
        return self.filter(time_slot=occurrence.time_slot).exclude(pk=occurrence.pk)

    def without_room(self):
        return self.filter(room__isnull=True)

    def overlapping(self, time_slot):
        """Occurrences running at some moment of time_slot (one ending as the other starts does not overlap)."""
        return self.filter(
            time_slot__day__date=time_slot.day.date,
            time_slot__starts_at__lt=time_slot.ends_at,
            time_slot__ends_at__gt=time_slot.starts_at,
        )

    def in_room_during(self, room, time_slot):
        """Occurrences holding this room during time_slot. An online room, or no room yet, is never full."""
        if room is None or room.is_online:
            return self.none()
        return self.overlapping(time_slot).filter(room=room).select_related("session", "time_slot__day")

    def with_speakers_during(self, speakers, time_slot):
        """Occurrences where one of these speakers speaks during time_slot, once per speaker,
        the speaker's id in `busy_speaker_id`."""
        return (
            self.overlapping(time_slot)
            .filter(session__session_speakers__speaker__in=speakers)
            .annotate(busy_speaker_id=F("session__session_speakers__speaker"))
            .select_related("session", "time_slot__day")
            .order_by("time_slot__starts_at", "pk")
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
        if not self.time_slot_id:
            return
        room_message, speaker_messages = self.clashes(self.time_slot, Occurrence.objects.exclude(pk=self.pk))
        errors = {}
        if room_message:
            errors["room"] = room_message
        if speaker_messages:
            errors[NON_FIELD_ERRORS] = speaker_messages
        if errors:
            raise ValidationError(errors)

    def clashes(self, time_slot, others):
        """What this occurrence would clash with among `others` if it ran during time_slot:
        a message for its room (or None), and a message per busy speaker."""
        room_taken = others.in_room_during(self.room, time_slot).first()
        room_message = room_taken_message(self.room, room_taken) if room_taken else None
        speaker_messages = []
        if self.session_id:
            speakers = {speaker.pk: speaker for speaker in self.session.speakers.all()}
            if speakers:
                busy = others.with_speakers_during(speakers, time_slot)
                speaker_messages = [speaker_busy_message(speakers[other.busy_speaker_id], other) for other in busy]
        return room_message, speaker_messages

    def start_datetime(self):
        return self.time_slot.start_datetime()

    def end_datetime(self):
        return self.time_slot.end_datetime()


class ProgrammeStamp(models.Model):
    """One row: when the programme last changed, whatever changed (a save or a deletion of any
    programme model). Public pages take their ETag, Last-Modified and cache key from it; it lives
    in the database so that every server process sees the same version."""

    revision = models.PositiveBigIntegerField("révision", default=0)
    changed_at = models.DateTimeField("modifié le")

    class Meta:
        verbose_name = "version du programme"
        verbose_name_plural = "versions du programme"

    def __str__(self):
        return f"Révision {self.revision}"


class ProgrammeChangeQuerySet(models.QuerySet):
    def of_edition(self, edition):
        scheduled = Occurrence.objects.filter(session=models.OuterRef("session"), time_slot__day__edition=edition)
        return self.filter(models.Exists(scheduled))

    def newest_first(self):
        return self.order_by("-changed_at", "-pk")


class ProgrammeChange(models.Model):
    """What moved in a session, for the "Dernières modifications" page (written by signals)."""

    class Kind(models.TextChoices):
        SCHEDULED = "ajout", "Ajoutée au programme"
        ROOM = "salle", "Salle attribuée"
        TIME = "horaire", "Horaire modifié"
        DESCRIPTION = "description", "Description mise à jour"
        SPEAKER = "intervenant", "Intervenant·e ajouté·e"

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


# Validation messages, for organizers: say what clashes with what, and when.


def day_outside_edition_message(date, edition):
    return f"Le {format_date(date)} est hors des dates de l'édition ({edition.date_range_label()})."


def _quoted(text):
    return f"«{NBSP}{text}{NBSP}»"


def _when(occurrence):
    slot = occurrence.time_slot
    return f"{slot.day}, {slot.time_range}"


def room_taken_message(room, occurrence):
    return f"{room.name} est déjà occupée à ce moment par {_quoted(occurrence.session)} ({_when(occurrence)})."


def speaker_busy_message(speaker, occurrence):
    return f"{speaker} intervient déjà à ce moment dans {_quoted(occurrence.session)} ({_when(occurrence)})."
