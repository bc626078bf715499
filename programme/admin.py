"""The programme's administration, in French, for organizers who are not developers.

The main list is "Séances au programme" (occurrences), in the order of the week,
where a room is changed directly. Each changelist runs a constant number of SQL
queries, whatever the size of the programme (see get_queryset and the cached
room choices below).
"""

import re

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from programme.models import (
    ROOM_TO_COME,
    Day,
    Edition,
    Occurrence,
    Partner,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    TimeSlot,
    speaker_busy_message,
)

# Django's week_day lookup counts from Sunday (1).
WEEKDAYS = {"dimanche": 1, "lundi": 2, "mardi": 3, "mercredi": 4, "jeudi": 5, "vendredi": 6, "samedi": 7}
START_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*[h:]\s*(\d{2})?(?!\d)", re.IGNORECASE)


def narrow_time_slots(queryset, text):
    """Time slots matching the weekday and start time written in `text` ("mardi 13 h 30"),
    and the rest of the text, for the usual search."""
    time = START_TIME.search(text)
    if time:
        queryset = queryset.filter(starts_at__hour=int(time[1]))
        if time[2]:
            queryset = queryset.filter(starts_at__minute=int(time[2]))
        text = text[: time.start()] + " " + text[time.end() :]
    rest = []
    for word in text.split():
        weekday = WEEKDAYS.get(word.lower())
        if weekday:
            queryset = queryset.filter(day__date__week_day=weekday)
        else:
            rest.append(word)
    return queryset, " ".join(rest)


def session_site_link(session):
    url = reverse("programme:session", kwargs={"slug": session.slug})
    return format_html('<a href="{}">Voir sur le site</a>', url)


def occurrence_lines(occurrences, with_day=True):
    """An HTML list of occurrences: "13 h 30 à 14 h 45 — Titre (Salle)", each title linking to its session."""
    rows = [
        (
            f"{o.time_slot.day}, {o.time_slot.time_range}" if with_day else o.time_slot.time_range,
            reverse("admin:programme_session_change", args=[o.session_id]),
            o.session.title,
            o.room_label,
        )
        for o in occurrences
    ]
    if not rows:
        return "Aucune séance."
    items = format_html_join("", '<li>{} — <a href="{}">{}</a> ({})</li>', rows)
    return format_html('<ul class="admin-sessions">{}</ul>', items)


class CachedRoomChoices:
    """The room select, queried once per request instead of once per row; empty is "Salle à venir"."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "room":
            if not hasattr(request, "_room_choices"):
                request._room_choices = [("", ROOM_TO_COME)] + [(room.pk, str(room)) for room in Room.objects.all()]
            field.choices = request._room_choices
        return field


class RoomToComeFilter(admin.SimpleListFilter):
    title = "salle à venir"
    parameter_name = "salle_a_venir"

    def lookups(self, request, model_admin):
        return [("oui", ROOM_TO_COME), ("non", "Salle attribuée")]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.without_room()
        if self.value() == "non":
            return queryset.exclude(room__isnull=True)
        return queryset


# Séances au programme: the week, slot by slot.


@admin.register(Occurrence)
class OccurrenceAdmin(CachedRoomChoices, admin.ModelAdmin):
    list_display = ["day", "time", "kind", "title", "room", "language", "description_status", "site_link"]
    list_display_links = ["time"]
    list_editable = ["room"]
    list_select_related = ["session", "time_slot__day", "room"]
    list_filter = [
        ("time_slot__day", admin.RelatedFieldListFilter),
        "session__kind",
        "room",
        "session__language",
        "session__description_status",
        RoomToComeFilter,
    ]
    search_fields = [
        "session__title",
        "session__session_speakers__speaker__given_name",
        "session__session_speakers__speaker__family_name",
    ]
    search_help_text = "Titre de la séance ou nom d'une personne qui y intervient."
    ordering = ["time_slot__day__date", "time_slot__starts_at", "time_slot__ends_at", "order", "pk"]
    show_full_result_count = False
    empty_value_display = ROOM_TO_COME  # the room filter's choice for "no room"
    autocomplete_fields = ["session", "time_slot"]
    fields = ["session", "time_slot", "room", "order"]

    @admin.display(description="journée", ordering="time_slot__day__date")
    def day(self, obj):
        return obj.time_slot.day

    @admin.display(description="heure", ordering="time_slot__starts_at")
    def time(self, obj):
        return obj.time_slot.time_range

    @admin.display(description="type", ordering="session__kind")
    def kind(self, obj):
        return obj.session.get_kind_display()

    @admin.display(description="titre", ordering="session__title")
    def title(self, obj):
        url = reverse("admin:programme_session_change", args=[obj.session_id])
        return format_html('<a href="{}">{}</a>', url, obj.session.title)

    @admin.display(description="langue", ordering="session__language")
    def language(self, obj):
        return obj.session.get_language_display()

    @admin.display(description="description", ordering="session__description_status")
    def description_status(self, obj):
        return obj.session.get_description_status_display()

    @admin.display(description="sur le site")
    def site_link(self, obj):
        return session_site_link(obj.session)

    def view_on_site(self, obj):
        return obj.session.get_absolute_url()

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Séances au programme", **(extra_context or {})})

    def get_changelist_formset(self, request, **kwargs):
        formset = super().get_changelist_formset(request, **kwargs)
        # In the list, a plain select: no add/change/delete icons beside each row's room.
        room = formset.form.base_fields["room"]
        room.widget = getattr(room.widget, "widget", room.widget)
        room.widget.attrs["aria-label"] = "Salle"
        room.help_text = ""  # not shown in a list
        return formset


# Séances: the content (title, description, speakers), scheduled once or more.


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    fields = ["speaker", "role", "order"]
    autocomplete_fields = ["speaker"]
    ordering = ["order", "pk"]
    extra = 1
    verbose_name = "intervenant·e"
    verbose_name_plural = "intervenant·es, dans l'ordre d'affichage"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class ScheduleFormSet(BaseInlineFormSet):
    """The session page's times, checked against the speakers added on the same page.

    Each model's clean() sees only what is saved: a speaker added and a time added in
    one submission would both pass. The speakers' rows are read from the submitted data."""

    speakers_prefix = "session_speakers"

    def clean(self):
        super().clean()
        added = self.speakers_added()
        if not added:
            return
        messages = []
        for form in self.forms:
            slot = getattr(form, "cleaned_data", {}).get("time_slot")
            if slot is None or form in self.deleted_forms or "time_slot" not in form.changed_data:
                continue
            busy = Occurrence.objects.with_speakers_during(added, slot).exclude(session=self.instance.pk)
            messages += [speaker_busy_message(added[other.busy_speaker_id], other) for other in busy]
        if messages:
            raise ValidationError(messages)

    def speakers_added(self):
        """{pk: speaker} of the speakers this submission adds to the session."""
        pattern = re.compile(rf"{self.speakers_prefix}-(\d+)-speaker")
        submitted = {
            int(value)
            for key, value in self.data.items()
            if pattern.fullmatch(key) and value.isdigit() and not self.data.get(key[: -len("speaker")] + "DELETE")
        }
        if self.instance.pk:
            submitted -= set(self.instance.session_speakers.values_list("speaker_id", flat=True))
        return Speaker.objects.in_bulk(submitted) if submitted else {}


class OccurrenceInline(CachedRoomChoices, admin.TabularInline):
    model = Occurrence
    formset = ScheduleFormSet
    fields = ["time_slot", "room", "order"]
    autocomplete_fields = ["time_slot"]
    extra = 0
    verbose_name = "passage au programme"
    verbose_name_plural = "au programme (jour, heure et salle)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("time_slot__day", "room")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "schedule", "speaker_names", "language", "description_status"]
    list_filter = [
        ("occurrences__time_slot__day", admin.RelatedFieldListFilter),
        "kind",
        "language",
        "description_status",
    ]
    search_fields = ["title", "session_speakers__speaker__given_name", "session_speakers__speaker__family_name"]
    search_help_text = "Titre de la séance ou nom d'une personne qui y intervient."
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionSpeakerInline, OccurrenceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language"]}),
        ("Description", {"fields": ["description", "description_status", "audience_note"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "occurrences",
                    queryset=Occurrence.objects.select_related("time_slot__day", "room").in_schedule_order(),
                ),
                Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker")),
            )
        )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": "Séances : titres, descriptions et intervenant·es", **(extra_context or {})}
        )

    @admin.display(description="au programme")
    def schedule(self, obj):
        return (
            format_html_join(
                "",
                "<div>{}, {}</div>",
                ((o.time_slot.day, o.time_slot.time_range) for o in obj.occurrences.all()),
            )
            or "Pas encore au programme"
        )

    @admin.display(description="intervenant·es")
    def speaker_names(self, obj):
        return ", ".join(str(link.speaker) for link in obj.session_speakers.all())


# Personnes: a speaker's page lists their sessions.


class SpeakerSessionsInline(admin.TabularInline):
    """A speaker's sessions, read only: the speakers are edited from each session's page."""

    model = SessionSpeaker
    fk_name = "speaker"
    fields = ["session", "role", "when"]
    readonly_fields = ["session", "role", "when"]
    extra = 0
    can_delete = False
    verbose_name = "séance"
    verbose_name_plural = "ses séances"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        occurrences = Occurrence.objects.select_related("time_slot__day", "room").in_schedule_order()
        return (
            super()
            .get_queryset(request)
            .select_related("session")
            .prefetch_related(Prefetch("session__occurrences", queryset=occurrences))
        )

    @admin.display(description="au programme")
    def when(self, obj):
        return occurrence_lines(obj.session.occurrences.all())


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "session_count"]
    search_fields = ["given_name", "family_name", "organisation"]
    fields = ["honorific", "given_name", "family_name", "slug", "title", "organisation", "country", "bio"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    inlines = [SpeakerSessionsInline]

    def get_queryset(self, request):
        # An aggregate drops the model's ordering: the autocomplete needs it back.
        return (
            super().get_queryset(request).annotate(session_count=Count("session_speakers")).order_by("sort_name", "pk")
        )

    @admin.display(description="nom", ordering="sort_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description="séances", ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


# Journées et plages horaires: each page shows its sessions.


class TimeSlotInline(admin.TabularInline):
    model = TimeSlot
    fields = ["starts_at", "ends_at", "label"]
    ordering = ["starts_at", "ends_at"]
    extra = 0


@admin.register(Day)
class DayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "edition", "slot_count"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    fields = ["edition", "date", "title", "sessions"]
    readonly_fields = ["sessions"]
    inlines = [TimeSlotInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(slot_count=Count("time_slots")).order_by("date")

    @admin.display(description="plages horaires", ordering="slot_count")
    def slot_count(self, obj):
        return obj.slot_count

    @admin.display(description="séances de la journée")
    def sessions(self, obj):
        if obj.pk is None:
            return "Aucune séance."
        day_occurrences = Occurrence.objects.filter(time_slot__day=obj).select_related(
            "session", "time_slot__day", "room"
        )
        return occurrence_lines(day_occurrences.in_schedule_order(), with_day=False)


class SlotOccurrenceInline(CachedRoomChoices, admin.TabularInline):
    model = Occurrence
    fields = ["session", "room", "order"]
    autocomplete_fields = ["session"]
    extra = 0
    verbose_name = "séance"
    verbose_name_plural = "séances de cette plage"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "room")


@admin.register(TimeSlot)
class TimeSlotAdmin(admin.ModelAdmin):
    list_display = ["day", "time", "label", "session_count"]
    list_display_links = ["time"]
    list_filter = [("day", admin.RelatedFieldListFilter)]
    list_select_related = ["day"]
    search_fields = ["label", "day__title", "occurrences__session__title"]
    search_help_text = "Jour (« mardi »), heure de début (« 13 h 30 »), intitulé du bloc ou titre d'une séance."
    fields = ["day", "starts_at", "ends_at", "label"]
    inlines = [SlotOccurrenceInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("day")
            .annotate(session_count=Count("occurrences"))
            .order_by("day__date", "starts_at", "ends_at")
        )

    def get_search_results(self, request, queryset, search_term):
        queryset, rest = narrow_time_slots(queryset, search_term)
        return super().get_search_results(request, queryset, rest)

    @admin.display(description="heure", ordering="starts_at")
    def time(self, obj):
        return obj.time_range

    @admin.display(description="séances", ordering="session_count")
    def session_count(self, obj):
        return obj.session_count


# Édition et salles.


class PartnerInline(admin.TabularInline):
    model = Partner
    fields = ["name", "role", "url", "order"]
    ordering = ["order", "pk"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_current"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnerInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_current", "starts_on", "ends_on", "capacity"]}),
        ("Lieu et contact", {"fields": ["venue", "address", "contact_phone", "contact_email"]}),
        ("Présentation", {"fields": ["presentation", "objectives"]}),
        (
            "Cours crédité et attestation",
            {"fields": ["course_code", "course_title", "course_credits", "attestation_text"]},
        ),
        ("Signature des attestations", {"fields": ["signatory_name", "signatory_title"]}),
    ]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "location_detail", "capacity", "is_online"]
    list_filter = ["is_online"]
    search_fields = ["name", "location_detail"]
