"""Evaluations reached in any order (Hypothesis stateful test): participants rate and change their
ratings, answer the questionnaire (twice, sometimes), delete their account; the nightly mix runs;
the edition ends and is sealed. Whatever the order:

- one rating per person and session, and while not sealed exactly one author row per rating;
- once sealed, no author row and no « has answered » row left, and nothing can be added;
- every accepted submission is one « has answered » row and its answers, every refused one nothing;
- mixing and sealing keep the answers and ratings as they were, under other keys.
"""

from collections import Counter

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from appreciations import anonymity, ratings
from appreciations.models import Answer, RatingAuthor, Respondent, SessionRating
from appreciations.tests.conftest import make_questionnaire, moment
from inscriptions.tests.factories import make_registration
from programme.models import Choice, Occurrence, Session
from programme.tests.factories import make_edition, make_programme

DURING = moment(21, 16)
OPEN = moment(24, 14)


class Evaluations(RuleBasedStateMachine):
    @initialize()
    def school(self):
        # Each run has its own edition (not the current one): runs share the test's database.
        self.edition = make_programme(make_edition(is_current=False))
        self.questionnaire = make_questionnaire(self.edition)
        self.occurrences = list(
            Occurrence.objects.filter(time_slot__day__edition=self.edition, session__kind=Session.Kind.CASE_STUDY)[:2]
        )
        self.people = []
        for _ in range(3):
            user = make_registration(self.edition).user
            for occurrence in self.occurrences:
                Choice.objects.create(user=user, occurrence=occurrence)
            self.people.append(user)
        self.deleted = set()
        self.sealed = False
        self.expected_ratings = {}  # (user, session) → (score, comment)
        self.answered = set()
        self.expected_answers = Counter()  # (question, number, text)
        self.ratings_at_seal = None

    def alive(self, index):
        """The participant `index`, or None once their account is deleted."""
        return None if index in self.deleted else self.people[index]

    @rule(index=st.integers(0, 2), which=st.integers(0, 1), score=st.sampled_from(["1", "3", "5", "0", "x"]))
    def rate(self, index, which, score):
        user = self.alive(index)
        if user is None:
            return
        session = self.occurrences[which].session
        when = moment(25, 10) if self.sealed else DURING
        try:
            ratings.rate(user, session, score, f"avis {score}", when)
        except ratings.Refused:
            assert self.sealed or score in ("0", "x")
        else:
            assert not self.sealed and score in ("1", "3", "5")
            self.expected_ratings[(user.pk, session.pk)] = (int(score), f"avis {score}")

    @rule(index=st.integers(0, 2), scale=st.sampled_from(["2", "4", "9"]))
    def answer(self, index, scale):
        user = self.alive(index)
        if user is None:
            return
        client = Client()
        client.force_login(user)
        question = self.questionnaire.questions.get(order=0)
        from time_machine import travel

        with travel(moment(31, 13) if self.sealed else OPEN, tick=False):
            response = client.post(f"/appreciations/{self.edition.slug}/questionnaire/", {f"q-{question.pk}": scale})
        if response.status_code == 302:
            assert user.pk not in self.answered and scale != "9" and not self.sealed
            self.answered.add(user.pk)
            self.expected_answers[(question.pk, int(scale), "")] += 1
        else:
            assert user.pk in self.answered or scale == "9" or self.sealed

    @rule(index=st.integers(0, 2))
    def delete_account(self, index):
        user = self.alive(index)
        if user is None:
            return
        pk = user.pk
        user.delete()  # sets user.pk to None
        self.deleted.add(index)
        self.answered.discard(pk)  # their « has answered » row goes; their answers stay, nobody's
        if not self.sealed:
            self.expected_ratings = {k: v for k, v in self.expected_ratings.items() if k[0] != pk}

    @rule()
    def nightly_mix(self):
        anonymity.mix_answers(self.questionnaire)

    @rule()
    def seal(self):
        anonymity.seal_ratings(self.edition, moment(25, 1))
        anonymity.seal_questionnaire(self.questionnaire, moment(31, 12))
        if not self.sealed:
            self.ratings_at_seal = Counter((s, score, c) for (_, s), (score, c) in self.expected_ratings.items())
        self.sealed = True
        self.answered = set()

    @invariant()
    def one_rating_per_person_and_session(self):
        if not hasattr(self, "edition"):
            return
        stored = SessionRating.objects.filter(session__edition=self.edition)
        authors = RatingAuthor.objects.filter(session__edition=self.edition).select_related("rating")
        if self.sealed:
            assert authors.count() == 0
            assert Counter(stored.values_list("session_id", "score", "comment")) == self.ratings_at_seal
        else:
            assert {
                (a.user_id, a.session_id): (a.rating.score, a.rating.comment) for a in authors
            } == self.expected_ratings
            assert stored.count() == len(self.expected_ratings)

    @invariant()
    def answers_all_or_nothing(self):
        if not hasattr(self, "edition"):
            return
        respondents = Respondent.objects.filter(questionnaire=self.questionnaire)
        assert set(respondents.values_list("user_id", flat=True)) == self.answered
        answers = Answer.objects.filter(question__questionnaire=self.questionnaire)
        assert Counter(answers.values_list("question_id", "number", "text")) == self.expected_answers


@pytest.mark.django_db
def test_evaluations_keep_their_invariants_in_any_order():
    run_state_machine_as_test(
        Evaluations,
        settings=settings(max_examples=25, stateful_step_count=12, suppress_health_check=[HealthCheck.too_slow]),
    )
