"""Reading rendered pages in tests: the text of elements found by class, tag or id,
with runs of ordinary white space collapsed (no-break spaces are kept as they are)."""

import re
from html.parser import HTMLParser

INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "time"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def squash(text):
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class _Finder(HTMLParser):
    def __init__(self, match):
        super().__init__(convert_charrefs=True)
        self.match = match
        self.open = []  # [depth, parts] of the elements being captured
        self.found = []
        self.depth = 0

    def _boundary(self, tag):
        # Block elements separate words, as a reader sees them.
        if tag not in INLINE:
            for _, parts in self.open:
                parts.append(" ")

    def handle_starttag(self, tag, attrs):
        self._boundary(tag)
        if tag in VOID:
            return
        self.depth += 1
        if self.match(tag, dict(attrs)):
            self.open.append([self.depth, []])

    def handle_endtag(self, tag):
        self._boundary(tag)
        if tag in VOID:
            return
        if self.open and self.open[-1][0] == self.depth:
            _, parts = self.open.pop()
            text = squash("".join(parts))
            self.found.append(text)
            for _, outer in self.open:
                outer.append(" ")
        self.depth -= 1

    def handle_data(self, data):
        for _, parts in self.open:
            parts.append(data)


def texts(html, css_class=None, tag=None, id=None):
    """The texts of the elements with that class (and/or tag, id), in document order."""

    def match(element_tag, attrs):
        if tag and element_tag != tag:
            return False
        if id and attrs.get("id") != id:
            return False
        return not css_class or css_class in (attrs.get("class") or "").split()

    finder = _Finder(match)
    finder.feed(html)
    return finder.found


def text(html, **selector):
    found = texts(html, **selector)
    assert len(found) == 1, f"{len(found)} éléments pour {selector}"
    return found[0]
