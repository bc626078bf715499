"""Answering the questionnaire of an edition: who may, when, what an answer may hold, and the one
path that writes it.

- Who: a participant holding a seat in the edition (registration received or confirmed), once.
- When: from `opens_at` until `closes_at`.
- What: for each question, a value of its kind (a scale's 1 to 5, one of its options, some of its
  options, a text of at most TEXT_ANSWER_MAX_LENGTH characters); a required question needs one.

The answers and the « has answered » row are written in one transaction: both, or neither. The
answers carry nothing of the person (appreciations/models.py).
"""

import secrets
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appreciations.models import TEXT_ANSWER_MAX_LENGTH, Answer, Question, Questionnaire, Respondent
from automne import clean_input
from automne.french import format_moment

# The messages: lazy, in the language of the page that shows them (the msgids hold U+00A0).
NOT_REGISTERED = gettext_lazy("Seules les personnes inscrites à cette édition répondent à son questionnaire.")
NOT_YET = gettext_lazy("Le questionnaire ouvrira le {moment}.")
CLOSED = gettext_lazy("Le questionnaire est fermé depuis le {moment} : il ne reçoit plus de réponses.")
ALREADY = gettext_lazy("Vous avez déjà répondu à ce questionnaire : une seule réponse par personne. Merci!")
REQUIRED = gettext_lazy("Cette question demande une réponse.")
BAD_CHOICE = gettext_lazy("Choisissez parmi les réponses proposées.")
ONE_ANSWER = gettext_lazy("Une seule réponse à cette question.")
TEXT_TOO_LONG = format_lazy(
    gettext_lazy("Cette réponse tient en {count} caractères au plus."), count=TEXT_ANSWER_MAX_LENGTH
)
NO_QUESTIONNAIRE = "Cette édition n'a pas de questionnaire."  # a 404's reason, for developers


class Refused(Exception):
    """No answer taken: `status` (400 the input, 403 not this person or not now, 409 already answered),
    a message (translated), and for bad input the message of each question concerned."""

    def __init__(self, message, status=400, errors=None):
        super().__init__(message)
        self.message, self.status, self.errors = message, status, errors or {}


@dataclass
class Status:
    """What a participant sees of a questionnaire now."""

    questionnaire: Questionnaire
    phase: str  # "a_venir", "ouvert", "ferme"
    may_answer: bool = False  # holds a seat in the edition
    answered: bool = False
    errors: dict = field(default_factory=dict)


def field_name(question):
    return f"q-{question.pk}"


def _seated(user, edition):
    from inscriptions.models import Registration

    return Registration.objects.filter(user=user, edition=edition, state__in=Registration.SEATED).exists()


def phase(questionnaire, moment):
    if moment < questionnaire.opens_at:
        return "a_venir"
    return "ouvert" if questionnaire.is_open(moment) else "ferme"


def status(user, questionnaire, moment):
    """2 queries for a participant."""
    entry = Status(questionnaire, phase(questionnaire, moment))
    if user.is_authenticated:
        entry.may_answer = _seated(user, questionnaire.edition)
        entry.answered = Respondent.objects.filter(questionnaire=questionnaire, user=user).exists()
    return entry


def statuses(user, editions, moment):
    """The Status of the questionnaire of each of `editions` that has one, for a participant holding a
    seat in each: 2 queries at most."""
    by_pk = {edition.pk: edition for edition in editions}
    found = list(Questionnaire.objects.filter(edition__in=list(by_pk)))
    if not found:
        return []
    answered = set(
        Respondent.objects.filter(user=user, questionnaire__in=found).values_list("questionnaire_id", flat=True)
    )
    result = []
    for questionnaire in found:
        questionnaire.edition = by_pk[questionnaire.edition_id]
        result.append(Status(questionnaire, phase(questionnaire, moment), True, questionnaire.pk in answered))
    return result


def check_may_answer(user, questionnaire, moment):
    if not _seated(user, questionnaire.edition):
        raise Refused(NOT_REGISTERED, 403)
    if moment < questionnaire.opens_at:
        raise Refused(NOT_YET.format(moment=format_moment(questionnaire.opens_at)), 403)
    if not questionnaire.is_open(moment) or questionnaire.sealed_at:
        raise Refused(CLOSED.format(moment=format_moment(questionnaire.closes_at)), 403)
    if Respondent.objects.filter(questionnaire=questionnaire, user=user).exists():
        raise Refused(ALREADY, 409)


def _index(value, count):
    """An option's index from the form ("0" … "count - 1"), else None."""
    index = clean_input.parse_id(value.strip())
    return index if index is not None and index < count else None


def parse_one(question, values):
    """The unsaved Answer of `question` from its form values (a list of strings), None for no answer;
    ValueError with a (translated) message for a value the question does not take."""
    if question.kind == Question.Kind.TEXT:
        if len(values) > 1:
            raise ValueError(ONE_ANSWER)
        text = (values[0] if values else "").strip()
        if len(text) > TEXT_ANSWER_MAX_LENGTH:
            raise ValueError(TEXT_TOO_LONG)
        return Answer(question=question, text=text) if text else None
    values = [v for v in values if v.strip()]
    if not values:
        return None
    if question.kind == Question.Kind.MULTIPLE:
        count = len(question.option_list)
        chosen = [_index(v, count) for v in values]
        if None in chosen or len(chosen) > count:
            raise ValueError(BAD_CHOICE)
        return Answer(question=question, options=sorted(set(chosen)))
    if len(values) != 1:
        raise ValueError(ONE_ANSWER)
    if question.kind == Question.Kind.SCALE:
        number = _index(values[0], 6)
        if number is None or number < 1:
            raise ValueError(BAD_CHOICE)
        return Answer(question=question, number=number)
    number = _index(values[0], len(question.option_list))
    if number is None:
        raise ValueError(BAD_CHOICE)
    return Answer(question=question, number=number)


def parse(questions, data):
    """The unsaved answers to `questions` from `data` (a QueryDict); Refused (400) with each question's
    message when any value is refused or a required question has none."""
    answers, errors = [], {}
    for question in questions:
        try:
            answer = parse_one(question, data.getlist(field_name(question)))
        except ValueError as error:
            errors[question.pk] = str(error)
            continue
        if answer is None and question.required:
            errors[question.pk] = REQUIRED
        elif answer is not None:
            answers.append(answer)
    if errors:
        count = len(errors)
        # French says « 1 réponse », and so the choice stays here (0 is never the case).
        message = (
            _("%(count)s réponses à revoir : rien n'a été enregistré.")
            if count > 1
            else _("%(count)s réponse à revoir : rien n'a été enregistré.")
        )
        raise Refused(message % {"count": count}, errors=errors)
    return answers


def submit(user, questionnaire, data, moment):
    """Writes `user`'s answers (`data`, the form's QueryDict) and that they have answered, together;
    Refused, writing nothing, otherwise. Returns the number of answers written."""
    check_may_answer(user, questionnaire, moment)
    answers = parse(list(questionnaire.questions.all()), data)
    secrets.SystemRandom().shuffle(answers)  # nothing of the form's order in the order the rows are written
    try:
        with transaction.atomic():
            Respondent.objects.create(questionnaire=questionnaire, user=user)
            Answer.objects.bulk_create(answers)
    except IntegrityError as error:  # answered meanwhile, in another tab
        raise Refused(ALREADY, 409) from error
    return len(answers)
