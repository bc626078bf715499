"""A notebook as a PDF worth handing in: a cover (name, edition, date), page numbers, answers set apart from the
prompts (indented, with a rule and another colour), ragged-right text, each drawing kept with its caption,
/Lang fr-CA and document metadata.

Fonts: automne/pdf.py finds them and chooses each character's, by the rule the attestation uses too. DejaVu
Sans (bundled, automne/fonts/) writes Latin, Greek, Cyrillic and Arabic; when installed, Symbola (emoji), Droid
Sans Fallback (Chinese, Japanese) and Nanum Gothic (Korean) take over for what DejaVu lacks, and are added to
a PDF only when one of its characters needs them. A character that no available font has is printed as a
visible marker, « [U+4E2D] », never silently dropped. Arabic is shaped (joined, right to left) by HarfBuzz
when uharfbuzz is installed.

Any text a participant can type is printed, in time linear in its length (Layout, below; audit F3).
"""

import io
import logging
import re
import unicodedata
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from automne import fpdf_bidi, languages
from automne.french import NBSP, format_date, typography
from automne.pdf import FallbackFPDF, font_key, has_shaping, marker
from cahier.models import Page

fpdf_bidi.install()

ANSWER_INK = (12, 60, 110)
QUESTION_INK = (85, 85, 85)
RULE = (164, 54, 28)
LINE = 5.5  # mm per line of body text
BULLET_INDENT = 6  # mm from the margin to the text of a list item
PAGE_TITLE_ROOM = 16  # mm a page's title takes, one line at 16 pt with the space above and under it
MAX_LINE_CHARS = 300  # a line of characters without width (marks, joiners) still ends
MAX_MARKS = 30  # combining marks in a row on one letter, as Unicode's stream-safe text format allows
WORDS = re.compile(r"[^ ]++| ++")  # words, and the runs of spaces between them, where a line may end
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
RIGHT_TO_LEFT_OR_CONTROL = {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}
JOINERS = {"\u200c", "\u200d"}
# The total number of pages, in the footer: fpdf2 replaces this text wherever it is printed, so it must be
# one no participant can have typed (no font has U+FDD0: typed, it prints as « [U+FDD0] »).
PAGE_COUNT = "{nb\ufdd0}"


class CahierPDF(FallbackFPDF):
    cover_pages = 1

    def footer(self):
        if self.page_no() <= self.cover_pages:
            return
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.set_text_color(0)
        with self.artifact():
            self.cell(
                0, 10, _("Page %(page)s sur %(pages)s") % {"page": self.page_no(), "pages": PAGE_COUNT}, align="C"
            )


def needs_shaping(char):
    """True for a character HarfBuzz must place among its neighbours: right-to-left scripts, numbers and
    controls of the bidirectional algorithm, combining marks, joiners."""
    return (
        unicodedata.bidirectional(char) in RIGHT_TO_LEFT_OR_CONTROL
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char in JOINERS
    )


def is_ignorable(char):
    """Invisible by definition (format controls, variation selectors, the combining grapheme joiner): nothing
    to print when no font has it."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or code == 0x34F or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def composed(text):
    """`text` in NFC (« e » and a combining accent print as « é » without shaping), unless it holds a run of
    more than MAX_MARKS combining marks: Python sorts such a run in time its length squared to normalize it,
    and HarfBuzz places the marks as they are."""
    if unicodedata.is_normalized("NFC", text):
        return text
    run = 0
    for char in text:
        run = run + 1 if unicodedata.combining(char) else 0
        if run > MAX_MARKS:
            return text
    return unicodedata.normalize("NFC", text)


@dataclass
class Token:
    """A word or a run of spaces, measured once: its runs of text per face [((family, style), text, width)]."""

    runs: list
    width: float
    complex: bool
    length: int

    def __post_init__(self):
        self.text = "".join(text for _, text, _ in self.runs)
        self.faces = frozenset(face for face, _, _ in self.runs)


@dataclass
class Line:
    tokens: list = field(default_factory=list)
    width: float = 0.0
    length: int = 0
    paragraph_end: bool = False  # the last line of a paragraph: the next one starts after a line break
    spaced: bool = False  # it ends where a space was (not printed), not inside a word too long for a line
    complex: bool = False  # holds a token HarfBuzz must shape
    faces: set = field(default_factory=set)  # the faces its tokens are written in

    def add(self, token):
        self.tokens.append(token)
        self.width += token.width
        self.length += token.length
        self.complex = self.complex or token.complex
        self.faces |= token.faces

    @property
    def text(self):
        return "".join(token.text for token in self.tokens)


class Layout:
    """Lays text out in lines and writes them, in time linear in the text, whatever it holds.

    fpdf2's multi_cell measures each line again at each character (quadratic in a line's length, and with
    text shaping its bidirectional pass recursed on runs of neutral characters: audit F3). Here the text is
    cut into words measured once each (and remembered: prose repeats its words), lines are filled greedily,
    never longer than MAX_LINE_CHARS characters, and each line is written at once. Fonts are chosen here,
    character by character (automne/pdf.py's rule, the attestation's too), so that fpdf2 writes a plain line
    without searching fonts or shaping; only a line holding right-to-left text, combining marks or joiners is written by fpdf2
    with HarfBuzz and the bidirectional algorithm, one line at a time.
    """

    def __init__(self, pdf):
        self.pdf = pdf
        self.fonts = pdf.fonts_of_text
        self.shaping = has_shaping()
        self.placed = {}  # (char, style) → (face or None, text)
        self.tokens = {}  # (word, style, size) → Token

    def place(self, char, style):
        """(face, text) for `char`: the face automne/pdf.py chooses; a marker if no font has it; None as face
        to stay in the face of the character before (a combining mark no font has), "" as text for an
        invisible control no font has."""
        key = (char, style)
        if key in self.placed:
            return self.placed[key]
        face = self.fonts.face(char, style)
        if face is not None:
            placed = (face, char)
        elif char.isspace():
            placed = (("DejaVu", style), " ")
        elif is_ignorable(char):
            placed = (None, "")
        elif unicodedata.category(char) in ("Mn", "Me"):
            placed = (None, char)
        else:
            placed = (("DejaVu", style), marker(char))
        self.placed[key] = placed
        return placed

    def token(self, word, style, size):
        key = (word, style, size)
        if key in self.tokens:
            return self.tokens[key]
        runs, face = [], ("DejaVu", style)
        for char in word:
            placed_face, text = self.place(char, style)
            face = placed_face or face
            if runs and runs[-1][0] == face:
                runs[-1][1].append(text)
            else:
                runs.append((face, [text]))
        scale = size * 0.001 / self.pdf.k
        measured = []
        for face, texts in runs:
            text = "".join(texts)
            widths = self.pdf.fonts[font_key(face)].cw
            measured.append((face, text, sum(widths[ord(c)] for c in text) * scale))
        complex_ = self.shaping and any(needs_shaping(char) for char in word)
        width = sum(width for _, _, width in measured)
        if complex_:
            width = self.shaped_width("".join(text for _, text, _ in measured), style, size)
        token = Token(measured, width, complex_, len(word))
        self.tokens[key] = token
        return token

    def shaped_width(self, text, style, size):
        pdf = self.pdf
        pdf.set_font("DejaVu", style, size)
        with self.fpdf2_fonts(shaping=True):
            return pdf.get_string_width(text)

    def pieces(self, word, style, size, width):
        """`word` cut into pieces that fit in `width` and MAX_LINE_CHARS (a mark stays with its letter)."""
        pieces, current, current_width = [], [], 0.0
        for char in word:
            char_width = self.token(char, style, size).width
            attached = unicodedata.category(char) in ("Mn", "Me", "Cf")
            full = current_width + char_width > width or len(current) >= MAX_LINE_CHARS
            if current and full and (not attached or len(current) >= MAX_LINE_CHARS):
                pieces.append("".join(current))
                current, current_width = [], 0.0
            current.append(char)
            current_width += char_width
        if current:
            pieces.append("".join(current))
        return pieces

    def lines(self, text, size, style, width):
        """The lines `text` fills in `width` (mm): a line break starts a line, spaces are where lines may end
        (those that end a line are not printed), and a word wider than a line is cut."""
        return self.styled_lines([(text, style)], size, width)

    def styled_lines(self, segments, size, width):
        """The lines of text in several styles, [(text, style)], as `lines`: a word that runs from one segment
        into the next (« **Sur vous-même** : ») is one word, never cut where the style changes."""
        lines = []
        for paragraph in self.paragraphs(segments):
            line = Line()
            for word in paragraph:
                token = self.word_token(word, size)
                if word[0][0][0] == " ":
                    if line.tokens and line.width + token.width > width:
                        line.spaced = True
                        lines.append(line)
                        line = Line()
                    elif line.tokens or not lines or lines[-1].paragraph_end:
                        line.add(token)  # between words, or the paragraph's own indentation
                    continue
                tokens = [token]
                if token.width > width or token.length > MAX_LINE_CHARS:
                    tokens = [
                        self.token(piece, style, size)
                        for text, style in word
                        for piece in self.pieces(text, style, size, width)
                    ]
                for token in tokens:
                    fits = line.width + token.width <= width and line.length + token.length <= MAX_LINE_CHARS
                    if line.tokens and not fits:
                        lines.append(line)
                        line = Line()
                    line.add(token)
            line.paragraph_end = True
            lines.append(line)
        for line in lines:
            while len(line.tokens) > 1 and line.tokens[-1].text.isspace():
                line.width -= line.tokens.pop().width
                line.spaced = not line.paragraph_end
        return lines

    @staticmethod
    def paragraphs(segments):
        """The paragraphs of styled text: lists of words (and runs of spaces), each word a list of
        (text, style) pieces."""
        paragraphs = [[]]
        for text, style in segments:
            text = composed(text).replace("\t", "    ")
            for index, paragraph in enumerate(LINE_BREAKS.split(text)):
                if index:
                    paragraphs.append([])
                words = paragraphs[-1]
                for number, word in enumerate(WORDS.findall(paragraph)):
                    glued = index == 0 and number == 0 and words and word[0] != " " and words[-1][-1][0][-1] != " "
                    if glued:  # the word goes on from the segment before, in another style
                        words[-1].append((word, style))
                    else:
                        words.append([(word, style)])
        return paragraphs

    def word_token(self, word, size):
        if len(word) == 1:
            return self.token(word[0][0], word[0][1], size)
        tokens = [self.token(text, style, size) for text, style in word]
        return Token(
            [run for token in tokens for run in token.runs],
            sum(token.width for token in tokens),
            any(token.complex for token in tokens),
            sum(token.length for token in tokens),
        )

    def write(self, text, size, style, indent, height, tag="P"):
        """Writes `text` (or styled segments, [(text, style)]) from the current position, at `indent` mm from
        the left margin, tagged as `tag` (one element on each page it spans); the position ends at the left
        margin, under the last line."""
        pdf = self.pdf
        margin = pdf.c_margin
        left = pdf.l_margin + indent + margin
        width = pdf.epw - indent - 2 * margin
        pdf.c_margin = 0
        with ExitStack() as tagged:
            try:
                segments = text if isinstance(text, list) else [(text, style)]
                tagged.enter_context(pdf.tag(tag))
                lines = self.styled_lines(segments, size, width)
                for number, line in enumerate(lines):
                    if pdf.get_y() + height > pdf.page_break_trigger:
                        tagged.close()
                        pdf.add_page()
                        tagged.enter_context(pdf.tag(tag))
                    pdf.set_x(left)
                    self.write_line(line, size, style, width, height)
                    pdf.set_xy(pdf.l_margin, pdf.get_y() + height)
                    if line.paragraph_end and number + 1 < len(lines):  # each line typed is read as one
                        tagged.close()
                        tagged.enter_context(pdf.tag(tag))
            finally:
                pdf.c_margin = margin

    def write_line(self, line, size, style, width, height):
        """Writes a line; one that ends where a space was ends with that space, so that its text, read from
        the PDF's tags or copied, keeps its words apart."""
        pdf = self.pdf
        if not line.tokens:  # an empty line: only its height
            return
        end = " " if line.spaced else ""
        if len(line.faces) == 1 and not line.complex:  # most lines: one face, nothing to shape
            ((family, face_style),) = line.faces
            pdf.set_font(family, face_style, size)
            # text() writes the line where cell() would, a quarter of its cost (no box, no measuring again).
            pdf.text(pdf.get_x(), pdf.get_y() + height / 2 + 0.3 * pdf.font_size, line.text + end)
            return
        if not line.complex:  # several faces: each run where the one before ends
            x = pdf.get_x()
            for token in line.tokens:
                for (family, face_style), text, run_width in token.runs:
                    pdf.set_font(family, face_style, size)
                    pdf.text(x, pdf.get_y() + height / 2 + 0.3 * pdf.font_size, text)
                    x += run_width
            if end:
                pdf.text(x, pdf.get_y() + height / 2 + 0.3 * pdf.font_size, end)
            return
        pdf.set_font("DejaVu", style, size)
        with self.fpdf2_fonts(shaping=True):
            pdf.cell(width, height, line.text + end)

    @contextmanager
    def fpdf2_fonts(self, shaping):
        """fpdf2 choosing each character's font by the same rule as place() (CahierPDF.get_fallback_font),
        and with `shaping`, shaping the text with HarfBuzz in bidirectional order."""
        pdf = self.pdf
        pdf.use_fallbacks()
        pdf.set_text_shaping(shaping)
        try:
            yield
        finally:
            pdf.set_text_shaping(False)
            pdf.set_fallback_fonts([])


class Writer:
    """Writes a notebook's pages into a CahierPDF."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.layout = Layout(pdf)

    def text(self, text, size=11, style="", ink=(0, 0, 0), indent=0, space_after=2, tag="P"):
        pdf = self.pdf
        pdf.set_text_color(*ink)
        self.layout.write(text, size, style, indent, size * 0.5, tag)
        pdf.ln(space_after)
        pdf.set_text_color(0)

    def height(self, text, size=11, style="", indent=0, space_after=2):
        """The height `text` takes, as `text()` writes it."""
        width = self.pdf.epw - indent - 2 * self.pdf.c_margin
        return len(self.layout.lines(text, size, style, width)) * size * 0.5 + space_after

    def heading(self, text, size, keep=3 * LINE):
        """A heading never ends a page alone (keep-with-next): what follows it for `keep` mm (three lines,
        or the drawing under « Dessinez vos idées ») fits on its page, or the heading starts the next one."""
        pdf = self.pdf
        if pdf.get_y() + 3 + self.height(text, size, "B", space_after=1) + keep > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        self.text(text, size=size, style="B", space_after=1, tag="H1" if size >= 16 else "H2")

    def list_item(self, segments, size=11):
        """An item of a bulleted list, as the print view shows it: a bullet, then the text, its lines indented
        under its first (segments: [(text, style)], for a bold term)."""
        pdf = self.pdf
        if pdf.get_y() + size * 0.5 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.set_font("DejaVu", "", size)
        with pdf.artifact():  # the bullet: the item is read as a paragraph
            pdf.text(pdf.l_margin + pdf.c_margin + 1.5, pdf.get_y() + size * 0.25 + 0.3 * pdf.font_size, "•")
        self.layout.write(segments, size, "", BULLET_INDENT, size * 0.5)
        pdf.ln(1.5)

    def answer(self, text):
        """The participant's words: indented, in another colour, with a rule at their left (on every page)."""
        pdf = self.pdf
        if not text:
            self.text(_("(sans réponse)"), ink=QUESTION_INK, indent=6)
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
            with pdf.artifact():
                pdf.line(pdf.l_margin + 1.5, start, pdf.l_margin + 1.5, end)
        pdf.page = last
        pdf.ln(3)

    def drawing(self, drawing):
        """The image and its caption on the same page."""
        pdf = self.pdf
        try:
            with drawing.image.open("rb") as file:
                data = io.BytesIO(file.read())
        except OSError as fault:  # a stored file gone missing: the notebook is still printed, and it is said
            logging.getLogger("automne.faults").error("Image %s du cahier illisible", drawing.pk, exc_info=fault)
            self.text(_("[Image illisible : %(caption)s]") % {"caption": drawing.caption}, size=10, ink=QUESTION_INK)
            return
        width, height = self.drawing_size(drawing)
        if pdf.get_y() + self.drawing_height(drawing) > pdf.page_break_trigger:
            pdf.add_page()
        pdf.image(data, w=width, h=height, alt_text=drawing.caption)
        self.text(drawing.caption, size=10, ink=QUESTION_INK)

    def drawing_size(self, drawing):
        """(width, height) in mm: as drawn on screen, never wider than the text, and short enough for a page
        to hold it with its caption under the page's title."""
        pdf = self.pdf
        width = min(pdf.epw, drawing.width * 0.26) if drawing.width else pdf.epw
        height = width * drawing.height / drawing.width if drawing.width and drawing.height else width * 0.75
        max_height = max(
            3 * LINE, pdf.page_break_trigger - pdf.t_margin - PAGE_TITLE_ROOM - self.caption_height(drawing)
        )
        if height > max_height:
            width, height = width * max_height / height, max_height
        return width, height

    def caption_height(self, drawing):
        return max(1, len(self.layout.lines(drawing.caption, 10, "", self.pdf.epw - 2 * self.pdf.c_margin))) * LINE + 2

    def drawing_height(self, drawing):
        """The height of a drawing with its caption."""
        return self.drawing_size(drawing)[1] + self.caption_height(drawing)


def owner_name(context):
    """The name on the cover and in the metadata; a handed-in cahier graded anonymously gives its alias
    (remises/snapshot.py), and says when it was handed in (`cover_note`)."""
    owner = context["owner"]
    return context.get("owner_name") or owner.get_full_name() or owner.email


def cover(pdf, writer, context):
    edition = context["edition"]
    pdf.add_page()
    pdf.set_y(70)
    writer.text(_("Cahier réflexif du participant"), size=24, style="B", space_after=8, tag="H1")
    writer.text(owner_name(context), size=16, space_after=4)
    writer.text(edition.name, size=13, space_after=1)
    writer.text(edition.date_range_label(), size=11, ink=QUESTION_INK, space_after=12)
    note = context.get("cover_note") or _("Document produit le %(day)s") % {"day": format_date(timezone.localdate())}
    writer.text(note, size=10, ink=QUESTION_INK)


def pdf_bytes(context):
    edition = context["edition"]
    pdf = CahierPDF(format="Letter")
    pdf.alias_nb_pages(PAGE_COUNT)
    pdf.set_lang(languages.TAG[languages.current()])  # the journal's own words are in the page's language
    name = owner_name(context)
    pdf.set_title(_("Cahier réflexif — %(name)s") % {"name": name})
    pdf.set_author(name)
    pdf.set_subject(f"{edition.name}, {edition.date_range_label()}")
    pdf.set_creator(_("Automne, cahier réflexif en ligne"))
    pdf.set_keywords("cahier réflexif, ENAP, École d'automne")
    pdf.set_creation_date(timezone.now())
    pdf.set_auto_page_break(True, margin=20)
    writer = Writer(pdf)
    cover(pdf, writer, context)
    pdf.add_page()
    for view in context["views"]:
        page = view.page
        # What organizers typed (the cahier's structure) is typeset as the site and the .md show it
        # (automne.french.typography); participants' and teachers' own text is printed as written.
        writer.heading(typography(str(page)), 16, keep=first_block_height(writer, page, context))
        if page.introduction:
            writer.text(typography(page.introduction))
        if page.kind == Page.Kind.INTRODUCTION:
            for level in context["levels"]:  # a list, as in the print view: the term in bold
                writer.list_item(
                    [(typography(level.intro_label), "B"), (f"{NBSP}: {typography(level.intro_text)}", "")]
                )
        if page.kind == Page.Kind.DRAWINGS:
            for drawing in context["drawings"]:
                writer.drawing(drawing)
        if view.case_study:
            title = view.case_study.title
            chosen = title if view.case_study.is_in_english else typography(title)
            writer.text(_("Étude de cas choisie : %(title)s") % {"title": chosen})
        for entry in view.entries:
            if entry.prompt.plain_heading != page.title:  # a writing page's only area repeats its title
                writer.heading(typography(entry.prompt.plain_heading), 12)
            for question in entry.prompt.guiding_questions.all():
                writer.text(f"• {typography(question.text)}", size=10, ink=QUESTION_INK, space_after=1)
            writer.answer(entry.text)
            comments(writer, entry.comments)
        comments(writer, view.comments)
    return bytes(pdf.output())


def first_block_height(writer, page, context):
    """How much of what follows a page's title stays with it on its page: its introduction and first
    drawing on the drawings page, three lines elsewhere."""
    if page.kind != Page.Kind.DRAWINGS or not context["drawings"]:
        return 3 * LINE
    introduction = writer.height(typography(page.introduction)) if page.introduction else 0
    return introduction + writer.drawing_height(context["drawings"][0])


def comments(writer, items):
    for comment in items:
        if not comment.is_removed:
            writer.text(
                _("Commentaire de %(author)s : %(text)s") % {"author": comment.author_name, "text": comment.text},
                size=10,
                ink=QUESTION_INK,
                indent=6,
            )
