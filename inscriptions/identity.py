"""One identity per account: every e-mail address the site reads or stores goes through `normalize_email`,
once, and accounts are then found by exact equality (`User.objects.with_email`), never by a database's
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
"""

import contextlib
import unicodedata

from django import forms

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
