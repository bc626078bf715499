"""Public pages of the programme. Each runs a constant number of queries (see schedule.py)
and the shared ones go through caching.public_page (ETag, 304, cached bytes).

Every page of an edition answers at its permanent address (/editions/<slug>/…, the `edition`
argument) and, for the current edition, at its short address (editions.py says which edition
an address shows, and where a short address of an older edition's page leads)."""

import datetime

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from automne.site import absolute
from programme import calendar_revisions, choices, editions, exports, fragments, pieces, publication, schedule
from programme.caching import SITE, is_shared, public_page
from programme.models import Edition, Occurrence, ProgrammeChange, Room, Session, Speaker
from programme.open_data import open_data
from programme.personal import rendered_each_time_during_the_week


def _home_context(edition):
    context = {"current": edition, "edition": edition, "moment": timezone.now()}
    if edition:
        today = timezone.localdate()
        found = pieces.contents(
            edition, where=Q(session__kind__in=schedule.KEYNOTE_KINDS) | Q(time_slot__day__date=today)
        )
        context["today"] = today if any(c.row.time_slot__day__date == today for c in found) else None
        keynotes = [c for c in found if c.row.session__kind in schedule.KEYNOTE_KINDS]

        def render_keynotes():
            shown = [content.occurrence() for content in keynotes]
            return render_to_string("programme/includes/keynotes.html", {"keynotes": shown, "edition": edition})

        context["keynotes"] = pieces.block("keynotes", edition, keynotes, render_keynotes)
        context["partner_groups"] = schedule.partners_by_role(edition)
    return context


@public_page(scope=SITE)
def home(request):
    """The current edition, the other editions still to come, and the way to the archives."""
    context = _home_context(Edition.objects.current())
    context["other_editions"] = editions.upcoming_besides(context["current"], timezone.localdate())
    context["has_archives"] = editions.archives().exists()
    return render(request, "programme/home.html", context)


@public_page
def edition_home(request, edition):
    return render(request, "programme/home.html", _home_context(editions.shown(edition)))


@public_page(scope=SITE)
def archives(request):
    """« Éditions précédentes »: every edition whose last day has passed."""
    return render(request, "programme/editions.html", {"archives": list(editions.archives())})


def _week_context(request, edition):
    days = list(edition.days.all())
    cards = fragments.cards(edition, level=4)
    filters = schedule.ProgrammeFilters(request.GET or None, fragments.rooms_of(cards))
    shown = cards
    if request.GET:  # searched in descriptions and speakers' names: the whole programme is read
        kept = {occurrence.pk for occurrence in filters.apply(schedule.occurrences_of(edition))}
        shown = [card for card in cards if card.pk in kept]
    plan = fragments.render_days(schedule.week_plan(days, shown), edition)
    return {
        "edition": edition,
        "days": days,
        "plan": [day for day in plan if not day.is_empty] if request.GET else plan,
        "filters": filters,
        "filtered": bool(request.GET),
        "result_count": len(shown),
        "today": schedule.today_of(days, timezone.localdate()),
        "buttons": {pk: pair for day_plan in plan for pk, pair in day_plan.section.buttons.items()},
    }


@public_page
def week(request, edition=None):
    """The week, from its cached body (fragments.py) with the participant's own pieces."""
    edition = editions.shown(edition)
    body = fragments.body(request, "programme/includes/week_body.html", lambda: _week_context(request, edition))
    page_choices = choices.for_request(request, edition)
    context = {"edition": edition, "body": body.filled(page_choices), "choices": page_choices}
    return render(request, "programme/week.html", context)


def parse_day(value):
    """ "2025-10-21" → date; anything else (malformed, impossible) → 404."""
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Http404("Date invalide.") from None


@public_page
def day(request, date, edition=None):
    when = parse_day(date)
    shown = editions.shown(edition)
    days = list(shown.days.all())
    current = next((d for d in days if d.date == when), None)
    if current is None and edition is None:
        return editions.redirect_to_other_edition("programme:day", Edition.objects.filter(days__date=when), date=date)
    if current is None:
        raise Http404("Aucune journée à cette date.")
    edition = shown

    def day_context():
        cards = fragments.with_html(fragments.cards(edition, level=3, day=current), edition, level=3)
        return {
            "edition": edition,
            "days": days,
            "current_day": current,
            "slots": schedule.group_in_slots(cards),
            "previous_day": next((d for d in reversed(days) if d.date < when), None),
            "next_day": next((d for d in days if d.date > when), None),
            "buttons": fragments.buttons_of(cards),
        }

    body = fragments.body(request, "programme/includes/day_body.html", day_context)
    page_choices = choices.for_request(request, edition)
    context = {"edition": edition, "current_day": current, "body": body.filled(page_choices), "choices": page_choices}
    return render(request, "programme/day.html", context)


class ElsewhereOr404(Exception):
    """The short address of a page the current edition does not have."""


def scheduled_session(slug, edition, short_address):
    """The session `slug` of the edition and its occurrences; ElsewhereOr404 when the current
    edition (a short address) has no such session, Http404 otherwise."""
    session = schedule.session_with_speakers(Session.objects.filter(edition=edition)).filter(slug=slug).first()
    occurrences = schedule.session_occurrences(session, edition) if session else []
    if occurrences:
        return session, occurrences
    if short_address:
        raise ElsewhereOr404
    raise Http404("Cette séance n'est pas au programme.")


def session_elsewhere(name, slug):
    scheduled = Edition.objects.filter(sessions__slug=slug, sessions__occurrences__isnull=False)
    return editions.redirect_to_other_edition(name, scheduled, slug=slug)


@rendered_each_time_during_the_week
@public_page
def session(request, slug, edition=None):
    shown = editions.shown(edition)
    try:
        session, occurrences = scheduled_session(slug, shown, short_address=edition is None)
    except ElsewhereOr404:
        return session_elsewhere("programme:session", slug)
    badge = publication.recently_changed(shown, timezone.now()).get(session.pk, "")
    for occurrence in occurrences:
        occurrence.modified = badge  # for everyone, as on the week's cards
    context = {
        "edition": shown,
        "session": session,
        "occurrences": occurrences,
        "choices": choices.for_request(request, shown, occurrences),
    }
    return render(request, "programme/session.html", context)


@public_page
def speakers(request, edition=None):
    edition = editions.shown(edition)
    everyone = schedule.speakers_of(edition)
    form = schedule.SpeakerSearch(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "edition": edition,
        "form": form,
        "query": query,
        "speakers": schedule.search_speakers(everyone, query),
        "total": len(everyone),
    }
    return render(request, "programme/speakers.html", context)


@public_page
def speaker(request, slug, edition=None):
    shown = editions.shown(edition)
    person = Speaker.objects.filter(edition=shown, slug=slug).prefetch_related("session_speakers").first()
    if person is None and edition is None:
        return editions.redirect_to_other_edition(
            "programme:speaker", Edition.objects.filter(speakers__slug=slug), slug=slug
        )
    if person is None:
        raise Http404("Cette personne n'est pas au programme.")
    occurrences = schedule.speaker_occurrences(person, shown)
    return render(request, "programme/speaker.html", {"edition": shown, "speaker": person, "occurrences": occurrences})


@public_page
def room(request, pk, edition=None):
    """A room: where it is, how to get there, its accessibility, and the sessions held in it."""
    shown = editions.shown(edition)
    found = Room.objects.filter(edition=shown, pk=pk).first()
    if found is None and edition is None:
        return editions.redirect_to_other_edition("programme:room", Edition.objects.filter(rooms__pk=pk), pk=pk)
    if found is None:
        raise Http404("Cette salle n'existe pas dans cette édition.")
    held = pieces.contents(shown, where=Q(room=found))

    def render_sessions():
        occurrences = [content.occurrence() for content in held]
        days = [plan for plan in schedule.week_plan(list(shown.days.all()), occurrences) if not plan.is_empty]
        return render_to_string("programme/includes/room_sessions.html", {"days": days, "edition": shown})

    context = {"edition": shown, "room": found, "sessions": pieces.block("room", shown, held, render_sessions)}
    return render(request, "programme/room.html", context)


@public_page
def changes(request, edition=None):
    edition = editions.shown(edition)
    recent = ProgrammeChange.objects.of_edition(edition).newest_first().select_related("session")[:50]
    return render(request, "programme/changes.html", {"edition": edition, "changes": recent})


@require_safe
def now(request, edition=None):
    """What runs now and next, in Montréal time. Never served from a cache without asking: it depends on the clock."""
    edition = Edition.objects.current() if edition is None else editions.shown(edition)
    moment = timezone.localtime()
    context = {"edition": edition, "current": edition, "moment": moment}
    if edition:
        context.update(
            schedule.at_moment(
                edition,
                moment,
                lambda: fragments.with_html(fragments.cards(edition, level=4), edition, level=4, holes=False),
            )
        )
    response = render(request, "programme/now.html", context)
    # Asked again on every visit. An anonymous visitor's page is everyone's at that moment: marked public,
    # so that the service worker (public/sw.js) keeps its last copy for offline use, dated by its Date.
    patch_cache_control(response, no_cache=True, **({"public": True} if is_shared(request) else {"private": True}))
    patch_vary_headers(response, ["Cookie"])
    return response


# Exports ---------------------------------------------------------------------------------


def _stamp(request):
    """DTSTAMP: the programme's last change (read by public_page), so that the bytes only change with it."""
    version = request.programme_version
    return version.changed_at if version else timezone.now().replace(microsecond=0)


def _ics_response(content, filename):
    return HttpResponse(
        content,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@open_data
@public_page(visitor_independent=True)
def programme_ics(request, edition=None):
    edition = editions.shown(edition)
    content = exports.calendar(edition, absolute, _stamp(request))
    return _ics_response(content, f"{edition.slug}.ics")


@open_data
@public_page(visitor_independent=True)
def session_ics(request, slug, edition=None):
    shown = editions.shown(edition)
    ids = list(
        Occurrence.objects.filter(session__slug=slug, time_slot__day__edition=shown).values_list("pk", flat=True)
    )
    # Its cancelled occurrences too (all of them, for a session taken off the programme): their
    # events, cancelled, until the edition ends.
    cancelled = list(calendar_revisions.shown_of_session(shown, slug))
    if not ids and not cancelled and edition is None:
        return session_elsewhere("programme:session_ics", slug)
    if not ids and not cancelled:
        raise Http404("Cette séance n'est pas au programme.")
    content = exports.calendar(shown, absolute, _stamp(request), occurrence_ids=ids, cancelled=cancelled)
    return _ics_response(content, f"{slug}.ics")


@open_data
@public_page(visitor_independent=True)
def programme_json(request, edition=None):
    edition = editions.shown(edition)
    content = exports.programme_json(edition, list(edition.days.all()), absolute)
    return HttpResponse(content, content_type="application/json; charset=utf-8")
