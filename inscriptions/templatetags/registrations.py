"""Pieces of « Mon espace » that a translated sentence takes as a value (issue 24): `{% include %}` cannot
be kept in a variable, so the organizers' address with its link is rendered here."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def whom_to_write(registration):
    """ "aux organisateurs : <a href="mailto:…">…</a>", as inscriptions/includes/whom.html writes it."""
    return render_to_string("inscriptions/includes/whom.html", {"registration": registration})
