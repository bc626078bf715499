"""The attestation de formation as a one-page PDF certificate, with fpdf2, its labels in the active language
(French; English when the lead chooses it from the person's language, issue 24). It prints the
attestation's record (fixed when first issued, inscriptions/attestations.py) and computes nothing:
the institution, the title, the person, the edition with its dates and venue, the hours and days
attested (and the course and matricule of a credit registration), a signature block from the
edition's data, and the verification address with its QR code (segno).

Every character is printed, in the font automne/pdf.py chooses for it, as in the cahier's PDF: DejaVu Sans,
then the fallback fonts (emoji, Chinese, Japanese, Korean), and at worst a visible marker « [U+1F333] ».

Every line is written from the left margin across the text width, so nothing can start at the right
margin and run off the page; a name too long for one line is set smaller, then wrapped."""

import segno
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from automne.french import NBSP, format_date
from automne.pdf import archival_xmp, fallback_pdf

INSTITUTION = "École nationale d'administration publique"  # a proper name: the same in English
AUTHOR = f"ENAP — {INSTITUTION}"
TITLE = gettext_lazy("Attestation de formation")
# An archival PDF: PDF/A-1b, the part PDFBox's validator checks (inscriptions/tests/test_attestation_pdfa.py).
COMPLIANCE = "PDFA_1B"

# Letter, in millimetres. Text stays inside MARGIN; the frame is drawn between it and the edge.
MARGIN = 20
FRAME = 11
NAVY = (0, 45, 98)
GREY = (85, 85, 85)
TINT = (238, 243, 249)

NAME_SIZES = range(22, 15, -1)  # points: the largest that holds the name on one line, else wrapped at 16
EDITION_SIZES = range(15, 10, -1)  # the largest that holds the edition's name on three lines
QR_SIZE = 30
SIGNATURE_WIDTH = 85
FOOTER_HEIGHT = 14  # the rule and the two verification lines, at the bottom margin


def attestation_pdf(attestation, verification_url):
    """The attestation's record, printed, in the active language (its labels: the record itself, name,
    edition, dates and hours, is what it is)."""
    edition = attestation.registration.edition

    pdf = fallback_pdf(format="Letter", enforce_compliance=COMPLIANCE)
    pdf.set_title(_("%(title)s — %(name)s") % {"title": TITLE, "name": attestation.full_name})
    pdf.set_author(AUTHOR)
    pdf.set_subject(edition.name)
    pdf.set_creator(_("École d'automne — ENAP"))
    pdf.set_lang("en" if (get_language() or "").startswith("en") else "fr-CA")
    pdf.set_xmp_metadata(archival_xmp(pdf))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)  # one page: the layout below leaves room for the longest content
    pdf.add_page()

    _frame(pdf)
    _heading(pdf)
    _person_and_edition(pdf, attestation, edition)
    _attested(pdf, attestation)
    _signature_and_verification(pdf, attestation, edition, verification_url)
    return bytes(pdf.output())


def _line(pdf, height, text, size, style="", align="C", color=(0, 0, 0), link=None, tag="P"):
    """A paragraph across the text width, starting at the left margin whatever came before."""
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(*color)
    pdf.set_x(pdf.l_margin)
    with pdf.tag(tag):
        pdf.multi_cell(
            pdf.epw,
            height,
            _printable(pdf, unbroken(text), style),
            align=align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            link=link,
        )


def _printable(pdf, text, style=""):
    return pdf.printable(text, style)


def unbroken(text):
    """The organizers' text with a no-break space before « : ; ? ! » and inside « », so that a
    wrapped line never starts with a colon or a closing guillemet."""
    for before, after in ((" :", f"{NBSP}:"), (" ;", f"{NBSP};"), (" ?", f"{NBSP}?"), (" !", f"{NBSP}!")):
        text = text.replace(before, after)
    return text.replace("« ", f"«{NBSP}").replace(" »", f"{NBSP}»")


def _frame(pdf):
    with pdf.artifact():
        _draw_frame(pdf)


def _draw_frame(pdf):
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.8)
    pdf.rect(FRAME, FRAME, pdf.w - 2 * FRAME, pdf.h - 2 * FRAME)
    pdf.set_line_width(0.25)
    pdf.rect(FRAME + 2, FRAME + 2, pdf.w - 2 * (FRAME + 2), pdf.h - 2 * (FRAME + 2))


def _heading(pdf):
    pdf.set_y(MARGIN + 4)
    _line(pdf, 9, "ENAP", 20, "B", color=NAVY)
    _line(pdf, 6, INSTITUTION, 11, color=NAVY)
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.5)
    middle = pdf.w / 2
    with pdf.artifact():
        pdf.line(middle - 20, pdf.get_y() + 4, middle + 20, pdf.get_y() + 4)
    pdf.ln(12)
    _line(pdf, 12, str(TITLE), 26, "B", tag="H1")
    pdf.ln(8)


def _person_and_edition(pdf, attestation, edition):
    _line(pdf, 6, _("Nous attestons que"), 12, color=GREY)
    pdf.ln(3)
    name = _printable(pdf, attestation.full_name, "B")
    for size in NAME_SIZES:
        pdf.set_font("DejaVu", "B", size)
        if pdf.get_string_width(name) <= pdf.epw:
            break
    _line(pdf, size * 0.45, name, size, "B", color=NAVY)  # size is the last tried: the smallest if none fit
    pdf.ln(3)
    _line(pdf, 6, _("a participé à"), 12, color=GREY)
    pdf.ln(2)
    for size in EDITION_SIZES:
        pdf.set_font("DejaVu", "B", size)
        if (
            len(pdf.multi_cell(pdf.epw, 7, _printable(pdf, unbroken(edition.name), "B"), dry_run=True, output="LINES"))
            <= 3
        ):
            break
    _line(pdf, size * 0.47, edition.name, size, "B")
    pdf.ln(1)
    _line(pdf, 6, edition.date_range_label(), 12)
    _line(pdf, 5.5, ", ".join(part for part in (edition.venue, edition.address_line) if part), 10.5, color=GREY)
    pdf.ln(8)


def _attested(pdf, attestation):
    """The facts, label and value, on a tinted band: hours, days, and for credit the course and matricule."""
    attested = attestation.attested
    count = len(attested.days)
    days = (  # French: 0 and 1 are singular
        _("Présence notée (%(count)s jour)") if count <= 1 else _("Présence notée (%(count)s jours)")
    ) % {"count": count}
    rows = [(_("Heures de formation suivies"), attested.hours), (days, attested.dates)]
    if attestation.is_credit:
        if attestation.course_label:
            rows.append((_("Dans le cadre du cours"), attestation.course_label))
        rows.append((_("Matricule"), attestation.matricule))

    padding, height = 5, 6
    pdf.set_font("DejaVu", "B", 10.5)
    label_width = max(pdf.get_string_width(_labelled(label)) for label, _value in rows) + 4
    value_width = pdf.epw - 2 * padding - label_width
    pdf.set_font("DejaVu", "", 10.5)
    band_height = 2 * padding + sum(
        height * len(pdf.multi_cell(value_width, height, _printable(pdf, value), dry_run=True, output="LINES"))
        for _label, value in rows
    )
    top = pdf.get_y()
    pdf.set_fill_color(*TINT)
    with pdf.artifact():
        pdf.rect(pdf.l_margin, top, pdf.epw, band_height, style="F")
    pdf.set_y(top + padding)
    for label, value in rows:
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin + padding, y)
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.set_text_color(*NAVY)
        with pdf.tag("P"):  # the label and its value, read as one sentence
            pdf.cell(label_width, height, f"{_labelled(label)} ")  # the space: « : » then the value, read aloud
            pdf.set_font("DejaVu", "", 10.5)
            pdf.set_text_color(0, 0, 0)
            pdf.multi_cell(value_width, height, _printable(pdf, value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(top + band_height)


def _signature_and_verification(pdf, attestation, edition, verification_url):
    """At the foot of the page: the issue date and signature on the left, the QR code on the right,
    then the code and the verification address across the page. Moved down only, never up into the text."""
    footer_top = pdf.h - MARGIN - FOOTER_HEIGHT
    block_top = max(pdf.get_y() + 8, footer_top - QR_SIZE - 14)

    issued = format_date(timezone.localtime(attestation.issued_at).date())
    pdf.set_xy(pdf.l_margin, block_top)
    pdf.set_font("DejaVu", "", 10.5)
    pdf.set_text_color(0, 0, 0)
    with pdf.tag("P"):
        pdf.cell(SIGNATURE_WIDTH, 5, _("Délivrée le %(date)s") % {"date": issued})
    signature_line = block_top + 20
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    with pdf.artifact():
        pdf.line(pdf.l_margin, signature_line, pdf.l_margin + SIGNATURE_WIDTH, signature_line)
    pdf.set_xy(pdf.l_margin, signature_line + 1.5)
    if edition.signatory_name:
        pdf.set_font("DejaVu", "B", 10.5)
        with pdf.tag("P"):
            pdf.multi_cell(
                SIGNATURE_WIDTH,
                5,
                _printable(pdf, unbroken(edition.signatory_name), "B"),
                align="L",
                new_x=XPos.LMARGIN,
            )
    title = (
        edition.signatory_title
        if edition.signatory_name
        else _("Pour l'%(institution)s") % {"institution": INSTITUTION}
    )
    if title:
        pdf.set_font("DejaVu", "", 9.5)
        pdf.set_text_color(*GREY)
        with pdf.tag("P"):
            pdf.multi_cell(SIGNATURE_WIDTH, 4.5, _printable(pdf, unbroken(title)), align="L", new_x=XPos.LMARGIN)

    qr_x = pdf.w - MARGIN - QR_SIZE
    alt = _("Code QR de l'adresse de vérification : %(url)s") % {"url": verification_url}
    with pdf.tag("Figure", alt_text=alt):
        draw_qr(pdf, verification_url, qr_x, block_top, QR_SIZE)
    pdf.link(qr_x, block_top, QR_SIZE, QR_SIZE, verification_url)
    pdf.set_xy(qr_x - 10, block_top + QR_SIZE + 4)  # beyond the quiet zone
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(*GREY)
    with pdf.tag("P"):
        pdf.cell(QR_SIZE + 10, 4, _("Vérifier cette attestation"), align="C")

    rule = max(pdf.get_y() + 8, footer_top)
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.2)
    with pdf.artifact():
        pdf.line(pdf.l_margin, rule, pdf.w - pdf.r_margin, rule)
    pdf.set_y(rule + 2)
    _line(pdf, 4.5, _("Code de vérification : %(code)s") % {"code": attestation.code}, 8.5, color=GREY)
    verify = _("Vérifier cette attestation : %(url)s") % {"url": verification_url}
    _line(pdf, 4.5, verify, 8.5, color=GREY, link=verification_url)


def _labelled(label):
    """ "Matricule : " in French, "Student number: " in English."""
    return _("%(label)s :") % {"label": label}


def qr_matrix(url):
    """The QR code of an address: rows of 0 and 1 (dark), without the quiet zone."""
    return segno.make(url, error="m", micro=False).matrix


def draw_qr(pdf, url, x, y, size):
    """Draws the QR code as filled rectangles, one for each run of dark modules in a row: crisp at any
    zoom and in print. The page around it is white, which gives the quiet zone."""
    matrix = qr_matrix(url)
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        start = None
        for column, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                pdf.rect(x + start * module, y + row_index * module, (column - start) * module, module, style="F")
                start = None
