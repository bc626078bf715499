"""Assessing a hand-in: the grading form and its refusals, the rule from points to grade, the workflow and
nothing out of turn, the second reader, anonymous grading, publication, a published grade changed with its
history, and the edition's team as the only one that reaches any of it."""

import datetime
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from automne.french import NBSP, typeset
from remises import grading, handing_in
from remises.handing_in import Refused
from remises.models import Assessment, Assignment, CriterionScore, GradeBand, Publication
from remises.tests.factories import (
    AFTER_CUTOFF,
    BEFORE_DUE,
    LATE,
    make_assignment,
    make_participant,
    make_teacher,
    rubric_data,
    write,
)

pytestmark = pytest.mark.django_db
State = Assessment.State


def handed_in(assignment, participant=None):
    participant = participant or make_participant(assignment)
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    return Assessment.objects.get(assignment=assignment, participant=participant)


@pytest.fixture
def assessment(assignment):
    return handed_in(assignment)


@pytest.fixture
def after_due():
    with time_machine.travel(LATE, tick=False):
        yield


def grade_url(assessment, suffix=""):
    return f"/cahier/equipe/{assessment.assignment.edition.slug}/remises/{assessment.pk}/{suffix}"


TAG = re.compile(r"<[^>]*>")


def text(response):
    """What the page says: its text without tags, no-break spaces as spaces."""
    return html.unescape(TAG.sub("", response.content.decode())).replace(NBSP, " ")


def state_of(assessment):
    assessment.refresh_from_db()
    return (assessment.state, assessment.version, assessment.grade_id, assessment.feedback)


@pytest.mark.parametrize(
    "levels, points, grade",
    [
        (("Excellent", "Excellent"), Decimal(20), "A+"),  # 100 %
        (("Excellent", "Satisfaisant"), Decimal(15), "B"),  # 75 %: B from 73 %, B+ from 77 %
        (("Satisfaisant", "Satisfaisant"), Decimal(10), "E"),  # 50 %
        (("Insuffisant", "Insuffisant"), Decimal(0), "E"),
    ],
)
def test_the_rubric_total_gives_the_grade_by_the_scale_rule(assessment, teacher, after_due, levels, points, grade):
    saved = grading.save(assessment, teacher, rubric_data(assessment, levels))
    assert (saved.points, saved.grade.label, saved.state) == (points, grade, State.IN_PROGRESS)
    assert saved.reader == teacher


def test_band_for_uses_the_highest_minimum_reached():
    bands = [GradeBand(label=label, min_percent=Decimal(m)) for label, m in [("A", 85), ("B", 70), ("E", 0)]]
    assert [grading.band_for(bands, Decimal(p), Decimal(100)).label for p in (100, 85, Decimal("84.9"), 70, 0)] == [
        "A",
        "A",
        "B",
        "B",
        "E",
    ]
    assert grading.band_for(bands, Decimal(0), Decimal(0)) is None


def test_a_holistic_grade_is_chosen_on_the_scale(db, after_due):
    assignment = make_assignment(grading=Assignment.Grading.HOLISTIC, scale=[("Succès", 60), ("Échec", 0)])
    assessment = handed_in(assignment)
    teacher = make_teacher(assignment)
    success = assignment.bands.get(label="Succès")
    saved = grading.save(assessment, teacher, {"version": "0", "note": str(success.pk), "commentaire": "Bien."})
    assert (saved.grade, saved.points) == (success, None)


def test_a_grade_outside_the_scale_is_refused_and_nothing_changed(db, after_due):
    assignment = make_assignment(grading=Assignment.Grading.HOLISTIC, scale=[("Succès", 60), ("Échec", 0)])
    other = make_assignment(grading=Assignment.Grading.HOLISTIC)
    assessment = handed_in(assignment)
    teacher = make_teacher(assignment)
    before = state_of(assessment)
    for value in (str(other.bands.first().pk), "999999", "A+", "-1"):
        with pytest.raises(Refused) as refused:
            grading.save(assessment, teacher, {"version": "0", "note": value, "commentaire": "x"})
        assert (
            refused.value.message == f"Cette note n'est pas dans l'échelle de l'édition{NBSP}: rien n'a été enregistré."
        )
        assert refused.value.status == 400
    assert state_of(assessment) == before


def test_a_level_of_another_rubric_is_refused_and_nothing_changed(assessment, teacher, after_due):
    other = make_assignment()
    criteria = list(assessment.assignment.criteria.order_by("order"))
    foreign = other.criteria.first().levels.first()
    sibling = criteria[1].levels.first()  # a level of this rubric, but of the other criterion
    before = state_of(assessment)
    for level in (foreign, sibling):
        data = rubric_data(assessment)
        data[f"niveau-{criteria[0].pk}"] = str(level.pk)
        with pytest.raises(Refused) as refused:
            grading.save(assessment, teacher, data)
        assert refused.value.message == typeset(
            "Ce niveau n'appartient pas au critère « Critère 1 » : rien n'a été enregistré."
        )
    assert state_of(assessment) == before
    assert CriterionScore.objects.count() == 0


def test_grading_waits_for_the_participants_due_date(assessment, teacher):
    with time_machine.travel(BEFORE_DUE, tick=False), pytest.raises(Refused) as refused:
        grading.save(assessment, teacher, rubric_data(assessment))
    assert refused.value.status == 409
    assert refused.value.message.startswith("L'évaluation commence après la date de remise de la personne")
    assert state_of(assessment)[0] == State.TO_GRADE


def test_a_stale_form_is_a_409_showing_both_and_nothing_is_overwritten(client, assessment, teacher, after_due):
    second = make_teacher(assessment.assignment, first_name="Dominique", last_name="Relecture")
    grading.save(assessment, teacher, rubric_data(assessment, feedback="Première lecture."))
    client.force_login(second)
    stale = rubric_data(
        assessment, ("Insuffisant", "Insuffisant"), feedback="Mon avis, fondé sur la version 0.", version=0
    )
    response = client.post(grade_url(assessment), stale)
    assert response.status_code == 409
    page = text(response)
    assert "Deux versions de cette évaluation" in page
    assert "Vos valeurs (non enregistrées)" in page and "La version enregistrée" in page
    assert "Mon avis, fondé sur la version 0." in page and "Première lecture." in page
    assert f"enregistrée par {teacher.get_full_name()}" in page
    assert 'name="version" value="1"' in response.content.decode()  # resubmitting now is a deliberate overwrite
    assessment.refresh_from_db()
    assert (assessment.feedback, assessment.version, assessment.grade.label) == ("Première lecture.", 1, "B")


def test_ready_requires_complete_and_publishing_an_incomplete_one_is_refused(client, assessment, teacher, after_due):
    grading.save(assessment, teacher, {**rubric_data(assessment, ("Excellent",)), "commentaire": ""})
    before = state_of(assessment)
    with pytest.raises(Refused) as refused:
        grading.mark_ready(assessment, teacher)
    assert refused.value.message == typeset(
        "Cette évaluation n'est pas complète : Aucun niveau choisi pour le critère « Critère 2 »."
        " Le commentaire général est vide."
    )
    client.force_login(teacher)
    response = client.post(grade_url(assessment, "publier/"))
    assert response.status_code == 409
    assert "Seule une évaluation prête peut être publiée." in text(response)
    assert state_of(assessment) == before
    assert (Publication.objects.count(), len(mail.outbox)) == (0, 1)  # the hand-in's receipt only


def test_a_ready_assessment_that_became_incomplete_is_not_published(assessment, teacher, after_due):
    grading.save(assessment, teacher, rubric_data(assessment))
    grading.mark_ready(assessment, teacher)
    assessment.assignment.criteria.create(title="Critère ajouté après coup", order=9)
    with pytest.raises(Refused) as refused:
        grading.publish(assessment, teacher)
    assert typeset("Aucun niveau choisi pour le critère « Critère ajouté après coup ».") in refused.value.message
    assert state_of(assessment)[0] == State.READY
    assert Publication.objects.count() == 0


def test_nothing_out_of_turn(assessment, teacher, after_due):
    steps = [
        (grading.mark_ready, "Seule une évaluation en cours peut être marquée prête."),
        (grading.resume, "Seule une évaluation prête peut être reprise."),
        (grading.publish, "Seule une évaluation prête peut être publiée."),
        (
            lambda a, by: grading.reopen(a, by, "motif"),
            "Seule une évaluation publiée peut être modifiée après publication.",
        ),
    ]
    for step, message in steps:
        before = state_of(assessment)
        with pytest.raises(Refused) as refused:
            step(assessment, teacher)
        assert refused.value.message == message
        assert state_of(assessment) == before
    grading.save(assessment, teacher, rubric_data(assessment))
    grading.mark_ready(assessment, teacher)
    with pytest.raises(Refused):
        grading.save(assessment, teacher, rubric_data(assessment, version=assessment.version + 1))


def test_second_reader_must_confirm_before_ready(assessment, teacher, after_due):
    second = make_teacher(assessment.assignment)
    team = list(assessment.assignment.team.all())
    grading.assign_readers(assessment, team, str(teacher.pk), str(second.pk), teacher)
    assessment.refresh_from_db()
    grading.save(assessment, teacher, rubric_data(assessment))
    with pytest.raises(Refused) as refused:
        grading.mark_ready(assessment, teacher)
    assert "La deuxième lecture n'est pas faite." in refused.value.message
    with pytest.raises(Refused) as refused:
        grading.confirm_second_reading(assessment, teacher)
    assert refused.value.message == "Seule la personne désignée pour la deuxième lecture peut la confirmer."
    grading.confirm_second_reading(assessment, second)
    assessment.refresh_from_db()
    grading.save(assessment, teacher, rubric_data(assessment, feedback="Changé après la deuxième lecture."))
    assessment.refresh_from_db()
    assert assessment.second_read_at is None  # changed since: to read again
    grading.confirm_second_reading(assessment, second)
    assert grading.mark_ready(assessment, teacher).state == State.READY


@pytest.mark.parametrize(
    "reader, second, message",
    [
        ("self", "self", "La deuxième lecture doit être faite par une autre personne que la première."),
        ("self", "outsider", "Cette personne ne fait pas partie de l'équipe pédagogique de l'édition."),
        ("nobody", "", "Cette personne ne fait pas partie de l'équipe pédagogique de l'édition."),
    ],
)
def test_readers_are_chosen_in_the_editions_team(assessment, teacher, reader, second, message):
    outsider = make_teacher(make_assignment())  # a teacher of another edition
    ids = {"self": str(teacher.pk), "outsider": str(outsider.pk), "nobody": "999999", "": ""}
    before = (assessment.reader_id, assessment.second_reader_id)
    with pytest.raises(Refused) as refused:
        grading.assign_readers(assessment, list(assessment.assignment.team.all()), ids[reader], ids[second], teacher)
    assert refused.value.message == message
    assessment.refresh_from_db()
    assert (assessment.reader_id, assessment.second_reader_id) == before


def test_publication_shows_grade_rubric_and_feedback_and_emails_the_participant(client, assessment, teacher, after_due):
    grading.save(assessment, teacher, rubric_data(assessment))
    grading.mark_ready(assessment, teacher)
    publication = grading.publish(assessment, teacher)
    assert (publication.grade, publication.points, publication.max_points) == ("B", Decimal(15), Decimal(20))
    assert [line["niveau"] for line in publication.rubric] == ["Excellent", "Satisfaisant"]
    assert mail.outbox[-1].subject == "Évaluation de votre cahier publiée — École de test"
    assert "Note : B" in mail.outbox[-1].body.replace(NBSP, " ")
    assert f"http://127.0.0.1:8000/cahier/{assessment.assignment.edition.slug}/evaluation/" in mail.outbox[-1].body
    client.force_login(assessment.participant)
    page = text(client.get(f"/cahier/{assessment.assignment.edition.slug}/evaluation/"))
    assert "Note : B" in page
    assert "Excellent pour le critère 1." in page and "Sur Critère 2." in page
    assert "Un cahier riche et sincère." in page
    assert "15 points sur 20" in page


def test_a_published_grade_changed_later_keeps_its_history(client, assessment, teacher, after_due):
    grading.save(assessment, teacher, rubric_data(assessment))
    grading.mark_ready(assessment, teacher)
    first = grading.publish(assessment, teacher)
    with pytest.raises(Refused) as refused:
        grading.reopen(assessment, teacher, "  ")
    assert refused.value.message == f"Indiquez pourquoi la note publiée change{NBSP}: la personne verra ce motif."
    grading.reopen(assessment, teacher, "Erreur de saisie au critère 2")
    client.force_login(assessment.participant)
    evaluation = f"/cahier/{assessment.assignment.edition.slug}/evaluation/"
    assert "Note : B" in text(client.get(evaluation))  # still the published one while it is reworked
    assessment.refresh_from_db()
    grading.save(assessment, teacher, rubric_data(assessment, ("Excellent", "Excellent")))
    grading.mark_ready(assessment, teacher)
    second = grading.publish(assessment, teacher)
    assert (first.grade, second.grade, second.reason) == ("B", "A+", "Erreur de saisie au critère 2")
    page = text(client.get(evaluation))
    assert "Note : A+" in page
    assert "Motif : Erreur de saisie au critère 2" in page
    assert "Évaluations publiées auparavant" in page and "note B (15 sur 20 points)" in page
    assert mail.outbox[-1].subject == "Évaluation de votre cahier modifiée — École de test"
    assert Publication.objects.filter(assessment=assessment).count() == 2


def test_an_attestation_hand_in_gets_feedback_without_a_grade(db, after_due):
    assignment = make_assignment(attestation_may_hand_in=True)
    from inscriptions.models import Registration

    assessment = handed_in(assignment, make_participant(assignment, kind=Registration.Kind.ATTESTATION))
    teacher = make_teacher(assignment)
    saved = grading.save(assessment, teacher, rubric_data(assessment))
    assert (saved.grade, saved.points) == (None, Decimal(15))
    grading.mark_ready(assessment, teacher)
    assert grading.publish(assessment, teacher).grade == ""


def test_publish_every_ready_one_at_once_leaves_the_others(client, assignment, teacher, after_due):
    ready = [handed_in(assignment) for _ in range(2)]
    working = handed_in(assignment)
    for assessment in ready:
        grading.save(assessment, teacher, rubric_data(assessment))
        grading.mark_ready(assessment, teacher)
    grading.save(working, teacher, rubric_data(working, ("Excellent",)))
    client.force_login(teacher)
    mail.outbox.clear()
    response = client.post(f"/cahier/equipe/{assignment.edition.slug}/remises/publier/")
    assert response.status_code == 302
    assert Publication.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.participant.email for a in ready)
    assert state_of(working)[0] == State.IN_PROGRESS
    response = client.post(f"/cahier/equipe/{assignment.edition.slug}/remises/publier/", follow=True)
    assert "Aucune évaluation n'est prête à publier." in text(response)
    assert Publication.objects.count() == 2


def test_anonymous_grading_hides_names_until_publication(client, db, after_due):
    assignment = make_assignment(anonymous=True)
    assessment = handed_in(assignment)
    teacher = make_teacher(assignment)
    name = assessment.participant.get_full_name()
    client.force_login(teacher)
    board = text(client.get(f"/cahier/equipe/{assignment.edition.slug}/remises/"))
    page = text(client.get(grade_url(assessment)))
    for shown in (board, page):
        assert name not in shown
        assert f"Participant·e n° {assessment.alias}" in shown
    pdf_cover = client.get(grade_url(assessment, "remise.pdf"))
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf_cover.content))
    assert f"Participant·e n° {assessment.alias}" in reader.pages[0].extract_text()
    assert name not in reader.pages[0].extract_text() and name not in str(reader.metadata)
    grading.save(assessment, teacher, rubric_data(assessment))
    grading.mark_ready(assessment, teacher)
    grading.publish(assessment, teacher)
    assert name in text(client.get(grade_url(assessment)))


def test_anonymity_cannot_change_once_a_cahier_is_handed_in(assessment):
    from django.core.exceptions import ValidationError

    assignment = assessment.assignment
    assignment.anonymous = True
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert refused.value.message_dict["anonymous"] == [
        "Des cahiers ont déjà été remis : l'évaluation anonyme ne peut plus changer."
    ]


def test_a_teacher_outside_the_editions_team_reaches_nothing(client, assessment, teacher, after_due):
    """Another edition's teacher, with this edition's ids, in this edition's addresses and in their own."""
    grading.save(assessment, teacher, rubric_data(assessment))
    other_assignment = make_assignment()
    outsider = make_teacher(other_assignment)
    mine = handed_in(other_assignment)
    slug, other_slug = assessment.assignment.edition.slug, other_assignment.edition.slug
    extension_of = assessment.participant_id
    client.force_login(outsider)
    before = state_of(assessment)
    gets = [
        f"/cahier/equipe/{slug}/remises/",
        f"/cahier/equipe/{slug}/remises/notes.xlsx",
        grade_url(assessment),
        grade_url(assessment, "remise.pdf"),
        f"/cahier/equipe/{slug}/remises/prolongations/{extension_of}/",
        f"/cahier/equipe/{other_slug}/remises/{assessment.pk}/",  # their edition, this assessment's id
        f"/cahier/equipe/{other_slug}/remises/{assessment.pk}/remise.pdf",
        f"/cahier/equipe/{other_slug}/remises/prolongations/{extension_of}/",
    ]
    for address in gets:
        assert client.get(address).status_code == 404, address
    posts = [
        (grade_url(assessment), rubric_data(assessment, ("Insuffisant", "Insuffisant"))),
        (grade_url(assessment, "pret/"), {}),
        (grade_url(assessment, "lecteurs/"), {"lecteur": str(outsider.pk)}),
        (grade_url(assessment, "publier/"), {}),
        (f"/cahier/equipe/{slug}/remises/publier/", {}),
        (f"/cahier/equipe/{other_slug}/remises/{assessment.pk}/", rubric_data(assessment)),
        (f"/cahier/equipe/{slug}/remises/prolongations/{extension_of}/", {"jusqua": "2025-12-01T12:00", "motif": "x"}),
    ]
    for address, data in posts:
        assert client.post(address, data).status_code == 404, address
    assert state_of(assessment) == before
    assert client.get(f"/cahier/equipe/{other_slug}/remises/{mine.pk}/").status_code == 200  # their own: yes
    # A teacher of the group but in no edition's team, and a participant: nothing either.
    for user in (make_teacher(), assessment.participant):
        client.force_login(user)
        assert client.get(grade_url(assessment)).status_code == 404
        assert client.get(f"/cahier/equipe/{slug}/remises/").status_code == 404


def test_a_team_member_removed_from_the_group_reaches_nothing(client, assessment, teacher):
    teacher.groups.clear()
    client.force_login(teacher)
    assert client.get(f"/cahier/equipe/{assessment.assignment.edition.slug}/remises/").status_code == 404


def test_extension_page_grants_and_refuses_in_french(client, assignment, participant, teacher):
    client.force_login(teacher)
    address = f"/cahier/equipe/{assignment.edition.slug}/remises/prolongations/{participant.pk}/"
    with time_machine.travel(BEFORE_DUE, tick=False):
        for data, message in [
            ({"jusqua": "pas une date", "motif": "x"}, "Indiquez la nouvelle date et l'heure de remise."),
            ({"jusqua": "2025-11-30T12:00", "motif": ""}, "Indiquez le motif de la prolongation."),
            ({"jusqua": "2025-11-01T12:00", "motif": "x"}, "La nouvelle date de remise doit venir après"),
        ]:
            response = client.post(address, data)
            assert response.status_code == 400
            assert message in text(response)
        assert handing_in.Extension.objects.count() == 0
        response = client.post(address, {"jusqua": "2025-11-30T12:00", "motif": "Deuil"})
    assert response.status_code == 302
    extension = handing_in.Extension.objects.get()
    assert (extension.granted_by, extension.reason, extension.granted_at) == (teacher, "Deuil", BEFORE_DUE)
    assert extension.until.isoformat() == "2025-11-30T17:00:00+00:00"
    assert "Deuil" in text(client.get(address))


def test_a_withdrawn_hand_in_has_nothing_to_grade(assessment, teacher):
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.withdraw(assessment.participant, assessment.assignment.edition, assessment.hand_in_id)
    assessment.refresh_from_db()
    with time_machine.travel(AFTER_CUTOFF, tick=False), pytest.raises(Refused) as refused:
        grading.save(assessment, teacher, rubric_data(assessment))
    assert refused.value.message.startswith("Cette personne a retiré sa remise")


def test_a_grading_form_with_a_missing_or_bad_version_is_refused(assessment, teacher, after_due):
    for version in (None, "", "abc", "-1"):
        data = rubric_data(assessment)
        data.pop("version") if version is None else data.update(version=version)
        with pytest.raises(Refused) as refused:
            grading.save(assessment, teacher, data)
        assert refused.value.message.startswith("Version manquante")
    assert state_of(assessment)[0] == State.TO_GRADE


def test_feedback_too_long_is_refused(assessment, teacher, after_due):
    with pytest.raises(Refused) as refused:
        grading.save(assessment, teacher, rubric_data(assessment, feedback="x" * 10_001))
    assert refused.value.message == f"Un commentaire ne doit pas dépasser 10{NBSP}000 caractères."


def test_extension_after_the_hand_in_delays_grading(assessment, teacher):
    until = AFTER_CUTOFF + datetime.timedelta(days=2)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.grant_extension(
            assessment.assignment, assessment.participant_id, until=until, reason="x", by=teacher
        )
    with time_machine.travel(AFTER_CUTOFF, tick=False), pytest.raises(Refused):
        grading.save(assessment, teacher, rubric_data(assessment))
