"""The opening rush: many people submitting the registration form at the same moment for the
last seats, against gunicorn, checking that nobody is overbooked and no submission fails.

    .venv/bin/python bench/inscriptions_rush.py --database sqlite
    .venv/bin/python bench/inscriptions_rush.py --database postgres \
        [--postgres-url postgres://automne:automne@127.0.0.1:5432/automne_inscriptions_bench]
    options: --people 120 --capacity 100

On 127.0.0.1 only, bounded in time: a scratch database (a SQLite file in a temporary folder, or a
PostgreSQL database created for the run and dropped at the end), migrated, with one current
edition of `capacity` seats; gunicorn with 2 sync workers (as `make run`); each person, in their
own thread, loads /inscription/ (CSRF cookie and token), waits for everyone, then submits at once.
Afterwards the database is read directly: seats taken must be min(people, capacity), the rest on
the waiting list, one account per person. Prints the outcome and latencies (p50, p95, max; each
submission hashes a password, which is the expected cost). Exit status 1 on any failure or overbooking.
"""

import argparse
import http.client
import os
import re
import statistics
import sys
import threading
import time
from urllib.parse import urlencode

from harness import (
    HOST,
    environment,
    free_port,
    percentile,
    prepare_database,
    run_python,
    scratch_database,
    start_server,
    stop_server,
)

SETUP = """
import datetime, json, sys, django
django.setup()
from programme.models import Edition
Edition.objects.update(is_current=False)
Edition.objects.create(name="Banc d'essai", slug="banc", is_current=True, starts_on=datetime.date(2030, 10, 21),
    ends_on=datetime.date(2030, 10, 25), venue="ENAP", address="Montréal", capacity=int(sys.argv[1]),
    course_code="ENP7009", course_title="Cours", course_credits=3)
print(json.dumps("ok"))
"""

VERIFY = """
import json, django
django.setup()
from inscriptions.models import Registration, User
registrations = Registration.objects.filter(edition__slug="banc")
print(json.dumps({
    "seated": registrations.holding_a_seat().count(),
    "waiting": registrations.filter(state="attente").count(),
    "accounts": User.objects.filter(email__startswith="ruee").count(),
}))
"""
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(threading.Thread):
    def __init__(self, number, port, barrier):
        super().__init__(daemon=True)
        self.number, self.port, self.barrier = number, port, barrier
        self.status, self.latency, self.failure = None, None, None

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response, payload

    def run(self):
        try:
            response, page = self.request("GET", "/inscription/")
            cookie = response.getheader("Set-Cookie").split(";", 1)[0]
            token = TOKEN.search(page.decode()).group(1)
            form = {
                "first_name": "Personne",
                "last_name": f"N{self.number}",
                "email": f"ruee{self.number}@example.org",
                "organisation": "Ville",
                "function": "Analyste",
                "sector": "municipal",
                "kind": "attestation",
                "password1": "Banc-d-essai-2030!",
                "password2": "Banc-d-essai-2030!",
                "consent": "on",
                "csrfmiddlewaretoken": token,
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": f"http://{HOST}:{self.port}/inscription/",
            }
            self.barrier.wait(60)
            started = time.perf_counter()
            response, payload = self.request("POST", "/inscription/", urlencode(form).encode(), headers)
            self.latency = time.perf_counter() - started
            self.status = response.status
            if response.status != 302:
                self.failure = f"personne {self.number} : HTTP {response.status} {payload[:120]!r}"
        except Exception as exc:  # every failure is reported, none stops the others
            self.failure = f"personne {self.number} : {exc!r}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url", default="postgres://automne:automne@127.0.0.1:5432/automne_inscriptions_bench"
    )
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--capacity", type=int, default=100)
    args = parser.parse_args()

    with scratch_database("inscriptions-bench-", args.database, args.postgres_url) as (scratch, url):
        env = environment(scratch, url)
        process = None
        try:
            prepare_database(env)
            run_python(env, SETUP, str(args.capacity))
            port = free_port()
            process = start_server(env, port)
            barrier = threading.Barrier(args.people)
            people = [Person(n, port, barrier) for n in range(args.people)]
            started = time.monotonic()
            for person in people:
                person.start()
            for person in people:
                person.join(300)
            elapsed = time.monotonic() - started
            stop_server(process)
            process = None
            result = run_python(env, VERIFY)
        finally:
            if process is not None:
                stop_server(process)

    failures = [p.failure or f"personne {p.number} : pas de réponse" for p in people if p.failure or p.status is None]
    if result["accounts"] != args.people:
        failures.append(f"comptes : {result['accounts']} au lieu de {args.people}")
    expected_seated = min(args.people, args.capacity)
    overbooked = result["seated"] != expected_seated or result["waiting"] != args.people - expected_seated
    print(f"Base : {args.database} · gunicorn 2 workers · {args.people} personnes · {args.capacity} places")
    print(
        f"Places prises : {result['seated']} (attendu {expected_seated}) · liste d'attente : {result['waiting']} "
        f"(attendu {args.people - expected_seated}) · comptes : {result['accounts']}"
    )
    print(f"Échecs : {len(failures)} · durée totale : {elapsed:.1f} s")
    latencies = [p.latency * 1000 for p in people if p.latency is not None]
    if latencies:
        print(
            f"Latence de l'envoi (ms) : p50 {statistics.median(latencies):.0f} · p95 {percentile(latencies, 95):.0f} · "
            f"max {max(latencies):.0f}"
        )
    print(f"Charge de la machine (1 min) : {os.getloadavg()[0]:.2f} sur {os.cpu_count()} processeurs")
    for line in failures[:10]:
        print("  " + line)
    return 1 if failures or overbooked else 0


if __name__ == "__main__":
    sys.exit(main())
