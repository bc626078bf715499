"""The cahier's images: what is accepted, how it is cleaned, and how much each account may keep.

- Size: at most MAX_BYTES (5 Mo) sent.
- Formats: PNG and JPEG, MPO included (phones' multi-picture JPEG: its first picture only).
- Pixels: the header is read first (Image.open reads nothing else); an image whose decoding would
  hold more than DECODED_PIXEL_BUDGET pixels is refused before a single pixel is decoded. A large
  JPEG photo is decoded at a reduced scale instead (JPEG's draft mode: 1/2, 1/4 or 1/8), so a
  24-megapixel photo decodes as 6 megapixels, a 48-megapixel one as 12.
  Pillow's own guard (Image.MAX_IMAGE_PIXELS) is set to the largest header accepted.
- Cleaning: the pixels are copied into a new image, which carries no metadata at all (EXIF, GPS,
  XMP, ICC profile, JPEG comments, PNG text chunks), brought down to MAX_SIDE pixels a side, then
  encoded again as JPEG or PNG: the work is bounded by the pixel budget, and the cahier's PDF embeds
  a JPEG as it is and a PNG of at most 4 megapixels.
- Quota per account: CAHIER_IMAGE_QUOTA_COUNT images and CAHIER_IMAGE_QUOTA_BYTES bytes once
  re-encoded (settings, from the environment), checked with the account's row locked, so that two
  uploads at once cannot both slip under it.
- The file and its row are written in one transaction (the files are in the database:
  automne/storage.py); should the row fail, the file is removed with it, whatever the storage.
"""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps, UnidentifiedImageError

from automne.models import StoredFile
from automne.storage import DatabaseStorage

# MPO is a JPEG followed by other pictures (the second eye of a 3D photo, a depth map), as some phones write
# their photos: its first picture is the photo, read and kept like any JPEG (audit F8).
JPEG_FORMATS = ("JPEG", "MPO")
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2000  # an image is kept at most this wide and high: 260 dpi across a printed page
DECODED_PIXEL_BUDGET = 4000 * 4000  # 16 megapixels decoded at most, whatever the header claims
MAX_HEADER_PIXELS = 64_000_000  # a JPEG's header: decoded at 1/8 at most, within the budget

Image.MAX_IMAGE_PIXELS = MAX_HEADER_PIXELS

# Kept in French (intervenants/photos.py knows them by their words); translated where shown: gettext(message).
TOO_HEAVY = gettext_noop("Cette image dépasse 5 Mo : réduisez-la ou photographiez le croquis en plus petit.")
NOT_AN_IMAGE = gettext_noop("Ce fichier n'est pas une image JPEG ou PNG lisible.")
TOO_MANY_PIXELS = gettext_noop(
    "Cette image a trop de pixels pour être lue (plus de 16 millions) : "
    "réduisez-la à 4000 pixels de côté au plus, ou photographiez le croquis en plus petit."
)


class Refused(ValueError):
    """An image we do not keep, with the reason in French."""


def mebibytes(size):
    return _("%(size)s Mo") % {"size": f"{size / (1024 * 1024):.0f}"}


def quota_message(count_limit, bytes_limit):
    return _(
        "Vous avez atteint la limite d'images de votre cahier (%(count)s images ou %(size)s "
        "en tout) : supprimez-en une avant d'en ajouter une autre."
    ) % {"count": count_limit, "size": mebibytes(bytes_limit)}


def jpeg_draft_size(width, height):
    """The size a JPEG of width × height is decoded at: reduced by 2, 4 or 8 until within the budget."""
    scale = next((s for s in (1, 2, 4, 8) if (width // s) * (height // s) <= DECODED_PIXEL_BUDGET), 8)
    return -(-width // scale), -(-height // scale)


def decode(raw):
    """The image in `raw` (bytes), decoded within the pixel budget; Refused otherwise."""
    if len(raw) > MAX_BYTES:
        raise Refused(TOO_HEAVY)
    try:
        image = Image.open(io.BytesIO(raw))  # reads the header only
        if image.format not in ("PNG", *JPEG_FORMATS):
            raise Refused(NOT_AN_IMAGE)
        if image.format in JPEG_FORMATS:
            image.draft("RGB", jpeg_draft_size(*image.size))  # decoded at 1/2, 1/4 or 1/8 when too large
        if image.width * image.height > DECODED_PIXEL_BUDGET:
            raise Refused(TOO_MANY_PIXELS)
        image.load()
    except Image.DecompressionBombError as exc:
        raise Refused(TOO_MANY_PIXELS) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused(NOT_AN_IMAGE) from exc
    return image


def pixels_only(image, mode):
    """A new image holding only the pixels of `image` in `mode`: no info, EXIF, ICC or comment."""
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def reencode(image):
    """(bytes, extension, (width, height)) of a clean copy: pixels only, no metadata."""
    kind = "JPEG" if image.format in JPEG_FORMATS else image.format
    image = ImageOps.exif_transpose(image)  # a photo taken sideways stays upright once its EXIF is gone
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if kind == "JPEG":
        pixels_only(image, "RGB").save(out, "JPEG", quality=85)
        return out.getvalue(), "jpg", image.size
    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
    # Not optimize=True: it tries every filter and took 3 s for one 16-megapixel PNG (issue 25), for 10 % less.
    pixels_only(image, mode).save(out, "PNG", compress_level=6)
    return out.getvalue(), "png", image.size


def used_by(user):
    """(count, bytes) of the images `user` keeps."""
    from cahier.models import Drawing

    names = Drawing.objects.filter(user=user).values("image")
    if isinstance(default_storage, DatabaseStorage):  # two queries, whatever the number of images
        return names.count(), StoredFile.objects.filter(name__in=names).aggregate(total=Sum("size"))["total"] or 0
    names = [row["image"] for row in names]
    return len(names), sum(default_storage.size(name) for name in names if default_storage.exists(name))


def check_quota(user, adding):
    count_limit, bytes_limit = settings.CAHIER_IMAGE_QUOTA_COUNT, settings.CAHIER_IMAGE_QUOTA_BYTES
    count, size = used_by(user)
    if count + 1 > count_limit or size + adding > bytes_limit:
        raise Refused(quota_message(count_limit, bytes_limit))


def store(user, raw, caption, source, **fields):
    """Decodes, cleans and keeps the image `raw` for `user`, within the quota: the Drawing (with any other
    `fields`, such as its edition), or Refused."""
    from cahier.models import Drawing
    from inscriptions.models import User

    content, extension, (width, height) = reencode(decode(raw))
    drawing = Drawing(user=user, caption=caption, source=source, width=width, height=height, **fields)
    try:
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()  # one upload at a time per account
            check_quota(user, len(content))
            drawing.image.save(f"image.{extension}", ContentFile(content), save=False)
            drawing.save()
    except Exception:
        if drawing.image.name and default_storage.exists(drawing.image.name):
            default_storage.delete(drawing.image.name)
        raise
    return drawing
