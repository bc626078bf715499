"""Registrations as a CSV file that Excel opens correctly: UTF-8 with a BOM, semicolons
(the list separator of French-Canadian Excel), and no cell that Excel would run as a formula."""

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


def registrations_csv(registrations):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for title, _ in COLUMNS])
    for registration in registrations:
        writer.writerow([neutralise(value(registration)) for _, value in COLUMNS])
    return buffer.getvalue().encode("utf-8")
