"""« Séances au programme » (occurrences), in the order of the week, where a room is changed directly,
and « Séances », the content (title, description, speakers) with its times: the list and the session
page check their rows together against the scheduling rules (programme/admin/placements.py)."""

from django.contrib import admin
from django.db.models import Prefetch
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme import room_planning
from programme.admin.placements import ListRoomsFormSet, SessionTimesFormSet, list_row_form
from programme.admin.room_planning import room_planning_view
from programme.admin.shared import (
    EditionByDefault,
    EditionFilter,
    EditionKept,
    EditionScoped,
    LabelledRows,
    ProgrammeWrites,
    ScopedRelatedFilter,
    ScopedSearch,
    page_edition,
    session_site_link,
)
from programme.models import ROOM_TO_COME, Occurrence, Session, SessionSpeaker


class RoomToComeFilter(admin.SimpleListFilter):
    title = _("salle à venir")
    parameter_name = "salle_a_venir"

    def lookups(self, request, model_admin):
        return [("oui", gettext(ROOM_TO_COME)), ("non", gettext("Salle attribuée"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.without_room()
        if self.value() == "non":
            return queryset.exclude(room__isnull=True)
        return queryset


# Séances au programme: the week, slot by slot.


@admin.register(Occurrence)
class OccurrenceAdmin(ProgrammeWrites, EditionScoped, admin.ModelAdmin):
    list_display = [
        "day",
        "time",
        "kind",
        "title",
        "room",
        "choice_count",
        "language",
        "description_status",
        "site_link",
    ]
    list_display_links = ["time"]
    list_editable = ["room"]
    list_select_related = ["session__edition", "time_slot__day", "room", "edition"]
    list_filter = [
        EditionFilter.for_path("time_slot__day__edition"),
        ("time_slot__day", ScopedRelatedFilter),
        "session__kind",
        ("room", ScopedRelatedFilter),
        "session__language",
        "session__description_status",
        RoomToComeFilter,
    ]
    search_fields = [
        "session__title",
        "session__session_speakers__speaker__given_name",
        "session__session_speakers__speaker__family_name",
    ]
    search_help_text = _("Titre de la séance ou nom d'une personne qui y intervient.")
    ordering = ["time_slot__day__date", "time_slot__starts_at", "time_slot__ends_at", "order", "pk"]
    show_full_result_count = False
    empty_value_display = _(ROOM_TO_COME)  # the room filter's choice for "no room"
    autocomplete_fields = ["session", "time_slot"]
    fields = ["session", "time_slot", "room", "order"]

    @admin.display(description=_("journée"), ordering="time_slot__day__date")
    def day(self, obj):
        return obj.time_slot.day

    @admin.display(description=_("heure"), ordering="time_slot__starts_at")
    def time(self, obj):
        return obj.time_slot.time_range

    @admin.display(description=_("type"), ordering="session__kind")
    def kind(self, obj):
        return obj.session.get_kind_display()

    @admin.display(description=_("titre"), ordering="session__title")
    def title(self, obj):
        url = reverse("admin:programme_session_change", args=[obj.session_id])
        return format_html('<a href="{}">{}</a>', url, obj.session.title)

    @admin.display(description=_("choix"), ordering="choice_count")
    def choice_count(self, obj):
        """How many participants chose it: counted in the list's own query (room_planning.with_choice_counts)."""
        return obj.choice_count

    def get_queryset(self, request):
        return room_planning.with_choice_counts(super().get_queryset(request))

    def get_urls(self):
        planning = self.admin_site.admin_view(lambda request: room_planning_view(self, request))
        return [path("repartition/", planning, name="programme_room_planning"), *super().get_urls()]

    @admin.display(description=_("langue"), ordering="session__language")
    def language(self, obj):
        return obj.session.get_language_display()

    @admin.display(description=_("description"), ordering="session__description_status")
    def description_status(self, obj):
        return obj.session.get_description_status_display()

    @admin.display(description=_("sur le site"))
    def site_link(self, obj):
        return session_site_link(obj.session)

    def view_on_site(self, obj):
        return obj.session.get_absolute_url()

    def changelist_view(self, request, extra_context=None):
        context = {
            "title": gettext("Séances au programme"),
            "room_planning_url": reverse("admin:programme_room_planning"),
        }
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def get_changelist_form(self, request, **kwargs):
        return list_row_form(super().get_changelist_form(request, **kwargs), request)

    def get_changelist_formset(self, request, **kwargs):
        request._page_edition = None  # each row lists its own edition's rooms (list_row_form)
        formset = super().get_changelist_formset(request, formset=ListRoomsFormSet, **kwargs)
        # In the list, a plain select: no add/change/delete icons beside each row's room.
        room = formset.form.base_fields["room"]
        room.widget = getattr(room.widget, "widget", room.widget)
        room.widget.attrs["aria-label"] = gettext("Salle")
        room.help_text = ""  # not shown in a list
        return formset

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        edition = page_edition(request, obj)
        if edition is not None:
            form.base_fields["time_slot"].help_text = gettext("Les plages horaires de l'édition « %(edition)s ».") % {
                "edition": edition
            }
        return form


# Séances: the content (title, description, speakers), scheduled once or more.


class SessionSpeakerInline(LabelledRows, EditionScoped, admin.TabularInline):
    model = SessionSpeaker
    fields = ["speaker", "role", "order"]
    autocomplete_fields = ["speaker"]
    ordering = ["order", "pk"]
    extra = 1
    verbose_name = _("intervenant·e")
    verbose_name_plural = _("intervenant·es, dans l'ordre d'affichage")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class OccurrenceInline(LabelledRows, EditionScoped, admin.TabularInline):
    model = Occurrence
    formset = SessionTimesFormSet
    fields = ["time_slot", "room", "order"]
    autocomplete_fields = ["time_slot"]
    extra = 0
    verbose_name = _("passage au programme")
    verbose_name_plural = _("au programme (jour, heure et salle)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("time_slot__day", "room")


@admin.register(Session)
class SessionAdmin(ProgrammeWrites, EditionByDefault, EditionKept, EditionScoped, ScopedSearch, admin.ModelAdmin):
    list_display = ["title", "kind", "schedule", "speaker_names", "language", "description_status"]
    list_filter = [
        EditionFilter.for_path("edition"),
        ("occurrences__time_slot__day", ScopedRelatedFilter),
        "kind",
        "language",
        "description_status",
    ]
    search_fields = ["title", "session_speakers__speaker__given_name", "session_speakers__speaker__family_name"]
    search_help_text = _("Titre de la séance ou nom d'une personne qui y intervient.")
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SessionSpeakerInline, OccurrenceInline]
    fieldsets = [
        (None, {"fields": ["edition", "title", "slug", "kind", "language"]}),
        (_("Description"), {"fields": ["description", "description_status", "audience_note"]}),
        # Shown on the English pages (/en/) where given; the French otherwise (programme/models/english.py).
        (_("En anglais"), {"fields": ["title_en", "description_en"]}),
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
            request, {"title": gettext("Séances : titres, descriptions et intervenant·es"), **(extra_context or {})}
        )

    @admin.display(description=_("au programme"))
    def schedule(self, obj):
        return format_html_join(
            "",
            "<div>{}, {}</div>",
            ((o.time_slot.day, o.time_slot.time_range) for o in obj.occurrences.all()),
        ) or gettext("Pas encore au programme")

    @admin.display(description=_("intervenant·es"))
    def speaker_names(self, obj):
        return ", ".join(str(link.speaker) for link in obj.session_speakers.all())
