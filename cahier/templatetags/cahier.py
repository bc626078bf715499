import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
