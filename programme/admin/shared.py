"""What several programme admin pages share: the lists of sessions they show, and the room select
queried once per request."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from programme.models import ROOM_TO_COME, Room


def session_site_link(session):
    url = reverse("programme:session", kwargs={"slug": session.slug})
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
