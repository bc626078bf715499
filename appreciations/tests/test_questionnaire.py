"""The questionnaire of an edition: a participant answers once, while it is open; every bad value,
a second answer, an answer out of its time or from someone else is refused in French with nothing
stored."""

import html

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from appreciations import questionnaires
from appreciations.models import Answer, Respondent
from appreciations.tests.conftest import answers, make_questionnaire, moment
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme.tests.factories import make_programme

pytestmark = pytest.mark.django_db
OPEN = moment(25, 10)


def url(edition):
    return reverse("appreciations:questionnaire", kwargs={"edition": edition.slug})


def stored():
    return Respondent.objects.count(), Answer.objects.count()


def text(response):
    return html.unescape(response.content.decode())


def test_a_participant_answers_once_and_is_thanked(client, participant, questionnaire, edition):
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False):
        page = text(client.get(url(edition)))
        assert "Anonyme." in page and "Envoyer mes réponses" in page
        response = client.post(url(edition), answers(questionnaire, text="  Merci pour tout  "))
        assert response["Location"] == url(edition)
        assert "Votre réponse est reçue. Merci\xa0!" in text(client.get(url(edition)))
    scale, single, multiple, free = questionnaire.questions.order_by("order")
    assert sorted(Answer.objects.values_list("question", "number", "options", "text")) == sorted(
        [
            (scale.pk, 4, [], ""),
            (single.pk, 0, [], ""),
            (multiple.pk, None, [0, 2], ""),
            (free.pk, None, [], "Merci pour tout"),
        ]
    )
    assert list(Respondent.objects.values_list("user", flat=True)) == [participant.pk]


def test_optional_questions_may_stay_empty(client, participant, questionnaire, edition):
    client.force_login(participant)
    scale = questionnaire.questions.get(order=0)
    with time_machine.travel(OPEN, tick=False):
        assert client.post(url(edition), {f"q-{scale.pk}": "5"}).status_code == 302
    assert list(Answer.objects.values_list("question", "number")) == [(scale.pk, 5)]


def test_a_second_answer_is_refused(client, participant, questionnaire, edition):
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False):
        client.post(url(edition), answers(questionnaire))
        response = client.post(url(edition), answers(questionnaire, scale="1"))
    assert response.status_code == 409
    assert str(questionnaires.ALREADY) in text(response)
    assert stored() == (1, 4)


BAD = [
    ({"scale": ""}, "Cette question demande une réponse."),
    ({"scale": "0"}, questionnaires.BAD_CHOICE),
    ({"scale": "6"}, questionnaires.BAD_CHOICE),
    ({"scale": "²"}, questionnaires.BAD_CHOICE),
    ({"scale": "4.0"}, questionnaires.BAD_CHOICE),
    ({"single": "3"}, questionnaires.BAD_CHOICE),
    ({"single": "-1"}, questionnaires.BAD_CHOICE),
    ({"single": "99999999999999999999"}, questionnaires.BAD_CHOICE),
    ({"multiple": ("0", "7")}, questionnaires.BAD_CHOICE),
    ({"multiple": ("0",) * 4}, questionnaires.BAD_CHOICE),
    ({"text": "é" * 5001}, questionnaires.TEXT_TOO_LONG),
]


@pytest.mark.parametrize(("values", "message"), BAD)
def test_a_bad_value_is_refused_beside_its_question_and_nothing_is_stored(
    client, participant, questionnaire, edition, values, message
):
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False):
        response = client.post(url(edition), answers(questionnaire, **values))
    assert response.status_code == 400
    page = text(response)
    assert str(message) in page and "1 réponse à revoir\xa0: rien n'a été enregistré." in page
    assert stored() == (0, 0)


@pytest.mark.parametrize("order", [0, 1, 3])
def test_two_values_for_a_question_of_one_answer_are_refused(client, participant, questionnaire, edition, order):
    client.force_login(participant)
    data = answers(questionnaire)
    question = questionnaire.questions.get(order=order)
    data[f"q-{question.pk}"] = ["1", "2"]
    with time_machine.travel(OPEN, tick=False):
        response = client.post(url(edition), data)
    assert response.status_code == 400
    assert str(questionnaires.ONE_ANSWER) in text(response)
    assert stored() == (0, 0)


def test_what_was_answered_is_shown_again_after_a_refusal(client, participant, questionnaire, edition):
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False):
        page = client.post(url(edition), answers(questionnaire, scale="", text="Mon texte gardé")).content.decode()
    multiple = questionnaire.questions.get(order=2)
    assert f'name="q-{multiple.pk}" value="2" checked' in page
    assert "Mon texte gardé</textarea>" in page


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (moment(24, 11), "Le questionnaire ouvrira le vendredi 24 octobre 2025 à 12\xa0h."),
        (
            moment(31, 12),
            "Le questionnaire est fermé depuis le vendredi 31 octobre 2025 à 12\xa0h\xa0: il ne reçoit plus de réponses.",
        ),
    ],
)
def test_before_opening_and_after_closing_nothing_is_taken(client, participant, questionnaire, edition, when, message):
    client.force_login(participant)
    with time_machine.travel(when, tick=False):
        response = client.post(url(edition), answers(questionnaire))
        assert response.status_code == 403
        assert str(message) in text(response)
        page = text(client.get(url(edition)))
    assert ("ouvrira le" if when < questionnaire.opens_at else "est fermé depuis") in page
    assert stored() == (0, 0)


@pytest.mark.parametrize(
    "role",
    [
        "liste d'attente",
        "annulée",
        "autre édition",
        "enseignant·e",
        "organisateur",
        "intervenant·e",
        "sans inscription",
    ],
)
def test_who_holds_no_seat_answers_nothing(client, edition, other_edition, questionnaire, cases, role):
    if role in ("liste d'attente", "annulée"):
        state = Registration.State.WAITING if role == "liste d'attente" else Registration.State.CANCELLED
        user = make_registration(edition, state=state).user
    else:
        user = {
            "autre édition": lambda: make_registration(other_edition).user,
            "enseignant·e": make_teacher,
            "organisateur": make_organizer,
            "intervenant·e": lambda: make_speaker_account(cases[0].session.speakers.first()),
            "sans inscription": make_user,
        }[role]()
    client.force_login(user)
    with time_machine.travel(OPEN, tick=False):
        for response in (client.get(url(edition)), client.post(url(edition), answers(questionnaire))):
            assert response.status_code == 403
            assert str(questionnaires.NOT_REGISTERED) in text(response)
    assert stored() == (0, 0)


def test_an_edition_without_questionnaire_or_unknown_is_404(client, participant, edition):
    client.force_login(participant)
    assert client.get(url(edition)).status_code == 404
    assert client.get("/appreciations/inconnue/questionnaire/").status_code == 404


def test_another_editions_questions_count_for_nothing(client, participant, questionnaire, edition, other_edition):
    theirs = make_questionnaire(other_edition)
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False):
        response = client.post(url(edition), answers(theirs))  # their question ids, not this questionnaire's
    assert response.status_code == 400  # the required question of this one is missing
    assert stored() == (0, 0)


def test_the_questionnaire_page_has_a_constant_query_count(client, participant, edition, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from appreciations.models import Question

    questionnaire = make_questionnaire(edition)
    client.force_login(participant)
    with time_machine.travel(OPEN, tick=False), CaptureQueriesContext(connection) as once:
        client.get(url(edition))
    for n in range(36):
        Question.objects.create(
            questionnaire=questionnaire, order=10 + n, kind="choix_unique", text=f"Q{n}", options="a\nb"
        )
    with time_machine.travel(OPEN, tick=False), django_assert_num_queries(len(once)):
        assert client.get(url(edition)).content.decode().count('class="question') == 40


class AnyFormData(HypothesisTestCase):
    """Whatever a form sends, the answer is a redirection (everything stored) or a refusal (nothing)."""

    def setUp(self):
        self.edition = make_programme()
        self.questionnaire = make_questionnaire(self.edition)
        self.user = make_registration(self.edition).user
        self.questions = list(self.questionnaire.questions.order_by("order"))

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(st.integers(0, 3), st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=8)),
            max_size=8,
        )
    )
    def test_any_values_store_all_or_nothing(self, pairs):
        Respondent.objects.all().delete()
        Answer.objects.all().delete()
        client = Client()
        client.force_login(self.user)
        data = {}
        for index, value in pairs:
            data.setdefault(f"q-{self.questions[index].pk}", []).append(value.replace("\x00", ""))
        with time_machine.travel(OPEN, tick=False):
            response = client.post(url(self.edition), data)
        if response.status_code == 302:
            assert Respondent.objects.count() == 1
            answered = [q for q in self.questions if any(v.strip() for v in data.get(f"q-{q.pk}", []))]
            assert Answer.objects.count() == len(answered)
        else:
            assert response.status_code == 400
            assert (Respondent.objects.count(), Answer.objects.count()) == (0, 0)
