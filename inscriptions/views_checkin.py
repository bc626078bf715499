"""Check-in at the door, on a phone: a page per day with a search by name, one tap to mark a person
present or undo it (a plain form; static/js/presences.js sends it without reloading the page),
and a person's page, which the QR code of « Mon espace » opens for today.

Each edition's check-in has its own address, /editions/<slug>/presences/…, whatever edition is
current: a past edition's attendance is corrected where it was taken. The short addresses
(/presences/, /presences/<day>/…) lead there. Presence is written by inscriptions/checkin.py only.

Only organizers see these pages; for anyone else logged in they do not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_safe

from automne.site import absolute
from inscriptions import checkin, staff
from inscriptions.models import Registration
from programme.models import Day, Edition

UNKNOWN_PRESENCE = gettext_noop("Présence inconnue : « present » ou « absent » attendu.")


class KeepTheRequest(HttpResponsePermanentRedirect):
    """308: the browser sends the same request (a POST and its form) to the permanent address."""

    status_code = 308


def _organizer_or_404(user):
    if not staff.may_check_in(user):
        raise Http404


def _edition_or_404(slug):
    return get_object_or_404(Edition, slug=slug)


def day_url(day):
    return reverse("inscriptions:checkin_day", kwargs={"edition": day.edition.slug, "day_id": day.pk})


def person_url(day, registration):
    kwargs = {"edition": day.edition.slug, "day_id": day.pk, "registration_id": registration.pk}
    return reverse("inscriptions:checkin_person", kwargs=kwargs)


@login_required
@require_safe
def today(request):
    """/presences/: today's page when one edition has a day today; else every edition's days."""
    _organizer_or_404(request.user)
    todays = list(checkin.days_today())
    if len(todays) == 1:
        return redirect(day_url(todays[0]))
    context = {"editions": checkin.editions_with_days(), "todays": todays, "person": None}
    return render(request, "inscriptions/checkin/editions.html", context)


@login_required
@require_safe
def edition(request, edition):
    """An edition's check-in: its day today, else the list of its days."""
    _organizer_or_404(request.user)
    edition = _edition_or_404(edition)
    day = checkin.today_of(edition)
    if day is not None:
        return redirect(day_url(day))
    context = {"edition": edition, "days": checkin.days(edition), "person": None}
    return render(request, "inscriptions/checkin/no_day.html", context)


@login_required
@require_safe
def day(request, edition, day_id):
    _organizer_or_404(request.user)
    day = checkin.day_or_404(_edition_or_404(edition), day_id)
    everyone = list(checkin.expected(day))
    query = request.GET.get("q", "").strip()
    context = {
        "day": day,
        "edition": day.edition,
        "days": checkin.days(day.edition),
        "people": checkin.matching(everyone, query) if query else everyone,
        "query": query,
        "present": sum(person.present for person in everyone),
        "expected": len(everyone),
    }
    return render(request, "inscriptions/checkin/day.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person(request, edition, day_id, registration_id):
    _organizer_or_404(request.user)
    day = checkin.day_or_404(_edition_or_404(edition), day_id)
    registration = checkin.person_or_404(day, registration_id)
    if request.method == "POST":
        wanted = request.POST.get("presence")
        if wanted not in ("present", "absent"):
            return HttpResponseBadRequest(_(UNKNOWN_PRESENCE), content_type="text/plain; charset=utf-8")
        try:
            present = checkin.set_presence(day, registration, wanted == "present")
        except checkin.PresenceRefused as refused:
            if request.headers.get("Accept") == "application/json":
                return JsonResponse({"present": registration.present, "message": refused.message}, status=409)
            messages.error(request, refused.message)
            return redirect(_next_url(request, day, registration))
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"present": present, "message": _said(registration, present, day)})
        messages.success(request, _said(registration, present, day))
        return redirect(_next_url(request, day, registration))
    context = {"day": day, "edition": day.edition, "days": checkin.days(day.edition), "person": registration}
    return render(request, "inscriptions/checkin/person.html", context)


@login_required
@require_safe
def person_today(request, registration_id):
    """Where a participant's QR code leads: their check-in for today, in their edition."""
    _organizer_or_404(request.user)
    registration = checkin.registration_or_404(registration_id)
    day = checkin.today_of(registration.edition)
    if day is not None:
        return redirect(person_url(day, registration))
    context = {"edition": registration.edition, "days": checkin.days(registration.edition), "person": registration}
    return render(request, "inscriptions/checkin/no_day.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def short_address(request, day_id, registration_id=None):
    """/presences/<day>/…, the addresses of before: the same page at its edition's address."""
    _organizer_or_404(request.user)
    day = get_object_or_404(Day.objects.select_related("edition"), pk=day_id)
    if registration_id is None:
        url = day_url(day)
    else:
        url = person_url(day, get_object_or_404(Registration, pk=registration_id, edition=day.edition_id))
    query = request.META.get("QUERY_STRING")
    url = f"{url}?{query}" if query else url
    return KeepTheRequest(url) if request.method == "POST" else HttpResponsePermanentRedirect(url)


def _said(registration, present, day):
    values = {"name": registration.full_name, "day": day}
    if present:
        return _("%(name)s : présent·e le %(day)s.") % values
    return _("%(name)s : pas encore noté·e présent·e le %(day)s.") % values


def _next_url(request, day, registration):
    """Back to the list the tap came from (with its search), else the person's page."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return person_url(day, registration)


@login_required
@require_safe
def own_code(request, pk):
    """The QR code of « Mon espace »: the address of the participant's check-in for today."""
    registration = get_object_or_404(Registration.objects.of(request.user).select_related("edition"), pk=pk)
    if not checkin.has_code(registration):
        raise Http404
    url = reverse("inscriptions:checkin_person_today", kwargs={"registration_id": registration.pk})
    response = HttpResponse(checkin.code_svg(absolute(url)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
