"""Nothing out of turn: a Hypothesis state machine drives two participants and two teachers through every
order of hand-ins, withdrawals, extensions, the clock, saves (fresh or stale, complete or not), second readings,
readiness, publication one by one or all at once, and changes after publication. A model says what each step
may do; the domain must do exactly that (a refused step changes nothing, an allowed one is never refused),
and the invariants hold after every step.

The PDF of a hand-in is replaced by a few bytes here (its rendering is tested in test_pdf.py): the machine
makes hundreds of hand-ins, and what it checks is the states."""

import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from remises import grading, handing_in, snapshot
from remises.handing_in import Refused
from remises.models import Assessment, Extension, HandIn, Publication
from remises.tests.factories import make_assignment, make_participant, make_teacher, rubric_data, write

State = Assessment.State
HOUR = datetime.timedelta(hours=1)
# Every step first lets the clock move (mostly not, or to the moments that matter), then acts.
WAIT = st.sampled_from(["", "", "", "", "une heure", "un jour", "veille de la date", "après la date"])
REACHED = Counter()  # the steps that went through, over the whole run: the machine must reach every one


@dataclass
class Expected:
    """What the model knows of one participant."""

    hand_ins: int = 0
    active: bool = False
    state: str = State.TO_GRADE
    has_assessment: bool = False
    extension: datetime.datetime = None
    extensions: int = 0
    complete: bool = False
    second_reader: bool = False
    second_read: bool = False
    publications: int = 0
    withdrawn: list = field(default_factory=list)


def rows(participant):
    """Everything of `participant` the rules write: compared before and after a refused step."""
    return (
        list(HandIn.objects.filter(participant=participant).values_list("pk", "withdrawn_at", "number")),
        list(
            Assessment.objects.filter(participant=participant).values_list(
                "state", "version", "hand_in", "grade", "feedback", "second_reader", "second_read_at", "change_reason"
            )
        ),
        Publication.objects.filter(assessment__participant=participant).count(),
        list(Extension.objects.filter(participant=participant).values_list("pk", "until")),
    )


class HandInMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self):
        self.assignment = make_assignment()
        self.edition = self.assignment.edition
        self.first = make_teacher(self.assignment)
        self.second = make_teacher(self.assignment)
        self.people = [make_participant(self.assignment) for _ in range(2)]
        for person in self.people:
            write(person, self.edition)
        self.model = {person.pk: Expected() for person in self.people}
        self.now = self.edition.starts_at() + HOUR

    # Preconditions: the walk spends its steps where something can happen.
    def some_assessment(self):
        return any(expected.has_assessment for expected in self.model.values())

    def few_extensions(self):
        return sum(expected.extensions for expected in self.model.values()) < 3

    def assessed(self, who):
        """Participant `who`, or the other when `who` has no assessment yet (the precondition says one has)."""
        person = self.people[who]
        if not self.model[person.pk].has_assessment:
            person = self.people[1 - who]
        return person, self.model[person.pk]

    # The model's rules -------------------------------------------------------------------------------------

    def due(self, person):
        return self.model[person.pk].extension or self.assignment.due_at

    def cutoff(self, person):
        return max(self.assignment.cutoff_at, self.due(person))

    def assessment(self, person):
        return Assessment.objects.get(assignment=self.assignment, participant=person)

    def attempt(self, person, allowed, action, step):
        """Runs `action`: it must succeed exactly when the model allows it; a refusal changes nothing."""
        before = rows(person)
        try:
            result = action()
        except Refused:
            assert not allowed, "refusé alors que le modèle le permet"
            assert rows(person) == before
            REACHED[f"{step} refusé"] += 1
            return False
        assert allowed, "accepté alors que le modèle le refuse"
        REACHED[step] += 1
        return result if result is not None else True

    # Steps -------------------------------------------------------------------------------------------------

    def wait(self, to):
        """The clock only moves forward: by an hour, a day, or to a moment that matters for the edition."""
        targets = {
            "": self.now,
            "une heure": self.now + HOUR,
            "un jour": self.now + 24 * HOUR,
            "veille de la date": min(self.due(person) for person in self.people) - 20 * HOUR,
            "après la date": max(self.due(person) for person in self.people) + HOUR,
            "après la limite": max(self.cutoff(person) for person in self.people) + HOUR,
        }
        self.now = max(self.now, targets[to])

    @rule()
    def close(self):
        """Past every cut-off: from then on, nothing is handed in."""
        self.wait("après la limite")

    @rule(who=st.integers(0, 1), wait=WAIT)
    def hand_in(self, who, wait):
        self.wait(wait)
        person, expected = self.people[who], self.model[self.people[who].pk]
        allowed = not expected.active and self.now <= self.cutoff(person)
        done = self.attempt(
            person, allowed, lambda: handing_in.hand_in(person, self.edition, accepted=True, now=self.now), "remise"
        )
        if done:
            assert done.is_late == (self.now > self.due(person))
            REACHED["remise en retard" if done.is_late else "remise à temps"] += 1
            expected.hand_ins += 1
            expected.active = True
            expected.has_assessment = True

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), wait=WAIT)
    def withdraw(self, who, wait):
        self.wait(wait)
        person, expected = self.people[who], self.model[self.people[who].pk]
        active = HandIn.objects.active().filter(participant=person).first()
        target = active.pk if active else 0
        allowed = expected.active and self.now <= self.due(person) and expected.state == State.TO_GRADE
        if self.attempt(
            person, allowed, lambda: handing_in.withdraw(person, self.edition, target, now=self.now), "retrait"
        ):
            expected.active = False
            expected.withdrawn.append(target)

    @precondition(few_extensions)
    @rule(who=st.integers(0, 1), days=st.sampled_from([1, 3, 10]), wait=WAIT)
    def extend(self, who, days, wait):
        self.wait(wait)
        person, expected = self.people[who], self.model[self.people[who].pk]
        until = self.assignment.due_at + days * datetime.timedelta(days=1)
        allowed = until > self.now
        if self.attempt(
            person,
            allowed,
            lambda: handing_in.grant_extension(
                self.assignment, person.pk, until=until, reason="Motif", by=self.first, now=self.now
            ),
            "prolongation",
        ):
            expected.extension = until
        expected.extensions += 1

    @precondition(some_assessment)
    # Mostly fresh, complete saves by the first reader: the walk then goes on to readiness and publication.
    @rule(
        who=st.integers(0, 1),
        by_second=st.sampled_from([False, False, True]),
        complete=st.sampled_from([True, True, True, False]),
        stale=st.sampled_from([False, False, False, True]),
        wait=WAIT,
    )
    def save(self, who, by_second, complete, stale, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        assessment = self.assessment(person)
        levels = ("Excellent", "Satisfaisant") if complete else ("Excellent",)
        stale = stale and assessment.version > 0
        data = rubric_data(assessment, levels, version=assessment.version - 1 if stale else assessment.version)
        teacher = self.second if by_second else self.first
        editable = expected.state in (State.TO_GRADE, State.IN_PROGRESS)
        open_ = expected.active and self.now > self.due(person)
        allowed = editable and open_ and not stale
        before = rows(person)
        try:
            grading.save(assessment, teacher, data, now=self.now)
        except grading.Conflict:
            assert editable and open_ and stale
            assert rows(person) == before
            REACHED["conflit 409"] += 1
            return
        except Refused:
            assert not allowed
            assert rows(person) == before
            return
        assert allowed
        REACHED["enregistrée"] += 1
        expected.state, expected.complete = State.IN_PROGRESS, complete
        if not (by_second and expected.second_reader):
            expected.second_read = False

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), assign=st.sampled_from([False, True, True]), wait=WAIT)
    def readers(self, who, assign, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        assessment = self.assessment(person)
        second = str(self.second.pk) if assign else ""
        allowed = expected.state in (State.TO_GRADE, State.IN_PROGRESS)
        done = self.attempt(
            person,
            allowed,
            lambda: grading.assign_readers(
                assessment, [self.first, self.second], str(self.first.pk), second, self.first
            ),
            "lecteurs",
        )
        if done:
            if expected.second_reader != assign:
                expected.second_read = False
            expected.second_reader = assign

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), by_second=st.booleans(), wait=WAIT)
    def second_reading(self, who, by_second, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        assessment = self.assessment(person)
        by = self.second if by_second else self.first
        allowed = expected.second_reader and by_second and expected.state == State.IN_PROGRESS
        if self.attempt(
            person, allowed, lambda: grading.confirm_second_reading(assessment, by, now=self.now), "deuxième lecture"
        ):
            expected.second_read = True

    def ready_enough(self, expected):
        return expected.active and expected.complete and (not expected.second_reader or expected.second_read)

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), wait=WAIT)
    def mark_ready(self, who, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        allowed = expected.state == State.IN_PROGRESS and self.ready_enough(expected)
        if self.attempt(
            person, allowed, lambda: grading.mark_ready(self.assessment(person), self.first, now=self.now), "prête"
        ):
            expected.state = State.READY

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), wait=WAIT)
    def resume(self, who, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        allowed = expected.state == State.READY
        if self.attempt(
            person, allowed, lambda: grading.resume(self.assessment(person), self.first, now=self.now), "reprise"
        ):
            expected.state = State.IN_PROGRESS

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), wait=WAIT)
    def publish(self, who, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        allowed = expected.state == State.READY
        if self.attempt(
            person, allowed, lambda: grading.publish(self.assessment(person), self.first, now=self.now), "publiée"
        ):
            expected.state, expected.publications = State.PUBLISHED, expected.publications + 1

    @rule(wait=WAIT)
    def publish_all(self, wait):
        self.wait(wait)
        ready = [person for person in self.people if self.model[person.pk].state == State.READY]
        try:
            outcome = grading.publish_ready(self.assignment, self.first, now=self.now)
        except Refused:
            assert ready == []
            return
        assert sorted(p.assessment.participant_id for p in outcome.done) == sorted(p.pk for p in ready)
        assert outcome.left == []
        REACHED["toutes publiées"] += 1
        for person in ready:
            expected = self.model[person.pk]
            expected.state, expected.publications = State.PUBLISHED, expected.publications + 1

    @precondition(some_assessment)
    @rule(who=st.integers(0, 1), reason=st.sampled_from(["Erreur de calcul", "Erreur de calcul", ""]), wait=WAIT)
    def reopen(self, who, reason, wait):
        self.wait(wait)
        person, expected = self.assessed(who)
        allowed = expected.state == State.PUBLISHED and bool(reason)
        if self.attempt(
            person,
            allowed,
            lambda: grading.reopen(self.assessment(person), self.first, reason, now=self.now),
            "modifiée",
        ):
            expected.state = State.IN_PROGRESS  # its levels, feedback and readings stay as published

    # Invariants --------------------------------------------------------------------------------------------

    @invariant()
    def the_database_agrees_with_the_model(self):
        if not hasattr(self, "model"):
            return
        for person in self.people:
            expected = self.model[person.pk]
            hand_ins = list(HandIn.objects.filter(participant=person).order_by("number"))
            active = [h for h in hand_ins if h.withdrawn_at is None]
            assert [h.number for h in hand_ins] == list(range(1, expected.hand_ins + 1))
            assert len(active) == (1 if expected.active else 0)
            assert all(h.sha256 == hashlib.sha256(bytes(h.pdf)).hexdigest() for h in hand_ins)
            assert all(h.is_late == (h.handed_in_at > h.due_at) for h in hand_ins)
            assessment = Assessment.objects.filter(participant=person).first()
            assert (assessment is not None) == expected.has_assessment
            if assessment is None:
                continue
            assert assessment.state == expected.state
            assert assessment.hand_in_id == (active[0].pk if active else None)
            assert Publication.objects.filter(assessment=assessment).count() == expected.publications
            if assessment.state in (State.READY, State.PUBLISHED):
                assert grading.missing(assessment) == []
            if expected.publications:
                newest = Publication.objects.filter(assessment=assessment).last()
                assert newest.grade == "B" and newest.hand_in_id is not None


# A walk through every transition, each step checked against the model and the invariants as the random
# walks are: whatever those happen to reach on a given run, each rule is known to be exercised.
SCRIPT = [
    ("hand_in", {"who": 0}),
    ("hand_in", {"who": 0}),  # twice: refused
    ("withdraw", {"who": 0}),
    ("hand_in", {"who": 0}),
    ("extend", {"who": 1, "days": 3}),
    ("readers", {"who": 0, "assign": True}),
    ("save", {"who": 0, "by_second": False, "complete": True, "stale": False, "wait": "après la date"}),
    ("withdraw", {"who": 0}),  # past the due date: refused
    ("save", {"who": 0, "by_second": True, "complete": True, "stale": True}),  # a stale form: 409
    ("mark_ready", {"who": 0}),  # no second reading yet: refused
    ("second_reading", {"who": 0, "by_second": True}),
    ("publish", {"who": 0}),  # not ready: refused
    ("mark_ready", {"who": 0}),
    ("resume", {"who": 0}),
    ("mark_ready", {"who": 0}),
    ("publish", {"who": 0}),
    ("reopen", {"who": 0, "reason": ""}),  # no reason: refused
    ("reopen", {"who": 0, "reason": "Erreur de calcul"}),
    ("mark_ready", {"who": 0}),
    ("publish_all", {}),
    ("hand_in", {"who": 1}),  # past everyone's due date (the clock jumped past the extension), before the cut-off
    ("close", {}),
    ("hand_in", {"who": 1}),  # refused: already handed in
]
EVERY_STEP = {
    "remise à temps",
    "remise en retard",
    "remise refusé",
    "retrait",
    "retrait refusé",
    "prolongation",
    "lecteurs",
    "enregistrée",
    "conflit 409",
    "prête",
    "prête refusé",
    "deuxième lecture",
    "reprise",
    "publiée",
    "publiée refusé",
    "modifiée",
    "modifiée refusé",
    "toutes publiées",
}


@pytest.fixture
def stand_in_pdf(monkeypatch):
    monkeypatch.setattr(snapshot, "render_pdf", lambda cahier, **kwargs: b"%PDF-1.7 stand-in")


@pytest.mark.django_db
def test_hand_ins_and_assessments_never_move_out_of_turn(stand_in_pdf):
    run_state_machine_as_test(HandInMachine, settings=settings(max_examples=60, stateful_step_count=50, deadline=None))


@pytest.mark.django_db
def test_every_transition_is_walked_against_the_model(stand_in_pdf):
    REACHED.clear()
    machine = HandInMachine()
    machine.setup()
    for name, arguments in SCRIPT:
        step = getattr(machine, name)
        step(**arguments) if name == "close" else step(**({"wait": ""} | arguments))
        machine.the_database_agrees_with_the_model()
    assert EVERY_STEP - set(REACHED) == set(), dict(REACHED)
    assert (REACHED["publiée"], REACHED["toutes publiées"], REACHED["remise à temps"]) == (1, 1, 2)
