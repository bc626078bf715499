"""French typography per the OQLF, for times, hours and dates, and French text folded for searching and sorting.

On a page or in a message in English (issue 24), the format_* functions write the English form instead
(automne/english.py): every caller, template filter, e-mail or PDF, follows the language in force.
"""

import unicodedata
from functools import wraps

from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import get_language

from automne import english

NBSP = "\xa0"


def in_english():
    return get_language() == "en"


def or_english(format_function):
    """The same function in English when English is in force."""
    in_english_too = getattr(english, format_function.__name__)

    @wraps(format_function)
    def formatted(*args, **kwargs):
        return (in_english_too if in_english() else format_function)(*args, **kwargs)

    return formatted


@or_english
def format_hours(minutes):
    """ "6 h" for whole hours, "13 h 30" otherwise, with no-break spaces: the one way the site
    writes an hour, whether a time of day (format_time) or a number of hours (an attestation's)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"


@or_english
def format_time(value):
    """ "9 h" for a whole hour, "13 h 30" otherwise, with no-break spaces."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "date"):
        value = localtime(value)
    return format_hours(value.hour * 60 + value.minute)


@or_english
def format_time_seconds(value):
    """ "14 h 32 min 05 s": a moment to the second (OQLF), to tell apart versions saved within a minute."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None and hasattr(value, "date"):
        value = localtime(value)
    return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}{NBSP}min{NBSP}{value.second:02d}{NBSP}s"


@or_english
def format_time_range(start, end):
    return f"{format_time(start)} à {format_time(end)}"


@or_english
def format_date(value):
    """ "lundi 20 octobre 2025" (the first day of a month is "1er")."""
    text = formats.date_format(value, "l j F Y")
    if value.day == 1:
        text = text.replace(" 1 ", " 1er ", 1)
    return text


@or_english
def format_moment(value):
    """ "lundi 1er septembre 2026 à 9 h": a date and time, in Montréal time."""
    local = localtime(value)
    return f"{format_date(local.date())} à {format_time(local)}"


@or_english
def format_decimal(value, digits=1):
    """ "3,8": a decimal comma, and a no-break space between thousands ("1 234,5")."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


@or_english
def format_percent(part, whole):
    """ "42 %": a share rounded to the unit, with a no-break space before the sign ("0 %" of nothing)."""
    return f"{round(100 * part / whole) if whole else 0}{NBSP}%"


@or_english
def format_bytes(size):
    """ "20 Mo", "2,4 Mo", "512 ko": a size as the site's limits say it (1 Mo = 1024 × 1024 octets)."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{format_decimal(megabytes, 0 if megabytes >= 10 or megabytes.is_integer() else 1)}{NBSP}Mo"
    return f"{max(1, round(size / 1024))}{NBSP}ko"


def fold(text):
    """Lower case without accents, for searching: "L'Espérance" → "l'esperance"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text):
    """A key that sorts French words as a reader expects: accents, case,
    apostrophes, hyphens and spaces do not count (L'Espérance sorts as lesperance)."""
    return "".join(c for c in fold(text) if c.isalnum())


def typeset(text):
    """A no-break space before « : ; ? ! » and inside guillemets, where a plain space was typed: for
    messages and e-mails written as Python strings or plain-text templates; English (issue 24) as written."""
    if in_english():
        return text
    for mark in (":", ";", "?", "!", "»"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")


# What organizers type, typeset when it is shown (the database keeps it as typed). One convention for the whole
# site: U+00A0 before « : ; ? ! » and inside « », as typeset() and every string of the site write it (the OQLF
# accepts it where the thin U+202F is not used throughout; a U+202F that an organizer typed is kept).
MARKS = ":;?!"
# What may follow a mark in its word for the mark to end it: « Bienvenue! », « (voir p. 3)? » and « quoi?! »
# take the space; « 13:30 », « a;b », « x!=y » and « page?id=3 » do not.
AFTER_MARK = MARKS + ".,…)]»”\"'’\r\t"
KEPT_SPACES = NBSP + "\u202f\u2009"
OPENING = "([{«“‘"


def typography(text, depth=0):
    """Organizer text as the OQLF writes it: a no-break space before « : ; ? ! » (for a plain space, or where
    none was typed) and inside « »; straight quotes "…" become « … » when a line's quotes plainly pair up (left
    as typed otherwise: an inch mark, a lone quote); a quotation inside a quotation takes “ ”. A URL, an e-mail
    address, a time (« 13:30 ») and code between backquotes are kept as typed. `depth` is the number of
    quotations the text sits in (1 for a title the page puts between guillemets: see quoted()).

    One pass, word by word, with str.split and no regular expression: its cost is linear in the text's length."""
    return "\n".join(_typography_line(line, depth) for line in str(text).split("\n"))


def quoted(text):
    """« Le titre » : the text between guillemets, any quotation inside it in “ ”."""
    return f"«{NBSP}{typography(text, depth=1)}{NBSP}»"


def _protected(word):
    """An address is shown as typed: a URL, an e-mail address, a « www. » name."""
    return "://" in word or "@" in word or word.lower().startswith(("www.", "mailto:"))


def _ends_word(word, index):
    return index + 1 == len(word) or word[index + 1] in AFTER_MARK


def _typography_line(line, depth):
    # Code between backquotes is kept: a line's pieces alternate text and code (an unpaired backquote is text).
    pieces = line.split("`")
    code_before = len(pieces) - 1 if len(pieces) % 2 == 0 else len(pieces)
    texts = [(number % 2 == 0 or number >= code_before, piece) for number, piece in enumerate(pieces)]
    words = [word.split(" ") if is_text else [] for is_text, word in texts]
    roles = iter(_quote_roles(word for piece in words for word in piece if not _protected(word)) or ())
    out = []
    for number, (is_text, piece) in enumerate(texts):
        if number:
            out.append("`")
        if is_text:
            typeset_piece, depth = _typography_words(words[number], depth, roles)
            out.append(typeset_piece)
        else:
            out.append(piece)
    return "".join(out)


def _quote_roles(words):
    """Each straight double quote of a line, True to open and False to close, when they alternate open, close,
    open…; None when they do not plainly pair up (then they are left as typed)."""
    roles = []
    for word in words:
        for index, char in enumerate(word):
            if char == '"':
                opens = index == 0 or word[index - 1] in OPENING
                closes = index > 0 and _ends_word(word, index)
                if opens == closes or opens != (len(roles) % 2 == 0):
                    return None
                roles.append(opens)
    return roles if len(roles) % 2 == 0 else None


def _typography_words(words, depth, roles):
    """The words of a piece of text (split on plain spaces) typeset and joined again: the spaces typed between
    two words become one no-break space after « and before » or a mark, none inside “ ”, and stay as typed
    elsewhere."""
    out = []
    spaces = 0
    for position, word in enumerate(words):
        spaces += position > 0
        if not word:
            continue
        if _protected(word):
            typeset_word, closes = word, False
        else:
            typeset_word, depth = _typography_word(word, depth, roles)
            first = typeset_word[0]
            closes = first in "»”" or (first in MARKS and _ends_word(typeset_word, 0))
        if out and spaces:
            previous = out[-1][-1]
            if previous == "“" or typeset_word[0] == "”":
                out.append("")
            elif previous == "«" or closes:
                out.append(NBSP)
            else:
                out.append(" " * spaces)
        else:
            out.append(" " * spaces)
        out.append(typeset_word)
        spaces = 0
    out.append(" " * spaces)
    return "".join(out), depth


def _typography_word(word, depth, roles):
    chars = []
    for index, char in enumerate(word):
        if char == '"':
            opens = next(roles, None)
            if opens is not None:
                char = "«" if opens else "»"
        if char == "«":
            chars.append("“" if depth else "«")
            if not depth and index + 1 < len(word) and word[index + 1] not in KEPT_SPACES:
                chars.append(NBSP)
            depth += 1
        elif char == "»" and depth >= 2:
            chars.append("”")
            depth -= 1
        elif char == "»":
            depth = 0
            if chars and chars[-1] not in KEPT_SPACES:
                chars.append(NBSP)
            chars.append(char)
        elif char in MARKS and chars and chars[-1] not in KEPT_SPACES + MARKS + OPENING and _ends_word(word, index):
            chars.extend((NBSP, char))
        else:
            chars.append(char)
    return "".join(chars), depth
