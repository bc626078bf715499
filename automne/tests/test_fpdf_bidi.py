"""automne/fpdf_bidi.py gives fpdf2's own bidirectional results, without its recursion (audit F3)."""

import pytest
from fpdf import bidi
from hypothesis import example, given
from hypothesis import strategies as st

from automne import fpdf_bidi

# One or more characters of each bidirectional class fpdf2 treats apart, brackets and controls included.
BIDI_ALPHABET = st.sampled_from(
    [
        "a",  # L
        "ب",  # AL
        "א",  # R
        "1",  # EN
        "١",  # AN
        "+",  # ES
        "%",  # ET
        "#",  # ET
        ",",  # CS
        ".",  # CS
        " ",  # WS
        "\t",  # S
        "\n",  # B
        "-",  # ES
        "!",  # ON
        "(",
        ")",
        "[",
        "]",
        "\u0301",  # NSM
        "\u200d",  # BN
        "\u202a",  # LRE
        "\u202b",  # RLE
        "\u202c",  # PDF
        "\u202d",  # LRO
        "\u202e",  # RLO
        "\u2066",  # LRI
        "\u2067",  # RLI
        "\u2068",  # FSI
        "\u2069",  # PDI
    ]
)


def resolved(text, direction, methods):
    """Each character's class and level, and the fragments, with fpdf2's rules (`methods`) in place."""
    weak, neutral = methods
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bidi.IsolatingRun, "resolve_weak_types", weak)
        patch.setattr(bidi.IsolatingRun, "resolve_neutral_types", neutral)
        paragraph = bidi.BidiParagraph(text, base_direction=direction)
        characters = [(c.character, c.bidi_class, c.embedding_level) for c in paragraph.get_characters()]
        return characters, paragraph.get_bidi_fragments()


FPDF2 = (fpdf_bidi.original_resolve_weak_types, fpdf_bidi.original_resolve_neutral_types)
LINEAR = (fpdf_bidi.resolve_weak_types, fpdf_bidi.resolve_neutral_types)


@given(st.lists(BIDI_ALPHABET, max_size=200).map("".join), st.sampled_from([None, "L", "R"]))
@example("a" + " " * 300 + "ب", None)
@example("ب" + "%" * 300 + "1", "L")
@example("(ب" + "." * 200 + "a)", "R")
@example("1" + "%%" * 100, "L")
def test_the_linear_rules_resolve_as_fpdf2_does(text, direction):
    direction = {"L": bidi.TextDirection.LTR, "R": bidi.TextDirection.RTL}.get(direction)
    assert resolved(text, direction, LINEAR) == resolved(text, direction, FPDF2)


@pytest.mark.parametrize("run", [" ", "\n", ".", "-", "%", "#", "°"])
def test_a_run_of_5000_neutral_characters_is_resolved(run):
    text = "ب" + run * 5000 + "a"
    with pytest.raises(RecursionError):
        resolved(text, None, FPDF2)
    characters, fragments = resolved(text, None, LINEAR)
    assert len(characters) == 5002
    assert "".join(fragment for fragment, _ in fragments).replace("ب", "").replace("a", "") == run * 5000


def test_install_refuses_another_fpdf2(monkeypatch):
    monkeypatch.setattr("fpdf.__version__", "2.9.0")
    with pytest.raises(RuntimeError, match="fpdf2 2.8.9"):
        fpdf_bidi.install()
