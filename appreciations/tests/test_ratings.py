"""Rating a session: a participant who chose it or was checked in on its day, once (changed as
often as they like until the edition's end), from its start; everyone else and every bad value
refused in French, nothing stored."""

import html

import pytest
import time_machine
from django.conf import settings
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.urls import reverse

from appreciations import ratings
from appreciations.models import RatingAuthor, SessionRating
from appreciations.tests.conftest import AFTER, BEFORE, DURING, LAST_DAY, attend, moment
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer, make_speaker_account, make_teacher
from programme.models import Session

pytestmark = pytest.mark.django_db


def rate_url(session):
    return reverse("appreciations:rate", kwargs={"edition": session.edition.slug, "slug": session.slug})


def rate(client, session, note="4", comment="Très concret."):
    return client.post(rate_url(session), {"note": note, "commentaire": comment})


def stored():
    return sorted(SessionRating.objects.values_list("session_id", "score", "comment")), RatingAuthor.objects.count()


def test_a_participant_rates_a_session_they_chose_then_changes_their_rating(client, participant, cases):
    client.force_login(participant)
    session = cases[0].session
    with time_machine.travel(DURING, tick=False):
        assert client.get(rate_url(session)).status_code == 200
        response = rate(client, session, "4", "  Très concret.  ")
        assert response["Location"] == "/mon-espace/"
        assert stored() == ([(session.pk, 4, "Très concret.")], 1)
        page = client.get(rate_url(session)).content.decode()
        assert 'value="4" required checked' in page and "Modifier mon appréciation" in page
        rate(client, session, "2", "")
    with time_machine.travel(LAST_DAY, tick=False):
        rate(client, session, "5", "Finalement excellent")
    assert stored() == ([(session.pk, 5, "Finalement excellent")], 1)


def test_a_participant_checked_in_rates_what_ran_that_day(client, participant, keynote, edition):
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        assert rate(client, keynote.session).status_code == 403
        attend(participant, edition, keynote.time_slot.day)
        assert rate(client, keynote.session).status_code == 302
    assert stored()[0] == [(keynote.session.pk, 4, "Très concret.")]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (BEFORE, "Vous pourrez évaluer cette séance dès son début, le lundi 20 octobre 2025 à 13\xa0h\xa030."),
        (
            moment(20, 13, 29),
            "Vous pourrez évaluer cette séance dès son début, le lundi 20 octobre 2025 à 13\xa0h\xa030.",
        ),
        (AFTER, "Les appréciations des séances sont closes\xa0: l'école s'est terminée le vendredi 24 octobre 2025."),
    ],
)
def test_before_the_session_starts_and_after_the_edition_ends_nothing_is_taken(
    client, participant, cases, when, message
):
    client.force_login(participant)
    with time_machine.travel(when, tick=False):
        for response in (client.get(rate_url(cases[0].session)), rate(client, cases[0].session)):
            assert response.status_code == 403
            assert message in html.unescape(response.content.decode())
    assert stored() == ([], 0)


def test_at_the_sessions_start_it_opens(client, participant, cases):
    client.force_login(participant)
    with time_machine.travel(moment(20, 13, 30), tick=False):
        assert rate(client, cases[0].session).status_code == 302


@pytest.mark.parametrize("note", ["0", "6", "", "   ", "x", "²", "٣", "4.5", "44", "-1", "1e1"])
def test_a_score_outside_1_to_5_is_refused_and_nothing_stored(client, participant, cases, note):
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        response = rate(client, cases[0].session, note)
    assert response.status_code == 400
    assert str(ratings.BAD_SCORE) in html.unescape(response.content.decode())
    assert stored() == ([], 0)


def test_too_long_a_comment_is_refused_and_kept_in_the_form(client, participant, cases):
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        response = rate(client, cases[0].session, "3", "é" * 2001)
    assert response.status_code == 400
    assert str(ratings.COMMENT_TOO_LONG) in html.unescape(response.content.decode())
    assert "é" * 2001 in html.unescape(response.content.decode())
    assert stored() == ([], 0)


def test_a_session_not_chosen_nor_attended_is_refused(client, participant, cases):
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        response = rate(client, cases[1].session)
    assert response.status_code == 403
    assert str(ratings.NOT_ATTENDED) in html.unescape(response.content.decode())
    assert stored() == ([], 0)


@pytest.mark.parametrize(
    "role", ["liste d'attente", "annulée", "autre édition", "enseignant·e", "organisateur", "intervenant·e"]
)
def test_who_holds_no_seat_in_the_edition_rates_nothing(client, edition, other_edition, cases, role):
    from programme.models import Choice

    if role in ("liste d'attente", "annulée"):
        state = Registration.State.WAITING if role == "liste d'attente" else Registration.State.CANCELLED
        user = make_registration(edition, state=state).user
        Choice.objects.create(user=user, occurrence=cases[0])
    elif role == "autre édition":
        user = make_registration(other_edition).user
    elif role == "intervenant·e":
        user = make_speaker_account(cases[0].session.speakers.first())
    else:
        user = make_teacher() if role == "enseignant·e" else make_organizer()
    client.force_login(user)
    with time_machine.travel(DURING, tick=False):
        response = rate(client, cases[0].session)
    assert response.status_code == 403
    assert str(ratings.NOT_REGISTERED) in html.unescape(response.content.decode())
    assert stored() == ([], 0)


def test_breaks_and_meals_are_not_rated(client, participant, edition):
    pause = Session.objects.get(
        edition=edition, kind=Session.Kind.BREAK, occurrences__time_slot__day__date="2025-10-20"
    )
    attend(participant, edition, pause.occurrences.get().time_slot.day)
    client.force_login(participant)
    with time_machine.travel(DURING, tick=False):
        assert rate(client, pause).status_code == 403
    assert stored() == ([], 0)


def test_a_session_of_another_edition_is_404_under_this_editions_address(client, participant, other_edition, edition):
    elsewhere = Session.objects.filter(edition=other_edition, kind=Session.Kind.CASE_STUDY).first()
    client.force_login(participant)
    url = reverse("appreciations:rate", kwargs={"edition": edition.slug, "slug": elsewhere.slug})
    with time_machine.travel(DURING, tick=False):
        assert client.post(url, {"note": "5"}).status_code == 404
        assert client.post(f"/appreciations/inconnue/seances/{elsewhere.slug}/", {"note": "5"}).status_code == 404
    assert stored() == ([], 0)


def test_a_visitor_is_asked_to_log_in(client, cases):
    url = rate_url(cases[0].session)
    assert client.post(url, {"note": "5"})["Location"] == f"/connexion/?next={url}"


def test_the_session_page_offers_the_rating_during_the_week_only(client, participant, cases):
    client.force_login(participant)
    url = cases[0].session.get_absolute_url()
    with time_machine.travel(BEFORE, tick=False):
        assert "Évaluer la séance" not in client.get(url).content.decode()
    with time_machine.travel(DURING, tick=False):
        assert f'href="{rate_url(cases[0].session)}">Évaluer la séance</a>' in client.get(url).content.decode()
        rate(client, cases[0].session)
        assert ">Modifier mon appréciation</a>" in client.get(url).content.decode()
        assert "Évaluer la séance" not in client.get(cases[1].session.get_absolute_url()).content.decode()
    with time_machine.travel(AFTER, tick=False):
        assert "appréciation" not in client.get(url).content.decode()


def test_two_tabs_at_once_keep_one_rating(participant, cases):
    session = cases[0].session
    with time_machine.travel(DURING, tick=False):
        ratings.rate(participant, session, "3", "", moment(20, 14))
        ratings.rate(participant, session, "5", "", moment(20, 14))
    assert stored() == ([(session.pk, 5, "")], 1)


def test_the_session_page_kept_for_a_person_follows_their_rating(client, participant, cases):
    """The personal layer (programme/personal.py) keeps a person's page while it shows the same: during
    the week the session page shows what they did (presence, rating) and is rendered for them each time."""
    client.force_login(participant)
    client.cookies[settings.CSRF_COOKIE_NAME] = "k" * CSRF_SECRET_LENGTH  # as a browser holds it
    url = cases[0].session.get_absolute_url()
    with time_machine.travel(DURING, tick=False):
        assert f'href="{rate_url(cases[0].session)}">Évaluer la séance</a>' in client.get(url).content.decode()
        rate(client, cases[0].session)
        client.cookies[settings.CSRF_COOKIE_NAME] = "k" * CSRF_SECRET_LENGTH
        for _ in range(2):  # the first one shows the message « Merci … », the next one not
            assert ">Modifier mon appréciation</a>" in client.get(url).content.decode()
