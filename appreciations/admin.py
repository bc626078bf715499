"""« Questionnaires de fin d'école » in the admin: organizers write each edition's questionnaire as
data (questions of four kinds, required or not, in order), set when it opens, closes and reminds,
and reach the results. Answers have no admin page: nothing there shows one answer, nor who gave it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from appreciations.models import Answer, Question, Questionnaire
from automne.french import format_moment
from programme.admin.shared import EditionByDefault, EditionFilter


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = [("order", "kind", "required"), "text", "help_text", "options", ("low_label", "high_label")]

    def _answered(self, obj):
        return obj is not None and Answer.objects.filter(question__questionnaire=obj).exists()

    # Once answered, the questions stay as they were answered: the answers would lose their meaning.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._answered(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._answered(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._answered(obj)


@admin.register(Questionnaire)
class QuestionnaireAdmin(EditionByDefault, admin.ModelAdmin):
    list_display = ["title", "edition", "opens", "closes", "reminder", "results_link"]
    list_select_related = ["edition"]
    list_filter = [EditionFilter.for_path("edition")]
    fields = [
        "edition",
        "title",
        "introduction",
        "opens_at",
        "closes_at",
        "reminder_at",
        "reminder_sent_at",
        "sealed_at",
    ]
    readonly_fields = ["reminder_sent_at", "sealed_at"]
    inlines = [QuestionInline]

    @admin.display(description=_("ouverture"), ordering="opens_at")
    def opens(self, obj):
        return format_moment(obj.opens_at)

    @admin.display(description=_("fermeture"), ordering="closes_at")
    def closes(self, obj):
        return format_moment(obj.closes_at)

    @admin.display(description=_("rappel"))
    def reminder(self, obj):
        if obj.reminder_sent_at:
            return gettext("envoyé le %(moment)s") % {"moment": format_moment(obj.reminder_sent_at)}
        return format_moment(obj.reminder_at) if obj.reminder_at else gettext("aucun")

    @admin.display(description=_("résultats"))
    def results_link(self, obj):
        url = reverse("appreciations:results", kwargs={"edition": obj.edition.slug})
        return format_html('<a href="{}">{}</a>', url, gettext("Résultats"))
