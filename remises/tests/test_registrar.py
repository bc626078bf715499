"""The registrar's spreadsheet, read back with openpyxl, and the hand-in's admin: organizers edit the rules, the
scale and the rubric, and export published grades; they never see a hand-in, an answer or a feedback."""

import datetime
import html
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from automne.french import typeset
from automne.roles import ORGANIZERS_GROUP
from inscriptions.models import Registration
from inscriptions.tests.factories import make_user
from remises import grading, handing_in
from remises.admin import NO_ZERO_BAND
from remises.models import Assessment, Assignment, GradeBand
from remises.tests.factories import (
    BEFORE_DUE,
    LATE,
    make_assignment,
    make_participant,
    make_teacher,
    rubric_data,
    write,
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADMIN = "/admin/remises/assignment/"


@pytest.fixture
def organizer(client):
    user = make_user("organisatrice@enap.ca", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(user)
    return user


def graded(assignment, teacher, levels=("Excellent", "Satisfaisant"), publish=True, **registration):
    participant = make_participant(assignment, **registration)
    write(participant, assignment.edition, "Une réponse très personnelle, jamais exportée")
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    assessment = Assessment.objects.get(participant=participant)
    with time_machine.travel(LATE, tick=False):
        grading.save(assessment, teacher, rubric_data(assessment, levels))
        if publish:
            grading.mark_ready(assessment, teacher)
            grading.publish(assessment, teacher)
    return participant


def rows_of(content, filename):
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Notes"]
    sheet = workbook["Notes"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Nom", "Prénom", "Matricule", "Sigle du cours", "Cours", "Note", "Publiée le"]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_only_published_grades_of_credit_registrations_as_text_cells(client, assignment, teacher):
    graded(assignment, teacher, last_name="=1+1", matricule="00012345")
    graded(assignment, teacher, levels=("Excellent", "Excellent"), last_name="Zéphir-Côté", matricule="00000042")
    graded(assignment, teacher, publish=False, last_name="Pas publiée")
    assignment.attestation_may_hand_in = True
    assignment.save()
    graded(assignment, teacher, kind=Registration.Kind.ATTESTATION, last_name="Attestation")
    cancelled = graded(assignment, teacher, last_name="Annulée")
    Registration.objects.filter(user=cancelled).update(state=Registration.State.CANCELLED)
    client.force_login(teacher)
    response = client.get(f"/cahier/equipe/{assignment.edition.slug}/remises/notes.xlsx")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="notes-{assignment.edition.slug}.xlsx"'
    rows = rows_of(response.content, "notes")
    assert [{title: cell.value for title, cell in row.items() if title != "Publiée le"} for row in rows] == [
        {
            "Nom": "=1+1",
            "Prénom": "Camille",
            "Matricule": "00012345",
            "Sigle du cours": "ENP7009",
            "Cours": "Mobilisation des acteurs locaux",
            "Note": "B",
        },
        {
            "Nom": "Zéphir-Côté",
            "Prénom": "Camille",
            "Matricule": "00000042",
            "Sigle du cours": "ENP7009",
            "Cours": "Mobilisation des acteurs locaux",
            "Note": "A+",
        },
    ]
    for row in rows:
        assert all(cell.data_type == "s" for title, cell in row.items() if title != "Publiée le")
        assert row["Publiée le"].value == datetime.datetime(2025, 11, 17, 9, 30)  # Montréal time, a real date
        assert row["Publiée le"].number_format == "yyyy-mm-dd hh:mm"
    assert b"jamais export" not in response.content


def test_a_changed_grade_exports_the_newest_publication(client, assignment, teacher):
    participant = graded(assignment, teacher)
    assessment = Assessment.objects.get(participant=participant)
    with time_machine.travel(LATE + datetime.timedelta(days=3), tick=False):
        grading.reopen(assessment, teacher, "Erreur")
        assessment.refresh_from_db()
        grading.save(assessment, teacher, rubric_data(assessment, ("Excellent", "Excellent")))
        grading.mark_ready(assessment, teacher)
        grading.publish(assessment, teacher)
    client.force_login(teacher)
    rows = rows_of(client.get(f"/cahier/equipe/{assignment.edition.slug}/remises/notes.xlsx").content, "notes")
    assert [(row["Note"].value, row["Publiée le"].value) for row in rows] == [
        ("A+", datetime.datetime(2025, 11, 20, 9, 30))
    ]


def test_organizers_export_grades_from_the_admin(client, organizer, assignment, teacher):
    graded(assignment, teacher, matricule="00012345")
    response = client.post(ADMIN, {"action": "export_grades", "_selected_action": [assignment.pk]})
    assert response["Content-Type"] == XLSX
    assert [row["Matricule"].value for row in rows_of(response.content, "notes")] == ["00012345"]


def test_organizers_never_see_hand_ins_answers_or_feedback(client, organizer, assignment, teacher):
    participant = graded(assignment, teacher)
    assessment = Assessment.objects.get(participant=participant)
    for address in (
        ADMIN,
        f"{ADMIN}{assignment.pk}/change/",
        "/admin/remises/criterion/",
        f"/admin/remises/criterion/{assignment.criteria.first().pk}/change/",
    ):
        page = client.get(address).content.decode()
        assert "jamais exportée" not in page and "Un cahier riche et sincère." not in page
    for address in ("/admin/remises/handin/", "/admin/remises/assessment/", "/admin/remises/publication/"):
        assert client.get(address).status_code == 404
    slug = assignment.edition.slug
    for address in (
        f"/cahier/equipe/{slug}/remises/",
        f"/cahier/equipe/{slug}/remises/{assessment.pk}/",
        f"/cahier/equipe/{slug}/remises/{assessment.pk}/remise.pdf",
        f"/cahier/{slug}/remise/{assessment.hand_in_id}/cahier-remis.pdf",
    ):
        assert client.get(address).status_code == 404


def test_staff_outside_the_organizers_cannot_export(client, assignment):
    client.force_login(make_user(is_staff=True))
    assert client.post(ADMIN, {"action": "export_grades", "_selected_action": [assignment.pk]}).status_code == 403


def admin_form(assignment, **changes):
    data = {
        "edition": str(assignment.edition_id),
        "due_at_0": "2025-11-14",
        "due_at_1": "23:59",
        "cutoff_at_0": "2025-11-21",
        "cutoff_at_1": "23:59",
        "statement": assignment.statement,
        "grading": assignment.grading,
        "bands-TOTAL_FORMS": "0",
        "bands-INITIAL_FORMS": "0",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    if assignment.anonymous:
        data["anonymous"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_admin_refuses_a_cut_off_before_the_due_date(client, organizer):
    assignment = make_assignment(scale=[])
    response = client.post(f"{ADMIN}{assignment.pk}/change/", admin_form(assignment, cutoff_at_0="2025-11-01"))
    assert response.status_code == 200
    assert "La date limite doit être la date de remise ou après." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.cutoff_at.date() == datetime.date(2025, 11, 22)  # 23 h 59 in Montréal is the next day in UTC


def test_admin_refuses_to_change_anonymity_once_handed_in(client, organizer, assignment):
    participant = make_participant(assignment)
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    bands = assignment.bands.count()
    data = admin_form(assignment, anonymous="on", **{"bands-INITIAL_FORMS": "0"})
    response = client.post(f"{ADMIN}{assignment.pk}/change/", data)
    assert "Des cahiers ont déjà été remis : l'évaluation anonyme ne peut plus changer." in html.unescape(
        response.content.decode()
    )
    assignment.refresh_from_db()
    assert (assignment.anonymous, assignment.bands.count()) == (False, bands)


def test_admin_scale_needs_a_grade_from_zero(client, organizer):
    assignment = make_assignment(scale=[])
    data = admin_form(
        assignment,
        **{"bands-TOTAL_FORMS": "1", "bands-0-label": "A", "bands-0-min_percent": "85"},
    )
    response = client.post(f"{ADMIN}{assignment.pk}/change/", data)
    assert typeset(NO_ZERO_BAND) in html.unescape(response.content.decode())
    assert GradeBand.objects.filter(assignment=assignment).count() == 0


def test_admin_fills_the_scale_from_a_preset_until_something_is_graded(client, organizer, assignment, teacher):
    response = client.post(ADMIN, {"action": "scale_pass_fail", "_selected_action": [assignment.pk]}, follow=True)
    assert list(assignment.bands.order_by("-min_percent").values_list("label", "min_percent")) == [
        ("Succès", 60),
        ("Échec", 0),
    ]
    graded(assignment, teacher, publish=False)
    response = client.post(ADMIN, {"action": "scale_letters", "_selected_action": [assignment.pk]}, follow=True)
    assert "ont déjà une note" in response.content.decode()
    assert assignment.bands.count() == 2


def test_organizer_creates_an_editions_hand_in_with_its_team(client, organizer):
    from programme.tests.factories import make_edition

    edition = make_edition()
    teacher = make_teacher()
    data = admin_form(
        Assignment(edition=edition, grading="globale", statement="Je confirme."),
        team=[str(teacher.pk)],
        **{"bands-TOTAL_FORMS": "2", "bands-0-label": "Succès", "bands-0-min_percent": "60"},
        **{"bands-1-label": "Échec", "bands-1-min_percent": "0"},
    )
    response = client.post(f"{ADMIN}add/", data)
    assert response.status_code == 302
    created = Assignment.objects.get(edition=edition)
    assert (created.grading, list(created.team.all()), created.bands.count()) == ("globale", [teacher], 2)


def test_deleting_an_editions_hand_in_rules_never_takes_the_hand_ins(client, organizer, assignment):
    participant = make_participant(assignment)
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    response = client.post(f"{ADMIN}{assignment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the page says what protects it
    assert "Remise 1" in html.unescape(response.content.decode())
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert assignment.hand_ins.count() == 1


def test_the_way_of_grading_is_frozen_once_grading_began(assignment, teacher):
    from django.core.exceptions import ValidationError

    participant = make_participant(assignment)
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    assignment.grading = Assignment.Grading.HOLISTIC
    assignment.full_clean()  # nothing graded yet: it may change
    assessment = Assessment.objects.get()
    with time_machine.travel(LATE, tick=False):
        grading.save(assessment, teacher, rubric_data(assessment))
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert refused.value.message_dict["grading"] == [
        "Des évaluations ont commencé : la façon d'évaluer ne peut plus changer."
    ]
