import html

import pytest

from automne.french import NBSP
from programme.tests.factories import make_edition

pytestmark = pytest.mark.django_db


def test_privacy_notice_says_what_why_who_how_long_and_how_to_delete(client):
    make_edition(contact_email="etudes@exemple.ca", contact_phone="514 000-0000")
    page = html.unescape(client.get("/confidentialite/").content.decode())
    for heading in [
        "Qui en est responsable",
        "Ce que nous recueillons",
        "Pourquoi",
        "Qui les voit",
        "Combien de temps nous les gardons",
        f"Vos droits{NBSP}: consulter, corriger, supprimer",
    ]:
        assert f"<h2>{heading}</h2>" in page, heading
    assert 'href="mailto:etudes@exemple.ca"' in page
    assert "Ils ne voient pas votre cahier réflexif." in page
    assert 'href="/mon-espace/donnees.json"' not in page  # described, downloaded from Mon espace


def test_privacy_notice_without_edition_still_answers(client):
    response = client.get("/confidentialite/")
    assert response.status_code == 200
    assert "<h2>Combien de temps nous les gardons</h2>" in response.content.decode()
