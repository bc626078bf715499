from django import template

from automne import french

register = template.Library()


@register.filter
def heure_secondes(value):
    """{{ revision.saved_at|heure_secondes }} → "14 h 32 min 05 s"."""
    if value in (None, ""):
        return ""
    return french.format_time_seconds(value)


@register.filter
def heure(value):
    """{{ slot.starts_at|heure }} → "13 h 30", "9 h"."""
    if value in (None, ""):
        return ""
    return french.format_time(value)


@register.filter
def moment(value):
    """{{ edition.registration_opens_at|moment }} → "lundi 1er septembre 2026 à 9 h"."""
    if value in (None, ""):
        return ""
    return french.format_moment(value)


@register.filter
def date_longue(value):
    """{{ day.date|date_longue }} → "lundi 20 octobre 2025"."""
    if value in (None, ""):
        return ""
    return french.format_date(value)
