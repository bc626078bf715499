"""Throughput of the programme for anonymous visitors and logged-in participants, against a static
file of the same bytes, in one alternating run, with the bytes each sends on the wire.

    .venv/bin/python bench/programme_throughput.py [--rounds 5] [--seconds 3] [--clients 4] [--plain]

What it does, on 127.0.0.1 only:
1. a scratch SQLite database in a temporary folder: migrate, then load_initial_data (the 2025 edition);
2. gunicorn (2 sync workers, like `make run`) serves the site; /programme/ is fetched once;
3. the same bytes are written under STATIC_ROOT (staticfiles/bench-…/programme.html, with its .gz as
   collectstatic writes them) and gunicorn is restarted, so WhiteNoise (which indexes STATIC_ROOT at
   start-up) serves them as a static file;
4. 150 participants are registered, each with 8 chosen sessions, a calendar address and a session
   cookie (as after logging in); each one's pages are fetched once, with the CSRF cookie they set;
5. rounds alternate between five targets: the static file, /programme/ for anonymous visitors,
   /programme/ for logged-in participants, « Mon programme » (/mon-programme/) and the personal
   calendar feed (at its secret address, without cookies, as a calendar app asks for it), the
   personal ones each request from the next participant, each for a bounded time, with the same
   client (several processes, a new connection per request, as a phone would);
6. prints requests/s of each round, their medians, the ratios to the static file (targets: ≥ 0.9
   anonymous, ≥ 0.5 logged in and « Mon programme ») and the bytes on the wire of each (target: a
   logged-in page within 1.5 times the anonymous one), with the load average.

Clients ask for gzip, as browsers do; --plain measures the uncompressed bytes instead. Every response
is checked: status 200, and exactly the expected bytes (a participant's page carries a CSRF token
masked anew and a random padding: its gzip trailer must give the length of their page); any other
answer counts as an error and is reported. The static file and the scratch database are removed.
"""

import argparse
import gzip
import multiprocessing
import os
import shutil
import socket
import statistics
import sys
import time

from harness import (
    BASE_DIR,
    HOST,
    environment,
    free_port,
    manage,
    prepare_database,
    run_python,
    scratch_database,
    start_server,
    stop_server,
)

PARTICIPANTS, CHOICES_EACH = 150, 8

# Run in the scratch database: 150 registered participants, 8 choices each (sessions that can be
# chosen, in turn), and a logged-in session for each; prints their cookies.
MAKE_PARTICIPANTS = f"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from inscriptions.models import Registration, Sector, User
from programme import personal_calendar
from programme.models import Choice, Edition, Occurrence
edition = Edition.objects.current()
choosable = [o.pk for o in Occurrence.objects.filter(time_slot__day__edition=edition).in_schedule_order()
             if not o.session.is_logistics]
cookies = []
for number in range({PARTICIPANTS}):
    user = User.objects.create_user(f"participant{{number}}@exemple.ca", "mot-de-passe-du-banc")
    Registration.objects.create(edition=edition, user=user, email=user.email, first_name="Camille",
        last_name=f"Banc{{number}}", kind=Registration.Kind.ATTESTATION, organisation="Ville de Montréal",
        function="Conseillère", sector=Sector.values[0], consented_at=timezone.now(),
        state=Registration.State.CONFIRMED)
    picked = [choosable[(number + step * 3) % len(choosable)] for step in range({CHOICES_EACH})]
    Choice.objects.bulk_create([Choice(user=user, occurrence_id=pk) for pk in picked])
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    feed = f"/editions/{{edition.slug}}/mon-programme/{{personal_calendar.renew(user).token}}.ics"
    cookies.append((f"{{settings.SESSION_COOKIE_NAME}}={{session.session_key}}", feed))
print(json.dumps(cookies))
"""


def fetch(port, path, compressed=False, cookie=None):
    """One GET on a new connection: (status, head, body as sent)."""
    accept = "Accept-Encoding: gzip\r\n" if compressed else ""
    if cookie:
        accept += f"Cookie: {cookie}\r\n"
    with socket.create_connection((HOST, port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{accept}Connection: close\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head, body


def as_expected(body, expected, compressed):
    """`expected`: ("bytes", length) for an answer always the same, ("page", length of the page) for
    a participant's compressed page (its gzip trailer says the length it holds)."""
    kind, length = expected
    if kind == "bytes" or not compressed:
        return len(body) == length
    return body[:2] == b"\x1f\x8b" and int.from_bytes(body[-4:], "little") == length


def client(args):
    """Requests each visitor's path for `seconds`; `visitors` is [(path, cookie or None, expected)],
    taken in turn."""
    port, visitors, seconds, compressed = args
    done = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        path, cookie, expected = visitors[(done + errors) % len(visitors)]
        try:
            status, _, body = fetch(port, path, compressed, cookie)
            ok = status == 200 and as_expected(body, expected, compressed)
        except Exception:  # a malformed or cut answer is an error like a refused connection
            ok = False
        done += ok
        errors += not ok
    return done, errors


def measure(pool, clients, port, visitors, seconds, compressed):
    started = time.monotonic()
    # Each client starts with another visitor.
    work = [(port, visitors[i:] + visitors[:i], seconds, compressed) for i in range(clients)]
    results = pool.map(client, work)
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return done / elapsed, sum(r[1] for r in results)


def participants_of(port, sessions, compressed):
    """{target: [(path, cookies, expected)]} for the participants' pages and feeds, and {target: [bytes on
    the wire]}: each page fetched once plain (its length, and the CSRF cookie it sets, which a browser
    sends back with every later request), once as the bench will ask for it."""
    visitors = {"logged": [], "mine": [], "feed": []}
    wire = {name: [] for name in visitors}
    for session, feed in sessions:
        status, head, body = fetch(port, "/programme/", cookie=session)
        assert status == 200, head[:80]
        assert b"Mon programme" in body and b"Se connecter" not in body, "la session n'est pas reconnue"
        cookies = [session]
        for line in head.decode("latin-1").split("\r\n"):
            if line.lower().startswith("set-cookie: csrftoken="):
                cookies.append(line.split(": ", 1)[1].split(";")[0])
        cookie = "; ".join(cookies)
        for name, path, their_cookie in (("logged", "/programme/", cookie), ("mine", "/mon-programme/", cookie)):
            status, _, plain = fetch(port, path, cookie=their_cookie)
            assert status == 200, (path, status)
            status, _, sent = fetch(port, path, compressed, their_cookie)
            assert status == 200 and as_expected(sent, ("page", len(plain)), compressed), path
            visitors[name].append((path, their_cookie, ("page", len(plain))))
            wire[name].append(len(sent))
        status, _, sent = fetch(port, feed, compressed)
        assert status == 200 and b"BEGIN:VEVENT" in (gzip.decompress(sent) if compressed else sent), feed
        visitors["feed"].append((feed, None, ("bytes", len(sent))))
        wire["feed"].append(len(sent))
    return visitors, wire


TARGETS = {
    "static": ("static file (WhiteNoise)", None),
    "page": ("/programme/, anonymous", 0.9),
    "logged": ("/programme/, logged in", 0.5),
    "mine": ("« Mon programme »", 0.5),
    "feed": ("personal calendar feed", None),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each target (alternating), 1 to 20")
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of a round, 0.5 to 10 s")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes, 1 to 16")
    parser.add_argument("--plain", action="store_true", help="without Accept-Encoding: gzip")
    options = parser.parse_args()
    rounds = min(max(options.rounds, 1), 20)
    seconds = min(max(options.seconds, 0.5), 10.0)
    clients = min(max(options.clients, 1), 16)

    with scratch_database("automne-bench-") as (scratch, url):
        return run(environment(scratch, url), rounds, seconds, clients, not options.plain)


def run(env, rounds, seconds, clients, compressed):
    static_dir = BASE_DIR / "staticfiles" / f"bench-{os.getpid()}"
    server = None
    try:
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        sessions = run_python(env, MAKE_PARTICIPANTS)
        port = free_port()

        server = start_server(env, port)
        status, _, page = fetch(port, "/programme/")
        assert status == 200, status
        stop_server(server)

        static_dir.mkdir(parents=True)
        (static_dir / "programme.html").write_bytes(page)
        (static_dir / "programme.html.gz").write_bytes(gzip.compress(page))
        static_path = f"/static/{static_dir.name}/programme.html"
        server = start_server(env, port)
        status, _, body = fetch(port, static_path)
        assert status == 200 and body == page, "WhiteNoise ne sert pas les mêmes octets"
        status, _, body = fetch(port, "/programme/")
        assert status == 200 and body == page, "la page a changé entre deux requêtes"
        visitors, wire = participants_of(port, sessions, compressed)
        for name, path in (("static", static_path), ("page", "/programme/")):
            status, _, body = fetch(port, path, compressed)
            assert status == 200 and (gzip.decompress(body) if compressed else body) == page, name
            visitors[name] = [(path, None, ("bytes", len(body)))]
            wire[name] = [len(body)]
        load = os.getloadavg()  # other work on the machine skews every target: reported
        rates = {name: [] for name in TARGETS}
        errors = 0
        with multiprocessing.Pool(clients) as pool:
            for name in TARGETS:  # warm-up: every worker
                measure(pool, clients, port, visitors[name], 0.5, compressed)
            for number in range(1, rounds + 1):
                # The order turns, so that no target always runs first.
                order = list(TARGETS) if number % 2 else list(reversed(TARGETS))
                for name in order:
                    rate, failed = measure(pool, clients, port, visitors[name], seconds, compressed)
                    rates[name].append(rate)
                    errors += failed
                    print(f"round {number} {name:6} {rate:8.1f} req/s")
        end_load = os.getloadavg()
        static = statistics.median(rates["static"])
        print(
            f"\n{rounds} rounds of {seconds:g} s, {clients} clients, gunicorn 2 workers, "
            f"{'gzip' if compressed else 'plain'}; {PARTICIPANTS} participants × {CHOICES_EACH} choices; "
            f"/programme/ is {len(page)} bytes"
        )
        print(f"load average: {load[0]:.2f} at start, {end_load[0]:.2f} at end ({os.cpu_count()} CPUs)")
        for name, (label, target) in TARGETS.items():
            median = statistics.median(rates[name])
            ratios = [r / s for r, s in zip(rates[name], rates["static"], strict=True)]
            aim = f" (target ≥ {target})" if target else ""
            line = f"{label:28} {median:8.1f} req/s, ratio {median / static:.2f}{aim}"
            if name != "static":
                line += f", per round {min(ratios):.2f}–{max(ratios):.2f}"
            print(f"{line}; {statistics.median(wire[name]):.0f} bytes on the wire")
        logged_bytes = max(statistics.median(wire["logged"]), statistics.median(wire["mine"]))
        print(f"logged-in bytes / anonymous bytes: {logged_bytes / statistics.median(wire['page']):.2f} (target ≤ 1.5)")
        print(f"errors: {errors}")
        return 0 if errors == 0 else 1
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(static_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
