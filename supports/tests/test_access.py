"""Who gets which file, and who sees which material listed: every role, every visibility, and the
ids of another edition (supports/access.py)."""

import pytest
from django.urls import reverse

from supports.models import Material

pytestmark = pytest.mark.django_db

ALL = 200, 200, 200
EDITION = 200, 200, 403
PUBLIC = 200, 403, 403
# The file of each visibility (public, participants, teaching team), for each role.
EXPECTED = {
    "participant": EDITION,
    "liste d'attente": PUBLIC,
    "annulée": PUBLIC,
    "participant d'une autre édition": PUBLIC,
    "intervenant·e de la séance": ALL,
    "intervenant·e d'une autre séance": EDITION,
    "intervenant·e d'une autre édition": PUBLIC,
    "équipe pédagogique": ALL,
    "organisateur": ALL,
}


def file_url(edition, material):
    return reverse("supports:file", kwargs={"edition": edition.slug, "pk": material.pk})


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_exactly_the_files_its_visibility_allows(client, world, role):
    client.force_login(world.people[role])
    statuses = tuple(
        client.get(file_url(world.edition, world.files[v])).status_code for v in ("public", "participants", "equipe")
    )
    assert statuses == EXPECTED[role]


def test_a_visitor_gets_the_public_file_and_is_asked_to_log_in_for_the_others(client, world):
    assert client.get(file_url(world.edition, world.files["public"])).status_code == 200
    for visibility in ("participants", "equipe"):
        url = file_url(world.edition, world.files[visibility])
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/connexion/?next={url}")


def test_a_refusal_says_why_in_french(client, world):
    client.force_login(world.people["participant d'une autre édition"])
    response = client.get(file_url(world.edition, world.files["participants"]))
    assert response.status_code == 403
    assert "Ce support est réservé aux personnes inscrites à «\xa0École de test\xa0»." in response.content.decode()
    client.force_login(world.people["participant"])
    response = client.get(file_url(world.edition, world.files["equipe"]))
    assert "Ce support est réservé à l&#x27;équipe pédagogique de «\xa0École de test\xa0»." in response.content.decode()


@pytest.mark.parametrize("role", ["participant", "organisateur", "intervenant·e de la séance"])
def test_a_material_under_another_editions_address_is_404(client, world, role):
    client.force_login(world.people[role])
    for material in world.files.values():
        assert client.get(file_url(world.other_edition, material)).status_code == 404
    assert client.get(file_url(world.edition, world.link)).status_code == 404  # a link has no file
    assert (
        client.get(reverse("supports:file", kwargs={"edition": world.edition.slug, "pk": 999_999})).status_code == 404
    )


def test_the_file_is_served_with_its_type_a_sandbox_and_its_etag(client, world):
    material = world.files["public"]
    response = client.get(file_url(world.edition, material))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="fichier-public.pdf"'
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, no-cache"
    assert response.content == material.file.open("rb").read()
    again = client.get(file_url(world.edition, material), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_restricted_file_is_private_and_not_indexed(client, world):
    client.force_login(world.people["participant"])
    response = client.get(file_url(world.edition, world.files["participants"]))
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Robots-Tag"] == "noindex"


def titles_listed(html):
    return [m.title for m in Material.objects.order_by("pk") if f">{m.title}</a>" in html]


LISTED = {
    "anonyme": ["Fichier public"],
    "participant": ["Fichier public", "Fichier participants", "Article cité"],
    "participant d'une autre édition": ["Fichier public"],
    "intervenant·e de la séance": ["Fichier public", "Fichier participants", "Fichier equipe", "Article cité"],
    "intervenant·e d'une autre séance": ["Fichier public", "Fichier participants", "Article cité"],
    "équipe pédagogique": ["Fichier public", "Fichier participants", "Fichier equipe", "Article cité"],
    "organisateur": ["Fichier public", "Fichier participants", "Fichier equipe", "Article cité"],
}


@pytest.mark.parametrize("role", list(LISTED))
def test_the_session_page_lists_what_each_role_may_see(client, world, role):
    if role != "anonyme":
        client.force_login(world.people[role])
    assert titles_listed(client.get(world.session.get_absolute_url()).content.decode()) == LISTED[role]


def test_the_shared_cached_page_never_carries_a_restricted_material(client, world):
    """A participant's page first, then a visitor's (served from the shared cache), then the other way."""
    from django.test import Client

    participant = Client()
    participant.force_login(world.people["participant"])
    visitor = Client()
    for _ in range(2):
        assert (
            titles_listed(participant.get(world.session.get_absolute_url()).content.decode()) == LISTED["participant"]
        )
        assert titles_listed(visitor.get(world.session.get_absolute_url()).content.decode()) == LISTED["anonyme"]


def test_a_new_public_material_shows_at_once_on_the_cached_page(client, world):
    from supports import materials

    assert titles_listed(client.get(world.session.get_absolute_url()).content.decode()) == ["Fichier public"]
    materials.add(world.session, title="Vidéo", visibility="public", url="https://exemple.org/video")
    assert "Vidéo" in client.get(world.session.get_absolute_url()).content.decode()
    world.files["public"].visibility = "participants"
    world.files["public"].save()
    assert titles_listed(client.get(world.session.get_absolute_url()).content.decode()) == ["Vidéo"]
