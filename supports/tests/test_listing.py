"""Materials where a participant looks for them: « Mon programme » and the cahier's « Séances
liées », each with what the visitor may see only; and the pages' query counts, the same at 1× and
10× the materials."""

import pytest
from django.core.management import call_command

from cahier.models import Page
from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration, make_user
from intervenants import accounts
from intervenants.models import SpeakerAccount
from programme.models import Choice, Edition
from supports import materials
from supports.models import Material
from supports.tests import samples
from supports.tests.test_access import titles_listed

pytestmark = pytest.mark.django_db


def test_my_programme_lists_the_materials_of_each_session_shown(client, world):
    participant = world.people["participant"]
    Choice.objects.create(user=participant, occurrence=world.session.occurrences.first())
    client.force_login(participant)
    page = client.get("/mon-programme/").content.decode()
    assert titles_listed(page) == ["Fichier public", "Fichier participants", "Article cité"]
    assert f'href="/supports/{world.edition.slug}/{world.files["participants"].pk}/"' in page


def test_my_programme_lists_nothing_of_a_session_not_shown(client, world):
    participant = world.people["participant"]
    client.force_login(participant)
    assert titles_listed(client.get("/mon-programme/").content.decode()) == []


@pytest.fixture
def edition_2025(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for name in ("programme.json", "cahier.json"):
        call_command("loaddata", str(settings.BASE_DIR / "fixtures" / name), verbosity=0)
    return Edition.objects.get(slug="ecole-automne-2025")


def test_the_cahiers_related_sessions_list_their_materials(client, edition_2025):
    page = Page.objects.filter(edition=edition_2025, sessions__isnull=False).first()
    related = list(page.sessions.all())
    materials.add(
        related[0], title="Diapositives", visibility="participants", upload=samples.upload("d.pdf", samples.pdf_bytes())
    )
    materials.add(related[0], title="Pour l'équipe", visibility="equipe", url="https://exemple.org/equipe")
    participant = make_registration(edition_2025).user
    client.force_login(participant)
    html = client.get(page.get_absolute_url()).content.decode()
    section = html[html.index('id="seances-liees"') :]
    assert ">Diapositives</a>" in section
    assert "Pour l&#x27;équipe" not in html
    outsider = make_user()  # a cahier without a registration: public materials only
    client.force_login(outsider)
    assert ">Diapositives</a>" not in client.get(page.get_absolute_url()).content.decode()


def add_materials(sessions, times):
    for session in sessions:
        for n in range(times):
            materials.add(session, title=f"Lien {n}", visibility="participants", url=f"https://exemple.org/{n}")
            materials.add(session, title=f"Public {n}", visibility="public", url=f"https://exemple.org/p{n}")


def test_session_page_query_count_is_the_same_at_one_and_ten_times_the_materials(
    client, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programme.caching import cache

    client.force_login(world.people["participant"])
    url = world.session.get_absolute_url()
    client.get(url)  # the process knows the session from now on (automne/session_user.py)
    cache.clear()
    with CaptureQueriesContext(connection) as once:
        assert client.get(url).status_code == 200
    # What the materials cost: the visitor's roles, the sessions they speak in, the session's materials.
    assert sum("supports_material" in q["sql"] for q in once.captured_queries) == 1
    expected = len(once)
    add_materials([world.session], 10)
    client.get(url)  # the process reads the edition's new version (one query more, once)
    cache.clear()
    with django_assert_num_queries(expected):
        page = client.get(url).content.decode()
    assert page.count('class="material"') == 3 + 20  # not the teaching team's file


def test_my_programme_query_count_is_the_same_at_one_and_ten_times_the_materials(
    client, world, django_assert_num_queries
):
    participant = world.people["participant"]
    for session in (world.session, world.other_session):
        Choice.objects.create(user=participant, occurrence=session.occurrences.first())
    client.force_login(participant)
    add_materials([world.session, world.other_session], 1)
    client.get("/mon-programme/")  # the process knows the session from now on (automne/session_user.py)
    add_materials([world.session, world.other_session], 1)  # a new version of the edition: rendered again
    with django_assert_num_queries(12):
        client.get("/mon-programme/")
    add_materials([world.session, world.other_session], 8)
    with django_assert_num_queries(12):
        page = client.get("/mon-programme/").content.decode()
    assert page.count('class="material"') == Material.objects.exclude(visibility="equipe").count()


def test_cahier_page_query_count_is_the_same_at_one_and_ten_times_the_materials(
    client, edition_2025, django_assert_num_queries
):
    page = Page.objects.filter(edition=edition_2025, sessions__isnull=False).first()
    client.force_login(make_registration(edition_2025).user)
    add_materials(page.sessions.all(), 1)
    client.get(page.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as once:
        client.get(page.get_absolute_url())
    add_materials(page.sessions.all(), 9)
    with django_assert_num_queries(len(once)):
        html = client.get(page.get_absolute_url()).content.decode()
    assert html.count('class="material"') == 2 * 10 * page.sessions.count()


def test_a_kept_personal_page_follows_a_seat_given_and_a_session_to_speak_in(client, world):
    """A participant's page is kept per person (programme/personal.py): what they see of the materials
    changes with their seat and the sessions they speak in, though the programme did not change."""
    waiting = world.people["liste d'attente"]
    client.force_login(waiting)
    url = world.session.get_absolute_url()
    assert titles_listed(client.get(url).content.decode()) == ["Fichier public"]
    assert titles_listed(client.get(url).content.decode()) == ["Fichier public"]  # the page kept
    Registration.objects.filter(user=waiting, edition=world.edition).update(state=Registration.State.CONFIRMED)
    assert titles_listed(client.get(url).content.decode()) == ["Fichier public", "Fichier participants", "Article cité"]
    speaker = world.session.speakers.first()
    SpeakerAccount.objects.filter(speaker=speaker).delete()  # they speak with this account now
    accounts.link(waiting, speaker)
    assert titles_listed(client.get(url).content.decode()) == [
        "Fichier public",
        "Fichier participants",
        "Fichier equipe",
        "Article cité",
    ]
