from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from automne import clean_input, site
from automne.middleware import language_of, wants_json


@never_cache
@require_safe
def health(request):
    """200 "ok" when the database answers, 503 otherwise (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("base de données injoignable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """Django's 400 (an unknown Host, a body it will not read…), saying why when Django says it, in the
    language of the address (French, or English under /en/).

    Rendered without the request's context: the page must read neither the Host nor the body it refuses."""
    with translation.override(language_of(request)):
        reason = clean_input.reason_for(exception)
        if wants_json(request):
            return JsonResponse({"error": reason}, status=400)
        return HttpResponseBadRequest(loader.render_to_string("400.html", {"reason": reason}))


# The private areas, closed to crawlers (the sitemap lists none of them either).
PRIVATE_AREAS = (
    "/admin/",
    "/cahier/",
    "/presences/",
    "/mon-espace/",
    "/mon-programme/",
    "/editions/*/mon-programme/",
    "/editions/*/presences/",
    "/espace-intervenant/",
    "/appreciations/",
    "/connexion/",
    "/deconnexion/",
    "/mot-de-passe/",
    "/invitation/",
)


@require_safe
def robots_txt(request):
    """/robots.txt: every crawler kept out of the private areas, and the sitemap's absolute address."""
    lines = ["User-agent: *", *(f"Disallow: {area}" for area in PRIVATE_AREAS)]
    lines += ["", f"Sitemap: {site.absolute('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
