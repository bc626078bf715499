"""Choosing sessions: who may, from which pages, without JavaScript and as JSON, the overlaps,
the export and the account's deletion, and every bad input."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser

from automne.french import NBSP
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from programme import choices
from programme.models import Choice, Occurrence, ProgrammeStamp, Session
from programme.tests.factories import case_studies, make_edition, make_programme, make_session, schedule

pytestmark = pytest.mark.django_db


def choose_url(occurrence):
    return f"/mon-programme/choix/{occurrence.pk}/"


def test_choose_without_javascript_adds_the_choice_and_comes_back(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    response = participant_client.post(choose_url(occurrence), {"action": "ajouter", "next": "/programme/"})
    assert response.status_code == 302
    assert response["Location"] == "/programme/"
    assert list(Choice.objects.filter(user=participant).values_list("occurrence", flat=True)) == [occurrence.pk]


def test_choose_twice_keeps_one_choice(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    for _ in range(2):
        participant_client.post(choose_url(occurrence), {"action": "ajouter"})
    assert Choice.objects.filter(user=participant).count() == 1


def test_remove_deletes_the_choice(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    Choice.objects.create(user=participant, occurrence=occurrence)
    response = participant_client.post(choose_url(occurrence), {"action": "retirer"})
    assert response.status_code == 302
    assert response["Location"] == occurrence.session.get_absolute_url()
    assert Choice.objects.filter(user=participant).count() == 0


def test_choose_as_json_answers_without_redirect(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    response = participant_client.post(
        choose_url(occurrence), {"action": "ajouter"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "choisie": True,
        "message": f"«\xa0{occurrence.session.title}\xa0» est dans votre programme.",
    }


def test_choose_next_elsewhere_is_ignored(participant_client, edition):
    occurrence = case_studies(edition)[0]
    response = participant_client.post(
        choose_url(occurrence), {"action": "ajouter", "next": "https://ailleurs.example/"}
    )
    assert response["Location"] == occurrence.session.get_absolute_url()


@pytest.mark.parametrize("page", ["week", "day", "session"])
def test_pages_show_the_button_to_a_participant(participant_client, edition, page):
    occurrence = case_studies(edition)[0]
    url = {
        "week": "/programme/",
        "day": occurrence.time_slot.day.get_absolute_url(),
        "session": occurrence.session.get_absolute_url(),
    }[page]
    html = participant_client.get(url).content.decode()
    assert f'action="{choose_url(occurrence)}"' in html
    assert "Ajouter à mon programme" in html
    assert "js/choices." in html


@pytest.mark.parametrize("url", ["/programme/", "/"])
def test_pages_show_no_button_to_anonymous_visitors(client, edition, url):
    html = client.get(url).content.decode()
    assert "/mon-programme/choix/" not in html
    assert "js/choices." not in html


def test_pages_show_no_button_to_someone_not_registered(client, edition):
    client.force_login(make_user())
    assert "/mon-programme/choix/" not in client.get("/programme/").content.decode()


def test_week_marks_a_chosen_session(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    Choice.objects.create(user=participant, occurrence=occurrence)
    html = participant_client.get("/programme/").content.decode()
    assert html.count("✓ Dans mon programme") == 1
    assert html.count("Retirer de mon programme") == 1


def test_overlapping_choices_are_both_marked(participant_client, participant, edition):
    first, second = case_studies(edition)[:2]
    Choice.objects.create(user=participant, occurrence=first)
    Choice.objects.create(user=participant, occurrence=second)
    html = participant_client.get("/programme/").content.decode()
    assert f"En même temps que «{NBSP}{second.session.title}{NBSP}»" in html
    assert f"En même temps que «{NBSP}{first.session.title}{NBSP}»" in html


def test_choices_in_different_slots_are_not_marked(participant_client, participant, edition):
    monday, tuesday = case_studies(edition)[0], case_studies(edition)[3]
    Choice.objects.create(user=participant, occurrence=monday)
    Choice.objects.create(user=participant, occurrence=tuesday)
    assert "En même temps que" not in participant_client.get("/programme/").content.decode()


def test_choose_anonymous_is_sent_to_login_and_back(client, edition):
    occurrence = case_studies(edition)[0]
    day_url = occurrence.time_slot.day.get_absolute_url()
    response = client.post(choose_url(occurrence), {"action": "ajouter", "next": day_url})
    assert response.status_code == 302
    assert response["Location"] == f"/connexion/?next={day_url.replace(':', '%3A')}"
    assert Choice.objects.count() == 0


def test_choose_unknown_occurrence_is_404(participant_client, participant):
    response = participant_client.post("/mon-programme/choix/999999/", {"action": "ajouter"})
    assert response.status_code == 404
    assert Choice.objects.count() == 0


def test_choose_non_numeric_id_is_404(participant_client):
    assert participant_client.post("/mon-programme/choix/abc/", {"action": "ajouter"}).status_code == 404


def test_choose_another_editions_occurrence_is_404(participant_client, participant):
    other = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    make_programme(other)
    occurrence = case_studies(other)[0]
    response = participant_client.post(choose_url(occurrence), {"action": "ajouter"})
    assert response.status_code == 404
    assert Choice.objects.count() == 0


def test_choose_forged_action_is_400_in_french(participant_client, edition):
    occurrence = case_studies(edition)[0]
    response = participant_client.post(choose_url(occurrence), {"action": "supprimer-tout"})
    assert response.status_code == 400
    assert "Demande invalide" in response.content.decode()
    assert Choice.objects.count() == 0


def test_choose_without_csrf_token_is_refused(participant, edition):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    response = client.post(choose_url(case_studies(edition)[0]), {"action": "ajouter"})
    assert response.status_code == 403
    assert Choice.objects.count() == 0


def test_choose_get_is_405(participant_client, edition):
    assert participant_client.get(choose_url(case_studies(edition)[0])).status_code == 405


def test_choose_a_break_is_400(participant_client, edition):
    pause = Occurrence.objects.filter(session__kind=Session.Kind.BREAK).first()
    response = participant_client.post(choose_url(pause), {"action": "ajouter"})
    assert response.status_code == 400
    assert Choice.objects.count() == 0


def test_choose_without_registration_is_403(client, edition):
    client.force_login(make_user())
    response = client.post(choose_url(case_studies(edition)[0]), {"action": "ajouter"})
    assert response.status_code == 403
    assert "Seules les personnes inscrites" in response.content.decode()
    assert Choice.objects.count() == 0


def test_choose_with_a_registration_to_another_edition_is_403(client, edition):
    other = make_edition(is_current=False, starts_on=datetime.date(2024, 10, 21), ends_on=datetime.date(2024, 10, 25))
    client.force_login(make_registration(other).user)
    assert client.post(choose_url(case_studies(edition)[0]), {"action": "ajouter"}).status_code == 403
    assert Choice.objects.count() == 0


def test_cancelled_registration_sees_choices_but_adds_none(client, edition):
    registration = make_registration(edition, state=Registration.State.CANCELLED)
    first, second = case_studies(edition)[:2]
    Choice.objects.create(user=registration.user, occurrence=first)
    client.force_login(registration.user)
    html = client.get("/programme/").content.decode()
    assert "✓ Dans mon programme" in html
    assert "Ajouter à mon programme" not in html
    response = client.post(choose_url(second), {"action": "ajouter"}, headers={"Accept": "application/json"})
    assert response.status_code == 403
    assert response.json() == {
        "erreur": "Votre inscription à cette édition est annulée\xa0: vous voyez vos choix, mais ne pouvez plus en ajouter."
    }
    assert list(Choice.objects.values_list("occurrence", flat=True)) == [first.pk]


def test_a_session_given_twice_is_chosen_on_one_date(participant_client, participant, edition):
    workshop = make_session(Session.Kind.WORKSHOP, edition=edition)
    days = list(edition.days.order_by("date"))
    monday = schedule(workshop, days[0], datetime.time(15), datetime.time(16))
    schedule(workshop, days[1], datetime.time(15), datetime.time(16))
    participant_client.post(choose_url(monday), {"action": "ajouter"})
    assert list(Choice.objects.filter(user=participant).values_list("occurrence", flat=True)) == [monday.pk]
    html = participant_client.get(workshop.get_absolute_url()).content.decode()
    assert html.count("Retirer de mon programme") == 1
    assert html.count("Ajouter à mon programme") == 1


def test_choices_are_in_the_data_export(participant_client, participant, edition):
    occurrence = case_studies(edition)[0]
    Choice.objects.create(user=participant, occurrence=occurrence)
    data = json.loads(participant_client.get("/mon-espace/donnees.json").content)
    assert [c["seance"] for c in data["programme"]["seances_choisies"]] == [occurrence.session.title]
    assert data["programme"]["seances_choisies"][0]["jour"] == occurrence.time_slot.day.date.isoformat()


def test_choices_are_deleted_with_the_account(participant, edition):
    Choice.objects.create(user=participant, occurrence=case_studies(edition)[0])
    participant.delete()
    assert Choice.objects.count() == 0


def test_choosing_does_not_change_the_programme_version(participant_client, edition):
    stamp = ProgrammeStamp.objects.get(edition=edition)
    participant_client.post(choose_url(case_studies(edition)[0]), {"action": "ajouter"})
    assert ProgrammeStamp.objects.get(edition=edition).revision == stamp.revision


# « In their programme », as the cahier reads it: the sessions a participant chose in one edition.


def test_chosen_session_ids_are_the_participants_sessions_in_the_edition(participant, edition):
    first, second = case_studies(edition)[:2]
    Choice.objects.create(user=participant, occurrence=first)
    Choice.objects.create(user=participant, occurrence=second)
    assert choices.chosen_session_ids(participant, edition) == {first.session_id, second.session_id}


def test_chosen_session_ids_ignore_another_participants_choices(participant, edition):
    Choice.objects.create(user=make_user(), occurrence=case_studies(edition)[0])
    assert choices.chosen_session_ids(participant, edition) == set()


def test_chosen_session_ids_ignore_another_editions_choices(participant, edition):
    other = make_programme(make_edition(is_current=False))
    mine = case_studies(edition)[0]
    Choice.objects.create(user=participant, occurrence=mine)
    Choice.objects.create(user=participant, occurrence=case_studies(other)[0])
    assert choices.chosen_session_ids(participant, edition) == {mine.session_id}
    assert choices.chosen_session_ids(participant, other) == {case_studies(other)[0].session_id}


def test_chosen_session_ids_of_a_session_given_twice_count_it_once(participant, edition):
    workshop = make_session(Session.Kind.WORKSHOP, edition=edition)
    days = list(edition.days.order_by("date"))
    for day in days:
        Choice.objects.create(
            user=participant, occurrence=schedule(workshop, day, datetime.time(15), datetime.time(16))
        )
    assert choices.chosen_session_ids(participant, edition) == {workshop.pk}


def test_chosen_session_ids_in_one_query_whatever_the_number_of_choices(
    participant, edition, django_assert_num_queries
):
    for occurrence in case_studies(edition):
        Choice.objects.create(user=participant, occurrence=occurrence)
    with django_assert_num_queries(1):
        chosen = choices.chosen_session_ids(participant, edition)
    assert len(chosen) == 6


def test_chosen_session_ids_of_an_anonymous_visitor_are_empty_without_a_query(edition, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert choices.chosen_session_ids(AnonymousUser(), edition) == set()
