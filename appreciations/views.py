"""The evaluations' pages: rating a session, answering the questionnaire (participants), and the
results (organizers; speakers for their own sessions once the school is over). Thin: the rules are in
ratings.py, questionnaires.py, anonymity.py, results.py and access.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from appreciations import access, anonymity, exports, forms, questionnaires, ratings, results
from appreciations.models import COMMENT_MAX_LENGTH, Questionnaire
from automne.french import format_date
from programme.models import Edition, Session


def _edition(slug):
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404("Cette édition n'existe pas.")
    return edition


def _session(edition, slug):
    session = Session.objects.filter(edition=edition, slug=slug).select_related("edition").first()
    if session is None:
        raise Http404("Cette séance n'existe pas dans cette édition.")
    return session


def _refused(request, message, status):
    return render(request, "refused.html", {"message": message}, status=status)


def _back(request):
    """The page the form names in `next`, if it is an address of this site ("/…"), else None."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe and target.startswith("/") else None


def _private(response):
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, edition, slug):
    """« Évaluer la séance »: the participant's rating, new or changed."""
    session = _session(_edition(edition), slug)
    moment = timezone.now()
    try:
        entry = ratings.rateable(request.user, session)
        ratings.check_open(entry, moment)
    except ratings.Refused as refusal:
        return _refused(request, refusal.message, refusal.status)
    context = {
        "edition": session.edition,
        "session": session,
        "entry": entry,
        "choices": forms.SCORE_CHOICES,
        "comment_max": COMMENT_MAX_LENGTH,
        "score": str(entry.rating.score) if entry.rating else "",
        "comment": entry.rating.comment if entry.rating else "",
    }
    if request.method == "POST":
        try:
            ratings.rate(request.user, session, request.POST.get("note"), request.POST.get("commentaire"), moment)
        except ratings.Refused as refusal:
            if refusal.status != 400:
                return _refused(request, refusal.message, refusal.status)
            context.update(
                error=refusal.message, score=request.POST.get("note", ""), comment=request.POST.get("commentaire", "")
            )
            return _private(render(request, "appreciations/rate.html", context, status=400))
        messages.success(
            request, _("Merci ! Votre appréciation de « %(title)s » est enregistrée.") % {"title": session.title}
        )
        return redirect(_back(request) or "inscriptions:account")
    return _private(render(request, "appreciations/rate.html", context))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, edition):
    """« Questionnaire de fin d'école »: once per participant, while it is open."""
    edition = _edition(edition)
    found = Questionnaire.objects.filter(edition=edition).select_related("edition").first()
    if found is None:
        raise Http404(questionnaires.NO_QUESTIONNAIRE)
    moment = timezone.now()
    status = questionnaires.status(request.user, found, moment)
    if not status.may_answer:
        return _refused(request, questionnaires.NOT_REGISTERED, 403)
    context = {"edition": edition, "status": status, "questions": list(found.questions.all()), "values": {}}
    if request.method == "POST":
        try:
            questionnaires.submit(request.user, found, request.POST, moment)
        except questionnaires.Refused as refusal:
            if refusal.status != 400:
                return _refused(request, refusal.message, refusal.status)
            status.errors = refusal.errors
            context.update(error=refusal.message, values=request.POST)
            return _private(render(request, "appreciations/questionnaire.html", context, status=400))
        messages.success(request, _("Merci ! Vos réponses sont reçues, sans votre nom."))
        return redirect("appreciations:questionnaire", edition=edition.slug)
    return _private(render(request, "appreciations/questionnaire.html", context))


def _organizers_only(request):
    return None if access.reads_all(request.user) else _refused(request, access.ORGANIZERS_ONLY, 403)


@login_required
@require_safe
def results_page(request, edition):
    """Organizers: every session's count and mean, and the questionnaire's results, per question."""
    edition = _edition(edition)
    refused = _organizers_only(request)
    if refused:
        return refused
    moment = timezone.now()
    anonymity.seal_due(moment)
    found = Questionnaire.objects.filter(edition=edition).first()
    sealed = anonymity.ratings_sealed(edition)
    context = {
        "edition": edition,
        "sealed": sealed,
        "sessions": results.sessions(edition) if sealed else [],
        "ratings_received": 0 if sealed else results.ratings_received(edition),
        "questionnaire": found,
        "questions": results.questionnaire(found) if found and found.sealed_at else [],
        "received": results.received(found) if found and not found.sealed_at else 0,
        "min_answers": results.MIN_ANSWERS,
    }
    return _private(render(request, "appreciations/results.html", context))


@login_required
@require_safe
def session_results(request, edition, slug):
    """One session's results: for organizers, and for its speakers once the school is over."""
    session = _session(_edition(edition), slug)
    edition = session.edition
    moment = timezone.now()
    if not access.reads_all(request.user):
        if not access.speaks_in(request.user, session):
            return _refused(request, access.NOT_YOUR_SESSION, 403)
        if not edition.is_over(moment):
            return _refused(request, access.AFTER_THE_END.format(date=format_date(edition.ends_on)), 403)
    anonymity.seal_due(moment)
    sealed = anonymity.ratings_sealed(edition)
    found = results.sessions(edition, [session.pk]) if sealed else []
    context = {
        "edition": edition,
        "session": session,
        "sealed": sealed,
        "result": found[0] if found else None,
        "min_answers": results.MIN_ANSWERS,
        "ratings_received": 0 if sealed else results.ratings_received(edition, session),
    }
    return _private(render(request, "appreciations/session_results.html", context))


@login_required
@require_safe
def export(request, edition):
    """The results as .xlsx (organizers): what the results page shows, once sealed."""
    edition = _edition(edition)
    refused = _organizers_only(request)
    if refused:
        return refused
    anonymity.seal_due(timezone.now())
    found = Questionnaire.objects.filter(edition=edition).first()
    sessions = results.sessions(edition) if anonymity.ratings_sealed(edition) else []
    questions = results.questionnaire(found) if found and found.sealed_at else []
    content = exports.workbook(edition, sessions, questions)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="evaluations-{edition.slug}.xlsx"'
    return _private(response)
