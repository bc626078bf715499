"""Registrations as an Excel workbook (.xlsx, openpyxl): the CSV's columns, state included, on one
sheet. Every cell is text, so that a matricule such as 00012345 keeps its zeros, accents stay as
typed, and a value that looks like a formula (=, +, -, @) is shown, never run; only « Reçue le » is a
real date, which Excel sorts and filters."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from inscriptions.csv_export import COLUMNS

SHEET = "Inscriptions"
RECEIVED = "Reçue le"
TEXT = "@"  # Excel's « Texte » number format: what is typed there later stays text too
WIDTHS = {"Nom": 22, "Prénom": 18, "Courriel": 32, "Type": 40, "Organisation": 30, "Fonction": 28, "Édition": 36}


def registrations_xlsx(registrations):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([title for title, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, registration in enumerate(registrations, start=2):
        for column, (title, value) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row, column=column)
            if title == RECEIVED:
                cell.value = timezone.localtime(registration.created_at).replace(tzinfo=None)
                cell.number_format = "yyyy-mm-dd hh:mm"
            else:
                _text(cell, value(registration))
    for column, (title, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(title, 18)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(cell, value):
    cell.number_format = TEXT
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text:  # an empty value stays an empty cell
        # openpyxl takes a string starting with "=" as a formula: the type is set back to string after.
        cell.value = text
        cell.data_type = "s"
