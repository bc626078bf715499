"""A logged-in person's pages kept for them (programme/personal.py): served again only to them, in the
very state they show, after validating their session on every request; compressed with the
mitigations against BREACH (automne/compression.py); an ETag that follows everything they show."""

import datetime
import gzip
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as LoginSession
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client

from automne.roles import TEACHING_TEAM
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from programme import change_effects, personal, personal_calendar
from programme.caching import cache
from programme.models import Choice
from programme.tests.factories import case_studies, grow_programme

pytestmark = pytest.mark.django_db
GZIP = {"Accept-Encoding": "gzip"}
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def kept_pages():
    return [key for key in cache._cache if ":programme:personal:" in key]


def pages_of(edition):
    case = case_studies(edition)[0]
    return {
        "week": "/programme/",
        "day": case.time_slot.day.get_absolute_url(),
        "session": case.session.get_absolute_url(),
        "my_programme": "/mon-programme/",
        "speakers": "/intervenants/",
    }


def choose(client, occurrence, action="ajouter"):
    return client.post(f"/mon-programme/choix/{occurrence.pk}/", {"action": action})


def without_tokens(content):
    return TOKEN.sub(b'name="csrfmiddlewaretoken" value=""', content)


def padding_and_payload(body):
    """(length of the gzip header's random name, bytes after it): compression.Pieces' answers."""
    assert body[:4] == b"\x1f\x8b\x08\x08"
    end = body.index(b"\x00", 10)
    return end - 10, body[end + 1 :]


@pytest.mark.parametrize("page", ["week", "day", "session", "my_programme"])
def test_choosing_a_session_changes_the_etag_of_every_page_that_shows_it(participant_client, edition, page):
    case = case_studies(edition)[0]
    url = pages_of(edition)[page]
    before = participant_client.get(url)
    assert before.status_code == 200
    choose(participant_client, case)
    participant_client.get(url)  # the message of the choice, shown once
    again = participant_client.get(url, headers={"If-None-Match": before["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != before["ETag"]
    assert "Retirer de mon programme" in again.content.decode()
    same = participant_client.get(url, headers={"If-None-Match": again["ETag"]})
    assert same.status_code == 304


def test_the_session_page_a_participant_comes_back_to_shows_their_choice(participant_client, edition):
    # Issue 20: a 304 used to bring back the old « Ajouter à mon programme ».
    case = case_studies(edition)[0]
    url = case.session.get_absolute_url()
    first = participant_client.get(url)
    assert "Ajouter à mon programme" in first.content.decode()
    choose(participant_client, case)
    assert "est dans votre programme" in participant_client.get(url).content.decode()  # the message, once
    back = participant_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert back.status_code == 200
    assert "Retirer de mon programme" in back.content.decode()
    # With JavaScript, the button's answer is JSON: no message, the page is validated at once.
    answer = participant_client.post(
        f"/mon-programme/choix/{case.pk}/", {"action": "retirer"}, headers={"Accept": "application/json"}
    )
    assert answer.json()["choisie"] is False
    removed = participant_client.get(url, headers={"If-None-Match": back["ETag"]})
    assert removed.status_code == 200
    assert "Ajouter à mon programme" in removed.content.decode()


@pytest.mark.parametrize("page", ["week", "day", "session", "my_programme", "speakers"])
def test_a_kept_page_is_the_page_the_view_renders_for_them(participant_client, participant, edition, page):
    for occurrence in case_studies(edition)[:2]:
        Choice.objects.create(user=participant, occurrence=occurrence)
    personal_calendar.renew(participant)
    url = pages_of(edition)[page]
    participant_client.get("/mon-espace/")  # the CSRF cookie, as in any browser after its first page
    rendered = participant_client.get(url)
    assert len(kept_pages()) == 1
    kept = participant_client.get(url)
    assert without_tokens(kept.content) == without_tokens(rendered.content)
    assert len(TOKEN.findall(kept.content)) == len(TOKEN.findall(rendered.content)) >= 1
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "Cache-Control", "ETag"):
        assert kept[header] == rendered[header], header
    assert set(kept["Cache-Control"].split(", ")) == {"no-cache", "private"}
    assert "Last-Modified" not in kept
    assert len(kept_pages()) == 1
    cache.clear()
    assert without_tokens(participant_client.get(url).content) == without_tokens(rendered.content)


@pytest.mark.parametrize("page", ["week", "day", "session", "my_programme", "speakers"])
def test_a_kept_page_costs_three_queries_at_one_and_ten_times_the_data(
    participant_client, participant, edition, page, django_assert_num_queries
):
    for occurrence in case_studies(edition)[::2]:
        Choice.objects.create(user=participant, occurrence=occurrence)
    url = pages_of(edition)[page]
    participant_client.get(url)
    # The programme's version, the session with its account (automne/session_user.py), their state.
    with django_assert_num_queries(3):
        assert participant_client.get(url).status_code == 200
    grow_programme(edition, 10)
    participant_client.get(url)
    with django_assert_num_queries(3):
        assert participant_client.get(url).status_code == 200


def test_each_answer_carries_a_token_masked_anew_that_the_csrf_check_accepts(participant, edition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    client.get("/programme/")  # rendered, and the CSRF cookie set
    answers = [client.get("/programme/", headers=GZIP) for _ in range(3)]
    tokens = [TOKEN.findall(gzip.decompress(answer.content)) for answer in answers]
    # One token per answer, as Django, in its three forms: logout, choices, language switch.
    assert all(len(set(found)) == 1 and len(found) == 3 for found in tokens)
    assert len({found[0] for found in tokens}) == 3
    secret = client.cookies["csrftoken"].value
    assert {_unmask_cipher_token(found[0].decode()) for found in tokens} == {secret}
    case = case_studies(edition)[0]
    response = client.post(
        f"/mon-programme/choix/{case.pk}/", {"action": "ajouter", "csrfmiddlewaretoken": tokens[2][0].decode()}
    )
    assert response.status_code == 302
    assert Choice.objects.filter(user=participant, occurrence=case).exists()


def test_a_new_login_never_gets_a_304_for_a_page_of_the_old_csrf_cookie(participant, edition):
    client = Client()
    client.force_login(participant)
    client.get("/programme/")
    before = client.get("/programme/")
    client.logout()
    client.force_login(participant)  # a new session, and a new CSRF cookie
    client.get("/mon-programme/")
    again = client.get("/programme/", headers={"If-None-Match": before["ETag"]})
    assert again.status_code == 200


def test_a_logout_elsewhere_ends_the_kept_page(participant_client, edition):
    participant_client.get("/programme/")
    assert "Se déconnecter" in participant_client.get("/programme/").content.decode()
    LoginSession.objects.all().delete()  # « Se déconnecter » in another tab, or the account's sessions ended
    page = participant_client.get("/programme/").content.decode()
    assert "Se déconnecter" not in page
    assert "Ajouter à mon programme" not in page


def test_a_password_change_elsewhere_ends_the_kept_page(participant_client, participant, edition):
    participant_client.get("/programme/")
    participant_client.get("/programme/")
    participant.set_password("un tout autre mot de passe")
    participant.save()
    page = participant_client.get("/programme/").content.decode()
    assert "Se déconnecter" not in page
    assert "Ajouter à mon programme" not in page


def test_a_deactivated_account_gets_no_kept_page(participant_client, participant, edition):
    participant_client.get("/mon-programme/")
    participant_client.get("/mon-programme/")
    participant.is_active = False
    participant.save()
    assert participant_client.get("/mon-programme/").status_code == 302


def test_two_participants_each_get_their_own_page(client, edition):
    first, second = make_registration(edition).user, make_registration(edition).user
    cases = case_studies(edition)
    Choice.objects.create(user=first, occurrence=cases[0])
    Choice.objects.create(user=second, occurrence=cases[1])
    clients = {first: Client(), second: Client()}
    for user, their_client in clients.items():
        their_client.force_login(user)
    for _ in range(3):
        for user, their_client in clients.items():
            page = their_client.get("/mon-programme/").content.decode()
            mine = cases[0] if user == first else cases[1]
            theirs = cases[1] if user == first else cases[0]
            assert mine.session.title in page
            assert theirs.session.title not in page
    assert len(kept_pages()) == 2
    # Another's CSRF cookie changes nothing: the page is the session's.
    mixed = Client()
    mixed.cookies["sessionid"] = clients[first].cookies["sessionid"].value
    mixed.cookies["csrftoken"] = clients[second].cookies["csrftoken"].value
    page = mixed.get("/mon-programme/").content.decode()
    assert cases[0].session.title in page and cases[1].session.title not in page


def test_a_cancelled_registration_changes_the_page(participant_client, participant, edition):
    participant_client.get("/mon-programme/")
    participant_client.get("/mon-programme/")
    Registration.objects.filter(user=participant).update(state=Registration.State.CANCELLED)
    assert "Votre inscription à cette édition est annulée" in participant_client.get("/mon-programme/").content.decode()


def test_an_organizers_save_renders_the_page_again(participant_client, edition):
    participant_client.get("/programme/")
    participant_client.get("/programme/")
    session = case_studies(edition)[0].session
    session.title = "Un titre tout neuf"
    change_effects.save(session)
    assert "Un titre tout neuf" in participant_client.get("/programme/").content.decode()


def test_pending_messages_are_shown_once_and_never_kept(participant_client, edition):
    case = case_studies(edition)[0]
    participant_client.get("/programme/")
    choose(participant_client, case)
    shown = participant_client.get("/programme/").content.decode()
    assert "est dans votre programme" in shown
    after = participant_client.get("/programme/").content.decode()
    assert "est dans votre programme" not in after
    assert "est dans votre programme" not in participant_client.get("/programme/").content.decode()


def test_my_programme_during_the_event_follows_the_minute(participant_client, edition):
    with time_machine.travel(datetime.datetime(2025, 10, 20, 13, 40, tzinfo=MONTREAL), tick=False):
        participant_client.get("/mon-programme/")
        assert "13\xa0h\xa040" in participant_client.get("/mon-programme/").content.decode()
    with time_machine.travel(datetime.datetime(2025, 10, 20, 13, 41, tzinfo=MONTREAL), tick=False):
        assert "13\xa0h\xa041" in participant_client.get("/mon-programme/").content.decode()


def test_secrets_go_in_stored_blocks_so_the_length_says_nothing_of_them(client, edition):
    # Two participants whose « Mon programme » differ only by their calendar's secret address and
    # their CSRF tokens: answers of the same length once the random padding is set aside.
    payloads = []
    for _ in range(2):
        user = make_registration(edition).user
        token = personal_calendar.renew(user).token
        their_client = Client()
        their_client.force_login(user)
        their_client.get("/mon-programme/")
        body = their_client.get("/mon-programme/", headers=GZIP).content
        _, payload = padding_and_payload(body)
        assert token.encode() in payload  # as it is: never compressed with the text around it
        assert TOKEN.findall(gzip.decompress(body))[0] in payload
        payloads.append(payload)
    assert payloads[0] != payloads[1]
    assert len(payloads[0]) == len(payloads[1])


def test_the_random_padding_changes_from_answer_to_answer(participant_client, edition):
    participant_client.get("/programme/")
    lengths = {padding_and_payload(participant_client.get("/programme/", headers=GZIP).content)[0] for _ in range(20)}
    assert len(lengths) > 1


def test_a_kept_page_never_goes_to_a_visitor_without_session(participant_client, client, edition):
    participant_client.get("/programme/")
    participant_client.get("/programme/")
    anonymous = Client().get("/programme/").content.decode()
    assert "Se déconnecter" not in anonymous
    assert "Ajouter à mon programme" not in anonymous


def test_a_session_cookie_of_no_session_gets_the_page_of_nobody(edition):
    stranger = Client()
    stranger.cookies["sessionid"] = "a" * 32
    page = stranger.get("/programme/").content.decode()
    assert "Se déconnecter" not in page
    assert kept_pages() == []


def test_joining_the_teaching_team_changes_the_header_of_the_kept_pages(client, edition, django_user_model):
    teacher = django_user_model.objects.create_user("prof@example.org", "un mot de passe solide")
    client.force_login(teacher)
    client.get("/programme/")
    assert "Cahiers partagés" not in client.get("/programme/").content.decode()
    teacher.groups.add(Group.objects.get_or_create(name=TEACHING_TEAM)[0])
    page = client.get("/programme/").content.decode()
    assert "Cahiers partagés" in page
    assert "Mon programme" not in page


def test_masked_tokens_unmask_to_the_secret_and_draw_every_letter():
    secret = "Az09" * 8
    tokens = [personal.masked_token(secret) for _ in range(300)]
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    assert len(set(tokens)) == 300
    assert all(len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS) for token in tokens)
    assert set("".join(token[:32] for token in tokens)) == set(CSRF_ALLOWED_CHARS)
