"""The evaluations in English (issue 24): rating a session, the feedback form, the results and their
.xlsx, the reminder e-mail; the French stays as it was."""

import io

import pytest
import time_machine
from django.core import mail
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from appreciations import questionnaires, ratings, reminders, results
from appreciations.tests.conftest import AFTER, DURING, make_questionnaire, moment, participants_who_chose
from appreciations.tests.conftest import answers as answers_of
from inscriptions.tests.factories import make_registration, make_user
from intervenants.tests import english
from intervenants.tests.factories import make_organizer

pytestmark = pytest.mark.django_db
OPEN = moment(25, 10)
CLOSED = moment(31, 13)


@pytest.fixture(autouse=True)
def french_afterwards():
    """LocaleMiddleware leaves the language of the last request active in the thread: back to French."""
    yield
    translation.deactivate()


def rate_url(session):
    return reverse("appreciations:rate", kwargs={"edition": session.edition.slug, "slug": session.slug})


@pytest.fixture
def rated(edition, cases):
    """The first case study rated by 6 participants: 5, 4, 4, 3, 5, 1 (mean 22/6 ≈ 3.7)."""
    with time_machine.travel(DURING, tick=False):
        for user, score in zip(participants_who_chose(edition, cases[0], 6), [5, 4, 4, 3, 5, 1], strict=True):
            ratings.rate(user, cases[0].session, str(score), "", DURING)
    return cases


def test_rating_a_session_in_english(client, participant, cases):
    client.force_login(participant)
    session = cases[0].session
    with time_machine.travel(DURING, tick=False):
        page = english.text(english.get(client, rate_url(session)))
        assert "<h1>Rate the session</h1>" in page
        assert '<legend>Your rating <span class="muted">(required)</span></legend>' in page
        assert '<input type="radio" name="note" value="1" required> 1 — Very dissatisfied</label>' in page
        assert '<input type="radio" name="note" value="5" required> 5 — Very satisfied</label>' in page
        assert 'Comment <span class="muted">(optional)</span></label>' in page
        assert "At most 2000 characters. What was useful, what was missing: please don’t write your name in it." in page
        assert '<button type="submit">Send my feedback</button>' in page
        response = english.post(client, rate_url(session), {"note": "9", "commentaire": ""})
        assert response.status_code == 400
        assert "Choose a rating from 1 to 5." in english.text(response)
        response = english.post(client, rate_url(session), {"note": "4", "commentaire": ""}, follow=True)
        page = english.text(response)
    assert f"Thank you! Your feedback on “{session.title}” has been saved." in page
    assert "your rating: 4 out of 5" in page


def test_rating_a_session_in_french_is_unchanged(client, participant, cases):
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        page = english.text(client.get(rate_url(cases[0].session)))
    assert "<h1>Évaluer la séance</h1>" in page
    assert '<input type="radio" name="note" value="1" required> 1 — Très insatisfait·e</label>' in page
    assert '<button type="submit">Envoyer mon appréciation</button>' in page


def test_the_feedback_form_in_english(client, participant, questionnaire, edition):
    client.force_login(participant)
    url = reverse("appreciations:questionnaire", kwargs={"edition": edition.slug})
    with time_machine.travel(OPEN, tick=False):
        page = english.text(english.get(client, url))
        assert "<p><strong>Anonymous.</strong> Your answers are saved without your name" in page
        assert '<span class="muted">(required)</span>' in page
        assert '<button type="submit">Send my answers</button>' in page
        response = english.post(client, url, answers_of(questionnaire, single="7"))
        assert response.status_code == 400
        page = english.text(response)
        assert "1 answer needs another look: nothing was saved." in page
        assert "Choose from the answers offered." in page
        response = english.post(client, url, answers_of(questionnaire), follow=True)
    assert "Your answers have been received. Thank you! They are kept without your name" in english.text(response)


def test_the_count_of_answers_to_review_in_english_and_in_french(questionnaire):
    data = QueryDict(mutable=True)
    for name, value in answers_of(questionnaire, scale="9", single="7").items():
        data.setlist(name, value if isinstance(value, list) else [value])
    questions = list(questionnaire.questions.all())
    with translation.override("en"), pytest.raises(questionnaires.Refused) as refused:
        questionnaires.parse(questions, data)
    assert refused.value.message == "2 answers need another look: nothing was saved."
    assert set(map(str, refused.value.errors.values())) == {"Choose from the answers offered."}
    with pytest.raises(questionnaires.Refused) as refused:
        questionnaires.parse(questions, data)
    assert refused.value.message == "2 réponses à revoir\xa0: rien n'a été enregistré."


def test_the_results_in_english(client, rated, edition):
    client.force_login(make_organizer())
    session = rated[0].session
    with time_machine.travel(DURING, tick=False):
        page = english.text(english.get(client, reverse("appreciations:results", kwargs={"edition": edition.slug})))
        assert "<h1>Feedback results</h1>" in page
        assert "6 ratings received so far. The results will be available the day after the school’s last day" in page
    with time_machine.travel(AFTER, tick=False):
        url = reverse("appreciations:session_results", kwargs={"edition": edition.slug, "slug": session.slug})
        page = english.text(english.get(client, url))
    assert "<h1>Session feedback</h1>" in page
    assert '<p class="result-mean"><strong>3.7</strong> out of 5 on average, 6 ratings.</p>' in page
    assert "<caption>Ratings given, from 1 to 5</caption>" in page
    assert '<th scope="col">Answer</th><th scope="col" class="number">Count</th>' in page
    assert '<th scope="col" class="number">Share</th>' in page
    assert '<th scope="row">1 (lowest)</th><td class="number">1</td><td class="number">17%</td>' in page
    assert "<h2>Comments</h2>" in page and "<p>No comments.</p>" in page


def test_the_xlsx_in_english(client, rated, edition):
    make_questionnaire(edition)
    client.force_login(make_organizer())
    with time_machine.travel(CLOSED, tick=False):
        response = english.get(client, f"/appreciations/{edition.slug}/resultats.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Sessions", "Session comments", "Feedback form", "Free-text answers"]
    rows = list(book["Sessions"].values)
    assert rows[0] == ("Session", "Answers", "Average", "Rating 1", "Rating 2", "Rating 3", "Rating 4", "Rating 5")
    assert list(book["Feedback form"].values)[0] == ("Question", "Type", "Answers", "Average", "Answer", "Count")
    assert (rated[0].session.title, 6, 3.67, 1, 0, 1, 2, 2) in rows


def test_the_reminder_in_english(edition):
    make_questionnaire(edition, reminder=moment(28, 9))
    registration = make_registration(edition, make_user(language="en"))
    french = make_registration(edition)
    assert reminders.send_due(moment(28, 9)) == 2  # each in its person's language, from the same run
    message, to_french = sorted(mail.outbox, key=lambda sent: sent.to != [registration.email])
    assert to_french.subject.startswith("Rappel")
    assert to_french.to == [french.email]
    assert message.subject == "Reminder: end-of-school feedback form — École de test"
    assert message.body.startswith(
        f"Hello {registration.first_name},\n\nThe end-of-school feedback form for “École de test” is open until "
    )
    assert ", and we have not received your answers yet. It takes a few minutes:\n\nhttp://127.0.0.1:8000/en/" in (
        message.body
    )
    assert (
        "\n\nYour answers are saved without your name or any link to your account: no one, not even the organizers, "
        "can know what you answered. This email is the only reminder.\n\nThe “École de test” team\n\n"
    ) in message.body


def test_the_score_labels_and_means_in_french_are_unchanged():
    assert [str(label) for label in results.SCORE_LABELS.values()] == [
        "1 (le plus bas)",
        "2",
        "3",
        "4",
        "5 (le plus haut)",
    ]
    assert results.mean_label(22 / 6) == "3,7"
    with translation.override("en"):
        assert results.mean_label(22 / 6) == "3.7"
