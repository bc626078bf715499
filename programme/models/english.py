"""The English value beside the French one, where organizers give it (issue 24).

Each text people read on the programme has an optional English twin (`title_en` beside `title`): one
plain column each, in these abstract models, rather than django-modeltranslation, because the hot path
reads the programme's rows directly (programme/pieces.py) and a translated descriptor would change what
`title` means there; the French columns, the fixtures and earlier backups stay exactly as they were.

`shown(obj, field)` is what a page shows in the language in force: the English value on an English page
when there is one, else the French field as typed, in its own language (a session given in English has
its English title in the French field: shown once, never « translated » twice). Templates mark its
language with `|lang_attr` where it differs from the page's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from automne import languages


class Shown(str):
    """A text and the language it is written in: "fr" or "en"."""

    lang: str

    def __new__(cls, text, lang):
        shown = super().__new__(cls, text or "")
        shown.lang = lang
        return shown


def shown(obj, field, own_language="fr"):
    if languages.current() == languages.ENGLISH:
        english = getattr(obj, f"{field}_en", "")
        if english:
            return Shown(english, "en")
    return Shown(getattr(obj, field), own_language)


ENGLISH_HELP = _("Facultatif. Laissé vide, le texte français est montré sur les pages en anglais.")


class EditionInEnglish(models.Model):
    name_en = models.CharField(_("nom en anglais"), max_length=200, blank=True, help_text=ENGLISH_HELP)
    presentation_en = models.TextField(_("présentation en anglais"), blank=True, help_text=ENGLISH_HELP)
    objectives_en = models.TextField(
        _("objectifs en anglais"), blank=True, help_text=_("Un objectif par ligne. ") + ENGLISH_HELP
    )
    attestation_text_en = models.TextField(_("attestation de formation en anglais"), blank=True, help_text=ENGLISH_HELP)

    class Meta:
        abstract = True

    @property
    def shown_name(self):
        return shown(self, "name")

    @property
    def shown_presentation(self):
        return shown(self, "presentation")

    @property
    def shown_objectives(self):
        return shown(self, "objectives")

    @property
    def shown_attestation_text(self):
        return shown(self, "attestation_text")


class RoomInEnglish(models.Model):
    name_en = models.CharField(_("nom en anglais"), max_length=120, blank=True, help_text=ENGLISH_HELP)
    directions_en = models.TextField(_("pour s'y rendre, en anglais"), blank=True, help_text=ENGLISH_HELP)

    class Meta:
        abstract = True

    @property
    def shown_name(self):
        return shown(self, "name")

    @property
    def shown_directions(self):
        return shown(self, "directions")


class SessionInEnglish(models.Model):
    title_en = models.CharField(_("titre en anglais"), max_length=300, blank=True, help_text=ENGLISH_HELP)
    description_en = models.TextField(_("description en anglais"), blank=True, help_text=ENGLISH_HELP)

    class Meta:
        abstract = True

    @property
    def shown_title(self):
        """A session given in English has its English title in `title` (language "en")."""
        return shown(self, "title", self.language)

    @property
    def shown_description(self):
        # The descriptions of 2025 are in French, sessions given in English included.
        return shown(self, "description")
