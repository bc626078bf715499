"""Filters and search on the week page, the speakers' search, and bad input: a clear page, never a 500."""

import pytest

from automne.french import NBSP
from programme.models import Occurrence, Room, Session
from programme.tests.html_text import text, texts


def titles(html):
    return texts(html, css_class="occurrence__title")


def test_filter_by_kind_and_language_keeps_matching_sessions(client, week_2025):
    html = client.get("/programme/?kind=conference_magistrale&language=en").content.decode()
    assert text(html, css_class="results") == "3 séances correspondent à votre recherche."
    assert titles(html) == [
        "Co-Production, Leadership, and Administrative Capabilities: Challenges and Opportunities",
        "Strengthening Organizational Resilience: Co-Production as a Lever in Crisis Management",
        "Engaging Citizens in Co-Production: Motivations, Capabilities, and Opportunities",
    ]
    # The form shows the choices made, so the URL can be shared and refined.
    assert '<option value="conference_magistrale" selected>Conférence magistrale</option>' in html


def test_filter_by_room_and_by_room_to_come(client, week_2025):
    room = Room.objects.get(name="En ligne")
    html = client.get(f"/programme/?room={room.pk}").content.decode()
    assert titles(html) == ["Activité de synthèse"]
    html = client.get("/programme/?room=a-venir&kind=table_ronde").content.decode()
    assert titles(html) == ["Coproduction en temps de crise et enjeux éthiques", "Coproduction et mise en œuvre"]


def test_search_covers_titles_descriptions_and_speakers_without_accents(client, week_2025):
    by_speaker = titles(client.get("/programme/?q=lesperance").content.decode())
    assert by_speaker == []  # words are matched as written, apostrophe included
    by_speaker = titles(client.get("/programme/?q=L%27ESPERANCE").content.decode())
    assert by_speaker == [
        "Pourquoi une École d'automne sur la coproduction des services publics s'intéressant aux secteurs municipal "
        f"et de la santé{NBSP}?",
        "Co-production and evaluation",
    ]
    by_description = titles(client.get("/programme/?q=Nicolet").content.decode())
    assert (
        by_description
        == ["Transformer les services publics et les territoires par la coproduction et l'innovation sociale"] * 2
    )
    by_title = titles(client.get("/programme/?q=m%C3%A9nage+handicap").content.decode())
    assert by_title == []
    by_title = titles(client.get("/programme/?q=sante+mentale+handicap").content.decode())
    assert by_title == [
        f"La Communauté Mixte de Recherche (CMR) «{NBSP}Santé mentale-Handicap psychique{NBSP}» en Bretagne"
    ]


def test_search_without_result_says_so(client, week_2025):
    html = client.get("/programme/?q=introuvable").content.decode()
    assert text(html, css_class="results") == "Aucune séance ne correspond à votre recherche."
    assert titles(html) == []


def test_breaks_are_hidden_when_filtering(client, week_2025):
    html = client.get("/programme/?q=pause").content.decode()
    assert titles(html) == []


@pytest.mark.parametrize(
    "query, label",
    [
        ("kind=pause", "Type"),
        ("kind=nimporte", "Type"),
        ("language=de", "Langue"),
        ("room=999999", "Salle"),
        ("room=%27%3B+DROP+TABLE", "Salle"),
    ],
)
def test_unknown_filter_value_is_reported_and_ignored(client, week_2025, query, label):
    response = client.get(f"/programme/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    warning = text(html, css_class="message--warning")
    assert warning.startswith(
        f"Certains filtres n'ont pas pu être appliqués{NBSP}: {label}{NBSP}: Sélectionnez un choix valide."
    )
    # Nothing else filters: the whole programme, without the breaks.
    content = Occurrence.objects.exclude(session__kind__in=Session.LOGISTICS).count()
    assert text(html, css_class="results") == f"{content} séances correspondent à votre recherche."


@pytest.mark.parametrize(
    "query",
    ["q=" + "a" * 10_000, "q=%25", "q=%5C", "q=_", "q=%E2%80%AE", "kind[]=x", "q=a&q=b"],
)
def test_absurd_search_strings_give_a_clear_page(client, week_2025, query):
    response = client.get(f"/programme/?{query}")
    assert response.status_code == 200
    assert "séance" in text(response.content.decode(), css_class="results")


@pytest.mark.parametrize("path", ["/programme/?q=%00", "/programme/?q=%00%00abc", "/intervenants/?q=%00"])
def test_nul_in_a_search_is_refused_in_french_as_everywhere(client, week_2025, path):
    """One rule for every input (automne/clean_input.py): a NUL character is refused, with a 400."""
    response = client.get(path)
    assert response.status_code == 400
    assert "contient un caractère invalide (caractère nul" in response.content.decode()


def test_overlong_search_is_refused_with_a_french_message(client, week_2025):
    html = client.get("/programme/?q=" + "a" * 10_000).content.decode()
    assert text(html, css_class="message--warning") == (
        f"Certains filtres n'ont pas pu être appliqués{NBSP}: Rechercher{NBSP}: Assurez-vous que cette valeur comporte "
        "au plus 200 caractères (actuellement 10000)."
    )


@pytest.mark.parametrize("query", ["q=" + "é" * 10_000, "q=%FF%FE", "q=%"])
def test_absurd_speaker_search_gives_a_clear_page(client, week_2025, query):
    response = client.get(f"/intervenants/?{query}")
    assert response.status_code == 200
    assert text(response.content.decode(), tag="h1") == "Intervenant·e·s"


def test_unknown_filter_value_is_explained_beside_its_field(client, week_2025):
    html = client.get("/programme/?kind=nimporte").content.decode()
    assert 'aria-describedby="id_kind_error"' in html
    assert text(html, id="id_kind_error") == "Sélectionnez un choix valide. nimporte n’en fait pas partie."
