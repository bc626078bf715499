"""What the programme's admin pages share: one path for every write, edition scoping of every select
and autocomplete, the lists of sessions they show, and the edition filter.

- `ProgrammeWrites`: every POST of a page (its form, its list, its actions, its deletions) runs
  inside `clashes.locked()`, and every save or deletion goes through programme/change_effects.py.
- `EditionScoped`: the selects and autocompletes of a page offer only the rows of the edited
  object's edition (`page_edition`), and refuse another edition's row with a French message.
- `ScopedRelatedFilter`: a filter by day or room lists the edition the list shows; under « Toutes
  les éditions », each label says its edition.
"""

from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from automne import clean_input
from automne.admin_ids import AutocompleteSelectOfIds
from programme import change_effects, clashes
from programme.models import ROOM_TO_COME, Day, Edition, Room, Session, Speaker, TimeSlot

ALL_EDITIONS = "toutes"

# What a select offers, by the model it lists: an edition's rows only. Its placeholder, and its
# message for a row of another edition, whole sentences (each language builds its own).
SCOPED = {
    Session: (_("Choisir une séance"), _("Choisissez une séance de l'édition « %(edition)s ».")),
    TimeSlot: (_("Choisir une plage horaire"), _("Choisissez une plage horaire de l'édition « %(edition)s ».")),
    Room: (_("Choisir une salle"), _("Choisissez une salle de l'édition « %(edition)s ».")),
    Speaker: (_("Choisir une personne"), _("Choisissez une personne de l'édition « %(edition)s ».")),
    Day: (_("Choisir une journée"), _("Choisissez une journée de l'édition « %(edition)s ».")),
}


def session_site_link(session):
    url = session.get_absolute_url()
    return format_html('<a href="{}">{}</a>', url, gettext("Voir sur le site"))


def occurrence_lines(occurrences, with_day=True):
    """An HTML list of occurrences: "13 h 30 à 14 h 45 — Titre (Salle)", each title linking to its session."""
    rows = [
        (
            f"{o.time_slot.day}, {o.time_slot.time_range}" if with_day else o.time_slot.time_range,
            reverse("admin:programme_session_change", args=[o.session_id]),
            o.session.title,
            o.room_label,
        )
        for o in occurrences
    ]
    if not rows:
        return gettext("Aucune séance.")
    items = format_html_join("", '<li>{} — <a href="{}">{}</a> ({})</li>', rows)
    return format_html('<ul class="admin-sessions">{}</ul>', items)


# Which edition a page or a list shows


def edition_id_in(value):
    """The edition id written in `value` (the one id parser: ASCII digits only), or None."""
    return clean_input.parse_id(value) if isinstance(value, str) else None


def page_edition(request, obj=None):
    """The edition whose rows a change page offers: the edited object's; on an add page, the one
    its address names (`?edition=`, or the list it came from, kept in `_changelist_filters`), else
    the current one, else the newest."""
    if obj is not None and getattr(obj, "edition_id", None):
        return Edition.objects.filter(pk=obj.edition_id).first()
    cached = getattr(request, "_page_edition", ...)
    if cached is not ...:
        return cached
    named = edition_id_in(request.GET.get("edition"))
    if named is None:
        kept = dict(parse_qsl(request.GET.get("_changelist_filters", "")))
        named = edition_id_in(kept.get("edition"))
    edition = Edition.objects.filter(pk=named).first() if named is not None else None
    edition = edition or Edition.objects.current() or Edition.objects.order_by("-starts_on").first()
    request._page_edition = edition
    return edition


def listed_edition_id(request):
    """The edition a list shows (its « édition » filter): an id, or None for « Toutes les éditions »."""
    if hasattr(request, "_listed_edition_id"):
        return request._listed_edition_id
    chosen = request.GET.get(EditionFilter.parameter_name)
    if chosen == ALL_EDITIONS:
        found = None
    else:
        found = edition_id_in(chosen)
        if found is None:
            found = Edition.objects.filter(is_current=True).values_list("pk", flat=True).first()
    request._listed_edition_id = found
    return found


# Selects and autocompletes


class EditionAutocomplete(AutocompleteSelectOfIds):
    """The admin's autocomplete, asking only for the rows of one edition (`?edition=` in its address,
    read by the target's `get_search_results`). Its placeholder says what to choose, and
    static/js/admin-autocomplete-names.js names select2's box after the select (axe-core:
    aria-input-field-name)."""

    def __init__(self, field, admin_site, edition, **kwargs):
        self.edition_id = edition.pk if edition else ""
        super().__init__(field, admin_site, **kwargs)

    def get_url(self):
        return f"{super().get_url()}?{urlencode({'edition': self.edition_id})}"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = str(SCOPED[self.field.related_model][0])
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin-autocomplete-names.js"])


def room_choices(request, edition_id):
    """The room select of `edition_id`'s rows (« Salle à venir » first): all editions' rooms read
    once per request, in 1 query, so that a list of rows of several editions costs no more."""
    if not hasattr(request, "_rooms_by_edition"):
        request._rooms_by_edition = {}
        for room in Room.objects.order_by("name", "pk"):
            request._rooms_by_edition.setdefault(room.edition_id, []).append((room.pk, str(room)))
    return [("", gettext(ROOM_TO_COME)), *request._rooms_by_edition.get(edition_id, [])]


def scope(field, model, edition):
    """`field` (a ModelChoiceField listing `model`) offers and accepts only `edition`'s rows."""
    field.queryset = model._default_manager.filter(edition=edition)
    field.error_messages["invalid_choice"] = SCOPED[model][1] % {"edition": edition}


class EditionScoped:
    """Selects and autocompletes of a change page (and of its inlines) scoped to `page_edition`.
    A page that edits an edition's row sets `request._page_edition` before building its form
    (get_form), so that its inlines read the same edition."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._page_edition = page_edition(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if model not in SCOPED:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        edition = page_edition(request)
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = EditionAutocomplete(db_field, self.admin_site, edition, using=kwargs.get("using"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is None:
            return None
        scope(field, model, edition)
        if model is Room:
            field.choices = room_choices(request, edition.pk if edition else None)
        return field


class ScopedSearch:
    """The target of an EditionAutocomplete: its results are the rows of the edition it asks for
    (none for an edition id that is not one); the list's own search is left as it is."""

    def get_search_results(self, request, queryset, search_term):
        if "field_name" in request.GET and "edition" in request.GET:  # the admin's autocomplete
            queryset = queryset.filter(edition=edition_id_in(request.GET["edition"]))
        return super().get_search_results(request, queryset, search_term)


class LabelledRows:
    """A tabular inline whose every widget is named by its column (a column heading labels nothing
    for assistive technologies), in a table whose every column has a heading."""

    template = "admin/programme/edit_inline/tabular.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            getattr(field.widget, "widget", field.widget).attrs["aria-label"] = capfirst(field.label)
        return field


# One path for every write


class ProgrammeWrites:
    """Every write of the page goes through the programme's one path: each POST (a form, the list's
    editable rows, an action, a deletion) holds the programme's lock from its checks to its last
    write (clashes.locked), and every save or deletion does what programme/change_effects.py says."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        with clashes.locked():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        with clashes.locked():
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        with clashes.locked():
            return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        change_effects.save(obj)

    def delete_model(self, request, obj):
        change_effects.delete(obj)

    def delete_queryset(self, request, queryset):
        change_effects.delete(*queryset)

    def save_formset(self, request, form, formset, change):
        saved = formset.save(commit=False)
        change_effects.delete(*formset.deleted_objects)
        change_effects.save(*saved)
        formset.save_m2m()


class EditionByDefault:
    """A new day, room, person or session starts in the page's edition (page_edition)."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        edition = page_edition(request)
        if edition is not None:
            initial["edition"] = edition.pk
        return initial


class EditionKept:
    """An edition's day, room, person or session stays in it: once it exists, its edition is shown,
    not edited (its slots, sessions and speakers' places point at that edition). The field stays in
    the form, disabled, so that the rules naming it (one room of a name per edition…) are checked."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "edition" in form.base_fields:
            form.base_fields["edition"].disabled = True
            form.base_fields["edition"].help_text = gettext("Une ligne reste dans l'édition où elle a été créée.")
        return form


# The lists


class EditionFilter(admin.SimpleListFilter):
    """Every list shows the current edition unless the organizer picks another, or all of them.
    `for_path` gives the filter of a model reached through `path` (e.g. "time_slot__day__edition")."""

    title = _("édition")
    parameter_name = "edition"
    ALL = ALL_EDITIONS
    path = "edition"

    @classmethod
    def for_path(cls, path):
        return type(f"EditionFilter_{path}", (cls,), {"path": path})

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        # For the filters after it (ScopedRelatedFilter), without reading the editions again.
        chosen = self.value()
        request._listed_edition_id = None if chosen == self.ALL else edition_id_in(chosen)

    def lookups(self, request, model_admin):
        self._editions = list(
            Edition.objects.order_by("-starts_on").values_list("pk", "name", "starts_on", "is_current")
        )
        return [(str(pk), f"{name} ({starts_on.year})") for pk, name, starts_on, _ in self._editions] + [
            (self.ALL, gettext("Toutes les éditions"))
        ]

    def value(self):
        chosen = super().value()
        if chosen == self.ALL or clean_input.parse_id(chosen) is not None:
            return chosen
        current = next((pk for pk, _, _, is_current in self._editions if is_current), None)
        return str(current) if current else self.ALL

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        chosen = self.value()
        return queryset if chosen == self.ALL else queryset.filter(**{self.path: chosen})


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A filter by day or room listing only the rows of the edition the list shows; under « Toutes
    les éditions », each label says its edition (two editions have rooms of the same name)."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        ordering = self.field_admin_ordering(field, request, model_admin) or model._meta.ordering
        rows = model._default_manager.select_related("edition").order_by(*ordering, "pk")
        edition_id = listed_edition_id(request)
        if edition_id is None:
            return [(row.pk, f"{row} — {row.edition}") for row in rows]
        return [(row.pk, str(row)) for row in rows.filter(edition=edition_id)]
