"""A notebook as a PDF worth handing in: a cover (name, edition, date), page numbers, answers set apart from the
prompts (indented, with a rule and another colour), ragged-right text, each drawing kept with its caption,
/Lang fr-CA and document metadata.

Fonts: DejaVu Sans (bundled, automne/fonts/) writes Latin, Greek, Cyrillic and Arabic; when installed, Symbola
(emoji, Debian fonts-symbola) and Droid Sans Fallback (Chinese, Japanese, Korean, Debian fonts-droid-fallback)
take over for what DejaVu lacks. A character that no available font has is printed as a visible marker,
« [U+4E2D] », never silently dropped. Arabic is shaped (joined, right to left) by HarfBuzz when uharfbuzz is
installed.
"""

import functools
import io
import unicodedata
from pathlib import Path

from django.utils import timezone
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from automne.french import format_date
from automne.pdf import FONTS, add_dejavu
from cahier.models import Page

FALLBACK_FONTS = {
    # family: candidate paths (Debian first); the first one present is used.
    "Symbola": ["/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"],
    "DroidFallback": [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
    ],
}
ANSWER_INK = (12, 60, 110)
QUESTION_INK = (85, 85, 85)
RULE = (164, 54, 28)
LINE = 5.5  # mm per line of body text


def marker(char):
    """What stands for a character no font can draw: visible, and names the character."""
    return f"[U+{ord(char):04X}]"


@functools.cache
def covered(path):
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def available_fallbacks():
    """{family: path} of the fallback fonts installed on this machine."""
    found = {}
    for family, paths in FALLBACK_FONTS.items():
        path = next((p for p in paths if Path(p).is_file()), None)
        if path:
            found[family] = path
    return found


def printable(text, codepoints):
    """`text` with every character no font has replaced by its marker (line breaks, spaces, combining marks
    and invisible joiners such as U+200D and U+FE0F pass as they are)."""
    out = []
    for char in text:
        if ord(char) in codepoints or char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            out.append(char)
        else:
            out.append(marker(char))
    return "".join(out)


def has_shaping():
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


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


def owner_name(context):
    """The name on the cover and in the metadata; a handed-in cahier graded anonymously gives its alias
    (remises/snapshot.py), and says when it was handed in (`cover_note`)."""
    owner = context["owner"]
    return context.get("owner_name") or owner.get_full_name() or owner.email


def cover(pdf, writer, context):
    edition = context["edition"]
    pdf.add_page()
    pdf.set_y(70)
    writer.text("Cahier réflexif du participant", size=24, style="B", space_after=8)
    writer.text(owner_name(context), size=16, space_after=4)
    writer.text(edition.name, size=13, space_after=1)
    writer.text(edition.date_range_label(), size=11, ink=QUESTION_INK, space_after=12)
    note = context.get("cover_note") or f"Document produit le {format_date(timezone.localdate())}"
    writer.text(note, size=10, ink=QUESTION_INK)


def pdf_bytes(context):
    edition = context["edition"]
    pdf = CahierPDF(format="Letter")
    add_dejavu(pdf)
    codepoints = set(covered(str(FONTS / "DejaVuSans.ttf")))
    fallbacks = available_fallbacks()
    for family, path in fallbacks.items():
        pdf.add_font(family, "", path)
        codepoints |= covered(path)
    if fallbacks:
        pdf.set_fallback_fonts(list(fallbacks), exact_match=False)
    if has_shaping():
        pdf.set_text_shaping(True)
    pdf.set_lang("fr-CA")
    name = owner_name(context)
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
