"""The cost of materials and evaluations at a school's size: 150 participants, 10 sessions each
rated, a questionnaire of 15 questions; and a material of the largest size (20 Mio).

    .venv/bin/python bench/evaluations.py [--database sqlite|postgres]

On a scratch database (removed at the end; PostgreSQL: automne_bench_evaluations on 127.0.0.1), in
one process with Django set up as gunicorn's workers run it:
1. load_initial_data (the 2025 edition), 150 participants, each choosing 10 sessions;
2. each rates their 10 sessions (the rating path: appreciations/ratings.py) and answers the
   questionnaire (the form's path, through Django's test client): timed per write;
3. the nightly mix (rewrite of the 2 250 answers), sealing (ratings and questionnaire), then the
   organizers' results page and a session's results page, timed after sealing;
4. a PDF of 20 Mio added (supports/materials.py: type read, limits, stored in the database) and
   served to a participant (supports/views.py), timed, with the peak of Python memory during each.

Every figure is printed with the load average of the machine. Any refusal, any answer other than the
one expected, is a failure: the script then exits 1.
"""

import argparse
import os
import sys

from harness import environment, manage, prepare_database, run_python, scratch_database

MEASURE = """
import datetime, io, json, os, statistics, time, tracemalloc, zoneinfo
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")
import django
django.setup()
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from appreciations import anonymity, ratings
from appreciations.models import Answer, Question, Questionnaire, SessionRating
from inscriptions.tests.factories import make_registration
from intervenants.tests.factories import make_organizer
from programme.models import Choice, Edition, Occurrence, Session
from supports import materials

MONTREAL = zoneinfo.ZoneInfo("America/Toronto")
failures = []
edition = Edition.objects.current()
occurrences = list(Occurrence.objects.filter(time_slot__day__edition=edition).exclude(session__kind__in=Session.LOGISTICS)
                   .select_related("session", "time_slot__day").order_by("pk")[:10])
questionnaire = Questionnaire.objects.create(
    edition=edition, opens_at=datetime.datetime(2025, 10, 24, 12, tzinfo=MONTREAL),
    closes_at=datetime.datetime(2025, 10, 31, 12, tzinfo=MONTREAL))
kinds = ["echelle", "choix_unique", "choix_multiples", "texte", "echelle"] * 3
for n, kind in enumerate(kinds):
    Question.objects.create(questionnaire=questionnaire, order=n, kind=kind, text=f"Question {n}",
                            options="Un\\nDeux\\nTrois" if kind.startswith("choix") else "")
questions = list(questionnaire.questions.all())
people = []
for n in range(150):
    user = make_registration(edition).user
    Choice.objects.bulk_create([Choice(user=user, occurrence=o) for o in occurrences])
    people.append(user)


def ms(start):
    return (time.perf_counter() - start) * 1000


rate_times = []
friday = datetime.datetime(2025, 10, 24, 16, tzinfo=MONTREAL)
for n, user in enumerate(people):
    for k, occurrence in enumerate(occurrences):
        start = time.perf_counter()
        try:
            ratings.rate(user, occurrence.session, str(1 + (n + k) % 5), "Un commentaire" if n % 3 else "", friday)
        except ratings.Refused as refusal:
            failures.append(refusal.message)
        rate_times.append(ms(start))

answer_times = []
with time_machine.travel(datetime.datetime(2025, 10, 25, 10, tzinfo=MONTREAL), tick=True):
    for n, user in enumerate(people):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        data = {}
        for q in questions:
            data[f"q-{q.pk}"] = {"echelle": str(1 + n % 5), "choix_unique": str(n % 3), "choix_multiples": ["0", "2"],
                                 "texte": f"Réponse {n}"}[q.kind]
        start = time.perf_counter()
        response = client.post(f"/appreciations/{edition.slug}/questionnaire/", data)
        answer_times.append(ms(start))
        if response.status_code != 302:
            failures.append(f"questionnaire: HTTP {response.status_code}")

start = time.perf_counter()
mixed = anonymity.mix_answers(questionnaire)
mix_ms = ms(start)
if mixed != 150 * 15:
    failures.append(f"mixed {mixed} answers")
closed = datetime.datetime(2025, 10, 31, 13, tzinfo=MONTREAL)
start = time.perf_counter()
sealed = anonymity.seal_due(closed)
seal_ms = ms(start)
if sealed != (1, 1):
    failures.append(f"sealed {sealed}")

pages = {}
with time_machine.travel(closed, tick=True):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(make_organizer())
    for name, url in (("results", f"/appreciations/{edition.slug}/resultats/"),
                      ("session", f"/appreciations/{edition.slug}/resultats/seances/{occurrences[0].session.slug}/"),
                      ("xlsx", f"/appreciations/{edition.slug}/resultats.xlsx")):
        runs = []
        for _ in range(5):
            start, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            runs.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
            if response.status_code != 200:
                failures.append(f"{url}: HTTP {response.status_code}")
        pages[name] = {"wall": statistics.median(r[0] for r in runs), "cpu": statistics.median(r[1] for r in runs),
                       "bytes": len(response.content)}

size = 20 * 1024 * 1024
head, tail = b"%PDF-1.7\\n", b"\\n%%EOF\\n"
pdf = head + os.urandom(size - len(head) - len(tail)) + tail
tracemalloc.start()
start = time.perf_counter()
material = materials.add(occurrences[0].session, title="Diapositives", visibility="participants",
                         upload=SimpleUploadedFile("diapositives.pdf", pdf))
upload_ms = ms(start)
upload_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(people[0])
start = time.perf_counter()
response = client.get(f"/supports/{edition.slug}/{material.pk}/")
serve_ms = ms(start)
serve_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
if response.status_code != 200 or len(response.content) != size:
    failures.append(f"file: HTTP {response.status_code}, {len(response.content)} bytes")

print(json.dumps({
    "rate": {"p50": statistics.median(rate_times), "p95": sorted(rate_times)[int(0.95 * len(rate_times))], "n": len(rate_times)},
    "answer": {"p50": statistics.median(answer_times), "p95": sorted(answer_times)[int(0.95 * len(answer_times))], "n": len(answer_times)},
    "mix_ms": mix_ms, "seal_ms": seal_ms, "pages": pages,
    "upload_ms": upload_ms, "upload_peak": upload_peak, "serve_ms": serve_ms, "serve_peak": serve_peak,
    "ratings": SessionRating.objects.count(), "answers": Answer.objects.count(), "failures": failures,
}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://automne:automne@127.0.0.1:5432/automne_bench_evaluations")
    arguments = parser.parse_args()
    with scratch_database("automne-evaluations-", arguments.database, arguments.postgres_url) as (scratch, url):
        env = environment(scratch, url)
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        load = os.getloadavg()[0]
        r = run_python(env, MEASURE)
        load = max(load, os.getloadavg()[0])
    mib = 1024 * 1024
    print(f"Base : {arguments.database} ; charge moyenne (1 min) jusqu'à {load:.2f}")
    print(f"Appréciations : {r['rate']['n']} écrites, p50 {r['rate']['p50']:.1f} ms, p95 {r['rate']['p95']:.1f} ms")
    print(
        f"Questionnaire : {r['answer']['n']} réponses de 15 questions, p50 {r['answer']['p50']:.1f} ms, p95 {r['answer']['p95']:.1f} ms"
    )
    print(
        f"Mélange de {r['answers']} réponses : {r['mix_ms']:.0f} ms ; scellement (appréciations et questionnaire) : {r['seal_ms']:.0f} ms"
    )
    for name, label in (
        ("results", "page des résultats"),
        ("session", "résultats d'une séance"),
        ("xlsx", "export .xlsx"),
    ):
        page = r["pages"][name]
        print(f"{label} : médiane {page['wall']:.1f} ms (processeur {page['cpu']:.1f} ms), {page['bytes']} octets")
    print(
        f"Support de 20 Mio : ajouté en {r['upload_ms']:.0f} ms (mémoire Python au plus {r['upload_peak'] / mib:.0f} Mio), "
        f"servi en {r['serve_ms']:.0f} ms (au plus {r['serve_peak'] / mib:.0f} Mio)"
    )
    print(f"échecs : {len(r['failures'])}")
    for failure in r["failures"][:20]:
        print("  " + failure)
    return 0 if not r["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
