"""« Supports des séances » in the admin: organizers add a file or a link to any session, and change
its title, visibility and order. Every write goes through supports/materials.py, as the speakers'
space does: the same checks (type read from the bytes, limits per file and per edition)."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne.admin_ids import ModelChoiceOfIds
from automne.french import format_bytes
from programme.admin.shared import EditionFilter
from programme.models import Session
from supports import materials
from supports.models import Material


class SessionChoice(ModelChoiceOfIds):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.edition.name} {obj.edition.starts_on.year})"


class MaterialForm(forms.ModelForm):
    # A plain list, newest edition first: the admin's autocomplete would look up whatever id was sent.
    session = SessionChoice(
        label=_("Séance"), queryset=Session.objects.select_related("edition").order_by("-edition__starts_on", "title")
    )
    upload = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_(
            "PDF, PowerPoint (.pptx), Word (.docx), Excel (.xlsx) ou OpenDocument. Le type est lu dans le "
            "fichier lui-même. Laisser vide pour un lien, ou pour garder le fichier actuel."
        ),
    )

    url = forms.URLField(
        label=_("Lien"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Une adresse https:// ou http://."),
    )

    class Meta:
        model = Material
        fields = ["session", "title", "visibility", "upload", "url", "order"]

    def clean(self):
        data = super().clean()
        session = data.get("session") or getattr(self.instance, "session", None)
        if session is None or self.errors:
            return data
        upload, url = data.get("upload"), data.get("url", "")
        try:
            if self.instance.pk is None:
                materials.check(
                    session, title=data.get("title"), visibility=data.get("visibility"), upload=upload, url=url
                )
            else:
                materials.clean_title(data.get("title"))
                if self.instance.is_file and url:
                    raise materials.Refused(materials.FILE_OR_LINK, "url")
                if not self.instance.is_file and upload is not None:
                    raise materials.Refused(materials.FILE_OR_LINK, "upload")
                if upload is not None:
                    materials.read_upload(upload)
                if not self.instance.is_file:
                    materials.clean_url(url)
        except materials.Refused as refusal:
            field = {"file": "upload"}.get(refusal.field, refusal.field)
            self.add_error(field if field in self.fields else None, refusal.message)
        return data


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    form = MaterialForm
    list_display = ["title", "session", "kind", "visibility", "file_size"]
    list_select_related = ["session__edition"]
    list_filter = [EditionFilter.for_path("session__edition"), "visibility", "file_type"]
    search_fields = ["title", "session__title"]
    ordering = ["session__title", "order", "pk"]

    def get_readonly_fields(self, request, obj=None):
        # A material stays with its session: a file or a link of another session is added anew.
        return ["session", "current_file"] if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["session", "title", "visibility", "upload", "url", "order"]
        if obj.is_file:
            return ["session", "title", "visibility", "current_file", "upload", "order"]
        return ["session", "title", "visibility", "url", "order"]

    @admin.display(description=_("fichier actuel"))
    def current_file(self, obj):
        return f"{obj.get_file_type_display()}, {format_bytes(obj.size)}"

    @admin.display(description=_("type"))
    def kind(self, obj):
        return obj.get_file_type_display() if obj.is_file else gettext("Lien")

    @admin.display(description=_("taille"), ordering="size")
    def file_size(self, obj):
        return format_bytes(obj.size) if obj.is_file else "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            materials.change(
                obj,
                title=data["title"],
                visibility=data["visibility"],
                order=data["order"],
                upload=data.get("upload"),
                url=None if obj.is_file else data.get("url", ""),
            )
            return
        created = materials.add(
            data["session"],
            title=data["title"],
            visibility=data["visibility"],
            upload=data.get("upload"),
            url=data.get("url", ""),
            by=request.user,
            order=data["order"],
        )
        obj.__dict__.update({name: value for name, value in created.__dict__.items() if name != "_state"})
        obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except materials.Refused as refusal:
            # Checked again while writing, with the edition locked: another upload took the room meanwhile.
            messages.error(request, refusal.message)
            return HttpResponseRedirect(request.get_full_path())
