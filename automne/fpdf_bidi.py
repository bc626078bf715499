"""fpdf2's bidirectional text rules (Unicode UAX #9), in linear time: the same results, without recursion.

fpdf2 2.8 resolves the weak and neutral types of a run of text by looking, for each character, at its
neighbours one by one, recursively: a run of about 1 000 « neutral » characters (spaces, dots, dashes, line
breaks) or European terminators (%, #, °) raised RecursionError, and shorter runs cost their length squared
(audit F3: one participant's answer made their cahier's PDF, and the team's ZIP, a 500). The two methods
below replace fpdf2's IsolatingRun.resolve_weak_types and resolve_neutral_types: each neighbour is found by
one pass from the left and one from the right, reading the classes exactly as fpdf2 reads them at that
point (those on the left already resolved, those on the right not yet). automne/tests/test_fpdf_bidi.py
checks that they give fpdf2's own results on every input fpdf2 can handle.

install() is called by the cahier's PDF (cahier/pdf.py); it refuses another fpdf2 than the one read here.
"""

import fpdf
from fpdf import bidi

FPDF2_VERSION = "2.8.9"  # the version whose rules these are, copied rule for rule
TO_RIGHT = ("R", "AN", "EN")
NEUTRALS = ("B", "S", "WS", "ON", "FSI", "LRI", "RLI", "PDI")

original_resolve_weak_types = bidi.IsolatingRun.resolve_weak_types
original_resolve_neutral_types = bidi.IsolatingRun.resolve_neutral_types


def strong_direction(bidi_class):
    """ "L", "R" or None, as fpdf2 reads a class when it looks for the nearest strong one."""
    if bidi_class == "L":
        return "L"
    if bidi_class in TO_RIGHT:
        return "R"
    return None


def resolve_weak_types(self):
    characters = self.characters
    count = len(characters)
    # W1 to W4: as fpdf2 (each looks at one neighbour, once).
    for i, bidi_char in enumerate(characters):
        if bidi_char.bidi_class == "NSM":
            if i == 0:
                bidi_char.set_class(self.previous_direction)
            else:
                previous = characters[i - 1].bidi_class
                bidi_char.set_class("ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous)
    last_strong_type = self.previous_direction
    for bidi_char in characters:
        if bidi_char.bidi_class in ("R", "L", "AL"):
            last_strong_type = bidi_char.bidi_class
        if bidi_char.bidi_class == "AL":
            bidi_char.set_class("R")
        if bidi_char.bidi_class == "EN" and last_strong_type == "AL":
            bidi_char.set_class("AN")
    for i, bidi_char in enumerate(characters):
        if i in (0, count - 1):
            continue
        previous, following = characters[i - 1].bidi_class, characters[i + 1].bidi_class
        if bidi_char.bidi_class == "ES" and previous == "EN" and following == "EN":
            bidi_char.set_class("EN")
        if bidi_char.bidi_class == "CS" and previous in ("AN", "EN") and following == previous:
            bidi_char.set_class(previous)
    # W5 and W6. fpdf2 asks, for each European terminator, whether a European number touches its run of
    # terminators: on the left, the character before is already resolved (EN or ON, never ET); on the
    # right, the run is read once, from the end.
    number_follows = [False] * count
    for i in range(count - 2, -1, -1):
        following = characters[i + 1].bidi_class
        number_follows[i] = following == "EN" or (following == "ET" and number_follows[i + 1])
    for i, bidi_char in enumerate(characters):
        if bidi_char.bidi_class == "ET":
            number_before = i > 0 and characters[i - 1].bidi_class == "EN"
            if number_before or number_follows[i]:
                bidi_char.set_class("EN")
        if bidi_char.bidi_class in ("ET", "ES", "CS"):
            bidi_char.set_class("ON")
    # W7: as fpdf2.
    last_strong_type = self.previous_direction
    for bidi_char in characters:
        if bidi_char.bidi_class in ("R", "L", "AL"):
            last_strong_type = bidi_char.bidi_class
        if bidi_char.bidi_class == "EN" and last_strong_type == "L":
            bidi_char.set_class("L")


def previous_strong(characters, index, start_direction):
    """The nearest strong direction before `index` (fpdf2's previous_strong, as a loop)."""
    for i in range(index - 1, -1, -1):
        found = strong_direction(characters[i].bidi_class)
        if found:
            return found
    return start_direction


def resolve_neutral_types(self):
    characters = self.characters
    count = len(characters)
    # N0 (paired brackets): as fpdf2, with the look back written as a loop.
    brackets = self.pair_brackets()
    if brackets:
        embedding_direction = characters[0].get_direction_from_level()
        for opening, closing in brackets:
            strong_same_direction = strong_opposite_direction = False
            resulting_direction = None
            for index in range(opening, closing):
                found = strong_direction(characters[index].bidi_class)
                if found == embedding_direction:
                    strong_same_direction = True
                    break
                if found:
                    strong_opposite_direction = True
            if strong_same_direction:
                resulting_direction = embedding_direction
            elif strong_opposite_direction:
                opposite_direction = "L" if embedding_direction == "R" else "R"
                if previous_strong(characters, opening, self.previous_direction) == opposite_direction:
                    resulting_direction = opposite_direction
                else:
                    resulting_direction = embedding_direction
            if resulting_direction:
                characters[opening].bidi_class = resulting_direction
                characters[closing].bidi_class = resulting_direction
                if count > closing + 1:
                    next_char = characters[closing + 1]
                    if next_char.original_bidi_class == "NSM" and next_char.bidi_class == "ON":
                        next_char.bidi_class = resulting_direction
    # N1 and N2. The nearest strong direction after each character, read once from the end (fpdf2 reads the
    # characters on the right before resolving them); the one before, carried along as they are resolved.
    after = [self.next_direction] * count
    for i in range(count - 2, -1, -1):
        after[i] = strong_direction(characters[i + 1].bidi_class) or after[i + 1]
    before = self.previous_direction
    for i, bidi_char in enumerate(characters):
        if bidi_char.bidi_class in NEUTRALS:
            if before == after[i]:
                bidi_char.bidi_class = before
            else:
                bidi_char.bidi_class = bidi_char.get_direction_from_level()
        before = strong_direction(bidi_char.bidi_class) or before


def install():
    if fpdf.__version__ != FPDF2_VERSION:
        raise RuntimeError(
            f"automne/fpdf_bidi.py reproduces fpdf2 {FPDF2_VERSION}'s bidirectional rules, not those of fpdf2 "
            f"{fpdf.__version__}: compare them again (automne/tests/test_fpdf_bidi.py) before changing the pin."
        )
    bidi.IsolatingRun.resolve_weak_types = resolve_weak_types
    bidi.IsolatingRun.resolve_neutral_types = resolve_neutral_types
