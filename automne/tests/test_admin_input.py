"""The admin fed ids that are not ids, and searches too long to run (audit F6; issue 25).

Every list of the admin, every action, and the pages of our own that read an id (presences, room
planning, a session's speakers): a 4xx in French, never a 500, and the database as it was. Ids go
through one parser, automne.clean_input.parse_id.
"""

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from automne.middleware import ADMIN_SEARCH_TOO_LONG, BAD_SELECTION
from inscriptions.admin import BAD_PRESENCE_IDS
from inscriptions.models import Attendance, Registration
from inscriptions.tests.factories import make_registration, make_user
from programme.models import Day, Edition, Occurrence, Session, SessionSpeaker

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "²", "٣", "9" * 30, "99999999999999999999999", "-1", "1.5", " 1", ""]


@pytest.fixture
def edition(db):
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)
    edition = Edition.objects.get(is_current=True)
    for _ in range(3):
        make_registration(edition)
    return edition


@pytest.fixture
def superuser_client(edition):
    user = make_user("admin@exemple.ca", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def changelists():
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]


def rows_of_every_model():
    return {model: model.objects.count() for model in admin.site._registry}


@pytest.mark.parametrize("value", NOT_IDS)
def test_every_admin_list_filtered_by_an_edition_that_is_not_an_id_answers(superuser_client, value):
    for url in [*changelists(), "/admin/inscriptions/registration/export.csv"]:
        response = superuser_client.get(url, {"edition": value})
        assert response.status_code in (200, 302), (url, value, response.status_code)


def test_an_edition_filter_that_is_not_an_id_shows_the_current_edition(superuser_client, edition):
    html = superuser_client.get("/admin/programme/session/", {"edition": "²"}).content.decode()
    assert escape(f"{edition.name} ({edition.starts_on.year})") in html
    assert escape(Session.objects.filter(edition=edition).first().title) in html


def test_csv_export_with_an_edition_that_is_not_an_id_exports_the_current_edition(superuser_client, edition):
    response = superuser_client.get("/admin/inscriptions/registration/export.csv", {"edition": "9" * 30})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + Registration.objects.filter(edition=edition).count()


@pytest.mark.parametrize("value", NOT_IDS)
def test_every_admin_action_on_a_selection_that_is_not_ids_is_refused_and_changes_nothing(superuser_client, value):
    before = rows_of_every_model()
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        request = superuser_client.get(url).wsgi_request
        for action in model_admin.get_actions(request):
            response = superuser_client.post(url, {"action": action, "_selected_action": ["1", value], "index": "0"})
            assert response.status_code == 400, (url, action, value)
            assert escape(BAD_SELECTION) in response.content.decode()
    assert rows_of_every_model() == before


def test_an_admin_action_on_real_ids_still_runs(superuser_client, edition):
    registration = Registration.objects.filter(edition=edition).first()
    chosen = {"action": "cancel_selected", "_selected_action": [str(registration.pk)], "index": "0"}
    response = superuser_client.post("/admin/inscriptions/registration/", chosen)
    assert response.status_code == 200  # the confirmation page (inscriptions/admin_state_actions.py)
    assert registration.state != Registration.State.CANCELLED
    response = superuser_client.post("/admin/inscriptions/registration/", {**chosen, "post": "oui"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == Registration.State.CANCELLED


@pytest.mark.parametrize("field", ["q", "term"])
def test_an_admin_search_of_more_than_20_words_is_refused_in_french(superuser_client, field):
    for url in [*changelists(), "/admin/autocomplete/"]:
        response = superuser_client.get(url, {field: " ".join(["mot"] * 2000)})
        assert response.status_code == 400, url
        assert escape(ADMIN_SEARCH_TOO_LONG) in response.content.decode()


def test_an_admin_search_of_20_words_runs(superuser_client):
    response = superuser_client.get("/admin/programme/session/", {"q": " ".join(["atelier"] * 20)})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["abc", "²", "9" * 30])
def test_presence_ids_that_are_not_ids_are_refused_and_record_nothing(superuser_client, edition, value):
    day = Day.objects.filter(edition=edition).first()
    registration = Registration.objects.filter(edition=edition).first()
    url = reverse("admin:inscriptions_checkin", args=[day.pk])
    response = superuser_client.post(url, {"ids": [str(registration.pk), value]})
    assert response.status_code == 400
    assert escape(str(BAD_PRESENCE_IDS)) in response.content.decode()
    assert Attendance.objects.count() == 0


def test_presence_with_real_ids_is_recorded(superuser_client, edition):
    day = Day.objects.filter(edition=edition).first()
    registration = Registration.objects.filter(edition=edition).first()
    response = superuser_client.post(reverse("admin:inscriptions_checkin", args=[day.pk]), {"ids": [registration.pk]})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("registration", "day")) == [(registration.pk, day.pk)]


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "abc"])
def test_room_planning_with_an_occurrence_that_is_not_an_id_is_404(superuser_client, edition, value):
    rooms = list(Occurrence.objects.values_list("pk", "room"))
    response = superuser_client.post("/admin/programme/occurrence/repartition/", {"occurrence": value})
    assert response.status_code == 404
    assert list(Occurrence.objects.values_list("pk", "room")) == rooms


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "abc", "-1"])
def test_a_session_speaker_that_is_not_an_id_is_a_form_error(superuser_client, edition, value):
    session = Session.objects.filter(edition=edition).first()
    url = reverse("admin:programme_session_change", args=[session.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    data.update({"session_speakers-TOTAL_FORMS": 1, "session_speakers-INITIAL_FORMS": 0})
    data.update({"session_speakers-0-speaker": value, "session_speakers-0-role": "intervenant"})
    data.update({"occurrences-TOTAL_FORMS": 0, "occurrences-INITIAL_FORMS": 0})
    speakers = list(SessionSpeaker.objects.values_list("pk", "session", "speaker"))
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert list(SessionSpeaker.objects.values_list("pk", "session", "speaker")) == speakers


@pytest.mark.parametrize("value", ["²", "9" * 30, "abc"])
def test_an_occurrence_with_a_session_and_time_that_are_not_ids_is_a_form_error(superuser_client, edition, value):
    occurrence = Occurrence.objects.filter(time_slot__day__edition=edition).first()
    url = reverse("admin:programme_occurrence_change", args=[occurrence.pk])
    before = list(Occurrence.objects.values_list("pk", "session", "time_slot", "room"))
    response = superuser_client.post(url, {"session": value, "time_slot": value, "room": "", "order": "0"})
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"session", "time_slot"}
    assert list(Occurrence.objects.values_list("pk", "session", "time_slot", "room")) == before
