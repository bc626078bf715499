"""The results as an Excel workbook (.xlsx, openpyxl): what the results page shows, and the same
threshold (MIN_ANSWERS) — a sheet per part. Text cells stay text (a comment starting with « = » is
shown, never computed); comments are in the order of their random keys, which says nothing of who
wrote them or when."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from appreciations.models import SCORES
from appreciations.results import MIN_ANSWERS

TEXT = "@"


def _text(cell, value):
    cell.number_format = TEXT
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text:
        cell.value = text
        cell.data_type = "s"


def _sheet(workbook, title, header, widths, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", widths, strict=False):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _append(sheet, values):
    """A row: numbers as numbers, everything else as text."""
    row = sheet.max_row + 1
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.value = value
        elif value is not None:
            _text(cell, value)


def workbook(edition, session_results, question_results):
    """The workbook, its sheets' names, headers and words in the language of the request."""
    book = Workbook()
    fewer = _("moins de %(count)s") % {"count": MIN_ANSWERS}
    scores = [_("Note %(score)s") % {"score": s} for s in SCORES]
    session_, answers, mean_ = _("Séance"), _("Réponses"), _("Moyenne")
    sessions = _sheet(book, _("Séances"), [session_, answers, mean_, *scores], [50, 10, 10, *[9] * 5], first=True)
    comments = _sheet(book, _("Commentaires des séances"), [session_, _("Commentaire")], [50, 100])
    for result in session_results:
        if not result.shown:
            _append(sessions, [result.session.title, fewer])
            continue
        _append(sessions, [result.session.title, result.count, round(result.mean, 2), *result.distribution.counts])
        for comment in result.comments:
            _append(comments, [result.session.title, comment])
    question_, answer = _("Question"), _("Réponse")
    questions = _sheet(
        book,
        _("Questionnaire"),
        [question_, _("Type"), answers, mean_, answer, _("Nombre")],
        [60, 18, 10, 10, 40, 10],
    )
    texts = _sheet(book, _("Réponses libres"), [question_, answer], [60, 100])
    for result in question_results:
        question = result.question
        if not result.shown:
            _append(questions, [question.text, question.get_kind_display(), fewer])
            continue
        mean = round(result.mean, 2) if result.mean is not None else None
        _append(questions, [question.text, question.get_kind_display(), result.count, mean])
        if result.distribution:
            for row in result.distribution.rows:
                _append(questions, [None, None, None, None, row.label, row.count])
        for text in result.texts:
            _append(texts, [question.text, text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
