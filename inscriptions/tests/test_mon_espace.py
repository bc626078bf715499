import datetime
import html
import json

import pytest
from django.test import Client
from django.utils import timezone

from inscriptions import seats
from inscriptions.models import Attendance, Attestation, Registration, User
from inscriptions.tests.factories import PASSWORD, make_registration, make_user
from programme.models import Day
from programme.tests.factories import make_open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_open_edition(course_code="ENP7009", course_title="Mobilisation des acteurs locaux", course_credits=3)


@pytest.fixture
def mine(edition, client):
    registration = make_registration(edition, first_name="Camille", last_name="Côté", dietary_restrictions="Végane")
    client.force_login(registration.user)
    return registration


@pytest.fixture
def theirs(edition):
    return make_registration(edition, first_name="Autre", last_name="Personne")


def test_account_shows_registration_and_state(client, mine):
    page = client.get("/mon-espace/").content.decode()
    assert "Camille Côté" in page
    assert '<strong class="badge badge--recue">Reçue</strong>' in page
    assert "Végane" in page
    assert f'href="/mon-espace/inscriptions/{mine.pk}/modifier/"' in page
    assert 'href="/cahier/"' in page
    assert "attestation.pdf" not in page  # no attendance yet


def test_account_never_shows_another_participant(client, mine, theirs):
    page = client.get("/mon-espace/").content.decode()
    assert "Autre Personne" not in page
    assert f"/inscriptions/{theirs.pk}/" not in page


def test_edit_own_details(client, mine):
    response = client.post(
        f"/mon-espace/inscriptions/{mine.pk}/modifier/",
        {
            "first_name": "Camille",
            "last_name": "Côté-Roy",
            "organisation": "Ville de Québec",
            "function": "Directrice",
            "sector": "municipal",
            "kind": "credit",
            "matricule": "87654321",
            "accessibility_needs": "",
            "dietary_restrictions": "",
        },
    )
    assert response["Location"] == "/mon-espace/"
    mine.refresh_from_db()
    assert (mine.last_name, mine.kind, mine.matricule, mine.dietary_restrictions) == (
        "Côté-Roy",
        "credit",
        "87654321",
        "",
    )


def test_edit_credit_without_matricule_keeps_form_filled(client, mine):
    response = client.post(
        f"/mon-espace/inscriptions/{mine.pk}/modifier/",
        {
            "first_name": "Camille",
            "last_name": "Nouveau",
            "organisation": "O",
            "function": "F",
            "sector": "autre",
            "kind": "credit",
        },
    )
    assert response.status_code == 200
    assert "Le matricule de l'ENAP est obligatoire pour la formation créditée." in html.unescape(
        response.content.decode()
    )
    assert 'value="Nouveau"' in response.content.decode()
    mine.refresh_from_db()
    assert mine.last_name == "Côté"


def test_cancel_own_registration_frees_seat(client, mine, edition):
    assert client.get(f"/mon-espace/inscriptions/{mine.pk}/annuler/").status_code == 200
    mine.refresh_from_db()
    assert mine.state == Registration.State.RECEIVED  # a GET changes nothing
    response = client.post(f"/mon-espace/inscriptions/{mine.pk}/annuler/")
    assert response["Location"] == "/mon-espace/"
    mine.refresh_from_db()
    assert mine.state == Registration.State.CANCELLED
    assert edition.registrations.holding_a_seat().count() == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "modifier/"),
        ("post", "modifier/"),
        ("get", "annuler/"),
        ("post", "annuler/"),
        ("get", "attestation.pdf"),
    ],
)
def test_another_participants_registration_is_404(client, mine, theirs, method, path):
    day = Day.objects.create(edition=theirs.edition, date=theirs.edition.starts_on)
    Attendance.objects.create(registration=theirs, day=day)
    response = getattr(client, method)(f"/mon-espace/inscriptions/{theirs.pk}/{path}", {"last_name": "Piraté"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.state, theirs.last_name) == (Registration.State.RECEIVED, "Personne")


def test_export_contains_all_my_data_and_nothing_of_others(client, mine, theirs):
    day = Day.objects.create(edition=mine.edition, date=mine.edition.starts_on)
    Attendance.objects.create(registration=mine, day=day)
    attestation = Attestation.objects.create(registration=mine)
    response = client.get("/mon-espace/donnees.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    data = json.loads(response.content)
    mine_data = data["inscriptions"]
    assert mine_data["compte"]["courriel"] == mine.user.email
    [registration] = mine_data["inscriptions"]
    assert registration["nom"] == "Côté"
    assert registration["restrictions_alimentaires"] == "Végane"
    assert registration["etat"] == "Reçue"
    assert registration["presences"] == [mine.edition.starts_on.isoformat()]
    assert registration["attestation"]["code"] == attestation.code
    assert theirs.email not in response.content.decode()


def test_delete_account_needs_password(client, mine):
    response = client.post("/mon-espace/supprimer/", {"password": "pas le bon"})
    assert response.status_code == 200
    assert "Ce mot de passe n'est pas le bon" in html.unescape(response.content.decode())
    assert User.objects.filter(pk=mine.user.pk).exists()


def test_delete_account_removes_everything_and_logs_out(client, mine, theirs):
    from cahier.models import Notebook  # the cahier's models point at the account with CASCADE

    Notebook.objects.create(user=mine.user, edition=mine.edition)
    Notebook.objects.create(user=theirs.user, edition=theirs.edition)
    day = Day.objects.create(edition=mine.edition, date=mine.edition.starts_on)
    Attendance.objects.create(registration=mine, day=day)
    Attestation.objects.create(registration=mine)
    response = client.post("/mon-espace/supprimer/", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=mine.user.pk).exists()
    assert list(Registration.objects.all()) == [theirs]
    assert Attendance.objects.count() == 0
    assert Attestation.objects.count() == 0
    assert list(Notebook.objects.values_list("user", flat=True)) == [theirs.user.pk]
    assert client.get("/mon-espace/").status_code == 302


def _registrations_over_editions(user, times):
    for n in range(times):
        edition = make_open_edition(
            is_current=False, starts_on=datetime.date(2010 + n, 10, 20), ends_on=datetime.date(2010 + n, 10, 24)
        )
        registration = make_registration(edition, user=user)
        day = Day.objects.create(edition=edition, date=edition.starts_on)
        Attendance.objects.create(registration=registration, day=day)
        Attestation.objects.create(registration=registration)


def test_account_page_query_count_constant(client, django_assert_num_queries, edition):
    user = make_user()
    client.force_login(user)
    _registrations_over_editions(user, 1)
    # session, user (automne/session_user.py), current edition (header), registrations, the hand-ins of
    # the cahiers (remises/); whether the account is a speaker's (intervenants/), and the sessions to rate
    # and the questionnaires of the editions (appreciations/)
    with django_assert_num_queries(8):
        assert client.get("/mon-espace/").status_code == 200
    _registrations_over_editions(user, 10)
    # The session and its account in one query once the process knows the session (8 before).
    with django_assert_num_queries(7):
        page = client.get("/mon-espace/").content.decode()
    assert page.count("Télécharger mon attestation (PDF)") == 11


def test_register_again_after_cancelling_takes_a_free_seat(client, mine, edition):
    mine.state = Registration.State.CANCELLED
    mine.save()
    assert "Me réinscrire" in client.get("/mon-espace/").content.decode()
    assert client.get(f"/mon-espace/inscriptions/{mine.pk}/reinscrire/").status_code == 405
    response = client.post(f"/mon-espace/inscriptions/{mine.pk}/reinscrire/")
    assert response["Location"] == "/mon-espace/"
    mine.refresh_from_db()
    assert mine.state == Registration.State.RECEIVED


def test_register_again_when_full_goes_to_waiting_list(client, mine, edition):
    edition.capacity = 1
    edition.save()
    mine.state = Registration.State.CANCELLED
    mine.save()
    make_registration(edition)
    client.post(f"/mon-espace/inscriptions/{mine.pk}/reinscrire/")
    mine.refresh_from_db()
    assert mine.state == Registration.State.WAITING


def test_register_again_another_participants_registration_is_404(client, mine, theirs):
    theirs.state = Registration.State.CANCELLED
    theirs.save()
    assert client.post(f"/mon-espace/inscriptions/{theirs.pk}/reinscrire/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == Registration.State.CANCELLED


def test_export_includes_each_apps_part_found_by_name(client, mine, monkeypatch):
    import importlib.machinery
    import sys
    import types

    part = types.ModuleType("cahier.user_data")
    part.__spec__ = importlib.machinery.ModuleSpec("cahier.user_data", None)
    part.export_user_data = lambda user: {"reponses": [f"texte de {user.email}"]}
    monkeypatch.setitem(sys.modules, "cahier.user_data", part)
    data = json.loads(client.get("/mon-espace/donnees.json").content)
    assert data["cahier"] == {"reponses": [f"texte de {mine.user.email}"]}
    assert data["inscriptions"]["compte"]["courriel"] == mine.user.email


def test_account_shows_waiting_list_position(client, edition):
    for _ in range(2):
        make_registration(edition, state=Registration.State.WAITING)
    mine = make_registration(edition, state=Registration.State.WAITING)
    make_registration(edition, state=Registration.State.WAITING)  # after me
    make_registration(make_open_edition(is_current=False), state=Registration.State.WAITING)  # another edition's list
    client.force_login(mine.user)
    page = html.unescape(client.get("/mon-espace/").content.decode())
    assert "Vous êtes 3ᵉ sur la liste d'attente." in page


def test_account_first_on_the_waiting_list_is_told_so(client, edition):
    make_registration(edition, state=Registration.State.CANCELLED)
    make_registration(edition)
    mine = make_registration(edition, state=Registration.State.WAITING)
    client.force_login(mine.user)
    page = html.unescape(client.get("/mon-espace/").content.decode())
    assert "Vous êtes en tête de la liste d'attente." in page
    assert "ᵉ sur la liste d'attente" not in page


def test_waiting_position_follows_promotion_order_with_equal_times_and_only_for_waiting():
    edition = make_open_edition()
    same_time = timezone.now()
    registrations = [make_registration(edition, state=Registration.State.WAITING) for _ in range(3)]
    received = make_registration(edition)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(created_at=same_time)
    positions = dict(seats.with_waiting_position(edition.registrations.all()).values_list("pk", "waiting_position"))
    assert positions == {registrations[0].pk: 1, registrations[1].pk: 2, registrations[2].pk: 3, received.pk: None}
    promoted = seats.promote_from_waiting_list(edition).confirmed
    assert promoted[0].pk == registrations[0].pk


def test_account_page_query_count_constant_with_waiting_positions(client, django_assert_num_queries, edition):
    user = make_user()
    client.force_login(user)
    for _ in range(2):
        make_registration(edition, state=Registration.State.WAITING)
    make_registration(edition, user=user, state=Registration.State.WAITING)
    # as above (the hand-ins of the cahiers, remises/), and whether the account is a speaker's: no
    # evaluation without a seat
    with django_assert_num_queries(6):
        assert client.get("/mon-espace/").status_code == 200
    for n in range(5):
        other = make_open_edition(is_current=False, slug=f"ancienne-{n}")
        make_registration(other, state=Registration.State.WAITING)
        make_registration(other, user=user, state=Registration.State.WAITING)
    # The session and its account in one query once the process knows the session (6 before).
    with django_assert_num_queries(5):
        page = html.unescape(client.get("/mon-espace/").content.decode())
    assert page.count("Vous êtes 2ᵉ sur la liste d'attente.") == 5
    assert page.count("Vous êtes 3ᵉ sur la liste d'attente.") == 1


def test_account_page_answers_304_until_what_it_shows_changes(client, edition):
    user = make_user()
    client.force_login(user)
    registration = make_registration(edition, user=user)
    client.get("/mon-espace/")  # the CSRF cookie its forms' tokens come from
    first = client.get("/mon-espace/")
    again = client.get("/mon-espace/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    Registration.objects.filter(pk=registration.pk).update(function="Directrice générale")
    changed = client.get("/mon-espace/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Directrice générale" in changed.content.decode()
    other_cookie = Client()
    other_cookie.force_login(user)
    other_cookie.get("/mon-espace/")
    assert other_cookie.get("/mon-espace/", headers={"If-None-Match": changed["ETag"]}).status_code == 200
