"""Small real images for the tests, made with Pillow."""

import io

from PIL import Image


def png_bytes(size=(4, 4), colour=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(size=(40, 30)):
    """A JPEG carrying EXIF metadata (camera and GPS), as phones write them."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Fabricant du téléphone"  # Make
    exif[0x0110] = "Modèle secret"  # Model
    exif[0x8825] = {1: "N", 2: (45.0, 31.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()
