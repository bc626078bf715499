"""Refusals in English at the English addresses (issue 24): BadInputMiddleware runs before
LocaleMiddleware, so it reads the language from the address (/en/…), French everywhere else; the
error pages and their messages in English, the French ones unchanged."""

import pytest
from django.core.exceptions import DisallowedHost, TooManyFieldsSent
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from automne import clean_input, middleware
from automne.french import NBSP


@pytest.fixture(autouse=True)
def french_again():
    """A request at an English address leaves English active in this thread: French again after each test."""
    yield
    translation.deactivate()


def test_a_nul_in_the_address_of_an_english_page_is_refused_in_english(client, db):
    response = client.get("/en/programme/", {"q": "a\x00b"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Request refused</h1>" in html
    assert "The text sent contains an invalid character" in html
    assert "Skip to content" in html


def test_the_same_refusal_at_a_french_address_stays_french(client, db):
    response = client.get("/programme/", {"q": "a\x00b"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Requête refusée</h1>" in html
    assert "Le texte envoyé contient un caractère invalide" in html


def test_json_refusals_follow_the_address_too(client, db):
    response = client.post("/en/cahier/api/", "[", content_type="application/json")
    assert response.json() == {"error": "Unreadable request: a JSON object is expected."}
    response = client.post("/cahier/api/", "[", content_type="application/json")
    assert response.json() == {"error": clean_input.BAD_JSON}


def test_language_of_an_address():
    factory = RequestFactory()
    assert middleware.language_of(factory.get("/en/programme/")) == "en"
    assert middleware.language_of(factory.get("/programme/")) == "fr-ca"
    assert middleware.language_of(factory.get("/zz/programme/")) == "fr-ca"


def test_reasons_for_unread_requests_in_english():
    with translation.override("en"):
        assert clean_input.reason_for(TooManyFieldsSent()) == (
            "The form sent has too many fields (more than 1,000): nothing was saved."
        )
        assert clean_input.reason_for(DisallowedHost()) == (
            "This site does not answer to the name requested (unknown Host header): use its usual address."
        )
    with translation.override("fr-ca"):
        french = clean_input.reason_for(TooManyFieldsSent())
    assert french == (
        f"Le formulaire envoyé compte trop de champs (plus de 1{NBSP}000){NBSP}: rien n'a été enregistré."
    )


def test_error_pages_in_english():
    with translation.override("en"):
        html = render_to_string("500.html")
        assert '<html lang="en">' in html
        assert "<h1>Server error</h1>" in html
        assert 'href="/en/"' in html
        html = render_to_string("400.html", {"reason": "x"})
        assert "<title>Request refused</title>" in html
    with translation.override("fr-ca"):
        html = render_to_string("500.html")
    assert '<html lang="fr-CA">' in html
    assert "<h1>Erreur du serveur</h1>" in html
    assert 'href="/"' in html
