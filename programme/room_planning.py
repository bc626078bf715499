"""« Répartition des salles »: organizers give rooms by demand. Each parallel block of an edition,
with how many participants chose each session, its room and that room's capacity, and a warning
where demand exceeds capacity. Counts cost one query for the whole page, never one per row; the
names of those who chose are never shown.

A room given here is checked like anywhere else (Occurrence.clean → programme/clashes.py), and
saved through the one path of every write (programme/change_effects.py): its log line, notices and
calendar revision are those of the admin's.
"""

from dataclasses import dataclass, field

from django import forms
from django.db.models import Count
from django.utils.translation import gettext

from programme import change_effects
from programme.models import ROOM_TO_COME, Occurrence, Room
from programme.schedule import group_in_slots


def with_choice_counts(occurrences):
    """Each occurrence with `choice_count`, the number of participants who chose it, in the same query."""
    return occurrences.annotate(choice_count=Count("choices", distinct=True))


@dataclass
class Row:
    occurrence: object
    form: object = None

    @property
    def demand(self):
        return self.occurrence.choice_count

    @property
    def capacity(self):
        room = self.occurrence.room
        return room.capacity if room and not room.is_online else None

    @property
    def over_capacity(self):
        return self.capacity is not None and self.demand > self.capacity

    @property
    def warning(self):
        if self.over_capacity:
            return gettext("Demande supérieure à la capacité : %(demand)s choix pour %(capacity)s places.") % {
                "demand": self.demand,
                "capacity": self.capacity,
            }
        if self.occurrence.room is None and self.demand:
            return gettext("%(demand)s choix, et pas encore de salle.") % {"demand": self.demand}
        return ""


@dataclass
class Block:
    slot: object
    rows: list = field(default_factory=list)


def blocks(edition):
    """The parallel blocks of `edition` (slots with more than one session, breaks left out), with
    their demand: 1 query."""
    occurrences = with_choice_counts(
        Occurrence.objects.filter(time_slot__day__edition=edition).select_related("session", "time_slot__day", "room")
    ).in_schedule_order()
    found = []
    for slot in group_in_slots(list(occurrences)):
        rows = [Row(o) for o in slot.occurrences if not o.session.is_logistics]
        if len(rows) > 1:
            found.append(Block(slot, rows))
    return found


class RoomForm(forms.ModelForm):
    """The room of one occurrence; saving it runs the scheduling rules (Occurrence.clean)."""

    class Meta:
        model = Occurrence
        fields = ["room"]

    def __init__(self, *args, rooms, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["room"]
        field.queryset = rooms  # to check the room sent
        field.choices = choices  # the select, built once for the page (room_choices)
        field.widget.attrs["aria-label"] = gettext("Salle de « %(title)s »") % {"title": self.instance.session.title}


def rooms_of(edition):
    return Room.objects.filter(edition=edition).order_by("name")


def room_choices(rooms):
    """The options of every select of the page: 1 query."""
    return [("", gettext(ROOM_TO_COME))] + [
        (
            room.pk,
            gettext("%(room)s — %(count)s places") % {"room": room, "count": room.capacity}
            if room.capacity
            else str(room),
        )
        for room in rooms
    ]


def give_room(form):
    """The occurrence with the room `form` gives it, saved; None when the form refuses it (its
    errors say why). Called under the programme's lock (clashes.locked)."""
    if not form.is_valid():
        return None
    occurrence = form.save(commit=False)
    change_effects.save(occurrence)
    return occurrence


def form_for(occurrence, rooms, choices, data=None):
    return RoomForm(data, instance=occurrence, rooms=rooms, choices=choices, prefix=f"o{occurrence.pk}")


def attach_forms(found, rooms, choices, failed=None):
    """A room form on each row; `failed`, the form that did not save, keeps its errors."""
    for block in found:
        for row in block.rows:
            if failed is not None and failed.instance.pk == row.occurrence.pk:
                row.form = failed
            else:
                row.form = form_for(row.occurrence, rooms, choices)
    return found
