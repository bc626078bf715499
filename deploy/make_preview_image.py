"""Draws the school's link-preview image (OpenGraph, Twitter card): 1200 × 630 px, its name, its city
and ENAP, in the site's colours. No edition's dates: an edition is data, never code, and each page's
title and description (in the same cards) carry its edition and dates. Drawn once, committed under
static/img/.

    .venv/bin/python deploy/make_preview_image.py static/img/apercu.png
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parent.parent / "automne" / "fonts"
BLUE, LIGHT, WHITE = "#0b4f8a", "#cfe3f5", "#ffffff"
WIDTH, HEIGHT, MARGIN = 1200, 630, 80


def draw(path):
    image = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    pen = ImageDraw.Draw(image)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 76)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 40)
    small = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 34)
    pen.rectangle((0, 0, 24, HEIGHT), fill=LIGHT)
    pen.text((MARGIN, 90), "École d'automne", font=bold, fill=WHITE)
    pen.text((MARGIN, 190), "sur la coproduction", font=regular, fill=LIGHT)
    pen.text((MARGIN, 245), "des services publics", font=regular, fill=LIGHT)
    pen.line((MARGIN, 340, WIDTH - MARGIN, 340), fill=LIGHT, width=3)
    pen.text((MARGIN, 380), "Montréal", font=regular, fill=WHITE)
    pen.text((MARGIN, 500), "ENAP — École nationale d'administration publique", font=small, fill=LIGHT)
    image.save(path, optimize=True)


if __name__ == "__main__":
    draw(sys.argv[1])
