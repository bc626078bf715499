"""Reminders to hand in: an e-mail through the mail queue to each credit participant who has not handed in,
7 days and then 1 day before their due date (an extension included), each sent once. Run every day by
`manage.py send_hand_in_reminders` (deploy/systemd/automne-reminders.timer); a run that finds nothing due
sends nothing, and a missed day is caught up by the next run as long as the due date has not passed."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from automne import emails, languages
from automne.french import typeset
from automne.site import absolute
from inscriptions.models import Registration
from remises.handing_in import deadline
from remises.models import Assignment, Extension, HandIn, Reminder

BEFORE = {Reminder.Kind.WEEK: 7, Reminder.Kind.DAY: 1}  # days, counted on Montréal's calendar


def days_left(due, now):
    return (timezone.localdate(due) - timezone.localdate(now)).days


def due_kind(due, now):
    """The reminder due at `now` for a due date `due`, counted in days on the calendar (a daily run at 8 h
    sends the 7-day one a week before the due day): the 1-day one from the day before, the 7-day one from
    seven days before, none before that nor once the due date has passed."""
    if now >= due:
        return None
    left = days_left(due, now)
    if left <= BEFORE[Reminder.Kind.DAY]:
        return Reminder.Kind.DAY
    if left <= BEFORE[Reminder.Kind.WEEK]:
        return Reminder.Kind.WEEK
    return None


def send_due(now=None):
    """Queues every reminder due now that was not sent yet; returns how many."""
    now = now or timezone.now()
    assignments = (
        Assignment.objects.filter(Q(due_at__gt=now) | Q(extensions__until__gt=now)).distinct().select_related("edition")
    )
    sent = 0
    for assignment in assignments:
        sent += send_for(assignment, now)
    return sent


def send_for(assignment, now):
    registrations = (
        Registration.objects.filter(edition=assignment.edition_id, kind=Registration.Kind.CREDIT)
        .holding_a_seat()
        .select_related("user")
    )
    handed_in = set(HandIn.objects.active().filter(assignment=assignment).values_list("participant", flat=True))
    extensions = {}
    for extension in Extension.objects.filter(assignment=assignment).order_by("-granted_at", "-pk"):
        extensions.setdefault(extension.participant_id, extension)
    done = set(Reminder.objects.filter(assignment=assignment).values_list("participant", "kind"))
    sent = 0
    for registration in registrations:
        if registration.user_id in handed_in:
            continue
        due = deadline(assignment, extensions.get(registration.user_id)).due
        kind = due_kind(due, now)
        if kind is None or (registration.user_id, kind) in done:
            continue
        sent += send(assignment, registration, kind, due, now)
    return sent


@languages.writes_to(lambda assignment, registration, *args: registration.user)
def send(assignment, registration, kind, due, now):
    """One reminder: recorded, then queued, in one transaction; a second run at the same moment records
    nothing (the row is unique) and sends nothing."""
    try:
        with transaction.atomic():
            Reminder.objects.create(assignment=assignment, participant=registration.user, kind=kind, sent_at=now)
            edition = assignment.edition
            url = absolute(reverse("remises:hand_in", kwargs={"edition": edition.slug}))
            body = render_to_string(
                "remises/emails/reminder.txt",
                {
                    "participant": registration.user,
                    "edition": edition,
                    "due": due,
                    "days": days_left(due, now),
                    "url": url,
                },
            )
            emails.send([registration.email], typeset(_("Rappel : cahier à remettre")), typeset(body), edition=edition)
    except IntegrityError:
        return 0
    return 1
