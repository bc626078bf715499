"""« Dernières modifications »: what moved in the programme, newest first."""

import datetime

import time_machine

from automne.french import NBSP
from programme import change_effects
from programme.models import Occurrence, ProgrammeChange, Room, Session, SessionSpeaker, TimeSlot
from programme.tests.factories import make_speaker
from programme.tests.html_text import text, texts

CASE = "la-communaute-mixte-de-recherche-cmr-sante-mentale-handicap-psychique-en"


def test_loading_the_fixture_logs_nothing(client, week_2025):
    assert ProgrammeChange.objects.count() == 0
    html = client.get("/programme/modifications/").content.decode()
    assert "<p>Aucune modification pour le moment.</p>" in html


def test_changes_list_room_description_and_speaker_newest_first(client, week_2025):
    session = Session.objects.get(slug=CASE)
    occurrence = session.occurrences.get()
    with time_machine.travel(datetime.datetime(2025, 10, 14, 9, 5, tzinfo=datetime.UTC), tick=False):
        occurrence.room = Room.objects.get(name="Local 4037")
        change_effects.save(occurrence)
    with time_machine.travel(datetime.datetime(2025, 10, 15, 14, 30, tzinfo=datetime.UTC), tick=False):
        session.description = "Nouvelle description."
        session.description_status = Session.DescriptionStatus.FINAL
        change_effects.save(session)
    with time_machine.travel(datetime.datetime(2025, 10, 16, 12, 0, tzinfo=datetime.UTC), tick=False):
        change_effects.save(SessionSpeaker(session=session, speaker=make_speaker("Zoé", "Zénon"), order=5))
    html = client.get("/programme/modifications/").content.decode()
    title = f"La Communauté Mixte de Recherche (CMR) «{NBSP}Santé mentale-Handicap psychique{NBSP}» en Bretagne"
    assert texts(html, tag="li")[-3:] == [
        f"Jeudi 16 octobre 2025, 8{NBSP}h — {title}{NBSP}: Intervenant·e ajouté·e (Zoé Zénon)",
        f"Mercredi 15 octobre 2025, 10{NBSP}h{NBSP}30 — {title}{NBSP}: Description mise à jour (Définitive)",
        f"Mardi 14 octobre 2025, 5{NBSP}h{NBSP}05 — {title}{NBSP}: Salle attribuée (Local 4037 (4ᵉ étage))",
    ]
    assert f'<a href="/seances/{CASE}/">' in html


def test_saving_without_change_logs_nothing(week_2025):
    occurrence = Occurrence.objects.get(session__slug=CASE)
    change_effects.save(occurrence)
    change_effects.save(occurrence.session)
    assert ProgrammeChange.objects.count() == 0


def test_moving_an_occurrence_logs_its_new_time(week_2025):
    occurrence = Occurrence.objects.get(session__slug=CASE)
    occurrence.time_slot = TimeSlot.objects.get(day__date=datetime.date(2025, 10, 23), starts_at=datetime.time(13, 30))
    change_effects.save(occurrence)
    change = ProgrammeChange.objects.get()
    assert change.kind == ProgrammeChange.Kind.TIME
    assert change.detail == f"jeudi 23 octobre 2025 — 13{NBSP}h{NBSP}30 à 14{NBSP}h{NBSP}45 — Études de cas"


def test_changes_page_is_linked_from_the_week(client, week_2025):
    html = client.get("/programme/").content.decode()
    assert '<a href="/programme/modifications/">Dernières modifications</a>' in html
    assert text(client.get("/programme/modifications/").content.decode(), tag="h1") == "Dernières modifications"
