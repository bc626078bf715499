"""A speaker edits their biography, organisation and photo; the photo is re-encoded without any
metadata and shown on their page of the programme, which is published again at once."""

import html
import io

import pytest
from django.urls import reverse
from PIL import Image

from automne.models import StoredFile
from cahier.tests.images import jpeg_with_gps, png_bytes
from intervenants import photos, profiles
from intervenants.models import SpeakerPhoto
from intervenants.tests.factories import make_speaker_account
from programme.models import Occurrence, Speaker
from supports.tests import samples

pytestmark = pytest.mark.django_db


def profile_url(speaker):
    return reverse("intervenants:profile", kwargs={"pk": speaker.pk})


def photo_url(speaker):
    return reverse("intervenants:photo_upload", kwargs={"pk": speaker.pk})


def test_a_speaker_edits_their_biography_and_organisation_shown_at_once(client, speaker_client, speaker):
    client.get(speaker.get_absolute_url())  # the public page, cached
    response = speaker_client.post(
        profile_url(speaker), {"bio": "Chercheuse.\r\n\r\nAutrice.", "organisation": " Tampere "}
    )
    assert response["Location"] == "/espace-intervenant/"
    speaker.refresh_from_db()
    assert (speaker.bio, speaker.organisation) == ("Chercheuse.\n\nAutrice.", "Tampere")
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert "<p>Chercheuse.</p>\n\n<p>Autrice.</p>" in page and "Tampere" in page


def test_a_new_organisation_revises_the_calendar_events_of_the_persons_sessions_only(speaker_client, speaker):
    """The organisation is shown in the events (programme/change_effects.py TABLE); the biography is not."""
    mine = Occurrence.objects.filter(session__session_speakers__speaker=speaker).order_by("pk")
    others = Occurrence.objects.exclude(pk__in=mine).filter(session__edition=speaker.edition).order_by("pk")
    before = (list(mine.values_list("sequence", flat=True)), list(others.values_list("sequence", flat=True)))
    assert before[0]
    speaker_client.post(profile_url(speaker), {"bio": "Autre biographie", "organisation": speaker.organisation})
    assert (list(mine.values_list("sequence", flat=True)), list(others.values_list("sequence", flat=True))) == before
    speaker_client.post(profile_url(speaker), {"bio": "Autre biographie", "organisation": "Université de Tampere"})
    assert list(mine.values_list("sequence", flat=True)) == [sequence + 1 for sequence in before[0]]
    assert list(others.values_list("sequence", flat=True)) == before[1]


def test_too_long_a_biography_is_refused_and_nothing_changes(speaker_client, speaker):
    before = (speaker.bio, speaker.organisation)
    response = speaker_client.post(profile_url(speaker), {"bio": "x" * 3001, "organisation": "o" * 301})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert str(profiles.BIO_TOO_LONG) in page and str(profiles.ORGANISATION_TOO_LONG) in page
    speaker.refresh_from_db()
    assert (speaker.bio, speaker.organisation) == before


def test_another_persons_profile_is_refused(speaker_client, case_studies, past_edition):
    other = case_studies[1].speakers.first()
    make_speaker_account(other)
    for url in (profile_url(other), photo_url(other)):
        response = speaker_client.post(url, {"bio": "Piratage", "organisation": "x"})
        assert response.status_code == 403
    unlinked = Speaker.objects.filter(edition=past_edition).first()  # another edition's, without account
    assert speaker_client.post(profile_url(unlinked), {"bio": "Piratage"}).status_code == 404
    assert speaker_client.get(reverse("intervenants:profile", kwargs={"pk": 999_999})).status_code == 404
    assert not Speaker.objects.filter(bio="Piratage").exists()


def test_the_photo_is_reencoded_without_metadata_and_small(speaker_client, speaker):
    big = io.BytesIO()
    Image.new("RGB", (1600, 1200), (10, 120, 200)).save(
        big, "JPEG", exif=Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    )
    response = speaker_client.post(photo_url(speaker), {"photo": samples.upload("moi.jpg", big.getvalue())})
    assert response["Location"] == profile_url(speaker)
    photo = SpeakerPhoto.objects.get(speaker=speaker)
    kept = photo.image.open("rb").read()
    image = Image.open(io.BytesIO(kept))
    assert (image.format, image.size, (photo.width, photo.height)) == ("JPEG", (600, 450), (600, 450))
    assert dict(image.getexif()) == {}
    assert b"Exif" not in kept and b"GPS" not in kept and "Modèle secret".encode() not in kept


def test_a_transparent_png_becomes_a_white_backed_jpeg(speaker_client, speaker):
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG")
    speaker_client.post(photo_url(speaker), {"photo": samples.upload("logo.png", out.getvalue())})
    image = Image.open(SpeakerPhoto.objects.get(speaker=speaker).image.open("rb"))
    assert image.getpixel((5, 5)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("diapos.pdf", samples.pdf_bytes(), photos.NOT_A_PHOTO),
        ("faux.jpg", samples.HTML, photos.NOT_A_PHOTO),
        ("tronquee.png", png_bytes()[:30], photos.NOT_A_PHOTO),
    ],
)
def test_a_file_that_is_no_photo_is_refused_and_the_former_kept(speaker_client, speaker, name, data, message):
    speaker_client.post(photo_url(speaker), {"photo": samples.upload("moi.png", png_bytes((20, 20)))})
    former = SpeakerPhoto.objects.get(speaker=speaker)
    response = speaker_client.post(photo_url(speaker), {"photo": samples.upload(name, data)})
    assert response.status_code == 400
    assert str(message) in html.unescape(response.content.decode())
    assert list(SpeakerPhoto.objects.values_list("pk", flat=True)) == [former.pk]
    assert StoredFile.objects.count() == 1


def test_a_photo_over_5_mo_is_refused_before_being_read(speaker_client, speaker):
    response = speaker_client.post(
        photo_url(speaker), {"photo": samples.upload("lourde.jpg", b"\xff" * (5 * 1024 * 1024 + 1))}
    )
    assert response.status_code == 400
    assert str(photos.TOO_HEAVY) in html.unescape(response.content.decode())
    assert SpeakerPhoto.objects.count() == 0


def test_the_photo_is_on_the_speakers_page_public_and_replaced_at_a_new_address(client, speaker_client, speaker):
    speaker_client.post(photo_url(speaker), {"photo": samples.upload("a.png", png_bytes((30, 30), (200, 0, 0)))})
    first = SpeakerPhoto.objects.get(speaker=speaker)
    page = client.get(speaker.get_absolute_url()).content.decode()
    assert f'<img class="speaker-photo" src="{first.get_absolute_url()}" alt="Photo de {speaker.full_name}"' in page
    response = client.get(first.get_absolute_url())
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    speaker_client.post(photo_url(speaker), {"photo": samples.upload("b.png", png_bytes((30, 30), (0, 200, 0)))})
    second = SpeakerPhoto.objects.get(speaker=speaker)
    assert second.get_absolute_url() != first.get_absolute_url()
    assert client.get(first.get_absolute_url()).status_code == 404
    assert second.get_absolute_url() in client.get(speaker.get_absolute_url()).content.decode()
    assert StoredFile.objects.count() == 1
    wrong = reverse("intervenants:photo", kwargs={"pk": second.pk, "digest": "0" * 16})
    assert client.get(wrong).status_code == 404


def test_removing_the_photo(client, speaker_client, speaker):
    speaker_client.post(photo_url(speaker), {"photo": samples.upload("a.png", png_bytes())})
    speaker_client.post(photo_url(speaker), {"retirer": "oui"})
    assert (SpeakerPhoto.objects.count(), StoredFile.objects.count()) == (0, 0)
    assert "speaker-photo" not in client.get(speaker.get_absolute_url()).content.decode()
