"""Lighthouse (mobile) on the site's pages: accessibility 100 and performance ≥ 95 on every page.

    .venv/bin/python bench/lighthouse.py [--runs 1] [--path /programme/ ...] [--reports DIR]

Lighthouse is not part of the project: it is installed, at the version pinned in
.ci/lighthouse/package-lock.json, by

    npm ci --prefix .ci/lighthouse --ignore-scripts --no-audit --no-fund

(.ci/run does it; the node_modules folder is not committed). Version 12: Lighthouse 13 needs
Node.js 22, Debian 12 has 18. Its package.json pins two dependencies that Lighthouse's trace engine
asks for as « latest », so that `npm ci` keeps working when they publish. Chromium is
/usr/bin/chromium unless CHROME_PATH says otherwise.

What it does, on 127.0.0.1 only:
1. a scratch SQLite database in a temporary folder: migrate, load_initial_data (the 2025 edition),
   collectstatic, and one participant registered to the edition, logged in (a real session row);
2. gunicorn (2 sync workers, like `make run`) serves the site, production-like (DEBUG off);
3. the pages: the home page, the week, its first day, the first session of that week, the speakers
   and the first speaker, the changes, « Maintenant », the editions, registration, login and privacy
   pages; then, with the participant's session cookie, « Mon espace », « Mon programme » and the
   cahier's overview;
4. each page is run through Lighthouse in headless Chromium, one after the other, with its defaults:
   mobile form factor, simulated throttling (a slow 4G network and a CPU 4 times slower than this
   machine's), categories performance and accessibility only.

It prints each page's scores (the median of --runs runs for performance; accessibility does not
vary), the main metrics, and under a page below target the audits that cost it points. The load
average is printed at start and end: Lighthouse's simulated throttling multiplies the time this
machine takes, so a loaded machine lowers the performance score.

Exit status 1 when a page scores below 100 in accessibility or below 95 in performance, or on any
error (a page that is not a 200, Lighthouse failing or timing out, a score missing). One failure of
Lighthouse itself is retried: « Something went wrong with recording the trace… Please run Lighthouse
again » (NO_NAVSTART, NO_TRACING_STARTED), which says nothing of the page; a run is started again at
most twice, every retry is printed, and a third such failure counts as an error.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

from harness import (
    BASE_DIR,
    HOST,
    Browser,
    environment,
    free_port,
    manage,
    prepare_database,
    run_python,
    scratch_database,
    start_server,
    stop_server,
)

LIGHTHOUSE = BASE_DIR / ".ci" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
ACCESSIBILITY_TARGET = 100
PERFORMANCE_TARGET = 95
TIMEOUT = 180  # seconds for one Lighthouse run
METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
    ("speed-index", "SI"),
]

SETUP = """
import json, django
django.setup()
from django.test import Client
from django.utils import timezone
from inscriptions.models import Registration, Sector, User
from programme.models import Edition
edition = Edition.objects.current()
user = User.objects.create_user("phare@example.org", None)
Registration.objects.create(
    edition=edition, user=user, email=user.email, first_name="Camille", last_name="Phare",
    kind=Registration.Kind.ATTESTATION, organisation="Ville de Montréal", function="Conseillère",
    sector=Sector.MUNICIPAL, consented_at=timezone.now(), state=Registration.State.RECEIVED,
)
client = Client()
client.force_login(user)
print(json.dumps({"edition": edition.slug, "session": client.cookies["sessionid"].value}))
"""

PUBLIC_PAGES = [
    "/",
    "/programme/",
    "first day",
    "first session",
    "/intervenants/",
    "first speaker",
    "/programme/modifications/",
    "/maintenant/",
    "/editions/",
    "/inscription/",
    "/connexion/",
    "/confidentialite/",
]
LOGGED_IN_PAGES = ["/mon-espace/", "/mon-programme/", "/cahier/{edition}/"]


def first_link(browser, port, page, pattern):
    """The first link of `page` whose address matches `pattern`, e.g. the first day of the week."""
    status, body = browser.get(port, page)
    if status != 200:
        raise AssertionError(f"GET {page} : HTTP {status}")
    found = re.search(rf'href="({pattern})"', body)
    if not found:
        raise AssertionError(f"no link matching {pattern} on {page}")
    return found[1]


def pages(port, edition):
    """[(path, logged in)] in the order they are measured; derived links are read from the pages."""
    browser = Browser()
    derived = {
        "first day": first_link(browser, port, "/programme/", r"/programme/\d{4}-\d\d-\d\d/"),
        "first session": first_link(browser, port, "/programme/", r"/seances/[\w-]+/"),
        "first speaker": first_link(browser, port, "/intervenants/", r"/intervenants/[\w-]+/"),
    }
    public = [(derived.get(page, page), False) for page in PUBLIC_PAGES]
    return public + [(page.format(edition=edition), True) for page in LOGGED_IN_PAGES]


# Lighthouse's own failures to record Chromium's trace (« Please run Lighthouse again »): they say
# nothing of the page, so such a run is started again, at most RETRIES times, and reported.
TRACE_NOT_RECORDED = ("NO_NAVSTART", "NO_TRACING_STARTED")
RETRIES = 2


class TraceNotRecorded(RuntimeError):
    pass


def lighthouse_retried(url, session, report_path, retried):
    """lighthouse(), started again after a trace that was not recorded; `retried` lists each retry."""
    for attempt in range(RETRIES + 1):
        try:
            return lighthouse(url, session, report_path)
        except TraceNotRecorded as error:
            if attempt == RETRIES:
                raise
            retried.append(f"{url}: {error}")


def lighthouse(url, session, report_path):
    """One Lighthouse run: its JSON report (a dict). Raises on any failure."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={report_path}",
    ]
    if session:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={session}"}))
    env = dict(os.environ)
    env.setdefault("CHROME_PATH", "/usr/bin/chromium")
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    if result.returncode != 0:
        error = TraceNotRecorded if any(f"({code})" in result.stderr for code in TRACE_NOT_RECORDED) else RuntimeError
        raise error(f"Lighthouse exited {result.returncode} on {url}: {result.stderr.strip()[-500:]}")
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        error = TraceNotRecorded if report["runtimeError"].get("code") in TRACE_NOT_RECORDED else RuntimeError
        raise error(f"Lighthouse on {url}: {report['runtimeError']}")
    if report["finalDisplayedUrl"] != url:
        raise RuntimeError(f"Lighthouse on {url} ended on {report['finalDisplayedUrl']}")
    for category in ("performance", "accessibility"):
        if report["categories"][category]["score"] is None:
            raise RuntimeError(f"Lighthouse on {url}: no {category} score")
    return report


def score(report, category):
    return round(report["categories"][category]["score"] * 100)


def losses(report, category):
    """The audits that cost points in a category: [(id, score, shown value)]."""
    found = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            found.append((audit["id"], audit["score"], audit.get("displayValue", "")))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page, 1 to 5; performance is their median")
    parser.add_argument("--path", action="append", help="measure only this page (repeatable), e.g. /programme/")
    parser.add_argument("--reports", help="folder where each run's JSON report is kept (default: discarded)")
    options = parser.parse_args()
    runs = min(max(options.runs, 1), 5)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: npm ci --prefix .ci/lighthouse --ignore-scripts --no-audit --no-fund")
        return 1

    with scratch_database("automne-lighthouse-") as (scratch, url):
        env = environment(scratch, url)
        server = None
        try:
            prepare_database(env)
            manage(env, "load_initial_data")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            setup = run_python(env, SETUP)
            port = free_port()
            server = start_server(env, port)
            measured = pages(port, setup["edition"])
            if options.path:
                measured = [(path, logged_in) for path, logged_in in measured if path in options.path]
                if len(measured) != len(set(options.path)):
                    print(
                        f"unknown page in {options.path}; pages: {[path for path, _ in pages(port, setup['edition'])]}"
                    )
                    return 1
            reports = scratch / "reports" if options.reports is None else BASE_DIR / options.reports
            reports.mkdir(parents=True, exist_ok=True)
            return measure(port, measured, setup["session"], runs, reports)
        finally:
            if server is not None:
                stop_server(server)


def measure(port, measured, session, runs, reports):
    start_load = os.getloadavg()
    started = time.monotonic()
    print(f"Lighthouse mobile (simulated throttling), {runs} run(s) per page, gunicorn 2 workers")
    print(f"load average at start: {start_load[0]:.2f} ({os.cpu_count()} CPUs)\n")
    print(f"{'page':58} {'perf':>4} {'a11y':>4}  " + "  ".join(f"{short:>6}" for _, short in METRICS))
    below, retried = [], []
    for path, logged_in in measured:
        url = f"http://{HOST}:{port}{path}"
        name = path + (" (logged in)" if logged_in else "")
        try:
            stem = re.sub(r"[^\w-]+", "_", path).strip("_") or "home"
            results = [
                lighthouse_retried(url, session if logged_in else None, reports / f"{stem}-{run + 1}.json", retried)
                for run in range(runs)
            ]
        except Exception as error:  # Lighthouse failing is a failure of the bench, never a skipped page
            print(f"{name:58} ERROR {error}")
            below.append(name)
            continue
        performances = [score(report, "performance") for report in results]
        performance = statistics.median(performances)
        # The run whose performance is the median is the one shown (the lower one for an even count).
        shown = sorted(results, key=lambda report: score(report, "performance"))[(len(results) - 1) // 2]
        accessibility = min(score(report, "accessibility") for report in results)
        metrics = "  ".join(f"{shown['audits'][key]['displayValue']:>6}" for key, _ in METRICS)
        spread = f"  (runs {', '.join(map(str, performances))})" if runs > 1 else ""
        print(f"{name:58} {performance:>4g} {accessibility:>4}  {metrics}{spread}")
        if accessibility < ACCESSIBILITY_TARGET or performance < PERFORMANCE_TARGET:
            below.append(name)
            for category in ("accessibility", "performance"):
                for audit, audit_score, shown_value in losses(shown, category):
                    print(f"    {category}: {audit} {audit_score} {shown_value}")
    end_load = os.getloadavg()
    print(f"\nload average at end: {end_load[0]:.2f} ({os.cpu_count()} CPUs), {time.monotonic() - started:.0f} s")
    print(
        f"targets: accessibility {ACCESSIBILITY_TARGET}, performance ≥ {PERFORMANCE_TARGET} · "
        f"pages below target or in error: {len(below)} of {len(measured)}"
    )
    print(f"runs started again after a trace Lighthouse did not record: {len(retried)}")
    for retry in retried:
        print(f"    {retry[:300]}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
