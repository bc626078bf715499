"""Attestations in the admin: the record each one fixed when first issued, read only, with its
corrections and revocation (who, when, why, what it said before). « Corriger » takes the record again
from the registration and its presences after showing what would change; « Révoquer » ends its
validity; both ask for a reason (inscriptions/attestations.py does the work)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne.french import format_moment
from inscriptions import attestations
from inscriptions.models import Attestation, AttestationChange
from programme.admin.shared import EditionFilter

FIELD_LABELS = {
    "full_name": _("Nom"),
    "kind": _("Type"),
    "course_label": _("Cours"),
    "matricule": _("Matricule"),
    "days": _("Journées de présence"),
    "minutes": _("Minutes de formation"),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison"),
        max_length=attestations.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Gardée avec la modification, avec votre nom et la date. Elle n'est pas publiée."),
    )


class AttestationChangeInline(admin.TabularInline):
    model = AttestationChange
    extra = 0
    can_delete = False
    fields = ["action", "at", "by_name", "reason", "before"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "code", "edition", "issued_at", "status"]
    list_filter = [EditionFilter.for_path("registration__edition")]
    search_fields = ["code", "full_name", "registration__last_name", "registration__email"]
    list_select_related = ["registration__edition"]
    readonly_fields = [
        "registration",
        "code",
        "issued_at",
        "full_name",
        "kind",
        "course_label",
        "matricule",
        "days",
        "minutes",
        "corrected_at",
        "revoked_at",
    ]
    fields = readonly_fields
    inlines = [AttestationChangeInline]
    change_form_template = "admin/inscriptions/attestation/change_form.html"

    def has_add_permission(self, request):
        return False  # issued to the participant when first downloaded, after the last day

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, with a reason, never made to disappear

    @admin.display(description=_("édition"), ordering="registration__edition__starts_on")
    def edition(self, attestation):
        return attestation.registration.edition

    @admin.display(description=_("état"))
    def status(self, attestation):
        if attestation.revoked_at:
            return gettext("Révoquée le %(moment)s") % {"moment": format_moment(attestation.revoked_at)}
        if attestation.corrected_at:
            return gettext("Valide, corrigée le %(moment)s") % {"moment": format_moment(attestation.corrected_at)}
        return gettext("Valide")

    def get_urls(self):
        return [
            path(
                "<int:pk>/corriger/",
                self.admin_site.admin_view(self.correct_view),
                name="inscriptions_attestation_correct",
            ),
            path(
                "<int:pk>/revoquer/",
                self.admin_site.admin_view(self.revoke_view),
                name="inscriptions_attestation_revoke",
            ),
            *super().get_urls(),
        ]

    def _attestation_or_denied(self, request, pk):
        if not request.user.has_perm("inscriptions.change_attestation"):
            raise PermissionDenied
        return get_object_or_404(Attestation.objects.select_related("registration__edition"), pk=pk)

    def correct_view(self, request, pk):
        attestation = self._attestation_or_denied(request, pk)
        differences = [
            (FIELD_LABELS[name], before, after)
            for name, (before, after) in attestations.preview_correction(attestation).items()
        ]
        return self._reason_step(
            request,
            attestation,
            action=attestations.correct,
            title=gettext("Corriger l'attestation %(code)s") % {"code": attestation.code},
            done=gettext("Attestation corrigée. La page de vérification montre la version corrigée et sa date."),
            extra={"differences": differences},
        )

    def revoke_view(self, request, pk):
        attestation = self._attestation_or_denied(request, pk)
        return self._reason_step(
            request,
            attestation,
            action=attestations.revoke,
            title=gettext("Révoquer l'attestation %(code)s") % {"code": attestation.code},
            done=gettext("Attestation révoquée : la page de vérification le dit, avec la date."),
            extra={"revoking": True},
        )

    def _reason_step(self, request, attestation, *, action, title, done, extra):
        form = ReasonForm(request.POST if request.method == "POST" else None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    action(attestation, reason=form.cleaned_data["reason"], by=request.user)
                except attestations.Refused as refused:
                    form.add_error(None, refused.message)
                else:
                    self.message_user(request, done, messages.SUCCESS)
                    return redirect(reverse("admin:inscriptions_attestation_change", args=[attestation.pk]))
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "attestation": attestation,
            "form": form,
            **extra,
        }
        return TemplateResponse(request, "admin/inscriptions/attestation/reason.html", context, status=status)
