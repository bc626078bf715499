"""The attestation PDF as a person sees it: where its text lies on the page (pdfplumber reads each
character's box), what a rendering by pdftoppm shows, and whether its QR code is the verification
address. The rendered pages are kept in test-artifacts/attestations/ to look at."""

import datetime
import html
import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import segno
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from automne.french import NBSP
from automne.tests.pdf_structure import figure_alt_texts, tagged_structure
from inscriptions.attestation_pdf import unbroken
from inscriptions.models import Attendance, Attestation, Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "attestations"
MM = 72 / 25.4
LETTER = (612, 792)  # points
INSIDE = 20 * MM  # no character nearer than 20 mm to an edge
# 60 characters, accents, a hyphen and an apostrophe.
LONG_NAME = ("Marie-Ève-Geneviève", "D'Amours-Létourneau de la Vérendrye-Côté")
LONG_EDITION = (  # 200 characters, the field's longest
    "École d'automne sur la coproduction des services publics : mobilisation des acteurs locaux, "
    "participation citoyenne, gouvernance collaborative et innovation sociale dans les municipalités du Québec 26"
)


@pytest.fixture
def edition():
    edition = make_edition(
        name="École d'automne sur la coproduction des services publics",
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
        signatory_name="Geneviève Lévesque",
        signatory_title="Directrice de l'École d'automne",
    )
    for offset in range(5):  # 6 h 15 of training a day
        day = Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE), day, datetime.time(9), datetime.time(12, 15))
        schedule(make_session(Session.Kind.WORKSHOP), day, datetime.time(13, 30), datetime.time(16, 30))
    return edition


def attend(registration, *offsets):
    days = list(registration.edition.days.order_by("date"))
    for offset in offsets:
        Attendance.objects.create(registration=registration, day=days[offset])


def download(client, registration):
    client.force_login(registration.user)
    response = client.get(f"/mon-espace/inscriptions/{registration.pk}/attestation.pdf")
    assert response.status_code == 200
    return response.content


def verification_url(registration):
    return f"http://127.0.0.1:8000/attestations/{Attestation.objects.get(registration=registration).code}/"


def lines(page):
    return [" ".join(line["text"].split()) for line in page.extract_text_lines()]


def render_png(pdf, name, dpi=72):
    """The first page as pdftoppm (poppler-utils) draws it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / name
    stem.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(stem.with_suffix(".pdf")), str(stem)], check=True
    )
    return stem.with_suffix(".png")


def credit_registration(edition, **fields):
    values = {
        "first_name": LONG_NAME[0],
        "last_name": LONG_NAME[1],
        "kind": Registration.Kind.CREDIT,
        "matricule": "00012345",
    }
    return make_registration(edition, **{**values, **fields})


def test_attestation_long_name_accents_and_credit_every_character_inside_the_margins(client, edition):
    edition.name = LONG_EDITION
    edition.save()
    registration = credit_registration(edition)
    assert (len(registration.full_name), len(edition.name)) == (60, 200)
    attend(registration, 0, 1, 2, 3, 4)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        assert len(document.pages) == 1
        page = document.pages[0]
        assert (page.width, page.height) == LETTER
        outside = [
            (c["text"], round(c["x0"]), round(c["top"]))
            for c in page.chars
            if c["x0"] < INSIDE
            or c["x1"] > page.width - INSIDE
            or c["top"] < INSIDE
            or c["bottom"] > page.height - INSIDE
        ]
        assert outside == []
        text = lines(page)
    assert "Marie-Ève-Geneviève D'Amours-Létourneau de la Vérendrye-Côté" in " ".join(text)  # wrapped at a space
    assert "Dans le cadre du cours : ENP7009 – Mobilisation des acteurs locaux – 3 crédits" in " ".join(
        text
    )  # wrapped on the band
    assert "Matricule : 00012345" in text
    assert "Heures de formation suivies : 31 h 15" in text
    assert [line for line in text if line.startswith(":")] == []  # the edition's « : » kept with its word
    assert "Présence notée (5 jours) : lundi 20 octobre 2025, mardi 21 octobre 2025," in text
    assert "vendredi 24 octobre 2025" in text


def test_attestation_text_never_overlaps_another_line_or_the_qr_code(client, edition):
    edition.name = LONG_EDITION
    edition.signatory_title = "Directrice de l'École d'automne et vice-rectrice aux affaires académiques"
    edition.save()
    registration = credit_registration(edition)
    attend(registration, 0, 1, 2, 3, 4)
    pdf = download(client, registration)
    render_png(pdf, "attestation-la-plus-longue")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        boxes = [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in page.extract_words()]
        qr = [r for r in page.rects if r["fill"] and r["height"] < 2 * MM]
    qr_box = (
        min(r["x0"] for r in qr),
        min(r["top"] for r in qr),
        max(r["x1"] for r in qr),
        max(r["bottom"] for r in qr),
    )
    quiet = 4 * (qr[0]["height"])  # four modules of white around the code

    def overlap(a, b, gap=0.0):
        return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap

    assert [box for box in boxes if overlap(box, qr_box, quiet)] == []
    shrunk = [(x0 + 0.5, top + 1, x1 - 0.5, bottom - 1) for x0, top, x1, bottom in boxes]
    clashes = [(a, b) for i, a in enumerate(shrunk) for b in shrunk[i + 1 :] if overlap(a, b)]
    assert clashes == []


def test_attestation_rendered_by_pdftoppm_is_not_blank(client, edition):
    registration = credit_registration(edition)
    attend(registration, 0, 2, 4)
    png = render_png(download(client, registration), "attestation-creditee")
    image = Image.open(png).convert("L")
    assert image.size == LETTER  # 72 dpi: one pixel a point
    histogram = image.histogram()
    dark, inked = sum(histogram[:128]), sum(histogram[:250])
    # The frame alone is some 2 × 2,700 pixels; the text, the band and the QR code bring it far above.
    assert dark > 15_000
    assert inked > 40_000
    # Nothing drawn beyond the frame, 11 mm from the edges.
    frame = round(10 * MM)
    border = [
        image.getpixel((x, y))
        for x in range(image.width)
        for y in (*range(frame), *range(image.height - frame, image.height))
    ]
    assert min(border) > 250


def test_attestation_qr_code_is_the_verification_address(client, edition):
    """The filled squares drawn on the page, read back as a grid, are the QR code of the address."""
    registration = make_registration(edition, first_name="Élodie", last_name="Bélanger")
    attend(registration, 1)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        rects = [r for r in document.pages[0].rects if r["fill"] and r["height"] < 2 * MM]
    module = rects[0]["height"]
    left, top = min(r["x0"] for r in rects), min(r["top"] for r in rects)
    expected = segno.make(verification_url(registration), error="m").matrix
    size = len(expected)
    drawn = [[0] * size for _ in range(size)]
    for r in rects:
        row, first, last = (
            round((r["top"] - top) / module),
            round((r["x0"] - left) / module),
            round((r["x1"] - left) / module),
        )
        for column in range(first, last):
            drawn[row][column] = 1
    assert drawn == [list(row) for row in expected]
    assert 25 * MM < module * size < 35 * MM  # a code a phone reads from paper


def test_attestation_metadata_title_author_language(client, edition):
    registration = make_registration(edition, first_name="Élodie", last_name="Bélanger")
    attend(registration, 0)
    reader = PdfReader(io.BytesIO(download(client, registration)))
    # A PDF/A keeps its metadata in XMP only (fpdf2 writes no document information dictionary then).
    metadata = reader.xmp_metadata
    assert metadata.dc_title == {"x-default": "Attestation de formation — Élodie Bélanger"}
    assert metadata.dc_creator == ["ENAP — École nationale d'administration publique"]
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"


def test_attestation_signature_block_from_the_edition(client, edition):
    registration = make_registration(edition, first_name="Élodie", last_name="Bélanger")
    attend(registration, 0)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        text = lines(document.pages[0])
    assert "Geneviève Lévesque" in text
    assert "Directrice de l'École d'automne" in text
    assert "Matricule" not in " ".join(text)
    assert "ENP7009" not in " ".join(text)


def test_attestation_without_signatory_signed_for_the_institution(client, edition):
    edition.signatory_name = ""
    edition.save()
    registration = make_registration(edition)
    attend(registration, 0)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        text = " ".join(lines(document.pages[0]))
    assert "Pour l'École nationale d'administration publique" in text
    assert "Directrice de l'École d'automne" not in text  # a title without a name is not printed


def test_attestation_labels_have_a_no_break_space_before_the_colon(client, edition):
    registration = credit_registration(edition, first_name="Élodie", last_name="Bélanger")
    attend(registration, 0)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        text = "".join(c["text"] for c in document.pages[0].chars)
    for label in ["Heures de formation suivies", "Présence notée (1 jour)", "Dans le cadre du cours", "Matricule"]:
        assert f"{label}{NBSP}:" in text, label


def test_unbroken_joins_the_organizers_punctuation_to_its_word():
    assert unbroken("Gouvernance : pourquoi ? « Agir » ; enfin !") == (
        f"Gouvernance{NBSP}: pourquoi{NBSP}? «{NBSP}Agir{NBSP}»{NBSP}; enfin{NBSP}!"
    )
    assert unbroken("Déjà\xa0: correct") == "Déjà\xa0: correct"


def test_signatory_editable_in_the_edition_admin(client, edition):
    client.force_login(make_user("admin@enap.ca", is_staff=True, is_superuser=True))
    page = html.unescape(client.get(f"/admin/programme/edition/{edition.pk}/change/").content.decode())
    assert "Signature des attestations" in page
    assert 'name="signatory_name" value="Geneviève Lévesque"' in page
    assert 'name="signatory_title" value="Directrice de l\'École d\'automne"' in page


# A name is printed whole (issue 19, finding 12): emoji, Chinese, Vietnamese, and a 150-character name
# without a space, every character on the page and inside the margins.

NAMES_OF_ANY_SCRIPT = ("Zoé 🌳 王小明", "Nguyễn-" + "Wolfeschlegelsteinhausenbergerdorff" * 4)


def test_attestation_prints_every_character_of_a_name_of_any_script(client, edition):
    registration = credit_registration(edition, first_name=NAMES_OF_ANY_SCRIPT[0], last_name=NAMES_OF_ANY_SCRIPT[1])
    assert len(registration.full_name) == 157
    attend(registration, 0, 1)
    pdf = download(client, registration)
    render_png(pdf, "attestation-nom-de-toutes-les-ecritures", dpi=100)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        printed = "".join(c["text"] for c in page.chars)
        outside = [
            c["text"]
            for c in page.chars
            if c["x0"] < INSIDE or c["x1"] > page.width - INSIDE or c["bottom"] > page.height - INSIDE
        ]
    assert outside == []
    name = "".join(registration.full_name.split())  # the name is wrapped where the line is full
    assert name in "".join(printed.split())
    assert "[U+" not in printed  # the fallback fonts drew them (fonts-symbola, fonts-droid-fallback)
    fonts = {str(font["/BaseFont"]).split("+")[-1] for font in _fonts(pdf)}
    assert {"DejaVuSansBold", "Symbola", "DroidSansFallback"} <= fonts


def _fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]


def test_attestation_without_fallback_fonts_prints_a_visible_marker(client, edition, monkeypatch):
    monkeypatch.setattr("automne.pdf.FALLBACK_FONTS", {})
    registration = make_registration(edition, first_name="Zoé 🌳", last_name="Tremblay")
    attend(registration, 0)
    with pdfplumber.open(io.BytesIO(download(client, registration))) as document:
        text = " ".join(lines(document.pages[0]))
    assert "Zoé [U+1F333] Tremblay" in text


# Issue 23, Deliver 5: every character whole, in the font the cahier's PDF would choose (automne/pdf.py).

WHOLE_NAME = ("Şükrü", "Ахмедов 李 공공 서비스 \U0001ee00")  # U+1EE00: in DejaVu Sans, not in its bold


def test_attestation_prints_turkish_cyrillic_chinese_korean_and_a_letter_bold_lacks(client, edition):
    registration = make_registration(edition, first_name=WHOLE_NAME[0], last_name=WHOLE_NAME[1])
    attend(registration, 0)
    pdf = download(client, registration)
    render_png(pdf, "attestation-nom-entier", dpi=60)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        name_line = next(line for line in page.extract_text_lines() if line["text"].startswith("Şükrü"))
        faces = {c["text"]: c["fontname"].split("+")[-1] for c in name_line["chars"]}
    assert " ".join(name_line["text"].split()) == registration.full_name
    assert (faces["Ş"], faces["А"], faces["李"], faces["공"], faces["\U0001ee00"]) == (
        "DejaVuSansBold",
        "DejaVuSansBold",
        "DroidSansFallback",
        "NanumGothicBold",
        "DejaVuSansBook",
    )


def test_attestation_and_cahier_choose_the_same_font_for_each_character():
    from automne.pdf import fallback_pdf, font_key
    from cahier.pdf import CahierPDF, Layout

    text = "Zoé 🌳 李 공 \U0001ee00 Ахмедов \U000f0000"
    attestation, cahier = fallback_pdf(format="Letter"), Layout(CahierPDF(format="Letter"))
    chars = [char for char in text if not char.isspace()]
    for style in ("", "B"):
        chosen = [attestation.get_fallback_font(char, style) for char in chars]
        placed = [cahier.place(char, style) for char in chars]
        assert chosen == [
            font_key(face) if printed == char else None for char, (face, printed) in zip(chars, placed, strict=True)
        ]
        assert chosen[-1] is None  # U+F0000: no font has it, a marker in both
    assert attestation.printable("a\U000f0000b", "B") == "a[U+F0000]b"


def test_attestation_is_tagged_in_reading_order_with_the_qr_code_as_a_figure(client, edition):
    registration = make_registration(edition, first_name="Zoé", last_name="Tremblay")
    attend(registration, 0)
    pdf = download(client, registration)
    code = Attestation.objects.get(registration=registration).code
    url = verification_url(registration)
    elements, tagged = tagged_structure(pdf)
    assert tagged
    assert [(kind, text.replace(NBSP, " ")) for kind, text in elements] == [
        ("P", "ENAP"),
        ("P", "École nationale d'administration publique"),
        ("H1", "Attestation de formation"),
        ("P", "Nous attestons que"),
        ("P", "Zoé Tremblay"),
        ("P", "a participé à"),
        ("P", "École d'automne sur la coproduction des services publics"),
        ("P", "du lundi 20 octobre 2025 au vendredi 24 octobre 2025"),
        ("P", elements[8][1]),
        ("P", "Heures de formation suivies : 6 h 15"),
        ("P", "Présence notée (1 jour) : lundi 20 octobre 2025"),
        ("P", elements[11][1]),
        ("P", "Geneviève Lévesque"),
        ("P", "Directrice de l'École d'automne"),
        ("Figure", ""),
        ("P", "Vérifier cette attestation"),
        ("P", f"Code de vérification : {code}"),
        ("P", f"Vérifier cette attestation : {url}"),
    ]
    assert elements[11][1].startswith("Délivrée le ")
    assert figure_alt_texts(pdf) == [f"Code QR de l'adresse de vérification{NBSP}: {url}"]
