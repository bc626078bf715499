"""What of the evaluations carries over to the next edition (automne/next_edition.py): the
questionnaire and its questions, with its opening, closing and reminder moved by as many days as the
edition is; never an answer."""

from django.utils import timezone

from appreciations.models import Question, Questionnaire


def _moved(moment, shift):
    """The same time of day, `shift` days later, in Montréal (not 24-hour days: a summer time change
    in between leaves « 9 h » at 9 h)."""
    return timezone.make_aware(timezone.localtime(moment).replace(tzinfo=None) + shift) if moment else None


def copy_to_next_edition(source, edition):
    questionnaire = Questionnaire.objects.filter(edition=source).first()
    if questionnaire is None:
        return None
    shift = edition.starts_on - source.starts_on
    copy = Questionnaire.objects.create(
        edition=edition,
        title=questionnaire.title,
        introduction=questionnaire.introduction,
        opens_at=_moved(questionnaire.opens_at, shift),
        closes_at=_moved(questionnaire.closes_at, shift),
        reminder_at=_moved(questionnaire.reminder_at, shift),
    )
    Question.objects.bulk_create(
        [
            Question(
                questionnaire=copy,
                order=question.order,
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                required=question.required,
                options=question.options,
                low_label=question.low_label,
                high_label=question.high_label,
            )
            for question in questionnaire.questions.all()
        ]
    )
    return copy
