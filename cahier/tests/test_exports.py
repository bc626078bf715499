"""Print view, PDF (parsed back with pypdf) and Markdown of the whole cahier."""

import base64
import io

import pytest
from pypdf import PdfReader

from cahier.models import Prompt
from cahier.tests.images import png_bytes
from cahier.writing import save_text


@pytest.fixture
def written(writer, participant, media_root):
    eveil = Prompt.objects.get(page__slug="eveil", level__order=1)
    closing = Prompt.objects.filter(page__slug="questions-de-cloture").first()
    save_text(participant, eveil, "Je revisite ma posture d'expert·e — « avec » les citoyens.", 0)
    save_text(participant, closing, "Une petite décision : écouter d'abord.", 0)
    data = "data:image/png;base64," + base64.b64encode(png_bytes((120, 90))).decode()
    writer.post("/cahier/ecole-automne-2025/dessins/ajouter/", {"legende": "Carte des acteurs", "dessin": data})
    return writer


@pytest.mark.django_db
def test_markdown_export_has_every_page_and_answer(written):
    response = written.get("/cahier/ecole-automne-2025/cahier.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cahier-reflexif-ecole-automne-2025.md"'
    text = response.content.decode("utf-8")
    assert text.startswith(
        "# Cahier réflexif — Camille\n\nÉcole d'automne sur la coproduction des services publics, "
        "du lundi 20 octobre 2025 au vendredi 24 octobre 2025\n"
    )
    assert "## Éveil – Les ancrages théoriques de la co-production\n" in text
    assert "### En moi\n\n> Quels principes de la co-production" in text
    assert "Je revisite ma posture d'expert·e — « avec » les citoyens.\n" in text
    assert "Une petite décision : écouter d'abord." in text
    assert "- Image : Carte des acteurs" in text
    assert text.count("*(sans réponse)*") == 1 + 15 + 3 - 2


@pytest.mark.django_db
def test_pdf_export_parses_with_text_and_drawing(written):
    response = written.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cahier-reflexif-ecole-automne-2025.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Cahier réflexif du participant" in flat
    assert "du lundi 20 octobre 2025 au vendredi 24 octobre 2025" in flat
    assert "Je revisite ma posture d'expert·e — « avec » les citoyens." in flat
    assert "Éveil – Les ancrages théoriques de la co-production" in flat
    assert "Carte des acteurs" in flat
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    assert images[0].image.size == (120, 90)


@pytest.mark.django_db
def test_print_view_uses_print_stylesheet(written):
    html = written.get("/cahier/ecole-automne-2025/imprimer/").content.decode()
    assert 'media="print"' in html
    assert "cahier-print" in html
    assert "Je revisite ma posture d&#x27;expert·e — « avec » les citoyens." in html
    assert 'alt="Carte des acteurs"' in html


@pytest.mark.django_db
def test_pdf_export_survives_long_words_emoji_and_other_scripts(writer, participant, cahier_structure):
    prompts = list(Prompt.objects.filter(page__slug="liens"))
    save_text(participant, prompts[0], "x" * 20_000, 0)
    save_text(participant, prompts[1], "Bravo 🎉👏 — مرحبا — 你好 — Ωμέγα", 0)
    response = writer.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ωμέγα" in text
    assert text.replace("\n", "").count("x" * 100) >= 1
