"""French typography per the OQLF, for times, hours and dates, and French text folded for searching and sorting."""

import unicodedata

from django.utils import formats
from django.utils.timezone import localtime

NBSP = "\xa0"


def format_hours(minutes):
    """ "6 h" for whole hours, "13 h 30" otherwise, with no-break spaces: the one way the site
    writes an hour, whether a time of day (format_time) or a number of hours (an attestation's)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"


def format_time(value):
    """ "9 h" for a whole hour, "13 h 30" otherwise, with no-break spaces."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "date"):
        value = localtime(value)
    return format_hours(value.hour * 60 + value.minute)


def format_time_seconds(value):
    """ "14 h 32 min 05 s": a moment to the second (OQLF), to tell apart versions saved within a minute."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "date"):
        value = localtime(value)
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}{NBSP}min{NBSP}{value.second:02d}{NBSP}s"


def format_time_range(start, end):
    return f"{format_time(start)} à {format_time(end)}"


def format_date(value):
    """ "lundi 20 octobre 2025" (the first day of a month is "1er")."""
    text = formats.date_format(value, "l j F Y")
    if value.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


def format_moment(value):
    """ "lundi 1er septembre 2026 à 9 h": a date and time, in Montréal time."""
    local = localtime(value)
    return f"{format_date(local.date())} à {format_time(local)}"


def format_decimal(value, digits=1):
    """ "3,8": a decimal comma, and a no-break space between thousands ("1 234,5")."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


def format_percent(part, whole):
    """ "42 %": a share rounded to the unit, with a no-break space before the sign ("0 %" of nothing)."""
    return f"{round(100 * part / whole) if whole else 0}{NBSP}%"


def format_bytes(size):
    """ "20 Mo", "2,4 Mo", "512 ko": a size as the site's limits say it (1 Mo = 1024 × 1024 octets)."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{format_decimal(megabytes, 0 if megabytes >= 10 or megabytes.is_integer() else 1)}{NBSP}Mo"
    return f"{max(1, round(size / 1024))}{NBSP}ko"


def fold(text):
    """Lower case without accents, for searching: "L'Espérance" → "l'esperance"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text):
    """A key that sorts French words as a reader expects: accents, case,
    apostrophes, hyphens and spaces do not count (L'Espérance sorts as lesperance)."""
    return "".join(c for c in fold(text) if c.isalnum())


def typeset(text):
    """A no-break space before « : ; ? ! » and inside guillemets, where a plain space was typed: for
    messages and e-mails written as Python strings or plain-text templates."""
    for mark in (":", ";", "?", "!", "»"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")
