"""The organizers' side: registrations (filters, bulk state changes, the waiting list, counts,
CSV export) and the day's check-in list. Organizers never see the cahier from here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse

from automne import clean_input
from automne.french import NBSP
from inscriptions import attendance, identity, seats
from inscriptions.admin_announcements import AnnouncementMixin
from inscriptions.admin_exports import XlsxExportMixin
from inscriptions.admin_messages import confirmation_messages
from inscriptions.csv_export import registrations_csv
from inscriptions.models import Attendance, Attestation, Registration, Sector, User
from programme.admin.shared import EditionFilter
from programme.models import Day, Edition

BAD_PRESENCE_IDS = f"La liste de présences envoyée n'est pas valide{NBSP}: rechargez la page, puis réessayez."


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["day", "recorded_at"]
    readonly_fields = ["recorded_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "day":
            kwargs["queryset"] = Day.objects.select_related("edition")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Registration)
class RegistrationAdmin(XlsxExportMixin, AnnouncementMixin, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "kind", "state", "sector", "organisation", "created_at"]
    list_display_links = ["last_name", "first_name"]
    list_filter = [EditionFilter.for_path("edition"), "kind", "state", "sector"]
    search_fields = ["last_name", "first_name", "email", "organisation", "function", "matricule"]
    list_select_related = ["edition"]
    list_per_page = 100
    date_hierarchy = "created_at"
    ordering = ["last_name", "first_name", "pk"]
    actions = [
        "confirm_selected",
        "waitlist_selected",
        "cancel_selected",
        "promote_selected",
        "export_selected",
        "export_xlsx_selected",
        "announce_selected",
    ]
    # The state changes only through the actions, which respect the capacity and e-mail people.
    readonly_fields = ["edition", "state", "user", "email", "consented_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["edition", "state", "kind", "matricule"]}),
        ("Personne", {"fields": ["first_name", "last_name", "email", "user", "organisation", "function", "sector"]}),
        ("Accueil", {"fields": ["accessibility_needs", "dietary_restrictions"]}),
        ("Suivi", {"fields": ["consented_at", "created_at", "updated_at"]}),
    ]
    inlines = [AttendanceInline]

    def has_add_permission(self, request):
        return False  # people register themselves, with their consent

    def has_delete_permission(self, request, obj=None):
        # Organizers cancel; deleting is the participant's own right (or a superuser's).
        return request.user.is_superuser

    # Bulk actions ----------------------------------------------------------------

    @admin.action(description="Confirmer (dans la limite des places, courriel à chacun)", permissions=["change"])
    def confirm_selected(self, request, queryset):
        result = seats.confirm(list(queryset.select_related("edition")), request.build_absolute_uri("/"))
        self._report(request, result)

    @admin.action(description="Promouvoir depuis la liste d'attente (courriel à chacun)", permissions=["change"])
    def promote_selected(self, request, queryset):
        self._report(request, seats.promote(queryset, request.build_absolute_uri("/")))

    @admin.action(description="Mettre sur la liste d'attente", permissions=["change"])
    def waitlist_selected(self, request, queryset):
        changed = seats.move_to_waiting_list(queryset)
        self.message_user(request, f"{changed} inscription(s) mise(s) sur la liste d'attente.", messages.SUCCESS)

    @admin.action(description="Annuler (libère les places)", permissions=["change"])
    def cancel_selected(self, request, queryset):
        changed = seats.cancel(queryset)
        self.message_user(request, f"{changed} inscription(s) annulée(s).", messages.SUCCESS)

    @admin.action(description="Exporter en CSV (Excel)", permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv(queryset)

    def _report(self, request, result):
        for level, text in confirmation_messages(result):
            self.message_user(request, text, level)

    # Counts, CSV export of the filtered list, check-in ---------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            queryset = response.context_data["cl"].queryset.order_by()
            response.context_data["counts"] = summary(queryset)
            current = Edition.objects.current()
            if current:
                response.context_data["seats"] = {
                    "edition": current,
                    "taken": current.registrations.holding_a_seat().count(),
                    "waiting": current.registrations.waiting().count(),
                }
            response.context_data["export_query"] = request.GET.urlencode()
        return response

    def get_urls(self):
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name="inscriptions_registration_export"),
            path("presences/", self.admin_site.admin_view(self.days_view), name="inscriptions_checkin_days"),
            path("presences/<int:day_id>/", self.admin_site.admin_view(self.checkin_view), name="inscriptions_checkin"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The list as filtered and searched on the page, all of it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return self._csv(changelist.get_queryset(request))

    def _csv(self, queryset):
        response = HttpResponse(
            registrations_csv(queryset.select_related("edition")), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="inscriptions.csv"'
        return response

    def days_view(self, request):
        if not request.user.has_perm("inscriptions.add_attendance"):
            raise PermissionDenied
        days = Day.objects.select_related("edition").annotate(present=Count("attendances")).order_by("-date")
        context = {**self.admin_site.each_context(request), "title": "Présences par journée", "days": days}
        return TemplateResponse(request, "admin/inscriptions/registration/checkin_days.html", context)

    def checkin_view(self, request, day_id):
        """A day's check-in list: tick the people present, then « Présent » (or « Absent » to correct)."""
        if not request.user.has_perm("inscriptions.add_attendance"):
            raise PermissionDenied
        day = get_object_or_404(Day.objects.select_related("edition"), pk=day_id)
        people = day.edition.registrations.holding_a_seat().order_by("last_name", "first_name", "pk")
        query = request.GET.get("q", "").strip()
        if query:
            people = people.filter(Q(last_name__icontains=query) | Q(first_name__icontains=query))
        if request.method == "POST":
            ids = clean_input.parse_ids(request.POST.getlist("ids"))
            if ids is None:
                return render(request, "bad_input.html", {"message": BAD_PRESENCE_IDS}, status=400)
            chosen = list(day.edition.registrations.filter(pk__in=ids))
            if request.POST.get("action") == "absent":
                count = attendance.mark_absent(day, chosen)
                self.message_user(request, f"{count} présence(s) retirée(s) pour {day}.", messages.SUCCESS)
            else:
                count = attendance.mark_present(day, chosen)
                self.message_user(request, f"{count} personne(s) marquée(s) présente(s) le {day}.", messages.SUCCESS)
            return redirect(request.get_full_path())
        people = people.annotate(present=Exists(Attendance.objects.filter(day=day, registration=OuterRef("pk"))))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Présences — {day}",
            "day": day,
            "people": people,
            "query": query,
            "days_url": reverse("admin:inscriptions_checkin_days"),
        }
        return TemplateResponse(request, "admin/inscriptions/registration/checkin.html", context)


def summary(queryset):
    """Counts by type, by sector and by state, in three queries whatever the size of the list."""
    kind_labels, sector_labels = dict(Registration.Kind.choices), dict(Sector.choices)
    state_labels = dict(Registration.State.choices)

    def count_by(field, labels):
        counts = dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        return [(label, counts.get(value, 0)) for value, label in labels.items()]

    return {
        "Par type": count_by("kind", kind_labels),
        "Par secteur": count_by("sector", sector_labels),
        "Par état": count_by("state", state_labels),
    }


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ["registration", "code", "issued_at"]
    search_fields = ["code", "registration__last_name", "registration__email"]
    list_select_related = ["registration__edition"]
    readonly_fields = ["registration", "code", "issued_at"]

    def has_add_permission(self, request):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts, for superusers only: the group Organisateurs has no permission on them.
    Accounts are created by registering (or `createsuperuser`); passwords are never shown."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_staff", "is_active", "groups"]
    fields = ["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "groups", "last_login"]
    readonly_fields = ["last_login"]
    filter_horizontal = ["groups"]
    # The address normalized before it is validated, as on every form of the site (inscriptions/identity.py).
    formfield_overrides = {models.EmailField: {"form_class": identity.EmailField}}

    def has_add_permission(self, request):
        return False
