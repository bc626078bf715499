"""The cahier in English (issue 24): the participant's pages, the autosave's words and answers, sharing, the
e-mail of a new comment; and the same French pages unchanged. The prompts typed by organizers stay in French."""

import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from automne.french import NBSP
from cahier import writing
from cahier.models import Page
from programme.models import Edition

pytestmark = pytest.mark.django_db
TAG = re.compile(r"<[^>]*>")


def text(response):
    return " ".join(html.unescape(TAG.sub(" ", response.content.decode())).replace(NBSP, " ").split())


def english(client, name=None, path=None, **kwargs):
    """The English page, at its /en/ address."""
    with translation.override("en"):
        address = path() if path else reverse(name, kwargs=kwargs)
    return client.get(address)


def french(client, name, **kwargs):
    with translation.override("fr-ca"):
        return client.get(reverse(name, kwargs=kwargs))


def test_the_overview_in_english_and_unchanged_in_french(writer):
    shown = text(english(writer, "cahier:overview", edition="ecole-automne-2025"))
    assert "My reflective journal" in shown
    assert "Your journal is private. Every word is saved on the server as you write." in shown
    assert "Printable version" in shown and "Download as PDF" in shown
    assert "Sharing with the teaching team" in shown
    assert "0 words" in shown
    french_page = text(french(writer, "cahier:overview", edition="ecole-automne-2025"))
    assert "Mon cahier réflexif" in french_page
    assert "Votre cahier est privé. Chaque mot est enregistré sur le serveur pendant que vous écrivez." in french_page
    assert "0 mot" in french_page and "0 words" not in french_page


def test_a_writing_page_gives_the_autosave_its_english_words(writer):
    edition = Edition.objects.get(slug="ecole-automne-2025")
    page = Page.objects.of(edition).exclude(kind=Page.Kind.DRAWINGS).filter(prompts__isnull=False).first()
    response = english(writer, path=page.get_absolute_url)
    content = html.unescape(response.content.decode())
    assert 'data-msg-unsaved="Unsaved changes"' in content
    assert 'data-msg-saving="Saving…"' in content
    assert "(error {status}): it is kept in this browser" in content
    shown = text(response)
    assert "Your reflection" in shown and "Save" in shown and "Contents" in shown
    with translation.override("fr-ca"):
        french_content = html.unescape(writer.get(page.get_absolute_url()).content.decode())
    assert 'data-msg-unsaved="Modifications non enregistrées"' in french_content
    assert "Votre réflexion" in french_content


def test_the_sharing_page_in_english(writer):
    shown = text(english(writer, "cahier:sharing", edition="ecole-automne-2025"))
    assert "Sharing with the teaching team" in shown
    assert "Your journal is private: only you read it." in shown
    assert "Who will be able to read your journal" in shown
    assert "Share with these people" in shown
    assert "Partager avec ces personnes" in text(french(writer, "cahier:sharing", edition="ecole-automne-2025"))


def test_the_autosave_answers_in_the_page_language(writer):
    with translation.override("en"):
        address = reverse("cahier:autosave", args=[0])
    english_answer = writer.post(address, {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert english_answer.status_code == 404
    assert english_answer.json()["error"] == "This writing area does not exist."
    with translation.override("fr-ca"):
        french_answer = writer.post(reverse("cahier:autosave", args=[0]), {}, content_type="application/json")
    assert french_answer.json()["error"] == "Cette zone d'écriture n'existe pas."
    with translation.override("en"):
        assert writing.saved_label().startswith("Saved at ")
        assert writing.too_long().startswith("This text is longer than 20,000 characters: it was not saved.")
    translation.activate("fr-ca")  # the English request above left English in force in this thread
    assert writing.too_long().startswith(f"Ce texte dépasse 20{NBSP}000 caractères : il n'a pas été enregistré.")


def test_the_new_comment_email_in_english():
    context = {
        "owner": {"first_name": "Alex", "email": "alex@example.org"},
        "edition": {"name": "Fall School 2025"},
        "url": "https://x.test/c/",
    }
    with translation.override("en"):
        body = render_to_string("cahier/emails/new_comment.txt", context)
    assert body == (
        "Hello Alex,\n\n"
        "The teaching team has commented on your reflective journal (Fall School 2025).\n\n"
        "To read the comments, beside your answers:\nhttps://x.test/c/\n\n"
        "You receive no more than one email an hour about this journal.\n\n"
    )
    french_body = render_to_string("cahier/emails/new_comment.txt", context)
    assert french_body.startswith("Bonjour Alex,\n\nL'équipe pédagogique a commenté votre cahier réflexif")
    assert f"à côté de vos réponses{NBSP}:\nhttps://x.test/c/\n" in french_body
