"""What browsers ask of every page: icons at the root (favicon.ico among them), a web app
manifest, theme colours for both themes, and a description drawn from the page's content."""

import html as entities
import json
import re

import pytest
from django.core.management import call_command

from programme.models import Session, Speaker

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
ROOT_FILES = {
    "/favicon.ico": "image/x-icon",
    "/favicon.svg": "image/svg+xml",
    "/apple-touch-icon.png": "image/png",
    "/icon-192.png": "image/png",
    "/icon-512.png": "image/png",
    "/manifest.json": "application/json",
    "/sw.js": 'text/javascript; charset="utf-8"',
}
PUBLIC_PAGES = [
    "/",
    "/programme/",
    "/programme/2025-10-21/",
    "/seances/co-production-and-evaluation/",
    "/intervenants/",
    "/intervenants/audrey-lesperance/",
    "/programme/modifications/",
    "/maintenant/",
    "/inscription/",
    "/confidentialite/",
    "/connexion/",
    "/mot-de-passe/oublie/",
]


@pytest.fixture
def week(db):
    call_command("load_initial_data", verbosity=0)


@pytest.mark.parametrize(("path", "content_type"), ROOT_FILES.items())
def test_root_file_is_served(client, db, path, content_type):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type


def test_favicon_ico_holds_16_32_and_48_pixels(client, db):
    from io import BytesIO

    from PIL import Image

    icon = Image.open(BytesIO(b"".join(client.get("/favicon.ico").streaming_content)))
    assert icon.format == "ICO"
    assert sorted(icon.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]


def test_manifest_names_the_programme_and_its_icons(client, db):
    manifest = json.loads(b"".join(client.get("/manifest.json").streaming_content))
    assert (manifest["start_url"], manifest["scope"], manifest["lang"]) == ("/programme/", "/", "fr-CA")
    assert [icon["src"] for icon in manifest["icons"]] == [
        "/icon-192.png",
        "/icon-512.png",
        "/icon-512.png",
        "/favicon.svg",
    ]


def test_every_page_links_icons_manifest_and_both_theme_colours(client, week):
    html = client.get("/programme/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
    assert '<link rel="manifest" href="/manifest.json">' in html
    assert '<meta name="theme-color" content="#0b4f8a" media="(prefers-color-scheme: light)">' in html
    assert '<meta name="theme-color" content="#0e2d4d" media="(prefers-color-scheme: dark)">' in html
    assert '<meta name="color-scheme" content="light dark">' in html


def test_every_public_page_has_its_own_description(client, week):
    descriptions = {}
    for path in PUBLIC_PAGES:
        found = DESCRIPTION.findall(client.get(path).content.decode())
        assert len(found) == 1, path
        assert 50 <= len(found[0]) <= 400, (path, found[0])
        descriptions[path] = found[0]
    assert len(set(descriptions.values())) == len(PUBLIC_PAGES)


def test_session_description_comes_from_its_content(client, week):
    session = Session.objects.get(slug="co-production-and-evaluation")
    html = client.get(session.get_absolute_url()).content.decode()
    description = entities.unescape(DESCRIPTION.findall(html)[0])
    names = ", ".join(link.speaker.full_name for link in session.session_speakers.all())
    assert description.startswith(f"{session.get_kind_display()} avec {names}\xa0: ")
    assert " ".join(session.description.split()[:5]) in description


def test_speaker_description_without_bio_says_where_they_speak(client, week):
    speaker = Speaker.objects.get(slug="audrey-lesperance")
    Speaker.objects.filter(pk=speaker.pk).update(bio="")
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert entities.unescape(DESCRIPTION.findall(html)[0]) == (
        "Audrey L'Espérance, Professeure adjointe (École nationale d'administration publique), "
        "au programme de l'édition en cours."
    )


def test_description_of_a_hostile_title_is_escaped(client, week):
    Session.objects.filter(slug="co-production-and-evaluation").update(title='"><script>alert(1)</script>')
    Speaker.objects.filter(slug="audrey-lesperance").update(title='" onmouseover="x')
    html = client.get("/intervenants/audrey-lesperance/").content.decode()
    assert DESCRIPTION.findall(html)[0].startswith("Audrey L")
    assert 'onmouseover="x' not in html
