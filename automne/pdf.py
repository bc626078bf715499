"""What the site's PDFs share: DejaVu Sans, bundled in automne/fonts/, which has every
French character (and many more scripts) where fpdf2's built-in fonts have only Latin-1."""

from pathlib import Path

FONTS = Path(__file__).resolve().parent / "fonts"


def add_dejavu(pdf):
    """Registers DejaVu Sans, regular and bold, as the family "DejaVu"."""
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
