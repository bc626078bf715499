"""Two independent application servers (each its own gunicorn, on its own port) against one PostgreSQL
and one Redis, as deploy/README.md lays them out: whatever one server does, the other sees.

Run with `pytest -m servers`, DATABASE_URL naming PostgreSQL and CACHE_URL naming Redis (.ci/run does);
the servers use a scratch database created next to DATABASE_URL's and dropped at the end.
"""

import html
import os
import secrets
import threading
import time
from urllib.parse import quote

import pytest
from django.conf import settings

from bench import harness

pytestmark = pytest.mark.servers

NEEDS = "Les tests à deux serveurs demandent DATABASE_URL sur PostgreSQL et CACHE_URL sur Redis (voir .ci/run)."
PASSWORD = "Un-secret-de-test-2031"
CAPACITY, PEOPLE = 10, 16

SETUP = """
import datetime, json, sys, django
django.setup()
from inscriptions.models import User
from programme.models import Speaker
User.objects.create_user(sys.argv[1], sys.argv[2])
speaker = Speaker.objects.exclude(organisation="").order_by("pk").first()
print(json.dumps({"speaker": speaker.pk, "organisation": speaker.organisation}))
"""
RUSH = """
import datetime, json, sys, django
django.setup()
from programme.models import Edition
Edition.objects.update(is_current=False)
Edition.objects.create(name="Ruée", slug="ruee", is_current=True, starts_on=datetime.date(2030, 10, 21),
    ends_on=datetime.date(2030, 10, 25), venue="ENAP", address="Montréal", capacity=int(sys.argv[1]))
print(json.dumps("ok"))
"""
SEATS = """
import json, django
django.setup()
from inscriptions.models import Registration
registrations = Registration.objects.filter(edition__slug="ruee")
print(json.dumps([registrations.holding_a_seat().count(), registrations.filter(state="attente").count()]))
"""


def shared_services():
    """(PostgreSQL URL of a scratch database beside the configured one, Redis URL), or None."""
    database, cache = settings.DATABASES["default"], settings.CACHES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql" or not cache["BACKEND"].endswith("RedisCache"):
        return None
    credentials = f"{quote(database['USER'])}:{quote(str(database['PASSWORD']))}@" if database["USER"] else ""
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}{host}/{database['NAME']}_servers", cache["LOCATION"]


@pytest.fixture(scope="module")
def servers():
    services = shared_services()
    if services is None:
        if os.environ.get("CI"):
            pytest.fail(NEEDS, pytrace=False)
        pytest.skip(NEEDS)
    database_url, cache_url = services
    run = secrets.token_hex(4)  # Redis outlives the run: this run's accounts are its own
    with harness.scratch_database("automne-servers-", "postgres", database_url) as (scratch, url):
        env = harness.environment(scratch, url)
        env["CACHE_URL"] = cache_url
        harness.prepare_database(env)
        harness.manage(env, "load_initial_data")
        organizer = f"orga-{run}@example.org"
        harness.manage(dict(env, ORGANIZER_PASSWORD=PASSWORD), "create_organizer", organizer, "--no-input")
        facts = harness.run_python(env, SETUP, f"verrou-{run}@example.org", PASSWORD)
        facts.update(run=run, organizer=organizer, env=env)
        first = second = None
        try:
            # Each server its own MEDIA_ROOT, as on two machines: a drawing can only come from the shared store.
            first = harness.start_server(dict(env, MEDIA_ROOT=str(scratch / "media-1")), harness.free_port())
            second = harness.start_server(dict(env, MEDIA_ROOT=str(scratch / "media-2")), harness.free_port())
            yield _port(first), _port(second), facts
        finally:
            for process in (first, second):
                if process is not None:
                    harness.stop_server(process)


def _port(process):
    return int(process.args[process.args.index("--bind") + 1].rsplit(":", 1)[1])


def test_the_two_servers_are_two_processes(servers):
    one, other, _ = servers
    assert one != other
    assert harness.Browser().get(one, "/sante/") == (200, "ok")
    assert harness.Browser().get(other, "/sante/") == (200, "ok")


def test_login_lock_set_through_one_server_is_enforced_by_the_other(servers):
    one, other, facts = servers
    email = f"verrou-{facts['run']}@example.org"
    for _ in range(5):
        status, _ = harness.Browser().submit(one, "/connexion/", {"username": email, "password": "mauvais"})
        assert status == 200
    status, page = harness.Browser().submit(other, "/connexion/", {"username": email, "password": PASSWORD})
    assert status == 429
    assert "Trop de tentatives de connexion." in page


ACCOUNT = """
import json, sys, django
django.setup()
from inscriptions.models import User
User.objects.create_user(sys.argv[1], sys.argv[2])
print(json.dumps("ok"))
"""


def test_tries_at_once_split_across_both_servers_check_exactly_the_limit(servers):
    """Each try reserves its slot in Redis before the password is hashed (issue 25, F9): of 15 wrong
    passwords sent together to both servers, 5 are checked and 10 refused; before, 8 were checked."""
    one, other, facts = servers
    email = f"rafale-{facts['run']}@example.org"
    harness.run_python(facts["env"], ACCOUNT, email, PASSWORD)
    count = 15
    barrier = threading.Barrier(count)
    statuses = [None] * count

    def wrong(number):
        browser = harness.Browser()
        status, page = browser.get((one, other)[number % 2], "/connexion/")
        fields = dict(harness.form_fields(page), username=email, password="mauvais")
        barrier.wait(60)
        statuses[number] = browser.request((one, other)[number % 2], "/connexion/", fields)[0]

    tries = [threading.Thread(target=wrong, args=(n,)) for n in range(count)]
    for attempt in tries:
        attempt.start()
    for attempt in tries:
        attempt.join(180)
    assert sorted(statuses) == [200] * 5 + [429] * 10
    status, _ = harness.Browser().submit(other, "/connexion/", {"username": email, "password": PASSWORD})
    assert status == 429


def test_organizer_save_through_one_server_reaches_the_others_cached_pages_within_the_delay(servers):
    one, other, facts = servers
    visitor = harness.Browser()
    for _ in range(3):  # cached by the other server's workers
        status, page = visitor.get(other, "/intervenants/")
        assert facts["organisation"] in html.unescape(page)
    organizer = harness.Browser()
    status, location = organizer.submit(
        one, "/admin/login/?next=/admin/", {"username": facts["organizer"], "password": PASSWORD}
    )
    assert (status, location) == (302, "/admin/")
    changed = f"Organisme {facts['run']}"
    change_url = f"/admin/programme/speaker/{facts['speaker']}/change/"
    status, _ = organizer.submit(one, change_url, {"organisation": changed, "_save": "Enregistrer"})
    saved = time.monotonic()
    assert status == 302
    delay = getattr(settings, "PROGRAMME_VERSION_TTL", 1.0)
    while changed not in visitor.get(other, "/intervenants/")[1]:
        assert time.monotonic() - saved <= delay + 1.0, f"pas visible après {delay} s (+1 s de marge)"
        time.sleep(0.05)


def test_registration_rush_split_across_both_servers_never_overbooks(servers):
    one, other, facts = servers
    harness.run_python(facts["env"], RUSH, str(CAPACITY))
    barrier = threading.Barrier(PEOPLE)
    statuses = [None] * PEOPLE

    def register(number):
        port = (one, other)[number % 2]
        browser = harness.Browser()
        status, page = browser.get(port, "/inscription/")
        fields = dict(harness.form_fields(page))
        fields.update(
            first_name="Personne",
            last_name=f"N{number}",
            email=f"ruee{number}-{facts['run']}@example.org",
            organisation="Ville",
            function="Analyste",
            sector="municipal",
            kind="attestation",
            password1="Banc-d-essai-2030!",
            password2="Banc-d-essai-2030!",
            consent="on",
        )
        barrier.wait(60)
        statuses[number] = browser.request(port, "/inscription/", fields)[0]

    people = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for person in people:
        person.start()
    for person in people:
        person.join(180)
    assert statuses == [302] * PEOPLE
    assert harness.run_python(facts["env"], SEATS) == [CAPACITY, PEOPLE - CAPACITY]


DRAWER = """
import json, sys, django
django.setup()
from cahier.models import Page
from inscriptions.models import User
from inscriptions.tests.factories import make_registration
page = Page.objects.get(kind="dessins")
# Who writes in a cahier holds a registration in its edition (cahier/writers.py).
make_registration(page.edition, User.objects.create_user(sys.argv[1], sys.argv[2]))
print(json.dumps(page.get_absolute_url()))
"""


def raw_get(browser, port, path):
    """(status, content type, bytes) of a GET, for what is not text."""
    with browser.opener.open(f"http://{harness.HOST}:{port}{path}", timeout=60) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_drawing_uploaded_through_one_server_is_served_by_the_other(servers):
    import base64
    import io
    import re

    from PIL import Image

    one, other, facts = servers
    email = f"dessin-{facts['run']}@example.org"
    drawings_page = harness.run_python(facts["env"], DRAWER, email, PASSWORD)
    browser = harness.Browser()
    status, _ = browser.submit(one, "/connexion/", {"username": email, "password": PASSWORD})
    assert status == 302
    status, page = browser.get(one, drawings_page)
    token = dict(harness.form_fields(page, 0))["csrfmiddlewaretoken"]
    png = io.BytesIO()
    Image.new("RGB", (48, 32), (20, 140, 90)).save(png, "PNG")
    data_url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    fields = {"csrfmiddlewaretoken": token, "legende": "Deux serveurs", "dessin": data_url}
    # The notebook's own address for adding a drawing: /cahier/<edition>/dessins/ajouter/.
    edition_slug = drawings_page.split("/")[2]
    status, location = browser.request(one, f"/cahier/{edition_slug}/dessins/ajouter/", fields)
    assert status == 302
    pk = re.fullmatch(rf"{re.escape(drawings_page)}#dessin-(\d+)", location).group(1)

    served_by_other = raw_get(browser, other, f"/cahier/dessins/{pk}/image/")
    assert served_by_other[:2] == (200, "image/png")
    assert Image.open(io.BytesIO(served_by_other[2])).size == (48, 32)
    assert raw_get(browser, one, f"/cahier/dessins/{pk}/image/") == served_by_other
