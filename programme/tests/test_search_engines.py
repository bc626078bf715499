"""What search engines and link previews read: /robots.txt, /sitemap.xml, rel=canonical to each
page's permanent address, OpenGraph and Twitter cards, schema.org Event data (JSON-LD) and the
text/calendar alternate links, in every phase of an edition and once another edition is current."""

import datetime
import json
import re
import xml.etree.ElementTree as ET
import zoneinfo
from html.parser import HTMLParser

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from automne.next_edition import prepare_edition
from programme import structured_data
from programme.caching import forget_version
from programme.models import Day, Edition, Room, Session, Speaker

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
ARCHIVE = "/editions/ecole-automne-2025"
SESSION = "co-production-and-evaluation"
SITE = settings.SITE_URL  # automne/test_settings.py: the site's one address
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The phases of the 2025 edition (registration opens in the fixtures before the week).
PHASES = {
    "avant les inscriptions": datetime.datetime(2025, 1, 5, 10, tzinfo=MONTREAL),
    "inscriptions ouvertes": datetime.datetime(2025, 9, 1, 10, tzinfo=MONTREAL),
    "pendant la semaine": datetime.datetime(2025, 10, 21, 10, tzinfo=MONTREAL),
    "après": datetime.datetime(2025, 12, 1, 10, tzinfo=MONTREAL),
}
PROGRAMME_PAGES = {
    "/programme/": "/programme/",
    "/programme/2025-10-21/": "/programme/2025-10-21/",
    f"/seances/{SESSION}/": f"/seances/{SESSION}/",
    "/intervenants/": "/intervenants/",
    "/intervenants/audrey-lesperance/": "/intervenants/audrey-lesperance/",
    "/programme/modifications/": "/programme/modifications/",
    "/maintenant/": "/maintenant/",
}

# schema.org's vocabulary for what we write (https://schema.org/Event, https://schema.org/EducationEvent,
# https://schema.org/Place, https://schema.org/PostalAddress, https://schema.org/Organization,
# https://schema.org/Person, https://schema.org/EventStatusType, https://schema.org/EventAttendanceModeEnumeration):
# the properties each type has (its own and those it inherits from Thing), limited to the ones we might use.
THING = {"@context", "@type", "name", "description", "url", "image", "sameAs", "identifier"}
EVENT = THING | {
    "startDate",
    "endDate",
    "duration",
    "eventStatus",
    "eventAttendanceMode",
    "inLanguage",
    "location",
    "organizer",
    "performer",
    "superEvent",
    "subEvent",
    "offers",
    "audience",
    "previousStartDate",
}
SCHEMA = {
    "Event": EVENT,
    "EducationEvent": EVENT | {"educationalLevel", "teaches", "assesses"},
    "Place": THING | {"address", "containedInPlace", "geo", "maximumAttendeeCapacity"},
    "PostalAddress": THING | {"streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry"},
    "Organization": THING | {"address", "email", "telephone", "legalName"},
    "Person": THING | {"affiliation", "jobTitle"},
}
ENUMERATIONS = {
    "eventStatus": {f"https://schema.org/{v}" for v in ("EventScheduled", "EventCancelled", "EventPostponed")},
    "eventAttendanceMode": {
        f"https://schema.org/{v}Mode"
        for v in ("OfflineEventAttendance", "OnlineEventAttendance", "MixedEventAttendance")
    },
}
ISO_MONTREAL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00$")


class Head(HTMLParser):
    """The <link>, <meta> and <script> elements of a page, and the JSON-LD it holds."""

    def __init__(self, html):
        super().__init__()
        self.links, self.metas, self.scripts, self.json_ld, self._in_ld = [], {}, [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            assert not (key in self.metas and key.startswith(("og:", "twitter:"))), f"{key} deux fois"
            self.metas[key] = attrs["content"]
        elif tag == "script":
            self.scripts.append(attrs)
            self._in_ld = attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))

    def link(self, rel, type_=None):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
        ]


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return Head(response.content.decode())


def check_schema(node, path="$"):
    """Every @type and property of `node` (and of the nodes inside it) is schema.org's."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            check_schema(item, f"{path}[{i}]")
        return
    allowed = SCHEMA[node["@type"]]  # KeyError: a type we do not know to be schema.org's
    for key, value in node.items():
        assert key in allowed, f"{path}.{key} n'est pas une propriété de {node['@type']}"
        if key in ENUMERATIONS:
            assert value in ENUMERATIONS[key], (path, key, value)
        if isinstance(value, dict | list) and key != "@context":
            check_schema(value, f"{path}.{key}")


@pytest.fixture
def week(db):
    call_command("load_initial_data", verbosity=0)
    return Edition.objects.current()


@pytest.fixture
def two_editions(week):
    """2025 over, 2026 current (prepared from it), on 1 September 2026."""
    edition_2026 = prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )
    Edition.objects.filter(pk=week.pk).update(is_current=False)
    edition_2026.is_current = True
    edition_2026.save()
    forget_version()
    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=MONTREAL), tick=False):
        yield week, edition_2026


# robots.txt ------------------------------------------------------------------------------------------


def test_robots_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(client, db, settings):
    settings.SITE_URL = "https://automne.enap.ca"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")}
    assert {"/admin/", "/cahier/", "/presences/", "/mon-espace/", "/mon-programme/"} <= disallowed
    assert "/editions/*/mon-programme/" in disallowed
    assert lines[-1] == "Sitemap: https://automne.enap.ca/sitemap.xml"
    # Nothing public is closed: the programme, its sessions, the archives.
    assert not any(area in disallowed for area in ("/", "/programme/", "/seances/", "/editions/"))


def test_robots_and_sitemap_name_the_site_address_whatever_host_was_asked(client, db, settings):
    """SITE_URL (automne/site.py), never the request's Host header: a crawler reaching the site by
    another name is sent to the site's one address."""
    settings.SITE_URL = "https://automne.enap.ca"
    settings.ALLOWED_HOSTS = ["autre.exemple.org"]
    text = client.get("/robots.txt", HTTP_HOST="autre.exemple.org").content.decode()
    assert text.splitlines()[-1] == "Sitemap: https://automne.enap.ca/sitemap.xml"
    sitemap = client.get("/sitemap.xml", HTTP_HOST="autre.exemple.org").content
    locations = [loc.text for loc in ET.fromstring(sitemap).iter(f"{SITEMAP}loc")]
    assert locations and all(loc.startswith("https://automne.enap.ca/") for loc in locations)


# sitemap.xml ----------------------------------------------------------------------------------------


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert all(loc.startswith(f"{SITE}/") for loc in locations)
    return [loc.removeprefix(SITE) for loc in locations]


def expected_edition_paths(edition):
    base = f"/editions/{edition.slug}"
    paths = {f"{base}/", f"{base}/programme/", f"{base}/programme/modifications/", f"{base}/intervenants/"}
    paths |= {f"{base}/programme/{day.date.isoformat()}/" for day in Day.objects.filter(edition=edition)}
    scheduled = Session.objects.filter(edition=edition, occurrences__isnull=False).distinct()
    paths |= {f"{base}/seances/{session.slug}/" for session in scheduled}
    paths |= {f"{base}/intervenants/{speaker.slug}/" for speaker in Speaker.objects.filter(edition=edition)}
    paths |= {f"{base}/salles/{room.pk}/" for room in Room.objects.filter(edition=edition)}
    return paths


def test_sitemap_lists_every_public_page_of_every_edition_and_nothing_private(client, two_editions):
    paths = sitemap_paths(client)
    assert len(paths) == len(set(paths))
    expected = {"/", "/editions/", "/inscription/", "/confidentialite/"}
    for edition in two_editions:
        expected |= expected_edition_paths(edition)
    assert set(paths) == expected
    assert f"{ARCHIVE}/seances/{SESSION}/" in paths
    assert "/editions/ecole-automne-2026/programme/" in paths
    private = ("/mon-", "/cahier/", "/admin/", "/presences/", "/espace-intervenant/", "/appreciations/")
    assert not [path for path in paths if any(part in path for part in private)]
    # Every page listed answers, at its permanent address.
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_sitemap_leaves_out_a_session_taken_off_the_programme(client, week):
    session = Session.objects.get(slug=SESSION)
    session.occurrences.all().delete()
    assert f"{ARCHIVE}/seances/{SESSION}/" not in sitemap_paths(client)
    assert client.get(f"{ARCHIVE}/seances/{SESSION}/").status_code == 404


def test_sitemap_costs_the_same_queries_for_one_edition_or_two(client, week, django_assert_num_queries):
    with django_assert_num_queries(5):
        client.get("/sitemap.xml")
    prepare_edition(
        "ecole-automne-2025", "ecole-automne-2026", datetime.date(2026, 10, 19), datetime.date(2026, 10, 23)
    )
    with django_assert_num_queries(5):
        assert client.get("/sitemap.xml").status_code == 200


# rel=canonical and previews, in every phase -----------------------------------------------------------


@pytest.mark.parametrize("moment", PHASES.values(), ids=PHASES.keys())
def test_canonical_names_the_permanent_address_in_every_phase(client, week, moment):
    with time_machine.travel(moment, tick=False):
        for short, rest in PROGRAMME_PAGES.items():
            for path in (short, f"{ARCHIVE}{rest}"):
                page = head(client, path)
                assert page.link("canonical") == [f"{SITE}{ARCHIVE}{rest}"], path
                assert page.metas["og:url"] == f"{SITE}{ARCHIVE}{rest}", path


def test_canonical_of_the_site_pages_is_their_own_address(client, week):
    assert head(client, "/").link("canonical") == [f"{SITE}/"]
    assert head(client, f"{ARCHIVE}/").link("canonical") == [f"{SITE}{ARCHIVE}/"]
    assert head(client, "/programme/?q=atelier").link("canonical") == [f"{SITE}{ARCHIVE}/programme/"]


def test_with_another_edition_current_each_canonical_names_its_own_edition(client, two_editions):
    assert head(client, "/programme/").link("canonical") == [f"{SITE}/editions/ecole-automne-2026/programme/"]
    assert head(client, f"{ARCHIVE}/programme/").link("canonical") == [f"{SITE}{ARCHIVE}/programme/"]
    archived = head(client, f"{ARCHIVE}/seances/{SESSION}/")
    assert archived.link("canonical") == [f"{SITE}{ARCHIVE}/seances/{SESSION}/"]
    assert archived.link("alternate", "text/calendar") == [
        f"{ARCHIVE}/programme.ics",
        f"{ARCHIVE}/seances/{SESSION}.ics",
    ]
    current = head(client, "/intervenants/")
    assert current.link("canonical") == [f"{SITE}/editions/ecole-automne-2026/intervenants/"]
    assert current.link("alternate", "text/calendar") == ["/editions/ecole-automne-2026/programme.ics"]
    # A short address of a 2025 session leads to its permanent address, which names 2025.
    assert client.get(f"/seances/{SESSION}/").url == f"{ARCHIVE}/seances/{SESSION}/"


def test_cached_and_personal_pages_keep_the_right_canonical(client, week, django_user_model):
    """The shared cache (programme/caching.py) and the page kept for a person (programme/personal.py)
    serve the canonical of the page asked for, never the one of another address of it."""
    for _ in range(2):  # rendered, then served from the cache
        assert head(client, "/programme/").link("canonical") == [f"{SITE}{ARCHIVE}/programme/"]
        assert head(client, f"{ARCHIVE}/programme/").link("canonical") == [f"{SITE}{ARCHIVE}/programme/"]
    client.force_login(django_user_model.objects.create_user("camille@exemple.ca", "mot-de-passe-solide-1"))
    for _ in range(2):  # rendered for the person, then kept for them
        page = head(client, f"/seances/{SESSION}/")
        assert page.link("canonical") == [f"{SITE}{ARCHIVE}/seances/{SESSION}/"]
        assert page.metas["og:title"].startswith("Co-production and evaluation")


def test_previews_have_title_description_and_the_school_image(client, week):
    page = head(client, f"/seances/{SESSION}/")
    assert page.metas["og:type"] == "website"
    assert page.metas["og:locale"] == "fr_CA"
    assert (
        page.metas["og:title"]
        == page.metas["twitter:title"]
        == ("Co-production and evaluation — École d'automne sur la coproduction des services publics")
    )
    assert page.metas["og:description"] == page.metas["twitter:description"] == page.metas["description"]
    assert page.metas["twitter:card"] == "summary_large_image"
    image = page.metas["og:image"]
    assert image == page.metas["twitter:image"]
    assert re.fullmatch(re.escape(SITE) + r"/static/img/apercu\.[0-9a-f]{12}\.png", image)
    assert (page.metas["og:image:width"], page.metas["og:image:height"]) == ("1200", "630")
    assert page.metas["og:image:alt"]


def test_preview_image_is_1200_by_630_and_served(client, db):
    from io import BytesIO

    from PIL import Image

    path = re.search(r'og:image" content="' + re.escape(SITE) + r'([^"]+)"', client.get("/").content.decode())[1]
    response = client.get(path)
    assert response.status_code == 200
    image = Image.open(BytesIO(b"".join(response.streaming_content)))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_hostile_title_stays_inside_its_preview_attribute(client, week):
    Session.objects.filter(slug=SESSION).update(title='"><script>alert(1)</script>')
    page = head(client, f"/seances/{SESSION}/")
    assert page.metas["og:title"].startswith('"><script>alert(1)</script> — ')
    assert [s for s in page.scripts if s.get("type") != "application/ld+json" and "src" not in s] == []
    assert page.json_ld[0]["name"] == '"><script>alert(1)</script>'


# schema.org Event ------------------------------------------------------------------------------------


def test_edition_event_on_home_and_week_is_schema_org(client, week):
    for path in ("/", "/programme/", f"{ARCHIVE}/programme/"):
        (event,) = head(client, path).json_ld
        check_schema(event)
        assert event["@context"] == "https://schema.org"
        assert event["@type"] == "EducationEvent"
        assert (event["startDate"], event["endDate"]) == ("2025-10-20", "2025-10-24")
        assert event["url"] == f"{SITE}{ARCHIVE}/"
        assert event["organizer"]["@type"] == "Organization"
        assert event["location"]["address"]["streetAddress"] == week.address_line
        assert event["inLanguage"] == "fr-CA"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"


def test_session_event_is_schema_org_with_montreal_offset_and_room(client, week):
    session = Session.objects.get(slug=SESSION)
    (occurrence,) = session.occurrences.select_related("room", "time_slot__day")
    (event,) = head(client, f"/seances/{SESSION}/").json_ld
    check_schema(event)
    assert event["@type"] == "Event"
    assert event["name"] == session.title
    assert ISO_MONTREAL.match(event["startDate"]) and event["startDate"].endswith("-04:00")  # EDT in October
    assert datetime.datetime.fromisoformat(event["startDate"]) == occurrence.start_datetime()
    assert datetime.datetime.fromisoformat(event["endDate"]) == occurrence.end_datetime()
    assert event["location"]["name"] == occurrence.room.name
    assert event["location"]["containedInPlace"]["name"] == week.venue
    assert event["inLanguage"] == "en"  # this case study is given in English
    assert event["url"] == f"{SITE}{ARCHIVE}/seances/{SESSION}/"
    assert event["superEvent"]["url"] == f"{SITE}{ARCHIVE}/"
    assert [p["name"] for p in event["performer"]] == [
        link.speaker.full_name for link in session.session_speakers.all()
    ]


def test_moments_carry_montreal_offset_of_their_day(settings):
    """-04:00 in October (EDT), -05:00 in December (EST), whatever zone the moment came in."""
    utc = datetime.UTC
    assert structured_data._moment(datetime.datetime(2025, 10, 20, 12, 30, tzinfo=utc)) == "2025-10-20T08:30:00-04:00"
    assert structured_data._moment(datetime.datetime(2025, 12, 1, 14, tzinfo=utc)) == "2025-12-01T09:00:00-05:00"


def test_every_session_of_the_week_has_valid_event_data(client, week):
    for slug in Session.objects.filter(occurrences__isnull=False).values_list("slug", flat=True).distinct():
        (data,) = head(client, f"/seances/{slug}/").json_ld
        check_schema(data)
        for event in data if isinstance(data, list) else [data]:
            assert ISO_MONTREAL.match(event["startDate"]) and ISO_MONTREAL.match(event["endDate"]), slug
            assert event["startDate"] < event["endDate"], slug


def test_check_schema_refuses_what_schema_org_does_not_have():
    with pytest.raises(AssertionError):
        check_schema({"@type": "Event", "name": "x", "startTime": "2025-10-20"})
    with pytest.raises(KeyError):
        check_schema({"@type": "Conference2", "name": "x"})
    with pytest.raises(AssertionError):
        check_schema({"@type": "Event", "eventStatus": "https://schema.org/Cancelled"})


# text/calendar alternates and scripts -------------------------------------------------------------------


def test_programme_pages_link_their_calendar(client, week):
    assert head(client, "/programme/").link("alternate", "text/calendar") == [f"{ARCHIVE}/programme.ics"]
    assert head(client, f"/seances/{SESSION}/").link("alternate", "text/calendar") == [
        f"{ARCHIVE}/programme.ics",
        f"{ARCHIVE}/seances/{SESSION}.ics",
    ]
    for href in head(client, f"/seances/{SESSION}/").link("alternate", "text/calendar"):
        response = client.get(href)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")


@pytest.mark.parametrize("path", ["/", "/programme/", f"/seances/{SESSION}/", "/intervenants/", "/inscription/"])
def test_no_inline_script_except_json_ld(client, week, path):
    """The CSP (script-src 'self') runs no inline script; the only inline <script> is data for search
    engines, which browsers never execute (type application/ld+json)."""
    response = client.get(path)
    assert "script-src 'self';" in response["Content-Security-Policy"] + ";"
    scripts = Head(response.content.decode()).scripts
    inline = [s for s in scripts if "src" not in s]
    assert all(s.get("type") == "application/ld+json" for s in inline), inline
