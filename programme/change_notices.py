"""Telling participants that a session they chose changed time, room, or was cancelled: one e-mail
per batch of changes.

An organizer's save records (when programme/change_effects.py says a change is told), once its
transaction has committed (`transaction.on_commit`, robust: a failure is logged, never the
organizer's), one ChangeNotice per person told (`told`): who chose the occurrence, and every account
speaking in its session (intervenants/accounts.py), once each; a refused save records nothing.
`send_due()` (run by the mail loop, automne/mail_queue.py, and by
`manage.py send_change_notices`) gathers each person's notices into one e-mail once no new
notice has come for QUIET_PERIOD: twenty edits saved within a few minutes make one e-mail. The
e-mail goes through django.core.mail, queued by django-mailer.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from automne import emails, languages
from automne.french import format_date
from automne.site import absolute
from programme.models import ChangeNotice, Choice, Edition, Occurrence

QUIET_PERIOD = datetime.timedelta(minutes=5)
logger = logging.getLogger("automne.mail")


def when(occurrence):
    """ "mardi 21 octobre 2025, 13 h 30 à 14 h 45"."""
    return f"{format_date(occurrence.time_slot.day.date)}, {occurrence.time_slot.time_range}"


# Called by programme/change_effects.py, as its table says, with the ids of the occurrences concerned.


def room_changed(occurrence_ids):
    _after_commit(
        occurrence_ids, lambda occurrence: gettext("Nouvelle salle : %(room)s") % {"room": occurrence.room_label}
    )


def time_changed(occurrence_ids):
    """The occurrences moved to another slot, or whose slot's day or times changed."""
    _after_commit(occurrence_ids, lambda occurrence: gettext("Nouvel horaire : %(when)s") % {"when": when(occurrence)})


def told(occurrence_ids):
    """(occurrence id, user id) of every person told of a change of these occurrences: who chose one,
    and who speaks in its session, once each. Read before a deletion (choices and speakers' places go
    with the occurrence or its session)."""
    from intervenants.accounts import user_ids_by_session

    ids = list(occurrence_ids)
    sessions = dict(Occurrence.objects.filter(pk__in=ids).values_list("pk", "session_id"))
    speaking = user_ids_by_session(set(sessions.values()))
    pairs = set(Choice.objects.filter(occurrence__in=ids).values_list("occurrence_id", "user_id"))
    pairs |= {(pk, user) for pk, session_id in sessions.items() for user in speaking.get(session_id, ())}
    return sorted(pairs)


def cancelled(edition_id, title, moment, users):
    """An occurrence deleted (it was on `moment`): its choices are gone with it, so who is told
    (`users`) was read before."""
    if users:
        details = in_each_language(
            lambda: gettext("Séance annulée (elle était prévue le %(moment)s)") % {"moment": moment()}
        )
        titles = dict.fromkeys(languages.LANGUAGES, title)
        transaction.on_commit(lambda: _record(edition_id, titles, details, users), robust=True)


def _after_commit(occurrence_ids, detail):
    ids = list(occurrence_ids)
    transaction.on_commit(lambda: _record_for(ids, detail), robust=True)


def _record_for(occurrence_ids, detail):
    occurrences = list(
        Occurrence.objects.filter(pk__in=occurrence_ids).select_related("session", "time_slot__day", "room")
    )
    # Each person's notice is written in their language (automne/languages.py), as the e-mail that sends it.
    details = {
        pk: in_each_language(lambda o=occurrence: detail(o)) for pk, occurrence in ((o.pk, o) for o in occurrences)
    }
    titles = {o.pk: in_each_language(lambda o=o: str(o.session.shown_title)) for o in occurrences}
    users = {}
    for occurrence_id, user_id in told([occurrence.pk for occurrence in occurrences]):
        users.setdefault(occurrence_id, []).append(user_id)
    for occurrence in occurrences:
        _record(
            occurrence.time_slot.day.edition_id,
            titles[occurrence.pk],
            details[occurrence.pk],
            users.get(occurrence.pk),
        )


def in_each_language(write):
    """{language: what `write()` writes in it}, for every language of the site."""
    written = {}
    for language in languages.LANGUAGES:
        with translation.override(language):
            written[language] = write()
    return written


def _record(edition_id, titles, details, users):
    """One notice per person told, its session's title and its detail in the person's language."""
    if not users or not Edition.objects.filter(pk=edition_id).exists():
        return
    spoken = dict(get_user_model().objects.filter(pk__in=users).values_list("pk", "language"))
    ChangeNotice.objects.bulk_create(
        [
            ChangeNotice(
                user_id=user,
                edition_id=edition_id,
                session_title=titles[languages.known(spoken.get(user))],
                detail=details[languages.known(spoken.get(user))],
            )
            for user in users
        ]
    )


def send_due(now=None):
    """One e-mail to each participant whose last notice is older than QUIET_PERIOD, with all their
    notices; returns how many e-mails were queued."""
    now = now or timezone.now()
    pending = ChangeNotice.objects.filter(sent_at__isnull=True)
    due = pending.values("user").annotate(last=Max("created_at")).filter(last__lte=now - QUIET_PERIOD)
    sent = 0
    for user_id in [row["user"] for row in due]:
        with transaction.atomic():
            notices = list(
                pending.filter(user_id=user_id, created_at__lte=now)
                .select_for_update()
                .select_related("user", "edition")
            )
            if not notices:
                continue
            _mail(notices)
            ChangeNotice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=now)
            sent += 1
    return sent


@languages.writes_to(lambda notices: notices[0].user)
def _mail(notices):
    from intervenants.accounts import is_speaker

    user, edition = notices[0].user, notices[0].edition
    context = {
        "user": user,
        "edition": edition,
        "notices": notices,
        "speaker": is_speaker(user),
        "my_programme": absolute(reverse("programme:my_programme")),
        "speaker_space": absolute(reverse("intervenants:space")),
    }
    topic = (
        gettext("Changements dans votre programme") if len(notices) > 1 else gettext("Changement dans votre programme")
    )
    emails.send([user.email], topic, render_to_string("programme/emails/change_notices.txt", context), edition=edition)
