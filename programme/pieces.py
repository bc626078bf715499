"""The pieces every export is made of, one per occurrence (an iCalendar event, a JSON record, a frab
XML event), cached by what they show, so that after a save an export renders again only the
occurrences that save changed (as programme/fragments.py does for the cards of the pages).

What an occurrence's pieces show is read without building model instances (`contents`, 2 light
queries): every column of the occurrence, its session, time slot, day and room, and of its
session's speakers and their places in it. A piece's key is a digest of all of it, with the
address it links to, so that nothing shown escapes the key, whatever a later field adds, and
nothing needs invalidating: the SEQUENCE and LAST-MODIFIED of an event are columns of its
occurrence (programme/calendar_revisions.py), in the key like the rest. Pieces not cached yet are
rendered by the export's own function from the occurrences made from those very rows (no query).

The light rows also give each export what it says around its pieces (days, rooms, bounds), in
schedule order. Pieces live in the process's "pages" cache; the exports they make are kept whole in
the shared cache too (caching.SharedPageMiddleware), so that one worker's render serves the others.
"""

import datetime
import hashlib
import re
import secrets
from collections import namedtuple
from functools import lru_cache

from django.conf import settings
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from automne import languages
from programme.caching import CACHE_SECONDS, cache
from programme.models import ROOM_TO_COME, Day, Occurrence, Room, Session, SessionSpeaker, Speaker, TimeSlot

# A marker no data can hold: a pasted piece's place in a skeleton (NUL is refused at every entry,
# and the part after it is drawn at random for each process).
NONCE = secrets.token_hex(8)
MARK = f"\x00piece-{NONCE}-"


def _columns(prefix, model):
    return [f"{prefix}{field.attname}" for field in model._meta.concrete_fields]


# The models an occurrence's row holds, in its order, with the prefix of their columns.
ROW_MODELS = (
    ("", Occurrence),
    ("session__", Session),
    ("time_slot__", TimeSlot),
    ("time_slot__day__", Day),
    ("room__", Room),
)
LINK_MODELS = (("", SessionSpeaker), ("speaker__", Speaker))


@lru_cache(maxsize=1)
def _occurrence_columns():
    return [column for prefix, model in ROW_MODELS for column in _columns(prefix, model)]


@lru_cache(maxsize=1)
def _speaker_columns():
    return [column for prefix, model in LINK_MODELS for column in _columns(prefix, model)]


@lru_cache(maxsize=16)
def _attnames(model):
    return tuple(field.attname for field in model._meta.concrete_fields)


def _instances(models, row):
    """The instances of `models`' columns in `row`, in order, as Model.from_db makes them: its
    attributes and a loaded state, without Model.__init__ (these models have no custom __init__
    nor init signal receivers, checked by the tests): 5 instances per occurrence's row, about 3 times
    faster (4 000 rows: 100 ms through from_db, 30 ms this way)."""
    found, start = [], 0
    for _, model in models:
        names = _attnames(model)
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, row[start : start + len(names)], strict=True))
        instance._state = ModelState()
        instance._state.adding = False
        found.append(instance)
        start += len(names)
    return found


@lru_cache(maxsize=1)
def _row_type():
    return namedtuple("Row", _occurrence_columns(), rename=True)


class Content:
    """An occurrence as the light query reads it: `row` (every column, by its lookup) and its
    session's speakers' rows; with what the exports' skeletons need of it."""

    __slots__ = ("row", "speakers")

    def __init__(self, row, speakers):
        self.row, self.speakers = row, speakers

    @property
    def pk(self):
        return self.row.id

    @property
    def day_id(self):
        return self.row.time_slot__day_id

    def start_datetime(self):
        return timezone.make_aware(
            datetime.datetime.combine(self.row.time_slot__day__date, self.row.time_slot__starts_at)
        )

    def end_datetime(self):
        return timezone.make_aware(
            datetime.datetime.combine(self.row.time_slot__day__date, self.row.time_slot__ends_at)
        )

    @property
    def room_label(self):
        """As Occurrence.room_label and str(Room)."""
        if self.row.room_id is None:
            return gettext(ROOM_TO_COME)
        name, detail = self.row.room__name, self.row.room__location_detail
        if languages.current() == languages.ENGLISH and self.row.room__name_en:  # programme/models/english.py
            name = self.row.room__name_en
        return f"{name} ({detail})" if detail else name

    @property
    def is_online(self):
        return bool(self.row.room_id is not None and self.row.room__is_online)

    def occurrence(self):
        """The occurrence with its session, time slot, day, room and speakers, as with_details() loads
        them, made from the row without a query: a piece shows exactly what its key was made of."""
        occurrence, session, time_slot, day, room = _instances(ROW_MODELS, self.row)
        time_slot.day = day
        occurrence.session, occurrence.time_slot = session, time_slot
        occurrence.room = room if self.row.room_id is not None else None
        links = []
        for row in self.speakers:
            link, speaker = _instances(LINK_MODELS, row)
            link.speaker = speaker
            links.append(link)
        # What prefetch_related would leave: session.session_speakers.all() is then this list.
        session._prefetched_objects_cache = {"session_speakers": links}
        return occurrence


def contents(edition, occurrence_ids=None, where=None):
    """[Content] of the edition's occurrences (or of `occurrence_ids` among them, or of those `where`,
    a Q, selects), in schedule order: 2 queries, no model instance."""
    columns = _occurrence_columns()
    if occurrence_ids is None:
        occurrences = Occurrence.objects.filter(time_slot__day__edition=edition)
    else:
        # By their ids alone, the edition checked on the rows read: with both in the query, SQLite
        # went through every time slot of the edition and looked up each id there (1 300 ids among
        # 4 000 occurrences: 0.7 s, against 15 ms this way).
        occurrences = Occurrence.objects.filter(pk__in=occurrence_ids)
    if where is not None:
        occurrences = occurrences.filter(where)
    rows = list(occurrences.in_schedule_order().values_list(*columns))
    if occurrence_ids is not None:
        edition_at = columns.index("time_slot__day__edition_id")
        rows = [row for row in rows if row[edition_at] == edition.pk]
    row_type, session_at = _row_type(), columns.index("session_id")
    links = SessionSpeaker.objects.filter(session__edition=edition)
    if occurrence_ids is not None or where is not None:
        # The speakers of the sessions found, by their ids: a join through the occurrences (with
        # DISTINCT, or IN a subquery of the same filter) took PostgreSQL minutes at 10× the data.
        links = links.filter(session_id__in={row[session_at] for row in rows})
    speakers = {}
    link_columns = _speaker_columns()
    link_session_at = link_columns.index("session_id")
    for row in links.order_by("session_id", "order", "pk").values_list(*link_columns):
        speakers.setdefault(row[link_session_at], []).append(row)
    return [Content(row_type(*row), tuple(speakers.get(row[session_at], ()))) for row in rows]


def context_of(edition, absolute_url):
    """What every piece of an edition's export says besides its occurrence: its links' addresses,
    the edition's place, the UIDs' domain, the time zone."""
    return (
        absolute_url("/"),
        edition.pk,
        edition.slug,
        edition.is_current,
        edition.name,
        edition.venue,
        edition.address,
        settings.PROGRAMME_UID_DOMAIN,
        settings.TIME_ZONE,
    )


def key_of(kind, context, content):
    shown = (kind, get_language(), context, tuple(content.row), content.speakers)  # its words are in a language
    return f"programme:piece:{kind}:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def rendered(kind, context, found, render):
    """{occurrence id: piece} of the Contents `found`: cached ones from the cache, the others made by
    `render(occurrences)` ({id: piece}) from their occurrences (Content.occurrence), and kept."""
    keys = {content.pk: key_of(kind, context, content) for content in found}
    pieces = cache.get_many(list(keys.values()))
    missing = [content.occurrence() for content in found if keys[content.pk] not in pieces]
    if missing:
        kept = {keys[pk]: piece for pk, piece in render(missing).items()}
        cache.set_many(kept, CACHE_SECONDS)
        pieces.update(kept)
    return {pk: pieces[key] for pk, key in keys.items()}


def block(name, edition, found, render):
    """The HTML of the part `name` of a page showing the occurrences `found` (Contents), kept by all
    they show: `render()` is called only when something of it changed, not at each new version."""
    rows = [(tuple(content.row), content.speakers) for content in found]
    shown = (name, edition.slug, edition.is_current, get_language(), rows)
    key = "programme:block:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = mark_safe(render())
        cache.set(key, html, CACHE_SECONDS)
    return html


def mark(pk):
    """The place of occurrence `pk`'s piece in a skeleton (a string value or an element's text)."""
    return f"{MARK}{pk}"


def pasted(skeleton, pieces, pattern, place):
    """`skeleton` (text) with each of its marks, found by `pattern` (a regular expression whose group
    "pk" is the occurrence id), replaced by `place(piece, match)`."""
    return re.sub(pattern, lambda match: place(pieces[int(match["pk"])], match), skeleton)
