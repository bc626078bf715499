"""The check-in QR code of « Mon espace » (the rule lives in inscriptions/checkin.py)."""

from django import template

from inscriptions import checkin

register = template.Library()


@register.filter
def has_checkin_code(registration):
    return checkin.has_code(registration)
