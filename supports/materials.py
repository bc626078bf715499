"""Adding, changing and removing a session's materials: the one path for every write (the admin,
the speakers' space). A file is read once, its type checked from its bytes (supports/files.py),
and kept within two limits: SUPPORTS_FILE_MAX_BYTES per file and SUPPORTS_EDITION_MAX_BYTES for all
the files of an edition, checked with the edition's row locked, so that two uploads at once cannot
both slip under it. The file and its row are written in one transaction (the files are in the
database: automne/storage.py)."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programme.models import Edition
from supports import files
from supports.models import Material, Visibility
from supports.sizes import format_size

TITLE_MAX_LENGTH = Material._meta.get_field("title").max_length
URL_MAX_LENGTH = Material._meta.get_field("url").max_length

# The messages: lazy, in the language of the page that shows them (the msgids hold U+00A0).
NO_TITLE = gettext_lazy("Donnez un titre au support, par exemple « Diapositives ».")
TITLE_TOO_LONG = format_lazy(gettext_lazy("Le titre tient en {count} caractères au plus."), count=TITLE_MAX_LENGTH)
BAD_VISIBILITY = gettext_lazy("Choisissez qui peut voir ce support.")
FILE_OR_LINK = gettext_lazy("Un support est un fichier ou un lien : choisissez l'un des deux.")
BAD_URL = gettext_lazy("Ce lien n'est pas une adresse web : elle commence par https:// (ou http://).")
EMPTY_FILE = gettext_lazy("Ce fichier est vide.")


def file_too_large():
    return _(
        "Ce fichier dépasse %(limit)s : réduisez-le (par exemple "
        "en PDF, images compressées) ou déposez-le ailleurs et ajoutez un lien."
    ) % {"limit": format_size(settings.SUPPORTS_FILE_MAX_BYTES)}


def edition_full(used):
    limit = settings.SUPPORTS_EDITION_MAX_BYTES
    return _(
        "Les supports de cette édition occupent déjà %(used)s sur %(limit)s : "
        "ce fichier n'y tient plus. Ajoutez plutôt un lien, ou demandez aux organisateurs d'en retirer."
    ) % {"used": format_size(used), "limit": format_size(limit)}


class Refused(ValueError):
    """A material we do not keep, with the reason (translated; `field`: the field it concerns)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def clean_title(title):
    title = (title or "").strip()
    if not title:
        raise Refused(NO_TITLE, "title")
    if len(title) > TITLE_MAX_LENGTH:
        raise Refused(TITLE_TOO_LONG, "title")
    return title


def clean_visibility(visibility):
    if visibility not in Visibility.values:
        raise Refused(BAD_VISIBILITY, "visibility")
    return visibility


def clean_url(url):
    url = (url or "").strip()
    parts = urlsplit(url) if len(url) <= URL_MAX_LENGTH else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise Refused(BAD_URL, "url")
    return url


def read_upload(upload):
    """The bytes of an uploaded file within the per-file limit, and what they are; Refused otherwise.
    The size is checked before anything is read."""
    if upload.size > settings.SUPPORTS_FILE_MAX_BYTES:
        raise Refused(file_too_large(), "file")
    if upload.size == 0:
        raise Refused(EMPTY_FILE, "file")
    upload.seek(0)
    data = upload.read(settings.SUPPORTS_FILE_MAX_BYTES + 1)
    if len(data) > settings.SUPPORTS_FILE_MAX_BYTES:
        raise Refused(file_too_large(), "file")
    try:
        inspected = files.inspect(upload.name, data)
    except files.Refused as refusal:
        raise Refused(str(refusal), "file") from refusal
    return data, inspected


def used_bytes(edition_id, besides=None):
    """The bytes of the edition's files (without material `besides`, being replaced)."""
    rows = Material.objects.filter(session__edition_id=edition_id)
    if besides is not None:
        rows = rows.exclude(pk=besides)
    return rows.aggregate(total=Sum("size"))["total"] or 0


def check(session, *, title, visibility, upload=None, url=""):
    """Everything that can be checked before writing (a form's validation): Refused otherwise."""
    clean_title(title)
    clean_visibility(visibility)
    if (upload is None) == (not url):
        raise Refused(FILE_OR_LINK, "file")
    if upload is not None:
        read_upload(upload)
        if used_bytes(session.edition_id) + upload.size > settings.SUPPORTS_EDITION_MAX_BYTES:
            raise Refused(edition_full(used_bytes(session.edition_id)), "file")
    else:
        clean_url(url)


def _store_file(material, data, inspected):
    material.file_type = inspected.file_type
    material.size = len(data)
    material.digest = hashlib.sha256(data).hexdigest()
    material.file.save(f"support.{inspected.file_type}", ContentFile(data), save=False)


def _within_edition(session, adding, besides=None):
    Edition.objects.select_for_update().filter(pk=session.edition_id).first()  # one upload at a time per edition
    used = used_bytes(session.edition_id, besides)
    if used + adding > settings.SUPPORTS_EDITION_MAX_BYTES:
        raise Refused(edition_full(used), "file")


def add(session, *, title, visibility, upload=None, url="", by=None, order=0):
    """A new material of `session`: a file (`upload`, a Django UploadedFile) or a link (`url`)."""
    title, visibility = clean_title(title), clean_visibility(visibility)
    if (upload is None) == (not url):
        raise Refused(FILE_OR_LINK, "file")
    material = Material(session=session, title=title, visibility=visibility, added_by=by, order=order)
    if upload is None:
        material.url = clean_url(url)
        material.save()
        return material
    data, inspected = read_upload(upload)
    try:
        with transaction.atomic():
            _within_edition(session, len(data))
            _store_file(material, data, inspected)
            material.save()
    except Exception:
        _forget_file(material)
        raise
    return material


def change(material, *, title, visibility, order=None, upload=None, url=None):
    """Changes a material's title, visibility and order; replaces its file (`upload`) or its link (`url`)."""
    material.title, material.visibility = clean_title(title), clean_visibility(visibility)
    if order is not None:
        material.order = order
    if url is not None and not material.is_file:
        material.url = clean_url(url)
    if upload is None:
        material.save()
        return material
    if not material.is_file:
        raise Refused(FILE_OR_LINK, "file")
    data, inspected = read_upload(upload)
    former = material.file.name
    try:
        with transaction.atomic():
            _within_edition(material.session, len(data), besides=material.pk)
            _store_file(material, data, inspected)
            material.save()
            default_storage.delete(former)
    except Exception:
        _forget_file(material, keep=former)
        raise
    return material


def remove(material):
    material.delete()  # its file goes with it (supports/receivers.py)


def _forget_file(material, keep=None):
    """After a failed write: no file is left without its row, whatever the storage."""
    name = material.file.name
    if name and name != keep and default_storage.exists(name):
        default_storage.delete(name)
    if keep:
        material.file.name = keep
