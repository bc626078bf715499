"""Speakers' photos: checked and cleaned as the cahier's images are (cahier/images.py: the header read
before any decoding, a pixel budget, every pixel copied into a new image so that no metadata stays),
then made small (PHOTO_SIDE pixels at most) and encoded as JPEG. Kept in the database
(automne/storage.py) and public, like the speakers' pages that show them.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from cahier import images
from intervenants.models import SpeakerPhoto

MAX_BYTES = images.MAX_BYTES
PHOTO_SIDE = 600

TOO_HEAVY = gettext_lazy("Cette photo dépasse 5 Mo : choisissez-en une plus légère.")
NOT_A_PHOTO = gettext_lazy("Ce fichier n'est pas une photo JPEG ou PNG lisible.")
NO_PHOTO = gettext_lazy("Choisissez une photo (JPEG ou PNG).")
TOO_MANY_PIXELS = gettext_lazy(
    "Cette photo a trop de pixels pour être lue (plus de 16 millions) : réduisez-la à 4000 pixels de côté au plus."
)
# cahier/images.py's reasons, told of a photo: found by identity, not by text (both may be lazy, and
# their text is the language's of the moment).
MESSAGES = [
    (images.TOO_HEAVY, TOO_HEAVY),
    (images.NOT_AN_IMAGE, NOT_A_PHOTO),
    (images.TOO_MANY_PIXELS, TOO_MANY_PIXELS),
]


def _told_of_a_photo(refusal):
    reason = refusal.args[0] if refusal.args else None
    return next((ours for theirs, ours in MESSAGES if reason is theirs or reason == theirs), NOT_A_PHOTO)


class Refused(ValueError):
    """A photo we do not keep, with the reason (translated, lazily: str() in the language of the page)."""


def clean_photo(raw):
    """(JPEG bytes, (width, height)): the photo upright, at most PHOTO_SIDE pixels a side, pixels only."""
    if len(raw) > MAX_BYTES:
        raise Refused(TOO_HEAVY)
    try:
        image = images.decode(raw)
    except images.Refused as refusal:
        raise Refused(_told_of_a_photo(refusal)) from refusal
    image = ImageOps.exif_transpose(image)  # a photo taken sideways stays upright once its EXIF is gone
    image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    if image.mode in ("RGBA", "LA", "P"):
        flat = Image.new("RGB", image.size, "white")  # a transparent background becomes white, not black
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = flat
    out = io.BytesIO()
    images.pixels_only(image, "RGB").save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), image.size


def replace(speaker, raw):
    """The speaker's photo becomes `raw`, cleaned (Refused otherwise; the former photo is then kept)."""
    content, (width, height) = clean_photo(raw)
    digest = hashlib.sha256(content).hexdigest()[:16]
    photo = SpeakerPhoto(speaker=speaker, width=width, height=height, digest=digest)
    try:
        with transaction.atomic():
            SpeakerPhoto.objects.filter(speaker=speaker).delete()  # its file goes with it (receivers.py)
            photo.image.save("photo.jpg", ContentFile(content), save=False)
            photo.save()
    except Exception:
        if photo.image.name and default_storage.exists(photo.image.name):
            default_storage.delete(photo.image.name)
        raise
    return photo


def remove(speaker):
    SpeakerPhoto.objects.filter(speaker=speaker).delete()
