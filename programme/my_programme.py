"""« Mon programme »: a participant's week, their chosen sessions and the plenary sessions everyone
attends, day by day; during the event, today first, with what is on now and next. A constant
number of queries whatever the size of the programme or the number of choices."""

import hashlib
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from programme import choices, pieces, publication, schedule
from programme.caching import CACHE_SECONDS, cache
from programme.models import Choice, Occurrence, Session
from supports import access

MATERIALS_TEMPLATE = "supports/includes/material_list_short.html"


@dataclass
class MyProgramme:
    state: str | None  # choices.registration_state: "active", "cancelled", or None (not registered)
    days: list = field(default_factory=list)  # [schedule.DayPlan], today first during the event
    chosen_count: int = 0  # plenary sessions are shown, not counted
    during: bool = False
    today: object = None  # the DayPlan of today, during the event
    now_slots: list = field(default_factory=list)
    next_slots: list = field(default_factory=list)

    @property
    def choices(self):
        """For the buttons (programme/includes/choice_button.html)."""
        return choices.PageChoices(self.state) if self.state else None


def plenary_ids(rows):
    """Sessions everyone attends: alone in their slot (besides breaks), and given only once.
    `rows`: (occurrence id, time slot id, session id, kind) of every occurrence of the edition."""
    per_slot, per_session = {}, {}
    for pk, time_slot_id, session_id, kind in rows:
        if kind not in Session.LOGISTICS:
            per_slot.setdefault(time_slot_id, []).append((pk, session_id))
            per_session[session_id] = per_session.get(session_id, 0) + 1
    return {slot[0][0] for slot in per_slot.values() if len(slot) == 1 and per_session[slot[0][1]] == 1}


def listed_ids(user, edition, chosen_ids=None):
    """(chosen, plenary): the ids of the occurrences « Mon programme » lists, the ones `user` chose in
    `edition` (`chosen_ids`, read when not given) and the plenary ones: 1 or 2 light queries."""
    rows = Occurrence.objects.filter(time_slot__day__edition=edition).values_list(
        "pk", "time_slot_id", "session_id", "session__kind"
    )
    if chosen_ids is None:
        chosen_ids = Choice.objects.filter(user=user, occurrence__time_slot__day__edition=edition).values_list(
            "occurrence_id", flat=True
        )
    return set(chosen_ids), plenary_ids(rows)


def shown_ids(user, edition):
    """What « Mon programme » and the personal calendar feed hold: the ids of the occurrences `user`
    chose in `edition` and of the plenary ones."""
    chosen, plenaries = listed_ids(user, edition)
    return chosen | plenaries


def moment_key(version, now):
    """What of the moment « Mon programme » shows of edition `version` (caching.EditionVersion):
    during the event, the minute (« Maintenant, 13 h 40 », now and next); nothing otherwise (the
    day is in the edition's version)."""
    edition = version.edition if version else None
    if edition is None or not edition.starts_at() <= now <= edition.ends_at():
        return ""
    return timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")


def build(user, edition, moment, known=None):
    """The participant's programme of `edition` at `moment` (an aware datetime): 5 queries, or 4
    from the state the personal layer read (`known`, personal.State). Each occurrence's card is kept
    by what it shows (`html`): a save renders again only the cards it changed."""
    state = known.registration if known else choices.registration_state(user, edition)
    if state is None:
        return MyProgramme(state)
    chosen_ids, plenaries = listed_ids(user, edition, known.chosen_ids if known else None)
    found = pieces.contents(edition, chosen_ids | plenaries)
    shown_occurrences = [content.occurrence() for content in found]
    chosen = [o for o in shown_occurrences if o.pk in chosen_ids]
    overlapping = choices.same_time(chosen)
    modified = publication.recently_changed(edition, moment)
    for occurrence in shown_occurrences:
        occurrence.modified = modified.get(occurrence.session_id, "")
        occurrence.is_chosen = occurrence.pk in chosen_ids
        occurrence.is_plenary = occurrence.pk in plenaries
        occurrence.same_time = overlapping.get(occurrence.pk, [])
    _with_materials(user, edition, shown_occurrences)
    _with_cards(shown_occurrences, found, edition)
    days = [plan for plan in schedule.week_plan(list(edition.days.all()), shown_occurrences) if not plan.is_empty]
    page = MyProgramme(state, days, chosen_count=len([o for o in chosen if o.pk not in plenaries]))
    page.during = edition.starts_at() <= moment <= edition.ends_at()
    if page.during:
        today = moment.date()
        page.today = next((plan for plan in days if plan.day.date == today), None)
        if page.today:
            page.days = [page.today] + [plan for plan in days if plan is not page.today]
        page.now_slots, page.next_slots = schedule.now_and_next(shown_occurrences, moment)
    return page


def _with_materials(user, edition, occurrences):
    """Sets `materials_html` on each occurrence: the list of its session's materials that `user` sees
    (supports/access.py, 3 queries), part of what its card shows."""
    materials = access.visible_by_session(user, edition, {occurrence.session_id for occurrence in occurrences})
    for occurrence in occurrences:
        shown = materials.get(occurrence.session_id)
        occurrence.materials_html = (
            render_to_string(MATERIALS_TEMPLATE, {"materials": shown, "edition": edition}) if shown else ""
        )


def _with_cards(occurrences, found, edition):
    """Sets `html` on each occurrence: its card (my_occurrence.html), kept by everything it shows."""
    address = (edition.slug, edition.is_current)
    keys = {}
    for occurrence, content in zip(occurrences, found, strict=True):
        shown = (
            pieces.key_of("my-occurrence", address, content),
            occurrence.modified,
            occurrence.is_chosen,
            occurrence.is_plenary,
            [(other.pk, other.session.title) for other in occurrence.same_time],
            occurrence.materials_html,
        )
        keys[occurrence.pk] = "programme:my-occurrence:" + hashlib.sha256(repr(shown).encode()).hexdigest()
    cards = cache.get_many(list(keys.values()))
    made = {}
    for occurrence in occurrences:
        key = keys[occurrence.pk]
        if key not in cards:
            context = {"occurrence": occurrence, "edition": edition}
            cards[key] = made[key] = mark_safe(render_to_string("programme/includes/my_occurrence.html", context))
        occurrence.html = cards[key]
    cache.set_many(made, CACHE_SECONDS)
