"""Every export is made of pieces cached per occurrence (programme/pieces.py): the same bytes as the
export written whole (whole_exports.py), at 1× and 10× the data and after saves, and a save renders
again only the pieces of what it changed."""

import datetime

import pytest

from programme import change_effects, exports, my_programme, personal_calendar, pieces, schedule, schedule_formats
from programme.caching import cache
from programme.models import Choice, Occurrence, Session
from programme.tests import whole_exports
from programme.tests.factories import case_studies, grow_programme

pytestmark = pytest.mark.django_db
STAMP = datetime.datetime(2025, 10, 1, 12, 30, tzinfo=datetime.UTC)


def absolute_url(path):
    return f"https://automne.example{path}"


def assert_same_as_whole(edition):
    days = list(edition.days.all())
    occurrences = schedule.occurrences_of(edition)
    assert exports.calendar(edition, absolute_url, STAMP) == whole_exports.calendar(
        occurrences, edition, absolute_url, STAMP
    )
    some = [o for o in occurrences if o.session.kind == Session.Kind.CASE_STUDY][:3]
    assert exports.calendar(edition, absolute_url, STAMP, occurrence_ids=[o.pk for o in some], name="Choix") == (
        whole_exports.calendar(some, edition, absolute_url, STAMP, name="Choix")
    )
    assert exports.programme_json(edition, days, absolute_url) == whole_exports.programme_json(
        edition, days, absolute_url
    )
    assert schedule_formats.schedule_json(edition, days, "3 (2025)", absolute_url) == whole_exports.schedule_json(
        edition, days, "3 (2025)", absolute_url
    )
    assert schedule_formats.schedule_xml(edition, days, "3 (2025)", absolute_url) == whole_exports.schedule_xml(
        edition, days, "3 (2025)", absolute_url
    )


def test_exports_are_the_bytes_of_the_whole_export_before_and_after_saves_at_one_and_ten_times(week_2025):
    assert_same_as_whole(week_2025)
    assert_same_as_whole(week_2025)  # from the cached pieces
    session = Session.objects.filter(edition=week_2025, kind=Session.Kind.CASE_STUDY).first()
    session.title = 'Un titre « neuf » & <nouveau> "cité"'
    session.description = "Deux lignes\nde description, un \\ et un \x7f."
    change_effects.save(session)
    occurrence = Occurrence.objects.filter(session__edition=week_2025, room__isnull=False).first()
    occurrence.room = None
    change_effects.save(occurrence)
    assert_same_as_whole(week_2025)
    grow_programme(week_2025, 10)
    assert_same_as_whole(week_2025)
    cache.clear()
    assert_same_as_whole(week_2025)


def test_a_title_that_looks_like_a_mark_is_written_as_typed(week_2025):
    first = Occurrence.objects.filter(session__edition=week_2025).order_by("pk").first()
    session = first.session
    # A mark holds a NUL, refused at every entry (and by PostgreSQL): the rest of it, as text.
    session.title = (
        f'{pieces.mark(first.pk)[1:]} "\\u0000{pieces.mark(first.pk)[1:]}" <piece-{pieces.NONCE} ref="{first.pk}" />'
    )
    change_effects.save(session)
    assert_same_as_whole(week_2025)


def test_a_save_renders_again_only_the_pieces_it_changed(week_2025, monkeypatch):
    days = list(week_2025.days.all())
    exports.calendar(week_2025, absolute_url, STAMP)
    exports.programme_json(week_2025, days, absolute_url)
    schedule_formats.schedule_xml(week_2025, days, "1", absolute_url)
    rendered = []
    real = pieces.rendered

    def counting(kind, context, found, render):
        return real(
            kind, context, found, lambda occurrences: rendered.extend(o.pk for o in occurrences) or render(occurrences)
        )

    monkeypatch.setattr(pieces, "rendered", counting)
    exports.calendar(week_2025, absolute_url, STAMP)
    assert rendered == []
    session = Session.objects.filter(edition=week_2025, kind=Session.Kind.KEYNOTE).first()
    session.title = "Conférence renommée"
    change_effects.save(session)
    exports.calendar(week_2025, absolute_url, datetime.datetime.now(datetime.UTC))
    exports.programme_json(week_2025, days, absolute_url)
    schedule_formats.schedule_xml(week_2025, days, "2", absolute_url)
    assert sorted(rendered) == sorted(list(session.occurrences.values_list("pk", flat=True)) * 3)


def test_the_personal_feed_is_made_of_the_same_events(edition, participant):
    chosen = case_studies(edition)[:2]
    for occurrence in chosen:
        Choice.objects.create(user=participant, occurrence=occurrence)
    ids = my_programme.shown_ids(participant, edition)
    listed = list(Occurrence.objects.filter(pk__in=ids).with_details().in_schedule_order())
    stamp = max(o.revised_at for o in listed).replace(microsecond=0)
    name = f"Mon programme — {edition.name}"
    assert personal_calendar.feed(participant, edition, absolute_url) == whole_exports.calendar(
        listed, edition, absolute_url, stamp, name=name
    )


def test_contents_by_ids_keeps_only_the_editions_own_occurrences_in_schedule_order():
    from programme.tests.factories import make_edition, make_programme

    this = make_programme()
    other = make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    )
    mine = list(Occurrence.objects.filter(time_slot__day__edition=this).in_schedule_order())
    theirs = list(Occurrence.objects.filter(time_slot__day__edition=other).values_list("pk", flat=True))
    asked = [mine[-1].pk, *theirs, mine[0].pk]

    found = pieces.contents(this, asked)

    assert [content.pk for content in found] == [mine[0].pk, mine[-1].pk]
    assert {content.pk for content in pieces.contents(other, asked)} == set(theirs)


def test_the_models_a_piece_is_made_of_are_built_without_their_init_safely():
    """pieces._instances skips Model.__init__: right only while none of these models has its own
    __init__ or a receiver of the init signals (an ImageField would add one)."""
    from django.db import models
    from django.db.models import signals

    for _, model in (*pieces.ROW_MODELS, *pieces.LINK_MODELS):
        assert model.__init__ is models.Model.__init__, model
        assert not signals.pre_init.has_listeners(model) and not signals.post_init.has_listeners(model), model


def test_an_occurrence_made_from_its_row_is_the_one_the_orm_loads(week_2025):
    keynotes = Occurrence.objects.filter(
        time_slot__day__edition=week_2025, session__kind=Session.Kind.KEYNOTE, room__isnull=False
    )
    occurrence = keynotes.with_details().in_schedule_order()[0]
    made = pieces.contents(week_2025, [occurrence.pk])[0].occurrence()

    for original, copy in [
        (occurrence, made),
        (occurrence.session, made.session),
        (occurrence.time_slot, made.time_slot),
        (occurrence.time_slot.day, made.time_slot.day),
        (occurrence.room, made.room),
    ]:
        fields = [field.attname for field in type(original)._meta.concrete_fields]
        assert [getattr(copy, name) for name in fields] == [getattr(original, name) for name in fields]
        assert (copy._state.adding, copy.pk) == (False, original.pk)
    assert [link.speaker.full_name for link in made.session.session_speakers.all()] == [
        link.speaker.full_name for link in occurrence.session.session_speakers.all()
    ]
