"""Results: for organizers every session and question, for a speaker their own sessions after the
last day, for nobody else; never under 5 answers; counts, means and distributions exact, as SVG bars
with a table beside; the .xlsx export; constant query counts at 1× and 10× the answers."""

import html
import io
import re

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from appreciations import access, ratings, results
from appreciations.tests.conftest import AFTER, DURING, answers, moment, participants_who_chose
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher

pytestmark = pytest.mark.django_db
CLOSED = moment(31, 13)


def rate_all(users, session, scores, comments=None):
    with time_machine.travel(DURING, tick=False):
        for n, (user, score) in enumerate(zip(users, scores, strict=True)):
            ratings.rate(user, session, str(score), (comments or [""] * len(users))[n], DURING)


@pytest.fixture
def rated(edition, cases):
    """The first case study rated by 6 participants: 5, 4, 4, 3, 5, 1 (mean 22/6 ≈ 3,7); the second by 4."""
    rate_all(
        participants_who_chose(edition, cases[0], 6),
        cases[0].session,
        [5, 4, 4, 3, 5, 1],
        ["Très utile", "", "<script>alert(1)</script>", "", "Trop court", ""],
    )
    rate_all(participants_who_chose(edition, cases[1], 4), cases[1].session, [5, 5, 5, 5])
    return cases


def answer_all(client, questionnaire, edition, count, **values):
    with time_machine.travel(moment(25, 10), tick=False):
        for _ in range(count):
            client.force_login(make_registration(edition).user)
            url = reverse("appreciations:questionnaire", kwargs={"edition": edition.slug})
            assert client.post(url, answers(questionnaire, **values)).status_code == 302


def results_url(edition):
    return reverse("appreciations:results", kwargs={"edition": edition.slug})


def session_url(session):
    return reverse("appreciations:session_results", kwargs={"edition": session.edition.slug, "slug": session.slug})


def text(response):
    return html.unescape(response.content.decode())


def test_the_session_result_counts_means_and_distributes_exactly(rated, edition):
    with time_machine.travel(AFTER, tick=False):
        from appreciations import anonymity

        anonymity.seal_ratings(edition, AFTER)
    found = {r.session.pk: r for r in results.sessions(edition)}
    first, second = found[rated[0].session.pk], found[rated[1].session.pk]
    assert (first.count, first.shown, first.distribution.counts, first.mean_label) == (6, True, [1, 0, 1, 2, 2], "3,7")
    assert [(row.label, row.count, row.percent) for row in first.distribution.rows] == [
        ("1 (le plus bas)", 1, "17\xa0%"),
        ("2", 0, "0\xa0%"),
        ("3", 1, "17\xa0%"),
        ("4", 2, "33\xa0%"),
        ("5 (le plus haut)", 2, "33\xa0%"),
    ]
    assert sorted(first.comments) == ["<script>alert(1)</script>", "Trop court", "Très utile"]
    assert (second.count, second.shown, second.distribution, second.comments) == (4, False, None, [])
    bars = first.distribution.chart.bars
    assert [bar.width for bar in bars] == [152.0, 0.0, 152.0, 304.0, 304.0]  # scaled to the largest count


def test_an_organizer_reads_every_sessions_results_after_the_last_day(client, rated, edition):
    client.force_login(make_organizer())
    with time_machine.travel(DURING, tick=False):
        page = text(client.get(results_url(edition)))
        assert "10 appréciations reçues jusqu'ici." in page and "3,7" not in page
    with time_machine.travel(AFTER, tick=False):
        page = text(client.get(results_url(edition)))
        assert re.search(
            rf">{re.escape(rated[0].session.title)}</a></th>\s*<td class=\"number\">6</td>\s*<td class=\"number\">3,7</td>",
            page,
        )
        assert re.search(rf">{re.escape(rated[1].session.title)}</a></th>\s*<td class=\"number\">moins de 5</td>", page)
        detail = client.get(session_url(rated[0].session)).content.decode()
    assert '<svg class="chart" viewBox="0 0 360' in detail
    assert '<th scope="row">4</th><td class="number">2</td><td class="number">33\xa0%</td>' in detail
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert" not in detail
    assert "<strong>3,7</strong> sur 5 en moyenne, 6 appréciations." in detail


def test_fewer_than_5_ratings_show_nothing_of_them(client, rated, edition):
    client.force_login(make_organizer())
    with time_machine.travel(AFTER, tick=False):
        page = text(client.get(session_url(rated[1].session)))
    assert "Moins de 5\xa0appréciations\xa0: le résultat n'est pas montré" in page
    assert "<svg" not in page


ROLES = [
    "anonyme",
    "participant",
    "participant d'une autre édition",
    "équipe pédagogique",
    "intervenant·e d'une autre séance",
    "intervenant·e de la séance",
    "organisateur",
]


def person(role, edition, other_edition, cases):
    return {
        "participant": lambda: make_registration(edition).user,
        "participant d'une autre édition": lambda: make_registration(other_edition).user,
        "équipe pédagogique": make_teacher,
        "intervenant·e d'une autre séance": lambda: make_speaker_account(cases[1].session.speakers.first()),
        "intervenant·e de la séance": lambda: make_speaker_account(cases[0].session.speakers.first()),
        "organisateur": make_organizer,
    }[role]()


# (results page, .xlsx, the session's results during the week, after the last day)
EXPECTED = {
    "participant": (403, 403, 403, 403),
    "participant d'une autre édition": (403, 403, 403, 403),
    "équipe pédagogique": (403, 403, 403, 403),
    "intervenant·e d'une autre séance": (403, 403, 403, 403),
    "intervenant·e de la séance": (403, 403, 403, 200),
    "organisateur": (200, 200, 200, 200),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_who_reads_which_results(client, rated, edition, other_edition, role):
    client.force_login(person(role, edition, other_edition, rated))
    with time_machine.travel(DURING, tick=False):
        statuses = [
            client.get(url).status_code
            for url in (
                results_url(edition),
                f"/appreciations/{edition.slug}/resultats.xlsx",
                session_url(rated[0].session),
            )
        ]
    with time_machine.travel(AFTER, tick=False):
        response = client.get(session_url(rated[0].session))
        statuses.append(response.status_code)
    assert tuple(statuses) == EXPECTED[role]
    if role == "intervenant·e de la séance":
        assert "<strong>3,7</strong> sur 5" in response.content.decode()


def test_a_refused_speaker_is_told_why(client, rated, edition, other_edition):
    client.force_login(person("intervenant·e de la séance", edition, other_edition, rated))
    with time_machine.travel(DURING, tick=False):
        page = text(client.get(session_url(rated[0].session)))
    assert access.AFTER_THE_END.format(date="vendredi 24 octobre 2025") in page
    with time_machine.travel(AFTER, tick=False):
        assert str(access.NOT_YOUR_SESSION) in text(client.get(session_url(rated[1].session)))


def test_a_visitor_is_asked_to_log_in(client, rated, edition):
    for url in (results_url(edition), session_url(rated[0].session), f"/appreciations/{edition.slug}/resultats.xlsx"):
        assert client.get(url)["Location"] == f"/connexion/?next={url}"


def test_another_editions_session_under_this_editions_address_is_404(client, rated, edition, other_edition):
    from programme.models import Session

    elsewhere = Session.objects.filter(edition=other_edition).exclude(kind__in=Session.LOGISTICS).first()
    client.force_login(make_organizer())
    url = reverse("appreciations:session_results", kwargs={"edition": edition.slug, "slug": elsewhere.slug})
    assert client.get(url).status_code == 404


def test_the_questionnaires_results_once_closed(client, questionnaire, edition):
    answer_all(client, questionnaire, edition, 3, scale="5", single="0", multiple=("0", "1"), text="Bravo")
    answer_all(client, questionnaire, edition, 2, scale="2", single="2", multiple=("2",), text="")
    client.force_login(make_organizer())
    with time_machine.travel(moment(26, 10), tick=False):
        page = text(client.get(results_url(edition)))
        assert "5 réponses reçues jusqu'ici. Les résultats seront lisibles à la fermeture" in page
    with time_machine.travel(CLOSED, tick=False):
        page = text(client.get(results_url(edition)))
    found = {r.question.order: r for r in results.questionnaire(questionnaire)}
    assert (found[0].count, found[0].distribution.counts, found[0].mean_label) == (5, [0, 2, 0, 0, 3], "3,8")
    assert found[1].distribution.counts == [3, 0, 2]
    assert (found[2].count, found[2].distribution.counts) == (5, [3, 3, 2])  # people, not choices
    assert (found[3].count, found[3].shown, found[3].texts) == (3, False, [])  # 3 texts: fewer than 5
    assert "Choix unique" not in page and "Un seul choix · 5 réponses" in page
    assert "Texte libre · 3 réponses" in page and "Moins de 5\xa0réponses\xa0: le résultat n'est pas montré." in page
    assert page.count('<svg class="chart"') == 3


def test_the_xlsx_export_holds_what_the_page_shows(client, rated, questionnaire, edition):
    answer_all(client, questionnaire, edition, 5, text="=1+1")
    client.force_login(make_organizer())
    with time_machine.travel(CLOSED, tick=False):
        response = client.get(f"/appreciations/{edition.slug}/resultats.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="evaluations-{edition.slug}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Séances", "Commentaires des séances", "Questionnaire", "Réponses libres"]
    sessions = list(book["Séances"].values)
    assert sessions[0] == ("Séance", "Réponses", "Moyenne", "Note 1", "Note 2", "Note 3", "Note 4", "Note 5")
    assert (rated[0].session.title, 6, 3.67, 1, 0, 1, 2, 2) in sessions
    assert (rated[1].session.title, "moins de 5", None, None, None, None, None, None) in sessions
    assert sorted(row[1] for row in list(book["Commentaires des séances"].values)[1:]) == [
        "<script>alert(1)</script>",
        "Trop court",
        "Très utile",
    ]
    free = list(book["Réponses libres"].values)[1:]
    assert [row[1] for row in free] == ["=1+1"] * 5  # text, never a formula
    assert book["Réponses libres"]["B2"].data_type == "s"


def test_the_results_pages_have_the_same_query_count_at_one_and_ten_times_the_answers(
    client, edition, cases, questionnaire, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    organizer = make_organizer()
    rate_all(participants_who_chose(edition, cases[0], 5), cases[0].session, [4] * 5, ["Bien"] * 5)
    answer_all(client, questionnaire, edition, 5)
    client.force_login(organizer)
    pages = [results_url(edition), session_url(cases[0].session)]
    with time_machine.travel(CLOSED, tick=False):
        for url in pages:
            client.get(url)  # seals, once
        counts = []
        for url in pages:
            with CaptureQueriesContext(connection) as once:
                client.get(url)
            counts.append(len(once))
    # 45 more ratings and answers, in another edition's week (the first is sealed): the counts stay.
    from appreciations.models import Answer, SessionRating

    SessionRating.objects.bulk_create(
        [SessionRating(session=cases[0].session, score=1 + n % 5, comment=f"c{n}") for n in range(45)]
    )
    Answer.objects.bulk_create(
        [
            Answer(
                question=q,
                number=3 if q.kind == "echelle" else (0 if q.kind == "choix_unique" else None),
                options=[1] if q.kind == "choix_multiples" else [],
                text="t" if q.kind == "texte" else "",
            )
            for q in questionnaire.questions.all()
            for _ in range(45)
        ]
    )
    client.force_login(organizer)
    with time_machine.travel(CLOSED, tick=False):
        for url, count in zip(pages, counts, strict=True):
            with django_assert_num_queries(count):
                assert client.get(url).status_code == 200
        assert text(client.get(session_url(cases[0].session))).count("<li>c") == 45


def test_the_admins_home_leads_organizers_to_the_results(client, edition):
    client.force_login(make_organizer())
    page = client.get("/admin/").content.decode()
    assert f'<a href="/appreciations/{edition.slug}/resultats/">Résultats des évaluations (École de test)</a>' in page
