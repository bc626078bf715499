"""The copy a hand-in fixes: the cahier read once (pages, answers, case studies, drawings), shown as the
preview, then copied row for row and rendered as the PDF that is graded (cahier/pdf.py), with its SHA-256.
The living cahier is only read: the participant goes on writing in it."""

import hashlib
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from automne.french import format_moment
from cahier.models import Drawing, Level
from cahier.pdf import pdf_bytes
from cahier.writing import whole_cahier
from remises.models import HandIn, HandInAnswer, HandInDrawing, HandInPage


def alias_label(alias):
    return f"Participant·e n° {alias}"


@dataclass
class Cahier:
    """A participant's cahier of an edition, read once: what the preview shows and the hand-in copies."""

    owner: object
    edition: object
    views: list
    drawings: list
    levels: list

    @property
    def has_answers(self):
        return any(entry.answer.is_answered for view in self.views for entry in view.entries)

    @property
    def words(self):
        return sum(view.progress.words for view in self.views)

    @property
    def themes(self):
        """Pages with writing areas, each with its answered and empty areas (the preview)."""
        return [view for view in self.views if view.entries]


def read(owner, edition):
    return Cahier(
        owner=owner,
        edition=edition,
        views=whole_cahier(owner, edition),
        drawings=list(Drawing.objects.filter(user=owner, edition=edition)),
        levels=list(Level.objects.filter(edition=edition)),
    )


def render_pdf(cahier, *, number, now, alias=None):
    """The PDF that is graded: the cahier's PDF, its cover saying when it was handed in (and, graded
    anonymously, the alias in place of the name)."""
    context = {
        "owner": cahier.owner,
        "edition": cahier.edition,
        "views": cahier.views,
        "levels": cahier.levels,
        "drawings": cahier.drawings,
        "cover_note": _("Remise n° %(number)s, le %(when)s") % {"number": number, "when": format_moment(now)},
    }
    if alias is not None:
        context["owner_name"] = alias_label(alias)
    return pdf_bytes(context)


def fix(cahier, *, pdf, assignment, number, now, dates, is_late, for_credit):
    """Writes the hand-in: every answer and drawing as read, and its PDF (render_pdf) with its SHA-256."""
    handed_in = HandIn.objects.create(
        assignment=assignment,
        participant=cahier.owner,
        number=number,
        handed_in_at=now,
        due_at=dates.due,
        is_late=is_late,
        for_credit=for_credit,
        statement=assignment.statement,
        words=cahier.words,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    answers = []
    for order, view in enumerate(cahier.views):
        page = HandInPage.objects.create(
            hand_in=handed_in,
            title=str(view.page),
            kind=view.page.kind,
            is_theme=view.page.is_theme,
            case_study=view.case_study.title if view.case_study else "",
            order=order,
        )
        answers.extend(
            HandInAnswer(
                page=page,
                heading=entry.prompt.plain_heading,
                questions=[question.text for question in entry.prompt.guiding_questions.all()],
                text=entry.answer.text,
                words=entry.answer.word_count if entry.answer.pk else 0,
                order=position,
            )
            for position, entry in enumerate(view.entries)
        )
    HandInAnswer.objects.bulk_create(answers)
    drawings = []
    for order, drawing in enumerate(cahier.drawings):
        with drawing.image.open("rb") as file:
            content = file.read()
        drawings.append(
            HandInDrawing(
                hand_in=handed_in,
                caption=drawing.caption,
                content=content,
                content_type=drawing.content_type,
                width=drawing.width,
                height=drawing.height,
                order=order,
            )
        )
    HandInDrawing.objects.bulk_create(drawings)
    return handed_in


def handed_in_on(hand_in):
    return format_moment(timezone.localtime(hand_in.handed_in_at))
