"""The hand-in of each edition, edited by organizers: dates, who hands in, the statement, the team, the
grade scale and the rubric; and the registrar's spreadsheet. Hand-ins, answers, assessments and feedback
are deliberately absent: organizers see registrations and published grades, never the cahiers."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne.french import typeset
from programme.admin.shared import EditionFilter
from remises import registrar, scales
from remises.handing_in import Refused
from remises.models import Assignment, Criterion, CriterionLevel, GradeBand

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_ZERO_BAND = _("L'échelle doit avoir une note à partir de 0 % : sinon un total bas n'aurait aucune note.")


class GradeBandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("label")
        ]
        if kept and not any(data.get("min_percent") == 0 for data in kept):
            raise forms.ValidationError(typeset(NO_ZERO_BAND))


class GradeBandInline(admin.TabularInline):
    model = GradeBand
    formset = GradeBandFormSet
    fields = ["label", "min_percent"]
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["title", "order"]
    extra = 0
    show_change_link = True


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["edition", "due_at", "cutoff_at", "grading", "anonymous", "attestation_may_hand_in"]
    list_select_related = ["edition"]
    list_filter = [EditionFilter.for_path("edition")]
    filter_horizontal = ["team"]
    inlines = [GradeBandInline, CriterionInline]
    actions = ["export_grades", "scale_letters", "scale_pass_fail"]
    fieldsets = [
        (None, {"fields": ["edition", "due_at", "cutoff_at"]}),
        (_("Qui remet"), {"fields": ["attestation_may_hand_in", "statement"]}),
        (_("Évaluation"), {"fields": ["grading", "anonymous", "team"]}),
    ]

    @admin.action(description=_("Exporter les notes publiées pour le registraire (.xlsx)"), permissions=["view"])
    def export_grades(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choisissez une seule édition à exporter."), messages.ERROR)
            return None
        edition = queryset.select_related("edition").get().edition
        response = HttpResponse(registrar.grades_xlsx(edition), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{registrar.filename(edition)}"'
        return response

    def apply_scale(self, request, queryset, preset):
        for assignment in queryset.select_related("edition"):
            try:
                scales.apply(assignment, preset)
            except Refused as refusal:
                self.message_user(request, typeset(refusal.message), messages.ERROR)
            else:
                label = scales.PRESETS[preset][0]
                self.message_user(
                    request,
                    typeset(
                        gettext("Échelle « %(scale)s » appliquée à « %(edition)s ».")
                        % {"scale": label, "edition": assignment.edition.name}
                    ),
                )

    @admin.action(description=_("Remplacer l'échelle par A+ à E"), permissions=["change"])
    def scale_letters(self, request, queryset):
        self.apply_scale(request, queryset, "lettres")

    @admin.action(description=_("Remplacer l'échelle par Succès / Échec"), permissions=["change"])
    def scale_pass_fail(self, request, queryset):
        self.apply_scale(request, queryset, "succes")


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    fields = ["title", "description", "points", "order"]
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title", "assignment", "order"]
    list_select_related = ["assignment__edition"]
    list_filter = [EditionFilter.for_path("assignment__edition")]
    inlines = [CriterionLevelInline]
