"""Issue 19's findings 10 and 11, replayed as they were written: each failed before the fix (the assertion
marked « finding »)."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group

from automne.next_edition import prepare_edition
from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM
from cahier.models import Answer, Prompt
from inscriptions.models import User
from inscriptions.tests.factories import make_registration, make_user

pytestmark = pytest.mark.django_db


def test_finding_10_any_account_wrote_in_a_2027_cahier(client, edition_2025):
    edition_2027 = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2027", datetime.date(2027, 10, 18), datetime.date(2027, 10, 22)
    )
    prompt = Prompt.objects.filter(page__edition=edition_2027).first()
    organizer = make_user(is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    teacher = make_user()
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    participant_2025 = make_user()
    make_registration(edition_2025, user=participant_2025)
    for account in (organizer, teacher, participant_2025):
        client.force_login(account)
        response = client.post(
            f"/cahier/api/reponses/{prompt.pk}/",
            json.dumps({"text": "Écrit sans inscription", "version": 0}),
            content_type="application/json",
        )
        assert response.status_code == 403, account  # finding: 200
        assert response.json()["code"] == "ecriture_refusee"
    assert Answer.objects.count() == 0
    registered = make_user()
    make_registration(edition_2027, user=registered)
    client.force_login(registered)
    body = json.dumps({"text": "Inscrit·e en 2027", "version": 0})
    assert client.post(f"/cahier/api/reponses/{prompt.pk}/", body, content_type="application/json").status_code == 200


def test_finding_11_an_organizer_invited_a_reader_of_every_shared_cahier(client, edition_2025):
    organizer = make_user(is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    client.force_login(organizer)
    data = {"email": "moi-aussi@exemple.ca", "first_name": "Moi", "last_name": "Aussi", "role": TEACHING_TEAM}
    response = client.post("/admin/equipe/inviter/", data)
    assert not User.objects.filter(email="moi-aussi@exemple.ca").exists()  # finding
    assert response.status_code == 200
    # The participant who shares sees who reads, by name.
    teacher = make_user(first_name="Geneviève", last_name="Lévesque")
    teacher.groups.add(Group.objects.get(name=TEACHING_TEAM))
    participant = make_user()
    make_registration(edition_2025, user=participant)
    client.force_login(participant)
    page = client.get("/cahier/ecole-automne-2025/partage/")
    assert page.status_code == 200  # finding: 405, no page said who reads
    assert "Geneviève Lévesque" in page.content.decode()
