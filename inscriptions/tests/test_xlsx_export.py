"""The registrations' Excel export, read back with openpyxl as a spreadsheet would open it."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db
LIST = "/admin/inscriptions/registration/"
EXPORT = "/admin/inscriptions/registration/export.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def edition():
    return make_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


def sheet_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="inscriptions.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Inscriptions"]
    return workbook["Inscriptions"]


def rows_of(sheet):
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_xlsx_export_text_cells_keep_zeros_accents_and_formulas_as_text(client, organizer, edition):
    make_registration(
        edition,
        first_name='=HYPERLINK("http://x")',
        last_name="+Côté-Lévesque",
        organisation="-2+3",
        function="@SUM(A1)",
        kind=Registration.Kind.CREDIT,
        matricule="00012345",
        dietary_restrictions="Sans lactose; sans noix\nmerci",
    )
    make_registration(edition, last_name="Zéphir", state=Registration.State.CANCELLED)
    sheet = sheet_of(client.get(EXPORT, {"state__exact": "recue"}))
    rows = rows_of(sheet)
    assert len(rows) == 1  # the cancelled one is filtered out, as on the page
    row = rows[0]
    assert [cell.value for cell in sheet[1]][:5] == ["Nom", "Prénom", "Courriel", "Type", "Matricule"]
    assert {title: cell.value for title, cell in row.items() if title != "Reçue le"} == {
        "Nom": "+Côté-Lévesque",
        "Prénom": '=HYPERLINK("http://x")',
        "Courriel": row["Courriel"].value,
        "Type": "Formation créditée — ENP7009 – Mobilisation des acteurs locaux – 3 crédits",
        "Matricule": "00012345",
        "Organisation": "-2+3",
        "Fonction": "@SUM(A1)",
        "Secteur": "Municipal",
        "Besoins d'accessibilité": None,  # an empty cell
        "Restrictions alimentaires": "Sans lactose; sans noix\nmerci",
        "État": "Reçue",
        "Édition": "École de test",
    }
    assert row["Courriel"].value.endswith("@exemple.ca")
    texts = [title for title, cell in row.items() if title not in ("Reçue le", "Besoins d'accessibilité")]
    assert {title: row[title].data_type for title in texts} == dict.fromkeys(texts, "s")
    assert row["Matricule"].number_format == "@"
    assert isinstance(row["Reçue le"].value, datetime.datetime)
    assert row["Reçue le"].data_type == "d"  # a date Excel sorts


def test_xlsx_export_one_column_of_state(client, organizer, edition):
    for state in [Registration.State.RECEIVED, Registration.State.WAITING, Registration.State.CONFIRMED]:
        make_registration(edition, state=state)
    states = sorted(row["État"].value for row in rows_of(sheet_of(client.get(EXPORT))))
    assert states == ["Confirmée", "Liste d'attente", "Reçue"]


def test_xlsx_export_drops_characters_a_spreadsheet_cannot_hold(client, organizer, edition):
    # Control characters a database keeps but a spreadsheet cannot hold (NUL never reaches the
    # database: automne/clean_input.py refuses it).
    make_registration(edition, accessibility_needs="Rampe\x0b d'accès\x01")
    row = rows_of(sheet_of(client.get(EXPORT)))[0]
    assert row["Besoins d'accessibilité"].value == "Rampe d'accès"


def test_xlsx_export_action_on_selection(client, organizer, edition):
    chosen = make_registration(edition, last_name="Choisie")
    make_registration(edition, last_name="Autre")
    response = client.post(LIST, {"action": "export_xlsx_selected", "_selected_action": [chosen.pk]})
    assert [row["Nom"].value for row in rows_of(sheet_of(response))] == ["Choisie"]


def test_xlsx_export_linked_beside_the_csv_with_the_page_filters(client, organizer, edition):
    page = client.get(LIST, {"state__exact": "attente"}).content.decode()
    assert f'<a href="{EXPORT}?state__exact=attente">Exporter cette liste en Excel (.xlsx)</a>' in page
    assert "Exporter cette liste en CSV" in page


def test_xlsx_export_refused_to_staff_outside_the_organizers(client, edition):
    client.force_login(make_user(is_staff=True))
    assert client.get(EXPORT).status_code == 403
