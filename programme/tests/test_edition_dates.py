"""The dates of the programme: a time slot ends after it starts, and days and time slots stay within
their edition. Each refusal is checked with the exact message an organizer reads."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from programme.models import Day, TimeSlot
from programme.tests.factories import errors_of, t

pytestmark = pytest.mark.django_db


# End after start


def test_time_slot_ending_before_it_starts_is_refused(monday):
    slot = TimeSlot(day=monday, starts_at=t(14), ends_at=t(13, 30))
    assert errors_of(slot) == {"ends_at": ["L'heure de fin doit être après l'heure de début."]}


def test_time_slot_ending_when_it_starts_is_refused(monday):
    slot = TimeSlot(day=monday, starts_at=t(14), ends_at=t(14))
    assert errors_of(slot) == {"ends_at": ["L'heure de fin doit être après l'heure de début."]}


def test_time_slot_ending_after_it_starts_is_valid(monday):
    TimeSlot(day=monday, starts_at=t(13, 30), ends_at=t(14, 45)).full_clean()


# Within the edition


def test_day_before_the_edition_is_refused(monday):
    day = Day(edition=monday.edition, date=datetime.date(2025, 10, 19))
    assert errors_of(day) == {
        "date": [
            "Le dimanche 19 octobre 2025 est hors des dates de l'édition "
            "(du lundi 20 octobre 2025 au vendredi 24 octobre 2025)."
        ]
    }


def test_day_after_the_edition_is_refused(monday):
    day = Day(edition=monday.edition, date=datetime.date(2025, 10, 25))
    assert errors_of(day)["date"] == [
        "Le samedi 25 octobre 2025 est hors des dates de l'édition "
        "(du lundi 20 octobre 2025 au vendredi 24 octobre 2025)."
    ]


def test_day_first_or_last_of_the_edition_is_valid(monday):
    Day(edition=monday.edition, date=datetime.date(2025, 10, 24)).full_clean()
    monday.full_clean()


def test_time_slot_on_a_day_outside_its_edition_is_refused(monday):
    # A day saved before the edition's dates were shortened.
    stray = Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 24))
    type(monday.edition).objects.filter(pk=monday.edition.pk).update(ends_on=datetime.date(2025, 10, 23))
    stray.refresh_from_db()
    slot = TimeSlot(day=stray, starts_at=t(9), ends_at=t(10))
    assert errors_of(slot) == {
        "day": [
            "Le vendredi 24 octobre 2025 est hors des dates de l'édition "
            "(du lundi 20 octobre 2025 au jeudi 23 octobre 2025)."
        ]
    }


def test_edition_ending_before_it_starts_is_refused(monday):
    edition = monday.edition
    edition.ends_on = datetime.date(2025, 10, 19)
    assert errors_of(edition) == {"ends_on": ["Le dernier jour doit être le premier jour ou après."]}


def test_edition_shortened_past_its_days_is_refused(monday):
    Day.objects.create(edition=monday.edition, date=datetime.date(2025, 10, 24))
    edition = monday.edition
    edition.ends_on = datetime.date(2025, 10, 22)
    assert errors_of(edition) == {
        NON_FIELD_ERRORS: ["Des journées du programme seraient hors de ces dates : vendredi 24 octobre 2025."]
    }
