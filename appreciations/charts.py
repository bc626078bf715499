"""Bar charts drawn on the server as SVG (no JavaScript, no image file): one bar per category, its
label above it and its count beside it. Every chart has a table beside it with the same figures,
which is what a screen reader reads (the SVG is then hidden from it)."""

from dataclasses import dataclass

from django.utils.translation import get_language

from automne.french import format_percent

WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
COUNT_ROOM = 56  # right of the longest bar: « 100 % »
MOST_LABEL_CHARACTERS = 48


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    total: int

    @property
    def percent(self):
        """ "42 %" in French (automne/french.py), "42%" in English."""
        if (get_language() or "").startswith("en"):
            return f"{round(100 * self.count / self.total) if self.total else 0}%"
        return format_percent(self.count, self.total)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: str
    label_y: float
    bar_y: float
    width: float
    count_x: float
    count_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list


def short(label):
    return label if len(label) <= MOST_LABEL_CHARACTERS else label[: MOST_LABEL_CHARACTERS - 1].rstrip() + "…"


def bars(rows):
    """The geometry of a chart of `rows`: bars scaled to the largest count (a bar of nothing is empty)."""
    largest = max((row.count for row in rows), default=0) or 1
    room = WIDTH - COUNT_ROOM
    drawn, y = [], 0
    for row in rows:
        width = round(room * row.count / largest, 1)
        bar_y = y + LABEL_HEIGHT
        drawn.append(
            Bar(short(row.label), row.count, row.percent, y + 13, bar_y, width, width + 6, bar_y + BAR_HEIGHT - 3)
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return Chart(WIDTH, max(y - ROW_GAP, 1), drawn)
