"""What a speaker edits of the person they speak for: their biography and organisation (the
programme's own fields, so that the speakers' pages show them at once) and their photo
(intervenants/photos.py). The one path for these writes from the speakers' space."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from automne.french import NBSP
from programme import change_effects

BIO_MAX_LENGTH = 3000
ORGANISATION_MAX_LENGTH = 300
BIO_TOO_LONG = format_lazy(gettext_lazy("La biographie tient en {count} caractères au plus."), count=BIO_MAX_LENGTH)
ORGANISATION_TOO_LONG = format_lazy(
    gettext_lazy("L'organisation tient en {count} caractères au plus."), count=ORGANISATION_MAX_LENGTH
)


class Refused(ValueError):
    def __init__(self, errors):
        super().__init__(f"Profil refusé{NBSP}: {errors}")
        self.errors = errors  # {field: message (lazy, translated where it is shown)}


def update(speaker, *, bio, organisation):
    """Saves the biography and the organisation through programme/change_effects.py, the programme's one
    write path (the organisation is shown in the calendar events of the person's sessions)."""
    bio, organisation = (bio or "").strip().replace("\r\n", "\n"), (organisation or "").strip()
    errors = {}
    if len(bio) > BIO_MAX_LENGTH:
        errors["bio"] = BIO_TOO_LONG
    if len(organisation) > ORGANISATION_MAX_LENGTH:
        errors["organisation"] = ORGANISATION_TOO_LONG
    if errors:
        raise Refused(errors)
    speaker.bio, speaker.organisation = bio, organisation
    change_effects.save(speaker)
    return speaker
