"""The one path that writes materials (supports/materials.py), through the admin too: files within
a limit per file and per edition, links, and every refusal in French with nothing stored."""

import pytest
from django.urls import reverse

from automne.models import StoredFile
from intervenants.tests.factories import make_organizer
from supports import files, materials
from supports.models import Material
from supports.tests import samples

pytestmark = pytest.mark.django_db


def stored_count():
    return Material.objects.count(), StoredFile.objects.count()


def test_a_file_is_kept_in_the_database_with_its_type_size_and_digest(world):
    data = samples.office_bytes("pptx")
    material = materials.add(
        world.session, title="  Diapositives  ", visibility="public", upload=samples.upload("d.pptx", data)
    )
    material.refresh_from_db()
    assert (material.title, material.file_type, material.size, len(material.digest)) == (
        "Diapositives",
        "pptx",
        len(data),
        64,
    )
    assert material.file.name.startswith("supports/") and material.file.name.endswith(".pptx")
    assert bytes(StoredFile.objects.get(name=material.file.name).content) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.pdf", samples.HTML, files.REFUSED_TYPE),
        ("diapos.exe", samples.pdf_bytes(), files.DISGUISED.format(claimed="exe", actual="un PDF")),
        ("ancien.ppt", samples.OLE2_PPT, files.OLD_OFFICE),
        ("vide.pdf", b"", materials.EMPTY_FILE),
    ],
)
def test_a_refused_file_stores_nothing(world, name, data, message):
    before = stored_count()
    with pytest.raises(materials.Refused) as refused:
        materials.add(world.session, title="Diapositives", visibility="public", upload=samples.upload(name, data))
    assert (refused.value.message, refused.value.field) == (message, "file")
    assert stored_count() == before


def test_a_file_over_the_limit_is_refused_before_being_read(world, settings):
    settings.SUPPORTS_FILE_MAX_BYTES = 1000
    before = stored_count()
    with pytest.raises(materials.Refused) as refused:
        materials.add(
            world.session, title="Gros", visibility="public", upload=samples.upload("g.pdf", samples.pdf_bytes(pages=5))
        )
    assert refused.value.message == (
        "Ce fichier dépasse 1\xa0ko\xa0: réduisez-le (par exemple en PDF, images compressées) ou déposez-le ailleurs "
        "et ajoutez un lien."
    )
    assert stored_count() == before


def test_the_editions_files_stay_within_their_limit(world, settings):
    used = materials.used_bytes(world.edition.pk)
    pdf = samples.pdf_bytes()
    settings.SUPPORTS_EDITION_MAX_BYTES = used + len(pdf)
    materials.add(world.other_session, title="Tient juste", visibility="public", upload=samples.upload("a.pdf", pdf))
    before = stored_count()
    with pytest.raises(materials.Refused) as refused:
        materials.add(world.other_session, title="De trop", visibility="public", upload=samples.upload("b.pdf", pdf))
    assert refused.value.message.startswith("Les supports de cette édition occupent déjà")
    assert stored_count() == before
    # Another edition has its own room.
    materials.add(world.elsewhere, title="Ailleurs", visibility="public", upload=samples.upload("c.pdf", pdf))


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"title": "   ", "url": "https://exemple.org"}, materials.NO_TITLE, "title"),
        ({"title": "x" * 201, "url": "https://exemple.org"}, materials.TITLE_TOO_LONG, "title"),
        ({"title": "Lien", "url": "javascript:alert(1)"}, materials.BAD_URL, "url"),
        ({"title": "Lien", "url": "ftp://exemple.org/a"}, materials.BAD_URL, "url"),
        ({"title": "Lien", "url": "https://"}, materials.BAD_URL, "url"),
        ({"title": "Lien", "url": "https://exemple.org/a b"}, materials.BAD_URL, "url"),
        ({"title": "Lien", "url": "https://exemple.org/" + "a" * 500}, materials.BAD_URL, "url"),
        ({"title": "Rien", "url": ""}, materials.FILE_OR_LINK, "file"),
        ({"title": "Lien", "url": "https://exemple.org", "visibility": "tous"}, materials.BAD_VISIBILITY, "visibility"),
    ],
)
def test_bad_links_titles_and_visibilities_are_refused(world, fields, message, field):
    before = stored_count()
    with pytest.raises(materials.Refused) as refused:
        materials.add(world.session, **{"visibility": "public", **fields})
    assert (refused.value.message, refused.value.field) == (message, field)
    assert stored_count() == before


def test_a_file_and_a_link_at_once_are_refused(world):
    with pytest.raises(materials.Refused) as refused:
        materials.add(
            world.session,
            title="Les deux",
            visibility="public",
            url="https://exemple.org",
            upload=samples.upload("a.pdf", samples.pdf_bytes()),
        )
    assert refused.value.message == materials.FILE_OR_LINK


def test_replacing_a_file_keeps_one_stored_file(world):
    material = world.files["public"]
    former = material.file.name
    materials.change(
        material, title="Version 2", visibility="public", upload=samples.upload("v2.docx", samples.office_bytes("docx"))
    )
    material.refresh_from_db()
    assert (material.title, material.file_type) == ("Version 2", "docx")
    assert not StoredFile.objects.filter(name=former).exists()
    assert StoredFile.objects.filter(name=material.file.name).exists()


def test_removing_a_material_removes_its_file(world):
    material = world.files["equipe"]
    name = material.file.name
    materials.remove(material)
    assert not StoredFile.objects.filter(name=name).exists()


def test_deleting_a_session_removes_its_files(world):
    names = [m.file.name for m in world.files.values()]
    world.session.delete()
    assert not StoredFile.objects.filter(name__in=names).exists()


# The admin: the same path ---------------------------------------------------------------------


@pytest.fixture
def organizer_client(client, world):
    client.force_login(make_organizer())
    return client


def test_an_organizer_adds_a_file_in_the_admin(organizer_client, world):
    response = organizer_client.post(
        reverse("admin:supports_material_add"),
        {
            "session": world.other_session.pk,
            "title": "Programme détaillé",
            "visibility": "participants",
            "upload": samples.upload("programme.pdf", samples.pdf_bytes()),
            "url": "",
            "order": "0",
        },
    )
    assert response.status_code == 302
    material = Material.objects.get(title="Programme détaillé")
    assert (material.session, material.file_type, material.visibility) == (world.other_session, "pdf", "participants")
    assert material.added_by is not None


@pytest.mark.parametrize(
    ("upload", "url", "message"),
    [
        (("page.pdf", samples.HTML), "", files.REFUSED_TYPE),
        (("diapos.docx", samples.pdf_bytes()), "", files.DISGUISED.format(claimed="docx", actual="un PDF")),
        (None, "", materials.FILE_OR_LINK),
        (None, "javascript:alert(1)", "Saisissez une URL valide."),
    ],
)
def test_the_admin_refuses_what_the_rule_refuses(organizer_client, world, upload, url, message):
    before = stored_count()
    data = {"session": world.other_session.pk, "title": "Refusé", "visibility": "public", "url": url, "order": "0"}
    if upload:
        data["upload"] = samples.upload(*upload)
    response = organizer_client.post(reverse("admin:supports_material_add"), data)
    assert response.status_code == 200
    assert str(message) in response.content.decode().replace("&#x27;", "'")
    assert stored_count() == before


def test_an_organizer_changes_a_materials_visibility_in_the_admin(organizer_client, world):
    material = world.files["public"]
    url = reverse("admin:supports_material_change", args=[material.pk])
    assert organizer_client.get(url).status_code == 200
    response = organizer_client.post(url, {"title": "Fichier public", "visibility": "equipe", "order": "3"})
    assert response.status_code == 302
    material.refresh_from_db()
    assert (material.visibility, material.order) == ("equipe", 3)


def test_the_admins_list_of_materials_has_a_constant_query_count(organizer_client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:supports_material_changelist")
    with CaptureQueriesContext(connection) as once:
        assert organizer_client.get(url).status_code == 200
    for n in range(30):
        materials.add(world.other_session, title=f"Lien {n}", visibility="public", url=f"https://exemple.org/{n}")
    with django_assert_num_queries(len(once)):
        assert organizer_client.get(url).status_code == 200


def test_a_participant_has_no_admin_for_materials(client, world):
    client.force_login(world.people["participant"])
    assert client.get(reverse("admin:supports_material_changelist")).status_code == 302
