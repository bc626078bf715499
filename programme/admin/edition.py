"""« Éditions » with their partners, and « Salles »."""

from django.contrib import admin
from django.db import models

from programme.models import Edition, Partner, Room


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
