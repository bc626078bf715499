"""« Dessinez vos idées »: canvas drawings and photos, re-encoded, private."""

import base64
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from automne.models import StoredFile
from cahier.models import Drawing
from cahier.tests.images import jpeg_with_gps, png_bytes

URL = "/cahier/ecole-automne-2025/dessins/ajouter/"


def data_url(raw):
    return "data:image/png;base64," + base64.b64encode(raw).decode()


@pytest.mark.django_db
def test_canvas_drawing_saved_as_png_with_caption(writer, participant, media_root):
    response = writer.post(
        URL, {"legende": "Un arbre et ses racines", "dessin": data_url(png_bytes((80, 60)))}, follow=True
    )
    drawing = Drawing.objects.get()
    assert (drawing.user, drawing.caption, drawing.source, drawing.width, drawing.height) == (
        participant,
        "Un arbre et ses racines",
        "dessin",
        80,
        60,
    )
    assert drawing.image.name.endswith(".png")
    assert StoredFile.objects.get(name=drawing.image.name).size == drawing.image.size
    html = response.content.decode()
    assert (
        f'<img src="/cahier/dessins/{drawing.pk}/image/" alt="Un arbre et ses racines" width="80" height="60">' in html
    )


@pytest.mark.django_db
def test_photo_is_reencoded_without_metadata(writer, media_root):
    raw = jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload does carry EXIF
    upload = SimpleUploadedFile("croquis.jpg", raw, content_type="image/jpeg")
    writer.post(URL, {"legende": "Croquis sur papier", "photo": upload})
    drawing = Drawing.objects.get()
    stored = drawing.image.read()
    image = Image.open(io.BytesIO(stored))
    assert (image.format, image.size, drawing.source) == ("JPEG", (40, 30), "photo")
    assert dict(image.getexif()) == {}
    assert b"Exif" not in stored
    assert "Modèle secret".encode() not in stored


@pytest.mark.django_db
def test_image_served_to_owner_only_through_the_view(writer, client, other, media_root):
    writer.post(URL, {"legende": "Mon dessin", "dessin": data_url(png_bytes())})
    drawing = Drawing.objects.get()
    response = writer.get(f"/cahier/dessins/{drawing.pk}/image/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert response["Cache-Control"] == "private, max-age=3600"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (4, 4)
    client.force_login(other)
    assert client.get(f"/cahier/dessins/{drawing.pk}/image/").status_code == 404
    # No public media URL serves the file.
    assert client.get("/media/" + drawing.image.name).status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"legende": "Texte", "photo": ("notes.txt", b"ceci n'est pas une image")},
            "Ce fichier n'est pas une image JPEG ou PNG lisible.",
        ),
        (
            {"legende": "GIF", "photo": ("a.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")},
            "Ce fichier n'est pas une image JPEG ou PNG lisible.",
        ),
        (
            {"legende": "Trop gros", "photo": ("gros.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024))},
            "Cette image dépasse 5 Mo",
        ),
        ({"legende": "", "dessin": "data:image/png;base64,AAAA"}, "Ajoutez une légende"),
        ({"legende": "Rien"}, "Choisissez une photo (JPEG ou PNG) ou dessinez"),
        ({"legende": "Mauvais base64", "dessin": "data:image/png;base64,@@@"}, "Le dessin n'a pas pu être lu."),
        (
            {"legende": "Faux PNG", "dessin": "data:image/png;base64,AAAA"},
            "Ce fichier n'est pas une image JPEG ou PNG lisible.",
        ),
        (
            {"legende": "x" * 301, "dessin": "data:image/png;base64,AAAA"},
            "La légende ne doit pas dépasser 300 caractères.",
        ),
    ],
)
@pytest.mark.django_db
def test_bad_image_is_refused_clearly(writer, media_root, fields, message):
    data = dict(fields)
    if "photo" in data:
        name, content = data["photo"]
        data["photo"] = SimpleUploadedFile(name, content)
    response = writer.post(URL, data)
    html = response.content.decode()
    field = "legende" if "légende" in message else "photo"
    assert response.status_code == 400
    assert f'<p class="zone__error" id="erreur-{field}">{escape(message)}' in html
    assert f'aria-describedby="erreur-{field}" aria-invalid="true" autofocus' in html
    assert f'value="{escape(data["legende"])}"' in html  # the caption typed is kept
    assert Drawing.objects.count() == 0


@pytest.mark.django_db
def test_delete_removes_the_file(writer, media_root):
    writer.post(URL, {"legende": "À supprimer", "dessin": data_url(png_bytes())})
    drawing = Drawing.objects.get()
    writer.post(f"/cahier/dessins/{drawing.pk}/supprimer/")
    assert (Drawing.objects.count(), default_storage.exists(drawing.image.name)) == (0, False)


@pytest.mark.django_db
def test_account_deletion_removes_drawings_and_files(writer, participant, media_root):
    writer.post(URL, {"legende": "Un", "dessin": data_url(png_bytes())})
    name = Drawing.objects.get().image.name
    participant.delete()
    assert (Drawing.objects.count(), default_storage.exists(name), StoredFile.objects.count()) == (0, False, 0)


@pytest.mark.django_db
def test_several_drawings_per_participant(writer, media_root):
    for n in range(3):
        writer.post(URL, {"legende": f"Dessin {n}", "dessin": data_url(png_bytes())})
    assert list(Drawing.objects.values_list("caption", flat=True)) == ["Dessin 0", "Dessin 1", "Dessin 2"]
