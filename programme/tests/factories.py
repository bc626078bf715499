"""Test data: a small synthetic edition, and a way to grow any programme tenfold
(for the query-count tests, which must give the same count at 1× and 10×)."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programme.models import Day, Edition, Occurrence, Partner, Room, Session, SessionSpeaker, Speaker, TimeSlot

_counter = itertools.count(1)


def make_edition(**fields):
    values = {
        "name": "École de test",
        "slug": f"ecole-{next(_counter)}",
        "is_current": True,
        "starts_on": datetime.date(2025, 10, 20),
        "ends_on": datetime.date(2025, 10, 24),
        "venue": "ÉNAP",
        "address": "4750, avenue Henri-Julien\nMontréal (Québec) H2T 3E5",
        "capacity": 100,
    }
    values.update(fields)
    return Edition.objects.create(**values)


def make_open_edition(**fields):
    """An edition still to come, taking registrations now (the 2025 dates are past: closed)."""
    starts_on = timezone.localdate() + datetime.timedelta(days=60)
    return make_edition(**{"starts_on": starts_on, "ends_on": starts_on + datetime.timedelta(days=4), **fields})


def edition_of_the_test():
    """Rooms, people and sessions made without an edition go to the current one (made if none)."""
    return Edition.objects.current() or make_edition()


def make_room(name, edition=None, **fields):
    return Room.objects.create(edition=edition or edition_of_the_test(), name=name, **fields)


def make_speaker(given_name="Alex", family_name=None, edition=None, **fields):
    n = next(_counter)
    family_name = family_name or f"Personne{n}"
    edition = edition or edition_of_the_test()
    return Speaker.objects.create(
        edition=edition, given_name=given_name, family_name=family_name, slug=f"p-{n}", **fields
    )


def make_session(kind=Session.Kind.CASE_STUDY, title=None, speakers=(), edition=None, **fields):
    n = next(_counter)
    edition = edition or edition_of_the_test()
    session = Session.objects.create(
        edition=edition, kind=kind, title=title or f"Séance {n}", slug=f"seance-{n}", **fields
    )
    for order, speaker in enumerate(speakers):
        SessionSpeaker.objects.create(session=session, speaker=speaker, order=order)
    return session


def schedule(session, day, start, end, room=None, label=""):
    slot, _ = TimeSlot.objects.get_or_create(day=day, starts_at=start, ends_at=end, defaults={"label": label})
    return Occurrence.objects.create(session=session, time_slot=slot, room=room)


def make_programme(edition=None):
    """A small week: two days, a keynote, parallel case studies, a break."""
    edition = edition or make_edition()
    Partner.objects.create(edition=edition, name="ENAP", role=Partner.Role.ORGANISER)
    room = make_room(f"Salle {next(_counter)}", edition=edition)
    for offset in range(2):
        day = Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))
        keynote = make_session(
            Session.Kind.KEYNOTE,
            speakers=[make_speaker(edition=edition)],
            language=Session.Language.ENGLISH,
            edition=edition,
        )
        schedule(keynote, day, datetime.time(9), datetime.time(10, 30), room=room)
        pause = make_session(Session.Kind.BREAK, title="Pause", edition=edition)
        schedule(pause, day, datetime.time(10, 30), datetime.time(11))
        for _ in range(3):
            case = make_session(
                speakers=[make_speaker(edition=edition), make_speaker(edition=edition)], edition=edition
            )
            schedule(case, day, datetime.time(13, 30), datetime.time(14, 45), label="Études de cas")
    return edition


def case_studies(edition):
    """The case studies of the edition's programme, in schedule order, with their session and day."""
    return list(
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )


def grow_programme(edition, times=10):
    """Adds (times - 1) copies of every day of the edition, with new sessions, speakers
    and their links, so that pages show `times` as much data."""
    days = list(edition.days.order_by("date"))
    span = (days[-1].date - days[0].date).days + 1 if days else 1
    for copy in range(1, times):
        for day in days:
            new_day = Day.objects.create(edition=edition, date=day.date + datetime.timedelta(days=span * copy))
            for slot in day.time_slots.all():
                new_slot = TimeSlot.objects.create(
                    day=new_day, starts_at=slot.starts_at, ends_at=slot.ends_at, label=slot.label
                )
                for occurrence in slot.occurrences.select_related("session"):
                    _copy_occurrence(occurrence, new_slot, copy)
    Edition.objects.filter(pk=edition.pk).update(ends_on=max(d.date for d in edition.days.all()))


def _copy_occurrence(occurrence, new_slot, copy):
    session = occurrence.session
    links = list(session.session_speakers.select_related("speaker"))
    clone = Session.objects.create(
        edition_id=session.edition_id,
        kind=session.kind,
        title=f"{session.title} ({copy})",
        slug=f"{session.slug}-{copy}-{new_slot.pk}",
        language=session.language,
        description=session.description,
        description_status=session.description_status,
        audience_note=session.audience_note,
    )
    for link in links:
        speaker = link.speaker
        new_speaker = Speaker.objects.create(
            edition_id=speaker.edition_id,
            given_name=speaker.given_name,
            family_name=f"{speaker.family_name}{copy}",
            title=speaker.title,
            organisation=speaker.organisation,
            slug=f"{speaker.slug}-{copy}-{clone.pk}",
        )
        SessionSpeaker.objects.create(session=clone, speaker=new_speaker, role=link.role, order=link.order)
    Occurrence.objects.create(session=clone, time_slot=new_slot, room=occurrence.room, order=occurrence.order)


def errors_of(instance):
    """The validation messages full_clean() gives, by field."""
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def t(hour, minute=0):
    return datetime.time(hour, minute)
