"""The one rule for text and numbers that come from outside (forms, JSON bodies, addresses).

Text containing a NUL character or a lone surrogate is refused, never cleaned: PostgreSQL cannot
store NUL in text, no encoder can write a lone surrogate, and neither is ever typed by a person,
so silently changing what was sent would hide a fault rather than help anyone. The refusal is a
400 with BAD_TEXT in French (automne/middleware.py), for every request, before any view runs.

JSON bodies are parsed here once, with a depth limit (MAX_JSON_DEPTH) checked before parsing, and
must be an object. Identifiers and versions are bounded integers (parse_id, MAX_INT): a database
integer holds at most 2^63 − 1, and SQLite refuses a larger parameter with OverflowError.
"""

import json
import re

BAD_TEXT = (
    "Le texte envoyé contient un caractère invalide (caractère nul ou caractère Unicode isolé) : "
    "rien n'a été enregistré. Retirez ce caractère (souvent venu d'un copier-coller) et réessayez."
)
BAD_JSON = "Requête illisible : un objet JSON est attendu."
TOO_DEEP = "Requête illisible : le JSON envoyé est imbriqué trop profondément."
TOO_BIG = "Requête trop volumineuse : le JSON envoyé dépasse 256 Kio."

MAX_JSON_DEPTH = 20
MAX_INT = 2**63 - 1  # the largest value of a 64-bit signed integer column (ids, versions)
BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
ASCII_DIGITS = re.compile(r"[0-9]+")
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")
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
    """True if `raw` (JSON text) nests arrays or objects deeper than `limit`; brackets in strings are skipped."""
    depth = 0
    for bracket in BRACKET.findall(JSON_STRING.sub("", raw)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


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


def parse_id(value):
    """An identifier sent as text or number: a bounded non-negative int, or None.

    Only ASCII digits count: « ² » or « ٣ » are digits to str.isdigit() but not to int() or to a
    database."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and ASCII_DIGITS.fullmatch(value) and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_INT else None
