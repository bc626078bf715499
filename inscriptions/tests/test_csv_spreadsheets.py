"""The registrations' CSV file opened by a real spreadsheet: LibreOffice Calc, headless, converts it to .xlsx
with its default import options (only the separator, the character set and the first row are given, as a
person picks them in the import dialog), and openpyxl reads the cells back. One conversion for the whole
file. CI installs LibreOffice (.ci/run) and fails without it; elsewhere, as for Chromium, a machine without
`soffice` sets the test aside with a line that says how to install it."""

import csv
import io
import os
import shutil
import subprocess

import openpyxl
import pytest

from inscriptions.csv_export import as_text, registrations_csv
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db

# Semicolon (59), double quote (34), UTF-8 (76), from row 1; every other option, and every column's type
# (« Standard »), left to LibreOffice's defaults.
CSV_IMPORT = "CSV:59,34,76,1"


def open_in_libreoffice(content, directory):
    soffice = shutil.which("soffice")
    if not soffice and not os.environ.get("CI"):
        pytest.skip("LibreOffice introuvable : « sudo apt-get install libreoffice-calc-nogui » pour ce test.")
    assert soffice, "LibreOffice introuvable : .ci/run installe libreoffice-calc-nogui."
    source = directory / "inscriptions.csv"
    source.write_bytes(content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{directory / 'profil'}",  # its own profile: runs in parallel, no state
            "--headless",
            "--norestore",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(directory),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(directory / "inscriptions.xlsx", data_only=True).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_libreoffice_keeps_matricules_and_leading_zeros_as_text_and_runs_no_formula_of_the_data(tmp_path):
    edition = make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)
    make_registration(edition, last_name="Arsenault", kind="credit", matricule="00123456", organisation="007")
    make_registration(
        edition, last_name="Bédard", kind="credit", matricule="12345678", function="=1+1", organisation="0"
    )
    make_registration(edition, last_name="Caron", organisation="1234567890123456789", function="-2+3")
    registrations = Registration.objects.order_by("last_name").select_related("edition")

    rows = open_in_libreoffice(registrations_csv(registrations), tmp_path)

    assert [(row["Nom"], row["Matricule"], row["Organisation"], row["Fonction"]) for row in rows] == [
        ("Arsenault", "00123456", "007", "Conseillère"),
        ("Bédard", "12345678", 0, "'=1+1"),
        ("Caron", None, "1234567890123456789", "'-2+3"),
    ]


@pytest.mark.parametrize(
    ("value", "identifier", "expected"),
    [
        ("00123", False, '="00123"'),
        ("12345678", True, '="12345678"'),
        ("12345678", False, "12345678"),  # a number that reads the same: left as typed
        ("0", False, "0"),
        ("1234567890123456", False, '="1234567890123456"'),  # 16 digits: a number would round the last
        ("A0123", True, "A0123"),  # not only digits: a spreadsheet keeps it as text already
        ("０１２", True, "０１２"),  # full-width digits are not ASCII digits: text already
        ("", True, ""),
        ("'=1+1", False, "'=1+1"),
    ],
)
def test_as_text_writes_the_formula_form_only_for_ascii_digits(value, identifier, expected):
    assert as_text(value, identifier) == expected


def test_the_csv_file_holds_the_formula_form_for_matricules():
    edition = make_edition()
    make_registration(edition, kind="attestation", matricule="00999999")
    rows = list(
        csv.reader(io.StringIO(registrations_csv(Registration.objects.all()).decode("utf-8-sig")), delimiter=";")
    )
    assert dict(zip(rows[0], rows[1], strict=True))["Matricule"] == '="00999999"'
