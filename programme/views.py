"""Public pages of the programme. Each runs a constant number of queries (see schedule.py)
and the shared ones go through caching.public_page (ETag, 304, cached bytes)."""

import datetime
import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from programme import exports, schedule
from programme.caching import public_page
from programme.models import Edition, ProgrammeChange, Session, Speaker
from programme.open_data import open_data


def current_edition_or_404():
    edition = Edition.objects.current()
    if edition is None:
        raise Http404("Aucune édition n'est publiée.")
    return edition


@public_page
def home(request):
    edition = Edition.objects.current()
    context = {"current": edition, "edition": edition}
    if edition:
        occurrences = schedule.occurrences_of(edition)
        context["keynotes"] = schedule.keynotes(occurrences)
        context["partner_groups"] = schedule.partners_by_role(edition)
    return render(request, "programme/home.html", context)


@public_page
def week(request):
    edition = current_edition_or_404()
    days = list(edition.days.all())
    occurrences = schedule.occurrences_of(edition)
    filters = schedule.ProgrammeFilters(request.GET or None, schedule.rooms_of(occurrences))
    shown = filters.apply(occurrences) if request.GET else occurrences
    plan = schedule.week_plan(days, shown)
    context = {
        "edition": edition,
        "days": days,
        "plan": [day for day in plan if not day.is_empty] if request.GET else plan,
        "filters": filters,
        "filtered": bool(request.GET),
        "result_count": len(shown),
    }
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
def day(request, date):
    when = parse_day(date)
    edition = current_edition_or_404()
    days = list(edition.days.all())
    current = next((d for d in days if d.date == when), None)
    if current is None:
        raise Http404("Aucune journée à cette date.")
    occurrences = schedule.occurrences_of(edition, day=current)
    context = {
        "edition": edition,
        "days": days,
        "current_day": current,
        "slots": schedule.group_in_slots(occurrences),
        "previous_day": next((d for d in reversed(days) if d.date < when), None),
        "next_day": next((d for d in days if d.date > when), None),
    }
    return render(request, "programme/day.html", context)


def scheduled_session_or_404(slug, edition):
    session = get_object_or_404(schedule.session_with_speakers(Session.objects.all()), slug=slug)
    occurrences = schedule.session_occurrences(session, edition)
    if not occurrences:
        raise Http404("Cette séance n'est pas au programme.")
    return session, occurrences


@public_page
def session(request, slug):
    edition = current_edition_or_404()
    session, occurrences = scheduled_session_or_404(slug, edition)
    context = {"edition": edition, "session": session, "occurrences": occurrences}
    return render(request, "programme/session.html", context)


@public_page
def speakers(request):
    edition = current_edition_or_404()
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
def speaker(request, slug):
    edition = current_edition_or_404()
    person = get_object_or_404(Speaker.objects.prefetch_related("session_speakers"), slug=slug)
    occurrences = schedule.speaker_occurrences(person, edition)
    return render(
        request, "programme/speaker.html", {"edition": edition, "speaker": person, "occurrences": occurrences}
    )


@public_page
def changes(request):
    edition = current_edition_or_404()
    recent = ProgrammeChange.objects.of_edition(edition).newest_first().select_related("session")[:50]
    return render(request, "programme/changes.html", {"edition": edition, "changes": recent})


@require_safe
def now(request):
    """What runs now and next, in Montréal time. Never cached: it depends on the clock."""
    edition = Edition.objects.current()
    moment = timezone.localtime()
    context = {"edition": edition, "current": edition, "moment": moment}
    if edition:
        context.update(schedule.at_moment(edition, moment))
    response = render(request, "programme/now.html", context)
    response["Cache-Control"] = "no-cache"
    return response


# Exports ---------------------------------------------------------------------------------


def _stamp(request):
    """DTSTAMP: the programme's last change (read by public_page), so that the bytes only change with it."""
    version = request.programme_version
    return version[1] if version else timezone.now().replace(microsecond=0)


def _ics_response(content, filename):
    return HttpResponse(
        content,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@open_data
@public_page
def programme_ics(request):
    edition = current_edition_or_404()
    content = exports.calendar(schedule.occurrences_of(edition), edition, request.build_absolute_uri, _stamp(request))
    return _ics_response(content, f"{edition.slug}.ics")


@open_data
@public_page
def session_ics(request, slug):
    edition = current_edition_or_404()
    session, occurrences = scheduled_session_or_404(slug, edition)
    for occurrence in occurrences:
        occurrence.session = session  # with its prefetched speakers
    content = exports.calendar(occurrences, edition, request.build_absolute_uri, _stamp(request))
    return _ics_response(content, f"{session.slug}.ics")


@open_data
@public_page
def programme_json(request):
    edition = current_edition_or_404()
    data = exports.programme_json(
        edition, list(edition.days.all()), schedule.occurrences_of(edition), request.build_absolute_uri
    )
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")
