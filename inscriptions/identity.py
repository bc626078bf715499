"""What a person's identity on a registration may be, checked in one place: the registration form,
« Mon espace », the admin's form and the invitation form all run these validators (the model's
fields carry them, so a ModelForm runs them too).

- A name is any printable text, kept exactly as typed: letters of any script, accents, apostrophes,
  emoji. What cannot be printed (control characters, direction overrides, private-use or unassigned
  code points, lone surrogates) is refused with a French message naming the character, never removed
  in silence. Every PDF prints the name whole (automne/pdf.py: fallback fonts, a visible marker at worst).
- The matricule has one of the shapes of settings.MATRICULE_FORMAT (« 9 » a digit, « A » a capital
  letter), compared character by character: a cost linear in its length, whatever is typed.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError

from automne.french import NBSP

# Invisible characters that belong inside printable text: the joiners that build an emoji or shape
# Indic and Arabic script (U+200C, U+200D). Every other format character (Cf) is refused: a
# direction override (U+202E) would make a name print as something else.
JOINERS = {"\u200c", "\u200d"}
UNPRINTABLE = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def unprintable(text):
    """The first character of `text` that is not printable text, or None."""
    for char in text:
        category = unicodedata.category(char)
        if category in UNPRINTABLE or (category == "Cf" and char not in JOINERS):
            return char
    return None


def validate_name(value):
    """A name: printable text, with at least one character that is not a space."""
    char = unprintable(value)
    if char is not None:
        raise ValidationError(
            f"Ce nom contient un caractère qui ne s'imprime pas (U+{ord(char):04X}){NBSP}: retirez-le. "
            "Les lettres de toutes les langues, les accents, les traits d'union, les apostrophes et les "
            "émojis sont acceptés.",
            code="unprintable",
        )
    if not value.strip():
        raise ValidationError("Le nom ne peut pas être fait seulement d'espaces.", code="blank")


def _fits(value, shape):
    if len(value) != len(shape):
        return False
    for char, symbol in zip(value, shape, strict=True):
        if symbol == "9":
            if not ("0" <= char <= "9"):
                return False
        elif symbol == "A":
            if not ("A" <= char <= "Z"):
                return False
        elif char != symbol:
            return False
    return True


def _example(shape):
    digits, letters = iter("1234567890" * 2), iter("ABCDEFGHIJKLMNOPQRST")
    return "".join(next(digits) if s == "9" else next(letters) if s == "A" else s for s in shape)


def _described(shape):
    if set(shape) == {"9"}:
        return f"{len(shape)}{NBSP}chiffres (par exemple {_example(shape)})"
    return f"la forme {shape} (par exemple {_example(shape)})"


def matricule_message():
    """What a matricule looks like, in French, from the setting."""
    shapes = " ou ".join(_described(shape) for shape in settings.MATRICULE_FORMAT)
    legend = (
        ""
        if all(set(s) == {"9"} for s in settings.MATRICULE_FORMAT)
        else f"{NBSP}; 9 est un chiffre, A une lettre majuscule"
    )
    return f"Le matricule de l'ENAP a {shapes}{legend}."


def validate_matricule(value):
    """An empty matricule passes here (the attestation needs none); the credit course requires one
    (the model's constraint and the form say so)."""
    if value and not any(_fits(value, shape) for shape in settings.MATRICULE_FORMAT):
        raise ValidationError(matricule_message(), code="matricule_format")
