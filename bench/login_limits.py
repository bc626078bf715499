"""Login limits under a burst (issue 25, F9): gunicorn as `make run` starts it (2 workers, real password
hashing), a scratch database, and bursts of wrong passwords for one account sent all at once.

For each burst: how many passwords were checked (200, « incorrect ») and how many tries were refused
before any hashing (429), which must be exactly 5 and the rest; and the time a checked try and a
refused try take (median, p95). Every other status, and any other count, is a failure (exit 1).

    .venv/bin/python bench/login_limits.py --database sqlite      # the database cache (the default)
    .venv/bin/python bench/login_limits.py --database postgres    # PostgreSQL, its database cache
    .venv/bin/python bench/login_limits.py --database postgres --redis redis://127.0.0.1:6399/0

The load average is printed beside the figures: on a busy machine the times grow, the counts do not.
"""

import argparse
import os
import sys
import threading
import time

import harness

LIMIT = 5
PASSWORD = "Banc-d-essai-2031!"
ACCOUNTS = """
import json, sys, django
django.setup()
from inscriptions.models import User
for n in range(int(sys.argv[1])):
    User.objects.create_user(f"rafale{n}@example.org", sys.argv[2])
print(json.dumps("ok"))
"""


def burst(port, email, size):
    """`size` wrong passwords for `email`, sent together: [(status, seconds)]."""
    barrier = threading.Barrier(size)
    results = [None] * size

    def attempt(number):
        try:
            browser = harness.Browser()
            status, page = browser.get(port, "/connexion/")
            fields = dict(harness.form_fields(page), username=email, password="mauvais")
            barrier.wait(60)
            started = time.perf_counter()
            status = browser.request(port, "/connexion/", fields)[0]
            results[number] = (status, time.perf_counter() - started)
        except Exception as error:  # every exception a failure
            results[number] = (f"{type(error).__name__}: {error}", 0.0)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return [result or ("toujours en attente", 0.0) for result in results]


def milliseconds(values):
    return f"médiane {harness.percentile(values, 50) * 1000:.0f} ms, p95 {harness.percentile(values, 95) * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://automne:automne@127.0.0.1:5432/automne_bench_limites")
    parser.add_argument("--redis", help="CACHE_URL of a Redis (else the database cache)")
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--size", type=int, default=15)
    options = parser.parse_args()

    with harness.scratch_database("automne-limites-", options.database, options.postgres_url) as (scratch, url):
        env = harness.environment(scratch, url)
        env.pop("CACHE_URL", None)
        if options.redis:
            env["CACHE_URL"] = options.redis
        harness.prepare_database(env)  # migrate alone: the cache's table comes with it
        harness.run_python(env, ACCOUNTS, str(options.bursts), PASSWORD)
        process = harness.start_server(env, harness.free_port())
        port = int(process.args[process.args.index("--bind") + 1].rsplit(":", 1)[1])
        failures, checked, refused = [], [], []
        try:
            for n in range(options.bursts):
                results = burst(port, f"rafale{n}@example.org", options.size)
                statuses = sorted(str(status) for status, _ in results)
                expected = sorted(["200"] * LIMIT + ["429"] * (options.size - LIMIT))
                if statuses != expected:
                    failures.append(f"rafale {n} : {statuses}")
                checked += [seconds for status, seconds in results if status == 200]
                refused += [seconds for status, seconds in results if status == 429]
        finally:
            harness.stop_server(process)

    cache = "Redis" if options.redis else "cache dans la base"
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"{options.database}, {cache} : {options.bursts} rafales de {options.size} essais simultanés")
    print(f"  vérifiés : {len(checked)} ({LIMIT} par rafale attendus) ; {milliseconds(checked) if checked else '-'}")
    print(f"  refusés avant tout hachage : {len(refused)} ; {milliseconds(refused) if refused else '-'}")
    print(f"  charge moyenne (1, 5, 15 min) : {load}")
    if failures:
        print("ÉCHEC :", *failures, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
