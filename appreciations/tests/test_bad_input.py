"""No 500 from input in the evaluations, the speakers' space and the materials: the audit's payloads
(automne/tests/test_bad_input.py) in every field of every form, and nothing stored from them."""

import pytest
import time_machine
from django.urls import reverse

from appreciations.models import Answer, SessionRating
from appreciations.tests.conftest import DURING, moment
from automne.tests.test_bad_input import assert_not_server_error, post_each_field
from intervenants.tests.factories import make_organizer, make_speaker_account
from supports.models import Material

pytestmark = pytest.mark.django_db


def test_the_rating_form(client, participant, cases):
    client.force_login(participant)
    url = reverse(
        "appreciations:rate", kwargs={"edition": cases[0].session.edition.slug, "slug": cases[0].session.slug}
    )
    with time_machine.travel(DURING, tick=False):
        post_each_field(client, url, {"note": "4", "commentaire": "Bien", "next": "/mon-espace/"})
    assert all("\x00" not in c for c in SessionRating.objects.values_list("comment", flat=True))
    assert set(SessionRating.objects.values_list("score", flat=True)) <= {1, 2, 3, 4, 5}


def test_the_questionnaire(client, participant, questionnaire, edition):
    client.force_login(participant)
    url = reverse("appreciations:questionnaire", kwargs={"edition": edition.slug})
    fields = {f"q-{q.pk}": "1" for q in questionnaire.questions.all()}
    with time_machine.travel(moment(25, 10), tick=False):
        post_each_field(client, url, fields)
    assert all("\x00" not in t for t in Answer.objects.values_list("text", flat=True))


@pytest.mark.parametrize("slug", ["a%00b", "9" * 30, "x" * 300])
def test_addresses_with_bad_parts(client, participant, edition, slug):
    client.force_login(participant)
    for path in (
        f"/appreciations/{slug}/questionnaire/",
        f"/appreciations/{edition.slug}/seances/{slug}/",
        f"/appreciations/{slug}/resultats/",
        f"/supports/{slug}/1/",
        f"/supports/{edition.slug}/{slug}/",
        f"/espace-intervenant/seances/{slug}/supports/",
        f"/photos-intervenants/{slug}-0.jpg",
    ):
        response = client.get(path)
        assert_not_server_error(response, path)
        assert response.status_code in (400, 404), path


@pytest.mark.parametrize("number", [str(2**63), str(2**63 - 1), "9" * 20])
def test_huge_ids_are_404(client, edition, cases, number):
    client.force_login(make_speaker_account(cases[0].session.speakers.first()))
    for path in (
        f"/supports/{edition.slug}/{number}/",
        f"/espace-intervenant/seances/{number}/supports/",
        f"/espace-intervenant/personnes/{number}/",
        f"/photos-intervenants/{number}-0123456789abcdef.jpg",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/espace-intervenant/supports/{number}/retirer/").status_code == 404


def test_the_speakers_forms(client, cases, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker = cases[0].session.speakers.first()
    client.force_login(make_speaker_account(speaker))
    post_each_field(
        client, f"/espace-intervenant/personnes/{speaker.pk}/", {"bio": "Chercheuse", "organisation": "ENAP"}
    )
    post_each_field(
        client,
        f"/espace-intervenant/seances/{cases[0].session.pk}/supports/",
        {"title": "Lien", "visibility": "public", "url": "https://exemple.org"},
    )
    post_each_field(client, f"/espace-intervenant/personnes/{speaker.pk}/photo/", {"retirer": ""})
    assert all("\x00" not in t for t in Material.objects.values_list("title", "url").values_list("title", flat=True))


# The admin's pages are heavy to render: the payloads go in the fields these apps read themselves.


def test_the_admins_material_form(client, edition, cases, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_organizer())
    post_each_field(
        client,
        reverse("admin:supports_material_add"),
        {
            "session": cases[0].session.pk,
            "title": "Lien",
            "visibility": "public",
            "url": "https://exemple.org",
            "order": "0",
        },
        fields=["session", "title", "url"],
    )


def test_the_admins_questionnaire_form(client, edition):
    client.force_login(make_organizer())
    post_each_field(
        client,
        reverse("admin:appreciations_questionnaire_add"),
        {
            "edition": edition.pk,
            "title": "Questionnaire",
            "opens_at_0": "2025-10-24",
            "opens_at_1": "12:00",
            "closes_at_0": "2025-10-31",
            "closes_at_1": "12:00",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-0-order": "1",
            "questions-0-kind": "echelle",
            "questions-0-text": "Utile ?",
        },
        fields=["edition", "opens_at_0", "questions-0-kind", "questions-0-options"],
    )


def test_the_invitation_of_a_speaker(client, cases):
    client.force_login(make_organizer())
    post_each_field(
        client,
        "/admin/equipe/inviter/",
        {
            "email": "x@exemple.org",
            "first_name": "A",
            "last_name": "B",
            "role": "Intervenant·e·s",
            "speaker": cases[0].session.speakers.first().pk,
        },
        fields=["role", "speaker"],
    )
