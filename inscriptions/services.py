"""What happens to a registration: registering within the edition's capacity, confirming,
the waiting list, cancelling, and the hours a participant actually attended.

Every change of seats runs under a lock on the edition's row, so that two simultaneous
submissions can never both take the last seat: SELECT … FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transactions set in the settings already serialise writers.
"""

from collections import defaultdict

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from inscriptions.models import Attendance, Registration, User
from programme.models import Edition, Occurrence, Session


class AlreadyRegistered(Exception):
    """This e-mail address already has an account or a registration to this edition."""


def _locked(edition):
    return Edition.objects.select_for_update().get(pk=edition.pk)


def free_seats(edition):
    return max(edition.capacity - edition.registrations.holding_a_seat().count(), 0)


def register(edition, *, email, password, first_name, last_name, base_url="", **details):
    """Creates the account and its registration: received when a seat is free, else on the waiting list.

    Raises AlreadyRegistered when the address already has an account (whatever its case).
    """
    email = User.objects.normalize_email(email).strip()
    user = User(email=email, first_name=first_name, last_name=last_name)
    # Hashing takes a good fraction of a second: done before taking the lock, not while holding it.
    user.set_password(password)
    try:
        with transaction.atomic():
            edition = _locked(edition)
            if User.objects.filter(email__iexact=email).exists():
                raise AlreadyRegistered(email)
            user.save()
            registration = _create(edition, user, first_name=first_name, last_name=last_name, **details)
    except IntegrityError as error:  # a simultaneous submission with the same address won the race
        raise AlreadyRegistered(email) from error
    send_confirmation(registration, base_url)
    return registration


def register_existing_account(edition, user, *, first_name, last_name, base_url="", **details):
    """A registration for someone who already has an account (a new edition, or an organizer)."""
    try:
        with transaction.atomic():
            edition = _locked(edition)
            if edition.registrations.filter(email__iexact=user.email).exists():
                raise AlreadyRegistered(user.email)
            registration = _create(edition, user, first_name=first_name, last_name=last_name, **details)
    except IntegrityError as error:
        raise AlreadyRegistered(user.email) from error
    send_confirmation(registration, base_url)
    return registration


def _create(edition, user, **details):
    seated = edition.registrations.holding_a_seat().count() < edition.capacity
    return Registration.objects.create(
        edition=edition,
        user=user,
        email=user.email,
        consented_at=timezone.now(),
        state=Registration.State.RECEIVED if seated else Registration.State.WAITING,
        **details,
    )


def confirm(registrations, base_url=""):
    """Confirms registrations. Those without a seat (waiting list, cancelled) get one only while
    seats are free, oldest first; each person taken off the waiting list is e-mailed.

    Returns (confirmed, left_without_seat).
    """
    confirmed, left = [], []
    promoted = []
    by_edition = defaultdict(list)
    for registration in registrations:
        by_edition[registration.edition_id].append(registration)
    with transaction.atomic():
        for edition_id, group in by_edition.items():
            edition = Edition.objects.select_for_update().get(pk=edition_id)
            free = free_seats(edition)
            for registration in sorted(group, key=lambda r: (not r.holds_a_seat, r.created_at, r.pk)):
                if registration.state == Registration.State.CONFIRMED:
                    confirmed.append(registration)
                    continue
                if not registration.holds_a_seat:
                    if free == 0:
                        left.append(registration)
                        continue
                    free -= 1
                    if registration.state == Registration.State.WAITING:
                        promoted.append(registration)
                registration.state = Registration.State.CONFIRMED
                registration.save(update_fields=["state", "updated_at"])
                confirmed.append(registration)
    for registration in promoted:
        send_promotion(registration, base_url)
    return confirmed, left


def promote_from_waiting_list(edition, registrations=None, base_url=""):
    """Takes people off the waiting list, oldest first, as long as seats are free.

    `registrations` limits the choice to some of them (the organizers' selection).
    """
    waiting = (registrations if registrations is not None else edition.registrations).filter(
        edition=edition, state=Registration.State.WAITING
    )
    return confirm(list(waiting.select_related("edition").order_by("created_at", "pk")), base_url)


def register_again(registration, base_url=""):
    """A cancelled registration comes back: received if a seat is free, else on the waiting list."""
    with transaction.atomic():
        edition = _locked(registration.edition)
        seated = edition.registrations.holding_a_seat().count() < edition.capacity
        registration.state = Registration.State.RECEIVED if seated else Registration.State.WAITING
        registration.save(update_fields=["state", "updated_at"])
    send_confirmation(registration, base_url)
    return registration


def move_to_waiting_list(registrations):
    return _set_state(registrations, Registration.State.WAITING)


def cancel(registrations):
    """Cancelled registrations free their seats; their attestations stop being valid."""
    return _set_state(registrations, Registration.State.CANCELLED)


def _set_state(registrations, state):
    changed = 0
    with transaction.atomic():
        for registration in registrations:
            if registration.state != state:
                registration.state = state
                registration.save(update_fields=["state", "updated_at"])
                changed += 1
    return changed


def mark_present(day, registrations):
    """Checks people in on a day; marking someone twice changes nothing."""
    existing = set(day.attendances.filter(registration__in=registrations).values_list("registration_id", flat=True))
    new = [Attendance(registration=r, day=day) for r in registrations if r.pk not in existing]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def mark_absent(day, registrations):
    return day.attendances.filter(registration__in=registrations).delete()[0]


# Not training time: the welcome desk, breaks and meals (the programme's logistics), and the
# networking cocktail, which is in the programme but is not training an employer would count.
NOT_TRAINING = (*Session.LOGISTICS, Session.Kind.NETWORKING)


def attended_minutes(registration):
    """Minutes of training on the days the person was present: each day's programme without
    what is not training, parallel sessions counted once."""
    spans = defaultdict(list)
    occurrences = Occurrence.objects.exclude(session__kind__in=NOT_TRAINING).filter(
        time_slot__day__attendances__registration=registration
    )
    for day_id, start, end in occurrences.values_list(
        "time_slot__day_id", "time_slot__starts_at", "time_slot__ends_at"
    ):
        spans[day_id].append((_minutes(start), _minutes(end)))
    return sum(_union_length(day_spans) for day_spans in spans.values())


def _minutes(time):
    return time.hour * 60 + time.minute


def _union_length(spans):
    total, reached = 0, None
    for start, end in sorted(spans):
        if reached is None or start > reached:
            total += end - start
            reached = end
        elif end > reached:
            total += end - reached
            reached = end
    return total


def format_duration(minutes):
    """ "6 h", "13 h 30" — the OQLF way, with no-break spaces."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}\xa0h\xa0{rest:02d}" if rest else f"{hours}\xa0h"


def _mail(registration, template, subject, base_url):
    # base_url: "https://host" of the request that caused the e-mail, for absolute links.
    context = {"registration": registration, "edition": registration.edition, "base_url": base_url.rstrip("/")}
    body = render_to_string(template, context)
    send_mail(subject, body, None, [registration.email])


def send_confirmation(registration, base_url=""):
    if registration.state == Registration.State.WAITING:
        subject = f"Liste d'attente — {registration.edition.name}"
    else:
        subject = f"Inscription reçue — {registration.edition.name}"
    _mail(registration, "inscriptions/emails/registered.txt", subject, base_url)


def send_promotion(registration, base_url=""):
    subject = f"Une place pour vous — {registration.edition.name}"
    _mail(registration, "inscriptions/emails/promoted.txt", subject, base_url)
