"""Announcements in the admin: the action « Envoyer une annonce par courriel » on the chosen
registrations opens a page with a subject and a text; « Prévisualiser » shows the e-mail as the first
person will get it and who gets it; « Envoyer » queues one e-mail per person (inscriptions/announcements.py).
The page posts back to the list with the same selection, as Django's own confirmation pages do."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from inscriptions import announcements


class AnnouncementMixin:
    """For RegistrationAdmin: the action `announce_selected`."""

    @admin.action(description=_("Envoyer une annonce par courriel"), permissions=["change"])
    def announce_selected(self, request, queryset):
        step = next((step for step in ("send", "preview", "edit") if step in request.POST), "write")
        form = announcements.AnnouncementForm(request.POST if step != "write" else None)
        people = announcements.recipients(queryset)
        if step == "send" and form.is_valid():
            count = announcements.send(queryset, form.cleaned_data["subject"], form.cleaned_data["body"])
            text = ngettext(
                "%(count)s courriel(s) mis en file d'envoi.", "%(count)s courriel(s) mis en file d'envoi.", count
            )
            self.message_user(request, text % {"count": count}, messages.SUCCESS)
            return None  # back to the list
        preview = None
        if step == "preview" and form.is_valid() and people:
            preview = announcements.message(people[0], form.cleaned_data["subject"], form.cleaned_data["body"])
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Annonce par courriel"),
            "opts": self.model._meta,
            "form": form,
            "people": people,
            "unsubscribed": queryset.filter(announcement_refusal__isnull=False).count(),
            "preview": preview,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/inscriptions/registration/announcement.html", context)
