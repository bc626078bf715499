"""What of an edition carries over to the next: its description, partners and rooms.

The days and the programme start empty; the new edition is not current until an organizer
makes it so. The source edition is only read.
"""

from programme.models import Edition

# Everything of the edition itself but what identifies it, its dates and its state.
CARRIED_FIELDS = [
    "name",
    "venue",
    "address",
    "contact_phone",
    "contact_email",
    "presentation",
    "objectives",
    "course_code",
    "course_title",
    "course_credits",
    "attestation_text",
    "capacity",
    # Their English values (issue 24, programme/models/english.py).
    "name_en",
    "presentation_en",
    "objectives_en",
    "attestation_text_en",
]


class PreparationError(ValueError):
    """A French sentence saying why the next edition cannot be prepared with these arguments."""


def check_arguments(source, slug, starts_on, ends_on):
    if Edition.objects.filter(slug=slug).exists():
        raise PreparationError(f"L'identifiant « {slug} » est déjà pris par une autre édition.")
    if ends_on < starts_on:
        raise PreparationError("Le dernier jour doit être le premier jour ou après.")
    if starts_on <= source.ends_on and source.starts_on <= ends_on:
        raise PreparationError(
            f"Ces dates chevauchent celles de l'édition « {source.slug} » "
            f"({source.starts_on.isoformat()} au {source.ends_on.isoformat()})."
        )


def copy_edition(source, slug, starts_on, ends_on, name=None):
    """A new edition with `source`'s description, partners and rooms, not current, no days."""
    edition = Edition(slug=slug, starts_on=starts_on, ends_on=ends_on, is_current=False)
    for field in CARRIED_FIELDS:
        setattr(edition, field, getattr(source, field))
    if name:
        edition.name = name
        edition.name_en = ""  # the old edition's English name would name the wrong year
    edition.save()
    for partner in source.partners.all():
        partner.pk, partner.edition = None, edition
        partner.save()
    for room in source.rooms.all():
        room.pk, room.edition = None, edition
        room.save()
    return edition
