"""How no answer can be traced to its author: what is stored, and what is done to it over time.

What is stored (appreciations/models.py): an answer holds its question and its value; a rating its
session, score and comment. Neither holds a person, a time, or a key that tells the order of writing
(random keys: appreciations/fields.py). Who has answered the questionnaire (Respondent) and whose
rating is whose while it may still change (RatingAuthor) are rows apart.

What the database itself would still tell. A database keeps, beside the rows, traces of the order
and the transaction in which they were written: PostgreSQL writes new rows at the end of its table
files and stamps each with the number of its transaction (the « xmin » column), so that a person
with direct access to the database could pair an answer with the « has answered » row written in
the same transaction. So:

- `mix_answers`: every night (apply_retention: `mix_open`), the answers of each open questionnaire are written
  again, all in one transaction, in a random order, under new random keys: they then share one
  transaction number and their place in the table says nothing.
- `seal_questionnaire`: once a questionnaire closes (within seconds: the mail loop calls `seal_due`), who has answered is deleted (it served only to
  refuse a second answer and to remind), and the answers are mixed one last time. Results are shown
  only then.
- `seal_ratings`: once an edition's last day is over, whose rating is whose is deleted, and the
  ratings are mixed the same way. Results are shown only then.

What remains for a database administrator (the README says it too): PostgreSQL's write-ahead log
and table space not yet reused keep the former rows for a while (until they are recycled); the
nightly backups keep the database as it was for 14 days. Neither is readable through the site.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from appreciations.models import Answer, Questionnaire, RatingAuthor, RatingSeal, Respondent, SessionRating
from programme.models import Edition

ANSWER_FIELDS = ("question_id", "number", "options", "text")
RATING_FIELDS = ("session_id", "score", "comment")


def _rewrite(model, rows, fields):
    """Deletes `rows` (a queryset) and writes them again, shuffled, under new random keys, in one go."""
    values = list(rows.values(*fields))
    secrets.SystemRandom().shuffle(values)
    rows.delete()
    model.objects.bulk_create([model(**row) for row in values], batch_size=500)
    return len(values)


def mix_answers(questionnaire):
    with transaction.atomic():
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
        return _rewrite(Answer, Answer.objects.filter(question__questionnaire=questionnaire), ANSWER_FIELDS)


def seal_questionnaire(questionnaire, moment):
    """After closing: who answered is forgotten, the answers mixed once more. Once only."""
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk, sealed_at__isnull=True).first()
        if locked is None or moment < locked.closes_at:
            return False
        Respondent.objects.filter(questionnaire=locked).delete()
        _rewrite(Answer, Answer.objects.filter(question__questionnaire=locked), ANSWER_FIELDS)
        locked.sealed_at = moment
        locked.save(update_fields=["sealed_at"])
        questionnaire.sealed_at = moment
    return True


def seal_ratings(edition, moment):
    """After the edition's last day: whose rating is whose is forgotten, the ratings mixed. Once only."""
    if not edition.is_over(moment):
        return False
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        if RatingSeal.objects.filter(edition=edition).exists():
            return False
        RatingAuthor.objects.filter(session__edition=edition).delete()
        _rewrite(SessionRating, SessionRating.objects.filter(session__edition=edition), RATING_FIELDS)
        RatingSeal.objects.create(edition=edition, sealed_at=moment)
    return True


def ratings_sealed(edition):
    return RatingSeal.objects.filter(edition=edition).exists()


def seal_due(moment=None):
    """Seals every questionnaire closed and every edition over that is not sealed yet (run by the mail
    loop, automne/mail_queue.py, within seconds of the moment): returns how many of each."""
    moment = moment or timezone.now()
    closed = Questionnaire.objects.filter(sealed_at__isnull=True, closes_at__lte=moment)
    questionnaires = [q for q in closed if seal_questionnaire(q, moment)]
    over = Edition.objects.filter(ends_on__lt=timezone.localdate(moment), rating_seal__isnull=True)
    editions = [e for e in over if seal_ratings(e, moment)]
    return len(questionnaires), len(editions)


def mix_open(moment=None):
    """Mixes the answers of every questionnaire still open that has some (every night: apply_retention)."""
    moment = moment or timezone.now()
    mixed = 0
    for questionnaire in Questionnaire.objects.filter(sealed_at__isnull=True, opens_at__lte=moment):
        if mix_answers(questionnaire):  # how many answers it rewrote
            mixed += 1
    return mixed
