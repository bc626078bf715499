"""The cards of the programme's pages, and the bodies of the week and day pages, cached by what
they show, so that neither a save nor a logged-in participant costs a full render.

A card is one occurrence as the week, a day and « Maintenant » list it. Its cache key is a digest
of every value it shows (CARD_FIELDS, the speakers' names, its « Modifié » badge, its heading level
and its edition's address), read with light queries that build no model instance: after a save,
only the cards whose content changed are rendered again, and nothing needs invalidating. A card
is rendered with the participant's button in both states (« Ajouter » and « Retirer »), kept
beside it.

Each card ends with a hole, `<!--choix:<id>-->`, where a participant's page puts their own piece
(their button, and « En même temps que … »); everyone else's page leaves it empty. No hole can
come from the data: autoescaping writes every « < » of a title as « &lt; ».

The body of the week and day pages (everything under the header, which names who is logged in) is
kept per version of the edition (caching.page_version) and address: a participant's page is that
body with their holes filled, without loading the programme again. Pages with a query string
(filters) are built from the cached cards each time.

The pieces live in the process's "pages" cache; the bodies, like the shared pages, also in the
shared cache when there is one (caching.kept), so that one worker's render serves the others.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from programme import caching, change_effects, publication
from programme.caching import CACHE_SECONDS, cache
from programme.models import Occurrence, Room, Session, SessionSpeaker, TimeSlot

HOLE = "<!--choix:{}-->"
HOLES = re.compile(r"<!--choix:(\d+)-->")

# Every value occurrence_card.html and choice_button.html show, as the table of change effects says
# (programme/change_effects.py, `card`): a new one shown there goes into that table.
CARD_FIELDS = ("pk", "session_id", *change_effects.card_fields())
SPEAKER_FIELDS = ("session_id", *change_effects.card_speaker_fields())


@dataclass
class Card:
    """One occurrence as a list shows it: where it goes (its slot) and its rendered pieces."""

    pk: int
    time_slot: TimeSlot
    is_logistics: bool
    room: Room | None
    badge: str  # what changed in the last 48 hours (« Modifié »), or ""
    key: str
    html: str = ""  # the card, its hole included
    add_button: str = ""  # the participant's piece when they have not chosen it (none for breaks)
    remove_button: str = ""  # … and when they have

    @property
    def time_slot_id(self):
        return self.time_slot.pk

    def start_datetime(self):
        return self.time_slot.start_datetime()

    def end_datetime(self):
        return self.time_slot.end_datetime()


def cards(edition, level, day=None):
    """The cards of the edition (or of one day) in schedule order, headed at `level`, with their
    keys but not their HTML yet (with_html): 5 light queries (speakers, days, slots, badges, occurrences)."""
    occurrences = Occurrence.objects.filter(time_slot__day__edition=edition)
    speakers = SessionSpeaker.objects.filter(session__edition=edition)
    slots = TimeSlot.objects.filter(day__edition=edition)
    if day is not None:
        occurrences = occurrences.filter(time_slot__day=day)
        speakers = speakers.filter(session__occurrences__time_slot__day=day).distinct()
        slots = slots.filter(day=day)
    names = {}
    for session_id, given_name, family_name in speakers.values_list(*SPEAKER_FIELDS):
        names.setdefault(session_id, []).append(f"{given_name} {family_name}")
    slots = _time_slots(edition, slots)
    badges = publication.recently_changed(edition, timezone.now())
    address = (edition.slug, edition.is_current, level, get_language())  # the card's words are in its language
    rooms = {None: None}
    found = []
    for row in occurrences.in_schedule_order().values_list("time_slot_id", *CARD_FIELDS):
        time_slot_id, pk, session_id, kind = row[:4]
        room_id, room_name, room_detail = row[-3:]
        if room_id not in rooms:
            rooms[room_id] = Room(pk=room_id, name=room_name, location_detail=room_detail)
        badge = badges.get(session_id, "")
        shown = (address, row[1:], names.get(session_id, ()), badge)
        found.append(
            Card(pk, slots[time_slot_id], kind in Session.LOGISTICS, rooms[room_id], badge, _key("card", shown))
        )
    return found


def _time_slots(edition, slots):
    """{id: TimeSlot} of the queryset `slots`, with their days: 2 light queries (values, and the
    edition's days), fewer instances than select_related would make."""
    days = {day.pk: day for day in edition.days.all()}
    found = {}
    for pk, day_id, starts_at, ends_at, label in slots.values_list("pk", "day_id", "starts_at", "ends_at", "label"):
        slot = TimeSlot(pk=pk, day_id=day_id, starts_at=starts_at, ends_at=ends_at, label=label)
        slot.day = days[day_id]
        found[pk] = slot
    return found


def _key(kind, shown):
    return f"programme:{kind}:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def with_html(found, edition, level, holes=True):
    """The cards `found` with their HTML, with their holes or without (a page without a
    participant's pieces): those not cached yet are read (2 queries) and rendered."""
    cached = cache.get_many([card.key for card in found])
    missing = {}
    for card in found:
        if card.key in cached:
            card.html, card.add_button, card.remove_button = cached[card.key]
        else:
            missing[card.pk] = card
    if missing:
        _render(missing, edition, level)
    if not holes:
        for card in found:
            card.html = mark_safe(HOLES.sub("", card.html))
    return found


def _render(missing, edition, level):
    """Renders the cards `missing` ({occurrence id: Card}) and keeps them."""
    rendered = {}
    for occurrence in Occurrence.objects.filter(pk__in=missing).with_details():
        card = missing[occurrence.pk]
        occurrence.modified = card.badge
        context = {
            "occurrence": occurrence,
            "edition": edition,
            "level": level,
            "hole": mark_safe(HOLE.format(card.pk)),
        }
        card.html = mark_safe(render_to_string("programme/includes/occurrence_card.html", context))
        if not card.is_logistics:
            occurrence.is_chosen = False
            card.add_button = render_to_string("programme/includes/choice_button.html", context)
            occurrence.is_chosen = True
            card.remove_button = render_to_string("programme/includes/choice_button.html", context)
        rendered[card.key] = (card.html, card.add_button, card.remove_button)
    cache.set_many(rendered, CACHE_SECONDS)


def buttons_of(found):
    """{occurrence id: (add, remove)}: the participant's pieces of the cards `found`."""
    return {card.pk: (card.add_button, card.remove_button) for card in found if not card.is_logistics}


@dataclass
class DaySection:
    """A day of the week page: its heading and its slots, rendered once for every card it holds."""

    html: str
    buttons: dict  # buttons_of its cards


def render_days(plan, edition):
    """Sets `section` on each day of the week's `plan` (schedule.DayPlan of cards): cached by the
    day, its slots and its cards' keys, so that a save renders again only the days it changed, and
    a day found cached needs none of its cards."""
    keys = []
    for day_plan in plan:
        slots = [
            (slot.time_slot.starts_at, slot.time_slot.ends_at, slot.label, [card.key for card in slot.occurrences])
            for slot in day_plan.slots
        ]
        shown = (edition.slug, edition.is_current, get_language(), day_plan.day.date, day_plan.day.title, slots)
        keys.append(_key("day", shown))
    cached = cache.get_many(keys)
    missing = [
        (day_plan, key, [card for slot in day_plan.slots for card in slot.occurrences])
        for day_plan, key in zip(plan, keys, strict=True)
        if key not in cached
    ]
    with_html([card for _, _, cards_of_day in missing for card in cards_of_day], edition, level=4)
    rendered = {}
    for day_plan, key, cards_of_day in missing:
        html = render_to_string("programme/includes/week_day.html", {"day_plan": day_plan, "edition": edition})
        rendered[key] = cached[key] = DaySection(mark_safe(html), buttons_of(cards_of_day))
    cache.set_many(rendered, CACHE_SECONDS)
    for day_plan, key in zip(plan, keys, strict=True):
        day_plan.section = cached[key]
    return plan


def rooms_of(found):
    """The rooms the cards use, by name (for the room filter)."""
    rooms = {card.room.pk: card.room for card in found if card.room}
    return sorted(rooms.values(), key=lambda room: room.name)


@dataclass
class Body:
    """A page's body with its holes, and the participant's pieces of its cards."""

    html: str
    buttons: dict = field(default_factory=dict)  # {occurrence id: (add, remove)}

    def filled(self, page_choices=None):
        """The body as this visitor sees it: holes emptied, or filled with a participant's pieces
        (page_choices: choices.PageChoices) and their « En même temps que … » notes."""
        if page_choices is None:
            return mark_safe(HOLES.sub("", self.html))
        chosen = page_choices.chosen_ids
        overlaps = {
            pk: render_to_string("programme/includes/overlap_note.html", {"others": others})
            for pk, others in page_choices.overlapping().items()
        }

        def piece(match):
            pk = int(match[1])
            add, remove = self.buttons.get(pk, ("", ""))
            button = remove if pk in chosen else add if page_choices.can_add else ""
            return button + overlaps.get(pk, "")

        return mark_safe(HOLES.sub(piece, self.html))


def body(request, template_name, build_context):
    """The body of a shared page (`template_name` with the context `build_context()` returns,
    whose `buttons` are the participant's pieces of its cards): rendered once per version of the
    edition and address, each time when the address has a query string."""
    key = None
    version = request.programme_version  # None for an edition this process does not know of yet
    if version is not None and not request.META.get("QUERY_STRING"):
        key = f"programme:body:{version.tag}:{get_language()}:{request.get_host()}:{request.path}"
        found = caching.kept(key)
        if found is not None:
            return found
    context = build_context()
    found = Body(render_to_string(template_name, context), context["buttons"])  # without the request: nothing personal
    if key:
        caching.keep(key, found)
    return found
