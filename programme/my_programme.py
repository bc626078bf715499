"""« Mon programme »: a participant's week, their chosen sessions and the plenary sessions everyone
attends, day by day; during the event, today first, with what is on now and next. A constant
number of queries whatever the size of the programme or the number of choices."""

from dataclasses import dataclass, field

from programme import choices, publication, schedule
from programme.models import Choice


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


def plenary_ids(occurrences):
    """Sessions everyone attends: alone in their slot (besides breaks), and given only once."""
    per_slot, per_session = {}, {}
    for occurrence in occurrences:
        if not occurrence.session.is_logistics:
            per_slot.setdefault(occurrence.time_slot_id, []).append(occurrence)
            per_session[occurrence.session_id] = per_session.get(occurrence.session_id, 0) + 1
    return {slot[0].pk for slot in per_slot.values() if len(slot) == 1 and per_session[slot[0].session_id] == 1}


@dataclass
class Shown:
    """The occurrences « Mon programme » lists (chosen and plenary, in schedule order, with their
    details), and which of them are chosen and which plenary."""

    occurrences: list
    chosen_ids: set
    plenary_ids: set


def shown(user, edition):
    """What « Mon programme » and the personal calendar feed hold: the sessions `user` chose in
    `edition` and the plenary ones: 3 queries (occurrences, their speakers, the choices)."""
    occurrences = schedule.occurrences_of(edition)
    chosen_ids = set(
        Choice.objects.filter(user=user, occurrence__time_slot__day__edition=edition).values_list(
            "occurrence_id", flat=True
        )
    )
    plenaries = plenary_ids(occurrences)
    listed = [o for o in occurrences if o.pk in chosen_ids or o.pk in plenaries]
    return Shown(listed, chosen_ids, plenaries)


def build(user, edition, moment):
    """The participant's programme of `edition` at `moment` (an aware datetime): 5 queries."""
    state = choices.registration_state(user, edition)
    if state is None:
        return MyProgramme(state)
    found = shown(user, edition)
    shown_occurrences, chosen_ids, plenaries = found.occurrences, found.chosen_ids, found.plenary_ids
    chosen = [o for o in shown_occurrences if o.pk in chosen_ids]
    overlapping = choices.same_time(chosen)
    modified = publication.recently_changed(edition, moment)
    for occurrence in shown_occurrences:
        occurrence.modified = modified.get(occurrence.session_id, "")
        occurrence.is_chosen = occurrence.pk in chosen_ids
        occurrence.is_plenary = occurrence.pk in plenaries
        occurrence.same_time = overlapping.get(occurrence.pk, [])
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
