"""« Personnes »: a speaker's page lists their sessions."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from programme.admin.shared import (
    EditionByDefault,
    EditionFilter,
    EditionKept,
    LabelledRows,
    ProgrammeWrites,
    ScopedSearch,
    occurrence_lines,
)
from programme.models import Occurrence, SessionSpeaker, Speaker


class SpeakerSessionsInline(LabelledRows, admin.TabularInline):
    """A speaker's sessions, read only: the speakers are edited from each session's page."""

    model = SessionSpeaker
    fk_name = "speaker"
    fields = ["session", "role", "when"]
    readonly_fields = ["session", "role", "when"]
    extra = 0
    can_delete = False
    verbose_name = _("séance")
    verbose_name_plural = _("ses séances")

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

    @admin.display(description=_("au programme"))
    def when(self, obj):
        return occurrence_lines(obj.session.occurrences.all())


@admin.register(Speaker)
class SpeakerAdmin(ProgrammeWrites, EditionByDefault, EditionKept, ScopedSearch, admin.ModelAdmin):
    list_display = ["full_name", "organisation", "session_count"]
    list_filter = [EditionFilter.for_path("edition")]
    search_fields = ["given_name", "family_name", "organisation"]
    fields = ["edition", "honorific", "given_name", "family_name", "slug", "title", "organisation", "country", "bio"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}
    inlines = [SpeakerSessionsInline]

    def get_queryset(self, request):
        # An aggregate drops the model's ordering: the autocomplete needs it back.
        return (
            super().get_queryset(request).annotate(session_count=Count("session_speakers")).order_by("sort_name", "pk")
        )

    @admin.display(description=_("nom"), ordering="sort_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("séances"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count
