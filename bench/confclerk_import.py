"""Manual check: ConfClerk (Debian's offline conference app) imports the edition's frab schedule.xml.

    sudo apt-get install confclerk xvfb xdotool
    .venv/bin/python bench/confclerk_import.py

ConfClerk is a Qt application with no command-line import, so it is driven as a person would, in a
virtual X screen (Xvfb) with xdotool: « Conferences » (Ctrl+O), « + », the schedule's address, Enter.

What it does, on 127.0.0.1 only:
1. a scratch SQLite database in a temporary folder: migrate, load_initial_data (the 2025 edition);
2. gunicorn (2 sync workers, like `make run`) serves the site; /editions/<slug>/schedule.xml is
   fetched once and read with ElementTree: its events, rooms, persons;
3. ConfClerk runs in Xvfb with its own HOME (a temporary folder, so that a real ConfClerk's
   conferences are never touched) and imports that address;
4. ConfClerk's own database (~/.local/share/Toastfreeware/ConfClerk/ConfClerk.sqlite in that HOME)
   is then read: one conference with the edition's title, dates and UTC offset, and for every event
   of the file the same id, title, start (local time), duration, room and persons.

Not a test and not in CI: it needs three Debian packages the project does not otherwise use, and it
clicks « + » at a position measured on ConfClerk 0.7.1 (Debian 12). It prints what it compared and
exits 1 on any difference or error, after stopping ConfClerk, Xvfb and gunicorn.
"""

import contextlib
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from harness import (
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

PROGRAMS = ("confclerk", "Xvfb", "xdotool")
ADD_BUTTON = (33, 31)  # « + » in the « Edit Conferences » dialog, from its top left corner (ConfClerk 0.7.1)
WAIT = 30  # seconds for any window or the import to appear

EDITION = """
import json, django
django.setup()
from programme.models import Edition
print(json.dumps(Edition.objects.current().slug))
"""


def expected_schedule(xml):
    """What ConfClerk should store, read from the frab XML: the conference, then per event id
    (title, local start, duration in seconds, room, sorted person names)."""
    root = ET.fromstring(xml)
    conference = root.find("conference")
    events = {}
    for event in root.iter("event"):
        start = datetime.datetime.fromisoformat(event.findtext("date"))
        hours, minutes = map(int, event.findtext("duration").split(":"))
        events[int(event.get("id"))] = (
            event.findtext("title"),
            start.replace(tzinfo=None),
            hours * 3600 + minutes * 60,
            event.findtext("room"),
            sorted(person.text for person in event.iter("person")),
        )
    first = datetime.datetime.fromisoformat(next(root.iter("event")).findtext("date"))
    return {
        "title": conference.findtext("title"),
        "start": datetime.date.fromisoformat(conference.findtext("start")),
        "end": datetime.date.fromisoformat(conference.findtext("end")),
        "utc_offset": int(first.utcoffset().total_seconds()),
        "events": events,
    }


def stored_schedule(database):
    """The same, read from ConfClerk's SQLite database (its times are wall-clock times stored as UTC)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        conferences = connection.execute("SELECT id, title, start, end, utc_offset FROM conference").fetchall()
        if len(conferences) != 1:
            raise AssertionError(f"ConfClerk holds {len(conferences)} conferences, not 1")
        conference, title, start, end, utc_offset = conferences[0]
        rooms = dict(
            connection.execute(
                "SELECT er.xid_event, r.name FROM event_room er JOIN room r ON r.id = er.xid_room"
                " WHERE er.xid_conference = ?",
                (conference,),
            ).fetchall()
        )
        persons = {}
        for event, name in connection.execute(
            "SELECT ep.xid_event, p.name FROM event_person ep"
            " JOIN person p ON p.id = ep.xid_person AND p.xid_conference = ep.xid_conference"
            " WHERE ep.xid_conference = ?",
            (conference,),
        ):
            persons.setdefault(event, []).append(name)
        events = {
            event: (title_, utc(begin), duration, rooms.get(event), sorted(persons.get(event, [])))
            for event, title_, begin, duration in connection.execute(
                "SELECT id, title, start, duration FROM event WHERE xid_conference = ?", (conference,)
            )
        }
    finally:
        connection.close()
    return {
        "title": title,
        "start": utc(start).date(),
        "end": utc(end).date(),
        "utc_offset": utc_offset,
        "events": events,
    }


def utc(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).replace(tzinfo=None)


def differences(expected, stored):
    found = [
        f"{key}: {stored[key]!r} instead of {expected[key]!r}"
        for key in ("title", "start", "end", "utc_offset")
        if stored[key] != expected[key]
    ]
    for event in sorted(expected["events"].keys() | stored["events"].keys()):
        if expected["events"].get(event) != stored["events"].get(event):
            found.append(f"event {event}: {stored['events'].get(event)!r} instead of {expected['events'].get(event)!r}")
    return found


class Screen:
    """Xvfb on a free display, and xdotool run against it."""

    def __init__(self):
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            pass_fds=[write],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def xdotool(self, *args):
        result = subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=WAIT + 10,
        )
        if result.returncode != 0:
            raise RuntimeError(f"xdotool {' '.join(args)}: {result.stderr.strip() or result.returncode}")
        return result.stdout.split()

    def window(self, name):
        """The id of the visible window whose whole name is `name`, waiting for it."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                return self.xdotool("search", "--onlyvisible", "--name", f"^{ere_escape(name)}$")[-1]
            except RuntimeError:  # not there yet: xdotool search exits 1
                time.sleep(0.2)
        raise RuntimeError(f"no window « {name} » after {WAIT} s")

    def stop(self):
        stop(self.process)


def ere_escape(text):
    """`text` as a POSIX extended regular expression (xdotool's --name) that matches it literally."""
    return "".join("\\" + c if c in ".[]()*+?{}|^$\\" else c for c in text)


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def import_with_confclerk(url, expected_title):
    """Runs ConfClerk in Xvfb, imports `url` through its dialogs, quits: the path of its database."""
    home = Path(tempfile.mkdtemp(prefix="automne-confclerk-"))
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(runtime),
        "QT_QPA_PLATFORM": "xcb",
    }
    screen = Screen()
    confclerk = None
    try:
        env["DISPLAY"] = screen.display
        confclerk = subprocess.Popen(["confclerk"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        main = screen.window("ConfClerk")
        screen.xdotool("windowfocus", "--sync", main)
        screen.xdotool("key", "ctrl+o")  # « Conferences »
        dialog = screen.window("Edit Conferences")
        screen.xdotool("mousemove", "--window", dialog, *map(str, ADD_BUTTON), "click", "1")
        address = screen.window("URL Input")
        screen.xdotool("windowfocus", "--sync", address)
        screen.xdotool("type", "--delay", "10", url)
        screen.xdotool("key", "Return")
        # Once imported, the main window takes the conference's title.
        main = screen.window(expected_title)
        database = home / ".local" / "share" / "Toastfreeware" / "ConfClerk" / "ConfClerk.sqlite"
        screen.xdotool("key", "Escape")  # closes « Edit Conferences »
        screen.xdotool("windowfocus", "--sync", main)
        screen.xdotool("key", "ctrl+q")
        with contextlib.suppress(subprocess.TimeoutExpired):  # the import is committed: stopped below, nothing lost
            confclerk.wait(10)
        copy = Path(tempfile.mkdtemp(prefix="automne-confclerk-db-")) / "ConfClerk.sqlite"
        shutil.copy(database, copy)
        return copy
    finally:
        if confclerk is not None:
            stop(confclerk)
        screen.stop()
        shutil.rmtree(home, ignore_errors=True)


def main():
    missing = [program for program in PROGRAMS if shutil.which(program) is None]
    if missing:
        print(f"missing: {', '.join(missing)} (sudo apt-get install confclerk xvfb xdotool)")
        return 1
    version = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", "confclerk"], capture_output=True, text=True
    ).stdout.strip()

    with scratch_database("automne-confclerk-") as (scratch, url):
        env = environment(scratch, url)
        server = None
        database = None
        try:
            prepare_database(env)
            manage(env, "load_initial_data")
            slug = run_python(env, EDITION)
            port = free_port()
            server = start_server(env, port)
            address = f"http://{HOST}:{port}/editions/{slug}/schedule.xml"
            with urllib.request.urlopen(address, timeout=30) as response:
                expected = expected_schedule(response.read())
            database = import_with_confclerk(address, expected["title"])
            stored = stored_schedule(database)
        finally:
            if server is not None:
                stop_server(server)
            if database is not None:
                shutil.rmtree(database.parent, ignore_errors=True)

    events = expected["events"].values()
    print(f"ConfClerk {version or '?'} imported {address}")
    print(f"conference : {stored['title']}, {stored['start']} to {stored['end']}, UTC offset {stored['utc_offset']} s")
    print(
        f"schedule.xml : {len(events)} events, {len({event[3] for event in events})} rooms, "
        f"{sum(len(event[4]) for event in events)} speaker slots "
        f"({len({name for event in events for name in event[4]})} people)"
    )
    print(f"ConfClerk    : {len(stored['events'])} events, by day {dict(sorted(by_day(stored).items()))}")
    found = differences(expected, stored)
    for line in found[:20]:
        print("  " + line)
    print(f"differences  : {len(found)}")
    return 1 if found else 0


def by_day(schedule):
    return Counter(str(event[1].date()) for event in schedule["events"].values())


if __name__ == "__main__":
    sys.exit(main())
