"""What the site's PDFs share: DejaVu Sans, bundled in inscriptions/fonts/, which has every
French character (and many more scripts) where fpdf2's built-in fonts have only Latin-1."""

from django.conf import settings

FONTS = settings.BASE_DIR / "inscriptions" / "fonts"


def add_dejavu(pdf):
    """Registers DejaVu Sans, regular and bold, as the family "DejaVu"."""
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
