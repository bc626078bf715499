"""The admin pages that change several placements in one save, checked as one batch by
programme/clashes.py: rows against one another and against the database, all refused together
with a French message on each row concerned.

- `ListRoomsFormSet`: « Séances au programme », the rooms changed in the list;
- `SessionTimesFormSet`: a session's page, its times and rooms, with the speakers of the same page;
- `SlotSessionsFormSet`: a time slot's page, its sessions and rooms, at the slot's new time;
- `DaySlotsFormSet`: a day's page, its slots' new times, with their sessions.

Each marks the rows it checks (clashes.check_as_a_batch), so that their own clean() leaves the
rules to the batch: a swap of two rooms is accepted, two rows given one room are both refused.
The page holds the programme's lock from these checks to its last write (shared.ProgrammeWrites).
"""

import re

from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext

from automne import clean_input
from programme import clashes
from programme.admin.shared import room_choices, scope
from programme.models import Occurrence, Room, Speaker


def report(found, forms_by_key):
    """Puts each refusal on its row: the room's message on its room, the speakers' on the row."""
    for key, errors in found.items():
        form = forms_by_key[key]
        for message in errors.get(clashes.ROOM, []):
            form.add_error("room" if "room" in form.fields else None, message)
        for message in errors.get(clashes.SPEAKERS, []):
            form.add_error(None, message)


def _valid(formset):
    return not any(form.errors for form in formset.forms) and not formset.non_form_errors()


def _kept(formset):
    """The forms whose rows stay (not deleted, not an empty extra row)."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [form for form in formset.forms if form not in deleted and (form.instance.pk or form.has_changed())]


def _removed(formset):
    return [form.instance.pk for form in (formset.deleted_forms if formset.can_delete else []) if form.instance.pk]


class ListRoomsFormSet(BaseModelFormSet):
    """The rows of « Séances au programme » whose room changed, checked together."""

    def clean(self):
        super().clean()
        if not _valid(self):
            return
        changed = [form for form in self.forms if form.has_changed()]
        batch = {form.instance.pk: form for form in changed}
        report(clashes.refusals([clashes.placement(form.instance) for form in changed]), batch)


def list_row_form(base, request):
    """The form of one row of the list: its room select lists its own edition's rooms (1 query for
    the whole page, whatever the editions shown), and its room is checked with the batch."""

    class ListRowForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            clashes.check_as_a_batch(self.instance)
            edition_id = self.instance.edition_id
            room = self.fields["room"]
            room.queryset = Room.objects.filter(edition=edition_id)
            room.choices = room_choices(request, edition_id)
            if self.instance.pk:  # the list reads each row's edition with it (list_select_related)
                scope(room, Room, self.instance.edition)

    return ListRowForm


class SessionTimesFormSet(BaseInlineFormSet):
    """A session's times, checked together and with the speakers the same page gives it.

    Each model's clean() sees only what is saved: a speaker and a time added in one submission
    would each pass alone. The speakers' rows are read from the submitted data."""

    speakers_prefix = "session_speakers"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            clashes.check_as_a_batch(form.instance)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        clashes.check_as_a_batch(form.instance)
        return form

    def clean(self):
        super().clean()
        if not _valid(self):
            return
        speakers = self.speakers_after()
        kept = _kept(self)
        batch = {form.instance.pk or f"ligne-{index}": form for index, form in enumerate(kept)}
        placements = [
            clashes.placement(form.instance, speakers=speakers, key=key)
            for key, form in batch.items()
            if form.instance.time_slot_id
        ]
        report(clashes.refusals(placements, replacing=_removed(self)), batch)

    def speakers_after(self):
        """{pk: speaker} of the session's speakers once this submission is saved."""
        pattern = re.compile(rf"{self.speakers_prefix}-(\d+)-speaker")
        kept = set()
        for key, value in self.data.items():
            if not pattern.fullmatch(key) or self.data.get(key[: -len("speaker")] + "DELETE"):
                continue
            speaker_id = clean_input.parse_id(value)
            if speaker_id is not None:
                kept.add(speaker_id)
        return Speaker.objects.in_bulk(kept) if kept else {}


class SlotSessionsFormSet(BaseInlineFormSet):
    """A time slot's sessions, checked together at the slot's time as this page sets it: the slot's
    own move is part of the batch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        clashes.check_as_a_batch(self.instance)
        for form in self.forms:
            clashes.check_as_a_batch(form.instance)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        clashes.check_as_a_batch(form.instance)
        return form

    def clean(self):
        super().clean()
        slot = self.instance  # new or moved: its own form has given it the times of this submission
        if not _valid(self) or not (slot.day_id and slot.starts_at and slot.ends_at and slot.starts_at < slot.ends_at):
            return
        kept = [form for form in _kept(self) if form.instance.session_id]
        batch = {form.instance.pk or f"ligne-{index}": form for index, form in enumerate(kept)}
        placements = [clashes.placement(form.instance, time_slot=slot, key=key) for key, form in batch.items()]
        report(clashes.refusals(placements, replacing=_removed(self)), batch)


class DaySlotsFormSet(BaseInlineFormSet):
    """A day's time slots moved in one save, each with its sessions, checked together."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            clashes.check_as_a_batch(form.instance)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        clashes.check_as_a_batch(form.instance)
        return form

    def clean(self):
        super().clean()
        if not _valid(self) or self.instance.pk is None:
            return
        slots = {form.instance.pk: form for form in _kept(self) if form.instance.pk}
        moved = {pk: form for pk, form in slots.items() if form.has_changed()}
        if not moved:
            return
        occurrences = Occurrence.objects.filter(time_slot__in=list(slots)).select_related("session", "room")
        placements, rows = [], {}
        for occurrence in occurrences:
            slot = slots[occurrence.time_slot_id].instance
            slot.day = self.instance
            placements.append(clashes.placement(occurrence, time_slot=slot))
            rows[occurrence.pk] = slots[occurrence.time_slot_id]
        gone = Occurrence.objects.filter(time_slot__in=_removed(self)).values_list("pk", flat=True)
        found = clashes.refusals(placements, replacing=list(gone))
        titles = {p.key: p.title for p in placements}
        for key, errors in found.items():
            for message in [*errors.get(clashes.ROOM, []), *errors.get(clashes.SPEAKERS, [])]:
                line = gettext("%(title)s : %(message)s") % {"title": clashes.quoted(titles[key]), "message": message}
                rows[key].add_error(None, line)
