"""The attestation is an archival PDF: PDF/A-1b, as Apache PDFBox's validator (Preflight, Debian's
libpdfbox2-java) finds it. Preflight checks PDF/A-1b only; no validator of PDF/A-2 (veraPDF) installs from
the registries this project uses (issue 23, Deliver 5: see the README).

Without Java and Preflight the test is skipped with one line saying how to install them, except under CI,
where it fails."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from automne.pdf import fallback_pdf
from inscriptions.tests.factories import make_registration
from inscriptions.tests.test_attestation_page import attend, download
from inscriptions.tests.test_attestation_page import edition as edition  # the fixture, imported to be used

pytestmark = pytest.mark.django_db
JARS = [
    Path("/usr/share/java") / name
    for name in (
        "preflight.jar",
        "pdfbox2.jar",
        "fontbox2.jar",
        "xmpbox.jar",
        "commons-logging.jar",
        "javax.activation.jar",
        "jaxb-api.jar",
    )
]
NO_PREFLIGHT = (
    "Validateur PDF/A introuvable : « sudo apt-get install default-jre-headless libpdfbox2-java "
    "libactivation-java libjaxb-api-java »"
)

if not (shutil.which("java") and all(jar.is_file() for jar in JARS)):
    if os.environ.get("CI"):
        pytest.fail(NO_PREFLIGHT, pytrace=False)
    pytest.skip(NO_PREFLIGHT, allow_module_level=True)


def preflight(pdf, tmp_path):
    path = tmp_path / "attestation.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["java", "-cp", ":".join(map(str, JARS)), "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.stdout.strip()


def test_attestation_is_a_valid_pdf_a_1b(client, edition, tmp_path):
    registration = make_registration(edition, first_name="Şükrü", last_name="Ахмедов 李 공공 서비스 🌳")
    attend(registration, 0, 1)
    pdf = download(client, registration)
    assert preflight(pdf, tmp_path) == "The file attestation.pdf is a valid PDF/A-1b file"
    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert (metadata.dc_title, metadata.xmp_creator_tool) == (
        {"x-default": f"Attestation de formation — {registration.full_name}"},
        "École d'automne — ENAP",
    )


def test_the_validator_refuses_what_is_not_pdf_a(tmp_path):
    """The same fonts and text without fpdf2's PDF/A rules: Preflight names what is missing."""
    pdf = fallback_pdf(format="Letter")
    pdf.add_page()
    pdf.set_font("DejaVu", "", 12)
    pdf.cell(text="Zoé 李")
    answer = preflight(bytes(pdf.output()), tmp_path)
    assert answer.startswith("The file attestation.pdf is not a valid PDF/A-1b file, error(s) :")
    assert "Color Profile" in answer
