"""Autosave under load: many participants writing at once, none losing a word.

    .venv/bin/python bench/cahier_autosave.py --database sqlite
    .venv/bin/python bench/cahier_autosave.py --database postgres \
        [--postgres-url "postgres://automne:automne@127.0.0.1:5432/automne_cahier_bench?conn_max_age=60"]
    options: --participants 150 --interval 2 --duration 60

What it does, on 127.0.0.1 only, bounded in time:
1. a scratch database (SQLite file in a temporary folder, or a PostgreSQL database created for the
   run and dropped at the end): migrate, load_initial_data, one account per participant, each logged
   in (a real session row) with its own CSRF cookie;
2. gunicorn with 2 sync workers (as `make run`);
3. each participant, in its own thread, saves every `interval` seconds for `duration` seconds, going
   round the three writing areas of a theme; its text grows at each save, as when typing; it sends
   the version the server last returned, as cahier-autosave.js does;
4. afterwards, the database is read directly: for every participant and writing area, the last text
   sent must be the text on the server, at the version the server last returned.

Failed saves (anything but 200, or no answer) and lost saves (server text differs from the last
text sent) are counted and listed; latencies (p50, p95, p99, max) are measured on the client around
each request. Exit status 1 when a save failed or was lost.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import secrets
import statistics
import sys
import threading
import time

from harness import (
    HOST,
    environment,
    free_port,
    manage,
    percentile,
    prepare_database,
    run_python,
    scratch_database,
    start_server,
    stop_server,
)

THEME = "eveil"

SETUP = """
import json, sys, django
django.setup()
from django.test import Client
from django.utils import timezone
from cahier.models import Prompt
from inscriptions.models import Registration, User
count = int(sys.argv[1])
prompts = Prompt.objects.filter(page__slug=sys.argv[2]).select_related("page")
edition_id = prompts[0].page.edition_id
prompts = [prompt.pk for prompt in prompts]
sessions = []
for n in range(count):
    user = User.objects.create_user(f"banc{n}@example.org", None)
    # Only a person registered to the notebook's edition writes in it (cahier/writers.py).
    Registration.objects.create(
        edition_id=edition_id, user=user, email=user.email, first_name="Camille", last_name=f"Banc{n}",
        kind="attestation", organisation="Ville", function="Agente", sector="municipal",
        consented_at=timezone.now(), state="confirmee",
    )
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
print(json.dumps({"prompts": prompts, "sessions": sessions}))
"""

VERIFY = """
import json, sys, django
django.setup()
from cahier.models import Answer
rows = Answer.objects.filter(user__email__startswith="banc").values_list("user__email", "prompt_id", "text", "version")
print(json.dumps([[email, prompt, text, version] for email, prompt, text, version in rows]))
"""


class Participant(threading.Thread):
    def __init__(self, number, port, session, prompts, interval, deadline, start_at):
        super().__init__(daemon=True)
        self.number, self.port, self.session, self.prompts = number, port, session, prompts
        self.interval, self.deadline, self.start_at = interval, deadline, start_at
        self.csrf = secrets.token_hex(16)  # a 32-character secret, as Django's CSRF cookie holds
        self.versions = dict.fromkeys(prompts, 0)
        self.last_sent = {}
        self.latencies, self.failures = [], []
        self.unconfirmed = {}  # prompt → texts sent without an answer (as cahier-autosave.js keeps them)
        self.recovered = 0

    def save(self, prompt, text):
        body = json.dumps({"text": text, "version": self.versions[prompt]})
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.csrf,
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
            "Referer": f"http://{HOST}:{self.port}/cahier/{THEME}/",
            "X-Cahier-Page": f"/cahier/{THEME}/",
        }
        self.last_sent[prompt] = text
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            connection.request("POST", f"/cahier/api/reponses/{prompt}/", body=body.encode(), headers=headers)
            response = connection.getresponse()
            payload = response.read()
            connection.close()
        except Exception as exc:  # IncompleteRead, RemoteDisconnected… every exception is a failed save
            self.failures.append(f"participant {self.number}: {exc!r}")
            self.unconfirmed.setdefault(prompt, []).append(text)
            return
        self.latencies.append(time.perf_counter() - started)
        if response.status == 409 and json.loads(payload)["server_text"] in self.unconfirmed.get(prompt, []):
            # Our own earlier save had landed (its answer was lost): adopt its version and send again, as cahier-autosave.js does.
            self.versions[prompt] = json.loads(payload)["server_version"]
            self.unconfirmed[prompt] = []
            self.recovered += 1
            return self.save(prompt, text)
        if response.status != 200:
            self.failures.append(f"participant {self.number}: HTTP {response.status} {payload[:120]!r}")
            return
        self.versions[prompt] = json.loads(payload)["version"]
        self.unconfirmed[prompt] = []

    def run(self):
        try:
            self.write()
        except Exception as exc:  # a participant that stops early is a failure, never a silence
            self.failures.append(f"participant {self.number}: arrêté par {exc!r}")

    def write(self):
        texts = dict.fromkeys(self.prompts, "")
        n = 0
        next_at = self.start_at
        while True:
            time.sleep(max(0, next_at - time.monotonic()))
            if time.monotonic() >= self.deadline:
                return
            prompt = self.prompts[n % len(self.prompts)]
            texts[prompt] += f"Réflexion {n} de la personne {self.number} — « co-production » à l'œuvre. "
            self.save(prompt, texts[prompt])
            n += 1
            next_at += self.interval


class Result:
    def __init__(self, participant):
        self.number, self.latencies, self.failures = participant.number, participant.latencies, participant.failures
        self.last_sent, self.versions = participant.last_sent, participant.versions
        self.recovered = participant.recovered


def run_group(job):
    """One client process: a thread per participant, all starting at the same wall-clock time."""
    group, port, prompts, interval, duration, start = job
    now = time.monotonic() + (start - time.time())
    deadline = now + duration
    threads = [
        Participant(n, port, session, prompts, interval, deadline, now + random.uniform(0, interval))
        for n, session in group
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 30)
        if thread.is_alive():
            thread.failures.append(f"participant {thread.number}: toujours en attente à la fin du banc")
    return [Result(thread) for thread in threads]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://automne:automne@127.0.0.1:5432/automne_cahier_bench")
    parser.add_argument("--participants", type=int, default=150)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=4, help="client processes sharing the participants")
    args = parser.parse_args()
    args.duration = min(args.duration, 600)  # bounded, whatever is asked

    load_at_start = os.getloadavg()[0]
    with scratch_database("cahier-bench-", args.database, args.postgres_url) as (scratch, url):
        env = environment(scratch, url)
        process = None
        try:
            prepare_database(env)
            manage(env, "load_initial_data")
            setup = run_python(env, SETUP, str(args.participants), THEME)
            port = free_port()
            process = start_server(env, port)
            groups = [list(enumerate(setup["sessions"]))[i :: args.clients] for i in range(args.clients)]
            start = time.time() + 2
            jobs = [(group, port, setup["prompts"], args.interval, args.duration, start) for group in groups]
            # Several client processes, so that the client's own GIL never holds a response back.
            with multiprocessing.get_context("fork").Pool(args.clients) as pool:
                participants = [p for results in pool.map(run_group, jobs) for p in results]
            stop_server(process)
            process = None
            server = {(email, prompt): (text, version) for email, prompt, text, version in run_python(env, VERIFY)}
        finally:
            if process is not None:
                stop_server(process)

    latencies = [value for p in participants for value in p.latencies]
    failures = [failure for p in participants for failure in p.failures]
    lost = []
    for p in participants:
        for prompt, text in p.last_sent.items():
            on_server, _version = server.get((f"banc{p.number}@example.org", prompt), (None, None))
            if on_server != text:
                lost.append(f"participant {p.number}, zone {prompt}")
    saves = len(latencies)
    print(
        f"Base : {args.database} · gunicorn 2 workers · {args.participants} participants · une sauvegarde toutes les {args.interval:g} s pendant {args.duration:g} s"
    )
    print(
        f"Sauvegardes confirmées : {saves - len([f for f in failures if 'HTTP' in f])} sur {saves + len([f for f in failures if 'HTTP' not in f])} envoyées ({saves / args.duration:.1f}/s)"
    )
    recovered = sum(p.recovered for p in participants)
    print(f"Échecs : {len(failures)} · perdues (dernier texte envoyé ≠ texte du serveur) : {len(lost)}")
    if recovered:
        print(f"Réponses perdues en route puis rattrapées (409 sur notre propre texte) : {recovered}")
    if latencies:
        ms = [value * 1000 for value in latencies]
        print(
            f"Latence (ms) : p50 {statistics.median(ms):.1f} · p95 {percentile(ms, 95):.1f} · "
            f"p99 {percentile(ms, 99):.1f} · max {max(ms):.1f}   (objectif p95 < 50 ms)"
        )
    print(
        f"Charge de la machine (1 min) : {load_at_start:.2f} au début, {os.getloadavg()[0]:.2f} à la fin, "
        f"sur {os.cpu_count()} processeurs"
    )
    for line in (failures + lost)[:10]:
        print("  " + line)
    return 1 if failures or lost else 0


if __name__ == "__main__":
    sys.exit(main())
