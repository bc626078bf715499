"""`<time datetime>` values are valid HTML: to the second, with the offset, never microseconds."""

import datetime
import re
import zoneinfo

import time_machine

from automne.templatetags.html_time import iso_datetime
from programme import change_effects
from programme.models import Occurrence, Room

DATETIME = re.compile(r'<time datetime="([^"]*)"')
MONTREAL = zoneinfo.ZoneInfo("America/Toronto")


def test_iso_datetime_drops_microseconds_and_keeps_the_montreal_offset():
    moment = datetime.datetime(2025, 10, 21, 17, 30, 5, 123456, tzinfo=datetime.UTC)
    assert iso_datetime(moment) == "2025-10-21T13:30:05-04:00"


def test_iso_datetime_of_nothing_is_empty():
    assert iso_datetime(None) == ""
    assert iso_datetime("") == ""


def test_changes_page_writes_datetimes_to_the_second(client, week_2025):
    occurrence = Occurrence.objects.filter(room__isnull=True).first()
    with time_machine.travel(datetime.datetime(2025, 10, 1, 14, 5, 7, 654321, tzinfo=MONTREAL), tick=False):
        occurrence.room = Room.objects.get(name="Verrière")
        change_effects.save(occurrence)
    values = DATETIME.findall(client.get("/programme/modifications/").content.decode())
    assert values == ["2025-10-01T14:05:07-04:00"]


def test_now_page_writes_the_moment_to_the_second(client, week_2025):
    with time_machine.travel(datetime.datetime(2025, 10, 21, 13, 40, 1, 500000, tzinfo=MONTREAL), tick=False):
        html = client.get("/maintenant/").content.decode()
    assert DATETIME.findall(html)[0] == "2025-10-21T13:40:01-04:00"
