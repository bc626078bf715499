"""A notebook as a PDF worth handing in: a cover (name, edition, date), page numbers, answers set apart from the
prompts (indented, with a rule and another colour), ragged-right text, each drawing kept with its caption,
/Lang fr-CA and document metadata.

Fonts: automne/pdf.py (DejaVu Sans, then Symbola and Droid Sans Fallback when installed; a character that no
available font has is printed as a visible marker, « [U+4E2D] », never silently dropped; Arabic shaped by HarfBuzz).
"""

import io

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from automne.french import format_date
from automne.pdf import add_fonts, printable
from cahier.models import Page

ANSWER_INK = (12, 60, 110)
QUESTION_INK = (85, 85, 85)
RULE = (164, 54, 28)
LINE = 5.5  # mm per line of body text


class CahierPDF(FPDF):
    cover_pages = 1

    def footer(self):
        if self.page_no() <= self.cover_pages:
            return
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.set_text_color(0)
        self.cell(0, 10, f"Page {self.page_no()} sur {{nb}}", align="C")


class Writer:
    """Writes a notebook's pages into a CahierPDF."""

    def __init__(self, pdf, codepoints):
        self.pdf = pdf
        self.codepoints = codepoints

    def text(self, text, size=11, style="", ink=(0, 0, 0), indent=0, space_after=2):
        pdf = self.pdf
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*ink)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            pdf.epw - indent,
            size * 0.5,
            printable(text, self.codepoints),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(space_after)
        pdf.set_text_color(0)

    def heading(self, text, size):
        pdf = self.pdf
        # A heading never ends a page alone: at least three lines of what follows fit under it.
        if pdf.get_y() + size * 0.5 + 3 * LINE > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        self.text(text, size=size, style="B", space_after=1)

    def answer(self, text):
        """The participant's words: indented, in another colour, with a rule at their left (on every page)."""
        pdf = self.pdf
        if not text:
            self.text("(sans réponse)", ink=QUESTION_INK, indent=6)
            return
        if pdf.get_y() + 2 * LINE > pdf.page_break_trigger:
            pdf.add_page()  # not one line of an answer alone at the foot of a page
        top, page = pdf.get_y(), pdf.page_no()
        self.text(text, ink=ANSWER_INK, indent=6, space_after=0)
        bottom, last = pdf.get_y(), pdf.page_no()
        for number in range(page, last + 1):
            pdf.page = number
            # fpdf2 writes a colour or width only when it changes: set both anew on each page drawn on.
            pdf.set_draw_color(0)
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.2)
            pdf.set_line_width(0.8)
            start = top if number == page else pdf.t_margin
            end = bottom if number == last else pdf.page_break_trigger
            pdf.line(pdf.l_margin + 1.5, start, pdf.l_margin + 1.5, end)
        pdf.page = last
        pdf.ln(3)

    def drawing(self, drawing):
        """The image and its caption on the same page."""
        pdf = self.pdf
        with drawing.image.open("rb") as file:
            data = io.BytesIO(file.read())
        width = min(pdf.epw, drawing.width * 0.26) if drawing.width else pdf.epw
        height = width * drawing.height / drawing.width if drawing.width and drawing.height else width * 0.75
        max_height = pdf.page_break_trigger - pdf.t_margin - 3 * LINE
        if height > max_height:
            width, height = width * max_height / height, max_height
        caption_lines = max(1, len(pdf.multi_cell(pdf.epw, LINE, drawing.caption, dry_run=True, output="LINES")))
        if pdf.get_y() + height + caption_lines * LINE + 2 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(data, w=width, h=height, alt_text=drawing.caption)
        self.text(drawing.caption, size=10, ink=QUESTION_INK)


def cover(pdf, writer, context):
    owner, edition = context["owner"], context["edition"]
    pdf.add_page()
    pdf.set_y(70)
    writer.text("Cahier réflexif du participant", size=24, style="B", space_after=8)
    writer.text(owner.get_full_name() or owner.email, size=16, space_after=4)
    writer.text(edition.name, size=13, space_after=1)
    writer.text(edition.date_range_label(), size=11, ink=QUESTION_INK, space_after=12)
    writer.text(f"Document produit le {format_date(timezone.localdate())}", size=10, ink=QUESTION_INK)


def pdf_bytes(context):
    owner, edition = context["owner"], context["edition"]
    pdf = CahierPDF(format="Letter")
    codepoints = add_fonts(pdf)  # DejaVu, the fallback fonts, shaping (automne/pdf.py)
    pdf.set_lang("fr-CA")
    name = owner.get_full_name() or owner.email
    pdf.set_title(f"Cahier réflexif — {name}")
    pdf.set_author(name)
    pdf.set_subject(f"{edition.name}, {edition.date_range_label()}")
    pdf.set_creator("Automne, cahier réflexif en ligne")
    pdf.set_keywords("cahier réflexif, ENAP, École d'automne")
    pdf.set_creation_date(timezone.now())
    pdf.set_auto_page_break(True, margin=20)
    writer = Writer(pdf, codepoints)
    cover(pdf, writer, context)
    pdf.add_page()
    for view in context["views"]:
        page = view.page
        writer.heading(str(page), 16)
        if page.introduction:
            writer.text(page.introduction)
        if page.kind == Page.Kind.INTRODUCTION:
            for level in context["levels"]:
                writer.text(f"{level.intro_label} : {level.intro_text}")
        if page.kind == Page.Kind.DRAWINGS:
            for drawing in context["drawings"]:
                writer.drawing(drawing)
        if view.case_study:
            writer.text(f"Étude de cas choisie : {view.case_study.title}")
        for entry in view.entries:
            if entry.prompt.plain_heading != page.title:  # a writing page's only area repeats its title
                writer.heading(entry.prompt.plain_heading, 12)
            for question in entry.prompt.guiding_questions.all():
                writer.text(f"• {question.text}", size=10, ink=QUESTION_INK, space_after=1)
            writer.answer(entry.text)
            comments(writer, entry.comments)
        comments(writer, view.comments)
    return bytes(pdf.output())


def comments(writer, items):
    for comment in items:
        if not comment.is_removed:
            writer.text(f"Commentaire de {comment.author_name} : {comment.text}", size=10, ink=QUESTION_INK, indent=6)
