"""Twice in the same second: simultaneous hand-ins of one cahier (a double tap, two tabs), and a teacher
starting to grade while the participant withdraws, from threads with their own database connections, through
the whole view. Runs on SQLite and PostgreSQL."""

import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client

from remises import grading, handing_in
from remises.handing_in import Refused
from remises.models import Assessment, HandIn, HandInAnswer
from remises.tests.factories import BEFORE_DUE, make_assignment, make_participant, make_teacher, write

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 4


def together(actions):
    """Runs each action in its own thread, all released at once; returns their results in order."""
    barrier = threading.Barrier(len(actions))
    results, errors = [None] * len(actions), []

    def run(index, action):
        try:
            results[index] = action(barrier)
        except Exception as error:  # reported below: a thread's failure must fail the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, action)) for n, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_simultaneous_hand_ins_of_one_cahier_create_one():
    assignment = make_assignment()
    participant = make_participant(assignment)
    write(participant, assignment.edition)
    address = f"/cahier/{assignment.edition.slug}/remise/"

    def post(barrier):
        client = Client()
        client.force_login(participant)
        seen = client.get(address).context["seen"]
        barrier.wait()
        return client.post(address, {"declaration": "oui", "apercu": seen}).status_code

    with time_machine.travel(BEFORE_DUE, tick=False):
        statuses = together([post] * THREADS)
    assert sorted(statuses) == [302] + [409] * (THREADS - 1)
    handed_in = HandIn.objects.get()
    assert handed_in.number == 1
    assert HandInAnswer.objects.filter(page__hand_in=handed_in).count() == 3
    assert Assessment.objects.get().hand_in == handed_in


def test_withdrawing_while_grading_begins_lets_exactly_one_win():
    assignment = make_assignment()
    participant = make_participant(assignment)
    teacher = make_teacher(assignment)
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handed_in = handing_in.hand_in(participant, assignment.edition, accepted=True)
    assessment = Assessment.objects.get()
    # The teacher's clock is past the due date (grading open), the participant's before it (may withdraw):
    # the one rule between them is the assessment's row, locked by both.
    due = assignment.due_at

    def withdraw(barrier):
        barrier.wait()
        try:
            handing_in.withdraw(participant, assignment.edition, handed_in.pk, now=BEFORE_DUE)
        except Refused:
            return "refusé"
        return "retirée"

    def grade(barrier):
        barrier.wait()
        data = {"version": "0", "commentaire": "Début de lecture."}
        try:
            grading.save(assessment, teacher, data, now=due.replace(year=due.year + 1))
        except Refused:
            return "refusé"
        return "en cours"

    outcome = together([withdraw, grade])
    assessment.refresh_from_db()
    handed_in.refresh_from_db()
    assert sorted(outcome) in (["en cours", "refusé"], ["refusé", "retirée"])
    if outcome[0] == "retirée":
        assert (assessment.state, assessment.hand_in, handed_in.is_withdrawn) == ("a_evaluer", None, True)
    else:
        assert (assessment.state, assessment.hand_in, handed_in.is_withdrawn) == ("en_cours", handed_in, False)
