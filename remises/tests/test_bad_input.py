"""Never a 500 from input: every form of the hand-in and its assessment fed any text answers 4xx in French (or
does what a valid form does), and a refused one changes nothing."""

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remises import handing_in
from remises.models import Assessment, Extension, HandIn, Publication
from remises.tests.factories import BEFORE_DUE, LATE, make_assignment, make_participant, make_teacher, write

pytestmark = pytest.mark.django_db
# Any text a form could carry (no NUL nor lone surrogate: the middleware refuses those first, tested there).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)
ANY = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@pytest.fixture
def setup(db):
    assignment = make_assignment()
    teacher = make_teacher(assignment)
    person = make_participant(assignment)
    write(person, assignment.edition)
    with time_machine.travel(BEFORE_DUE, tick=False):
        handing_in.hand_in(person, assignment.edition, accepted=True)
    return assignment, teacher, person, Assessment.objects.get()


def snapshot():
    return (
        list(Assessment.objects.values_list("state", "version", "grade", "feedback", "reader", "second_reader")),
        HandIn.objects.count(),
        Extension.objects.count(),
        Publication.objects.count(),
    )


@ANY
@given(level=TEXT, grade=TEXT, version=TEXT, feedback=TEXT)
def test_the_grading_form_never_fails_on_any_text(client, setup, level, grade, version, feedback):
    assignment, teacher, _, assessment = setup
    criterion = assignment.criteria.first()
    client.force_login(teacher)
    before = snapshot()
    with time_machine.travel(LATE, tick=False):
        response = client.post(
            f"/cahier/equipe/{assignment.edition.slug}/remises/{assessment.pk}/",
            {f"niveau-{criterion.pk}": level, "note": grade, "version": version, "commentaire": feedback},
        )
    assert response.status_code in (302, 400, 409)
    if response.status_code != 302:
        assert snapshot() == before
        assert 'lang="fr-CA"' in response.content.decode()


@ANY
@given(until=TEXT, reason=TEXT, reader=TEXT, second=TEXT)
def test_extension_and_readers_never_fail_on_any_text(client, setup, until, reason, reader, second):
    assignment, teacher, person, assessment = setup
    client.force_login(teacher)
    base = f"/cahier/equipe/{assignment.edition.slug}/remises/"
    before = snapshot()
    with time_machine.travel(BEFORE_DUE, tick=False):
        extension = client.post(f"{base}prolongations/{person.pk}/", {"jusqua": until, "motif": reason})
        readers = client.post(f"{base}{assessment.pk}/lecteurs/", {"lecteur": reader, "deuxieme_lecteur": second})
        reopen = client.post(f"{base}{assessment.pk}/modifier/", {"motif": reason})
    assert extension.status_code in (302, 400)
    assert readers.status_code in (302, 400)
    assert reopen.status_code in (400, 409)  # no reason, or not published: nothing to change
    if extension.status_code == 400 and readers.status_code == 400:
        assert snapshot() == before


@ANY
@given(statement=TEXT, seen=TEXT)
def test_the_hand_in_form_never_fails_on_any_text(client, setup, statement, seen):
    assignment, _, _, _ = setup
    other = make_participant(assignment)
    write(other, assignment.edition)
    client.force_login(other)
    before = snapshot()
    with time_machine.travel(BEFORE_DUE, tick=False):
        response = client.post(f"/cahier/{assignment.edition.slug}/remise/", {"declaration": statement, "apercu": seen})
    assert response.status_code in (400, 409)  # the statement is « oui » and the fingerprint matches only by chance
    assert snapshot() == before


HUGE = "9" * 30  # larger than any database integer: the address names nothing (automne/middleware.py)


@pytest.mark.parametrize(
    "address",
    [
        "{base}/remise/{huge}/retirer/",
        "{base}/remise/{huge}/cahier-remis.pdf",
        "{base}/equipe/{edition}/remises/{huge}/",
        "{base}/equipe/{edition}/remises/{huge}/publier/",
        "{base}/equipe/{edition}/remises/prolongations/{huge}/",
        "{base}/equipe/{edition}/remises/{pk}/dessins/{huge}/",
    ],
)
def test_an_id_too_large_in_an_address_is_a_404_in_french(client, setup, address):
    assignment, teacher, person, assessment = setup
    slug = assignment.edition.slug
    url = address.format(base=f"/cahier/{slug}", edition=slug, huge=HUGE, pk=assessment.pk)
    url = url.replace(f"/cahier/{slug}/equipe/", "/cahier/equipe/")
    before = snapshot()
    for who in (person, teacher):
        client.force_login(who)
        with time_machine.travel(LATE, tick=False):
            response = client.post(url, {"motif": "x", "jusqua": "2030-01-01T10:00"})
        assert response.status_code == 404
        assert 'lang="fr-CA"' in response.content.decode()
    assert snapshot() == before


def test_a_nul_character_in_a_form_is_refused_before_any_view_and_changes_nothing(client, setup):
    assignment, teacher, person, assessment = setup
    criterion = assignment.criteria.first()
    client.force_login(teacher)
    before = snapshot()
    with time_machine.travel(LATE, tick=False):
        response = client.post(
            f"/cahier/equipe/{assignment.edition.slug}/remises/{assessment.pk}/",
            {f"niveau-{criterion.pk}": "", "version": str(assessment.version), "commentaire": "Bien\x00"},
        )
    assert response.status_code == 400
    assert "caractère invalide" in response.content.decode()
    assert snapshot() == before
