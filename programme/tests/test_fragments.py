"""The week and day pages built from cards cached by what they show (programme/fragments.py):
every change shows at once, a save renders again only what it changed, a participant's page
puts their own buttons in the cached body, and nobody else's."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from inscriptions.models import Registration
from inscriptions.tests.factories import make_registration
from programme import caching, change_effects, fragments
from programme.models import Choice, ProgrammeChange, Session, SessionSpeaker, Speaker
from programme.tests.factories import (
    case_studies,
    grow_programme,
    make_edition,
    make_programme,
    make_room,
    make_speaker,
)
from programme.tests.html_text import texts

pytestmark = pytest.mark.django_db


def week(client):
    response = client.get("/programme/")
    assert response.status_code == 200
    return response.content.decode()


def rename_speaker(session):
    speaker = Speaker.objects.filter(session_speakers__session=session).first()
    speaker.family_name = "Renommée"
    speaker.save()


def add_speaker(session):
    SessionSpeaker.objects.create(session=session, speaker=make_speaker("Nouvelle", "Voix"), order=9)


def give_room(occurrence):
    occurrence.room = make_room("Salle des cartes")
    change_effects.save(occurrence)  # as the admin does: logged, hence the « Modifié » badge


def retitle(session):
    session.title = "Un titre tout neuf"
    session.save()


def to_english(session):
    session.language = Session.Language.ENGLISH
    session.save()


def description_to_come(session):
    session.description_status = "a_venir"
    session.save()


def card_of(occurrence, html):
    """The text of the occurrence's card on a page."""
    title = occurrence.session.title
    return next(text for text in texts(html, css_class="occurrence") if f" {title} " in f" {text} ")


# (what changes, what the card shows after it)
CHANGES = {
    "title": (lambda o: retitle(o.session), "Un titre tout neuf"),
    "language": (lambda o: to_english(o.session), "En anglais"),
    "description status": (lambda o: description_to_come(o.session), "Description à venir"),
    "room given": (give_room, "Salle des cartes"),
    "speaker renamed": (lambda o: rename_speaker(o.session), "Renommée"),
    "speaker added": (lambda o: add_speaker(o.session), "Nouvelle Voix"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_week_shows_every_change_of_a_card_at_once(client, edition, change):
    occurrence = case_studies(edition)[0]
    make_change, shown = CHANGES[change]
    assert shown not in card_of(occurrence, week(client))
    make_change(occurrence)
    occurrence.session.refresh_from_db()
    assert shown in card_of(occurrence, week(client))


def test_week_shows_a_room_renamed_at_once(client, edition):
    occurrence = case_studies(edition)[0]
    give_room(occurrence)
    assert "Salle des cartes" in week(client)
    occurrence.room.name, occurrence.room.location_detail = "Salle après", "aile nord"
    occurrence.room.save()
    html = week(client)
    assert "Salle des cartes" not in html
    assert texts(html, css_class="occurrence__room").count("Salle après (aile nord)") == 1


def test_week_after_a_save_renders_only_the_card_it_changed(client, edition, monkeypatch):
    week(client)
    rendered = []
    render = fragments._render
    monkeypatch.setattr(
        fragments, "_render", lambda missing, *args: rendered.append(set(missing)) or render(missing, *args)
    )
    occurrence = case_studies(edition)[0]
    retitle(occurrence.session)
    week(client)
    assert rendered == [{occurrence.pk}]


def test_week_at_ten_times_the_data_after_a_save_renders_only_the_card_it_changed(client, edition, monkeypatch):
    grow_programme(edition, 10)
    week(client)
    rendered = []
    render = fragments._render
    monkeypatch.setattr(
        fragments, "_render", lambda missing, *args: rendered.append(set(missing)) or render(missing, *args)
    )
    occurrence = case_studies(edition)[-1]
    retitle(occurrence.session)
    assert "Un titre tout neuf" in week(client)
    assert rendered == [{occurrence.pk}]


def test_modified_badge_is_shown_to_everyone_and_leaves_within_the_hour_after_48_hours(client, edition):
    occurrence = case_studies(edition)[0]
    changed_at = timezone.now()
    ProgrammeChange.objects.update(changed_at=changed_at - datetime.timedelta(days=3))  # the programme's making
    give_room(occurrence)
    assert ProgrammeChange.objects.filter(session=occurrence.session, kind=ProgrammeChange.Kind.ROOM).exists()
    assert texts(week(client), css_class="modified") == ["Modifié\xa0: salle"]
    with time_machine.travel(changed_at + datetime.timedelta(hours=47), tick=False):
        assert texts(week(client), css_class="modified") == ["Modifié\xa0: salle"]
    with time_machine.travel(changed_at + datetime.timedelta(hours=49), tick=False):
        assert texts(week(client), css_class="modified") == []


def test_etag_carries_the_hour_only_while_a_badge_may_show(client, edition):
    changed_at = timezone.now()
    give_room(case_studies(edition)[0])
    with time_machine.travel(changed_at + datetime.timedelta(hours=1), tick=False):
        recent = client.get("/programme/")["ETag"]
        assert recent.endswith(f'.{timezone.localtime().hour}h"')
    with time_machine.travel(changed_at + datetime.timedelta(hours=49), tick=False):
        assert not client.get("/programme/")["ETag"].endswith('h"')


def test_week_puts_the_participants_own_buttons_in_the_cached_body(participant_client, participant, edition):
    first, second, *others = case_studies(edition)
    Choice.objects.create(user=participant, occurrence=first)
    html = week(participant_client)
    assert f'formaction="/mon-programme/choix/{first.pk}/" name="action" value="retirer"' in html
    assert f'formaction="/mon-programme/choix/{second.pk}/" name="action" value="ajouter"' in html
    assert html.count('value="retirer"') == 1
    assert html.count('form="choix"') == len(case_studies(edition)) + 2  # the two keynotes
    assert html.count('<form id="choix"') == 1
    assert "<!--choix:" not in html


def test_week_body_is_shared_but_never_another_participants_choices(client, edition, participant):
    other = make_registration(edition).user
    chosen = case_studies(edition)[0]
    Choice.objects.create(user=other, occurrence=chosen)
    client.force_login(other)
    assert 'value="retirer"' in week(client)
    client.force_login(participant)
    html = week(client)
    assert 'value="retirer"' not in html
    assert "✓ Dans mon programme" not in html


def test_week_for_anonymous_visitors_has_no_buttons_and_no_holes(client, edition):
    html = week(client)
    assert "<!--choix:" not in html
    assert 'form="choix"' not in html
    assert '<form id="choix"' not in html


def test_week_with_a_cancelled_registration_shows_past_choices_but_no_add_button(client, edition):
    registration = make_registration(edition, state=Registration.State.CANCELLED)
    chosen = case_studies(edition)[0]
    Choice.objects.create(user=registration.user, occurrence=chosen)
    client.force_login(registration.user)
    html = week(client)
    assert html.count('value="retirer"') == 1
    assert 'value="ajouter"' not in html


def test_week_marks_chosen_sessions_at_the_same_time(participant_client, participant, edition):
    first, second = case_studies(edition)[:2]  # parallel case studies
    Choice.objects.create(user=participant, occurrence=first)
    Choice.objects.create(user=participant, occurrence=second)
    notes = texts(week(participant_client), css_class="choice__overlap")
    assert notes == [
        f"En même temps que «\xa0{second.session.title}\xa0»",
        f"En même temps que «\xa0{first.session.title}\xa0»",
    ]


def test_a_title_that_looks_like_a_hole_is_shown_as_typed(participant_client, participant, edition):
    first, second = case_studies(edition)[:2]
    second.session.title = f"<!--choix:{first.pk}-->"
    second.session.save()
    Choice.objects.create(user=participant, occurrence=first)
    html = week(participant_client)
    assert f"&lt;!--choix:{first.pk}--&gt;" in html
    assert html.count('value="retirer"') == 1


def test_logged_in_week_queries_are_the_same_at_one_and_ten_times_the_data(
    participant_client, participant, edition, django_assert_num_queries
):
    for occurrence in case_studies(edition)[:2]:
        Choice.objects.create(user=participant, occurrence=occurrence)
    week(participant_client)
    # session, user, version, edition, registration, chosen occurrences
    with django_assert_num_queries(6):
        week(participant_client)
    grow_programme(edition, 10)
    week(participant_client)
    with django_assert_num_queries(6):
        html = week(participant_client)
    assert html.count('value="retirer"') == 2


def test_session_page_shows_the_modified_badge_to_anonymous_visitors(client, edition):
    occurrence = case_studies(edition)[0]
    ProgrammeChange.objects.update(changed_at=timezone.now() - datetime.timedelta(days=3))
    response = client.get(occurrence.session.get_absolute_url())
    assert texts(response.content.decode(), css_class="modified") == []
    give_room(occurrence)
    response = client.get(occurrence.session.get_absolute_url())
    assert texts(response.content.decode(), css_class="modified") == ["Modifié\xa0: salle"]


def test_week_of_an_edition_this_process_has_not_seen_yet_is_served(client, edition, settings):
    settings.PROGRAMME_VERSION_TTL = 60
    week(client)
    remembered = dict(caching._memo)  # the versions of the editions there were
    newer = make_programme(
        make_edition(is_current=False, starts_on=datetime.date(2026, 10, 19), ends_on=datetime.date(2026, 10, 23))
    )
    caching._memo.update(remembered)  # as if another process had saved the new edition
    assert caching.page_version(edition_slug=newer.slug) is None
    response = client.get(f"/editions/{newer.slug}/programme/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [occurrence.session.title in html for occurrence in case_studies(newer)] == [True] * 6
