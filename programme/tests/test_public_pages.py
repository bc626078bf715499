"""The public programme pages, read as a participant reads them (2025 edition from fixtures/)."""

import pytest

from automne.french import NBSP
from programme.models import Occurrence, Room, Session, Speaker
from programme.tests.conftest import nbsp
from programme.tests.html_text import text, texts

TUESDAY = "/programme/2025-10-21/"
REPEATED_WORKSHOP = "conflit-de-valeurs-publiques-en-coproduction-et-experimentation-reglementaire"
ROUND_TABLE = "coproduction-adaptabilite-organisationnelle-et-innovation-publique-le-difficile"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_shows_event_objectives_participation_partners_and_keynotes(client, week_2025):
    html = page(client, "/")
    assert text(html, tag="h1") == "École d'automne sur la coproduction des services publics"
    assert text(html, css_class="lead") == "Du lundi 20 octobre 2025 au vendredi 24 octobre 2025, ÉNAP"
    assert "<li>Créer des ponts entre théorie, pratique et innovation.</li>" in html
    assert texts(html, css_class="ways") == [
        "Formation créditée ENP7009 – Mobilisation des acteurs locaux – 3 crédits "
        "Attestation de formation Les employé.e.s peuvent demander une attestation de formation."
    ]
    assert 'href="/inscription/"' in html
    assert texts(html, css_class="partners")[0] == "École nationale d'administration publique (ÉNAP) Cité-ID LivingLab"
    assert texts(html, tag="h3")[-5:] == [
        "Organisé par",
        "Partenaires",
        "En collaboration avec",
        "Avec le soutien financier de",
        "Avec la participation de",
    ]
    keynotes = texts(html, css_class="keynotes")[0]
    assert nbsp("Co-Production, Leadership, and Administrative Capabilities: Challenges and Opportunities ") in keynotes
    assert nbsp("Mardi 21 octobre 2025, 9 h à 10 h 30 Sanna Tuurnas") in keynotes
    assert texts(html, tag="address") == [
        "ÉNAP 4750, avenue Henri-Julien Montréal (Québec) H2T 3E5 (514) 849-3989 etudes@enap.ca"
    ]


def test_day_page_lists_slots_in_order_with_rooms_speakers_and_notes(client, week_2025):
    html = page(client, TUESDAY)
    assert text(html, tag="h1") == "Mardi 21 octobre 2025"
    assert texts(html, css_class="slot__time") == [
        nbsp("9 h à 10 h 30"),
        nbsp("10 h 30 à 11 h"),
        nbsp("11 h à 12 h 15"),
        nbsp("12 h 15 à 13 h 30"),
        nbsp("13 h 30 à 14 h 45 — Études de cas"),
        nbsp("14 h 45 à 15 h"),
        nbsp("15 h à 16 h 15 — Ateliers pratiques"),
    ]
    cards = texts(html, css_class="occurrence")
    assert cards[2] == (
        f"Table ronde Coproduction, adaptabilité organisationnelle et innovation publique{NBSP}: le difficile équilibre "
        "entre exploitation et exploration Salle de concert Jonathan Brown, Sandra Lapointe, Kathy Malas "
        "Description à venir"
    )
    assert cards[3] == "Dîner / réseautage · Local 4037 (4ᵉ étage)"
    assert cards[4] == (
        f"Étude de cas L'expérimentation réglementaire{NBSP}: un levier d'innovation pour les municipalités "
        "Salle à venir Malik Dehbi-Talbot, Stéphane Guidoin"
    )
    assert f'<time datetime="2025-10-21T13:30:00-04:00">13{NBSP}h{NBSP}30</time>' in html


def test_day_page_marks_english_sessions_and_quiet_breaks(client, week_2025):
    html = page(client, TUESDAY)
    assert texts(html, css_class="badge--en") == ["En anglais"]
    assert (
        '<a href="/seances/co-production-leadership-and-administrative-capabilities-challenges-and/" lang="en">' in html
    )
    assert texts(html, css_class="slot--quiet") == [
        nbsp("10 h 30 à 11 h Pause / réseautage · Vestibule de la salle de concert"),
        nbsp("12 h 15 à 13 h 30 Dîner / réseautage · Local 4037 (4ᵉ étage)"),
        nbsp("14 h 45 à 15 h Pause · Local 4037 (4ᵉ étage)"),
    ]
    assert len(texts(html, css_class="slot--parallel")) == 2


def test_week_page_shows_every_day_with_links(client, week_2025):
    html = page(client, "/programme/")
    assert texts(html, tag="h2")[:-1] == [
        "Lundi 20 octobre 2025",
        "Mardi 21 octobre 2025",
        "Mercredi 22 octobre 2025",
        "Jeudi 23 octobre 2025",
        "Vendredi 24 octobre 2025",
    ]
    assert '<a href="/programme/2025-10-23/">Jeudi 23 octobre 2025</a>' in html
    assert len(texts(html, css_class="occurrence")) == Occurrence.objects.count()


def test_session_page_shows_dates_parallel_sessions_speakers_and_calendar_link(client, week_2025):
    html = page(client, f"/seances/{REPEATED_WORKSHOP}/")
    assert text(html, tag="h1") == "Conflit de valeurs publiques en coproduction et expérimentation réglementaire"
    assert text(html, css_class="session__repeat") == "Cette séance est offerte 2 fois."
    assert texts(html, css_class="session__date") == [
        nbsp("Mardi 21 octobre 2025, 15 h à 16 h 15"),
        nbsp("Mercredi 22 octobre 2025, 15 h à 16 h 15"),
    ]
    assert texts(html, css_class="session__room") == ["Salle à venir", "Salle à venir"]
    assert texts(html, css_class="session__parallel") == [
        "Favoriser une posture propice à la coproduction et à l'expérimentation · Salle à venir "
        "Passage à l'action · Salle à venir",
        "Mobiliser l'empathie pour concevoir des services publics inclusifs – étude de cas sur les vagues de chaleur "
        "et les populations vulnérables · Salle à venir",
    ]
    assert texts(html, css_class="speakers") == [
        "Greg Labrosse, Animation Conseiller en innovation sociale, Maison de l'innovation sociale"
    ]
    assert '<a href="/intervenants/greg-labrosse/">Greg Labrosse</a>' in html
    assert f'<a class="button" href="/seances/{REPEATED_WORKSHOP}.ics">Ajouter à mon agenda</a>' in html
    assert text(html, css_class="facts") == "Type Atelier pratique Langue Français"


def test_session_page_shows_room_detail_status_and_audience(client, week_2025):
    session = Session.objects.get(slug=ROUND_TABLE)
    html = page(client, session.get_absolute_url())
    assert texts(html, css_class="session__room") == ["Salle de concert"]
    assert text(html, css_class="status-note") == "Description à venir"

    occurrence = session.occurrences.get()
    occurrence.room = Room.objects.get(name="Local 4037")
    occurrence.save()
    session.description_status = Session.DescriptionStatus.PROVISIONAL
    session.audience_note = "Pour les étudiant(e)s inscrit(e)s au cours ENP7009"
    session.save()
    html = page(client, session.get_absolute_url())
    assert texts(html, css_class="session__room") == ["Local 4037 (4ᵉ étage)"]
    assert text(html, css_class="status-note") == "Description provisoire"
    assert text(html, css_class="facts") == (
        "Type Table ronde Langue Français Public Pour les étudiant(e)s inscrit(e)s au cours ENP7009"
    )


def test_english_session_page_has_title_in_english(client, week_2025):
    html = page(client, "/seances/co-production-and-evaluation/")
    assert '<h1 lang="en">Co-production and evaluation</h1>' in html
    assert text(html, css_class="facts") == "Type Étude de cas Langue Anglais"


def test_speakers_index_sorts_family_names_in_french_order(client, week_2025):
    html = page(client, "/intervenants/")
    family_names = [entry.split(",")[0] for entry in texts(html, css_class="person")]
    assert len(family_names) == Speaker.objects.filter(sessions__isnull=False).distinct().count()
    # Accents, case and apostrophes do not count: L'Espérance sorts as "lesperance".
    assert family_names[family_names.index("Lapointe") : family_names.index("Libersan") + 1] == [
        "Lapointe",
        "L'Espérance",
        "Libersan",
    ]
    assert family_names[family_names.index("Malas") : family_names.index("Moreau") + 1] == [
        "Malas",
        "McMullin",
        "Moqué",
        "Moreau",
    ]
    assert texts(html, css_class="letter")[:3] == ["B", "C", "D"]


def test_speakers_search_ignores_accents_and_case(client, week_2025):
    html = page(client, "/intervenants/?q=esperance")
    assert texts(html, css_class="person") == ["L'Espérance, Audrey — École nationale d'administration publique"]
    html = page(client, "/intervenants/?q=zzz")
    assert f"Aucune personne ne correspond à «{NBSP}zzz{NBSP}»." in text(html, tag="main")


def test_speaker_page_lists_role_organisation_and_sessions(client, week_2025):
    html = page(client, "/intervenants/audrey-lesperance/")
    assert text(html, tag="h1") == "Audrey L'Espérance"
    assert text(html, css_class="lead") == "Professeure adjointe"
    assert texts(html, css_class="card") == [
        nbsp(
            "Activité d'ouverture · Panéliste Pourquoi une École d'automne sur la coproduction des services publics "
            f"s'intéressant aux secteurs municipal et de la santé{NBSP}? Lundi 20 octobre 2025, 9 h à 10 h 30 · Salle de concert"
        ),
        nbsp(
            "Étude de cas · Conférencier·ère Co-production and evaluation "
            "Lundi 20 octobre 2025, 13 h 30 à 14 h 45 · Salle de concert"
        ),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/programme/2025-10-25/",
        "/programme/2025-02-30/",
        "/programme/lundi/",
        "/programme/2025-10-2/",
        "/programme/20251021/",
        "/seances/nexiste-pas/",
        "/seances/nexiste-pas.ics",
        "/intervenants/personne-inconnue/",
    ],
)
def test_unknown_day_session_or_speaker_gives_404(client, week_2025, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_session_not_scheduled_gives_404(client, week_2025):
    Session.objects.create(edition=week_2025, kind=Session.Kind.CASE_STUDY, title="Brouillon", slug="brouillon")
    assert client.get("/seances/brouillon/").status_code == 404


def test_pages_without_edition_give_404_except_home_and_now(client, db):
    assert client.get("/").status_code == 200
    assert client.get("/maintenant/").status_code == 200
    for url in ["/programme/", "/intervenants/", "/programme.ics", "/programme.json", "/programme/modifications/"]:
        assert client.get(url).status_code == 404, url


def test_post_is_refused_on_public_pages(client, week_2025):
    assert client.post("/programme/").status_code == 405
