"""The 2025 edition as data (fixtures/programme.json): it loads into an empty database, a
second load changes nothing, and it holds the week exactly as the sources print it (or as
fixtures/README.md documents)."""

import datetime
import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from programme.models import (
    Day,
    Edition,
    Occurrence,
    Partner,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    TimeSlot,
)

FIXTURE = settings.BASE_DIR / "fixtures" / "programme.json"
NBSP = "\xa0"
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


def load_programme():
    call_command("loaddata", str(FIXTURE), verbosity=0)


@pytest.fixture
def programme(db):
    load_programme()


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


# ---------------------------------------------------------------- loading


@pytest.mark.django_db
def test_load_initial_data_fills_an_empty_database_with_the_whole_edition():
    assert all(n == 0 for n in counts().values())

    call_command("load_initial_data", stdout=StringIO())

    assert counts() == EXPECTED_COUNTS


@pytest.mark.django_db
def test_load_initial_data_second_run_changes_nothing_and_keeps_an_organizer_edit():
    call_command("load_initial_data", stdout=StringIO())
    before = counts()
    lecture = Occurrence.objects.get(session__title="Rethinking Public Management Through Co-Production")
    lecture.room = Room.objects.get(name="Verrière")
    lecture.save()
    Session.objects.filter(pk=lecture.session_id).update(description="Texte corrigé par l'équipe.")

    out = StringIO()
    call_command("load_initial_data", stdout=out)

    assert counts() == before
    lecture.refresh_from_db()
    assert lecture.room.name == "Verrière"
    assert lecture.session.description == "Texte corrigé par l'équipe."
    assert "programme.json : déjà chargé" in out.getvalue()


@pytest.mark.django_db
def test_fixture_new_rows_after_loading_get_fresh_primary_keys(programme):
    # loaddata with explicit pks must leave PostgreSQL's sequences past them.
    session = Session.objects.create(kind=Session.Kind.WORKSHOP, title="Nouvel atelier", slug="nouvel-atelier")
    room = Room.objects.create(name="Local 4040")
    assert session.pk == 39
    assert room.pk == 6


@pytest.mark.django_db
def test_fixture_every_row_passes_the_admin_validation(programme):
    # The organizers' validation (times, dates, room and speaker clashes) accepts the week as loaded.
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_fixture_file_uses_explicit_integer_pks_and_only_programme_models():
    entries = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert {entry["model"].split(".")[0] for entry in entries} == {"programme"}
    assert all(isinstance(entry["pk"], int) for entry in entries)


# ---------------------------------------------------------------- the edition


@pytest.mark.django_db
def test_edition_holds_the_event_information_as_printed(programme):
    edition = Edition.objects.current()
    assert edition.name == "École d'automne sur la coproduction des services publics"
    assert edition.slug == "ecole-automne-2025"
    assert (edition.starts_on, edition.ends_on) == (MON, FRI)
    assert edition.venue == "ÉNAP"
    assert edition.address == "4750, avenue Henri-Julien\nMontréal (Québec) H2T 3E5"
    assert edition.contact_phone == "(514) 849-3989"
    assert edition.contact_email == "etudes@enap.ca"
    assert edition.course_label == "ENP7009 – Mobilisation des acteurs locaux – 3 crédits"
    assert edition.attestation_text == "Les employé.e.s peuvent demander une attestation de formation."
    assert edition.capacity == 120
    assert edition.objective_list == [
        "Comprendre les fondements théoriques et légaux de la coproduction.",
        "Explorer des cas concrets et des expériences internationales.",
        "Développer des compétences pratiques (leadership collaboratif, design de services, méthodes participatives).",
        "Créer des ponts entre théorie, pratique et innovation.",
    ]
    assert edition.presentation.startswith("Cette école propose une programmation diversifiée combinant")
    assert edition.presentation.endswith("vise les objectifs suivants :")


@pytest.mark.django_db
def test_partners_in_order_with_their_role(programme):
    partners = [(p.name, p.role) for p in Edition.objects.current().partners.all()]
    assert partners == [
        ("École nationale d'administration publique (ÉNAP)", "organise"),
        ("Cité-ID LivingLab", "organise"),
        ("École des hautes études en santé publique (EHESP)", "partenaire"),
        ("Maison de l'innovation sociale (MIS)", "partenaire"),
        ("Ville de Montréal", "partenaire"),
        ("CIUSSS du Centre-Sud-de-l'Île-de-Montréal", "partenaire"),
        ("Chaire en leadership dans le secteur public de l'ÉNAP", "collaboration"),
        ("Conseil de recherches en sciences humaines du Canada (CRSH)", "soutien"),
        ("Réseau de prévention des crises en santé (Précrisa)", "participation"),
    ]


# ---------------------------------------------------------------- the week


@pytest.mark.django_db
def test_time_slots_of_each_day_with_exact_times_and_labels(programme):
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
def test_occurrences_per_day_content_and_logistics(programme):
    per_day = {}
    for date in (MON, TUE, WED, THU, FRI):
        on_day = Occurrence.objects.filter(time_slot__day__date=date)
        per_day[date] = (on_day.count(), on_day.content().count(), on_day.exclude(pk__in=on_day.content()).count())
    assert per_day == {
        MON: (9, 5, 4),  # accueil, 2 pauses, dîner
        TUE: (11, 8, 3),
        WED: (10, 7, 3),
        THU: (9, 6, 3),
        FRI: (1, 1, 0),
    }


@pytest.mark.django_db
def test_schedule_kinds_in_order_each_day(programme):
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
def test_opening_lecture_is_elke_loeffler_monday_11h_salle_de_concert_in_english(programme):
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
def test_english_sessions_are_the_four_lectures_and_co_production_and_evaluation(programme):
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
def test_monday_opening_activity_and_evaluation_case_study(programme):
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
def test_opening_round_table_panel_is_the_news_articles(programme):
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
def test_tuesday_13h30_has_exactly_three_parallel_case_studies(programme):
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
def test_tuesday_and_wednesday_workshops(programme):
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
def test_wednesday_11h_round_table_and_13h30_case_studies(programme):
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
def test_thursday_13h30_case_studies_follow_the_web_page_without_licer(programme):
    assert [o.session.title for o in occurrences_at(THU, "13:30")] == [
        "Coproduction et numérique – L'exemple de la MRC de Thérèse-De Blainville",
        "Coproduction et logement social – Le cas des Habitations Saint-Michel Nord",
        TRANSFORMER,
    ]


@pytest.mark.django_db
def test_thursday_round_table_names_only_the_printed_panelists(programme):
    [table] = occurrences_at(THU, "11:00")
    assert table.session.title == "Coproduction et mise en œuvre"
    assert speakers_of(table.session) == [
        ("Caitlin McMullin", "paneliste"),
        ("Maud Moqué", "paneliste"),
        ("Laurence Bherer", "paneliste"),
    ]
    assert "un acteur du milieu municipal partagera sa perspective" in table.session.description


@pytest.mark.django_db
def test_repeated_sessions_are_one_session_scheduled_on_their_days(programme):
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
def test_thursday_ends_with_the_closing_activity_and_friday_is_the_online_synthesis(programme):
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


# ---------------------------------------------------------------- rooms, speakers, text


@pytest.mark.django_db
def test_rooms_are_the_printed_ones_and_salle_a_venir_is_no_room(programme):
    rooms = [(r.name, r.location_detail, r.is_online) for r in Room.objects.order_by("pk")]
    assert rooms == [
        ("Salle de concert", "", False),
        ("Local 4037", "4ᵉ étage", False),
        ("Verrière", "", False),
        ("Vestibule de la salle de concert", "", False),
        ("En ligne", "", True),
    ]
    assert not Room.objects.filter(name__icontains="venir").exists()
    assert Occurrence.objects.without_room().count() == 19


@pytest.mark.django_db
def test_room_of_every_logistics_slot_as_printed(programme):
    logistics = [
        (o.time_slot.day.date, o.time_slot.starts_at.strftime("%H:%M"), o.session.title, o.room_label)
        for o in Occurrence.objects.in_schedule_order().select_related("session", "room", "time_slot__day")
        if o.session.is_logistics or o.session.kind == "cocktail"
    ]
    local = "Local 4037 (4ᵉ étage)"
    vestibule = "Vestibule de la salle de concert"
    assert logistics == [
        (MON, "08:30", "Accueil", "Salle de concert"),
        (MON, "10:30", "Pause", "Salle à venir"),
        (MON, "12:15", "Dîner", local),
        (MON, "14:45", "Pause", "Salle à venir"),
        (MON, "16:30", "Cocktail réseautage", "Verrière"),
        (TUE, "10:30", "Pause / réseautage", vestibule),
        (TUE, "12:15", "Dîner / réseautage", local),
        (TUE, "14:45", "Pause", local),
        (WED, "10:30", "Pause / réseautage", vestibule),
        (WED, "12:15", "Dîner / réseautage", local),
        (WED, "14:45", "Pause", local),
        (THU, "10:30", "Pause / réseautage", vestibule),
        (THU, "12:15", "Dîner / réseautage", local),
        (THU, "14:45", "Pause", local),
    ]


@pytest.mark.django_db
def test_speakers_with_role_and_organisation_as_printed(programme):
    printed = {
        s.slug: (s.honorific, s.title, s.organisation, s.country)
        for s in Speaker.objects.filter(
            slug__in=["trui-steen", "sandra-lapointe", "alexandre-berkesse", "genevieve-baril"]
        )
    }
    assert printed == {
        "trui-steen": (
            "",
            "Professeure titulaire et directrice",
            "KU Leuven (Université catholique de Louvain) & Public Governance Institute",
            "Belgique",
        ),
        "sandra-lapointe": (
            "",
            "Professeure et Directrice",
            "McMaster University & The Collaborative",
            "Ontario, Canada",
        ),
        "alexandre-berkesse": (
            "",
            "Professeur associé et directeur de programme, formation et mobilisation (État, entreprises et citoyens)",
            "École des hautes études de santé publique et Services du Premier ministre",
            "France",
        ),
        "genevieve-baril": ("", "Ph.D. et Codirectrice stratégie et innovation", "Cité-ID de l'ÉNAP", ""),
    }
    assert Speaker.objects.get(slug="audrey-lesperance").sort_name == "lesperance audrey"


@pytest.mark.django_db
def test_slugs_are_unique(programme):
    session_slugs = list(Session.objects.values_list("slug", flat=True))
    speaker_slugs = list(Speaker.objects.values_list("slug", flat=True))
    assert len(set(session_slugs)) == len(session_slugs) == 38
    assert len(set(speaker_slugs)) == len(speaker_slugs) == 33


@pytest.mark.django_db
def test_description_status_prefixes_are_stripped_into_the_status(programme):
    statuses = {}
    for session in Session.objects.exclude(kind__in=Session.LOGISTICS).exclude(kind="cocktail"):
        statuses[session.description_status] = statuses.get(session.description_status, 0) + 1
        assert not session.description.startswith(("Description", "Conférence en anglais", "(Conférence"))
        assert (session.description == "") == (session.description_status == "a_venir"), session.title
    assert statuses == {"provisoire": 12, "definitive": 8, "a_venir": 4}


@pytest.mark.django_db
def test_texts_follow_french_typography(programme):
    texts = [s.title for s in Session.objects.all()] + [s.description for s in Session.objects.all()]
    texts += [f"{s.title} {s.organisation}" for s in Speaker.objects.all()]
    for text in texts:
        assert '"' not in text and "’" not in text, text
        assert "« " not in text and " »" not in text, text
    assert not Session.objects.filter(title__endswith=".").exists()


@pytest.mark.django_db
def test_session_primary_keys_are_stable_for_the_cahier(programme):
    # fixtures/cahier.json and fixtures/README.md refer to these pks.
    content = dict(
        Session.objects.exclude(kind__in=[*Session.LOGISTICS, "cocktail"]).order_by("pk").values_list("pk", "title")
    )
    assert content == {
        2: "Pourquoi une École d'automne sur la coproduction des services publics s'intéressant aux secteurs "
        "municipal et de la santé ?",
        4: "Rethinking Public Management Through Co-Production",
        6: "Co-production and evaluation",
        8: "Coproduction sous l'angle du politique",
        10: "Co-Production, Leadership, and Administrative Capabilities: Challenges and Opportunities",
        12: "Coproduction, adaptabilité organisationnelle et innovation publique : le difficile équilibre entre "
        "exploitation et exploration",
        14: LICER,
        15: f"La Communauté Mixte de Recherche (CMR) «{NBSP}Santé mentale-Handicap psychique{NBSP}» en Bretagne",
        16: "Coproduction et soins à domicile : l'exemple du CIUSSS Centre-Sud-de-l'Île-de-Montréal",
        18: "Favoriser une posture propice à la coproduction et à l'expérimentation",
        19: CONFLIT,
        20: "Passage à l'action",
        21: "Strengthening Organizational Resilience: Co-Production as a Lever in Crisis Management",
        23: "Coproduction en temps de crise et enjeux éthiques",
        25: "Le Conseil national de la refondation en santé – Une démarche collaborative territoriale",
        26: "Le Common Operating Picture (COP) de Londres : un outil de gouvernance collaborative pour renforcer "
        "la résilience urbaine",
        27: TRANSFORMER,
        29: "Mobiliser l'empathie pour concevoir des services publics inclusifs – étude de cas sur les vagues de "
        "chaleur et les populations vulnérables",
        30: "Engaging Citizens in Co-Production: Motivations, Capabilities, and Opportunities",
        32: "Coproduction et mise en œuvre",
        34: "Coproduction et numérique – L'exemple de la MRC de Thérèse-De Blainville",
        35: "Coproduction et logement social – Le cas des Habitations Saint-Michel Nord",
        37: "Activité de clôture",
        38: "Activité de synthèse",
    }
