"""Rating a session (1 to 5, a comment or not): who may, when, and the one path that writes a rating.

- Who: a participant holding a seat in the session's edition (registration received or confirmed)
  who chose one of its occurrences, or was checked in on a day it ran. Breaks, meals and the welcome
  are not rated.
- When: from the start of the first occurrence they chose or attended, until the edition's last day
  is over. Until then they may change their rating as often as they like: one rating per person and
  session, always. Once the edition is over, its ratings are sealed (appreciations/anonymity.py).
- What: a score from 1 to 5, and a comment of at most COMMENT_MAX_LENGTH characters.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from appreciations.models import COMMENT_MAX_LENGTH, RatingAuthor, RatingSeal, SessionRating
from automne.french import format_date, format_moment
from programme.models import Occurrence, Session

# The messages: lazy, in the language of the page that shows them (the msgids hold U+00A0).
BAD_SCORE = gettext_lazy("Choisissez une note de 1 à 5.")
COMMENT_TOO_LONG = format_lazy(
    gettext_lazy("Le commentaire tient en {count} caractères au plus."), count=COMMENT_MAX_LENGTH
)
NOT_REGISTERED = gettext_lazy("Seules les personnes inscrites à cette édition évaluent ses séances.")
NOT_ATTENDED = gettext_lazy(
    "Vous évaluez les séances que vous avez choisies dans votre programme, ou qui ont eu lieu un jour où "
    "votre présence a été notée : ce n'est pas le cas de celle-ci."
)
NOT_RATED = gettext_lazy("Les pauses, les repas et l'accueil ne s'évaluent pas.")
NOT_YET = gettext_lazy("Vous pourrez évaluer cette séance dès son début, le {moment}.")
CLOSED = gettext_lazy("Les appréciations des séances sont closes : l'école s'est terminée le {date}.")


class Refused(Exception):
    """A rating not taken: `status` (400: the input, 403: not this person or not now) and a message (translated)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class Rateable:
    """A session as one participant may rate it: from when, until when, and their rating if any."""

    session: Session
    opens_at: object
    closes_at: object
    rating: SessionRating | None = None

    def is_open(self, moment):
        return self.opens_at <= moment <= self.closes_at


def _seated(user, edition):
    from inscriptions.models import Registration

    return Registration.objects.filter(user=user, edition=edition, state__in=Registration.SEATED).exists()


def attended_occurrences(user, editions, session=None):
    """The occurrences of `editions` (a list; of one session, if given) that `user` chose or that ran
    on a day they were checked in, breaks and meals left out: 1 query."""
    from inscriptions.models import Registration

    occurrences = Occurrence.objects.filter(time_slot__day__edition__in=editions).exclude(
        session__kind__in=Session.LOGISTICS
    )
    if session is not None:
        occurrences = occurrences.filter(session=session)
    present = Q(
        time_slot__day__attendances__registration__user=user,
        time_slot__day__attendances__registration__state__in=Registration.SEATED,
    )
    return list(
        occurrences.filter(Q(choices__user=user) | present)
        .select_related("session", "time_slot__day")
        .distinct()
        .in_schedule_order()
    )


def rateables(user, editions):
    """{edition id: [Rateable]}: every session of `editions` (those where `user` holds a seat) that they
    may rate at some moment, each with its window and their rating, in the order of the week: 2
    queries at most, whatever the number of editions, sessions or ratings."""
    by_pk = {edition.pk: edition for edition in editions}
    found = {}
    for occurrence in attended_occurrences(user, list(by_pk)) if by_pk else []:
        entry = found.get(occurrence.session_id)
        if entry is None:
            edition = by_pk[occurrence.session.edition_id]
            found[occurrence.session_id] = Rateable(occurrence.session, occurrence.start_datetime(), edition.ends_at())
        else:
            entry.opens_at = min(entry.opens_at, occurrence.start_datetime())
    if found:
        for author in RatingAuthor.objects.filter(user=user, session_id__in=list(found)).select_related("rating"):
            found[author.session_id].rating = author.rating
    grouped = {}
    for entry in found.values():
        grouped.setdefault(entry.session.edition_id, []).append(entry)
    return grouped


def rateable(user, session):
    """The session as `user` may rate it; Refused (403) when they may not, at any moment."""
    if session.is_logistics:
        raise Refused(NOT_RATED, 403)
    if not _seated(user, session.edition):
        raise Refused(NOT_REGISTERED, 403)
    occurrences = attended_occurrences(user, [session.edition_id], session)
    if not occurrences:
        raise Refused(NOT_ATTENDED, 403)
    entry = Rateable(session, min(o.start_datetime() for o in occurrences), session.edition.ends_at())
    author = RatingAuthor.objects.filter(user=user, session=session).select_related("rating").first()
    entry.rating = author.rating if author else None
    return entry


def check_open(entry, moment):
    if moment < entry.opens_at:
        raise Refused(NOT_YET.format(moment=format_moment(entry.opens_at)), 403)
    if moment > entry.closes_at or RatingSeal.objects.filter(edition=entry.session.edition_id).exists():
        raise Refused(CLOSED.format(date=format_date(entry.session.edition.ends_on)), 403)


def clean(score, comment):
    """(score, comment) from the form's text; Refused (400) for a score that is not 1 to 5, a comment too long."""
    score = (score or "").strip()
    if len(score) != 1 or score not in "12345":
        raise Refused(BAD_SCORE)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise Refused(COMMENT_TOO_LONG)
    return int(score), comment


def rate(user, session, score, comment, moment):
    """Writes `user`'s rating of `session` (`score` and `comment` as the form sent them): a new one, or
    their only one changed. Refused, writing nothing, for bad input, another person's session or
    outside the window."""
    score, comment = clean(score, comment)
    entry = rateable(user, session)
    check_open(entry, moment)
    for _ in range(2):  # a second try when the same person's other tab created it meanwhile
        try:
            with transaction.atomic():
                author = (
                    RatingAuthor.objects.select_for_update()
                    .filter(user=user, session=session)
                    .select_related("rating")
                    .first()
                )
                if author:
                    SessionRating.objects.filter(pk=author.rating_id).update(score=score, comment=comment)
                    return author.rating_id
                rating = SessionRating.objects.create(session=session, score=score, comment=comment)
                RatingAuthor.objects.create(rating=rating, user=user, session=session)
                return rating.pk
        except IntegrityError:
            continue
    raise Refused(_("Votre appréciation n'a pas pu être enregistrée. Réessayez."), 409)
