"""The teaching team's side: « À évaluer » with its glance, the grading form beside the hand-in, the workflow's
buttons, extensions, publication and the registrar's spreadsheet. Only the edition's team reaches any of it
(team.py); the rules are in grading.py and handing_in.py."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from automne.french import format_moment, typeset
from remises import grading, handing_in, registrar, team
from remises.grading import Conflict
from remises.handing_in import Refused
from remises.models import HandIn, HandInDrawing, Publication
from remises.views import pdf_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def board_url(assignment):
    return reverse("remises:team", kwargs={"edition": assignment.edition.slug})


def grade_url(assignment, assessment):
    return reverse("remises:grade", kwargs={"edition": assignment.edition.slug, "pk": assessment.pk})


def options(filters, counts):
    """(value, label, count) of each choice of a filter."""
    return [(value, label, counts[value]) for value, label in filters.items()]


@login_required
@require_safe
def board(request, edition):
    """« À évaluer »: who has handed in, late, not, with an extension; filters, counts and the glance."""
    assignment = team.assignment_or_404(request.user, edition)
    hand_in_filter = request.GET.get("remise", "")
    hand_in_filter = hand_in_filter if hand_in_filter in team.HAND_IN_FILTERS else ""
    state_filter = request.GET.get("etat", "")
    state_filter = state_filter if state_filter in team.STATE_FILTERS else ""
    mine = request.GET.get("lecteur") == "moi"
    result = team.board(assignment, hand_in_filter, state_filter, reader=request.user if mine else None)
    return render(
        request,
        "remises/team_board.html",
        {
            "assignment": assignment,
            "edition": assignment.edition,
            "board": result,
            "glance": team.at_a_glance(assignment, result.state_counts),
            "hand_in_options": options(team.HAND_IN_FILTERS, result.hand_in_counts),
            "state_options": options(team.STATE_FILTERS, result.state_counts),
            "hand_in_filter": hand_in_filter,
            "state_filter": state_filter,
            "mine": mine,
            "filtered": bool(hand_in_filter or state_filter or mine),
        },
    )


def form_values(assessment, criteria, scores=None, data=None):
    """What the grading form shows: the saved values, or the posted ones (`data`) after a refusal or a conflict."""
    if data is not None:
        levels = {c.pk: data.get(f"niveau-{c.pk}", "") for c in criteria}
        feedbacks = {c.pk: data.get(f"commentaire-{c.pk}", "") for c in criteria}
        return {
            "levels": levels,
            "feedbacks": feedbacks,
            "grade": data.get("note", ""),
            "feedback": data.get("commentaire", ""),
        }
    scores = grading.scores_of(assessment) if scores is None else scores
    return {
        "levels": {c.pk: str(scores[c.pk].level_id or "") if c.pk in scores else "" for c in criteria},
        "feedbacks": {c.pk: scores[c.pk].feedback if c.pk in scores else "" for c in criteria},
        "grade": str(assessment.grade_id or ""),
        "feedback": assessment.feedback,
    }


def rubric_rows(criteria, values):
    return [
        {
            "criterion": criterion,
            "chosen": values["levels"].get(criterion.pk, ""),
            "feedback": values["feedbacks"].get(criterion.pk, ""),
        }
        for criterion in criteria
    ]


def readable(values, criteria, bands):
    """The values of a form as words, for the conflict page: level titles and grade labels, not ids."""
    levels = {str(level.pk): level for criterion in criteria for level in criterion.levels.all()}
    band_labels = {str(band.pk): band.label for band in bands}
    return {
        "rubric": [
            {
                "criterion": criterion.title,
                "level": str(levels[values["levels"][criterion.pk]])
                if values["levels"].get(criterion.pk) in levels
                else "—",
                "feedback": values["feedbacks"].get(criterion.pk, ""),
            }
            for criterion in criteria
        ],
        "grade": band_labels.get(values["grade"], "—"),
        "feedback": values["feedback"],
    }


def grade_context(request, assignment, assessment, *, values=None, error=None, conflict=None):
    criteria = grading.criteria_of(assignment)
    bands = grading.bands_of(assignment)
    scores = grading.scores_of(assessment)
    values = values or form_values(assessment, criteria, scores)
    hand_in = assessment.hand_in
    now = timezone.now()
    dates = handing_in.deadline_of(assignment, assessment.participant_id)
    publications = list(Publication.objects.filter(assessment=assessment).order_by("-published_at", "-pk"))
    return {
        "assignment": assignment,
        "edition": assignment.edition,
        "assessment": assessment,
        "hand_in": hand_in,
        "pages": list(hand_in.pages.prefetch_related("answers")) if hand_in else [],
        "drawings": list(hand_in.drawings.defer("content")) if hand_in else [],
        "name": team.display_name(assignment, assessment),
        "named": team.shows_name(assignment, assessment),
        "criteria": criteria,
        "bands": bands,
        "rubric": rubric_rows(criteria, values),
        "values": values,
        "for_credit": hand_in.for_credit if hand_in else True,
        "grading_open": hand_in is not None and now > dates.due,
        "due": dates.due,
        "missing": grading.missing(assessment, criteria, bands, scores) if hand_in else [],
        "outcome": grading.outcome(assessment, criteria, bands, scores) if hand_in else (None, None),
        "max_points": grading.max_points(criteria),
        "team_members": list(assignment.team.order_by("last_name", "first_name", "email")),
        "publications": publications,
        "is_second_reader": assessment.second_reader_id == request.user.pk,
        "error": error,
        "conflict": conflict,
    }


@login_required
def grade(request, edition, pk):
    """The hand-in beside its grading form. POST: saves the form (409 with both versions when stale)."""
    assignment = team.assignment_or_404(request.user, edition)
    assessment = team.assessment_or_404(assignment, pk)
    if request.method == "POST":
        return save(request, assignment, assessment)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "remises/grade.html", grade_context(request, assignment, assessment))


def save(request, assignment, assessment):
    criteria = grading.criteria_of(assignment)
    posted = form_values(assessment, criteria, data=request.POST)
    try:
        grading.save(assessment, request.user, request.POST)
    except Refused as refusal:
        context = grade_context(request, assignment, assessment, values=posted, error=refusal.message)
        return render(request, "remises/grade.html", context, status=refusal.status)
    except Conflict:
        current = team.assessment_or_404(assignment, assessment.pk)
        bands = grading.bands_of(assignment)
        saved = form_values(current, criteria)
        context = grade_context(request, assignment, current, values=posted)
        context["conflict"] = {
            "mine": readable(posted, criteria, bands),
            "saved": readable(saved, criteria, bands),
            "by": current.updated_by,
            "at": current.updated_at,
        }
        return render(request, "remises/grade.html", context, status=409)
    messages.success(request, _("Évaluation enregistrée."))
    return redirect(grade_url(assignment, assessment))


def workflow_view(action, done):
    """A POST that moves an assessment along the workflow (grading.<action>), then back to its page."""

    @login_required
    @require_POST
    def view(request, edition, pk):
        assignment = team.assignment_or_404(request.user, edition)
        assessment = team.assessment_or_404(assignment, pk)
        try:
            action(request, assignment, assessment)
        except Refused as refusal:
            context = grade_context(request, assignment, team.assessment_or_404(assignment, pk), error=refusal.message)
            return render(request, "remises/grade.html", context, status=refusal.status)
        messages.success(request, done)
        return redirect(grade_url(assignment, assessment))

    return view


mark_ready = workflow_view(lambda r, a, x: grading.mark_ready(x, r.user), gettext_lazy("Évaluation marquée prête."))
resume = workflow_view(
    lambda r, a, x: grading.resume(x, r.user), gettext_lazy("Évaluation reprise : elle est de nouveau en cours.")
)
second_reading = workflow_view(
    lambda r, a, x: grading.confirm_second_reading(x, r.user), gettext_lazy("Deuxième lecture confirmée.")
)
readers = workflow_view(
    lambda r, a, x: grading.assign_readers(
        x, list(a.team.all()), r.POST.get("lecteur", ""), r.POST.get("deuxieme_lecteur", ""), r.user
    ),
    gettext_lazy("Lecture attribuée."),
)
publish = workflow_view(
    lambda r, a, x: grading.publish(x, r.user),
    gettext_lazy("Évaluation publiée : la personne la voit et en reçoit l'avis par courriel."),
)
reopen = workflow_view(
    lambda r, a, x: grading.reopen(x, r.user, r.POST.get("motif", "")),
    gettext_lazy(
        "La note publiée peut être modifiée : la personne voit la précédente jusqu'à la nouvelle publication."
    ),
)


@login_required
@require_POST
def publish_ready(request, edition):
    """Publishes every ready assessment of the edition at once."""
    assignment = team.assignment_or_404(request.user, edition)
    try:
        outcome = grading.publish_ready(assignment, request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(board_url(assignment))
    count = len(outcome.done)
    if count > 1:
        done = _("%(count)s évaluations publiées.") % {"count": count}
    else:  # French says « 0 évaluation publiée »: the singular for 0 and 1, English its plural for 0
        done = ngettext("%(count)s évaluation publiée.", "%(count)s évaluation publiée.", count) % {"count": count}
    messages.success(request, done)
    for assessment, lacking in outcome.left:
        name = team.display_name(assignment, assessment)
        left = _("%(name)s : non publiée. %(lacking)s") % {"name": name, "lacking": grading.incomplete_message(lacking)}
        messages.warning(request, typeset(left))
    return redirect(board_url(assignment))


@login_required
@require_safe
def hand_in_pdf(request, edition, pk):
    assignment = team.assignment_or_404(request.user, edition)
    assessment = team.assessment_or_404(assignment, pk)
    if assessment.hand_in is None:
        raise Http404("Aucune remise.")
    hand_in = HandIn.objects.get(pk=assessment.hand_in_id)
    who = assessment.alias if not team.shows_name(assignment, assessment) else assessment.participant_id
    return pdf_response(hand_in, f"cahier-remis-{edition}-{who}-{hand_in.number}.pdf")


@login_required
@require_safe
def drawing(request, edition, pk, drawing_id):
    """A drawing as handed in, for the team reading the hand-in beside the form."""
    assignment = team.assignment_or_404(request.user, edition)
    assessment = team.assessment_or_404(assignment, pk)
    found = get_object_or_404(HandInDrawing, pk=drawing_id, hand_in=assessment.hand_in_id or 0)
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def parse_moment(value):
    """« 2025-11-20T17:00 » (an <input type=datetime-local>, seconds optional), in Montréal time; None if it
    is not one."""
    for layout in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return timezone.make_aware(datetime.datetime.strptime(value or "", layout))
        except ValueError:
            continue
    return None


@login_required
def extension(request, edition, user_id):
    """An extension for one participant: the history of theirs, and the form to give a new one."""
    assignment = team.assignment_or_404(request.user, edition)
    registration = handing_in.eligible_registrations(assignment).filter(user=user_id).first()
    if registration is None:
        raise Http404("Cette personne ne remet pas de cahier dans cette édition.")
    error, status = None, 200
    if request.method == "POST":
        until = parse_moment(request.POST.get("jusqua"))
        try:
            if until is None:
                raise Refused(_("Indiquez la nouvelle date et l'heure de remise."), 400)
            handing_in.grant_extension(
                assignment, registration.user_id, until=until, reason=request.POST.get("motif", ""), by=request.user
            )
        except Refused as refusal:
            error, status = refusal.message, refusal.status
        else:
            messages.success(
                request,
                _("Prolongation accordée à %(name)s jusqu'au %(until)s.")
                % {"name": registration.full_name, "until": format_moment(until)},
            )
            return redirect(board_url(assignment))
    history = list(assignment.extensions.filter(participant=registration.user_id).select_related("granted_by"))
    return render(
        request,
        "remises/extension.html",
        {
            "assignment": assignment,
            "edition": assignment.edition,
            "registration": registration,
            "history": history,
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@login_required
@require_safe
def grades_xlsx(request, edition):
    """The registrar's spreadsheet, for the team (organizers have it in the admin)."""
    assignment = team.assignment_or_404(request.user, edition)
    response = HttpResponse(registrar.grades_xlsx(assignment.edition), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{registrar.filename(assignment.edition)}"'
    return response
