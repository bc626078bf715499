"""The attestation de formation as a PDF, in French, with fpdf2 and a bundled Unicode font.
It prints what `attendance.attested` computed, and computes nothing."""

from fpdf import FPDF

from automne.pdf import add_dejavu
from inscriptions.models import Registration


def attestation_pdf(attestation, attested, verification_url):
    """`attested`: the registration's `attendance.Attested`, the days and hours to print."""
    registration = attestation.registration
    edition = registration.edition

    pdf = FPDF(format="Letter")
    pdf.set_title(f"Attestation de formation — {registration.full_name}")
    pdf.set_author("ENAP — École nationale d'administration publique")
    pdf.set_lang("fr-CA")
    add_dejavu(pdf)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(width, 6, "ENAP — École nationale d'administration publique", align="C")
    pdf.ln(12)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(width, 11, "Attestation de formation", align="C")
    pdf.ln(10)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, "Nous attestons que", align="C")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(width, 9, registration.full_name, align="C")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(width, 7, "a participé à", align="C")
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 8, edition.name, align="C")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(
        width,
        7,
        f"{edition.date_range_label()}\n{edition.venue}, {edition.address_line}",
        align="C",
    )
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 13)
    pdf.multi_cell(width, 8, attested.hours_line, align="C")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(width, 6, attested.days_line, align="C")
    if registration.kind == Registration.Kind.CREDIT and edition.course_code:
        pdf.ln(4)
        pdf.multi_cell(width, 6, f"Dans le cadre du cours {edition.course_label}", align="C")
        pdf.multi_cell(width, 6, f"Matricule : {registration.matricule}", align="C")
    pdf.ln(14)
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(width, 5, f"Code de vérification : {attestation.code}", align="C")
    pdf.multi_cell(width, 5, f"Vérifier cette attestation : {verification_url}", align="C")
    return bytes(pdf.output())
