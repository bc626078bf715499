"""The 2025 edition as data (fixtures/programme.json), for the tests that read it: its file, its
counts, its days, and the questions those tests ask of it."""

import datetime

from django.conf import settings

from programme.models import Day, Edition, Occurrence, Partner, Room, Session, SessionSpeaker, Speaker, TimeSlot

FIXTURE = settings.BASE_DIR / "fixtures" / "programme.json"
MODELS = [Edition, Partner, Day, TimeSlot, Room, Speaker, Session, SessionSpeaker, Occurrence]
EXPECTED_COUNTS = {
    Edition: 1,
    Partner: 9,
    Day: 5,
    TimeSlot: 31,
    Room: 5,
    Speaker: 33,
    Session: 38,
    SessionSpeaker: 41,
    Occurrence: 40,
}

MON, TUE, WED, THU, FRI = (datetime.date(2025, 10, d) for d in range(20, 25))

LICER = "L'expérimentation réglementaire : un levier d'innovation pour les municipalités"
CONFLIT = "Conflit de valeurs publiques en coproduction et expérimentation réglementaire"
TRANSFORMER = "Transformer les services publics et les territoires par la coproduction et l'innovation sociale"


def t(text):
    """ "13:30" -> time(13, 30)."""
    return datetime.time.fromisoformat(text)


def counts():
    return {model: model.objects.count() for model in MODELS}


def occurrences_at(date, start):
    return list(
        Occurrence.objects.filter(time_slot__day__date=date, time_slot__starts_at=t(start))
        .select_related("session", "room", "time_slot")
        .order_by("order")
    )


def speakers_of(session):
    return [
        (link.speaker.full_name, link.role)
        for link in session.session_speakers.select_related("speaker").order_by("order")
    ]
