"""Every page and export rendered after an organizer's save, at 1×, 10× and 100× the 2025 programme.

    .venv/bin/python bench/week_render.py [--repeat 9] [--sizes 1,10,100] [--profile 10,100]
        [--targets "personal feed,mon programme"]

What it does, on a scratch SQLite database (removed at the end):
1. migrate, load_initial_data (the 2025 edition: 40 occurrences), collectstatic; a participant
   registered with 8 chosen sessions, logged in, with a calendar address;
2. in one process, as gunicorn's workers run the site, every target below is asked for once (its
   pieces are then cached), then `repeat` times: a session's title is saved (the admin's save, with
   its signals: a new version of the edition) and every target is asked for again and timed: the
   first render after a save, what the first visitor after each save pays;
3. then every target once with the whole cache emptied (a worker's first render after it starts);
4. the programme is grown to 10× (programme/tests/factories.grow_programme: 400 occurrences over 50
   days), then to 100× (4 000 occurrences over 500 days), and both measures are taken again.

Targets: the week, a day, a session, the speakers, a speaker, a room, the changes, the home page,
programme.ics, a session's .ics, programme.json, schedule.json, schedule.xml, the personal calendar
feed, and for the logged-in participant the week, « Mon programme » and « Mon espace ».

It prints, per target and size, the median and the worst CPU time of the process (what other work on
the machine does not inflate) and the bytes; with --profile, where the CPU time of the first renders
after a save went at those sizes (cProfile, the functions with the most time of their own and the
steps of the site that hold it). Targets: ≤ 60 ms at 10× for every target, ≤ 10 times that at 100×.
Any answer other than 200, or an answer without the saved title where the target shows it, is a
failure: the script then exits 1.
"""

import argparse
import os
import sys

from harness import environment, manage, prepare_database, run_python, scratch_database

MEASURE = r"""
import cProfile, io, json, os, pstats, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "automne.settings")
import django
django.setup()
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from icalendar import vText
from automne.french import typography
from inscriptions.models import Registration, Sector, User
from programme import change_effects, personal_calendar
from programme.caching import cache
from programme.models import Choice, Edition, Occurrence, Session, Speaker
from programme.tests.factories import grow_programme

repeat, sizes, profiled = int(sys.argv[1]), [int(s) for s in sys.argv[2].split(",")], {int(s) for s in sys.argv[3].split(",") if s}
only = {name for name in sys.argv[4].split(",") if name}
edition = Edition.objects.current()
failures, results, profiles = [], {}, {}

user = User.objects.create_user("banc@exemple.ca", "mot-de-passe-du-banc")
Registration.objects.create(edition=edition, user=user, email=user.email, first_name="Camille", last_name="Banc",
    kind=Registration.Kind.ATTESTATION, organisation="Ville de Montréal", function="Conseillère",
    sector=Sector.values[0], consented_at=timezone.now(), state=Registration.State.CONFIRMED)
choosable = [o.pk for o in Occurrence.objects.filter(time_slot__day__edition=edition).in_schedule_order()
             if not o.session.is_logistics]
Choice.objects.bulk_create([Choice(user=user, occurrence_id=pk) for pk in choosable[1::3][:8]])
feed = f"/editions/{edition.slug}/mon-programme/{personal_calendar.renew(user).token}.ics"
anonymous = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS of the bench
participant = Client(HTTP_HOST="127.0.0.1")
participant.force_login(user)
participant.get("/mon-espace/")  # the CSRF cookie, as a browser has it

keynote = Occurrence.objects.filter(time_slot__day__edition=edition, session__kind="conference_magistrale", room__isnull=False).select_related(
    "session", "time_slot__day", "room").first()
speaker = Speaker.objects.filter(sessions=keynote.session).first()
# (name, client, address, whether it shows the title saved); the saved sessions are the keynote's
# neighbours in the week: every target that lists the whole programme shows them.
TARGETS = [
    ("week", anonymous, "/programme/", True),
    ("day", anonymous, f"/programme/{keynote.time_slot.day.date.isoformat()}/", False),
    ("session", anonymous, keynote.session.get_absolute_url(), False),
    ("speakers", anonymous, "/intervenants/", False),
    ("speaker", anonymous, speaker.get_absolute_url(), False),
    ("room", anonymous, keynote.room.get_absolute_url(), False),
    ("changes", anonymous, "/programme/modifications/", False),
    ("home", anonymous, "/", False),
    ("programme.ics", anonymous, "/programme.ics", True),
    ("session.ics", anonymous, f"/seances/{keynote.session.slug}.ics", False),
    ("programme.json", anonymous, "/programme.json", True),
    ("schedule.json", anonymous, "/schedule.json", True),
    ("schedule.xml", anonymous, "/schedule.xml", True),
    ("personal feed", anonymous, feed, False),
    ("week, logged in", participant, "/programme/", True),
    ("mon programme", participant, "/mon-programme/", False),
    ("mon espace", participant, "/mon-espace/", False),
]
TARGETS = [target for target in TARGETS if not only or target[0] in only]


def timed(client, path, expected=None):
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    wall, cpu = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    content = response.content.replace(b"\r\n ", b"")  # iCalendar folds long lines
    # As HTML writes the title (typeset by automne.french.typography, or as typed when in English), as
    # JSON and XML do, or as iCalendar does (« \, » and « \; », RFC 5545)
    forms = () if expected is None else (
        escape(typography(expected)), escape(expected), expected, vText(expected).to_ical().decode()
    )
    shown = expected is None or any(form.encode() in content for form in forms)
    if response.status_code != 200 or not shown:
        failures.append(f"{path}: HTTP {response.status_code}, title {expected!r}")
    return wall, cpu, len(content)


def summary(runs):
    cpus = [r[1] for r in runs]
    return {"cpu": statistics.median(cpus), "cpu_max": max(cpus), "wall": statistics.median([r[0] for r in runs]),
            "bytes": runs[-1][2]}


def where(profile):
    # The functions with the most CPU time of their own, and the site's own steps that hold it.
    stats = pstats.Stats(profile).stats
    total = sum(value[2] for value in stats.values())
    site_root = os.getcwd() + "/"

    def name(key):
        return f"{key[0].removeprefix(site_root)}:{key[1]}({key[2]})"

    own = sorted(stats.items(), key=lambda item: -item[1][2])[:12]
    ours = [item for item in stats.items() if item[0][0].startswith(site_root) and "/.venv/" not in item[0][0]]
    site = sorted(ours, key=lambda item: -item[1][3])[:14]
    return {"total_ms": total * 1000,
            "own": [(name(key), round(value[2] * 1000, 1), value[1]) for key, value in own],
            "site": [(name(key), round(value[3] * 1000, 1), value[1]) for key, value in site]}


def measure(size):
    for _, client, path, _ in TARGETS:
        client.get(path)
    sessions = list(Session.objects.filter(edition=edition, occurrences__time_slot__day=keynote.time_slot.day)
                    .exclude(pk=keynote.session_id).distinct().order_by("pk")[:repeat])
    after_save = {name: [] for name, *_ in TARGETS}
    for number, session in enumerate(sessions):
        session.title = f"{session.title} — version {size}.{number}"
        change_effects.save(session)  # as an organizer's save: the one path of every write
        for name, client, path, shows_title in TARGETS:
            after_save[name].append(timed(client, path, session.title if shows_title else None))
    nothing_cached = {}
    for name, client, path, _ in TARGETS:
        cache.clear()
        nothing_cached[name] = summary([timed(client, path)])
    if size in profiled:  # apart from the timed renders: the profiler slows what it watches
        for _, client, path, _ in TARGETS:
            client.get(path)
        profile = cProfile.Profile()
        for number, session in enumerate(sessions[:3]):
            session.title = f"{session.title} — profiled {number}"
            change_effects.save(session)
            profile.enable()
            for _, client, path, _ in TARGETS:
                client.get(path)
            profile.disable()
        profiles[str(size)] = where(profile)
    return {name: {"after_save": summary(runs), "nothing_cached": nothing_cached[name]} for name, runs in after_save.items()}


grown = 1
for size in sizes:
    if size > grown:
        # grow_programme copies the original days: from 10× to 100× is 10 more copies of the 10× week.
        grow_programme(edition, size // grown)
        grown = size
    results[str(size)] = measure(size)
    results[str(size)]["occurrences"] = Occurrence.objects.filter(time_slot__day__edition=edition).count()
print(json.dumps({"results": results, "profiles": profiles, "failures": failures}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="saves measured at each size, 3 to 40")
    parser.add_argument("--sizes", default="1,10,100", help="sizes of the programme, among 1, 10 and 100")
    parser.add_argument("--profile", default="10,100", help="sizes whose renders after a save are profiled")
    parser.add_argument(
        "--targets", default="", help="names of the targets to measure, comma-separated (all by default)"
    )
    options = parser.parse_args()
    repeat = min(max(options.repeat, 3), 40)
    sizes = [size for size in (1, 10, 100) if str(size) in options.sizes.split(",")]
    profiled = ",".join(size for size in options.profile.split(",") if size in {"1", "10", "100"})
    load = os.getloadavg()
    with scratch_database("automne-render-") as (scratch, url):
        env = environment(scratch, url)
        prepare_database(env)
        manage(env, "load_initial_data")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")  # the pages name hashed static files
        output = run_python(env, MEASURE, str(repeat), ",".join(map(str, sizes)), profiled, options.targets)
    results, failures = output["results"], output["failures"]
    print(f"Rendered after a save ({repeat} saves at each size), CPU time of the process, median (worst), ms")
    names = [name for name in results[str(sizes[0])] if name != "occurrences"]
    header = "".join(f"{str(size) + '× (' + str(results[str(size)]['occurrences']) + ' occ.)':>34}" for size in sizes)
    print(f"{'':18}{header}")
    for name in names:
        cells = ""
        for size in sizes:
            run = results[str(size)][name]["after_save"]
            cells += f"{run['cpu']:12.1f} ({run['cpu_max']:7.1f}) {run['bytes']:>12}"
        print(f"{name:18}{cells}")
    print("\nNothing cached (a worker's first render), CPU ms")
    for name in names:
        print(f"{name:18}" + "".join(f"{results[str(size)][name]['nothing_cached']['cpu']:34.1f}" for size in sizes))
    for size, profile in output["profiles"].items():
        print(f"\nProfile of the renders after 3 saves at {size}× ({profile['total_ms']:.0f} ms under the profiler):")
        print("  most time of their own (ms, calls):")
        for name, ms, calls in profile["own"]:
            print(f"    {ms:9.1f} {calls:>8}  {name}")
        print("  the site's steps (cumulative ms, calls):")
        for name, ms, calls in profile["site"]:
            print(f"    {ms:9.1f} {calls:>8}  {name}")
    end = os.getloadavg()
    print(f"\nload average: {load[0]:.2f} at start, {end[0]:.2f} at end ({os.cpu_count()} CPUs)")
    print(f"failures: {len(failures)}")
    for failure in failures[:20]:
        print("  " + failure)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
