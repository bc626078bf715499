"""Seats and the waiting list: registering within the edition's capacity, confirming, promoting
from the waiting list, registering again and cancelling.

Organizers and participants change states through these functions only (the admin's actions, « Mon
espace »): leaving a seat (cancelled, or moved to the waiting list) takes the presences noted with it
(no presence without a seat), a registration whose attestation is issued and valid keeps its seat
until the attestation is revoked, a participant cancels only before the edition's first day
(timeline.py), and each person whose state an organizer changed is e-mailed, through the mail queue.
Every change is decided again on the rows as they are under the lock, whatever page it came from.

Every change of seats runs under the one lock, `_locked`, on the edition's row, so that two
simultaneous submissions can never both take the last seat: SELECT … FOR UPDATE on PostgreSQL;
on SQLite the IMMEDIATE transactions set in the settings already serialise writers. Whether a
seat is free is decided in one place, `free_seats`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, OuterRef, Subquery, When
from django.utils import timezone

from automne import languages
from inscriptions import attestations, emails, timeline
from inscriptions.models import Attendance, Registration, User
from programme.models import Edition, RegistrationPhase


class AlreadyRegistered(Exception):
    """This e-mail address already has an account or a registration to this edition."""


class RegistrationClosed(Exception):
    """The edition does not take registrations now (before its window, after it, or once over)."""


def _open_for_registration(edition):
    # Checked under the lock: a submission that arrives after the closing time creates nothing.
    if edition.registration_phase() != RegistrationPhase.OPEN:
        raise RegistrationClosed(edition.slug)


def _locked(edition_id):
    """The edition's row, locked until the end of the transaction: the one lock on seats."""
    return Edition.objects.select_for_update().get(pk=edition_id)


def editions_open_for_registration(besides=None):
    """The editions taking registrations now, but `besides`, soonest first."""
    editions = Edition.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")
    if besides is not None:
        editions = editions.exclude(pk=besides.pk)
    return [edition for edition in editions if edition.registration_phase() == RegistrationPhase.OPEN]


def free_seats(edition):
    """The edition's capacity less the registrations that hold a seat (never below zero)."""
    return max(edition.capacity - edition.registrations.holding_a_seat().count(), 0)


def with_waiting_position(registrations):
    """The registrations, each with `waiting_position`: for one on a waiting list, its rank there (1 for
    the next to get a seat, in the order `promote` follows), counted in the same query; None otherwise."""
    ahead = Registration.objects.filter(
        edition=OuterRef("edition"), state=Registration.State.WAITING, created_at__lte=OuterRef("created_at")
    ).exclude(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    rank = Subquery(ahead.order_by().values("edition").annotate(n=Count("pk")).values("n"))
    return registrations.annotate(
        waiting_position=Case(When(state=Registration.State.WAITING, then=rank), default=None)
    )


def _state_for_a_newcomer(edition):
    # Called under the lock: received when a seat is free, else on the waiting list.
    return Registration.State.RECEIVED if free_seats(edition) else Registration.State.WAITING


def register(edition, *, email, password, first_name, last_name, **details):
    """Creates the account and its registration: received when a seat is free, else on the waiting list.

    Raises AlreadyRegistered when the address already has an account (whatever its case), and
    RegistrationClosed outside the edition's registration window: then nothing is created.
    """
    email = User.objects.normalize_email(email)
    # The new account speaks the language of the form it came from (automne/languages.py).
    user = User(email=email, first_name=first_name, last_name=last_name, language=languages.current())
    # Hashing takes a good fraction of a second: done before taking the lock, not while holding it.
    user.set_password(password)
    try:
        with transaction.atomic():
            edition = _locked(edition.pk)
            _open_for_registration(edition)
            if User.objects.filter(email=email).exists():
                raise AlreadyRegistered(email)
            user.save()
            registration = _create(edition, user, first_name=first_name, last_name=last_name, **details)
    except IntegrityError as error:  # a simultaneous submission with the same address won the race
        raise AlreadyRegistered(email) from error
    emails.send_confirmation(registration)
    return registration


def register_existing_account(edition, user, *, first_name, last_name, **details):
    """A registration for someone who already has an account (a new edition, or an organizer)."""
    try:
        with transaction.atomic():
            edition = _locked(edition.pk)
            _open_for_registration(edition)
            if edition.registrations.filter(email=user.email).exists():
                raise AlreadyRegistered(user.email)
            registration = _create(edition, user, first_name=first_name, last_name=last_name, **details)
    except IntegrityError as error:
        raise AlreadyRegistered(user.email) from error
    emails.send_confirmation(registration)
    return registration


def _create(edition, user, **details):
    return Registration.objects.create(
        edition=edition,
        user=user,
        email=user.email,
        consented_at=timezone.now(),
        state=_state_for_a_newcomer(edition),
        **details,
    )


@dataclass
class Confirmed:
    """What confirming a selection did: who is confirmed now, and who was left as they were, by reason."""

    confirmed: list = field(default_factory=list)  # received or waiting until now, each e-mailed
    already: list = field(default_factory=list)  # were confirmed already
    cancelled: list = field(default_factory=list)  # cancelled: only the person registers again
    no_seat: list = field(default_factory=list)  # on the waiting list, and no seat was free
    promoted: set = field(default_factory=set)  # the pks of those among `confirmed` taken off the waiting list

    @property
    def unchanged(self):
        return [*self.already, *self.cancelled, *self.no_seat]


def _decide_confirm(group, free, result):
    """Sorts one edition's registrations into `result`; returns the pks taken off the waiting list."""
    promoted = set()
    for registration in sorted(group, key=lambda r: (not r.holds_a_seat, r.created_at, r.pk)):
        if registration.state == Registration.State.CONFIRMED:
            result.already.append(registration)
        elif registration.state == Registration.State.CANCELLED:
            result.cancelled.append(registration)
        elif registration.state == Registration.State.WAITING and free == 0:
            result.no_seat.append(registration)
        else:
            if registration.state == Registration.State.WAITING:
                free -= 1
                promoted.add(registration.pk)
            result.confirmed.append(registration)
    result.promoted |= promoted
    return promoted


def confirm(registrations):
    """Confirms registrations. Received ones hold a seat already; those on the waiting list get one
    only while seats are free, oldest first. Confirmed and cancelled ones are left as they are.
    Each person whose state changes is e-mailed: confirmed, or taken off the waiting list.
    """
    result = Confirmed()
    promoted = set()  # the pks of those taken off the waiting list
    by_edition = defaultdict(list)
    for registration in registrations:
        by_edition[registration.edition_id].append(registration)
    with transaction.atomic():
        for edition_id, group in sorted(by_edition.items()):
            locked = _locked(edition_id)
            # Decided on the rows as they are now, under the lock: a selection made on a stale page
            # changes only what is still to change.
            fresh = list(Registration.objects.filter(pk__in=[r.pk for r in group]).select_related("edition"))
            promoted |= _decide_confirm(fresh, free_seats(locked), result)
        for registration in result.confirmed:
            registration.state = Registration.State.CONFIRMED
            registration.save(update_fields=["state", "updated_at"])
    for registration in result.confirmed:
        if registration.pk in promoted:
            emails.send_promotion(registration)
        else:
            emails.send_confirmed(registration)
    return result


def promote_from_waiting_list(edition, registrations=None):
    """Takes people off the edition's waiting list, oldest first, as long as seats are free (see `confirm`).

    `registrations` limits the choice to some of them (the organizers' selection).
    """
    return promote((registrations if registrations is not None else edition.registrations).filter(edition=edition))


def promote(registrations):
    """Takes those of the registrations (a queryset, of any editions) who are on a waiting list off it,
    oldest first in each edition, as long as seats are free."""
    waiting = registrations.filter(state=Registration.State.WAITING)
    return confirm(list(waiting.select_related("edition").order_by("created_at", "pk")))


def register_again(registration):
    """A cancelled registration comes back: received if a seat is free, else on the waiting list."""
    with transaction.atomic():
        edition = _locked(registration.edition_id)
        _open_for_registration(edition)
        registration.state = _state_for_a_newcomer(edition)
        registration.save(update_fields=["state", "updated_at"])
    emails.send_confirmation(registration)
    return registration


@dataclass
class Left:
    """What taking registrations off their seats did (cancelling, or moving to the waiting list): who
    changed (each e-mailed when an organizer did it), who was so already, and who was refused: a
    registration whose attestation is issued and valid keeps its seat until the attestation is revoked."""

    state: str
    changed: list = field(default_factory=list)
    already: list = field(default_factory=list)
    attested: list = field(default_factory=list)
    presences_removed: dict = field(default_factory=dict)  # pk: days of presence withdrawn with the seat

    @property
    def unchanged(self):
        return [*self.already, *self.attested]


def _decide_leaving(registrations, state):
    result = Left(state=state)
    registrations = list(registrations)
    attested = attestations.valid_of([r.pk for r in registrations])
    for registration in registrations:
        if registration.state == state:
            result.already.append(registration)
        elif registration.pk in attested:
            result.attested.append(registration)
        else:
            result.changed.append(registration)
    return result


def preview_leaving(registrations, state):
    """What `cancel` or `move_to_waiting_list` would do now, without doing it (the confirmation page)."""
    result = _decide_leaving(registrations, state)
    result.presences_removed = _presences(result.changed)
    return result


def _presences(registrations):
    rows = (
        Attendance.objects.filter(registration__in=[r.pk for r in registrations])
        .values_list("registration")
        .annotate(n=Count("pk"))
        .values_list("registration", "n")
    )
    return dict(rows)


def _leave(registrations, state, *, by_participant):
    registrations = list(registrations)
    with transaction.atomic():
        for edition_id in sorted({r.edition_id for r in registrations}):
            _locked(edition_id)
        fresh = Registration.objects.filter(pk__in=[r.pk for r in registrations]).select_related("edition")
        if by_participant:
            for registration in fresh:
                timeline.check_participant_may_cancel(registration)
        result = _decide_leaving(fresh, state)
        result.presences_removed = _presences(result.changed)
        for registration in result.changed:
            # No presence without a seat: the days noted go with the seat.
            registration.attendances.all().delete()
            registration.state = state
            registration.save(update_fields=["state", "updated_at"])
    if not by_participant:
        for registration in result.changed:
            emails.send_left(registration)
    return result


def move_to_waiting_list(registrations):
    """Organizers move registrations to the waiting list: each person is e-mailed."""
    return _leave(registrations, Registration.State.WAITING, by_participant=False)


def cancel(registrations):
    """Organizers cancel registrations: their seats are freed and each person is e-mailed."""
    return _leave(registrations, Registration.State.CANCELLED, by_participant=False)


def cancel_own(registration):
    """A participant cancels their own registration: only before the edition's first day
    (timeline.Locked otherwise)."""
    return _leave([registration], Registration.State.CANCELLED, by_participant=True)


def preview_confirm(registrations):
    """What `confirm` would do now, without doing it (the confirmation page)."""
    result = Confirmed()
    by_edition = defaultdict(list)
    for registration in registrations:
        by_edition[registration.edition_id].append(registration)
    for edition_id, group in by_edition.items():
        _decide_confirm(group, free_seats(Edition.objects.get(pk=edition_id)), result)
    return result
