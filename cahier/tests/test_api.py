"""The autosave endpoint: JSON in and out, French messages, never a 500 or a login page."""

import datetime
import json

import pytest
from django.test import Client

from automne.french import NBSP
from cahier.models import Answer, CaseStudyChoice, Page, Prompt
from cahier.tests.conftest import register
from cahier.writing import MAX_ANSWER_LENGTH, save_text
from programme.models import Session
from programme.tests.factories import schedule


@pytest.fixture
def prompt(cahier_structure):
    return Prompt.objects.get(page__slug="eveil", level__order=2)


def post(client, url, payload, **extra):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(url, body, content_type="application/json", **extra)


@pytest.mark.django_db
def test_autosave_saves_and_returns_version_and_time(writer, prompt):
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Autosauvegarde", "version": 0})
    assert response.status_code == 200
    data = response.json()
    assert (data["version"], data["words"]) == (1, 1)
    assert data["status"].startswith("Enregistré à ")
    assert f"{NBSP}h" in data["status"]
    assert Answer.objects.get().text == "Autosauvegarde"


@pytest.mark.django_db
def test_autosave_stale_version_is_409_with_server_text(writer, participant, prompt):
    save_text(participant, prompt, "Depuis le téléphone", 0)
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Depuis le portable", "version": 0})
    assert response.status_code == 409
    data = response.json()
    assert (data["code"], data["server_text"], data["server_version"]) == ("conflit", "Depuis le téléphone", 1)
    assert data["error"].startswith("Ce texte a été modifié ailleurs")
    assert Answer.objects.get().text == "Depuis le téléphone"


@pytest.mark.django_db
def test_autosave_too_long_is_400_with_clear_message(writer, prompt):
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "é" * (MAX_ANSWER_LENGTH + 1), "version": 0})
    assert response.status_code == 400
    assert response.json()["code"] == "trop_long"
    assert response.json()["error"].startswith(f"Ce texte dépasse 20{NBSP}000 caractères")
    assert Answer.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Requête illisible"),
        ("{pas du json", "Requête illisible"),
        (b"\xff\xfe\x00", "Requête illisible"),
        ("[1, 2]", "Requête illisible"),
        ('"texte"', "Requête illisible"),
        ("null", "Requête illisible"),
        ({"version": 0}, "Le champ « text »"),
        ({"text": 12, "version": 0}, "Le champ « text »"),
        ({"text": None, "version": 0}, "Le champ « text »"),
        ({"text": "a"}, "Le champ « version »"),
        ({"text": "a", "version": "0"}, "Le champ « version »"),
        ({"text": "a", "version": -1}, "Le champ « version »"),
        ({"text": "a", "version": 1.5}, "Le champ « version »"),
        ({"text": "a", "version": True}, "Le champ « version »"),
    ],
)
@pytest.mark.django_db
def test_autosave_malformed_request_is_400_in_french(writer, prompt, body, message):
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"].startswith(message)
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_autosave_huge_body_is_400(writer, prompt):
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "a" * 300_000, "version": 0})
    assert response.status_code == 400


@pytest.mark.django_db
def test_autosave_unknown_prompt_is_404_json(writer, cahier_structure):
    response = post(writer, "/cahier/api/reponses/99999/", {"text": "a", "version": 0})
    assert (response.status_code, response.json()["error"]) == (404, "Cette zone d'écriture n'existe pas.")


@pytest.mark.django_db
def test_autosave_get_is_405(writer, prompt):
    assert writer.get(f"/cahier/api/reponses/{prompt.pk}/").status_code == 405


@pytest.mark.django_db
def test_autosave_anonymous_is_401_json_with_login_url_back_to_the_page(client, prompt):
    response = post(
        client,
        f"/cahier/api/reponses/{prompt.pk}/",
        {"text": "a", "version": 0},
        HTTP_X_CAHIER_PAGE="/cahier/ecole-automne-2025/eveil/",
    )
    assert response.status_code == 401
    data = response.json()
    assert data["login_url"].endswith("?next=/cahier/ecole-automne-2025/eveil/")
    assert "reconnectez-vous" in data["error"]


@pytest.mark.django_db
def test_autosave_login_url_never_leads_outside_the_cahier(client, prompt):
    response = post(
        client,
        f"/cahier/api/reponses/{prompt.pk}/",
        {"text": "a", "version": 0},
        HTTP_X_CAHIER_PAGE="https://ailleurs.example/",
    )
    assert response.json()["login_url"].endswith("?next=/cahier/")


@pytest.mark.django_db
def test_autosave_requires_csrf_token_and_token_endpoint_gives_a_fresh_one(participant, prompt):
    register(participant, prompt.page.edition)
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    refused = post(client, f"/cahier/api/reponses/{prompt.pk}/", {"text": "a", "version": 0})
    assert refused.status_code == 403
    token = client.get("/cahier/api/jeton/").json()["csrf"]
    accepted = post(client, f"/cahier/api/reponses/{prompt.pk}/", {"text": "a", "version": 0}, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200


@pytest.mark.django_db
def test_token_endpoint_anonymous_is_401(client, cahier_structure):
    assert client.get("/cahier/api/jeton/").status_code == 401


@pytest.mark.django_db
def test_case_study_choice_only_among_the_pages_edition(writer, participant, edition_2025, edition_2026):
    case = Session.objects.get(edition=edition_2025, title="Co-production and evaluation")
    day = edition_2026.days.create(date=edition_2026.starts_on)
    other_case = Session.objects.create(
        edition=edition_2026, kind=Session.Kind.CASE_STUDY, title="Un cas de 2026", slug="un-cas-de-2026"
    )
    schedule(other_case, day, datetime.time(9), datetime.time(10))
    regards = Page.objects.get(edition=edition_2025, slug="regards")
    html = writer.get("/cahier/ecole-automne-2025/regards/").content.decode()
    assert case.title in html
    assert other_case.title not in html
    assert other_case.title in writer.get("/cahier/ecole-automne-2026/regards/").content.decode()
    response = post(writer, f"/cahier/api/etude-de-cas/{regards.pk}/", {"session": case.pk})
    assert (response.status_code, response.json()["session"]) == (200, case.pk)
    assert CaseStudyChoice.objects.get(user=participant).session == case
    post(writer, f"/cahier/api/etude-de-cas/{regards.pk}/", {"session": other_case.pk})
    assert CaseStudyChoice.objects.get(user=participant).session is None
    assert post(writer, f"/cahier/api/etude-de-cas/{regards.pk}/", "[]").status_code == 400
    eveil = Page.objects.get(edition=edition_2025, slug="eveil")
    assert post(writer, f"/cahier/api/etude-de-cas/{eveil.pk}/", {"session": case.pk}).status_code == 404


@pytest.mark.django_db
def test_case_study_choice_without_javascript(writer, participant, cahier_structure):
    case = Session.objects.get(title="Co-production and evaluation")
    prompt = Prompt.objects.get(page__slug="regards", level__order=1)
    writer.post(
        "/cahier/ecole-automne-2025/regards/",
        {"etude_de_cas": str(case.pk), f"texte-{prompt.pk}": "Ce cas", f"version-{prompt.pk}": "0"},
    )
    assert CaseStudyChoice.objects.get(user=participant).session == case
    assert f'value="{case.pk}" selected' in writer.get("/cahier/ecole-automne-2025/regards/").content.decode()


def refuse_writes(monkeypatch, message="database or disk is full"):
    """The database refusing the save's UPDATE, as SQLite does with a full disk (SQLITE_FULL)."""
    from django.db.utils import OperationalError

    def full(*args, **kwargs):
        raise OperationalError(message)

    monkeypatch.setattr("cahier.writing._update_if_current", full)


@pytest.mark.django_db
def test_autosave_on_a_full_disk_is_a_json_503_saying_it_will_retry(writer, participant, prompt, monkeypatch, caplog):
    import logging

    from cahier.models import AnswerRevision
    from cahier.server_faults import RETRY

    save_text(participant, prompt, "Première version", 0)
    refuse_writes(monkeypatch)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Deuxième version", "version": 1})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response.json() == {"error": RETRY, "code": "reessai"}
    assert "réessai automatique" in RETRY
    assert list(Answer.objects.values_list("text", "version")) == [("Première version", 1)]
    assert list(AnswerRevision.objects.values_list("text", flat=True)) == ["Première version"]
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert [record.getMessage() for record in logged] == [
        f"Enregistrement automatique en échec : /cahier/api/reponses/{prompt.pk}/"
    ]  # once, with the traceback (Django does not log the 503 again)
    assert logged[0].exc_info[0].__name__ == "OperationalError"


@pytest.mark.django_db
def test_autosave_retried_after_the_fault_saves_the_text(writer, participant, prompt, monkeypatch):
    save_text(participant, prompt, "Première version", 0)
    with monkeypatch.context() as patch:
        refuse_writes(patch, "database is locked")
        assert post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Deuxième", "version": 1}).status_code == 503
    response = post(writer, f"/cahier/api/reponses/{prompt.pk}/", {"text": "Deuxième", "version": 1})
    assert (response.status_code, response.json()["version"]) == (200, 2)
    assert Answer.objects.get().text == "Deuxième"


@pytest.mark.django_db
def test_case_study_choice_on_a_server_fault_is_a_json_503(writer, participant, cahier_structure, monkeypatch):
    from django.db.utils import OperationalError

    def fail(*args, **kwargs):
        raise OperationalError("database or disk is full")

    page = Page.objects.filter(picks_case_study=True).first()
    monkeypatch.setattr(Page, "choose_case_study", fail)
    response = post(writer, f"/cahier/api/etude-de-cas/{page.pk}/", {"session": None})
    assert response.status_code == 503
    assert response.json()["code"] == "reessai"
    assert CaseStudyChoice.objects.count() == 0
