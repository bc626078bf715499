from django import template
from django.utils.safestring import SafeData

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


@register.filter
def typographie(value, language="fr"):
    """{{ session.title|typographie:session.language }}: what an organizer typed, with the OQLF's no-break
    spaces and guillemets (automne.french.typography), before any escaping or |linebreaks. Text in English
    (language "en") is shown as typed; so is HTML already built (SafeData), whose markup is not text."""
    if value in (None, ""):
        return ""
    language = getattr(value, "lang", language)  # a text shown in its own language (programme/models/english.py)
    if language == "en" or isinstance(value, SafeData):
        return value
    return french.typography(value)


@register.filter
def entre_guillemets(value, language="fr"):
    """{{ session.title|entre_guillemets }} → « Le titre », a quotation in the title in “ ”; “The title” on an
    English page."""
    if french.in_english():
        return f"“{value}”"
    if language == "en":
        return f"«{french.NBSP}{value}{french.NBSP}»"
    return french.quoted(value)
