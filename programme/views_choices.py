"""A participant's own programme: choosing sessions (programme/choices.py) and « Mon programme »
(programme/my_programme.py). Rendered for each participant, never cached."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from automne import compression
from programme import caching, choices, editions, my_programme, personal_calendar
from programme.personal import personal_page


def _back(request, fallback):
    """Where the form was sent from (its `next` field), if it is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refusal(request, edition, message, status):
    if _wants_json(request):
        return JsonResponse({"erreur": message}, status=status)
    return render(request, "programme/choice_refused.html", {"edition": edition, "message": message}, status=status)


@require_POST
def choose(request, occurrence, edition=None):
    """Adds or removes a choice (`action`: « ajouter » or « retirer »), then back to the page it
    was made from; as JSON for the enhanced button. Anonymous: to the login, then back."""
    shown = editions.shown(edition)
    target = choices.occurrence_of(shown, occurrence)
    back = _back(request, target.session.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    try:
        chosen = choices.apply(request.user, shown, target, request.POST.get("action", ""))
    except choices.Refused as refusal:
        return _refusal(request, shown, refusal.message, refusal.status)
    title = target.session.title
    if chosen:
        message = _("« %(title)s » est dans votre programme.") % {"title": title}
    else:
        message = _("« %(title)s » est retirée de votre programme.") % {"title": title}
    if _wants_json(request):
        return JsonResponse({"choisie": chosen, "message": message})
    messages.success(request, message)
    return redirect(back)


@require_safe
@personal_page(moment_key=my_programme.moment_key)
@login_required
def my_programme_page(request, edition=None):
    """« Mon programme »: the participant's chosen sessions and the plenary ones, day by day; kept
    per person by programme/personal.py, with an ETag that follows their choices."""
    shown = editions.shown(edition)
    visit = getattr(request, "personal", None)
    if visit is not None and visit.edition_pk == shown.pk:
        # Rendered from the state the personal layer read: the page kept under it shows exactly that.
        page = my_programme.build(request.user, shown, timezone.localtime(), known=visit.state)
        token = visit.state.calendar_token
    else:
        page = my_programme.build(request.user, shown, timezone.localtime())
        calendar = personal_calendar.of(request.user) if page.state else None
        token = calendar.token if calendar else None
    context = {"edition": shown, "page": page, "choices": page.choices, "moment": timezone.localtime()}
    if page.state and token:
        context["feed_https"], context["feed_webcal"] = personal_calendar.addresses(request, shown, token)
    if visit is not None and request.method in ("GET", "HEAD"):
        not_modified = get_conditional_response(request, etag=visit.etag)
        if not_modified is not None:
            return not_modified
    response = render(request, "programme/my_programme.html", context)
    request.personal_page_rendered = True
    if visit is not None:
        response["ETag"] = visit.etag
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_POST
@login_required
def renew_calendar(request, edition=None):
    """Creates the participant's calendar address, or replaces it (the old one then answers 404)."""
    shown = editions.shown(edition)
    had_one = personal_calendar.of(request.user) is not None
    personal_calendar.renew(request.user)
    if had_one:
        messages.success(request, _("Votre agenda a une nouvelle adresse : l'ancienne ne fonctionne plus."))
    else:
        messages.success(request, _("Votre agenda personnel est prêt : abonnez-vous à son adresse."))
    return redirect(editions.url(shown, "programme:my_programme"))


@require_safe
def personal_ics(request, token, edition=None):
    """The feed at its secret address: 404 for a malformed or unknown token, never a 500; an ETag
    that follows all it shows (a 304 for a calendar app that asks again), compressed once."""
    versions = caching.edition_versions()  # remembered by the process
    version = caching.edition_version(caching.EDITION, edition, versions)
    if version is None:
        raise Http404(editions.UNKNOWN_EDITION if edition else editions.NO_EDITION)
    found = personal_calendar.owner_and_state(token, version.pk)
    if found is None:
        raise Http404("Cet agenda n'existe pas.")
    kept = personal_calendar.kept_feed(*found, version, caching.page_version(caching.EDITION, version.slug, versions))
    gzipped = compression.accepts_gzip(request)
    response = HttpResponse(kept.gzipped if gzipped else kept.content, content_type="text/calendar; charset=utf-8")
    response["ETag"] = kept.etag
    response["Last-Modified"] = http_date(kept.made_at)
    if gzipped:
        response["Content-Encoding"] = "gzip"
        compression.weak_etag(response)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    patch_vary_headers(response, ["Accept-Encoding"])
    return get_conditional_response(request, etag=response["ETag"], last_modified=kept.made_at, response=response)
