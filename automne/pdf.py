"""What the site's PDFs share: their fonts, and the one rule that chooses each character's font.

DejaVu Sans, bundled in automne/fonts/, has every French character (and Latin, Greek, Cyrillic and Arabic).
When installed, Symbola (emoji, Debian fonts-symbola), Droid Sans Fallback (Chinese and Japanese, Debian
fonts-droid-fallback) and Nanum Gothic (Korean, Debian fonts-nanum: Droid Sans Fallback has no Hangul) take
over for what DejaVu lacks. `Fonts.face` is the rule, for the cahier's PDF (which lays its lines out itself,
cahier/pdf.py) and the attestation (whose lines fpdf2 lays out, asking `FallbackFPDF.get_fallback_font`):
DejaVu in the text's style, DejaVu regular (about a hundred characters have no bold), then each fallback in
FALLBACK_FONTS's order, in its bold when it has one. A character that no available font has is printed as a
visible marker, « [U+4E2D] », never silently dropped (`Fonts.printable`). Arabic is shaped (joined, right to
left) by HarfBuzz when uharfbuzz is installed.
"""

import functools
import unicodedata
from collections import Counter
from contextlib import contextmanager
from datetime import UTC
from html import escape
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.errors import FPDFException
from fpdf.structure_tree import StructureTreeBuilder

FONTS = Path(__file__).resolve().parent / "fonts"
DEJAVU = {"": FONTS / "DejaVuSans.ttf", "B": FONTS / "DejaVuSans-Bold.ttf"}
FALLBACK_FONTS = {
    # family: {style: candidate paths, Debian's first}; the first one present is used. A family without a
    # bold face writes bold text in its regular one.
    "Symbola": {"": ["/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"]},
    "DroidFallback": {
        "": [
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
        ]
    },
    "Nanum": {
        "": ["/usr/share/fonts/truetype/nanum/NanumGothic.ttf"],
        "B": ["/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"],
    },
}


def add_dejavu(pdf):
    """Registers DejaVu Sans, regular and bold, as the family "DejaVu"."""
    for style, path in DEJAVU.items():
        pdf.add_font("DejaVu", style, str(path))


def marker(char):
    """What stands for a character no font can draw: visible, and names the character."""
    return f"[U+{ord(char):04X}]"


@functools.cache
def covered(path):
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def available_fallbacks():
    """{family: {style: path}} of the fallback fonts installed on this machine, in FALLBACK_FONTS's order."""
    found = {}
    for family, styles in FALLBACK_FONTS.items():
        faces = {}
        for style, paths in styles.items():
            path = next((p for p in paths if Path(p).is_file()), None)
            if path:
                faces[style] = path
        if "" in faces:
            found[family] = faces
    return found


def has_shaping():
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def font_key(face):
    """fpdf2's name for a face (family, style): the family in lower case, then the style."""
    family, style = face
    return family.lower() + style


def is_invisible(char):
    """Line breaks, spaces, combining marks and invisible joiners (U+200D, U+FE0F): never a marker."""
    return char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf")


class Fonts:
    """The fonts of one PDF: DejaVu is registered at once, each fallback face when a character first needs it
    (or all of them at once, `add_all`, for fpdf2's own layout)."""

    def __init__(self, pdf):
        self.pdf = pdf
        if "dejavu" not in pdf.fonts:
            add_dejavu(pdf)
        self.cmaps = {("DejaVu", style): covered(str(path)) for style, path in DEJAVU.items()}
        self.paths = {}
        self.order = {style: [("DejaVu", style), ("DejaVu", "")] if style else [("DejaVu", "")] for style in DEJAVU}
        for family, faces in available_fallbacks().items():
            for style, path in faces.items():
                self.paths[(family, style)] = path
                self.cmaps[(family, style)] = covered(path)
            for style in DEJAVU:
                self.order[style].append((family, style if style in faces else ""))
        self.added = [("DejaVu", style) for style in DEJAVU]
        self.faces = {}  # (char, style) → face or None

    def face(self, char, style):
        """The face (family, style) that draws `char` in `style`, added to the PDF; None when no font has it."""
        key = (char, style)
        if key not in self.faces:
            code = ord(char)
            face = next((face for face in self.order[style] if code in self.cmaps[face]), None)
            if face is not None:
                self.add(face)
            self.faces[key] = face
        return self.faces[key]

    def add(self, face):
        if face not in self.added:
            self.pdf.add_font(face[0], face[1], self.paths[face])
            self.added.append(face)

    def add_all(self):
        for face in self.paths:
            self.add(face)

    def printable(self, text, style):
        """`text` with every character that no font has replaced by its marker."""
        return "".join(
            char if is_invisible(char) or self.face(char, style) is not None else marker(char) for char in text
        )


class Structure(StructureTreeBuilder):
    """fpdf2's structure tree (the tags: Document, then its headings, paragraphs and figures in reading
    order), counting each page's marked contents as they come: fpdf2 counts them again over the whole
    document at each one, a time the square of their number."""

    def __init__(self):
        super().__init__()
        self.mcids = Counter()

    def next_mcid_for_page(self, page_number):
        return self.mcids[page_number]

    def add_marked_content(self, page_number, struct_type, mcid=None, title=None, alt_text=None):
        if mcid is not None:
            self.mcids[page_number] = mcid + 1
        return super().add_marked_content(page_number, struct_type, mcid, title, alt_text)


class FallbackFPDF(FPDF):
    """An FPDF where fpdf2, when it lays a line out itself, writes each character in the face `Fonts.face`
    chooses (fpdf2's own choice prefers any face of the text's style over the order of the fonts), and
    whose content is tagged (`tag`, `artifact`) for screen readers and reflow."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fonts_of_text = Fonts(self)
        self.struct_builder = Structure()

    @contextmanager
    def tag(self, struct_type, alt_text=None):
        """What is written inside, on the current page, is one element of the document's structure: "H1",
        "H2", "P", "Figure" (with `alt_text`)..."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid, alt_text=alt_text)
        page = self.page
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        yield
        if self.page != page:
            raise FPDFException("A tagged element must stay on one page")
        self._out("EMC")

    @contextmanager
    def artifact(self):
        """What is written inside is no part of the text (page numbers, rules, a frame)."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def get_fallback_font(self, char, style=""):
        face = self.fonts_of_text.face(char, "B" if "B" in style else "")
        return font_key(face) if face else None

    def use_fallbacks(self):
        """fpdf2 asks get_fallback_font only while fallback fonts are set: the faces added so far."""
        families = [face[0] for face in self.fonts_of_text.added if face[0] != "DejaVu"]
        self.set_fallback_fonts(list(dict.fromkeys(families)) or ["DejaVu"], exact_match=False)

    def printable(self, text, style=""):
        return self.fonts_of_text.printable(text, style)


def fallback_pdf(**kwargs):
    """A FallbackFPDF with every installed font added, laid out by fpdf2, shaped by HarfBuzz when it is
    installed (the attestation). With enforce_compliance="PDFA_1B", fpdf2 keeps to PDF/A-1b's rules (fonts
    embedded, no transparency, an sRGB output intent) and `archival_xmp` gives the metadata."""
    pdf = FallbackFPDF(**kwargs)
    pdf.fonts_of_text.add_all()
    pdf.use_fallbacks()
    if has_shaping():
        pdf.set_text_shaping(True)
    return pdf


def archival_xmp(pdf):
    """The XMP metadata of a PDF/A-1b document: title, subject, author, creator and dates, and its
    conformance. fpdf2 writes the same, but with its namespaces declared on rdf:RDF and simple properties as
    attributes, which PDFBox's validator (Preflight) cannot read; here they are declared on the description
    and written as elements."""
    part, conformance = pdf._compliance.part, pdf._compliance.conformance
    date = pdf.creation_date.astimezone(UTC).isoformat(timespec="seconds")
    text = functools.partial(escape, quote=False)
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in XMP_NAMESPACES.items())
    return "\n".join(
        [
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            f'<rdf:Description rdf:about="" {namespaces}>',
            f"<pdfaid:part>{part}</pdfaid:part>",
            f"<pdfaid:conformance>{conformance}</pdfaid:conformance>",
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(pdf.title)}</rdf:li></rdf:Alt></dc:title>',
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(pdf.subject)}</rdf:li></rdf:Alt>'
            "</dc:description>",
            f"<dc:creator><rdf:Seq><rdf:li>{text(pdf.author)}</rdf:li></rdf:Seq></dc:creator>",
            f"<xmp:CreatorTool>{text(pdf.creator)}</xmp:CreatorTool>",
            f"<xmp:CreateDate>{date}</xmp:CreateDate>",
            f"<xmp:ModifyDate>{date}</xmp:ModifyDate>",
            f"<xmp:MetadataDate>{date}</xmp:MetadataDate>",
            "</rdf:Description>",
            "</rdf:RDF>",
            "</x:xmpmeta>",
        ]
    )


XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
