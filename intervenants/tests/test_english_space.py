"""The speakers' space in English (issue 24): a speaker who reads no French finds their sessions,
edits their profile, adds slides and reads the e-mail that links them; the French stays as it was."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from automne.french import format_bytes as format_size
from intervenants import accounts
from intervenants.tests import english
from intervenants.tests.factories import make_speaker_account
from programme.models import Session
from supports.tests import samples

pytestmark = pytest.mark.django_db
SPACE = "/espace-intervenant/"


@pytest.fixture(autouse=True)
def french_afterwards():
    """LocaleMiddleware leaves the language of the last request active in the thread: back to French."""
    yield
    translation.deactivate()


def test_the_space_in_english(speaker_client, speaker, case_studies):
    session = case_studies[0]
    page = english.text(english.get(speaker_client, SPACE))
    assert "<h1>My speaker account</h1>" in page
    assert "Signed in as <strong>intervenante@exemple.org</strong>. Montreal time.</p>" in page
    assert ">Edit my biography, organization and photo</a>" in page
    assert "<h3>My sessions</h3>" in page
    other = session.session_speakers.exclude(speaker=speaker).get().speaker
    assert f"<p>With {other.full_name}</p>" in page
    assert '<h5 class="spoken-session__subtitle">Slides</h5>' in page
    assert '<p class="muted">No slides yet.</p>' in page
    assert '>Add slides<span class="visually-hidden"> to ' in page
    assert "Mon espace d'intervenant·e" not in page and "Mes séances" not in page


def test_the_french_space_is_unchanged(speaker_client, case_studies):
    page = english.text(speaker_client.get(SPACE))
    assert "<h1>Mon espace d'intervenant·e</h1>" in page
    assert "Connecté·e avec <strong>intervenante@exemple.org</strong>. Heure de Montréal.</p>" in page
    assert '<p class="muted">Aucun support pour l\'instant.</p>' in page
    assert "My sessions" not in page


def test_the_profile_form_and_its_errors_in_english(speaker_client, speaker):
    url = reverse("intervenants:profile", kwargs={"pk": speaker.pk})
    page = english.text(english.get(speaker_client, url))
    assert "This profile appears on your page in the program, for everyone to see.</p>" in page
    assert '<label for="organisation">Organization</label>' in page
    assert "At most 3000 characters. A blank line separates two paragraphs." in page
    assert "JPEG or PNG, 5\xa0MB at most. It is resized and saved again without its metadata" in page
    assert '<button type="submit">Save the photo</button>' in page
    response = english.post(speaker_client, url, {"bio": "x" * 3001, "organisation": "o" * 301})
    page = english.text(response)
    assert response.status_code == 400
    assert "Please correct the fields below: nothing was saved." in page
    assert "The biography can be at most 3000 characters long." in page
    assert "The organization can be at most 300 characters long." in page


def test_a_refused_photo_is_explained_in_english(speaker_client, speaker):
    url = reverse("intervenants:photo_upload", kwargs={"pk": speaker.pk})
    response = english.post(speaker_client, url, {"photo": samples.upload("diapos.pdf", samples.pdf_bytes())})
    assert "This file is not a readable JPEG or PNG photo." in english.text(response)


def test_adding_slides_in_english(speaker_client, case_studies):
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[0].pk})
    page = english.text(english.get(speaker_client, url))
    assert "<h1>Add slides</h1>" in page
    assert "For example “Slides” or “Cited article”." in page
    assert "PDF, PowerPoint (.pptx), Word (.docx), Excel (.xlsx) or OpenDocument, 20\xa0MB at most." in page
    assert '<button type="submit">Add</button>' in page
    response = english.post(
        speaker_client,
        url,
        {"title": "Slides", "visibility": "public", "file": samples.upload("diapos.pptx", samples.pdf_bytes())},
    )
    assert response.status_code == 400
    assert (
        "This file’s name says it is a .pptx file, but its content is a PDF: choose the right file or correct its name."
    ) in english.text(response)
    response = english.post(
        speaker_client, url, {"title": "Video", "visibility": "public", "url": "https://exemple.org/v"}, follow=True
    )
    page = english.text(response)
    assert "“Video” has been added to the session." in page
    assert '<span class="material__meta">Link (exemple.org) · visible to: ' in page
    assert 'Remove<span class="visually-hidden"> “Video”</span></button>' in page
    page = english.text(speaker_client.get(SPACE))
    assert '<span class="material__meta">Lien (exemple.org) · visible par\xa0: ' in page
    assert 'Retirer<span class="visually-hidden"> «\xa0Video\xa0»</span></button>' in page


def test_another_speakers_session_is_refused_in_english(speaker_client, case_studies):
    url = reverse("intervenants:add_material", kwargs={"session": case_studies[1].pk})
    response = english.post(speaker_client, url, {"title": "x", "visibility": "public", "url": "https://exemple.org"})
    assert response.status_code == 403
    assert "You are not a speaker in this session: only its speakers, and the organizers, can add slides" in (
        english.text(response)
    )


def test_the_linked_email_in_english(speaker, past_edition):
    last_year = Session.objects.filter(edition=past_edition, kind=Session.Kind.CASE_STUDY).first().speakers.first()
    account = make_speaker_account(last_year, "sanna@exemple.org")
    account.language = "en"  # the e-mail is in the speaker's language, not the organizer's page's
    account.save(update_fields=["language"])
    with translation.override("en"):
        accounts.send_linked(account, speaker)
    message = mail.outbox[0]
    assert message.subject.startswith("Your speaker account — ")
    name = speaker.edition.name
    assert message.body.startswith(f"Hello {account.first_name},\n\nYou are in the program of “{name}” (")
    assert (
        "): your speaker account, with the same sign-in as before (sanna@exemple.org), now also shows your sessions "
        "of this edition. There you can update your biography, your organization and your photo, and upload your "
        "slides.\n\nhttp://127.0.0.1:8000/en/espace-intervenant/\n\n"
    ) in message.body
    assert message.body.endswith(f"The “{name}” team\n\n")


def test_the_linked_email_in_french_is_unchanged(speaker, past_edition):
    last_year = Session.objects.filter(edition=past_edition, kind=Session.Kind.CASE_STUDY).first().speakers.first()
    account = make_speaker_account(last_year, "sanna@exemple.org")
    accounts.send_linked(account, speaker)
    message = mail.outbox[0]
    name = speaker.edition.name
    assert message.subject.startswith("Votre espace d'intervenant·e — ")
    assert message.body.startswith(f"Bonjour {account.first_name},\n\nVous êtes au programme de «\xa0{name}\xa0» (")
    assert ")\xa0: votre espace d'intervenant·e, avec le même compte que d'habitude (sanna@exemple.org)" in message.body
    assert message.body.endswith(f"L'équipe de «\xa0{name}\xa0»\n\n")


def test_sizes_in_english_and_in_french():
    with translation.override("en"):
        assert [format_size(n) for n in (20 * 1024 * 1024, int(2.4 * 1024 * 1024), 512 * 1024, 10)] == [
            "20\xa0MB",
            "2.4\xa0MB",
            "512\xa0KB",
            "1\xa0KB",
        ]
    assert format_size(int(2.4 * 1024 * 1024)) == "2,4\xa0Mo"
