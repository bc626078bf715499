"""Invariants of the programme across two editions, whatever the organizers do and in whatever order
(Hypothesis stateful testing): random sequences of an organizer's operations, through the real admin
pages and forms (a session added with its speaker and time, a time changed, rooms given in the list
or in « Répartition des salles », a room renamed or put online, a description edited, a speaker
added or renamed, a session cancelled, a slot moved, the next edition prepared, another edition made
current), with ids of either edition in any field. After every step:
- no link across editions (an occurrence's session, slot and room, a session's speakers, a slot's day);
- no room (not online) and no speaker booked twice at the same moment;
- every calendar event whose text changed has a higher SEQUENCE, and no other event's SEQUENCE moved
  (read from each edition's real .ics, independently of the table that decides it);
- a refused operation answered with a French form error and left the database as it was; no answer
  was a server error.
"""

import datetime
import itertools

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.urls import reverse
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from automne.roles import ORGANIZERS_GROUP
from programme.caching import cache, forget_version
from programme.models import (
    Day,
    Edition,
    Occurrence,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    TimeSlot,
)
from programme.tests.factories import make_edition, make_room, make_session, make_speaker, schedule
from programme.tests.test_admin_editing import add_inline_row, change_form_data

pytestmark = pytest.mark.django_db
names = itertools.count(1)
EXCLUDED = ("SEQUENCE", "LAST-MODIFIED", "DTSTAMP")


def t(hour, minute=0):
    return datetime.time(hour, minute)


def make_week(edition):
    """Two days, overlapping slots, two rooms and an online one, four people, five sessions."""
    rooms = [make_room(name, edition=edition) for name in ("Salle A", "Salle B")]
    make_room("En ligne", edition=edition, is_online=True)
    people = [make_speaker(edition=edition) for _ in range(4)]
    for offset in range(2):
        day = Day.objects.create(edition=edition, date=edition.starts_on + datetime.timedelta(days=offset))
        for start, end in ((t(9), t(10)), (t(9, 30), t(10, 30)), (t(11), t(12))):
            TimeSlot.objects.create(day=day, starts_at=start, ends_at=end)
    first_day = edition.days.order_by("date").first()
    schedule(make_session(title="Ouverture", speakers=people[:1], edition=edition), first_day, t(9), t(10), rooms[0])
    schedule(make_session(title="Atelier", speakers=people[1:2], edition=edition), first_day, t(11), t(12), rooms[0])
    schedule(
        make_session(title="Table ronde", speakers=people[2:4], edition=edition), first_day, t(11), t(12), rooms[1]
    )
    make_session(title="Pas encore au programme", speakers=people[3:], edition=edition)


def calendars(client):
    """{UID: (text of the event without its revision and stamp, SEQUENCE)} of every edition's .ics."""
    found = {}
    for slug in Edition.objects.values_list("slug", flat=True):
        response = client.get(f"/editions/{slug}/programme.ics")
        assert response.status_code == 200
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT"):
            text = tuple((name, event[name].to_ical()) for name in sorted(event) if name not in EXCLUDED)
            found[str(event["UID"])] = (text, int(event["SEQUENCE"]))
    return found


def database():
    """Every programme row as it is stored: a refused operation leaves it the same."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Edition, Day, TimeSlot, Room, Speaker, Session, SessionSpeaker, Occurrence)
    }


class ProgrammeMachine(RuleBasedStateMachine):
    client = None  # an organizer's, set by the test

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        forget_version()
        cache.clear()
        current = make_edition(slug=f"ecole-a-{next(names)}", name="École A")
        make_week(current)
        other = make_edition(
            slug=f"ecole-b-{next(names)}",
            name="École B",
            is_current=False,
            starts_on=datetime.date(2026, 10, 19),
            ends_on=datetime.date(2026, 10, 23),
        )
        make_week(other)
        self.prepared = False
        self.events = calendars(self.client)

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        cache.clear()

    # Sending forms as an organizer

    def post(self, url, data):
        """Sends the form: accepted (a redirection), or refused with its French errors and nothing changed."""
        before = database()
        response = self.client.post(url, data)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert self.errors_of(response), "refusé sans message"
            assert database() == before
        return response

    @staticmethod
    def errors_of(response):
        context = response.context
        errors = []
        if "adminform" in context:
            errors += list(context["adminform"].form.errors.values())
            for inline in context["inline_admin_formsets"]:
                errors += [e for e in inline.formset.errors if e] + list(inline.formset.non_form_errors())
        if "cl" in context and context["cl"].formset is not None:
            errors += [e for e in context["cl"].formset.errors if e]
        if "form" in context and getattr(context["form"], "errors", None):
            errors += list(context["form"].errors.values())
        if "blocks" in context:
            errors += [row.form.errors for block in context["blocks"] for row in block.rows if row.form.errors]
        return errors

    def pick(self, data, queryset):
        rows = list(queryset.order_by("pk"))
        return data.draw(st.sampled_from(rows)) if rows else None

    # The organizer's operations

    @rule(data=st.data(), with_room=st.booleans(), with_speaker=st.booleans())
    def add_a_session_with_its_time(self, data, with_room, with_speaker):
        edition = self.pick(data, Edition.objects.all())
        slot = self.pick(data, TimeSlot.objects.all())
        n = next(names)
        fields = {
            "edition": edition.pk,
            "title": f"Séance {n}",
            "slug": f"seance-{n}",
            "kind": Session.Kind.WORKSHOP,
            "language": "fr",
            "description_status": Session.DescriptionStatus.FINAL,
            "session_speakers-TOTAL_FORMS": 0,
            "session_speakers-INITIAL_FORMS": 0,
            "occurrences-TOTAL_FORMS": 0,
            "occurrences-INITIAL_FORMS": 0,
        }
        if with_speaker:
            speaker = self.pick(data, Speaker.objects.all())
            add_inline_row(fields, "session_speakers", speaker=speaker.pk, role="conferencier", order=0)
        if slot is not None:
            room = self.pick(data, Room.objects.all()) if with_room else None
            add_inline_row(fields, "occurrences", time_slot=slot.pk, room=room.pk if room else "", order=0)
        self.post(f"{reverse('admin:programme_session_add')}?edition={edition.pk}", fields)

    @rule(data=st.data())
    def give_another_time(self, data):
        occurrence = self.pick(data, Occurrence.objects.all())
        slot = self.pick(data, TimeSlot.objects.all())
        if occurrence is None:
            return
        url = reverse("admin:programme_occurrence_change", args=[occurrence.pk])
        form = change_form_data(self.client.get(url))
        form["time_slot"] = slot.pk
        self.post(url, form)

    @rule(data=st.data(), count=st.integers(1, 3))
    def give_rooms_in_the_list(self, data, count):
        """Rows of both editions (« Toutes les éditions »), each given a room of either edition, or none."""
        rows = [self.pick(data, Occurrence.objects.all()) for _ in range(count)]
        rows = list({row.pk: row for row in rows if row is not None}.values())
        if not rows:
            return
        form = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "_save": "Enregistrer"}
        for index, row in enumerate(rows):
            room = self.pick(data, Room.objects.all()) if data.draw(st.booleans()) else None
            form[f"form-{index}-id"] = row.pk
            form[f"form-{index}-room"] = room.pk if room else ""
        ids = ",".join(str(row.pk) for row in rows)
        self.post(f"/admin/programme/occurrence/?edition=toutes&id__in={ids}", form)

    @rule(data=st.data())
    def give_a_room_in_room_planning(self, data):
        current = Edition.objects.current()
        occurrence = self.pick(data, Occurrence.objects.filter(edition=current))
        room = self.pick(data, Room.objects.all())
        if occurrence is None:
            return
        before = database()
        response = self.client.post(
            "/admin/programme/occurrence/repartition/", {"occurrence": occurrence.pk, f"o{occurrence.pk}-room": room.pk}
        )
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert database() == before

    @rule(data=st.data(), name=st.sampled_from(["Salle A", "Salle C", "Grande salle", "Salle B"]))
    def rename_a_room(self, data, name):
        room = self.pick(data, Room.objects.all())
        url = reverse("admin:programme_room_change", args=[room.pk])
        form = change_form_data(self.client.get(url))
        form["name"] = name
        self.post(url, form)

    @rule(data=st.data())
    def put_a_room_online_or_not(self, data):
        room = self.pick(data, Room.objects.all())
        url = reverse("admin:programme_room_change", args=[room.pk])
        form = change_form_data(self.client.get(url))
        if room.is_online:
            form.pop("is_online", None)
        else:
            form["is_online"] = "on"
        self.post(url, form)

    @rule(data=st.data(), text=st.sampled_from(["", "Nouvelle description.", "Autre texte."]))
    def edit_a_description(self, data, text):
        session = self.pick(data, Session.objects.all())
        url = reverse("admin:programme_session_change", args=[session.pk])
        form = change_form_data(self.client.get(url))
        form["description"] = text
        self.post(url, form)

    @rule(data=st.data())
    def add_a_speaker(self, data):
        session = self.pick(data, Session.objects.all())
        speaker = self.pick(data, Speaker.objects.all())
        url = reverse("admin:programme_session_change", args=[session.pk])
        form = change_form_data(self.client.get(url))
        add_inline_row(form, "session_speakers", speaker=speaker.pk, role="paneliste", order=9)
        self.post(url, form)

    @rule(data=st.data(), family_name=st.sampled_from(["Tremblay", "Gagnon", "Roy"]))
    def rename_a_speaker(self, data, family_name):
        speaker = self.pick(data, Speaker.objects.all())
        url = reverse("admin:programme_speaker_change", args=[speaker.pk])
        form = change_form_data(self.client.get(url))
        form["family_name"] = family_name
        self.post(url, form)

    @rule(data=st.data())
    def cancel_a_session_at_a_time(self, data):
        occurrence = self.pick(data, Occurrence.objects.all())
        if occurrence is None:
            return
        response = self.client.post(reverse("admin:programme_occurrence_delete", args=[occurrence.pk]), {"post": "yes"})
        assert response.status_code == 302
        assert not Occurrence.objects.filter(pk=occurrence.pk).exists()

    @rule(data=st.data(), start=st.sampled_from([t(9), t(9, 30), t(10), t(11)]))
    def move_a_time_slot(self, data, start):
        slot = self.pick(data, TimeSlot.objects.all())
        url = reverse("admin:programme_timeslot_change", args=[slot.pk])
        form = change_form_data(self.client.get(url))
        form["starts_at"] = start.strftime("%H:%M")
        form["ends_at"] = (datetime.datetime.combine(slot.day.date, start) + datetime.timedelta(hours=1)).strftime(
            "%H:%M"
        )
        self.post(url, form)

    @rule(data=st.data())
    def make_another_edition_current(self, data):
        edition = self.pick(data, Edition.objects.all())
        response = self.client.post(
            reverse("admin:programme_edition_changelist"), {"action": "make_current", "_selected_action": edition.pk}
        )
        assert response.status_code == 302
        assert Edition.objects.get(is_current=True) == edition

    @precondition(lambda self: not self.prepared)
    @rule(data=st.data())
    def prepare_the_next_edition(self, data):
        source = self.pick(data, Edition.objects.all())
        starts_on = datetime.date(2027, 10, 18)
        response = self.client.post(
            reverse("admin:programme_edition_changelist"),
            {
                "action": "prepare_next",
                "_selected_action": source.pk,
                "prepare": "1",
                "slug": f"ecole-c-{next(names)}",
                "starts_on": starts_on.isoformat(),
                "ends_on": (starts_on + datetime.timedelta(days=4)).isoformat(),
            },
        )
        assert response.status_code == 302
        self.prepared = True

    # What stays true

    @invariant()
    def no_link_across_editions(self):
        assert not Occurrence.objects.exclude(session__edition=F("time_slot__day__edition")).exists()
        assert not Occurrence.objects.exclude(edition=F("time_slot__edition")).exists()
        crossing_room = Occurrence.objects.filter(room__isnull=False).exclude(room__edition=F("edition"))
        assert not crossing_room.exists()
        assert not SessionSpeaker.objects.exclude(speaker__edition=F("session__edition")).exists()
        assert not TimeSlot.objects.exclude(edition=F("day__edition")).exists()

    @invariant()
    def no_room_and_no_speaker_booked_twice_at_once(self):
        placed = list(
            Occurrence.objects.values_list(
                "pk", "room", "room__is_online", "time_slot__day__date", "time_slot__starts_at", "time_slot__ends_at"
            )
        )
        speakers = {}
        for session_id, occurrence_id in Occurrence.objects.values_list("session", "pk"):
            for speaker in SessionSpeaker.objects.filter(session=session_id).values_list("speaker", flat=True):
                speakers.setdefault(occurrence_id, set()).add(speaker)
        for (a, room_a, online, date_a, start_a, end_a), (
            b,
            room_b,
            _,
            date_b,
            start_b,
            end_b,
        ) in itertools.combinations(placed, 2):
            if date_a != date_b or not (start_a < end_b and start_b < end_a):
                continue
            assert not (room_a is not None and room_a == room_b and not online), f"salle {room_a} : {a} et {b}"
            assert not (speakers.get(a, set()) & speakers.get(b, set())), f"intervenant·e : {a} et {b}"

    @invariant()
    def every_event_shown_differently_has_a_higher_sequence_and_no_other(self):
        now = calendars(self.client)
        for uid in now.keys() & self.events.keys():
            (text_before, sequence_before), (text_now, sequence_now) = self.events[uid], now[uid]
            assert sequence_now >= sequence_before, uid
            assert (text_now != text_before) == (sequence_now > sequence_before), (uid, text_before, text_now)
        self.events = now


def test_programme_invariants_hold_across_two_editions(client):
    organizer = get_user_model().objects.create_user("organisation@example.org", "mot-de-passe-1", is_staff=True)
    organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    machine_client = Client()
    machine_client.force_login(organizer)
    ProgrammeMachine.client = machine_client
    run_state_machine_as_test(ProgrammeMachine, settings=settings(max_examples=12, stateful_step_count=10))
