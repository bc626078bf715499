"""Print view, PDF (parsed back with pypdf) and Markdown of the whole cahier."""

import base64
import html as htmllib
import io
import itertools
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pypdf import PdfReader

from automne.french import NBSP
from cahier.exports import escape_markdown
from cahier.models import Prompt
from cahier.pdf import CahierPDF, Writer, marker
from cahier.tests.images import png_bytes
from cahier.writing import MAX_ANSWER_LENGTH, save_text


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
    assert f"- Image{NBSP}: Carte des acteurs" in text
    # The cahier's questions, as organizers typed them, typeset as the site shows them; participants' text not.
    assert f"ma vision de l'action publique ou de la participation{NBSP}?\n" in text
    assert "Une petite décision : écouter d'abord." in text
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


MIXED = "Bravo 🎉👏 — مرحبا بكم — 你好，世界 — Привет — Ωμέγα"


def pdf_of(writer):
    response = writer.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def comes_out_or_is_marked(text, char):
    return char in text or marker(char) in text


@pytest.mark.django_db
def test_pdf_answer_with_emoji_arabic_chinese_and_cyrillic_comes_out_or_is_marked(writer, participant):
    save_text(participant, Prompt.objects.get(page__slug="eveil", level__order=1), MIXED, 0)
    text = " ".join(page.extract_text() for page in pdf_of(writer).pages)
    assert "Привет" in text and "Ωμέγα" in text
    for char in "🎉👏你好世界":
        assert comes_out_or_is_marked(text, char), char
    # Arabic is shaped (joined presentation forms) or kept as typed: each letter is there in some form.
    assert "مرحبا" in text or "بكم" in text or all(unicodedata.normalize("NFKC", c) in text for c in "ﻣﺮﺣﺒﺎ")


def printed_lines(text):
    pdf = CahierPDF(format="Letter")
    return [line.text for line in Writer(pdf).layout.lines(text, 11, "", 150)]


def test_character_without_font_becomes_a_visible_marker(monkeypatch):
    monkeypatch.setattr("automne.pdf.FALLBACK_FONTS", {})
    assert printed_lines("a\U000f0000b 中") == ["a[U+F0000]b 中".replace("中", marker("中"))]


def test_invisible_joiners_and_line_breaks_are_not_marked(monkeypatch):
    monkeypatch.setattr("automne.pdf.FALLBACK_FONTS", {})
    assert printed_lines("👍\ufe0f\n\u200d\u2060") == ["[U+1F44D]\ufe0f", "\u200d\u2060"]


@pytest.mark.django_db
def test_pdf_without_fallback_fonts_marks_what_dejavu_lacks(writer, participant, monkeypatch):
    monkeypatch.setattr("automne.pdf.FALLBACK_FONTS", {})
    save_text(participant, Prompt.objects.get(page__slug="eveil", level__order=1), "Un arbre 🌳 et 中", 0)
    text = " ".join(" ".join(page.extract_text() for page in pdf_of(writer).pages).split())
    assert "Un arbre [U+1F333] et [U+4E2D]" in text


@pytest.mark.django_db
def test_pdf_has_cover_page_numbers_language_and_metadata(writer, participant):
    reader = pdf_of(writer)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert cover.startswith("Cahier réflexif du participant Camille École d'automne sur la coproduction")
    assert "du lundi 20 octobre 2025 au vendredi 24 octobre 2025 Document produit le" in cover
    assert "Page 1 sur" not in cover  # the cover has no number
    total = len(reader.pages)
    assert f"Page 2 sur {total}" in reader.pages[1].extract_text()
    assert f"Page {total} sur {total}" in reader.pages[-1].extract_text()
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"
    meta = reader.metadata
    assert (meta.title, meta.author) == ("Cahier réflexif — Camille", "Camille")
    assert meta.subject.startswith("École d'automne sur la coproduction des services publics, du lundi 20 octobre")


@pytest.mark.django_db
def test_pdf_text_is_ragged_right_not_justified(writer, participant):
    long = " ".join(["Une phrase assez longue pour remplir plusieurs lignes du cahier imprimé."] * 12)
    save_text(participant, Prompt.objects.get(page__slug="eveil", level__order=1), long, 0)
    content = b"".join(page.get_contents().get_data() for page in pdf_of(writer).pages)
    assert b" Tw" not in content  # fpdf2 justifies with word spacing (Tw): none at all


@pytest.mark.django_db
def test_pdf_keeps_each_caption_on_its_drawings_page(written):
    data = "data:image/png;base64," + base64.b64encode(png_bytes((800, 1000))).decode()
    for n in range(3):
        written.post("/cahier/ecole-automne-2025/dessins/ajouter/", {"legende": f"Grand croquis {n}", "dessin": data})
    reader = pdf_of(written)
    for n in range(3):
        pages = [page for page in reader.pages if f"Grand croquis {n}" in page.extract_text()]
        assert len(pages) == 1 and len(pages[0].images) == 1, n


HOSTILE = (
    "# Un titre\n> une citation\n- une liste\n1. numéro\nSouligné\n===\n"
    "<b>gras</b> <script>alert(1)</script> [lien](https://exemple.org) ![image](x.png) "
    "https://exemple.org www.exemple.org camille@example.org *emphase* a|b &amp;"
)


def test_escape_markdown_is_exact():
    assert escape_markdown("# Titre\n<b>x</b> [a](b) https://x.org 1. *y*\n    code\texemple.org") == (
        "\\# Titre\\\n\\<b\\>x\\</b\\> \\[a\\](b) https\\://x\\.org 1. \\*y\\*\\\n&#32;   code\texemple\\.org"
    )


def test_escape_markdown_keeps_line_breaks_as_hard_breaks_and_blank_lines_as_paragraphs():
    """A backslash at the end of a line within a paragraph (CommonMark's hard break, GitHub's too); none
    before a blank line nor at the end; a participant's own backslash at a line's end stays escaped."""
    assert escape_markdown("Un\nDeux\r\nTrois\rfin \\\n\nAutre paragraphe\n\n\nDernier\n") == (
        "Un\\\nDeux\\\nTrois\\\nfin \\\\\n\nAutre paragraphe\n\n\nDernier\n"
    )
    assert RENDERER.render(escape_markdown("Un\nDeux\r\nTrois\rfin \\\n\nAutre paragraphe\n\n\nDernier\n")) == (
        "<p>Un<br />\nDeux<br />\nTrois<br />\nfin \\</p>\n<p>Autre paragraphe</p>\n<p>Dernier</p>\n"
    )


RENDERER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"])
TAG = re.compile(r"</?([a-z0-9]+)")
TYPED = st.text(st.characters(blacklist_characters="\x00"), max_size=MAX_ANSWER_LENGTH) | st.text(
    alphabet=st.sampled_from("#>-+=*_`[]()!<>&|~\\ \t\n\r1.)w:/@exmplorgA;"), max_size=80
)


@given(TYPED)
@settings(max_examples=300)
@example("\t<")
@example("A.AL")
@example("\n" * 20_000)
def test_escaped_markdown_is_text_with_every_character_in_order(text):
    """Rendered back (CommonMark, bare links and tables), a participant's text is paragraphs, line breaks and
    nothing else, and every character that is not a space comes out, in order."""
    html = RENDERER.render(escape_markdown(text))
    assert set(TAG.findall(html)) <= {"p", "br"}
    visible = htmllib.unescape(re.sub(r"<[^>]*>", "", html))
    assert re.sub(r"\s+", "", visible) == re.sub(r"\s+", "", text)
    # Every line end between two lines with something on them is a <br>; a blank line, a new paragraph.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert html.count("<br />") == sum(1 for one, two in itertools.pairwise(lines) if one and two)
    paragraphs = "\n".join("x" if line else "" for line in lines).split("\n\n")
    assert html.count("<p>") == sum(1 for paragraph in paragraphs if paragraph.strip("\n"))


@pytest.mark.django_db
def test_markdown_export_keeps_participants_text_as_text(writer, participant, media_root):
    save_text(participant, Prompt.objects.get(page__slug="eveil", level__order=1), HOSTILE, 0)
    data = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    writer.post("/cahier/ecole-automne-2025/dessins/ajouter/", {"legende": "<i>[x](y)</i>", "dessin": data})
    exported = writer.get("/cahier/ecole-automne-2025/cahier.md").content.decode()
    html = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table"]).render(exported)
    answer = html[html.index("<p>#") :]
    answer = answer[: answer.index("</p>") + 4]
    assert answer == (
        "<p># Un titre<br />\n&gt; une citation<br />\n- une liste<br />\n1. numéro<br />\nSouligné<br />\n===<br />\n"
        "&lt;b&gt;gras&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt; [lien](https://exemple.org) "
        "![image](x.png) https://exemple.org www.exemple.org camille@example.org *emphase* a|b &amp;amp;</p>"
    )
    assert "<a " not in html and "<img" not in html and "<script" not in html and "<i>" not in html
    assert html.count("<h1>") == 1  # the export's own title only
    assert f"<li>Image{NBSP}: &lt;i&gt;[x](y)&lt;/i&gt;</li>" in html


@pytest.mark.django_db
def test_print_view_has_a_print_button_script_and_no_repeated_heading(written):
    html = written.get("/cahier/ecole-automne-2025/imprimer/").content.decode()
    assert '<p class="no-print print-button" data-print hidden><button type="button">Imprimer</button></p>' in html
    assert "/static/js/cahier-print." in html
    assert html.count("Écrivez vos attentes et idées</") == 1
    assert '<p class="print-cover__name">Camille</p>' in html
    assert "Document produit le " in html


@pytest.mark.django_db
def test_pdf_answer_rule_is_drawn_in_its_colour_on_every_page_it_spans(writer, participant):
    long = "\n".join(f"Ligne {n} de ma réponse, assez longue pour courir sur plusieurs pages." for n in range(120))
    save_text(participant, Prompt.objects.get(page__slug="eveil", level__order=1), long, 0)
    pages = [page for page in pdf_of(writer).pages if "de ma réponse" in page.extract_text()]
    assert len(pages) >= 2
    for page in pages:
        assert b"0.6431 0.2118 0.1098 RG" in page.get_contents().get_data()


@pytest.mark.django_db
def test_pdf_typesets_what_organizers_typed_and_prints_participants_text_as_written(written):
    # Lines joined by a plain space; the no-break space (which str.split() would take for a space) kept.
    text = re.sub(r"[ \n]+", " ", "\n".join(page.extract_text() for page in pdf_of(written).pages))

    assert f"ma vision de l'action publique ou de la participation{NBSP}?" in text
    assert "participation ?" not in text
    assert "Une petite décision : écouter d'abord." in text
