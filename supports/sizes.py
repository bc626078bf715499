"""A file's size as the site writes it, in the page's language: « 20 Mo », « 2,4 Mo », « 512 ko » in
French (automne/french.py), « 20 MB », « 2.4 MB », « 512 KB » in English (1 MB = 1024 × 1024 bytes,
as the limits are counted)."""

from django.utils.translation import get_language

from automne.french import format_bytes


def format_size(size):
    if not (get_language() or "").startswith("en"):
        return format_bytes(size)
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        digits = 0 if megabytes >= 10 or megabytes.is_integer() else 1
        return f"{megabytes:,.{digits}f}\u00a0MB"
    return f"{max(1, round(size / 1024))}\u00a0KB"
