"""A hand-in and its assessment survive a backup and a restore into an empty database: the PDF byte for byte
(its SHA-256 still matches), the copy, the drawings, the publication."""

import hashlib
import io

import pytest
import time_machine
from django.core.management import call_command

from remises import grading, handing_in
from remises.models import Assessment, HandIn, HandInAnswer, HandInDrawing, Publication
from remises.tests.factories import (
    BEFORE_DUE,
    LATE,
    make_assignment,
    make_participant,
    make_teacher,
    rubric_data,
    write,
)

pytestmark = pytest.mark.django_db(transaction=True)


def state():
    return {
        "hand_ins": sorted((h.pk, h.sha256, bytes(h.pdf), h.number) for h in HandIn.objects.all()),
        "answers": sorted(HandInAnswer.objects.values_list("pk", "text", "questions")),
        "drawings": sorted((d.pk, bytes(d.content)) for d in HandInDrawing.objects.all()),
        "assessments": sorted(Assessment.objects.values_list("pk", "state", "grade__label", "hand_in")),
        "publications": sorted(Publication.objects.values_list("pk", "grade", "rubric", "feedback")),
    }


def test_a_hand_in_survives_a_backup_and_a_restore(tmp_path):
    assignment = make_assignment()
    teacher = make_teacher(assignment)
    participant = make_participant(assignment)
    write(participant, assignment.edition, "Réponse « accentuée » à garder", draw=True)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    assessment = Assessment.objects.get()
    with time_machine.travel(LATE, tick=False):
        grading.save(assessment, teacher, rubric_data(assessment))
        grading.mark_ready(assessment, teacher)
        grading.publish(assessment, teacher)
    before = state()
    backup = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert HandIn.objects.count() == 0
    call_command("restore", str(backup), stdout=io.StringIO())
    assert state() == before
    restored = HandIn.objects.get()
    assert hashlib.sha256(bytes(restored.pdf)).hexdigest() == restored.sha256
