"""Rating a session, the questionnaire and the results with their charts, in a real Chromium at 390
and 1280 px: axe-core clean, no horizontal scrolling; the week's end as a participant lives it."""

import pytest
import time_machine

from appreciations import anonymity, ratings
from appreciations.tests.conftest import QUESTIONS, make_questionnaire, moment
from automne.testing import assert_accessible, horizontal_overflow, save_screenshot
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer, make_speaker_account
from programme.models import Choice, Edition, Occurrence, Session
from supports.tests.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FRIDAY = moment(24, 16)
CLOSED = moment(31, 13)


@pytest.fixture
def site(live_school):
    return live_school


@pytest.fixture
def edition(site):
    edition = Edition.objects.current()
    make_questionnaire(
        edition,
        opens=moment(24, 12),
        closes=moment(31, 12),
        questions=[
            *QUESTIONS,
            {
                "kind": "choix_unique",
                "text": "Comment avez-vous connu l'école ?",
                "options": "Par mon employeur\nPar l'ENAP\nPar un·e collègue\nAutrement",
            },
        ],
    )
    return edition


@pytest.fixture
def case_study(edition):
    return (
        Occurrence.objects.filter(time_slot__day__edition=edition, session__kind=Session.Kind.CASE_STUDY)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
        .first()
    )


def participant_who_chose(edition, occurrence):
    user = make_registration(edition).user
    Choice.objects.create(user=user, occurrence=occurrence)
    return user


def check(page, name):
    assert horizontal_overflow(page) == 0
    assert_accessible(page)
    save_screenshot(page, name)


def test_rating_a_session_from_mon_espace(any_page, site, edition, case_study):
    user = participant_who_chose(edition, case_study)
    with time_machine.travel(FRIDAY, tick=True):
        log_in(any_page.context, site, user)
        any_page.goto(site.url + "/mon-espace/")
        block = any_page.locator("section.account-block").first
        assert block.locator("h3").inner_text() == "Évaluer la séance"
        check(any_page, "mon-espace-evaluations")
        block.get_by_role("link", name=case_study.session.title).click()
        assert any_page.locator("h1").inner_text() == "Évaluer la séance"
        any_page.get_by_role("button", name="Envoyer mon appréciation").click()  # no score: the browser asks
        assert any_page.url.endswith(f"/seances/{case_study.session.slug}/")
        check(any_page, "appreciation-seance")
        any_page.get_by_label("4 — Satisfait·e").check()
        any_page.get_by_label("Commentaire (facultatif)").fill("Des exemples très concrets.")
        with any_page.expect_navigation():
            any_page.get_by_role("button", name="Envoyer mon appréciation").click()
        assert "Votre appréciation de" in any_page.locator(".message").inner_text()
        assert "votre note\xa0: 4 sur 5" in any_page.locator("section.account-block").first.inner_text()


def test_the_questionnaire_with_a_refusal_then_answered(any_page, site, edition):
    user = make_registration(edition).user
    with time_machine.travel(moment(25, 10), tick=True):
        log_in(any_page.context, site, user)
        any_page.goto(site.url + f"/appreciations/{edition.slug}/questionnaire/")
        check(any_page, "questionnaire")
        any_page.get_by_role("button", name="Envoyer mes réponses").click()
        any_page.wait_for_selector(".form-errors")
        assert any_page.locator(".question--error").count() == 1  # the one required question
        check(any_page, "questionnaire-erreur")
        any_page.get_by_role(
            "group", name="Dans l'ensemble, l'école vous a-t-elle été utile ? (obligatoire)"
        ).get_by_label("5 — Très satisfait·e").check()
        any_page.get_by_label("Études de cas").check()
        any_page.get_by_label("Ateliers").check()
        any_page.get_by_label("Un mot pour l'équipe ?").fill("Merci pour cette semaine.")
        with any_page.expect_navigation():
            any_page.get_by_role("button", name="Envoyer mes réponses").click()
        assert "Votre réponse est reçue. Merci\xa0!" in any_page.locator(".notice--ok").inner_text()
        check(any_page, "questionnaire-merci")


def fill_results(edition, case_study):
    """12 ratings of a case study and 14 answers to the questionnaire, varied."""
    with time_machine.travel(FRIDAY, tick=False):
        for n, score in enumerate([5, 4, 4, 5, 3, 4, 5, 2, 4, 5, 4, 3]):
            comment = ["", "Très concret, avec des exemples d'ici.", "", "Trop court pour les questions."][n % 4]
            ratings.rate(participant_who_chose(edition, case_study), case_study.session, str(score), comment, FRIDAY)
    from django.test import Client

    from appreciations.tests.conftest import answers

    questionnaire = edition.questionnaire
    with time_machine.travel(moment(26, 10), tick=False):
        for n in range(14):
            client = Client()
            client.force_login(make_registration(edition).user)
            data = answers(
                questionnaire,
                scale=str(3 + n % 3),
                single=str(n % 3),
                multiple=[str(i) for i in range(n % 3 + 1)],
                text=f"Réponse libre n° {n}",
            )
            last = questionnaire.questions.order_by("order").last()
            data[f"q-{last.pk}"] = str(n % 4)
            assert client.post(f"/appreciations/{edition.slug}/questionnaire/", data).status_code == 302


def test_the_results_with_their_charts(any_page, site, edition, case_study):
    fill_results(edition, case_study)
    with time_machine.travel(CLOSED, tick=True):
        anonymity.seal_due()
        log_in(any_page.context, site, make_organizer())
        any_page.goto(site.url + f"/appreciations/{edition.slug}/resultats/")
        assert any_page.locator("svg.chart").count() == 4  # the text question is listed, not charted
        assert any_page.locator(".results-summary td.number").all_inner_texts()[:2] == ["12", "4,0"]
        check(any_page, "resultats")
        any_page.get_by_role("link", name=case_study.session.title).click()
        assert any_page.locator(".result-mean").inner_text() == "4,0 sur 5 en moyenne, 12 appréciations."
        rows = any_page.locator(".result__table tbody tr").all_inner_texts()
        assert rows == [
            "1 (le plus bas)\t0\t0\xa0%",
            "2\t1\t8\xa0%",
            "3\t2\t17\xa0%",
            "4\t5\t42\xa0%",
            "5 (le plus haut)\t4\t33\xa0%",
        ]
        check(any_page, "resultats-seance")


def test_a_speaker_reads_their_sessions_results_after_the_school(any_page, site, edition, case_study):
    fill_results(edition, case_study)
    speaker = make_speaker_account(case_study.session.speakers.first())
    with time_machine.travel(CLOSED, tick=True):
        log_in(any_page.context, site, speaker)
        any_page.goto(site.url + "/espace-intervenant/")
        card = any_page.locator(".spoken-session", has=any_page.locator(f"#seance-{case_study.session.pk}"))
        card.get_by_role("link", name="Appréciations de la séance").click()
        assert any_page.locator(".result-mean").inner_text() == "4,0 sur 5 en moyenne, 12 appréciations."
        check(any_page, "resultats-seance-intervenant")
