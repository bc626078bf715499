"""The cahier's structure, edited by organizers, one edition at a time. Participants' answers,
drawings and comments are deliberately absent: organizers see registrations, never journal answers."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cahier.models import OTHER_EDITION_SESSIONS, GuidingQuestion, Level, Page, Prompt
from programme.admin.shared import EditionFilter
from programme.models import Session


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "intro_label", "edition", "order"]
    list_editable = ["order"]
    list_filter = [EditionFilter.for_path("edition")]
    list_select_related = ["edition"]


class PromptInline(admin.TabularInline):
    model = Prompt
    extra = 0
    fields = ["level", "label", "order"]
    show_change_link = True

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["level"].queryset = Level.objects.filter(edition=obj.edition)
        return formset


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "edition",
            "kind",
            "title",
            "subtitle",
            "slug",
            "introduction",
            "order",
            "sessions",
            "picks_case_study",
        ]

    def clean(self):
        cleaned = super().clean()
        edition, sessions = cleaned.get("edition"), cleaned.get("sessions")
        if edition is not None and sessions is not None:
            others = [session.title for session in sessions if session.edition_id != edition.pk]
            if others:
                self.add_error("sessions", OTHER_EDITION_SESSIONS.format(titles=", ".join(others)))
        return cleaned


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ["title", "subtitle", "kind", "edition", "order"]
    list_editable = ["order"]
    list_filter = [EditionFilter.for_path("edition")]
    list_select_related = ["edition"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sessions"]
    inlines = [PromptInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "sessions" in form.base_fields:
            # « Séances liées » point at sessions of the page's own edition.
            form.base_fields["sessions"].queryset = Session.objects.filter(edition=obj.edition)
        return form


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 1


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "level", "order", "answer_count"]
    list_filter = [EditionFilter.for_path("page__edition"), "page"]
    list_select_related = ["page", "level"]
    inlines = [GuidingQuestionInline]

    @admin.display(description=_("réponses (nombre)"))
    def answer_count(self, prompt):
        # A count only: the answers themselves are never shown to organizers.
        return prompt.answers_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answers_count=Count("answers"))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "level" in form.base_fields:
            form.base_fields["level"].queryset = Level.objects.filter(edition=obj.page.edition_id)
        return form
