"""The programme as pages show it: days → slots → occurrences, built in a constant number
of queries whatever the size of the programme, then filtered and searched in Python
(accents and case do not count, and no search string can reach the database)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from automne.french import fold
from programme.models import ROOM_TO_COME, Occurrence, Partner, Session, SessionSpeaker, Speaker

SEARCH_MAX_LENGTH = 200
NO_ROOM = "a-venir"
KEYNOTE_KINDS = (Session.Kind.OPENING_LECTURE, Session.Kind.KEYNOTE)


@dataclass
class Slot:
    """A time slot as shown: one occurrence, or a block of parallel ones."""

    time_slot: object
    occurrences: list = field(default_factory=list)

    @property
    def start(self):
        return self.time_slot.start_datetime()

    @property
    def end(self):
        return self.time_slot.end_datetime()

    @property
    def label(self):
        return self.time_slot.label

    @property
    def is_parallel(self):
        return len(self.occurrences) > 1

    @property
    def is_quiet(self):
        """Breaks, meals and the welcome desk: in the schedule, but quietly."""
        return all(o.is_logistics for o in self.occurrences)


@dataclass
class DayPlan:
    day: object
    slots: list = field(default_factory=list)
    section: object = None  # rendered once for many pages (fragments.render_days)

    @property
    def is_empty(self):
        return not self.slots


def occurrences_of(edition, day=None):
    """Every occurrence of the edition (or of one day) with its session, slot, day, room and
    speakers: 2 queries."""
    if edition is None:
        return []
    occurrences = Occurrence.objects.filter(time_slot__day__edition=edition)
    if day is not None:
        occurrences = occurrences.filter(time_slot__day=day)
    return list(occurrences.with_details().in_schedule_order())


def group_in_slots(occurrences):
    slots = {}
    for occurrence in occurrences:
        slot = slots.setdefault(occurrence.time_slot_id, Slot(occurrence.time_slot))
        slot.occurrences.append(occurrence)
    return sorted(slots.values(), key=lambda s: (s.time_slot.day.date, s.time_slot.starts_at, s.time_slot.ends_at))


def week_plan(days, occurrences):
    """One DayPlan per day of the edition (days without any occurrence included)."""
    by_day = defaultdict(list)
    for occurrence in occurrences:
        by_day[occurrence.time_slot.day_id].append(occurrence)
    return [DayPlan(day, group_in_slots(by_day[day.pk])) for day in days]


def today_of(days, today):
    """The day of the programme that is `today`, during the event (None otherwise)."""
    return next((day for day in days if day.date == today), None)


def partners_by_role(edition):
    """[(role label, [partners])] in the order of Partner.Role: 1 query."""
    groups = defaultdict(list)
    for partner in Partner.objects.filter(edition=edition):
        groups[partner.role].append(partner)
    return [(label, groups[value]) for value, label in Partner.Role.choices if groups[value]]


# Search ---------------------------------------------------------------------------------


def search_words(query):
    return fold(query).split()


def occurrence_text(occurrence):
    session = occurrence.session
    names = [link.speaker.full_name for link in session.session_speakers.all()]
    return fold(" ".join([session.title, session.description, *names]))


def contains_all(text, words):
    return all(word in text for word in words)


def printable(text):
    """A search as typed, without NUL and other control characters (never part of a real search)."""
    return "".join(c for c in text if c.isprintable()).strip()


class SpeakerSearch(forms.Form):
    q = forms.CharField(label=_("Rechercher une personne"), required=False, max_length=SEARCH_MAX_LENGTH)

    def clean_q(self):
        return printable(self.cleaned_data["q"])


class ProgrammeFilters(forms.Form):
    """The week page's GET form. Invalid values are reported and ignored, never a 500."""

    kind = forms.ChoiceField(label=_("Type"), required=False)
    language = forms.ChoiceField(
        label=_("Langue"), required=False, choices=[("", _("Toutes les langues")), *Session.Language.choices]
    )
    room = forms.ChoiceField(label=_("Salle"), required=False)
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "aria-describedby": "aide-recherche"}),
    )

    def __init__(self, data, rooms):
        super().__init__(data)
        content_kinds = [(value, label) for value, label in Session.Kind.choices if value not in Session.LOGISTICS]
        self.fields["kind"].choices = [("", _("Tous les types")), *content_kinds]
        self.fields["room"].choices = [
            ("", _("Toutes les salles")),
            *[(str(room.pk), str(room)) for room in rooms],
            (NO_ROOM, _(ROOM_TO_COME)),
        ]

    def clean_q(self):
        return printable(self.cleaned_data["q"])

    @property
    def problems(self):
        """[(field label, message)] for the values that could not be applied."""
        return [(self.fields[name].label, " ".join(errors)) for name, errors in self.errors.items()]

    @property
    def active(self):
        """The valid, non-empty filters."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, occurrences):
        if not self.is_bound:
            return occurrences
        active = self.active
        words = search_words(active.get("q", ""))
        kept = []
        for occurrence in occurrences:
            session = occurrence.session
            if session.is_logistics:
                continue
            if "kind" in active and session.kind != active["kind"]:
                continue
            if "language" in active and session.language != active["language"]:
                continue
            if "room" in active and active["room"] != (str(occurrence.room_id) if occurrence.room_id else NO_ROOM):
                continue
            if words and not contains_all(occurrence_text(occurrence), words):
                continue
            kept.append(occurrence)
        return kept


# Now and next ---------------------------------------------------------------------------


def at_moment(edition, moment, occurrences):
    """The « maintenant » page at `moment`: whether the edition is still to come (`before`) or running
    (`during`), and while it runs, what runs now and next (`now_slots`, `next_slots`) of the
    edition's `occurrences` (a callable, called only then)."""
    during = edition.starts_at() <= moment <= edition.ends_at()
    page = {"during": during, "before": moment < edition.starts_at()}
    if during:
        page["now_slots"], page["next_slots"] = now_and_next(occurrences(), moment)
    return page


def now_and_next(occurrences, now):
    """What runs at `now`, and what comes next: the next slot, and the one after it
    when the next is only a break (at 13 h 40: the 14 h 45 pause and the 15 h workshops)."""
    current = [o for o in occurrences if o.start_datetime() <= now < o.end_datetime()]
    later = sorted({o.start_datetime() for o in occurrences if o.start_datetime() > now})
    upcoming = []
    for start in later:
        batch = [o for o in occurrences if o.start_datetime() == start]
        upcoming.extend(batch)
        if not all(o.is_logistics for o in batch):
            break
    return group_in_slots(current), group_in_slots(upcoming)


# Pages of one session or one speaker ----------------------------------------------------


def session_occurrences(session, edition):
    """The occurrences of a session in the edition, with what runs in parallel to each: 2 queries."""
    occurrences = list(
        Occurrence.objects.filter(session=session, time_slot__day__edition=edition)
        .select_related("time_slot__day", "room")
        .in_schedule_order()
    )
    parallel = defaultdict(list)
    others = (
        Occurrence.objects.filter(time_slot__in=[o.time_slot_id for o in occurrences])
        .exclude(session=session)
        .select_related("session", "room")
        .in_schedule_order()
    )
    for other in others:
        parallel[other.time_slot_id].append(other)
    for occurrence in occurrences:
        occurrence.parallel = [o for o in parallel[occurrence.time_slot_id] if not o.session.is_logistics]
    return occurrences


def session_with_speakers(queryset):
    return queryset.prefetch_related(
        Prefetch("session_speakers", queryset=SessionSpeaker.objects.select_related("speaker"))
    )


def speaker_occurrences(speaker, edition):
    """The speaker's occurrences in the edition, each with the speaker's role: 2 queries."""
    roles = {link.session_id: link.get_role_display() for link in speaker.session_speakers.all()}
    occurrences = list(
        Occurrence.objects.filter(session_id__in=roles, time_slot__day__edition=edition)
        .select_related("session", "time_slot__day", "room")
        .in_schedule_order()
    )
    for occurrence in occurrences:
        occurrence.speaker_role = roles[occurrence.session_id]
    return occurrences


def speakers_of(edition):
    """The edition's speakers in French order of family name, with their sessions' count: 1 query."""
    return list(
        Speaker.objects.filter(sessions__occurrences__time_slot__day__edition=edition)
        .distinct()
        .order_by("sort_name", "pk")
    )


def search_speakers(speakers, query):
    words = search_words(query)
    if not words:
        return speakers
    return [s for s in speakers if contains_all(fold(f"{s.full_name} {s.organisation} {s.title}"), words)]
