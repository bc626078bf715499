"""The 2025 edition as data (fixtures/programme.json): it loads into an empty database, a second load
changes nothing, and it holds the edition, its rooms, speakers and texts exactly as the sources print
them (or as fixtures/README.md documents). The week itself: test_fixture_week.py."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from automne.french import NBSP
from programme.models import Edition, Occurrence, Room, Session, Speaker
from programme.tests.factories import make_room
from programme.tests.fixture_data import (
    CONFLIT,
    EXPECTED_COUNTS,
    FIXTURE,
    FRI,
    LICER,
    MODELS,
    MON,
    THU,
    TRANSFORMER,
    TUE,
    WED,
    counts,
)

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
def test_fixture_new_rows_after_loading_get_fresh_primary_keys(programme_2025):
    # loaddata with explicit pks must leave PostgreSQL's sequences past them.
    session = Session.objects.create(
        edition=programme_2025, kind=Session.Kind.WORKSHOP, title="Nouvel atelier", slug="nouvel-atelier"
    )
    room = make_room("Local 4040")
    assert session.pk == 39
    assert room.pk == 6


@pytest.mark.django_db
def test_fixture_every_row_passes_the_admin_validation(programme_2025):
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
def test_edition_holds_the_event_information_as_printed(programme_2025):
    edition = Edition.objects.current()
    assert edition.name == "École d'automne sur la coproduction des services publics"
    assert edition.slug == "ecole-automne-2025"
    assert (edition.starts_on, edition.ends_on) == (MON, FRI)
    assert edition.venue == "ÉNAP"
    assert edition.address == "4750, avenue Henri-Julien\nMontréal (Québec) H2T 3E5"
    assert edition.contact_phone == "(514) 849-3989"
    assert edition.contact_email == "etudes@enap.ca"
    assert edition.course_label == "ENP7009 – Mobilisation des acteurs locaux – 3 crédits"
    assert edition.address_line == "4750, avenue Henri-Julien, Montréal (Québec) H2T 3E5"
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
def test_partners_in_order_with_their_role(programme_2025):
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


# ---------------------------------------------------------------- rooms, speakers, text


@pytest.mark.django_db
def test_rooms_are_the_printed_ones_and_salle_a_venir_is_no_room(programme_2025):
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
def test_room_of_every_logistics_slot_as_printed(programme_2025):
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
def test_speakers_with_role_and_organisation_as_printed(programme_2025):
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
def test_slugs_are_unique(programme_2025):
    session_slugs = list(Session.objects.values_list("slug", flat=True))
    speaker_slugs = list(Speaker.objects.values_list("slug", flat=True))
    assert len(set(session_slugs)) == len(session_slugs) == 38
    assert len(set(speaker_slugs)) == len(speaker_slugs) == 33


@pytest.mark.django_db
def test_description_status_prefixes_are_stripped_into_the_status(programme_2025):
    statuses = {}
    for session in Session.objects.exclude(kind__in=Session.LOGISTICS).exclude(kind="cocktail"):
        statuses[session.description_status] = statuses.get(session.description_status, 0) + 1
        assert not session.description.startswith(("Description", "Conférence en anglais", "(Conférence"))
        assert (session.description == "") == (session.description_status == "a_venir"), session.title
    assert statuses == {"provisoire": 12, "definitive": 8, "a_venir": 4}


@pytest.mark.django_db
def test_texts_follow_french_typography(programme_2025):
    texts = [s.title for s in Session.objects.all()] + [s.description for s in Session.objects.all()]
    texts += [f"{s.title} {s.organisation}" for s in Speaker.objects.all()]
    for text in texts:
        assert '"' not in text and "’" not in text, text
        assert "« " not in text and " »" not in text, text
    assert not Session.objects.filter(title__endswith=".").exists()


@pytest.mark.django_db
def test_session_primary_keys_are_stable_for_the_cahier(programme_2025):
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
