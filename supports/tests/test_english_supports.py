"""Slides and materials in English (issue 24): their lists, sizes and links, the refusals of a file
or of an address, and who a restricted file is for; the French stays as it was."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from intervenants.tests import english
from supports import files, materials
from supports.tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french_afterwards():
    """LocaleMiddleware leaves the language of the last request active in the thread: back to French."""
    yield
    translation.deactivate()


def test_the_sessions_slides_in_english(world):
    context = {"materials": [world.files["public"], world.files["participants"], world.link], "edition": world.edition}
    with translation.override("en"):
        html = render_to_string("supports/includes/session_materials.html", context)
    assert '<h2 id="supports">Session slides</h2>' in html
    assert "PDF, 1\xa0KB · " in html  # 996 bytes
    assert '<span class="material__visibility">Registered participants</span>' in html
    assert "Link (exemple.org) · " in html
    html = render_to_string("supports/includes/session_materials.html", context)
    assert '<h2 id="supports">Supports de la séance</h2>' in html
    assert '<span class="material__visibility">Personnes inscrites</span>' in html
    assert "Lien (exemple.org) · " in html and "PDF, 1\xa0ko · " in html


def test_a_restricted_file_says_who_it_is_for_in_english(client, world):
    client.force_login(world.people["participant"])
    response = english.get(client, f"/supports/{world.edition.slug}/{world.files['equipe'].pk}/")
    assert response.status_code == 403
    assert "These slides are only for the teaching team of “École de test”." in english.text(response)


@override_settings(SUPPORTS_FILE_MAX_BYTES=2 * 1024 * 1024)
def test_the_refusals_in_english(world):
    with translation.override("en"):
        for upload, expected in [
            (samples.upload("page.pdf", samples.HTML), "This type of file is not accepted: send a PDF, PowerPoint"),
            (
                samples.upload("ancien.ppt", samples.OLE2_PPT),
                "The old Office formats (.ppt, .doc, .xls) are not accepted",
            ),
            (samples.upload("vide.pdf", b""), "This file is empty."),
            (
                samples.upload("gros.pdf", b"x" * (2 * 1024 * 1024 + 1)),
                "This file is larger than 2\xa0MB: make it smaller (for example as a PDF, with compressed images)",
            ),
        ]:
            with pytest.raises(materials.Refused) as refused:
                materials.add(world.session, title="Slides", visibility="public", upload=upload)
            assert str(refused.value).startswith(expected), str(refused.value)
        with pytest.raises(materials.Refused) as refused:
            materials.add(world.session, title="Link", visibility="public", url="ftp://exemple.org")
        assert str(refused.value) == "This link is not a web address: it starts with https:// (or http://)."
        with pytest.raises(files.Refused) as refused:
            files.inspect("diapos.docx", samples.pdf_bytes())
        assert str(refused.value) == (
            "This file’s name says it is a .docx file, but its content is a PDF: choose the right file or correct its name."
        )
    with pytest.raises(files.Refused) as refused:
        files.inspect("diapos.docx", samples.pdf_bytes())
    assert str(refused.value) == (
        "Le nom de ce fichier annonce un fichier .docx, mais son contenu est un PDF\xa0: "
        "choisissez le bon fichier ou corrigez son nom."
    )
