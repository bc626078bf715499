from unittest import mock

import pytest
from django.db import DatabaseError


@pytest.mark.django_db
def test_health_answers_ok(client):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_health_answers_503_when_database_fails(client):
    with mock.patch("automne.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/sante/")
    assert response.status_code == 503


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert script_src.strip() == "script-src 'self'"
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_unknown_address_gives_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert '<html lang="fr-CA">' in response.content.decode()


@pytest.mark.django_db
def test_base_page_has_skip_link_and_landmarks(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html
    assert "<footer" in html


def test_500_page_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Erreur du serveur" in html
