import datetime

import pytest
from django.core import mail

from inscriptions import services
from inscriptions.models import Attendance, Registration, User
from inscriptions.tests.factories import PASSWORD, make_registration
from programme.models import Day, Edition, Session
from programme.tests.factories import make_edition, make_session, schedule

pytestmark = pytest.mark.django_db

DETAILS = {
    "first_name": "Camille",
    "last_name": "Côté",
    "kind": Registration.Kind.ATTESTATION,
    "matricule": "",
    "organisation": "Ville de Laval",
    "function": "Analyste",
    "sector": "municipal",
    "accessibility_needs": "",
    "dietary_restrictions": "Végétarien",
}


def register(edition, email):
    return services.register(edition, email=email, password=PASSWORD, **DETAILS)


def test_register_creates_account_and_received_registration_and_sends_email():
    edition = make_edition(capacity=2)
    registration = register(edition, "Camille@Exemple.ca")
    assert registration.state == Registration.State.RECEIVED
    assert registration.user.check_password(PASSWORD)
    assert registration.email == "Camille@exemple.ca"
    assert registration.dietary_restrictions == "Végétarien"
    assert registration.consented_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Camille@exemple.ca"]
    assert mail.outbox[0].subject == f"Inscription reçue — {edition.name}"


def test_register_when_full_goes_to_waiting_list_and_says_so():
    edition = make_edition(capacity=1)
    register(edition, "a@exemple.ca")
    second = register(edition, "b@exemple.ca")
    assert second.state == Registration.State.WAITING
    assert mail.outbox[1].subject == f"Liste d'attente — {edition.name}"
    assert "liste d'attente" in mail.outbox[1].body


def test_register_same_email_other_case_raises_already_registered():
    edition = make_edition()
    register(edition, "camille@exemple.ca")
    with pytest.raises(services.AlreadyRegistered):
        register(edition, "CAMILLE@exemple.ca")
    assert User.objects.count() == 1


def test_cancel_frees_a_seat():
    edition = make_edition(capacity=1)
    first = register(edition, "a@exemple.ca")
    assert services.free_seats(edition) == 0
    services.cancel([first])
    assert services.free_seats(edition) == 1
    assert register(edition, "c@exemple.ca").state == Registration.State.RECEIVED


def test_promote_from_waiting_list_oldest_first_within_free_seats_and_emails_each():
    edition = make_edition(capacity=3)
    make_registration(edition)
    first = make_registration(edition, state=Registration.State.WAITING)
    second = make_registration(edition, state=Registration.State.WAITING)
    third = make_registration(edition, state=Registration.State.WAITING)
    confirmed, left = services.promote_from_waiting_list(edition, base_url="https://automne.test/")
    assert [r.pk for r in confirmed] == [first.pk, second.pk]
    assert [r.pk for r in left] == [third.pk]
    assert Registration.objects.get(pk=first.pk).state == Registration.State.CONFIRMED
    assert Registration.objects.get(pk=third.pk).state == Registration.State.WAITING
    assert [m.to for m in mail.outbox] == [[first.email], [second.email]]
    assert "https://automne.test/mon-espace/" in mail.outbox[0].body


def test_confirm_received_always_and_waiting_only_with_free_seat():
    edition = make_edition(capacity=1)
    received = make_registration(edition)
    waiting = make_registration(edition, state=Registration.State.WAITING)
    confirmed, left = services.confirm([waiting, received])
    assert [r.pk for r in confirmed] == [received.pk]
    assert [r.pk for r in left] == [waiting.pk]
    assert edition.registrations.holding_a_seat().count() == 1
    assert mail.outbox == []


def test_move_to_waiting_list_frees_seat():
    edition = make_edition(capacity=1)
    registration = make_registration(edition)
    assert services.move_to_waiting_list(Registration.objects.filter(pk=registration.pk)) == 1
    assert services.free_seats(edition) == 1


def _day(edition, offset):
    return Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))


def test_attended_minutes_counts_content_once_and_only_days_present():
    edition = make_edition()
    monday, tuesday = _day(edition, 0), _day(edition, 1)
    t = datetime.time
    schedule(make_session(Session.Kind.WELCOME), monday, t(8, 30), t(9))  # logistics: not counted
    schedule(make_session(Session.Kind.KEYNOTE), monday, t(9), t(10, 30))  # 90
    schedule(make_session(Session.Kind.BREAK), monday, t(10, 30), t(11))  # not counted
    for _ in range(3):  # three parallel case studies: 75 minutes, once
        schedule(make_session(Session.Kind.CASE_STUDY), monday, t(13, 30), t(14, 45))
    schedule(make_session(Session.Kind.WORKSHOP), monday, t(14, 15), t(15, 15))  # overlaps by 30: +30
    schedule(make_session(Session.Kind.NETWORKING), monday, t(16, 30), t(18))  # not training
    schedule(make_session(Session.Kind.ROUND_TABLE), tuesday, t(9), t(12))  # 180, day not attended
    registration = make_registration(edition)
    assert services.attended_minutes(registration) == 0
    Attendance.objects.create(registration=registration, day=monday)
    assert services.attended_minutes(registration) == 90 + 75 + 30
    Attendance.objects.create(registration=registration, day=tuesday)
    assert services.attended_minutes(registration) == 90 + 75 + 30 + 180


def test_format_duration_oqlf():
    assert services.format_duration(195) == "3\xa0h\xa015"
    assert services.format_duration(360) == "6\xa0h"
    assert services.format_duration(5) == "0\xa0h\xa005"


def test_mark_present_twice_records_once_and_mark_absent_removes():
    edition = make_edition()
    day = _day(edition, 0)
    a, b = make_registration(edition), make_registration(edition)
    assert services.mark_present(day, [a, b]) == 2
    assert services.mark_present(day, [a]) == 0
    assert services.mark_absent(day, [a]) == 1
    assert list(day.attendances.values_list("registration", flat=True)) == [b.pk]


def test_attended_minutes_with_the_2025_programme_three_days():
    """The real week (fixtures/programme.json): Monday, Wednesday and Friday."""
    from django.core.management import call_command

    call_command("loaddata", "fixtures/programme.json", verbosity=0)
    edition = Edition.objects.current()
    registration = make_registration(edition)
    days = {day.date.isoformat(): day for day in edition.days.all()}
    for date in ["2025-10-20", "2025-10-22", "2025-10-24"]:
        Attendance.objects.create(registration=registration, day=days[date])
    # Monday 9 h – 10 h 30, 11 h – 12 h 15, 13 h 30 – 14 h 45, 15 h – 16 h 15 (the cocktail not counted);
    # Wednesday the same four blocks; Friday the synthesis, 9 h – 12 h 15.
    assert services.attended_minutes(registration) == (5 * 60 + 15) * 2 + 3 * 60 + 15
