"""The site's own French in every template, HTML pages and e-mails alike: a no-break space (&nbsp; or
U+00A0, or U+202F) before « : ; ? ! » and inside « », never a plain space or none. What is not the site's
French prose is set aside first: Django's template syntax, comments, <script> and <style>, HTML tags with
their attributes, URLs, and a few templates that are not French prose (the admin's overrides of Django's own
English templates are French too, and scanned). Each finding names the file, the line and the words around."""

import html
from pathlib import Path

import pytest
from django.conf import settings

from automne.french import typeset

ROOT = Path(settings.BASE_DIR)
MARKS = ":;?!"
# Plain-text e-mails whose body is typeset() when sent: remises/handing_in.py (receipt), remises/grading.py
# (published), remises/reminders.py (reminder). Every other e-mail template holds its no-break spaces itself.
TYPESET_WHEN_SENT = {f"remises/templates/remises/emails/{name}.txt" for name in ("receipt", "published", "reminder")}


def templates():
    for directory in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in sorted(directory.rglob("*")):
            if path.suffix in (".html", ".txt") and ".venv" not in path.parts:
                yield path


# Attributes a person reads or hears: their values are scanned as prose, each between two NULs.
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def _shown_values(tag):
    values = []
    for name in SHOWN_ATTRIBUTES:
        at = tag.find(f' {name}="')
        if at >= 0:
            start = at + len(name) + 3
            finish = tag.find('"', start)
            values.append(tag[start : finish if finish >= 0 else len(tag)])
    return "".join(f"\x00{value}\x00" for value in values)


def _cut(text, start, end):
    """The text with every span from `start` to `end` blanked (kept as spaces of the same length would
    create false findings: blanked to a neutral character that is neither a space nor a letter); of an
    HTML tag, the values of the attributes a person reads are kept."""
    out = []
    position = 0
    while True:
        begin = text.find(start, position)
        if begin < 0:
            out.append(text[position:])
            return "".join(out)
        finish = text.find(end, begin + len(start))
        finish = len(text) if finish < 0 else finish + len(end)
        out.append(text[position:begin])
        span = text[begin:finish]
        shown = _shown_values(span) if start == "<" else ""
        out.append("\x00" + shown.replace("\n", " ") + "\n" * span.count("\n"))
        position = finish


def prose(text, path_is_html=True):
    """What a person reads of a template, tags and template syntax blanked (one NUL each)."""
    for start, end in (
        ("{% comment %}", "{% endcomment %}"),
        ("{#", "#}"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<!--", "-->"),
        ("{%", "%}"),
        ("{{", "}}"),
        ("<", ">"),
    ):
        text = _cut(text, start, end)
    words = []
    for word in text.split(" "):
        words.append("\x00" if "://" in word or word.startswith(("mailto:", "tel:")) else word)
    text = " ".join(words)
    return html.unescape(text) if path_is_html else text


def findings(path):
    text = path.read_text()
    if path.is_relative_to(ROOT) and path.relative_to(ROOT).as_posix() in TYPESET_WHEN_SENT:
        # Its sending code passes the body through typeset() (automne/french.py), which turns a plain space
        # before « : ; ? ! » and inside « » into a no-break space; what it cannot mend (no space) is found here.
        text = typeset(text)
    found = []
    for number, line in enumerate(prose(text, path.suffix == ".html").split("\n"), start=1):
        for index, char in enumerate(line):
            before = line[index - 1] if index else "\n"
            after = line[index + 1] if index + 1 < len(line) else "\n"
            if char in MARKS and after in " \n\x00" and before not in "\xa0\u202f\x00" + MARKS and not before.isdigit():
                if before == " " or before.isalpha() or before in ")»”.":
                    found.append((number, line[max(0, index - 25) : index + 10]))
            elif char == "»" and before not in "\xa0\u202f\x00" and index:
                found.append((number, line[max(0, index - 25) : index + 10]))
            elif char == "«" and after not in "\xa0\u202f\x00":
                found.append((number, line[max(0, index - 10) : index + 25]))
    return found


def test_every_template_writes_no_break_spaces_before_double_marks_and_inside_guillemets():
    report = [f"{path.relative_to(ROOT)}:{number}: {text!r}" for path in templates() for number, text in findings(path)]
    assert report == [], "\n".join(report)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Motif&nbsp;: oui ; non", [(1, "Motif&nbsp;: oui ; non")]),
        ("Bienvenue!", [(1, "Bienvenue!")]),
        ("«&nbsp;{{ x }}&nbsp;» et « y »", [(1, "« y »"), (1, "y »")]),  # both plain spaces of « y », not the first
        ("{% if a %}:{% endif %} à 13:30 {{ a|date:'j F Y : H' }} <a href=\"https://x.ca/?a=1;b\">lien</a>", []),
        ('<script src="x.js"></script><style>a:hover{}</style> https://x.ca/a?b', []),
        ('<a href="/x?a=1;b=2" class="a:b">lien</a>', []),
        ('<button aria-label="Fermer le menu ?" title="Menu&nbsp;!">x</button>', [(1, "Fermer le menu ?")]),
        ('<img alt="« Carte »" src="c.png">', [(1, "« Carte »"), (1, "Carte »")]),
    ],
)
def test_the_scan_finds_plain_spaces_and_keeps_what_is_not_prose(tmp_path, template, expected):
    path = tmp_path / "gabarit.html"
    path.write_text(template)
    assert [number for number, _ in findings(path)] == [number for number, _ in expected]
