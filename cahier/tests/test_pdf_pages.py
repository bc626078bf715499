"""The cahier's PDF as a person sees it (issue 23, Deliver 5): where its text and drawings sit on the pages
(pdfplumber reads each character's box and each image's), rendered by pdftoppm into
test-artifacts/cahier-pdf/ to look at."""

import base64
import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings

from automne.french import NBSP
from automne.tests.pdf_structure import figure_alt_texts, tagged_structure
from cahier.models import Level, Page, Prompt
from cahier.tests.images import png_bytes
from cahier.writing import save_text

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "cahier-pdf"


def render(pdf, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)], check=True)


def write_notebook(writer, participant, answer_lines):
    """The finding's notebook: an answer on the first writing page, `answer_lines` long, and a drawing."""
    attentes = Prompt.objects.filter(page__slug="attentes-et-idees").first()
    save_text(participant, attentes, "J'attends des échanges concrets.\n" * answer_lines, 0)
    data = "data:image/png;base64," + base64.b64encode(png_bytes((400, 300))).decode()
    writer.post("/cahier/ecole-automne-2025/dessins/ajouter/", {"legende": "Carte des acteurs", "dessin": data})
    return writer


@pytest.fixture
def written(writer, participant, media_root):
    return write_notebook(writer, participant, 12)


def download(client):
    response = client.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response.status_code == 200
    return response.content


def line_with(page, text):
    return next(line for line in page.extract_text_lines() if text in line["text"])


def heading_and_drawing_pages(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        heading = next(page for page in document.pages if "Dessinez vos idées" in page.extract_text())
        drawing = next(page for page in document.pages if page.images)
        return heading.page_number, drawing.page_number


# With 12 lines the drawing fits under the heading anyway; with 20, the heading falls near the page's foot.
@pytest.mark.parametrize("answer_lines", [12, 20])
def test_dessinez_vos_idees_stays_with_its_drawing(writer, participant, media_root, answer_lines, monkeypatch):
    write_notebook(writer, participant, answer_lines)
    pdf = download(writer)
    render(pdf, f"cahier-dessin-{answer_lines}")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        heading_page = next(page for page in document.pages if "Dessinez vos idées" in page.extract_text())
        assert len(heading_page.images) == 1
        heading = line_with(heading_page, "Dessinez vos idées")
        caption = line_with(heading_page, "Carte des acteurs")
        image = heading_page.images[0]
        assert (
            heading["bottom"] < image["top"] < image["bottom"] < caption["top"] < heading_page.height - 20 * 72 / 25.4
        )
    # Without keep-with-next (three lines kept, as before), the 20-line notebook showed the finding.
    monkeypatch.setattr("cahier.pdf.first_block_height", lambda writer, page, context: 3 * 5.5)
    pages = heading_and_drawing_pages(download(writer))
    assert (pages[0] == pages[1]) is (answer_lines == 12)


def test_every_heading_has_what_follows_it_on_its_page(written):
    """No line in bold (a title) is the last text of a page."""
    with pdfplumber.open(io.BytesIO(download(written))) as document:
        for page in document.pages[1:-1]:  # the last page ends on « Merci », which nothing follows
            body = [line for line in page.extract_text_lines() if not line["text"].startswith("Page ")]
            assert "Bold" not in body[-1]["chars"][0]["fontname"], (page.page_number, body[-1]["text"])
        assert line_with(document.pages[-1], "Merci") == document.pages[-1].extract_text_lines()[-2]


def test_introduction_levels_are_a_bulleted_list_with_the_term_in_bold(written):
    pdf = download(written)
    render(pdf, "cahier-introduction")
    levels = list(Level.objects.filter(edition__slug="ecole-automne-2025").order_by("order"))
    assert len(levels) == 3
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = next(page for page in document.pages if "Sur vos contextes" in page.extract_text())
        lines = page.extract_text_lines()
        bullets = [line for line in lines if line["text"].startswith("•")]
        for level, line in zip(levels, bullets, strict=True):
            # The no-break space is drawn as a space (pdfplumber reads it as one): the colon stays on the line.
            expected = f"• {level.intro_label}{NBSP}: {level.intro_text}".replace(NBSP, " ")
            assert expected.startswith(line["text"])
            assert len(line["text"]) > len(level.intro_label) + 5
        for level, line in zip(levels, bullets, strict=True):
            bullet, *text = [char for char in line["chars"] if char["text"] != " "]
            term = text[: len(level.intro_label.replace(" ", ""))]
            assert "".join(char["text"] for char in term) == level.intro_label.replace(" ", "")
            assert all("Bold" in char["fontname"] for char in term)
            assert all("Bold" not in char["fontname"] for char in text[len(term) :])
            assert bullet["x1"] < text[0]["x0"] - 2
            # The item's next lines start under its first word, not under the bullet.
            following = [other for other in lines if line["bottom"] < other["top"] < line["bottom"] + 8]
            if following and not following[0]["text"].startswith("•"):
                assert abs(following[0]["x0"] - text[0]["x0"]) < 0.5


def test_the_pdf_is_tagged_titles_paragraphs_and_the_drawing_with_its_caption_as_alternative(written):
    pdf = download(written)
    elements, tagged = tagged_structure(pdf)
    assert tagged
    assert elements[:5] == [
        ("H1", "Cahier réflexif du participant"),
        ("P", "Camille"),
        ("P", "École d'automne sur la coproduction des services publics"),
        ("P", "du lundi 20 octobre 2025 au vendredi 24 octobre 2025"),
        ("P", elements[4][1]),
    ]
    pages = [str(page) for page in Page.objects.filter(edition__slug="ecole-automne-2025")]
    assert len(pages) == 10
    assert [text for kind, text in elements if kind == "H1"] == ["Cahier réflexif du participant", *pages]
    # Each line the participant typed is a paragraph; the words of a wrapped line keep their space.
    assert elements[6:8] == [("P", "J'attends des échanges concrets.")] * 2
    assert (
        "P",
        f"Sur vos contextes{NBSP}: vos milieux de pratique, les cultures organisationnelles, "
        "les contraintes et leviers d'action.".replace(NBSP, " "),
    ) in [(kind, text.replace(NBSP, " ")) for kind, text in elements]
    figure = elements.index(("Figure", ""))
    assert elements[figure - 1 : figure + 2] == [
        ("H1", "Dessinez vos idées"),
        ("Figure", ""),
        ("P", "Carte des acteurs"),
    ]
    assert figure_alt_texts(pdf) == ["Carte des acteurs"]
    assert not any(text.startswith("Page ") for _, text in elements)  # page numbers are artifacts
