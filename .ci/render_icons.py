"""Renders public/favicon.svg into the PNG and ICO icons of public/ with Debian's Chromium.

.venv/bin/python .ci/render_icons.py   (from the project root, after editing favicon.svg)
"""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PUBLIC = Path(__file__).resolve().parent.parent / "public"


def render(svg, sizes):
    """{size: RGBA image} of the SVG drawn by Chromium at each size."""
    images = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for size in sizes:
            page = browser.new_page(viewport={"width": size, "height": size})
            # Touch and app icons are cut by the system: full squares, no rounded corners.
            art = svg if size < 180 else svg.replace(' rx="12"', "")
            art = art.replace("<svg ", f"<svg width={size} height={size} ", 1)
            page.set_content(f'<html><body style="margin:0;background:transparent">{art}</body></html>')
            images[size] = Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA")
            page.close()
        browser.close()
    return images


def main():
    images = render((PUBLIC / "favicon.svg").read_text(), (16, 32, 48, 180, 192, 512))
    images[180].save(PUBLIC / "apple-touch-icon.png", optimize=True)
    images[192].save(PUBLIC / "icon-192.png", optimize=True)
    images[512].save(PUBLIC / "icon-512.png", optimize=True)
    images[48].save(
        PUBLIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)], append_images=[images[16], images[32]]
    )


if __name__ == "__main__":
    main()
