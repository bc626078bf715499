"""What several programme admin pages share: the lists of sessions they show, and the room select
queried once per request."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from automne import clean_input
from programme.models import ROOM_TO_COME, Edition, Room


def session_site_link(session):
    url = session.get_absolute_url()
    return format_html('<a href="{}">Voir sur le site</a>', url)


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
        return "Aucune séance."
    items = format_html_join("", '<li>{} — <a href="{}">{}</a> ({})</li>', rows)
    return format_html('<ul class="admin-sessions">{}</ul>', items)


class CachedRoomChoices:
    """The room select, queried once per request instead of once per row; empty is "Salle à venir"."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "room":
            if not hasattr(request, "_room_choices"):
                request._room_choices = [("", ROOM_TO_COME)] + [(room.pk, str(room)) for room in Room.objects.all()]
            field.choices = request._room_choices
        return field


class EditionFilter(admin.SimpleListFilter):
    """Every list shows the current edition unless the organizer picks another, or all of them.
    `for_path` gives the filter of a model reached through `path` (e.g. "time_slot__day__edition")."""

    title = "édition"
    parameter_name = "edition"
    ALL = "toutes"
    path = "edition"

    @classmethod
    def for_path(cls, path):
        return type(f"EditionFilter_{path}", (cls,), {"path": path})

    def lookups(self, request, model_admin):
        self._editions = list(
            Edition.objects.order_by("-starts_on").values_list("pk", "name", "starts_on", "is_current")
        )
        return [(str(pk), f"{name} ({starts_on.year})") for pk, name, starts_on, _ in self._editions] + [
            (self.ALL, "Toutes les éditions")
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


class CurrentEditionByDefault:
    """New rows of an edition's model start in the current edition."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        current = Edition.objects.current()
        if current and "edition" not in initial:
            initial["edition"] = current.pk
        return initial
