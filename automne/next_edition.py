"""Preparing the next edition in one step (the `prepare_edition` command and the admin action):
each app copies what of its part carries over, in one transaction."""

from django.db import transaction

from cahier.structure import copy_structure
from programme.models import Edition
from programme.preparation import PreparationError, check_arguments, copy_edition
from remises.preparation import copy_assignment


def prepare_edition(source_slug, slug, starts_on, ends_on, name=None):
    """The new edition, prepared from edition `source_slug`; PreparationError (a French
    sentence) when the arguments cannot be used, and then nothing is written."""
    source = Edition.objects.filter(slug=source_slug).first()
    if source is None:
        raise PreparationError(f"Aucune édition n'a l'identifiant « {source_slug} ».")
    check_arguments(source, slug, starts_on, ends_on)
    with transaction.atomic():
        edition = copy_edition(source, slug, starts_on, ends_on, name=name)
        copy_structure(source, edition)
        copy_assignment(source, edition)
    return edition
