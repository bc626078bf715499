"""Who a person is, checked and stored in one place.

**E-mail addresses.** One identity per account: every e-mail address the site reads or stores goes
through `normalize_email`, once, and accounts are then found by exact equality (`User.objects.with_email`), never by a database's
own idea of case (PostgreSQL's UPPER() turns « ſ » into « S » and « ı » into « I »; SQLite's LIKE folds
ASCII only).

The two halves of an address are not the same kind of name, so each is normalized as what it is:

- **The domain** is a DNS name, and a DNS name is the same whatever its case. It goes through IDNA 2003
  (the standard library's `idna` codec: nameprep, which is case folding and NFKC, then Punycode and
  back), which is exactly what Django does to the domain when it sends a message
  (`django.utils.encoding.punycode`). So the stored domain is where our mail goes: « Exemple.CA »,
  « exemple．ca » and « xn--… » spellings of one domain are one domain, while « audıt.test » (dotless ı)
  stays another domain (IDNA keeps ı; it is xn--audt-nza.test), as it is for every mail server.
- **The local part** belongs to the receiving server, which could in theory tell « Camille » from
  « camille » (RFC 5321). None of the servers our participants use does, and the site has always
  treated them as one, so it is folded the same way: NFKC, then full case folding, then NFKC again
  (case folding can undo composition). Django's validator accepts only ASCII local parts, plus « ſ »,
  « ı » and « K » (Kelvin) which its case-insensitive pattern lets through: NFKC and folding map « ſ »
  to « s » and « K » to « k »; « ı » has no other case and stays.

Normalizing comes before validating (`EmailField` below), so what the validator accepts is what is
stored, compared and written to. The function is total (any text in, text out, in linear time) and
idempotent: normalizing twice changes nothing.

**Names and matricule.** What a person's identity on a registration may be, checked in one place:
the registration form, « Mon espace », the admin's form and the invitation form all run these validators (the model's
fields carry them, so a ModelForm runs them too).

- A name is any printable text, kept exactly as typed: letters of any script, accents, apostrophes,
  emoji. What cannot be printed (control characters, direction overrides, private-use or unassigned
  code points, lone surrogates) is refused with a French message naming the character, never removed
  in silence. Every PDF prints the name whole (automne/pdf.py: fallback fonts, a visible marker at worst).
- The matricule has one of the shapes of settings.MATRICULE_FORMAT (« 9 » a digit, « A » a capital
  letter), compared character by character: a cost linear in its length, whatever is typed.
"""

import contextlib
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Full stops that IDNA reads as « . » between labels (RFC 3490, 3.1); NFKC maps only the fullwidth one.
IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


def fold(text):
    """NFKC, full case folding, NFKC: the caseless form of `text`."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalize_domain(domain):
    domain = fold(domain).translate(IDNA_DOTS)
    # Not a domain name (an empty label, a label over 63 octets…): left as it is, for the validator to refuse.
    with contextlib.suppress(UnicodeError):
        domain = domain.encode("idna").decode("idna")
    return _without_final_dots(domain)  # « exemple.ca. » is the same name as « exemple.ca »


def _without_final_dots(text):
    end = len(text)
    while end and (text[end - 1] == "." or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def normalize_email(value):
    """The one form of an address under which it is stored and looked up."""
    text = unicodedata.normalize("NFKC", value).strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return fold(text)
    return f"{fold(local)}@{normalize_domain(domain)}"


class EmailField(forms.EmailField):
    """A form's address field: normalized first, then validated (length included) as it will be stored."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_email(value) if value else value


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
            _(
                "Ce nom contient un caractère qui ne s'imprime pas (U+%(code)s) : retirez-le. "
                "Les lettres de toutes les langues, les accents, les traits d'union, les apostrophes et les "
                "émojis sont acceptés."
            )
            % {"code": f"{ord(char):04X}"},
            code="unprintable",
        )
    if not value.strip():
        raise ValidationError(_("Le nom ne peut pas être fait seulement d'espaces."), code="blank")


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
        return _("%(count)s chiffres (par exemple %(example)s)") % {"count": len(shape), "example": _example(shape)}
    return _("la forme %(shape)s (par exemple %(example)s)") % {"shape": shape, "example": _example(shape)}


def matricule_message():
    """What a matricule looks like, in French, from the setting."""
    shapes = _(" ou ").join(_described(shape) for shape in settings.MATRICULE_FORMAT)
    legend = (
        ""
        if all(set(s) == {"9"} for s in settings.MATRICULE_FORMAT)
        else _(" ; 9 est un chiffre, A une lettre majuscule")
    )
    return _("Le matricule de l'ENAP a %(shapes)s%(legend)s.") % {"shapes": shapes, "legend": legend}


def validate_matricule(value):
    """An empty matricule passes here (the attestation needs none); the credit course requires one
    (the model's constraint and the form say so)."""
    if value and not any(_fits(value, shape) for shape in settings.MATRICULE_FORMAT):
        raise ValidationError(matricule_message(), code="matricule_format")
