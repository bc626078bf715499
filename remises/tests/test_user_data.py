"""Hand-ins and grades in the participant's data export, deleted with the cahier when the retention period
ends (and with the account), and the hand-in's rules carried to the next edition by prepare_edition."""

import datetime
import json

import pytest
import time_machine

from automne.next_edition import prepare_edition
from automne.user_data import export_all
from inscriptions import retention
from remises import grading, handing_in
from remises.models import (
    Assessment,
    Assignment,
    CriterionScore,
    Extension,
    HandIn,
    HandInAnswer,
    HandInDrawing,
    Publication,
    Reminder,
)
from remises.tests.factories import (
    BEFORE_DUE,
    LATE,
    make_assignment,
    make_participant,
    rubric_data,
    write,
)

pytestmark = pytest.mark.django_db


def published(assignment, participant, teacher):
    write(participant, assignment.edition, "Ma réponse remise", draw=True)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.grant_extension(
            assignment, participant.pk, until=assignment.due_at + datetime.timedelta(days=1), reason="Deuil", by=teacher
        )
        Reminder.objects.create(assignment=assignment, participant=participant, kind="7j", sent_at=BEFORE_DUE)
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    assessment = Assessment.objects.get(participant=participant)
    with time_machine.travel(LATE + datetime.timedelta(days=2), tick=False):
        grading.save(assessment, teacher, rubric_data(assessment))
        grading.mark_ready(assessment, teacher)
        grading.publish(assessment, teacher)
    return assessment


def test_the_export_holds_each_hand_in_extension_reminder_and_publication(assignment, participant, teacher):
    published(assignment, participant, teacher)
    data = json.loads(json.dumps(export_all(participant)))["remises"]
    hand_in = HandIn.objects.get()
    assert data["remises"][0]["numero"] == 1
    assert data["remises"][0]["empreinte_sha256_du_pdf"] == hand_in.sha256
    assert data["remises"][0]["pages"][0]["reponses"][0]["texte"] == "Ma réponse remise"
    assert data["remises"][0]["images"] == ["Un croquis de la salle"]
    assert data["prolongations"][0]["motif"] == "Deuil"
    assert data["prolongations"][0]["accordee_par"] == teacher.get_full_name()
    assert data["rappels_recus"][0]["rappel"] == "7 jours avant"
    publication = data["evaluations_publiees"][0]
    assert (publication["note"], publication["points"], publication["sur"]) == ("B", "15.0", "20.0")
    assert publication["grille"][0]["niveau"] == "Excellent"
    assert publication["commentaire_general"] == "Un cahier riche et sincère."


def test_the_export_never_holds_another_participants_hand_in(assignment, participant, teacher):
    published(assignment, make_participant(assignment), teacher)
    data = export_all(participant)["remises"]
    assert data == {"remises": [], "prolongations": [], "rappels_recus": [], "evaluations_publiees": []}


def test_retention_deletes_hand_ins_and_grades_with_the_cahier_and_keeps_the_rules(assignment, participant, teacher):
    published(assignment, participant, teacher)
    later = make_assignment()
    kept = make_participant(later)
    write(kept, later.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(kept, later.edition, accepted=True)
    later.edition.starts_on = datetime.date(2026, 10, 19)
    later.edition.ends_on = datetime.date(2026, 10, 23)
    later.edition.save()
    retention.apply(today=datetime.date(2027, 10, 24))  # two years after 24 October 2025
    assert list(HandIn.objects.values_list("participant", flat=True)) == [kept.pk]
    assert HandInAnswer.objects.exclude(page__hand_in__participant=kept).count() == 0
    assert HandInDrawing.objects.count() == 0
    assert (Publication.objects.count(), CriterionScore.objects.count(), Extension.objects.count()) == (0, 0, 0)
    assert (Reminder.objects.count(), Assessment.objects.exclude(participant=kept).count()) == (0, 0)
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    assert assignment.criteria.count() == 2 and assignment.bands.count() == 9


def test_deleting_the_account_deletes_its_hand_ins(assignment, participant, teacher):
    published(assignment, participant, teacher)
    participant.delete()
    assert (HandIn.objects.count(), Assessment.objects.count(), Publication.objects.count()) == (0, 0, 0)
    assert Extension.objects.count() == 0


def test_deleting_a_teacher_keeps_the_grades_they_gave(assignment, participant, teacher):
    assessment = published(assignment, participant, teacher)
    teacher.delete()
    assessment.refresh_from_db()
    assert (assessment.reader, Publication.objects.get().published_by, Extension.objects.get().granted_by) == (
        None,
        None,
        None,
    )


def test_prepare_edition_carries_the_hand_in_over_with_its_dates_moved(assignment, teacher):
    assignment.anonymous = True
    assignment.attestation_may_hand_in = True
    assignment.statement = "Je confirme, version 2025."
    assignment.save()
    source = assignment.edition
    participant = make_participant(assignment)
    write(participant, source)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, source, accepted=True)
    before = (
        list(Assignment.objects.values()),
        list(assignment.bands.values()),
        list(assignment.criteria.values()),
        HandIn.objects.count(),
    )
    edition = prepare_edition(source.slug, "ecole-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23))
    copy = Assignment.objects.get(edition=edition)
    # 364 days later, the same wall-clock time in Montréal.
    assert copy.due_at.isoformat() == "2026-11-14T04:59:00+00:00"  # 13 November 2026, 23 h 59 (EST)
    assert copy.cutoff_at.isoformat() == "2026-11-21T04:59:00+00:00"
    assert (copy.anonymous, copy.attestation_may_hand_in, copy.statement, copy.grading) == (
        True,
        True,
        "Je confirme, version 2025.",
        "grille",
    )
    assert list(copy.team.all()) == [teacher]
    assert list(copy.bands.values_list("label", "min_percent")) == list(
        assignment.bands.values_list("label", "min_percent")
    )
    assert [
        (c.title, [(lv.title, lv.points) for lv in c.levels.all()]) for c in copy.criteria.prefetch_related("levels")
    ] == [
        (c.title, [(lv.title, lv.points) for lv in c.levels.all()])
        for c in assignment.criteria.prefetch_related("levels")
    ]
    assert copy.hand_ins.count() == 0 and copy.extensions.count() == 0
    after = (
        list(Assignment.objects.filter(pk=assignment.pk).values()),
        list(assignment.bands.values()),
        list(assignment.criteria.values()),
        HandIn.objects.count(),
    )
    assert after == before


def test_prepare_edition_without_a_hand_in_copies_none(db):
    from programme.tests.factories import make_edition

    source = make_edition()
    edition = prepare_edition(source.slug, "sans-remise", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23))
    assert not Assignment.objects.filter(edition=edition).exists()


def test_the_privacy_notice_says_what_of_a_hand_in_is_kept_who_sees_it_and_for_how_long(client):
    import html

    page = html.unescape(client.get("/confidentialite/").content.decode()).replace("\xa0", " ")
    assert (
        "chaque copie remise (vos réponses et dessins à la seconde de la remise, son PDF et son empreinte SHA-256)"
        in page
    )
    assert "Le cahier que vous remettez est lu par l'équipe pédagogique de cette édition seulement" in page
    assert "votre nom, votre matricule, le cours, votre note publiée et sa date, rien d'autre" in page
    assert "vos cahiers remis, leurs prolongations et leurs évaluations" in page
    assert "votre cahier réflexif, vos cahiers remis et leurs évaluations." in page
