import re

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from automne import french

register = template.Library()
BOLD = re.compile(r"\*\*(.+?)\*\*")


@register.filter
def emphase(text):
    """Words between ** ** in bold, as printed (« Que retenez-vous **pour vous** … »); everything else escaped."""
    return mark_safe(BOLD.sub(r"<strong>\1</strong>", escape(text)))


@register.filter
def pluriel(count):
    """French plural: « 0 mot », « 1 mot », « 2 mots » (Django's pluralize treats 0 as plural)."""
    return "s" if abs(int(count)) >= 2 else ""


@register.filter
def quand(value, seconds=False):
    """{{ comment.created_at|quand }} → "lundi 20 octobre 2025 à 13 h 30" (Montréal time), to the second with
    `quand:True`, as a value a translated sentence can hold."""
    if value in (None, ""):
        return ""
    if not seconds:
        return french.format_moment(value)
    local = timezone.localtime(value)
    return _("%(date)s à %(time)s") % {
        "date": french.format_date(local.date()),
        "time": french.format_time_seconds(local),
    }


@register.filter
def plural_count(value):
    """An integer ngettext can choose a form by: 1 for exactly one, 0 otherwise (« 0,5 point » is « 0.5 points »)."""
    try:
        return 1 if value == 1 else 0
    except TypeError:
        return 0
