"""The organizers' side: registrations (filters, bulk state changes with a confirmation page, the waiting
list, counts, CSV export), the day's check-in list and the attestations (correct or revoke, with a
reason). Every write goes through a domain module: seats.py (states), details.py (a registration's
details), checkin.py (presence), attestations.py. Organizers never see the cahier from here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from automne import clean_input
from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from inscriptions import checkin, details, identity, staff
from inscriptions.admin_announcements import AnnouncementMixin
from inscriptions.admin_attestations import AttestationAdmin  # noqa: F401 (registers it)
from inscriptions.admin_exports import XlsxExportMixin
from inscriptions.admin_messages import ROLE_LABELS, role_label
from inscriptions.admin_state_actions import StateActionsMixin
from inscriptions.csv_export import registrations_csv
from inscriptions.models import Attendance, Registration, RoleGrant, Sector, User
from programme.admin.shared import EditionFilter
from programme.models import Day, Edition

BAD_PRESENCE_IDS = _("La liste de présences envoyée n'est pas valide : rechargez la page, puis réessayez.")
OTHER_IDS = _(
    "Une inscription choisie n'existe pas ou n'est pas de l'édition de cette journée : rien n'a été modifié. "
    "Rechargez la page et recommencez."
)


class AttendanceInline(admin.TabularInline):
    """The days noted, read only: presence is written by the check-in pages only (inscriptions/checkin.py)."""

    model = Attendance
    extra = 0
    fields = ["day", "recorded_at"]
    readonly_fields = ["day", "recorded_at"]
    can_delete = False
    verbose_name_plural = _("présences (modifiables dans « Présences par journée »)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(StateActionsMixin, XlsxExportMixin, AnnouncementMixin, admin.ModelAdmin):
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
        (_("Personne"), {"fields": ["first_name", "last_name", "email", "user", "organisation", "function", "sector"]}),
        (
            pgettext_lazy("registration: accessibility and meals", "Accueil"),
            {"fields": ["accessibility_needs", "dietary_restrictions"]},
        ),
        (_("Suivi"), {"fields": ["consented_at", "created_at", "updated_at"]}),
    ]
    inlines = [AttendanceInline]

    def has_add_permission(self, request):
        return False  # people register themselves, with their consent

    def has_delete_permission(self, request, obj=None):
        # Organizers cancel; deleting is the participant's own right (or a superuser's).
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        """The form's changes, through the one function that changes a registration's details."""
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in details.EDITABLE}
        changed = details.change(obj, values, by_participant=False)
        notice = details.attestation_unchanged_notice(obj, changed)
        if notice:
            self.message_user(request, notice, messages.WARNING)

    @admin.action(description=_("Exporter en CSV (Excel)"), permissions=["view"])
    def export_selected(self, request, queryset):
        return self._csv(queryset)

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
        context = {**self.admin_site.each_context(request), "title": gettext("Présences par journée"), "days": days}
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
            return self._set_presences(request, day)
        people = people.annotate(present=Exists(Attendance.objects.filter(day=day, registration=OuterRef("pk"))))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Présences — %(day)s") % {"day": day},
            "day": day,
            "people": people,
            "query": query,
            "days_url": reverse("admin:inscriptions_checkin_days"),
        }
        return TemplateResponse(request, "admin/inscriptions/registration/checkin.html", context)

    def _set_presences(self, request, day):
        """The ticked people present (or absent), through inscriptions/checkin.py: ids read strictly,
        all of the day's edition, else nothing changes (400, in French)."""
        ids = clean_input.parse_ids(request.POST.getlist("ids"))
        if ids is None:
            return render(request, "bad_input.html", {"message": BAD_PRESENCE_IDS}, status=400)
        chosen = list(day.edition.registrations.filter(pk__in=ids))
        if len(chosen) != len(set(ids)):
            return render(request, "bad_input.html", {"message": OTHER_IDS}, status=400)
        present = request.POST.get("action") != "absent"
        result = checkin.set_presences(day, chosen, present)
        count = len(result.changed)
        if present:
            text = ngettext(
                "%(count)s personne(s) marquée(s) présente(s) le %(day)s.",
                "%(count)s personne(s) marquée(s) présente(s) le %(day)s.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s présence(s) retirée(s) pour %(day)s.",
                "%(count)s présence(s) retirée(s) pour %(day)s.",
                count,
            )
        self.message_user(request, text % {"count": count, "day": day}, messages.SUCCESS)
        for _registration, reason in result.refused:
            self.message_user(request, gettext("Refusé : %(reason)s") % {"reason": reason}, messages.ERROR)
        return redirect(request.get_full_path())


def summary(queryset):
    """Counts by type, by sector and by state, in three queries whatever the size of the list."""
    kind_labels, sector_labels = dict(Registration.Kind.choices), dict(Sector.choices)
    state_labels = dict(Registration.State.choices)

    def count_by(field, labels):
        counts = dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        return [(label, counts.get(value, 0)) for value, label in labels.items()]

    return {
        gettext("Par type"): count_by("kind", kind_labels),
        gettext("Par secteur"): count_by("sector", sector_labels),
        gettext("Par état"): count_by("state", state_labels),
    }


class RoleGrantInline(admin.TabularInline):
    """Every role given to the account or taken back: who, when (read only)."""

    model = RoleGrant
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["action", "role", "by_name", "at"]
    readonly_fields = fields
    verbose_name_plural = _("rôles donnés et retirés")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _role_action(role, give):
    label = _("Donner le rôle « {role} »") if give else _("Retirer le rôle « {role} »")

    @admin.action(description=format_lazy(label, role=ROLE_LABELS.get(role, role)))
    def action(modeladmin, request, queryset):
        done = 0
        for user in queryset:
            try:
                (staff.grant if give else staff.revoke)(user, role, by=request.user)
            except PermissionDenied:
                modeladmin.message_user(
                    request,
                    gettext("Seul un superutilisateur donne ou retire ce rôle : « %(role)s ».")
                    % {"role": role_label(role)},
                    messages.ERROR,
                )
                return
            done += 1
        if give:
            text = ngettext(
                "Rôle « %(role)s » donné à %(count)s compte(s).", "Rôle « %(role)s » donné à %(count)s compte(s).", done
            )
        else:
            text = ngettext(
                "Rôle « %(role)s » retiré à %(count)s compte(s).",
                "Rôle « %(role)s » retiré à %(count)s compte(s).",
                done,
            )
        modeladmin.message_user(request, text % {"role": role_label(role), "count": done}, messages.SUCCESS)

    action.__name__ = f"{'grant' if give else 'revoke'}_{'team' if role == TEACHING_TEAM else 'organizers'}"
    return action


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts, for superusers only: the group Organisateurs has no permission on them.
    Accounts are created by registering (or `createsuperuser`); passwords are never shown. Roles are
    given and taken back by the actions of the list (inscriptions/staff.py keeps who and when), never
    by editing the groups."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "roles", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_staff", "is_active", "groups"]
    fields = ["email", "first_name", "last_name", "is_active", "is_staff", "is_superuser", "roles", "last_login"]
    readonly_fields = ["roles", "last_login"]
    inlines = [RoleGrantInline]
    # The address normalized before it is validated, as on every form of the site (inscriptions/identity.py).
    formfield_overrides = {models.EmailField: {"form_class": identity.EmailField}}
    actions = [
        _role_action(TEACHING_TEAM, give=True),
        _role_action(TEACHING_TEAM, give=False),
        _role_action(ORGANIZERS_GROUP, give=True),
        _role_action(ORGANIZERS_GROUP, give=False),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("rôles"))
    def roles(self, user):
        return ", ".join(role_label(group.name) for group in user.groups.all()) or "—"

    def has_add_permission(self, request):
        return False


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Who gave which role to whom, and when: read only."""

    list_display = ["at", "action", "role", "user_email", "by_name"]
    list_filter = ["role", "action"]
    search_fields = ["user_email", "by_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
