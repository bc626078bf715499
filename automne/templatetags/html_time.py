from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso_datetime(value):
    """{{ moment|iso_datetime }} → "2025-10-21T13:30:05-04:00", for `<time datetime>`: local time
    to the second with its offset (HTML allows at most 3 decimal digits, `date:'c'` writes 6)."""
    if value in (None, ""):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()
