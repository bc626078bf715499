"""The people side of two editions as organizers and participants walk it, in any order (issue 19): a
Hypothesis state machine registers, cancels, confirms, promotes, moves to the waiting list, checks
people in and out, edits identities, issues, corrects and revokes attestations, and lets time pass
across both editions' phases — every operation through the real domain functions (and the admin's
action page for one of them). After every step the invariants hold:

- no edition has more registrations holding a seat than its capacity;
- no presence without a seat, and no presence on a day of another edition;
- a valid attestation only for a registration that holds a seat and was checked in, of its own edition,
  issued once the edition was over, saying exactly what it said when issued or last corrected;
- a participant's own change or cancellation succeeded only before the edition's first day;
- each person whose state an organizer changed got exactly one e-mail.
"""

import contextlib
import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from inscriptions import attestations, checkin, details, seats, timeline
from inscriptions.models import Attendance, Attestation, Registration, Sector
from inscriptions.tests.factories import make_user
from programme.models import Day, Session
from programme.tests.factories import make_edition, make_session, schedule

# The first day of the 2025 week (its registration still open until its end); 2026 opens in May 2026.
START = timezone.make_aware(datetime.datetime(2025, 10, 20, 10))
END = timezone.make_aware(datetime.datetime(2026, 12, 31, 10))
PEOPLE = 5
NAMES = st.sampled_from(["Bélanger", "Côté", "Nguyễn", "O'Neil 🌳", "Lévesque-Tremblay"])
STEPS = st.sampled_from(
    [datetime.timedelta(hours=12), datetime.timedelta(days=2), datetime.timedelta(days=7), datetime.timedelta(days=90)]
)


def _edition(slug, starts_on, days, capacity, opens=None):
    edition = make_edition(
        slug=slug,
        is_current=False,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        capacity=capacity,
        course_code="ENP7009",
        course_title="Mobilisation des acteurs locaux",
        course_credits=3,
        registration_opens_at=opens,
    )
    for offset in range(days):
        day = Day.objects.create(edition=edition, date=starts_on + datetime.timedelta(days=offset))
        schedule(make_session(Session.Kind.KEYNOTE, edition=edition), day, datetime.time(9), datetime.time(12))
    return edition


class PeopleMachine(RuleBasedStateMachine):
    registrations = Bundle("registrations")
    issued = Bundle("attestations")

    def __init__(self):
        super().__init__()
        # Each run in a savepoint of the test's transaction, rolled back at its end; the clock is ours.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.now = START
        mail.outbox = []
        self.editions = [
            _edition("etat-2025", datetime.date(2025, 10, 20), 3, capacity=2),
            _edition(
                "etat-2026",
                datetime.date(2026, 10, 19),
                2,
                capacity=2,
                opens=timezone.make_aware(datetime.datetime(2026, 5, 1, 9)),
            ),
        ]
        self.editions[0].is_current = True
        self.editions[0].save()
        self.days = {e.pk: list(e.days.order_by("date")) for e in self.editions}
        self.people = [make_user(first_name="Camille", last_name=f"P{n}") for n in range(PEOPLE)]
        self.organizer = make_user(is_staff=True)
        from django.contrib.auth.models import Group

        from automne.roles import ORGANIZERS_GROUP

        self.organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
        self.records = {}  # attestation pk: the record as issued or last corrected

    def teardown(self):
        self.traveller.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _fresh(self, registration):
        return Registration.objects.select_related("edition").get(pk=registration.pk)

    # Time -------------------------------------------------------------------------------

    @rule(step=STEPS)
    def time_passes(self, step):
        self.now = min(self.now + step, END)
        self.clock.move_to(self.now)

    # Participants ---------------------------------------------------------------------------

    @rule(
        target=registrations, edition=st.sampled_from([0, 1]), person=st.integers(0, PEOPLE - 1), credit=st.booleans()
    )
    def register(self, edition, person, credit):
        edition, user = self.editions[edition], self.people[person]
        try:
            return seats.register_existing_account(
                edition,
                user,
                first_name=user.first_name,
                last_name=user.last_name,
                kind="credit" if credit else "attestation",
                matricule="11223344" if credit else "",
                organisation="Ville",
                function="Analyste",
                sector=Sector.MUNICIPAL,
            )
        except (seats.AlreadyRegistered, seats.RegistrationClosed):
            existing = Registration.objects.filter(edition=edition, user=user).first()
            return existing if existing is not None else self.people_registration_placeholder(edition)

    def people_registration_placeholder(self, edition):
        # A rule with a target must give a value: any registration of the edition, else the first one made.
        return Registration.objects.filter(edition=edition).first() or Registration.objects.first()

    @rule(registration=registrations)
    def cancel_own(self, registration):
        if registration is None:
            return
        registration = self._fresh(registration)
        before = registration.state
        try:
            seats.cancel_own(registration)
        except timeline.Locked:
            assert timeline.phase(registration.edition) != timeline.Phase.BEFORE
            assert self._fresh(registration).state == before
        else:
            assert timeline.phase(registration.edition) == timeline.Phase.BEFORE

    @rule(registration=registrations, name=NAMES)
    def change_own_name(self, registration, name):
        if registration is None:
            return
        registration = self._fresh(registration)
        try:
            changed = details.change(registration, {"last_name": name}, by_participant=True)
        except timeline.Locked:
            assert timeline.phase(registration.edition) != timeline.Phase.BEFORE
            assert self._fresh(registration).last_name == registration.last_name
        else:
            if changed:
                assert timeline.phase(registration.edition) == timeline.Phase.BEFORE

    @rule(registration=registrations)
    def register_again(self, registration):
        if registration is None or self._fresh(registration).state != Registration.State.CANCELLED:
            return
        with contextlib.suppress(seats.RegistrationClosed):
            seats.register_again(self._fresh(registration))

    # Organizers -------------------------------------------------------------------------------

    def _emailed_for(self, changed):
        return sorted(r.email for r in changed)

    @rule(chosen=st.lists(registrations, max_size=4))
    def confirm(self, chosen):
        chosen = [self._fresh(r) for r in chosen if r is not None]
        sent = len(mail.outbox)
        result = seats.confirm(chosen)
        assert sorted(m.to[0] for m in mail.outbox[sent:]) == self._emailed_for(result.confirmed)

    @rule(chosen=st.lists(registrations, max_size=4))
    def promote(self, chosen):
        chosen = [r.pk for r in chosen if r is not None]
        sent = len(mail.outbox)
        result = seats.promote(Registration.objects.filter(pk__in=chosen))
        assert sorted(m.to[0] for m in mail.outbox[sent:]) == self._emailed_for(result.confirmed)

    @rule(chosen=st.lists(registrations, max_size=3), waiting=st.booleans())
    def take_seats_away(self, chosen, waiting):
        chosen = [self._fresh(r) for r in chosen if r is not None]
        sent = len(mail.outbox)
        result = (seats.move_to_waiting_list if waiting else seats.cancel)(chosen)
        assert sorted(m.to[0] for m in mail.outbox[sent:]) == self._emailed_for(result.changed)
        valid = attestations.valid_of([r.pk for r in chosen])
        assert {r.pk for r in result.attested} == {r.pk for r in chosen if r.pk in valid and r.state != result.state}

    @rule(registration=registrations)
    def cancel_in_the_admin(self, registration):
        """The admin's action and its confirmation page: the same rules as seats.cancel."""
        if registration is None:
            return
        client = Client()
        client.force_login(self.organizer)
        data = {"action": "cancel_selected", "_selected_action": [registration.pk]}
        page = client.post("/admin/inscriptions/registration/?edition=toutes", data)
        assert page.status_code == 200
        before = self._fresh(registration).state
        sent = len(mail.outbox)
        client.post("/admin/inscriptions/registration/?edition=toutes", {**data, "post": "oui"})
        after = self._fresh(registration)
        assert len(mail.outbox) - sent == (1 if after.state != before else 0)

    @rule(
        registration=registrations,
        day=st.integers(0, 2),
        elsewhere=st.sampled_from([False, False, False, True]),  # mostly a day of the person's own edition
        present=st.sampled_from([True, True, False]),
    )
    def presence(self, registration, day, elsewhere, present):
        if registration is None:
            return
        registration = self._fresh(registration)
        edition = next(e for e in self.editions if (e.pk == registration.edition_id) != elsewhere)
        days = self.days[edition.pk]
        day = days[day % len(days)]
        try:
            checkin.set_presence(day, registration, present)
        except checkin.PresenceRefused:
            assert (
                elsewhere
                or not registration.holds_a_seat
                or day.date > timezone.localdate()
                or (not present and attestations.valid_of([registration.pk]))
            )

    @rule(registration=registrations, name=NAMES)
    def organizer_edits_identity(self, registration, name):
        if registration is not None:
            details.change(self._fresh(registration), {"first_name": name}, by_participant=False)

    @rule(target=issued, registration=registrations)
    def issue(self, registration):
        if registration is None:
            return None
        try:
            attestation = attestations.issue(self._fresh(registration))
        except attestations.Refused:
            return None
        self.records.setdefault(attestation.pk, attestation.record())
        return attestation

    @rule(attestation=issued)
    def correct(self, attestation):
        if attestation is None:
            return
        try:
            corrected = attestations.correct(attestation, reason="Correction", by=self.organizer)
        except attestations.Refused:
            return
        self.records[corrected.pk] = corrected.record()

    @rule(attestation=consumes(issued))
    def revoke(self, attestation):
        if attestation is None:
            return
        with contextlib.suppress(attestations.Refused):
            attestations.revoke(attestation, reason="Révocation", by=self.organizer)

    # Invariants -------------------------------------------------------------------------------

    @invariant()
    def no_seat_overbooked(self):
        for edition in self.editions:
            assert edition.registrations.holding_a_seat().count() <= edition.capacity

    @invariant()
    def no_presence_without_a_seat_nor_across_editions(self):
        for attendance in Attendance.objects.select_related("registration", "day"):
            assert attendance.registration.state in Registration.SEATED
            assert attendance.day.edition_id == attendance.registration.edition_id
            assert attendance.day.date <= timezone.localdate()

    @invariant()
    def attestations_only_for_attended_seated_registrations_as_recorded(self):
        for attestation in Attestation.objects.select_related("registration__edition"):
            registration = attestation.registration
            assert timezone.localtime(attestation.issued_at).date() > registration.edition.ends_on
            assert attestation.record() == self.records[attestation.pk]
            dates = {day.date.isoformat() for day in self.days[registration.edition_id]}
            assert set(attestation.days) <= dates and attestation.days
            if attestation.is_valid:
                assert registration.holds_a_seat
                assert registration.attendances.exists()


@pytest.mark.django_db
def test_people_of_two_editions_keep_their_invariants():
    run_state_machine_as_test(
        PeopleMachine,
        settings=settings(
            max_examples=40, stateful_step_count=40, suppress_health_check=[HealthCheck.too_slow], deadline=None
        ),
    )
