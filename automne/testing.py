"""Helpers for tests: the real axe-core engine, layout checks, screenshots; every row of the
database; a redis-server of our own."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def axe_violations(page):
    """Runs the real axe-core (shipped by axe-playwright-python) and returns its violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return results.response["violations"]


def assert_accessible(page):
    violations = axe_violations(page)
    summary = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations]
    assert summary == [], f"axe-core sur {page.url}:\n" + "\n".join(summary)


def horizontal_overflow(page):
    """How many pixels the page is wider than the viewport (0 when it fits), once the page and its
    stylesheets have loaded: measured while a form's answer was still arriving (its text there, the
    styles not yet), an unstyled page overflowed (CI, once)."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def open_menu(page):
    """On a phone, opens « Menu » (templates/includes/header.html), where the visitor's own links wait; on a
    wide screen, where they are in the row, does nothing."""
    summary = page.locator(".site-menu > summary")
    if summary.is_visible() and page.locator(".site-menu").get_attribute("open") is None:
        summary.click()


def save_screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{width}.png"
    for attempt in range(3):
        try:
            page.screenshot(path=str(path), full_page=True)
            return path
        except PlaywrightError as error:
            # Chromium sometimes cannot capture a tall page while it lays it out again (CI saw it once
            # in 2 000 tests): a failure of the camera, not of the page. Try again on the next frame.
            if "Unable to capture screenshot" not in str(error) or attempt == 2:
                raise
            page.evaluate("() => new Promise(resolve => requestAnimationFrame(() => resolve()))")


def every_row(using="default"):
    """Every row of every table Django knows (many-to-many tables included), by table, as the ORM reads it:
    what a restore must give back exactly (automne/backup.py)."""
    from automne.backup import tables

    return {
        model._meta.db_table: [
            tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
            for row in model._base_manager.using(using).order_by("pk").values_list()
        ]
        for model in tables(using)
    }


NO_REDIS = "redis-server introuvable : installez-le (sudo apt-get install redis-server) pour tester le cache Redis."


@pytest.fixture(scope="module")
def redis_location():
    """A redis-server of our own on a free port, without persistence, stopped at the end (import the
    fixture into a test module to use it). Without redis-server the tests are skipped, except under CI."""
    import redis

    from bench import harness

    executable = shutil.which("redis-server")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(NO_REDIS, pytrace=False)
        pytest.skip(NO_REDIS)
    port = harness.free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(10)


def through_wsgi_entry(method, path, query="", content_type="", body=b""):
    """A request handed to automne.wsgi.application as gunicorn hands it, in this process and on the test's
    database: (status, headers, body). Django's test client builds its requests itself, past that entry."""
    import io
    import wsgiref.util

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from automne.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
    }
    wsgiref.util.setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    # As Django's test client does: the test's database connection stays open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], content
