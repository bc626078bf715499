"""Shared test set-up: static files, a real Chromium driven by Playwright, and the live server with the reference data.

Browser tests use Debian's /usr/bin/chromium (never a downloaded browser). Without
it they are skipped with one line saying how to install it, except when CI is set,
where a missing browser fails the run.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property-based tests: no per-example deadline (a busy 2-core machine is not a failure), and under
# CI the same examples on every run, so that a landing never depends on the draw; a local run
# explores new ones each time.
hypothesis_settings.register_profile(
    "automne",
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
hypothesis_settings.load_profile("automne")

SET_ASIDE = pytest.StashKey[int]()
CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_sessionstart(session):
    """Static files as in production: collected with their hashed names, once per run.

    Under pytest-xdist the controller collects them before any worker starts, so the
    workers never write the same STATIC_ROOT at once.
    """
    if not hasattr(session.config, "workerinput"):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def collected_static():
    """Served by WhiteNoise from STATIC_ROOT.

    pytest-django's live server would serve them from the app folders by their
    plain names; handing every request to the WSGI application lets WhiteNoise
    serve the collected files, as gunicorn does.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
        yield


@pytest.fixture(autouse=True)
def site_url_of_the_live_server(request):
    """With a live server, the site's address (SITE_URL, automne/site.py) is the live server's: the
    links of e-mails, feeds and previews that a browser test follows lead to the site under test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.SITE_URL = request.getfixturevalue("live_server").url
    yield


@pytest.fixture(autouse=True)
def french_in_force():
    """Each test starts in French, the site's language: a request to /en/ leaves English in force in its
    thread (automne/languages.py sets it at each request), as in production."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_programme_version():
    """The programme's version is remembered by each process for a second (programme/caching.py):
    every test starts without it, as its database does."""
    from programme.caching import forget_version

    forget_version()


@pytest.fixture
def live_school(transactional_db, live_server):
    """The live server with the reference data (load_initial_data), as a browser test starts from it: the
    programme's version and its pages cache forgotten, so that no page of an earlier test is served."""
    from programme.caching import cache, forget_version

    call_command("load_initial_data", verbosity=0)
    forget_version()
    cache.clear()
    return live_server


def find_chromium():
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    candidates = [found] if found else CHROMIUM_PATHS
    return next((path for path in candidates if path and Path(path).exists()), None)


NO_CHROMIUM = (
    "Chromium introuvable : installez-le avec « sudo apt-get install chromium » pour lancer les tests de navigateur."
)


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium carries the `browser` marker (so `-m "not browser"` leaves
    them all out, as the PostgreSQL run of .ci/run does). Without Chromium (and outside CI), they
    are set aside and said so in one line."""
    browser_tests = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    if os.environ.get("CI") or find_chromium() is not None:
        return
    if browser_tests:
        items[:] = [item for item in items if item not in browser_tests]
        config.hook.pytest_deselected(items=browser_tests)
        config.stash[SET_ASIDE] = len(browser_tests)


def pytest_terminal_summary(terminalreporter, config):
    # Under pytest-xdist the workers collect and set aside; the controller, which prints, only
    # knows that Chromium is missing.
    if config.stash.get(SET_ASIDE, 0):
        terminalreporter.write_line(f"{config.stash[SET_ASIDE]} tests de navigateur sautés. {NO_CHROMIUM}", yellow=True)
    elif config.pluginmanager.has_plugin("dsession") and not os.environ.get("CI") and find_chromium() is None:
        terminalreporter.write_line(f"Tests de navigateur sautés. {NO_CHROMIUM}", yellow=True)


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:  # only under CI, where a missing browser fails the run
        pytest.fail(NO_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-CA", timezone_id="America/Toronto")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A page 390 px wide, as on a phone."""
    yield from _page(browser, PHONE)


@pytest.fixture
def desktop_page(browser):
    """A page 1280 px wide, as on a laptop."""
    yield from _page(browser, DESKTOP)


@pytest.fixture(params=["phone", "desktop"])
def any_page(request, browser):
    """The same test at 390 px and at 1280 px."""
    yield from _page(browser, PHONE if request.param == "phone" else DESKTOP)
