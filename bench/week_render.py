"""Rendering /programme/ after an organizer's save, at 1× and 10× the 2025 programme.

    .venv/bin/python bench/week_render.py [--repeat 15]

What it does, on a scratch SQLite database (removed at the end):
1. migrate, load_initial_data (the 2025 edition: 40 occurrences), collectstatic;
2. in one process, as gunicorn's workers run the site, /programme/ is rendered once (the cards are
   then cached), then `repeat` times: a session's title is saved (the admin's save, with its
   signals: a new version of the edition), and /programme/ is asked for and timed, so nothing
   is served from the page cache;
3. the same after the cache is emptied (a worker's first render after it starts);
4. the programme is grown to 10× (programme/tests/factories.grow_programme: 400 occurrences over
   50 days) and both measures are taken again.

It prints the median and the worst of each, in wall-clock and CPU time of the process (CPU time
is what other work on the machine does not inflate). Targets (issue 10): a render after a save
under 60 ms at 10×. Any answer other than 200, or a page without the saved title, is a failure:
the script then exits 1.
"""

import argparse
import sys

from harness import environment, manage, prepare_database, run_python, scratch_database

MEASURE = """
import json, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")
import django
django.setup()
from django.test import Client
from django.utils.html import escape
from programme.caching import cache
from programme.models import Edition, Session
from programme.tests.factories import grow_programme

repeat = int(sys.argv[1])
edition = Edition.objects.current()
client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS of the bench
failures = []


def timed(expected=None):
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get("/programme/")
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    if response.status_code != 200 or (expected and escape(expected).encode() not in response.content):
        failures.append(f"HTTP {response.status_code}, title {expected!r}")
    return wall, cpu, len(response.content)


def summary(runs):
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    return {"wall": statistics.median(walls), "wall_max": max(walls), "cpu": statistics.median(cpus),
            "cpu_max": max(cpus), "bytes": runs[-1][2]}


def measure():
    timed()
    sessions = list(Session.objects.filter(edition=edition).order_by("pk")[:repeat])
    after_save = []
    for number, session in enumerate(sessions):
        session.title = f"{session.title} — version {number}"
        session.save()
        after_save.append(timed(session.title))
    nothing_cached = []
    for _ in range(max(3, repeat // 3)):
        cache.clear()
        nothing_cached.append(timed())
    return {"after_save": summary(after_save), "nothing_cached": summary(nothing_cached)}


results = {"1": measure()}
grow_programme(edition, 10)
results["10"] = measure()
results["failures"] = failures
print(json.dumps(results))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="saves measured at each size, 3 to 40")
    repeat = min(max(parser.parse_args().repeat, 3), 40)
    with scratch_database("automne-render-") as (scratch, url):
        env = environment(scratch, url)
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")  # the pages name hashed static files
        results = run_python(env, MEASURE, str(repeat))
    print(f"/programme/ rendered after a save ({repeat} saves at each size), median (worst), ms")
    for size in ("1", "10"):
        for name, label in (("after_save", "after a save"), ("nothing_cached", "nothing cached")):
            r = results[size][name]
            print(
                f"{size:>2}× {label:15}: wall {r['wall']:6.1f} ({r['wall_max']:6.1f})  "
                f"CPU {r['cpu']:6.1f} ({r['cpu_max']:6.1f})  {r['bytes']} bytes"
            )
    print(f"failures: {len(results['failures'])}")
    for failure in results["failures"]:
        print("  " + failure)
    return 0 if not results["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
