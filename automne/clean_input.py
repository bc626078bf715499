"""The one rule for text and numbers that come from outside (forms, JSON bodies, addresses).

Text containing a NUL character or a lone surrogate is refused, never cleaned: PostgreSQL cannot
store NUL in text, no encoder can write a lone surrogate, and neither is ever typed by a person,
so silently changing what was sent would hide a fault rather than help anyone. The refusal is a
400 with BAD_TEXT in French (automne/middleware.py), for every request, before any view runs.

JSON bodies are parsed here once, with a depth limit (MAX_JSON_DEPTH) checked before parsing, and
must be an object. Identifiers and versions are bounded integers (parse_id, MAX_INT): a database
integer holds at most 2^63 − 1, and SQLite refuses a larger parameter with OverflowError. Every id
read from a request (a form field, a query parameter, a JSON value, an admin checkbox) goes through
parse_id, never through int() or str.isdigit() (« ² » is a digit to isdigit(), not to int()).

A request's text is sent in UTF-8: a Content-Type whose charset is anything else (« rot13 »,
« base64 », « latin-1 ») is refused before anything decodes the body or the query string
(usable_charset).

Cost: every function here is linear in the size of its input, whatever the input (no regular
expression that can backtrack, no loop that rescans what it has read): they run on every request.
"""

import codecs
import json
import re
from itertools import accumulate

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import get_language, gettext, gettext_noop

from automne.french import NBSP

# The refusals, in French (the msgids): translated where they are shown (automne/middleware.refusal,
# automne/views.bad_request), in the language of the address refused.
BAD_TEXT = gettext_noop(
    "Le texte envoyé contient un caractère invalide (caractère nul ou caractère Unicode isolé) : "
    "rien n'a été enregistré. Retirez ce caractère (souvent venu d'un copier-coller) et réessayez."
)
BAD_JSON = gettext_noop("Requête illisible : un objet JSON est attendu.")
TOO_DEEP = gettext_noop("Requête illisible : le JSON envoyé est imbriqué trop profondément.")
TOO_BIG = gettext_noop("Requête trop volumineuse : le JSON envoyé dépasse 256 Kio.")
BAD_CHARSET = gettext_noop(
    "Requête refusée : le texte doit être envoyé en UTF-8, et l'en-tête Content-Type en annonce "
    "un autre jeu de caractères. Rien n'a été enregistré."
)
BAD_REQUEST = gettext_noop("Cette requête est mal formée : rien n'a été enregistré. Rechargez la page, puis réessayez.")

MAX_JSON_DEPTH = 20
MAX_INT = 2**63 - 1  # the largest value of a 64-bit signed integer column (ids, versions)
BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
ASCII_DIGITS = re.compile(r"[0-9]+")
# A JSON string, skipped whole in one pass: possessive, so nothing is tried twice, and an unterminated
# string (or one ending on a lone backslash) runs to the end of the text instead of failing, so the
# search never starts again inside it. The old pattern restarted at each quote of an unterminated run
# of \" and was quadratic (audit F1: one 48 kB body held a worker 30 s).
JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]++")
STEP = {"[": 1, "{": 1, "]": -1, "}": -1}  # a bracket's step in or out
MAX_JSON_BYTES = 256 * 1024  # the autosave API's largest body (cahier/api.py) fits well below


class BadInput(ValueError):
    """Input refused, with the reason in French."""


def is_bad_text(text):
    return isinstance(text, str) and BAD_CHARACTER.search(text) is not None


def without_bad_characters(text):
    """The text with the refused characters taken out: what the person meant to type."""
    return BAD_CHARACTER.sub("", text)


def check_text(*texts):
    """Raises BadInput if any of `texts` holds a NUL or a lone surrogate."""
    if any(is_bad_text(text) for text in texts):
        raise BadInput(BAD_TEXT)


def json_depth_exceeds(raw, limit=MAX_JSON_DEPTH):
    """True if `raw` (JSON text) nests arrays or objects deeper than `limit`; brackets in strings are skipped.

    Linear whatever `raw` holds: one pass drops the strings, one keeps the brackets, one adds them up."""
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", raw))
    return max(accumulate(map(STEP.__getitem__, brackets)), default=0) > limit


def strings_in(value):
    """Every string of a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def parse_json_object(body):
    """The JSON object in `body` (bytes), checked by the rule above; BadInput otherwise."""
    if len(body) > MAX_JSON_BYTES:
        raise BadInput(TOO_BIG)
    try:
        raw = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(BAD_JSON) from exc
    if json_depth_exceeds(raw):
        raise BadInput(TOO_DEEP)
    try:
        data = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError, and numbers too long to convert
        raise BadInput(BAD_JSON) from exc
    if not isinstance(data, dict):
        raise BadInput(BAD_JSON)
    check_text(*strings_in(data))
    return data


def parse_ids(values):
    """Every id of `values` parsed by parse_id, or None if any of them is not an id."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids


def parse_id(value):
    """An identifier sent as text or number: a bounded non-negative int, or None.

    Only ASCII digits count: « ² » or « ٣ » are digits to str.isdigit() but not to int() or to a
    database."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and len(value) <= 19 and ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_INT else None


# Text sent in a request is UTF-8 (ASCII being part of it). Django decodes the query string and the form
# with the charset a Content-Type names, and a codec that is not a text encoding (rot13, hex, base64)
# made every request carrying it a 500 before any view, logging or error page could run (audit F6).
UTF8_CODECS = {"utf-8", "ascii"}


def is_utf8_charset(charset):
    """True if `charset` (from a Content-Type, or None when there is none) names UTF-8 or ASCII."""
    if charset is None:
        return True
    try:
        return codecs.lookup(charset).name in UTF8_CODECS
    except (LookupError, ValueError):  # unknown, or a name no codec could have (NUL…)
        return False


def megabytes(size):
    return gettext("%(size)s Mio") % {"size": f"{size / (1024 * 1024):.0f}"}


def _grouped(number):
    """1000 → « 1 000 » (a no-break space) in French, « 1,000 » in English."""
    text = f"{number:,}"
    return text.replace(",", NBSP) if (get_language() or "fr").startswith("fr") else text


def reason_for(exception):
    """What to tell a person whose request Django refused while reading it (a 400), in the active language."""
    if isinstance(exception, TooManyFieldsSent):
        return gettext("Le formulaire envoyé compte trop de champs (plus de %(count)s) : rien n'a été enregistré.") % {
            "count": _grouped(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        }
    if isinstance(exception, TooManyFilesSent):
        return gettext(
            "Le formulaire envoyé compte trop de fichiers (plus de %(count)s) : rien n'a été enregistré."
        ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if isinstance(exception, RequestDataTooBig):
        return gettext("Ce que vous avez envoyé dépasse %(size)s, la taille permise : rien n'a été enregistré.") % {
            "size": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    if isinstance(exception, DisallowedHost):
        return gettext("Ce site ne répond pas au nom demandé (en-tête Host inconnu) : utilisez son adresse habituelle.")
    if isinstance(exception, MultiPartParserError):
        return gettext(
            "Le formulaire envoyé est illisible (envoi en plusieurs parties sans séparateur valide) : "
            "rien n'a été enregistré. Rechargez la page, puis réessayez."
        )
    if isinstance(exception, UnreadablePostError):
        return gettext("L'envoi a été interrompu avant la fin : rien n'a été enregistré. Réessayez.")
    return gettext(BAD_REQUEST)
