"""Preparing the next edition in one step (the `prepare_edition` command and the admin action):
each app copies what of its part carries over, in one transaction. Besides the programme and the
cahier's structure, an app with a module `next_edition.py` and a function
`copy_to_next_edition(source, edition)` in it adds its part (remises/, appreciations/)."""

import importlib
import importlib.util

from django.apps import apps
from django.db import transaction

from cahier.structure import copy_structure
from programme.models import Edition
from programme.preparation import PreparationError, check_arguments, copy_edition


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
        for copy in app_hooks():
            copy(source, edition)
    return edition


def app_hooks():
    """Each app's `next_edition.copy_to_next_edition`, in the order of INSTALLED_APPS."""
    hooks = []
    for config in apps.get_app_configs():
        name = f"{config.name}.next_edition"
        if config.name != "automne" and importlib.util.find_spec(name) is not None:
            module = importlib.import_module(name)
            if hasattr(module, "copy_to_next_edition"):
                hooks.append(module.copy_to_next_edition)
    return hooks
