"""The registrations' Excel export in the admin: an action on the selection, and a link beside the
CSV one that exports the list as filtered and searched (inscriptions/xlsx_export.py builds the file)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from inscriptions.xlsx_export import registrations_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxExportMixin:
    """For RegistrationAdmin: the action `export_xlsx_selected` and the page `export.xlsx`."""

    @admin.action(description=_("Exporter en Excel (.xlsx)"), permissions=["view"])
    def export_xlsx_selected(self, request, queryset):
        return xlsx_response(queryset)

    def get_urls(self):
        view = self.admin_site.admin_view(self.export_xlsx_view)
        return [path("export.xlsx", view, name="inscriptions_registration_export_xlsx"), *super().get_urls()]

    def export_xlsx_view(self, request):
        """The list as filtered and searched on the page, all of it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return xlsx_response(self.get_changelist_instance(request).get_queryset(request))


def xlsx_response(registrations):
    response = HttpResponse(registrations_xlsx(registrations.select_related("edition")), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="inscriptions.xlsx"'
    return response
