import datetime
import zoneinfo

import pytest
from django.core.cache import cache

from appreciations.models import Question, Questionnaire
from inscriptions.models import Attendance
from inscriptions.tests.factories import make_registration
from programme.models import Choice, Occurrence, Session
from programme.tests.factories import make_edition, make_programme

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


def moment(day, hour, minute=0):
    """A moment of October 2025 in Montréal."""
    return datetime.datetime(2025, 10, day, hour, minute, tzinfo=MONTREAL)


# The phases of the test edition (20–24 October 2025; case studies at 13 h 30 on the 20th and 21st).
BEFORE = moment(20, 8)
DURING = moment(20, 14)
LAST_DAY = moment(24, 17)
AFTER = moment(25, 10)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def edition(db):
    return make_programme()


@pytest.fixture
def other_edition(db):
    return make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    )


@pytest.fixture
def cases(edition):
    """The case studies of the first day, in order."""
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()[:3]
    )


@pytest.fixture
def keynote(edition):
    return (
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.KEYNOTE)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
        .first()
    )


@pytest.fixture
def participant(edition, cases):
    """Holds a seat and chose the first case study of the first day."""
    user = make_registration(edition).user
    Choice.objects.create(user=user, occurrence=cases[0])
    return user


def attend(user, edition, day):
    Attendance.objects.create(registration=user.registrations.get(edition=edition), day=day)


def participants_who_chose(edition, occurrence, count):
    users = []
    for _ in range(count):
        user = make_registration(edition).user
        Choice.objects.create(user=user, occurrence=occurrence)
        users.append(user)
    return users


QUESTIONS = [
    {"kind": Question.Kind.SCALE, "text": "Dans l'ensemble, l'école vous a-t-elle été utile ?", "required": True},
    {"kind": Question.Kind.SINGLE, "text": "Reviendriez-vous ?", "options": "Oui\nNon\nPeut-être"},
    {"kind": Question.Kind.MULTIPLE, "text": "Quelles activités ?", "options": "Conférences\nÉtudes de cas\nAteliers"},
    {"kind": Question.Kind.TEXT, "text": "Un mot pour l'équipe ?"},
]


def make_questionnaire(edition, opens=None, closes=None, reminder=None, questions=QUESTIONS):
    questionnaire = Questionnaire.objects.create(
        edition=edition,
        opens_at=opens or moment(24, 12),
        closes_at=closes or moment(31, 12),
        reminder_at=reminder,
    )
    for order, fields in enumerate(questions):
        Question.objects.create(questionnaire=questionnaire, order=order, **fields)
    return questionnaire


@pytest.fixture
def questionnaire(edition):
    return make_questionnaire(edition)


def answers(questionnaire, scale="4", single="0", multiple=("0", "2"), text="Merci"):
    """The form's data for the questionnaire's four questions."""
    scale_q, single_q, multiple_q, text_q = questionnaire.questions.order_by("order")[:4]
    return {
        f"q-{scale_q.pk}": scale,
        f"q-{single_q.pk}": single,
        f"q-{multiple_q.pk}": list(multiple),
        f"q-{text_q.pk}": text,
    }
