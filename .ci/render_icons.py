# Renders public/favicon.svg into the PNG and ICO icons of public/ with Debian's Chromium:
#   .venv/bin/python .ci/render_icons.py   (from the project root, after editing favicon.svg)
import io, sys
from pathlib import Path
from PIL import Image
from playwright.sync_api import sync_playwright
svg = Path("public/favicon.svg").read_text()
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    out = {}
    for size in (16, 32, 48, 180, 192, 512):
        page = b.new_page(viewport={"width": size, "height": size})
        # Touch and app icons are cut by the system: full squares.
        art = svg if size < 180 else svg.replace(' rx="12"', "")
        page.set_content(f'<html><body style="margin:0;background:transparent">{art.replace("<svg ", f"<svg width={size} height={size} ", 1)}</body></html>')
        out[size] = Image.open(io.BytesIO(page.screenshot(omit_background=True))).convert("RGBA")
        page.close()
    b.close()
# The touch icon is shown on iOS without transparency: full square, no rounded corners.
out[180].save("public/apple-touch-icon.png", optimize=True)
out[192].save("public/icon-192.png", optimize=True)
out[512].save("public/icon-512.png", optimize=True)
out[48].save("public/favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)], append_images=[out[16], out[32]])
