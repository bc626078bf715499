"""« Mon espace » through every phase of an edition: before registration opens, while it is open,
during the week, after it, and once another edition is current; and its query count, the same at 1×
and 10× the ratings."""

import datetime
import html

import pytest
import time_machine
from django.utils import timezone

from appreciations import ratings
from appreciations.tests.conftest import attend, make_questionnaire, moment, participants_who_chose
from inscriptions.tests.factories import make_registration
from programme.models import Edition
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(client, edition, participant, cases):
    Edition.objects.filter(pk=edition.pk).update(
        registration_opens_at=moment(1, 9), registration_closes_at=moment(17, 17)
    )
    make_questionnaire(edition)
    client.force_login(participant)
    return client


def page(client):
    return html.unescape(client.get("/mon-espace/").content.decode())


def test_before_registration_opens_and_while_open_nothing_to_rate_yet(account):
    for when in (datetime.datetime(2025, 9, 1, tzinfo=moment(1, 0).tzinfo), moment(10, 12)):
        with time_machine.travel(when, tick=False):
            text = page(account)
        assert "Chaque séance de votre programme pourra être évaluée dès son début." in text
        assert "Questionnaire de fin d'école" in text and "Il ouvrira le vendredi 24 octobre 2025 à 12\xa0h." in text


def test_during_the_week_the_started_sessions_are_to_rate(account, cases, participant, edition):
    with time_machine.travel(moment(20, 14), tick=False):
        text = page(account)
        assert f'{cases[0].session.title}</a> <span class="muted">· à évaluer</span>' in text
        ratings.rate(participant, cases[0].session, "4", "", moment(20, 14))
        assert "votre note\xa0: 4 sur 5" in page(account)


def test_on_the_last_day_the_questionnaire_opens(account, edition):
    with time_machine.travel(moment(24, 13), tick=False):
        text = page(account)
    assert "Ouvert jusqu'au vendredi 31 octobre 2025 à 12\xa0h." in text and "Répondre au questionnaire" in text


def test_after_the_week_thanks_and_no_more_rating(account, cases, participant):
    ratings.rate(participant, cases[0].session, "4", "", moment(20, 14))
    with time_machine.travel(moment(25, 9), tick=False):
        text = page(account)
    assert "Merci pour votre appréciation\xa0: elle n'est plus liée à votre compte." in text
    assert "à évaluer" not in text


def test_once_another_edition_is_current_the_blocks_stay_with_their_edition(account, edition):
    Edition.objects.filter(pk=edition.pk).update(is_current=False)
    make_edition(slug="ecole-2026", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    with time_machine.travel(moment(31, 13), tick=False):
        text = page(account)
    assert "Fermé depuis le vendredi 31 octobre 2025 à 12\xa0h." in text


def test_the_account_page_has_the_same_query_count_at_one_and_ten_times_the_ratings(
    client, edition, cases, keynote, django_assert_num_queries
):
    participant = make_registration(edition).user
    make_questionnaire(edition)
    client.force_login(participant)
    from programme.models import Choice

    Choice.objects.create(user=participant, occurrence=cases[0])
    with time_machine.travel(moment(24, 13), tick=False):
        ratings.rate(participant, cases[0].session, "4", "", timezone.now())
        # session, user, current edition, registrations; the cahiers' hand-ins (remises/); speaker's
        # account?; sessions to rate, their ratings; questionnaires, answered?
        with django_assert_num_queries(10):
            client.get("/mon-espace/")
        for day in edition.days.all():
            attend(participant, edition, day)
        for occurrence in cases[1:]:
            Choice.objects.get_or_create(user=participant, occurrence=occurrence)
        for entry in ratings.rateables(participant, [edition])[edition.pk]:
            ratings.rate(participant, entry.session, "3", "", timezone.now())
        participants_who_chose(edition, cases[0], 3)
        # The session and its account in one query once the process knows the session (10 before).
        with django_assert_num_queries(9):
            text = html.unescape(client.get("/mon-espace/").content.decode())
    assert text.count("votre note\xa0:") == 8  # the two keynotes and the six case studies


def test_once_another_edition_is_current_the_speaker_and_the_organizer_still_read_theirs(client, edition, cases):
    from django.urls import reverse

    from intervenants.tests.factories import make_organizer, make_speaker_account

    for n, user in enumerate(participants_who_chose(edition, cases[0], 5)):
        ratings.rate(user, cases[0].session, str(1 + n), "", moment(20, 14))
    Edition.objects.filter(pk=edition.pk).update(is_current=False)
    make_edition(slug="ecole-2026", starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    speaker = make_speaker_account(cases[0].session.speakers.first())
    url = reverse("appreciations:session_results", kwargs={"edition": edition.slug, "slug": cases[0].session.slug})
    with time_machine.travel(datetime.datetime(2026, 10, 20, 12, tzinfo=moment(1, 0).tzinfo), tick=False):
        client.force_login(speaker)
        space = html.unescape(client.get("/espace-intervenant/").content.decode())
        assert cases[0].session.title in space and f'href="{url}"' in space
        assert "<strong>3,0</strong> sur 5 en moyenne, 5 appréciations." in html.unescape(
            client.get(url).content.decode()
        )
        client.force_login(make_organizer())
        assert client.get(f"/appreciations/{edition.slug}/resultats/").status_code == 200
