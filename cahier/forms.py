"""The cahier's posted forms. Each limit is written once (cahier/models.py); the views validate
with these forms and the templates read their maxlength from the same fields."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cahier.models import CAPTION_MAX_LENGTH, COMMENT_MAX_LENGTH


def characters(limit):
    """« 5 000 caractères » (thousands separated by a space, as the messages always said); "5,000 characters"."""
    number = f"{limit:,}"
    if not (get_language() or "fr").startswith("en"):
        number = number.replace(",", " ")
    return _("%(count)s caractères") % {"count": number}


def comment_too_long():
    return _("Le commentaire ne doit pas dépasser %(limit)s.") % {"limit": characters(COMMENT_MAX_LENGTH)}


def caption_too_long():
    return _("La légende ne doit pas dépasser %(limit)s.") % {"limit": characters(CAPTION_MAX_LENGTH)}


class FirstErrorMixin:
    def first_error(self):
        """The message of the first field in error, in the order of the fields."""
        for name in self.fields:
            if name in self.errors:
                return self.errors[name][0]
        return None


class CommentForm(FirstErrorMixin, forms.Form):
    """A comment of the teaching team on a theme."""

    commentaire = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Le commentaire est vide : rien n'a été envoyé."),
            "max_length": lazy(comment_too_long, str)(),
            "null_characters_not_allowed": gettext_lazy(
                "Le commentaire contient un caractère invalide (octet nul) : retirez-le."
            ),
        },
    )


class DrawingForm(FirstErrorMixin, forms.Form):
    """« Ajouter une image »: a caption, and a photo or a drawing of the canvas (a PNG data URL).

    The image itself is checked and re-encoded by cahier/drawings.py."""

    legende = forms.CharField(
        max_length=CAPTION_MAX_LENGTH,
        error_messages={
            "required": gettext_lazy("Ajoutez une légende : elle décrit l'image pour qui ne la voit pas."),
            "max_length": lazy(caption_too_long, str)(),
        },
    )
    photo = forms.FileField(required=False, allow_empty_file=True, widget=forms.FileInput)
    dessin = forms.CharField(
        required=False,
        strip=False,
        error_messages={"null_characters_not_allowed": gettext_lazy("Le dessin n'a pas pu être lu. Réessayez.")},
    )


class SharingForm(forms.Form):
    """« Partager » (partager=oui) or « Arrêter le partage » (anything else)."""

    partager = forms.CharField(required=False, strip=False)

    def wants_sharing(self):
        return self.is_valid() and self.cleaned_data["partager"] == "oui"
