"""Images of the cahier (audit F5, F8): pixel budget before decoding, no metadata kept, quota per account,
no file without its row."""

import base64
import io
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageFile, PngImagePlugin

from automne.models import StoredFile
from cahier import images
from cahier.models import Drawing
from cahier.tests.images import png_bytes
from programme.tests.factories import make_edition

URL = "/cahier/ecole-automne-2025/dessins/ajouter/"
ROW_REFUSED = RuntimeError("la base a refusé la ligne")


def jpeg_markers(raw):
    """The JPEG's segment markers, in order, up to the start of the image data (SOS)."""
    assert raw[:2] == b"\xff\xd8"
    markers, at = [], 2
    while at < len(raw):
        marker = raw[at + 1]
        markers.append(marker)
        if marker == 0xDA:  # SOS: compressed data follows
            return markers
        (length,) = struct.unpack(">H", raw[at + 2 : at + 4])
        at += 2 + length
    return markers


def png_chunks(raw):
    chunks, at = [], 8
    while at < len(raw):
        (length,) = struct.unpack(">I", raw[at : at + 4])
        chunks.append(raw[at + 4 : at + 8].decode())
        at += 12 + length
    return chunks


def jpeg_with_comment_and_exif(size=(64, 48)):
    exif = Image.Exif()
    exif[0x010F] = "Fabricant"
    exif[0x0110] = "Modèle secret"
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif, comment=b"Commentaire cache", icc_profile=b"")
    return out.getvalue()


def png_header_only(width, height):
    """A valid PNG header claiming width × height pixels, with almost no data (a decompression bomb's shape)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def test_jpeg_comment_and_exif_are_gone_after_reencoding():
    raw = jpeg_with_comment_and_exif()
    assert 0xFE in jpeg_markers(raw) and 0xE1 in jpeg_markers(raw)  # COM and APP1 (EXIF) are there
    content, extension, size = images.reencode(images.decode(raw))
    assert (extension, size) == ("jpg", (64, 48))
    markers = jpeg_markers(content)
    assert [m for m in markers if m == 0xFE or 0xE1 <= m <= 0xEF] == []  # no COM, no APP1–APP15
    assert b"Commentaire cache" not in content
    assert "Modèle secret".encode() not in content


def test_png_text_chunks_and_colour_profile_are_gone_after_reencoding():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "texte cache")
    info.add_itxt("Author", "Camille Côté")
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (1, 2, 3, 200)).save(out, "PNG", pnginfo=info, icc_profile=b"\0" * 128)
    assert {"tEXt", "iTXt", "iCCP"} <= set(png_chunks(out.getvalue()))
    content, extension, size = images.reencode(images.decode(out.getvalue()))
    assert (extension, size) == ("png", (20, 10))
    assert png_chunks(content) == ["IHDR", "IDAT", "IEND"]


def test_png_beyond_the_pixel_budget_is_refused_before_decoding():
    raw = png_header_only(7000, 5670)  # 39.7 megapixels, as in the audit, in a few bytes
    decoding = mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("decoded"))
    with decoding, pytest.raises(images.Refused) as refused:
        images.decode(raw)
    assert str(refused.value) == images.TOO_MANY_PIXELS


def test_png_at_the_pixel_budget_is_read():
    assert images.DECODED_PIXEL_BUDGET == 4000 * 4000
    with mock.patch.object(ImageFile.ImageFile, "load", return_value=None) as load:
        image = images.decode(png_header_only(4000, 4000))
    assert (image.size, load.call_count) == ((4000, 4000), 1)


def test_pillow_refuses_what_no_budget_would_accept():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_HEADER_PIXELS == 64_000_000
    with pytest.raises(images.Refused) as refused:
        images.decode(png_header_only(20000, 20000))
    assert str(refused.value) == images.TOO_MANY_PIXELS


def test_large_jpeg_photo_is_decoded_at_a_reduced_scale():
    out = io.BytesIO()
    Image.new("RGB", (6000, 4000), (200, 200, 200)).save(out, "JPEG", quality=50)
    image = images.decode(out.getvalue())
    assert image.size == (3000, 2000)  # 24 megapixels decoded as 6
    assert images.reencode(image)[2] == (2000, 1333)  # kept at 2000 pixels a side at most


def data_url(raw):
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_quota_count_refuses_one_image_too_many(writer, participant, settings):
    settings.CAHIER_IMAGE_QUOTA_COUNT = 3
    for n in range(3):
        writer.post(URL, {"legende": f"Dessin {n}", "dessin": data_url(png_bytes())})
    response = writer.post(URL, {"legende": "De trop", "dessin": data_url(png_bytes())})
    # The drawings page again, the caption kept and the reason beside the field.
    assert response.status_code == 400
    assert response.context["refused"]["message"] == (
        "Vous avez atteint la limite d'images de votre cahier (3 images ou 25\u00a0Mo en tout)\u00a0: "
        "supprimez-en une avant d'en ajouter une autre."
    )
    assert response.context["refused"]["caption"] == "De trop"
    assert (Drawing.objects.count(), StoredFile.objects.count()) == (3, 3)


@pytest.mark.django_db
def test_quota_bytes_refuses_an_image_that_would_go_beyond(writer, participant, settings):
    first = images.reencode(images.decode(png_bytes((300, 300))))[0]
    settings.CAHIER_IMAGE_QUOTA_BYTES = 2 * len(first) - 1
    writer.post(URL, {"legende": "Premier", "dessin": data_url(png_bytes((300, 300)))})
    response = writer.post(URL, {"legende": "Second", "dessin": data_url(png_bytes((300, 300)))})
    assert response.status_code == 400
    assert response.context["refused"]["message"].startswith(
        "Vous avez atteint la limite d'images de votre cahier (20 images ou"
    )
    assert list(Drawing.objects.values_list("caption", flat=True)) == ["Premier"]


@pytest.mark.django_db
def test_quota_is_per_account(writer, participant, other, settings):
    settings.CAHIER_IMAGE_QUOTA_COUNT = 1
    images.store(
        other, png_bytes(), "À quelqu'un d'autre", Drawing.Source.CANVAS, edition=make_edition(is_current=False)
    )
    writer.post(URL, {"legende": "Le mien", "dessin": data_url(png_bytes())})
    assert Drawing.objects.filter(user=participant).count() == 1


@pytest.mark.django_db
def test_drawing_whose_row_cannot_be_saved_leaves_no_file(participant):
    with mock.patch.object(Drawing, "save", side_effect=ROW_REFUSED), pytest.raises(RuntimeError):
        images.store(participant, png_bytes(), "Légende", Drawing.Source.CANVAS, edition=make_edition(is_current=False))
    assert (Drawing.objects.count(), StoredFile.objects.count(), default_storage.listdir("cahier")) == (0, 0, ([], []))


@pytest.mark.django_db
def test_drawing_whose_row_cannot_be_saved_leaves_no_file_on_a_file_system(participant, settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    with (
        mock.patch.object(images, "default_storage", storage),
        mock.patch.object(Drawing._meta.get_field("image"), "storage", storage),
        mock.patch.object(Drawing, "save", side_effect=ROW_REFUSED),
        pytest.raises(RuntimeError),
    ):
        images.store(participant, png_bytes(), "Légende", Drawing.Source.CANVAS, edition=make_edition())
    assert list(tmp_path.rglob("*.png")) == []


def mpo_photo(size=(64, 48), second_size=(64, 48)):
    """A phone's MPO: a JPEG photo (with EXIF: the camera, the place) followed by a second picture."""
    exif = Image.Exif()
    exif[0x0110] = "Modèle secret"
    exif[0x8825] = {1: "N", 2: (45.0, 31.0, 0.0)}
    out = io.BytesIO()
    first, second = Image.new("RGB", size, (10, 120, 200)), Image.new("RGB", second_size, (250, 0, 0))
    first.save(out, "MPO", save_all=True, append_images=[second], exif=exif)
    return out.getvalue()


def test_an_mpo_photo_is_its_first_picture_reencoded_as_a_jpeg_without_metadata():
    raw = mpo_photo(size=(64, 48), second_size=(30, 20))
    assert Image.open(io.BytesIO(raw)).format == "MPO"
    content, extension, size = images.reencode(images.decode(raw))
    assert (extension, size) == ("jpg", (64, 48))
    kept = Image.open(io.BytesIO(content))
    assert (kept.format, getattr(kept, "n_frames", 1)) == ("JPEG", 1)
    assert max(abs(a - b) for a, b in zip(kept.getpixel((32, 24)), (10, 120, 200), strict=True)) <= 3
    assert [m for m in jpeg_markers(content) if m == 0xFE or 0xE1 <= m <= 0xEF] == []
    assert "Modèle secret".encode() not in content


def test_a_large_mpo_photo_is_decoded_at_a_reduced_scale():
    image = images.decode(mpo_photo(size=(6000, 4000)))
    assert image.size == (3000, 2000)
    assert images.reencode(image)[2] == (2000, 1333)


@pytest.mark.django_db
def test_an_mpo_photo_from_a_phone_is_kept(writer, participant, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("IMG_0001.JPG", mpo_photo(), content_type="image/jpeg")
    response = writer.post(URL, {"legende": "Croquis photographié", "photo": photo})
    assert response.status_code == 302
    drawing = Drawing.objects.get()
    assert (drawing.source, drawing.width, drawing.height) == (Drawing.Source.PHOTO, 64, 48)
    with drawing.image.open("rb") as file:
        assert Image.open(file).format == "JPEG"
