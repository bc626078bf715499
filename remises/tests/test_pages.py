"""The hand-in's pages in every phase of an edition (before registration opens, while it is open, during the
week, after it, past the cut-off, once another edition is current), their constant query counts at 1× and
10× hand-ins, « Mon espace » and the cahier's overview, and the glance's chart."""

import datetime
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from automne.french import NBSP
from programme.models import Edition
from programme.tests.factories import make_edition
from remises import grading, handing_in, team
from remises.models import Assessment
from remises.tests.factories import (
    AFTER_CUTOFF,
    BEFORE_DUE,
    LATE,
    make_participant,
    make_teacher,
    rubric_data,
    write,
)

pytestmark = pytest.mark.django_db
TAG = re.compile(r"<[^>]*>")


def text(response):
    return " ".join(html.unescape(TAG.sub(" ", response.content.decode())).replace(NBSP, " ").split())


def moment(*args):
    return timezone.make_aware(datetime.datetime(*args))


PHASES = [
    # (moment, what the page says, may hand in)
    (moment(2025, 8, 1, 9), "La remise ouvrira le lundi 20 octobre 2025 à 0 h", False),  # registration not open yet
    (moment(2025, 9, 15, 9), "La remise ouvrira le lundi 20 octobre 2025 à 0 h", False),  # registration open
    (moment(2025, 10, 21, 14), "Vous pouvez remettre votre cahier, le retirer", True),  # during the week
    (BEFORE_DUE, "Vous pouvez remettre votre cahier, le retirer", True),  # after the week
    (LATE, "une remise faite maintenant sera marquée « en retard »", True),
    (AFTER_CUTOFF, "La remise est close depuis le vendredi 21 novembre 2025 à 23 h 59", False),
]


@pytest.fixture
def phased(assignment):
    edition = assignment.edition
    edition.registration_opens_at = moment(2025, 9, 1, 9)
    edition.save()
    return assignment


@pytest.mark.parametrize("at, says, may", PHASES)
def test_the_hand_in_page_in_every_phase(client, phased, participant, at, says, may):
    edition = phased.edition
    write(participant, edition)
    client.force_login(participant)
    with time_machine.travel(at, tick=False):
        response = client.get(f"/cahier/{edition.slug}/remise/")
        assert response.status_code == 200
        assert says in text(response)
        assert ('<button type="submit">Remettre mon cahier' in response.content.decode()) == may
        seen = response.context["seen"]
        posted = client.post(f"/cahier/{edition.slug}/remise/", {"declaration": "oui", "apercu": seen})
    assert posted.status_code == (302 if may else 403)


@pytest.mark.parametrize("at, says, may", PHASES)
def test_the_teams_board_in_every_phase(client, phased, teacher, participant, at, says, may):
    client.force_login(teacher)
    with time_machine.travel(at, tick=False):
        response = client.get(f"/cahier/equipe/{phased.edition.slug}/remises/")
    assert response.status_code == 200
    assert "1 personne affichée · 0 remis à temps · 0 en retard · 1 non remis · 0 avec prolongation" in text(response)


def test_pages_work_once_another_edition_is_current(client, assignment, participant, teacher):
    write(participant, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    Edition.objects.update(is_current=False)
    make_edition(slug="ecole-2026", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    client.force_login(participant)
    with time_machine.travel(datetime.datetime(2026, 10, 20, 10, tzinfo=datetime.UTC), tick=False):
        page = text(client.get(f"/cahier/{assignment.edition.slug}/remise/"))
        assert "Votre cahier est remis" in page
        assert "Cahier remis le lundi 10 novembre 2025 à 10 h" in text(client.get("/mon-espace/"))
        client.force_login(teacher)
        assert client.get(f"/cahier/equipe/{assignment.edition.slug}/remises/").status_code == 200


def test_mon_espace_and_the_cahier_show_the_hand_in_then_the_grade(client, assignment, participant, teacher):
    edition = assignment.edition
    client.force_login(participant)
    with time_machine.travel(BEFORE_DUE, tick=False):
        assert "Cahier à remettre au plus tard le vendredi 14 novembre 2025 à 23 h 59." in text(
            client.get("/mon-espace/")
        )
        assert "À remettre au plus tard le vendredi 14 novembre 2025 à 23 h 59." in text(
            client.get(f"/cahier/{edition.slug}/")
        )
        write(participant, edition)
        handing_in.hand_in(participant, edition, accepted=True)
    assessment = Assessment.objects.get()
    with time_machine.travel(LATE, tick=False):
        grading.save(assessment, teacher, rubric_data(assessment))
        grading.mark_ready(assessment, teacher)
        assert "l'évaluation n'est pas encore publiée" in text(client.get("/mon-espace/"))
        grading.publish(assessment, teacher)
        assert "Note publiée : B , le lundi 17 novembre 2025 à 9 h 30." in text(client.get("/mon-espace/"))
        assert "Note publiée : B . Voir l'évaluation de mon cahier" in text(client.get(f"/cahier/{edition.slug}/"))


def test_no_hand_in_block_for_who_does_not_hand_in(client, assignment):
    from inscriptions.models import Registration

    attestation = make_participant(assignment, kind=Registration.Kind.ATTESTATION)
    client.force_login(attestation)
    assert "Évaluation du cahier" not in text(client.get("/mon-espace/"))
    assert "Remise du cahier" not in text(client.get(f"/cahier/{assignment.edition.slug}/"))


def grow(assignment, teacher, times):
    """`times` more participants: handed in (one late, one with an extension), graded, published."""
    for n in range(times):
        participant = make_participant(assignment)
        write(participant, assignment.edition, draw=True)
        with time_machine.travel(BEFORE_DUE, tick=False):
            handing_in.grant_extension(
                assignment,
                participant.pk,
                until=assignment.due_at + datetime.timedelta(hours=1),
                reason="x",
                by=teacher,
            )
            handing_in.hand_in(participant, assignment.edition, accepted=True)
        assessment = Assessment.objects.get(participant=participant)
        with time_machine.travel(LATE, tick=False):
            grading.save(assessment, teacher, rubric_data(assessment))
            grading.mark_ready(assessment, teacher)
            if n % 2:
                grading.publish(assessment, teacher)
        make_participant(assignment)  # and one who has not handed in


def queries(client, address):
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_the_teams_pages_query_counts_stay_constant_at_1x_and_10x(client, assignment, teacher):
    grow(assignment, teacher, 1)
    client.force_login(teacher)
    assessment = Assessment.objects.first()
    board = f"/cahier/equipe/{assignment.edition.slug}/remises/"
    page = f"/cahier/equipe/{assignment.edition.slug}/remises/{assessment.pk}/"
    with time_machine.travel(LATE, tick=False):
        first = (queries(client, board), queries(client, page), queries(client, board + "?remise=en_retard&etat=pret"))
        grow(assignment, teacher, 9)
        assert (
            queries(client, board),
            queries(client, page),
            queries(client, board + "?remise=en_retard&etat=pret"),
        ) == first
    # The board: session, user, current edition (header), the assignment, 4 for the rows, 2 for the glance.
    assert first == (9, 14, 9)


def prepare(assignment, teacher, participant, times):
    """`times` hand-ins by `participant` (all but the last withdrawn), and `times` publications of its assessment."""
    write(participant, assignment.edition, draw=True)
    with time_machine.travel(BEFORE_DUE, tick=False):
        for _ in range(times - 1):
            handed_in = handing_in.hand_in(participant, assignment.edition, accepted=True)
            handing_in.withdraw(participant, assignment.edition, handed_in.pk)
        handing_in.hand_in(participant, assignment.edition, accepted=True)
    assessment = Assessment.objects.get(participant=participant)
    with time_machine.travel(LATE, tick=False):
        for n in range(times):
            if n:
                grading.reopen(assessment, teacher, f"Révision {n}")
            assessment.refresh_from_db()
            grading.save(assessment, teacher, rubric_data(assessment))
            grading.mark_ready(assessment, teacher)
            grading.publish(assessment, teacher)


def test_the_participants_pages_query_counts_stay_constant_at_1x_and_10x(client, assignment, teacher):
    def counts(participant):
        client.force_login(participant)
        slug = assignment.edition.slug
        with time_machine.travel(LATE, tick=False):
            return queries(client, f"/cahier/{slug}/remise/"), queries(client, f"/cahier/{slug}/evaluation/")

    once = make_participant(assignment)
    prepare(assignment, teacher, once, 1)
    first = counts(once)
    grow(assignment, teacher, 3)
    tenfold = make_participant(assignment)
    prepare(assignment, teacher, tenfold, 10)
    assert counts(tenfold) == first
    assert first == (17, 4)


def test_the_glance_counts_states_charts_grades_and_times_publication(client, assignment, teacher):
    grow(assignment, teacher, 4)
    board = team.board(assignment)
    glance = team.at_a_glance(assignment, board.state_counts)
    assert board.state_counts == {"": 4, "a_evaluer": 0, "en_cours": 0, "pret": 2, "publie": 2}
    assert [(bar.label, bar.count) for bar in glance.bars if bar.count] == [("B", 2)]
    assert [bar.label for bar in glance.bars] == ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "E"]
    # handed in on Monday 10 November at 10 h, published on Monday 17 at 9 h 30: 6.98 days
    assert (glance.median_days, glance.longest_days, glance.published) == (7.0, 7.0, 2)
    client.force_login(teacher)
    page = client.get(f"/cahier/equipe/{assignment.edition.slug}/remises/").content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="repartition"' in svg
    assert svg.count("<rect") == 9
    assert re.search(r'<rect x="72" y="144" width="288\.0" height="28"', svg)  # B, the longest bar
    assert "," not in re.sub(r"<text[^>]*>[^<]*</text>", "", svg)  # no decimal comma in the coordinates
    assert '<th scope="row">B</th><td>2</td>' in page


def test_shared_cahiers_page_links_to_grading_for_the_editions_team_only(client, assignment, teacher):
    address = f"/cahier/equipe/{assignment.edition.slug}/"
    link = f'<a href="/cahier/equipe/{assignment.edition.slug}/remises/">'
    client.force_login(teacher)
    assert link in client.get(address).content.decode()
    client.force_login(make_teacher())
    page = client.get(address)
    assert page.status_code == 200 and link not in page.content.decode()
