"""Two editions: 2025 (from the fixtures, now an archive) and 2026 (prepared from it, current).
Every edition keeps its permanent addresses; the short ones show the current edition, and a short
address of a 2025 page leads to its archive."""

import datetime
import html as html_lib
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from automne.french import typography
from automne.next_edition import prepare_edition
from programme.caching import forget_version
from programme.models import Edition, Occurrence, Room, Session
from programme.tests.html_text import squash, text, texts

ARCHIVE = "/editions/ecole-automne-2025"
LOEFFLER = "la-coproduction-des-services-publics-entre-participation-citoyenne-et-transformation-de-laction-publique"


@pytest.fixture(autouse=True)
def first_of_september_2026():
    """Between the two editions: 2025 is over, 2026 is to come."""
    moment = datetime.datetime(2026, 9, 1, 10, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def two_editions(db):
    call_command("load_initial_data", verbosity=0)
    edition_2025 = Edition.objects.get(slug="ecole-automne-2025")
    # As shown: French titles typeset (automne.french.typography), English ones as typed.
    week_before = {
        o.session.title if o.session.is_in_english else typography(o.session.title)
        for o in Occurrence.objects.select_related("session")
    }
    edition_2026 = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )
    edition_2025.is_current = False
    edition_2025.save()
    edition_2026.is_current = True
    edition_2026.save()
    forget_version()
    return edition_2025, edition_2026, week_before


def test_archive_week_shows_the_2025_week_as_it_was(client, two_editions):
    edition_2025, _, week_before = two_editions
    response = client.get(f"{ARCHIVE}/programme/")
    assert response.status_code == 200
    html = response.content.decode()
    shown = squash(html_lib.unescape(html))
    assert [title for title in sorted(week_before) if squash(title) not in shown] == []
    keynote = Session.objects.get(edition=edition_2025, kind=Session.Kind.OPENING_LECTURE)
    assert "Loeffler" in html
    assert f'href="{ARCHIVE}/seances/{keynote.slug}/"' in html
    assert text(html, css_class="archive-banner").startswith("Archive")


def test_short_addresses_show_the_current_edition(client, two_editions):
    html = client.get("/programme/").content.decode()
    assert "lundi 19 octobre 2026" in html
    assert "Loeffler" not in html
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "short",
    ["/seances/{session}/", "/seances/{session}.ics", "/programme/2025-10-21/", "/intervenants/{speaker}/"],
)
def test_short_addresses_of_2025_pages_lead_to_their_archive_for_good(client, two_editions, short):
    edition_2025 = two_editions[0]
    session = Session.objects.filter(edition=edition_2025, kind=Session.Kind.CASE_STUDY).order_by("pk").first()
    speaker = session.speakers.first()
    url = short.format(session=session.slug, speaker=speaker.slug)

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == f"{ARCHIVE}{url}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/editions/ecole-automne-1999/",
        "/editions/ecole-automne-1999/programme/",
        "/editions/ecole-automne-1999/seances/x/",
        "/editions/ecole-automne-1999/programme.ics",
        "/editions/ecole-automne-1999/inscription/",
        f"{ARCHIVE}/seances/inconnue/",
        f"{ARCHIVE}/programme/2026-10-19/",
        "/seances/inconnue/",
    ],
)
def test_unknown_edition_or_page_is_404(client, two_editions, url):
    assert client.get(url).status_code == 404


def test_previous_editions_page_lists_only_the_editions_that_are_over(client, two_editions):
    html = client.get("/editions/").content.decode()
    assert texts(html, tag="h2")[:-1] == [
        "École d'automne sur la coproduction des services publics 2025"
    ]  # then the footer's
    assert f'href="{ARCHIVE}/programme/"' in html
    # Linked from the footer of every page and from the home page.
    home = client.get("/").content.decode()
    assert home.count('href="/editions/"') == 2


def test_a_save_in_one_edition_leaves_the_other_editions_pages_as_they_were(client, two_editions):
    edition_2025, edition_2026, _ = two_editions
    archive_tag = client.get(f"{ARCHIVE}/programme/")["ETag"]
    current_tag = client.get("/programme/")["ETag"]

    Room.objects.create(edition=edition_2026, name="Nouvelle salle")
    forget_version()
    assert client.get(f"{ARCHIVE}/programme/")["ETag"] == archive_tag
    assert client.get("/programme/")["ETag"] != current_tag

    current_tag = client.get("/programme/")["ETag"]
    occurrence = Occurrence.objects.filter(time_slot__day__edition=edition_2025, room__isnull=True).first()
    occurrence.room = Room.objects.get(edition=edition_2025, name="Verrière")
    occurrence.save()
    forget_version()
    assert client.get(f"{ARCHIVE}/programme/")["ETag"] != archive_tag
    assert client.get("/programme/")["ETag"] == current_tag


def test_archive_exports_are_the_2025_programme(client, two_editions):
    calendar = client.get(f"{ARCHIVE}/programme.ics").content.decode()
    assert calendar.count("BEGIN:VEVENT") == Occurrence.objects.filter(time_slot__day__edition=two_editions[0]).count()
    assert client.get("/programme.ics").content.decode().count("BEGIN:VEVENT") == 0


def test_an_edition_loaded_from_data_gets_its_stamp_at_its_first_change(two_editions):
    from programme.models import ProgrammeStamp

    edition_2025 = two_editions[0]
    ProgrammeStamp.objects.filter(edition=edition_2025).delete()  # as loaddata leaves it
    Room.objects.create(edition=edition_2025, name="Salle ajoutée")
    assert ProgrammeStamp.objects.get(edition=edition_2025).revision == 1


def test_an_edition_prepared_by_mistake_can_be_deleted(two_editions):
    mistake = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2030", datetime.date(2030, 10, 21), datetime.date(2030, 10, 25)
    )
    mistake.delete()
    assert not Edition.objects.filter(slug="ecole-automne-2030").exists()
