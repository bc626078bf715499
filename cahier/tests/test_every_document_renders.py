"""Every document renders (audit F3; issue 25): any text a participant can type comes out in the cahier's
PDF and in the team's ZIP, and one notebook that cannot be rendered never keeps the others out of the ZIP."""

import io
import logging
import unicodedata
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from automne.roles import TEACHING_TEAM
from cahier import exports
from cahier.models import Drawing, Notebook, Prompt
from cahier.pdf import MAX_LINE_CHARS, PAGE_COUNT, CahierPDF, Writer
from cahier.tests.images import png_bytes
from cahier.writing import MAX_ANSWER_LENGTH, save_text
from inscriptions.models import User

ZIP = "/cahier/equipe/ecole-automne-2025/cahiers.zip"
NEUTRAL_RUNS = [" ", "\n", ".", "-", "…", "%", "#", "°"]


def eveil():
    return Prompt.objects.get(page__slug="eveil", level__order=1)


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def teacher(cahier_structure):
    user = User.objects.create_user("prof@example.org", "mot de passe du prof", first_name="Prof")
    user.groups.add(Group.objects.get(name=TEACHING_TEAM))
    client = Client()
    client.force_login(user)
    return client


def sharing(edition, first_name, text=None):
    user = User.objects.create_user(f"{first_name.lower()}@example.org", "mot de passe", first_name=first_name)
    if text is not None:
        save_text(user, eveil(), text, 0)
    Notebook.objects.create(user=user, edition=edition).share()
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("run", NEUTRAL_RUNS)
def test_an_answer_with_a_run_of_1000_neutral_characters_prints(writer, participant, run):
    save_text(participant, eveil(), f"Avant{run * 1000}après", 0)
    response = writer.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Avant" in text and "après" in text


@pytest.mark.django_db
def test_the_team_zip_holds_the_notebook_with_such_an_answer(teacher, edition_2025):
    anne = sharing(edition_2025, "Anne", "Mes idées" + " " * 1000 + "et la suite" + "\n" * 1000 + "fin.")
    zoe = sharing(edition_2025, "Zoé", "Texte de Zoé")
    response = teacher.get(ZIP)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [f"anne-{anne.pk}.pdf", f"zoe-{zoe.pk}.pdf"]
    assert "et la suite" in pdf_text(archive.read(f"anne-{anne.pk}.pdf"))


@pytest.mark.django_db
def test_a_notebook_that_cannot_be_rendered_is_named_in_the_zip_beside_the_others(
    teacher, edition_2025, monkeypatch, caplog
):
    anne = sharing(edition_2025, "Anne", "Texte d'Anne")
    broken = sharing(edition_2025, "Bruno", "Texte de Bruno")
    zoe = sharing(edition_2025, "Zoé", "Texte de Zoé")
    real_pdf_bytes = exports.pdf_bytes

    def failing_for_bruno(context):
        if context["owner"] == broken:
            raise RecursionError("maximum recursion depth exceeded")
        return real_pdf_bytes(context)

    monkeypatch.setattr(exports, "pdf_bytes", failing_for_bruno)
    with caplog.at_level(logging.ERROR, logger="automne.faults"):
        response = teacher.get(ZIP)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted([f"anne-{anne.pk}.pdf", f"zoe-{zoe.pk}.pdf", exports.FAILED_NOTEBOOKS])
    note = archive.read(exports.FAILED_NOTEBOOKS).decode("utf-8").splitlines()
    assert note[2] == (
        "1 cahier(s) sur 3 n'ont pas pu être produits en PDF\xa0; les 2 autres sont dans ce fichier ZIP. "
        "L'équipe technique a été avertie."
    )
    assert note[4] == "Bruno (bruno@example.org)\xa0: erreur inattendue pendant la mise en page (RecursionError)."
    assert [record.getMessage() for record in caplog.records] == [
        f"PDF du cahier de bruno@example.org (compte {broken.pk}) non produit"
    ]
    assert caplog.records[0].exc_info[0] is RecursionError


@pytest.mark.django_db
def test_a_drawing_whose_file_is_gone_is_said_in_the_pdf(writer, participant, media_root, caplog):
    import base64

    data = "data:image/png;base64," + base64.b64encode(png_bytes((50, 40))).decode()
    writer.post("/cahier/ecole-automne-2025/dessins/ajouter/", {"legende": "Carte des acteurs", "dessin": data})
    drawing = Drawing.objects.get()
    drawing.image.storage.delete(drawing.image.name)
    with caplog.at_level(logging.ERROR, logger="automne.faults"):
        response = writer.get("/cahier/ecole-automne-2025/cahier.pdf")
    assert response.status_code == 200
    assert "[Image illisible : Carte des acteurs]" in " ".join(pdf_text(response.content).split()).replace("\xa0", " ")
    assert [record.getMessage() for record in caplog.records] == [f"Image {drawing.pk} du cahier illisible"]


@pytest.mark.django_db
def test_a_participant_typing_the_page_count_placeholder_keeps_their_words(writer, participant):
    save_text(participant, eveil(), "Mon texte {nb} reste tel quel.", 0)
    text = pdf_text(writer.get("/cahier/ecole-automne-2025/cahier.pdf").content)
    assert "Mon texte {nb} reste tel quel." in text


# The layout of any text: a fresh PDF per example, the text written as an answer, then the PDF made.


def new_writer():
    pdf = CahierPDF(format="Letter")
    pdf.alias_nb_pages(PAGE_COUNT)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf, Writer(pdf)


ANY_TEXT = st.text(max_size=MAX_ANSWER_LENGTH) | st.text(
    alphabet=st.sampled_from(" \n.-%#ب\u0301\u200d\u2066\u202e🎉你a"), max_size=MAX_ANSWER_LENGTH
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ANY_TEXT)
@example("a" + " " * 1000 + "b")
@example("ب" + "." * 3000)
@example("a" + "\u0301" * 5000)
@example("\u2066a" * 2000)
@example("{nb}")
def test_any_text_up_to_the_longest_answer_prints(text):
    pdf, writer = new_writer()
    writer.answer(text)
    assert bytes(pdf.output()).startswith(b"%PDF-")


LATIN = st.text(
    alphabet=st.characters(codec="latin-1", categories=["L", "N", "P", "S", "Zs"]) | st.sampled_from("\n\t  "),
    max_size=3000,
)


@settings(max_examples=60)
@given(LATIN, st.sampled_from([(11, ""), (16, "B"), (10, "")]), st.sampled_from([0, 6]))
def test_lines_fit_their_width_and_keep_every_character_in_order(text, font, indent):
    pdf, writer = new_writer()
    size, style = font
    width = pdf.epw - indent - 2 * pdf.c_margin
    lines = writer.layout.lines(text, size, style, width)
    for line in lines:
        assert line.width <= width + 1e-6 or len(line.tokens) == 1
        assert line.length <= MAX_LINE_CHARS
    printed = "".join(line.text for line in lines)
    assert printed.replace(" ", "") == unicodedata.normalize("NFC", text).translate({ord(c): None for c in " \n\t"})
