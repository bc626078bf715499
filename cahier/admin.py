"""The cahier's structure, edited by organizers. Participants' answers, drawings and comments
are deliberately absent: organizers see registrations, never journal answers."""

from django.contrib import admin
from django.db.models import Count

from cahier.models import GuidingQuestion, Level, Page, Prompt


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["name", "intro_label", "order"]
    list_editable = ["order"]


class PromptInline(admin.TabularInline):
    model = Prompt
    extra = 0
    fields = ["level", "label", "order"]
    show_change_link = True


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "subtitle", "kind", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sessions"]
    inlines = [PromptInline]


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 1


@admin.register(Prompt)
class PromptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "level", "order", "answer_count"]
    list_filter = ["page"]
    list_select_related = ["page", "level"]
    inlines = [GuidingQuestionInline]

    @admin.display(description="réponses (nombre)")
    def answer_count(self, prompt):
        # A count only: the answers themselves are never shown to organizers.
        return prompt.answers_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answers_count=Count("answers"))
