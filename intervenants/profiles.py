"""What a speaker edits of the person they speak for: their biography and organisation (the
programme's own fields, so that the speakers' pages show them at once) and their photo
(intervenants/photos.py). The one path for these writes from the speakers' space."""

from automne.french import NBSP
from programme import change_effects

BIO_MAX_LENGTH = 3000
ORGANISATION_MAX_LENGTH = 300
BIO_TOO_LONG = f"La biographie tient en {BIO_MAX_LENGTH} caractères au plus."
ORGANISATION_TOO_LONG = f"L'organisation tient en {ORGANISATION_MAX_LENGTH} caractères au plus."


class Refused(ValueError):
    def __init__(self, errors):
        super().__init__(f"Profil refusé{NBSP}: {errors}")
        self.errors = errors  # {field: French message}


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
