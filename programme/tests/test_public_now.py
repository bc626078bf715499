"""« Maintenant »: what runs now and what comes next, in Montréal time, with a frozen clock."""

import datetime
import zoneinfo

import pytest
import time_machine

from automne.french import NBSP
from programme.tests.conftest import nbsp
from programme.tests.html_text import text, texts

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


def now_page(client, *when):
    with time_machine.travel(datetime.datetime(*when, tzinfo=MONTREAL), tick=False):
        response = client.get("/maintenant/")
    assert response.status_code == 200
    return response.content.decode()


def sections(html):
    """{"En ce moment": [...], "À suivre": [...]}: the slot headings and card titles under each h2."""
    main = html.split("<main", 1)[1]
    now_part, next_part = main.split("<h2>À suivre</h2>")
    return {
        "now": texts(now_part, css_class="slot__time") + texts(now_part, css_class="occurrence__title"),
        "next": texts(next_part, css_class="slot__time") + texts(next_part, css_class="occurrence__title"),
    }


def test_now_on_tuesday_at_13_40_shows_case_studies_then_pause_and_workshops(client, week_2025):
    html = now_page(client, 2025, 10, 21, 13, 40)
    assert text(html, css_class="lead") == nbsp("Il est 13 h 40, mardi 21 octobre 2025 (heure de Montréal).")
    found = sections(html)
    assert found["now"] == [
        nbsp("13 h 30 à 14 h 45 — Études de cas"),
        f"L'expérimentation réglementaire{NBSP}: un levier d'innovation pour les municipalités",
        f"La Communauté Mixte de Recherche (CMR) «{NBSP}Santé mentale-Handicap psychique{NBSP}» en Bretagne",
        f"Coproduction et soins à domicile{NBSP}: l'exemple du CIUSSS Centre-Sud-de-l'Île-de-Montréal",
    ]
    assert found["next"] == [
        nbsp("14 h 45 à 15 h"),
        nbsp("15 h à 16 h 15 — Ateliers pratiques"),
        "Pause · Local 4037 (4ᵉ étage)",
        "Favoriser une posture propice à la coproduction et à l'expérimentation",
        "Conflit de valeurs publiques en coproduction et expérimentation réglementaire",
        "Passage à l'action",
    ]


def test_now_at_the_end_of_a_slot_moves_on(client, week_2025):
    # 14 h 45 exactly: the case studies are over, the pause has begun.
    found = sections(now_page(client, 2025, 10, 21, 14, 45))
    assert found["now"] == [nbsp("14 h 45 à 15 h"), "Pause · Local 4037 (4ᵉ étage)"]
    assert found["next"][0] == nbsp("15 h à 16 h 15 — Ateliers pratiques")


def test_now_in_the_evening_points_to_next_morning(client, week_2025):
    html = now_page(client, 2025, 10, 21, 22, 0)
    assert "<p>Aucune séance en ce moment.</p>" in html
    found = sections(html)
    assert found["next"] == [
        nbsp("9 h à 10 h 30"),
        "Strengthening Organizational Resilience: Co-Production as a Lever in Crisis Management",
    ]
    assert '<p class="muted">Mercredi 22 octobre 2025</p>' in html


def test_now_after_the_last_session_says_it_is_over(client, week_2025):
    html = now_page(client, 2025, 10, 24, 13, 0)
    assert "Plus rien au programme&nbsp;: c'était la dernière séance de l'École." in html


def test_now_outside_the_event_says_when_it_was_or_will_be(client, week_2025):
    after = now_page(client, 2025, 11, 3, 10, 0)
    assert text(after, css_class="lead") == (
        "L'École a eu lieu du lundi 20 octobre 2025 au vendredi 24 octobre 2025, ÉNAP."
    )
    assert '<a href="/programme/">Consulter le programme</a>' in after
    assert "En ce moment" not in after
    before = now_page(client, 2025, 10, 19, 23, 59)
    assert text(before, css_class="lead") == (
        "L'École aura lieu du lundi 20 octobre 2025 au vendredi 24 octobre 2025, ÉNAP."
    )


def test_now_uses_montreal_time_not_utc(client, week_2025):
    # 17 h 40 UTC is 13 h 40 in Montréal (EDT, UTC−4).
    with time_machine.travel(datetime.datetime(2025, 10, 21, 17, 40, tzinfo=datetime.UTC), tick=False):
        html = client.get("/maintenant/").content.decode()
    assert sections(html)["now"][0] == nbsp("13 h 30 à 14 h 45 — Études de cas")


def test_now_is_never_cached(client, week_2025):
    first = now_page(client, 2025, 10, 21, 13, 40)
    second = now_page(client, 2025, 10, 21, 15, 10)
    assert first != second
    with time_machine.travel(datetime.datetime(2025, 10, 21, 13, 40, tzinfo=MONTREAL), tick=False):
        response = client.get("/maintenant/")
    # Asked again every time; an anonymous visitor's copy is everyone's (the service worker keeps it).
    assert set(response["Cache-Control"].split(", ")) == {"no-cache", "public"}
    assert "Cookie" in response["Vary"].split(", ")
    assert "Last-Modified" not in response and "ETag" not in response


@pytest.mark.django_db
def test_now_of_a_logged_in_person_is_private(participant_client, edition):
    with time_machine.travel(datetime.datetime(2025, 10, 21, 13, 40, tzinfo=MONTREAL), tick=False):
        response = participant_client.get("/maintenant/")
    assert set(response["Cache-Control"].split(", ")) == {"no-cache", "private"}
    assert "Se déconnecter" in response.content.decode()
