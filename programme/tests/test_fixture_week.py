"""The week of the 2025 edition as data (fixtures/programme.json): its days, time slots and sessions
exactly as the sources print them (or as fixtures/README.md documents)."""

import pytest

from automne.french import NBSP
from programme.models import Occurrence, Session, Speaker, TimeSlot
from programme.tests.fixture_data import (
    CONFLIT,
    FRI,
    LICER,
    MON,
    THU,
    TRANSFORMER,
    TUE,
    WED,
    occurrences_at,
    speakers_of,
    t,
)

# ---------------------------------------------------------------- the week


@pytest.mark.django_db
def test_time_slots_of_each_day_with_exact_times_and_labels(programme_2025):
    week = {}
    for slot in TimeSlot.objects.select_related("day"):
        week.setdefault(slot.day.date, []).append(
            (slot.starts_at.strftime("%H:%M"), slot.ends_at.strftime("%H:%M"), slot.label)
        )
    morning = [("09:00", "10:30", ""), ("10:30", "11:00", ""), ("11:00", "12:15", ""), ("12:15", "13:30", "")]
    assert week == {
        MON: [
            ("08:30", "09:00", ""),
            *morning,
            ("13:30", "14:45", ""),
            ("14:45", "15:00", ""),
            ("15:00", "16:15", ""),
            ("16:30", "18:00", ""),
        ],
        TUE: [
            *morning,
            ("13:30", "14:45", "Études de cas"),
            ("14:45", "15:00", ""),
            ("15:00", "16:15", "Ateliers pratiques"),
        ],
        WED: [
            *morning,
            ("13:30", "14:45", "Études de cas"),
            ("14:45", "15:00", ""),
            ("15:00", "16:15", "Ateliers pratiques"),
        ],
        THU: [*morning, ("13:30", "14:45", "Études de cas"), ("14:45", "15:00", ""), ("16:30", "17:30", "")],
        FRI: [("09:00", "12:15", "")],
    }


@pytest.mark.django_db
def test_occurrences_per_day_content_and_logistics(programme_2025):
    per_day = {}
    for date in (MON, TUE, WED, THU, FRI):
        on_day = Occurrence.objects.filter(time_slot__day__date=date)
        per_day[date] = (
            on_day.count(),
            on_day.exclude(session__kind__in=Session.LOGISTICS).count(),
            on_day.filter(session__kind__in=Session.LOGISTICS).count(),
        )
    assert per_day == {
        MON: (9, 5, 4),  # accueil, 2 pauses, dîner
        TUE: (11, 8, 3),
        WED: (10, 7, 3),
        THU: (9, 6, 3),
        FRI: (1, 1, 0),
    }


@pytest.mark.django_db
def test_schedule_kinds_in_order_each_day(programme_2025):
    kinds = {}
    for occurrence in Occurrence.objects.in_schedule_order().select_related("session", "time_slot__day"):
        kinds.setdefault(occurrence.time_slot.day.date, []).append(occurrence.session.kind)
    assert kinds == {
        MON: [
            "accueil",
            "activite_ouverture",
            "pause",
            "conference_ouverture",
            "repas",
            "etude_de_cas",
            "pause",
            "table_ronde",
            "cocktail",
        ],
        TUE: ["conference_magistrale", "pause", "table_ronde", "repas"]
        + ["etude_de_cas"] * 3
        + ["pause"]
        + ["atelier"] * 3,
        WED: ["conference_magistrale", "pause", "table_ronde", "repas"]
        + ["etude_de_cas"] * 3
        + ["pause"]
        + ["atelier"] * 2,
        THU: ["conference_magistrale", "pause", "table_ronde", "repas"] + ["etude_de_cas"] * 3 + ["pause", "cloture"],
        FRI: ["synthese"],
    }


@pytest.mark.django_db
def test_opening_lecture_is_elke_loeffler_monday_11h_salle_de_concert_in_english(programme_2025):
    [occurrence] = occurrences_at(MON, "11:00")
    session = occurrence.session
    assert session.kind == Session.Kind.OPENING_LECTURE
    assert session.title == "Rethinking Public Management Through Co-Production"
    assert session.language == "en"
    assert session.description_status == "provisoire"
    assert session.description.startswith("Cette conférence d'ouverture, prononcée par Elke Loeffler,")
    assert (occurrence.time_slot.starts_at, occurrence.time_slot.ends_at) == (t("11:00"), t("12:15"))
    assert occurrence.room.name == "Salle de concert"
    [link] = session.session_speakers.select_related("speaker")
    loeffler = link.speaker
    assert link.role == "conferencier"
    assert (loeffler.given_name, loeffler.family_name) == ("Elke", "Loeffler")
    assert loeffler.title == "Directrice de Governance International et Associée de INLOGOV"
    assert loeffler.organisation == "Governance International et University of Birmingham"
    assert loeffler.country == "Royaume-Uni"


@pytest.mark.django_db
def test_english_sessions_are_the_four_lectures_and_co_production_and_evaluation(programme_2025):
    english = {(s.title, s.kind) for s in Session.objects.filter(language="en")}
    assert english == {
        ("Rethinking Public Management Through Co-Production", "conference_ouverture"),
        ("Co-production and evaluation", "etude_de_cas"),
        (
            "Co-Production, Leadership, and Administrative Capabilities: Challenges and Opportunities",
            "conference_magistrale",
        ),
        (
            "Strengthening Organizational Resilience: Co-Production as a Lever in Crisis Management",
            "conference_magistrale",
        ),
        ("Engaging Citizens in Co-Production: Motivations, Capabilities, and Opportunities", "conference_magistrale"),
    }


@pytest.mark.django_db
def test_monday_opening_activity_and_evaluation_case_study(programme_2025):
    [opening] = occurrences_at(MON, "09:00")
    assert opening.session.kind == "activite_ouverture"
    assert opening.session.title == (
        "Pourquoi une École d'automne sur la coproduction des services publics s'intéressant aux secteurs "
        "municipal et de la santé ?"
    )
    assert [name for name, role in speakers_of(opening.session)] == [
        "Alexandre Berkesse",
        "Jonathan Brown",
        "Sylvain Duchesne",
        "Marie-Christine Ladouceur-Girard",
        "Audrey L'Espérance",
        "Marie-Christine Therrien",
    ]
    [evaluation] = occurrences_at(MON, "13:30")
    assert evaluation.session.title == "Co-production and evaluation"
    assert evaluation.session.description_status == "definitive"
    assert evaluation.room.name == "Salle de concert"
    assert speakers_of(evaluation.session) == [
        ("Mark Pickup", "conferencier"),
        ("Audrey L'Espérance", "conferencier"),
    ]


@pytest.mark.django_db
def test_opening_round_table_panel_is_the_news_articles(programme_2025):
    [occurrence] = occurrences_at(MON, "15:00")
    session = occurrence.session
    assert session.title == "Coproduction sous l'angle du politique"
    assert session.kind == Session.Kind.ROUND_TABLE
    assert (session.description, session.description_status) == ("", "a_venir")
    assert occurrence.room.name == "Salle de concert"
    assert (occurrence.time_slot.starts_at, occurrence.time_slot.ends_at) == (t("15:00"), t("16:15"))
    assert speakers_of(session) == [
        ("Hugo Cyr", "mot_ouverture"),
        ("Geneviève Baril", "animation"),
        ("Marie Grégoire", "paneliste"),
        ("Véronique Hivon", "paneliste"),
        ("Hélène David", "paneliste"),
    ]
    gregoire = Speaker.objects.get(slug="marie-gregoire")
    assert (gregoire.title, gregoire.organisation) == ("Présidente-directrice générale", "BAnQ")


@pytest.mark.django_db
def test_tuesday_13h30_has_exactly_three_parallel_case_studies(programme_2025):
    block = occurrences_at(TUE, "13:30")
    assert [(o.session.title, o.session.kind, o.room) for o in block] == [
        (LICER, "etude_de_cas", None),
        (
            f"La Communauté Mixte de Recherche (CMR) «{NBSP}Santé mentale-Handicap psychique{NBSP}» en Bretagne",
            "etude_de_cas",
            None,
        ),
        (
            "Coproduction et soins à domicile : l'exemple du CIUSSS Centre-Sud-de-l'Île-de-Montréal",
            "etude_de_cas",
            None,
        ),
    ]
    assert {o.time_slot.label for o in block} == {"Études de cas"}
    assert {(o.time_slot.starts_at, o.time_slot.ends_at) for o in block} == {(t("13:30"), t("14:45"))}


@pytest.mark.django_db
def test_tuesday_and_wednesday_workshops(programme_2025):
    assert [(o.session.title, speakers_of(o.session)) for o in occurrences_at(TUE, "15:00")] == [
        (
            "Favoriser une posture propice à la coproduction et à l'expérimentation",
            [("André Fortin", "animation")],
        ),
        (CONFLIT, [("Greg Labrosse", "animation")]),
        ("Passage à l'action", [("Alexandre Berkesse", "animation")]),
    ]
    assert [o.session.title for o in occurrences_at(WED, "15:00")] == [
        "Mobiliser l'empathie pour concevoir des services publics inclusifs – étude de cas sur les vagues de "
        "chaleur et les populations vulnérables",
        CONFLIT,
    ]


@pytest.mark.django_db
def test_wednesday_11h_round_table_and_13h30_case_studies(programme_2025):
    [table] = occurrences_at(WED, "11:00")
    assert table.session.title == "Coproduction en temps de crise et enjeux éthiques"
    assert table.room is None  # "Salle à venir"
    assert speakers_of(table.session) == [
        ("Marie-Eve Bouthillier", "paneliste"),
        ("Malorie Flon", "paneliste"),
        ("Lucie Opatrny", "paneliste"),
    ]
    assert Speaker.objects.get(slug="lucie-opatrny").honorific == "Dre"
    assert [(o.session.title, speakers_of(o.session)) for o in occurrences_at(WED, "13:30")] == [
        (
            "Le Conseil national de la refondation en santé – Une démarche collaborative territoriale",
            [("Alexandre Berkesse", "conferencier")],
        ),
        (
            "Le Common Operating Picture (COP) de Londres : un outil de gouvernance collaborative pour renforcer "
            "la résilience urbaine",
            [("Marie-Christine Therrien", "conferencier")],
        ),
        (TRANSFORMER, [("Sarah Libersan", "conferencier"), ("Guillaume-Félix Boucher", "conferencier")]),
    ]


@pytest.mark.django_db
def test_thursday_13h30_case_studies_follow_the_web_page_without_licer(programme_2025):
    assert [o.session.title for o in occurrences_at(THU, "13:30")] == [
        "Coproduction et numérique – L'exemple de la MRC de Thérèse-De Blainville",
        "Coproduction et logement social – Le cas des Habitations Saint-Michel Nord",
        TRANSFORMER,
    ]


@pytest.mark.django_db
def test_thursday_round_table_names_only_the_printed_panelists(programme_2025):
    [table] = occurrences_at(THU, "11:00")
    assert table.session.title == "Coproduction et mise en œuvre"
    assert speakers_of(table.session) == [
        ("Caitlin McMullin", "paneliste"),
        ("Maud Moqué", "paneliste"),
        ("Laurence Bherer", "paneliste"),
    ]
    assert "un acteur du milieu municipal partagera sa perspective" in table.session.description


@pytest.mark.django_db
def test_repeated_sessions_are_one_session_scheduled_on_their_days(programme_2025):
    days = {
        title: [o.time_slot.day.date for o in Session.objects.get(title=title).occurrences.all()]
        for title in (CONFLIT, TRANSFORMER, LICER)
    }
    assert days == {CONFLIT: [TUE, WED], TRANSFORMER: [WED, THU], LICER: [TUE]}
    assert Session.objects.filter(title__in=[CONFLIT, TRANSFORMER, LICER]).count() == 3
    # Only content offered twice shares a session: every other session is scheduled once.
    repeated = {s.title for s in Session.objects.all() if s.occurrences.count() > 1}
    assert repeated == {CONFLIT, TRANSFORMER}


@pytest.mark.django_db
def test_thursday_ends_with_the_closing_activity_and_friday_is_the_online_synthesis(programme_2025):
    [closing] = occurrences_at(THU, "16:30")
    assert (closing.session.kind, closing.session.description_status, closing.room) == ("cloture", "a_venir", None)
    [synthesis] = Occurrence.objects.filter(time_slot__day__date=FRI).select_related("session", "room", "time_slot")
    assert synthesis.session.kind == Session.Kind.SYNTHESIS
    assert (synthesis.time_slot.starts_at, synthesis.time_slot.ends_at) == (t("09:00"), t("12:15"))
    assert (synthesis.room.name, synthesis.room.is_online) == ("En ligne", True)
    assert synthesis.session.audience_note == (
        "Pour les étudiant(e)s inscrit(e)s au cours ENP7009 – Mobilisation des acteurs locaux"
    )
    assert synthesis.session.description == "Information complète disponible dans le plan du cours et sur Athenap."
