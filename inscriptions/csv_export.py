"""Registrations as a CSV file that Excel and LibreOffice open correctly with their defaults: UTF-8 with a
BOM, semicolons (the list separator of French-Canadian Excel), no cell of the data run as a formula, and
identifiers kept as text.

A spreadsheet opening a CSV file reads « 00123 » as the number 123: a matricule loses its leading zeros (and
an identifier of more than 15 digits its last ones). Neither program has a default that keeps a plain or a
quoted field as text (LibreOffice's « Format quoted field as text » is off by default; Excel ignores the
quotes); a leading apostrophe shows as typed, and a tab or an invisible character would stay in the cell and
break lookups. What both read as text with their defaults is a formula whose result is that text,
`="00123"`: Excel evaluates it on opening, and so does LibreOffice's import (« Evaluate formulas », on by
default). Only digits ever go into that formula, which we write: a cell of the data that starts like a
formula is still neutralised (inscriptions/tests/test_csv_spreadsheets.py opens the file in LibreOffice)."""

import csv
import io

from django.utils import timezone

COLUMNS = [
    ("Nom", lambda r: r.last_name),
    ("Prénom", lambda r: r.first_name),
    ("Courriel", lambda r: r.email),
    ("Type", lambda r: r.kind_label()),
    ("Matricule", lambda r: r.matricule),
    ("Organisation", lambda r: r.organisation),
    ("Fonction", lambda r: r.function),
    ("Secteur", lambda r: r.get_sector_display()),
    ("Besoins d'accessibilité", lambda r: r.accessibility_needs),
    ("Restrictions alimentaires", lambda r: r.dietary_restrictions),
    ("État", lambda r: r.get_state_display()),
    ("Reçue le", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
    ("Édition", lambda r: r.edition.name),
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell starting like a formula is prefixed with an apostrophe: shown, never run."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# Identifiers: kept as text whatever their digits. Any other all-digit value is, when a number would change it.
IDENTIFIERS = {"Matricule"}
MAX_EXACT_DIGITS = 15  # A spreadsheet's number keeps 15 significant digits.


def as_text(value, identifier=False):
    """ "00123" → '="00123"', which Excel and LibreOffice both show as the text 00123."""
    digits = value.isascii() and value.isdigit()
    if digits and (identifier or (len(value) > 1 and value.startswith("0")) or len(value) > MAX_EXACT_DIGITS):
        return f'="{value}"'
    return value


def registrations_csv(registrations):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in COLUMNS])
    for registration in registrations:
        writer.writerow([as_text(neutralise(value(registration)), title in IDENTIFIERS) for title, value in COLUMNS])
    return buffer.getvalue().encode("utf-8")
