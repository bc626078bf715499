"""English forms of what the site writes itself (issue 24): « 1:30 p.m. », « Monday, October 20, 2025 »,
« 3.8 », « 42% », « 20 MB ». automne/french.py calls them when the page or message is in English."""

from django.utils import formats
from django.utils.timezone import localtime


def _local(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "date"):
        return localtime(value)
    return value


def format_hours(minutes):
    """ "6 h", "6 h 30 min": a number of hours (an attestation's)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def format_time(value):
    """ "9 a.m.", "1:30 p.m.", "noon", "midnight" (the Canadian Press style)."""
    value = _local(value)
    if value.minute == 0 and value.hour in (0, 12):
        return "noon" if value.hour == 12 else "midnight"
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour}:{value.minute:02d} {suffix}" if value.minute else f"{hour} {suffix}"


def format_time_seconds(value):
    """ "2:32:05 p.m.": a moment to the second."""
    value = _local(value)
    return f"{value.hour % 12 or 12}:{value.minute:02d}:{value.second:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def format_time_range(start, end):
    return f"{format_time(start)} to {format_time(end)}"


def format_date(value):
    """ "Monday, October 20, 2025"."""
    return formats.date_format(value, "l, F j, Y")


def format_moment(value):
    """ "Monday, September 1, 2026, at 9 a.m.", in Montréal time."""
    local = localtime(value)
    return f"{format_date(local.date())}, at {format_time(local)}"


def format_decimal(value, digits=1):
    """ "3.8", "1,234.5"."""
    return f"{value:,.{digits}f}"


def format_percent(part, whole):
    """ "42%"."""
    return f"{round(100 * part / whole) if whole else 0}%"


def format_bytes(size):
    """ "20 MB", "2.4 MB", "512 KB" (1 MB = 1024 × 1024 bytes)."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{format_decimal(megabytes, 0 if megabytes >= 10 or megabytes.is_integer() else 1)} MB"
    return f"{max(1, round(size / 1024))} KB"
