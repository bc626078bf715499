"""Telling participants that a session they chose changed time, room, or was cancelled: one e-mail
per batch of changes.

An organizer's save records (when programme/change_effects.py says a change is told), once its
transaction has committed (`transaction.on_commit`, robust: a failure is logged, never the
organizer's), one ChangeNotice per participant who chose the occurrence: a refused save records
nothing. `send_due()` (run by the mail loop, automne/mail_queue.py, and by
`manage.py send_change_notices`) gathers each participant's notices into one e-mail once no new
notice has come for QUIET_PERIOD: twenty edits saved within a few minutes make one e-mail. The
e-mail goes through django.core.mail, queued by django-mailer.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from automne.french import NBSP, format_date
from programme.models import ChangeNotice, Choice, Edition, Occurrence

QUIET_PERIOD = datetime.timedelta(minutes=5)
logger = logging.getLogger("automne.mail")


def when(occurrence):
    """ "mardi 21 octobre 2025, 13 h 30 à 14 h 45"."""
    return f"{format_date(occurrence.time_slot.day.date)}, {occurrence.time_slot.time_range}"


# Called by programme/change_effects.py, as its table says, with the ids of the occurrences concerned.


def room_changed(occurrence_ids):
    _after_commit(occurrence_ids, lambda occurrence: f"Nouvelle salle{NBSP}: {occurrence.room_label}")


def time_changed(occurrence_ids):
    """The occurrences moved to another slot, or whose slot's day or times changed."""
    _after_commit(occurrence_ids, lambda occurrence: f"Nouvel horaire{NBSP}: {when(occurrence)}")


def choosers(occurrence_ids):
    """(occurrence id, user id) of every choice of these occurrences: read before they are deleted."""
    return Choice.objects.filter(occurrence__in=list(occurrence_ids)).values_list("occurrence_id", "user_id")


def cancelled(edition_id, title, moment, users):
    """An occurrence deleted (it was on `moment`): its choices are gone with it, so who chose it
    (`users`) was read before."""
    if users:
        detail = f"Séance annulée (elle était prévue le {moment})"
        transaction.on_commit(lambda: _record(edition_id, title, detail, users), robust=True)


def _after_commit(occurrence_ids, detail):
    ids = list(occurrence_ids)
    transaction.on_commit(lambda: _record_for(ids, detail), robust=True)


def _record_for(occurrence_ids, detail):
    occurrences = Occurrence.objects.filter(pk__in=occurrence_ids).select_related("session", "time_slot__day", "room")
    for occurrence in occurrences:
        users = list(Choice.objects.filter(occurrence=occurrence).values_list("user_id", flat=True))
        _record(occurrence.time_slot.day.edition_id, occurrence.session.title, detail(occurrence), users)


def _record(edition_id, title, detail, users):
    if not users or not Edition.objects.filter(pk=edition_id).exists():
        return
    ChangeNotice.objects.bulk_create(
        [ChangeNotice(user_id=user, edition_id=edition_id, session_title=title, detail=detail) for user in users]
    )


def site_address():
    """ "https://host" of the site, from its first allowed host (empty when it has none)."""
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "localhost", "127.0.0.1")]
    return f"https://{hosts[0]}" if hosts else ""


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


def _mail(notices):
    user, edition = notices[0].user, notices[0].edition
    context = {"user": user, "edition": edition, "notices": notices, "base_url": site_address()}
    subject = f"Changement dans votre programme — {edition.name}"
    if len(notices) > 1:
        subject = f"Changements dans votre programme — {edition.name}"
    send_mail(subject, render_to_string("programme/emails/change_notices.txt", context), None, [user.email])
