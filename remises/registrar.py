"""The registrar's spreadsheet of an edition: its credit registrations whose grade is published (name,
matricule, course, grade, date of publication), as .xlsx. Text cells as in the registrations' export
(inscriptions/xlsx_export.py): a matricule keeps its zeros, « A+ » or « =1+1 » stays text; the date of
publication is a real date. Nothing of the cahier is in it: organizers may export it, never the answers."""

import io

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from automne.french import sort_key
from inscriptions.models import Registration
from inscriptions.xlsx_export import _text as text_cell
from remises.models import Publication

SHEET = "Notes"
COLUMNS = [
    ("Nom", 24),
    ("Prénom", 18),
    ("Matricule", 14),
    ("Sigle du cours", 14),
    ("Cours", 40),
    ("Note", 10),
    ("Publiée le", 18),
]


def published_grades(edition):
    """The edition's seated credit registrations with their newest published grade, those without one left out."""
    newest = Publication.objects.filter(
        assessment__assignment__edition=edition, assessment__participant=OuterRef("user")
    ).order_by("-published_at", "-pk")
    registrations = (
        Registration.objects.filter(edition=edition, kind=Registration.Kind.CREDIT)
        .holding_a_seat()
        .annotate(grade=Subquery(newest.values("grade")[:1]), published_at=Subquery(newest.values("published_at")[:1]))
        .exclude(grade__isnull=True)
        .exclude(grade="")
        .select_related("edition")
    )
    return sorted(registrations, key=lambda r: (sort_key(r.last_name), sort_key(r.first_name), r.pk))


def grades_xlsx(edition):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([title for title, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row, registration in enumerate(published_grades(edition), start=2):
        values = [
            registration.last_name,
            registration.first_name,
            registration.matricule,
            edition.course_code,
            edition.course_title,
            registration.grade,
        ]
        for column, value in enumerate(values, start=1):
            text_cell(sheet.cell(row=row, column=column), value)
        published = sheet.cell(row=row, column=len(values) + 1)
        published.value = timezone.localtime(registration.published_at).replace(tzinfo=None)
        published.number_format = "yyyy-mm-dd hh:mm"
    for column, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(edition):
    return f"notes-{edition.slug}.xlsx"
