"""Throughput of /programme/ against a static file of the same bytes, in the same run, for
anonymous visitors and for logged-in participants.

    .venv/bin/python bench/programme_throughput.py [--rounds 5] [--seconds 3] [--clients 4] [--plain]

What it does, on 127.0.0.1 only:
1. a scratch SQLite database in a temporary folder: migrate, then load_initial_data (the 2025 edition);
2. gunicorn (2 sync workers, like `make run`) serves the site; /programme/ is fetched once;
3. the same bytes are written under STATIC_ROOT (staticfiles/bench-…/programme.html, with its .gz as
   collectstatic writes them) and gunicorn is restarted, so WhiteNoise (which indexes STATIC_ROOT at
   start-up) serves them as a static file;
4. 150 participants are registered, each with 8 chosen sessions and a session cookie (as after
   logging in); each one's /programme/ is fetched once for its length;
5. rounds alternate: the static file, /programme/ for anonymous visitors, and /programme/ for
   logged-in participants (each request from the next participant), each for a bounded time, with
   the same client (several processes, a new connection per request, as a phone would);
6. prints requests/s of each round, their medians, the ratios to the static file (targets: ≥ 0.9
   anonymous, ≥ 0.4 logged in) and the page's size on the wire.

Clients ask for gzip, as browsers do (the static file and the shared page are then sent compressed;
a logged-in page never is, BREACH); --plain measures the uncompressed bytes instead.
Every response is checked: status 200 and exactly the expected bytes' length; any other answer
counts as an error and is reported. The static file and the scratch database are removed at the end.
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
    cookies.append(f"{{settings.SESSION_COOKIE_NAME}}={{session.session_key}}")
print(json.dumps(cookies))
"""


def fetch(port, path, compressed=False, cookie=None):
    """One GET on a new connection: (status, body as sent)."""
    accept = "Accept-Encoding: gzip\r\n" if compressed else ""
    if cookie:
        accept += f"Cookie: {cookie}\r\n"
    with socket.create_connection((HOST, port), timeout=10) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{accept}Connection: close\r\n\r\n".encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def client(args):
    """Requests `path` for `seconds`; `visitors` is [(cookie or None, expected length)], taken in turn."""
    port, path, visitors, seconds, compressed = args
    done = errors = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        cookie, expected_length = visitors[(done + errors) % len(visitors)]
        try:
            status, body = fetch(port, path, compressed, cookie)
            ok = status == 200 and len(body) == expected_length
        except Exception:  # a malformed or cut answer is an error like a refused connection
            ok = False
        done += ok
        errors += not ok
    return done, errors


def measure(pool, clients, port, path, visitors, seconds, compressed):
    started = time.monotonic()
    # Each client starts with another visitor.
    work = [(port, path, visitors[i:] + visitors[:i], seconds, compressed) for i in range(clients)]
    results = pool.map(client, work)
    elapsed = time.monotonic() - started
    done = sum(r[0] for r in results)
    return done / elapsed, sum(r[1] for r in results)


def logged_in_visitors(port, sessions):
    """[(cookies, length of their /programme/)]: each participant's page once, and the CSRF cookie
    it sets, which a browser sends back with every later request."""
    visitors = []
    for session in sessions:
        with socket.create_connection((HOST, port), timeout=10) as conn:
            request = f"GET /programme/ HTTP/1.1\r\nHost: {HOST}\r\nCookie: {session}\r\nConnection: close\r\n\r\n"
            conn.sendall(request.encode())
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head[:80]
        assert b"Mon programme" in body and b"Se connecter" not in body, "la session n'est pas reconnue"
        cookies = [session]
        for line in head.decode("latin-1").split("\r\n"):
            if line.lower().startswith("set-cookie: csrftoken="):
                cookies.append(line.split(": ", 1)[1].split(";")[0])
        visitors.append(("; ".join(cookies), len(body)))
    return visitors


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
        status, page = fetch(port, "/programme/")
        assert status == 200, status
        stop_server(server)

        static_dir.mkdir(parents=True)
        (static_dir / "programme.html").write_bytes(page)
        (static_dir / "programme.html.gz").write_bytes(gzip.compress(page))
        static_path = f"/static/{static_dir.name}/programme.html"
        server = start_server(env, port)
        status, body = fetch(port, static_path)
        assert status == 200 and body == page, "WhiteNoise ne sert pas les mêmes octets"
        status, body = fetch(port, "/programme/")
        assert status == 200 and body == page, "la page a changé entre deux requêtes"
        sizes = {"static": len(page), "page": len(page)}
        if compressed:
            for name, path in (("static", static_path), ("page", "/programme/")):
                status, body = fetch(port, path, compressed=True)
                assert status == 200 and gzip.decompress(body) == page, f"{name} : pas la même page compressée"
                sizes[name] = len(body)

        participants = logged_in_visitors(port, sessions)
        targets = {"static": static_path, "page": "/programme/", "logged": "/programme/"}
        visitors = {"static": [(None, sizes["static"])], "page": [(None, sizes["page"])], "logged": participants}
        load = os.getloadavg()  # other work on the machine skews every target: reported
        rates = {name: [] for name in targets}
        errors = 0
        with multiprocessing.Pool(clients) as pool:
            for name in ("page", "logged"):  # warm-up: every worker
                measure(pool, clients, port, targets[name], visitors[name], 0.5, compressed)
            for number in range(1, rounds + 1):
                # The order turns, so that no target always runs first.
                order = ["static", "page", "logged"] if number % 2 else ["logged", "page", "static"]
                for name in order:
                    rate, failed = measure(pool, clients, port, targets[name], visitors[name], seconds, compressed)
                    rates[name].append(rate)
                    errors += failed
                    print(f"round {number} {name:6} {rate:8.1f} req/s")
        static = statistics.median(rates["static"])
        logged_sizes = sorted({length for _, length in participants})
        print(
            f"\n/programme/ : {len(page)} bytes, {sizes['page']} on the wire ({'gzip' if compressed else 'plain'}), "
            f"{rounds} rounds of {seconds:g} s, {clients} clients, gunicorn 2 workers"
        )
        print(
            f"logged in   : {PARTICIPANTS} participants × {CHOICES_EACH} choices, "
            f"{logged_sizes[0]}–{logged_sizes[-1]} bytes (never compressed)"
        )
        print(f"load average at start       : {load[0]:.2f} ({os.cpu_count()} CPUs)")
        print(f"median static (WhiteNoise)  : {static:8.1f} req/s")
        for name, label, target in (("page", "anonymous", 0.9), ("logged", "logged in", 0.4)):
            ratios = [p / s for p, s in zip(rates[name], rates["static"], strict=True)]
            median = statistics.median(rates[name])
            print(f"median /programme/ {label:9}: {median:8.1f} req/s, ratio {median / static:.2f} (target ≥ {target})")
            print(
                f"  ratio per round           : median {statistics.median(ratios):.2f}, "
                f"min {min(ratios):.2f}, max {max(ratios):.2f}"
            )
        print(f"errors                      : {errors}")
        return 0 if errors == 0 else 1
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(static_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
