"""The participant's side: « Remettre mon cahier » (the preview, handing in, withdrawing, the hand-ins kept),
the PDF handed in, and the assessment once published. The rules: handing_in.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from automne.french import typeset
from programme import editions
from remises import handing_in, snapshot
from remises.handing_in import Phase, Refused
from remises.models import HandIn, Publication


def refused(request, edition, message, status):
    return render(request, "remises/refused.html", {"edition": edition, "message": message}, status=status)


def page_context(request, edition, status):
    cahier = snapshot.read(request.user, edition)
    return {
        "edition": edition,
        "status": status,
        "cahier": cahier,
        "seen": handing_in.fingerprint(cahier.views, cahier.drawings),
        "phases": Phase,
    }


@login_required
def hand_in(request, edition):
    """GET: where the participant stands, and the preview of what will be handed in. POST: hand it in."""
    edition = editions.shown(edition)
    if request.method == "POST":
        return submit(request, edition)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    status = handing_in.status(request.user, edition)
    if status is None:
        return refused_for(request, edition)
    return render(request, "remises/hand_in.html", page_context(request, edition, status))


def refused_for(request, edition):
    assignment = handing_in.assignment_of(edition)
    if assignment is None:
        return refused(request, edition, handing_in.NO_HAND_IN, 404)
    return refused(request, edition, handing_in.not_eligible_message(assignment), 403)


def submit(request, edition):
    try:
        handed_in = handing_in.hand_in(
            request.user,
            edition,
            accepted=request.POST.get("declaration") == "oui",
            seen=request.POST.get("apercu", ""),
        )
    except Refused as refusal:
        status = handing_in.status(request.user, edition)
        if status is None:
            return refused(request, edition, refusal.message, refusal.status)
        context = {**page_context(request, edition, status), "error": refusal.message}
        return render(request, "remises/hand_in.html", context, status=refusal.status)
    if handed_in.is_late:
        done = _("Votre cahier est remis en retard (remise n° %(number)s). Un reçu vous est envoyé par courriel.")
    else:
        done = _("Votre cahier est remis (remise n° %(number)s). Un reçu vous est envoyé par courriel.")
    messages.success(request, done % {"number": handed_in.number})
    return redirect("remises:hand_in", edition=edition.slug)


@login_required
@require_POST
def withdraw(request, edition, pk):
    edition = editions.shown(edition)
    try:
        withdrawn = handing_in.withdraw(request.user, edition, pk)
    except Refused as refusal:
        status = handing_in.status(request.user, edition)
        if status is None or refusal.status == 404:
            return refused(request, edition, refusal.message, refusal.status)
        context = {**page_context(request, edition, status), "error": refusal.message}
        return render(request, "remises/hand_in.html", context, status=refusal.status)
    messages.success(
        request,
        typeset(
            _(
                "La remise n° %(number)s est retirée (elle reste dans la liste de vos remises). "
                "Votre cahier n'est plus remis : remettez-le de nouveau avant la date de remise."
            )
            % {"number": withdrawn.number}
        ),
    )
    return redirect("remises:hand_in", edition=edition.slug)


def pdf_response(hand_in, filename):
    response = HttpResponse(bytes(hand_in.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def hand_in_pdf(request, edition, pk):
    """The PDF of one of the participant's own hand-ins (anyone else's id: 404)."""
    found = HandIn.objects.filter(pk=pk, participant=request.user, assignment__edition__slug=edition).first()
    if found is None:
        raise Http404("Cette remise n'existe pas.")
    return pdf_response(found, f"cahier-remis-{edition}-{found.number}.pdf")


@login_required
@require_safe
def assessment(request, edition):
    """The assessment as published: grade, rubric, feedback, and the earlier publications when it changed."""
    edition = editions.shown(edition)
    publications = list(
        Publication.objects.filter(assessment__participant=request.user, assessment__assignment__edition=edition)
        .select_related("hand_in")
        .order_by("-published_at", "-pk")
    )
    if not publications:
        raise Http404("Aucune évaluation publiée.")
    return render(
        request,
        "remises/assessment.html",
        {"edition": edition, "publication": publications[0], "earlier": publications[1:]},
    )
