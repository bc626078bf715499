"""Check-in at the door, on a phone: a page per day with a search by name, one tap to mark a person
present or undo it (a plain form; static/js/presences.js sends it without reloading the page),
and a person's page, which the QR code of « Mon espace » opens for today.

Only organizers see these pages; for anyone else logged in they do not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from automne.french import NBSP
from inscriptions import checkin, staff
from inscriptions.models import Registration

UNKNOWN_PRESENCE = f"Présence inconnue{NBSP}: «{NBSP}present{NBSP}» ou «{NBSP}absent{NBSP}» attendu."


def _organizer_or_404(user):
    if not staff.may_check_in(user):
        raise Http404


@login_required
@require_safe
def today(request):
    _organizer_or_404(request.user)
    day = checkin.today()
    if day is not None:
        return redirect("inscriptions:checkin_day", day_id=day.pk)
    return render(request, "inscriptions/checkin/no_day.html", {"days": checkin.days(), "person": None})


@login_required
@require_safe
def day(request, day_id):
    _organizer_or_404(request.user)
    day = checkin.day_or_404(day_id)
    everyone = list(checkin.expected(day))
    query = request.GET.get("q", "").strip()
    context = {
        "day": day,
        "days": checkin.days(),
        "people": checkin.matching(everyone, query) if query else everyone,
        "query": query,
        "present": sum(person.present for person in everyone),
        "expected": len(everyone),
    }
    return render(request, "inscriptions/checkin/day.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person(request, day_id, registration_id):
    _organizer_or_404(request.user)
    day = checkin.day_or_404(day_id)
    registration = checkin.person_or_404(day, registration_id)
    if request.method == "POST":
        wanted = request.POST.get("presence")
        if wanted not in ("present", "absent"):
            return HttpResponseBadRequest(UNKNOWN_PRESENCE)
        present = checkin.set_presence(day, registration, wanted == "present")
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"present": present, "message": _said(registration, present, day)})
        messages.success(request, _said(registration, present, day))
        return redirect(_next_url(request, day, registration))
    context = {"day": day, "days": checkin.days(), "person": registration}
    return render(request, "inscriptions/checkin/person.html", context)


@login_required
@require_safe
def person_today(request, registration_id):
    """Where a participant's QR code leads: their check-in for today."""
    _organizer_or_404(request.user)
    registration = checkin.registration_of_current_edition_or_404(registration_id)
    day = checkin.today()
    if day is not None:
        return redirect("inscriptions:checkin_person", day_id=day.pk, registration_id=registration.pk)
    return render(request, "inscriptions/checkin/no_day.html", {"days": checkin.days(), "person": registration})


def _said(registration, present, day):
    state = "présent·e" if present else "pas encore noté·e présent·e"
    return f"{registration.full_name}{NBSP}: {state} le {day}."


def _next_url(request, day, registration):
    """Back to the list the tap came from (with its search), else the person's page."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("inscriptions:checkin_person", kwargs={"day_id": day.pk, "registration_id": registration.pk})


@login_required
@require_safe
def own_code(request, pk):
    """The QR code of « Mon espace »: the address of the participant's check-in for today."""
    registration = get_object_or_404(Registration.objects.of(request.user).select_related("edition"), pk=pk)
    if not checkin.has_code(registration):
        raise Http404
    url = reverse("inscriptions:checkin_person_today", kwargs={"registration_id": registration.pk})
    response = HttpResponse(checkin.code_svg(request.build_absolute_uri(url)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response
