"""The PDF handed in, as a person sees it: its cover says the hand-in (or the alias when grading is
anonymous), every character lies inside the margins (pdfplumber), and pdftoppm renders each page (kept in
test-artifacts/remises/ to look at)."""

import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import time_machine
from django.conf import settings

from remises import handing_in
from remises.models import HandIn
from remises.tests.factories import BEFORE_DUE, make_assignment, make_participant, write

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "remises"
MM = 72 / 25.4
LETTER = (612, 792)
INSIDE = 8 * MM  # no character nearer than 8 mm to an edge: margins of 10 mm, page numbers 8.5 mm above the bottom
LONG_ANSWER = (
    "Coproduire, c'est accepter que l'usager sache des choses que l'organisation ignore. "
    "Anticonstitutionnellement-et-irrévocablement-reformulé, ce mot trop long doit se couper. " * 30
)


def handed_in_pdf(anonymous=False):
    assignment = make_assignment(anonymous=anonymous)
    participant = make_participant(assignment, first_name="Marie-Ève-Geneviève", last_name="D'Amours-Létourneau")
    participant.first_name, participant.last_name = "Marie-Ève-Geneviève", "D'Amours-Létourneau"
    participant.save()
    write(participant, assignment.edition, LONG_ANSWER, draw=True)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    return HandIn.objects.get(), participant


def render(pdf, name):
    """Every page as pdftoppm (poppler-utils) draws it; returns the PNG paths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


def test_the_handed_in_pdf_keeps_every_character_inside_the_margins():
    hand_in, participant = handed_in_pdf()
    pdf = bytes(hand_in.pdf)
    pngs = render(pdf, "cahier-remis")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(pngs) == len(document.pages) >= 3
        outside = []
        for number, page in enumerate(document.pages, start=1):
            assert (page.width, page.height) == LETTER
            outside += [
                (number, c["text"], round(c["x0"]), round(c["top"]))
                for c in page.chars
                if c["x0"] < INSIDE
                or c["x1"] > page.width - INSIDE
                or c["top"] < INSIDE
                or c["bottom"] > page.height - INSIDE
            ]
        cover = " ".join(document.pages[0].extract_text().split())
        body = " ".join(" ".join(page.extract_text().split()) for page in document.pages[1:])
    assert outside == []
    assert "Marie-Ève-Geneviève D'Amours-Létourneau" in cover
    assert "Remise n° 1, le lundi 10 novembre 2025 à 10 h" in cover
    assert "Coproduire, c'est accepter que l'usager sache des choses" in body
    assert "Un croquis de la salle" in body


def test_the_anonymous_pdf_names_the_alias_not_the_person():
    hand_in, participant = handed_in_pdf(anonymous=True)
    pdf = bytes(hand_in.pdf)
    render(pdf, "cahier-remis-anonyme")
    alias = hand_in.assessment.alias
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        cover = " ".join(document.pages[0].extract_text().split())
        text = " ".join(page.extract_text() for page in document.pages)
        metadata = str(document.metadata)
    assert f"Participant·e n° {alias}" in cover
    assert "Marie" not in text and "Amours" not in text
    assert "Marie" not in metadata and "Amours" not in metadata
