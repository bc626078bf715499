"""What the site's PDFs share: DejaVu Sans, bundled in automne/fonts/, which has every French
character (and Latin, Greek, Cyrillic and Arabic), and the fallback for everything else.

When installed, Symbola (emoji, Debian fonts-symbola) and Droid Sans Fallback (Chinese, Japanese,
Korean, Debian fonts-droid-fallback) take over for what DejaVu lacks. A character that no available
font has is printed as a visible marker, « [U+4E2D] », never silently dropped (`printable`). Arabic is
shaped (joined, right to left) by HarfBuzz when uharfbuzz is installed. The cahier's PDF and the
attestation both use `add_fonts`.
"""

import functools
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"
FALLBACK_FONTS = {
    # family: candidate paths (Debian first); the first one present is used.
    "Symbola": ["/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"],
    "DroidFallback": [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
    ],
}


def add_dejavu(pdf):
    """Registers DejaVu Sans, regular and bold, as the family "DejaVu"."""
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))


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


def add_fonts(pdf):
    """DejaVu, the installed fallback fonts and text shaping; returns the code points they can draw,
    for `printable`."""
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
    return frozenset(codepoints)
