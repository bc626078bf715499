"""Seats and the waiting list: registering within the edition's capacity, confirming, promoting
from the waiting list, registering again and cancelling.

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

from inscriptions import emails
from inscriptions.models import Registration, User
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


def register(edition, *, email, password, first_name, last_name, base_url="", **details):
    """Creates the account and its registration: received when a seat is free, else on the waiting list.

    Raises AlreadyRegistered when the address already has an account (whatever its case), and
    RegistrationClosed outside the edition's registration window: then nothing is created.
    """
    email = User.objects.normalize_email(email)
    user = User(email=email, first_name=first_name, last_name=last_name)
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
    emails.send_confirmation(registration, base_url)
    return registration


def register_existing_account(edition, user, *, first_name, last_name, base_url="", **details):
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
    emails.send_confirmation(registration, base_url)
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

    @property
    def unchanged(self):
        return [*self.already, *self.cancelled, *self.no_seat]


def confirm(registrations, base_url=""):
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
        for edition_id, group in by_edition.items():
            free = free_seats(_locked(edition_id))
            for registration in sorted(group, key=lambda r: (not r.holds_a_seat, r.created_at, r.pk)):
                if registration.state == Registration.State.CONFIRMED:
                    result.already.append(registration)
                    continue
                if registration.state == Registration.State.CANCELLED:
                    result.cancelled.append(registration)
                    continue
                if registration.state == Registration.State.WAITING:
                    if free == 0:
                        result.no_seat.append(registration)
                        continue
                    free -= 1
                    promoted.add(registration.pk)
                registration.state = Registration.State.CONFIRMED
                registration.save(update_fields=["state", "updated_at"])
                result.confirmed.append(registration)
    for registration in result.confirmed:
        if registration.pk in promoted:
            emails.send_promotion(registration, base_url)
        else:
            emails.send_confirmed(registration, base_url)
    return result


def promote_from_waiting_list(edition, registrations=None, base_url=""):
    """Takes people off the edition's waiting list, oldest first, as long as seats are free (see `confirm`).

    `registrations` limits the choice to some of them (the organizers' selection).
    """
    return promote(
        (registrations if registrations is not None else edition.registrations).filter(edition=edition), base_url
    )


def promote(registrations, base_url=""):
    """Takes those of the registrations (a queryset, of any editions) who are on a waiting list off it,
    oldest first in each edition, as long as seats are free."""
    waiting = registrations.filter(state=Registration.State.WAITING)
    return confirm(list(waiting.select_related("edition").order_by("created_at", "pk")), base_url)


def register_again(registration, base_url=""):
    """A cancelled registration comes back: received if a seat is free, else on the waiting list."""
    with transaction.atomic():
        edition = _locked(registration.edition_id)
        _open_for_registration(edition)
        registration.state = _state_for_a_newcomer(edition)
        registration.save(update_fields=["state", "updated_at"])
    emails.send_confirmation(registration, base_url)
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
