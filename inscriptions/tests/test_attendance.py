"""Attendance and the hours it attests (inscriptions/attendance.py)."""

import datetime

import pytest

from automne.french import NBSP
from inscriptions import attendance
from inscriptions.models import Attendance
from inscriptions.tests.factories import make_registration
from programme.models import Day, Edition, Session
from programme.tests.factories import make_edition, make_session, schedule

pytestmark = pytest.mark.django_db


def _day(edition, offset):
    return Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))


def test_attested_minutes_count_content_once_and_only_days_present():
    edition = make_edition()
    monday, tuesday, wednesday = _day(edition, 0), _day(edition, 1), _day(edition, 2)
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
    assert attendance.attested(registration) == attendance.Attested(days=(), minutes=0)
    Attendance.objects.create(registration=registration, day=monday)
    assert attendance.attested(registration).minutes == 90 + 75 + 30
    Attendance.objects.create(registration=registration, day=tuesday)
    assert attendance.attested(registration).minutes == 90 + 75 + 30 + 180
    Attendance.objects.create(registration=registration, day=wednesday)  # a day with nothing scheduled
    assert attendance.attested(registration) == attendance.Attested(
        days=(monday.date, tuesday.date, wednesday.date), minutes=90 + 75 + 30 + 180
    )


def test_mark_present_twice_records_once_and_mark_absent_removes():
    edition = make_edition()
    day = _day(edition, 0)
    a, b = make_registration(edition), make_registration(edition)
    assert attendance.mark_present(day, [a, b]) == 2
    assert attendance.mark_present(day, [a]) == 0
    assert attendance.mark_absent(day, [a]) == 1
    assert list(day.attendances.values_list("registration", flat=True)) == [b.pk]


def test_attested_with_the_2025_programme_three_days():
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
    attested = attendance.attested(registration)
    assert attested.minutes == (5 * 60 + 15) * 2 + 3 * 60 + 15
    assert attested.hours == f"13{NBSP}h{NBSP}45"
    assert attested.days == (datetime.date(2025, 10, 20), datetime.date(2025, 10, 22), datetime.date(2025, 10, 24))
    assert attested.hours_line == f"Heures de formation suivies{NBSP}: 13{NBSP}h{NBSP}45"
    assert attested.dates == "lundi 20 octobre 2025, mercredi 22 octobre 2025, vendredi 24 octobre 2025"
    assert attested.days_line == f"Présence notée{NBSP}: {attested.dates}"
