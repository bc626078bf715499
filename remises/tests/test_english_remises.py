"""The hand-in in English (issue 24): the participant's page, the receipt and reminder e-mails, the refusals; the
same French page and e-mails unchanged."""

import datetime
import html
import re

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from automne.french import NBSP
from remises import handing_in
from remises.handing_in import Refused
from remises.tests.factories import BEFORE_DUE, write

pytestmark = pytest.mark.django_db
TAG = re.compile(r"<[^>]*>")


def text(response):
    return " ".join(html.unescape(TAG.sub(" ", response.content.decode())).replace(NBSP, " ").split())


def get(client, edition, language):
    """The hand-in page in `language` ("en" or "fr"), at its address in that language."""
    with translation.override("en" if language == "en" else "fr-ca"):
        address = reverse("remises:hand_in", kwargs={"edition": edition.slug})
    return client.get(address)


@time_machine.travel(BEFORE_DUE, tick=False)
def test_the_hand_in_page_in_english_and_unchanged_in_french(client, participant, edition):
    write(participant, edition, "Ce que je retiens de la semaine")
    client.force_login(participant)
    shown = text(get(client, edition, "en"))
    assert "Submit my journal" in shown
    assert "What will be submitted" in shown
    assert "7 words in all" in shown
    assert "1 area written of 2 · 7 words" in shown
    assert "0 areas written of 1 · 0 words" in shown
    assert "I accept this statement" in shown
    assert "Due date" in shown and "Cutoff (late submission)" in shown
    french_page = text(get(client, edition, "fr"))
    assert "Remettre mon cahier" in french_page and "7 mots en tout" in french_page
    assert "0 zone écrite sur 1 · 0 mot" in french_page


def test_the_receipt_and_reminders_in_english():
    moment = timezone.make_aware(datetime.datetime(2025, 11, 14, 23, 59))
    receipt = {
        "participant": {"first_name": "Alex", "email": "alex@example.org"},
        "edition": {"name": "Fall School 2025"},
        "hand_in": {"number": 2, "handed_in_at": moment, "is_late": True, "sha256": "abc123"},
        "url": "https://x.test/r/",
    }
    with translation.override("en"):
        body = render_to_string("remises/emails/receipt.txt", receipt)
    assert body.startswith("Hello Alex,\n\nYour reflective journal for the “Fall School 2025” edition is submitted.\n")
    assert "\nSHA-256 fingerprint of the submitted PDF: abc123\n" in body
    assert "(late).\n" in body
    assert body.endswith("Your submissions and the submitted PDF: https://x.test/r/\n\n")
    french_body = render_to_string("remises/emails/receipt.txt", receipt)
    assert "Votre cahier réflexif de l'édition « Fall School 2025 » est remis." in french_body
    assert "\nEmpreinte SHA-256 du PDF remis : abc123\n" in french_body  # typeset() when sent
    for days, words in ((0, ", today."), (1, ", tomorrow."), (3, ", in 3 days.")):
        context = {**receipt, "due": moment, "days": days}
        with translation.override("en"):
            reminder = render_to_string("remises/emails/reminder.txt", context)
        assert words in reminder
        assert "Submit my journal (a preview first shows you what will be submitted): https://x.test/r/" in reminder


def test_refusals_follow_the_language():
    with translation.override("en"):
        refused = Refused(handing_in.EMPTY)
        assert refused.message == "Your journal is empty: write at least one answer before submitting it."
    assert Refused(handing_in.EMPTY).message == (
        f"Votre cahier est vide{NBSP}: écrivez au moins une réponse avant de le remettre."
    )
