"""« Éditions » with their partners, and « Salles ». An edition is made current, or the next one
prepared from it (automne.next_edition, like the `prepare_edition` command), from the list."""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from automne.next_edition import prepare_edition
from programme import change_effects
from programme.admin.shared import EditionByDefault, EditionFilter, EditionKept, LabelledRows, ProgrammeWrites
from programme.models import Edition, Partner, Room
from programme.preparation import PreparationError


class PartnerInline(LabelledRows, admin.TabularInline):
    model = Partner
    fields = ["name", "role", "url", "order"]
    ordering = ["order", "pk"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


class NextEditionForm(forms.Form):
    slug = forms.SlugField(
        label=_("Identifiant de la nouvelle édition"), max_length=60, help_text=_("Par exemple ecole-automne-2026.")
    )
    starts_on = forms.DateField(label=_("Premier jour"), help_text=_("AAAA-MM-JJ"))
    ends_on = forms.DateField(label=_("Dernier jour"), help_text=_("AAAA-MM-JJ"))


@admin.register(Edition)
class EditionAdmin(ProgrammeWrites, admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "is_current", "registration_opens_at", "registration_closes_at"]
    actions = ["make_current", "prepare_next"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnerInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_current", "starts_on", "ends_on", "capacity"]}),
        (
            pgettext_lazy("edition fieldset", "Inscriptions"),
            {"fields": ["registration_opens_at", "registration_closes_at"]},
        ),
        (_("Lieu et contact"), {"fields": ["venue", "address", "contact_phone", "contact_email"]}),
        (_("Présentation"), {"fields": ["presentation", "objectives"]}),
        (
            _("Cours crédité et attestation"),
            {"fields": ["course_code", "course_title", "course_credits", "attestation_text"]},
        ),
        (_("Signature des attestations"), {"fields": ["signatory_name", "signatory_title"]}),
        # Shown on the English pages (/en/) and the English attestation where given (programme/models/english.py).
        (_("En anglais"), {"fields": ["name_en", "presentation_en", "objectives_en", "attestation_text_en"]}),
    ]

    @admin.action(description=_("Faire de cette édition l'édition courante"))
    def make_current(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Choisissez une seule édition à rendre courante."), messages.ERROR)
            return
        edition = queryset.get()
        with transaction.atomic():
            # Both editions' pages change (their links, their banner), and their calendars' addresses.
            for previous in Edition.objects.filter(is_current=True).exclude(pk=edition.pk):
                previous.is_current = False
                change_effects.save(previous)
            edition.is_current = True
            change_effects.save(edition)
        self.message_user(
            request,
            gettext("« %(edition)s » est maintenant l'édition courante.") % {"edition": edition},
            messages.SUCCESS,
        )

    @admin.action(description=_("Préparer l'édition suivante à partir de celle-ci"))
    def prepare_next(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request,
                gettext("Choisissez une seule édition à partir de laquelle préparer la suivante."),
                messages.ERROR,
            )
            return None
        source = queryset.get()
        form = NextEditionForm(request.POST if "prepare" in request.POST else None)
        if form.is_valid():
            try:
                edition = prepare_edition(source.slug, **form.cleaned_data)
            except PreparationError as error:
                form.add_error(None, str(error))
            else:
                message = gettext(
                    "« %(edition)s » est préparée à partir de « %(source)s » : description, partenaires, salles "
                    "et structure du cahier. Ajoutez ses journées et son programme, puis rendez-la courante."
                )
                self.message_user(request, message % {"edition": edition.slug, "source": source.slug}, messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Préparer l'édition suivante"),
            "form": form,
            "source": source,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/programme/edition/prepare_next.html", context)


@admin.register(Room)
class RoomAdmin(ProgrammeWrites, EditionByDefault, EditionKept, admin.ModelAdmin):
    list_display = ["name", "location_detail", "floor", "capacity", "is_online"]
    list_filter = [EditionFilter.for_path("edition"), "is_online"]
    search_fields = ["name", "location_detail"]
