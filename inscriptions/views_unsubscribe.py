"""The unsubscribe page of announcements (inscriptions/unsubscribe.py): GET asks, POST records.

POST is exempt from CSRF and needs no login, as RFC 8058 requires of a one-click unsubscribe: the
signed token in the address is what authorizes it."""

from django.shortcuts import render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from inscriptions import unsubscribe

TEMPLATE = "inscriptions/unsubscribe.html"
METHOD_REFUSED = gettext_noop("Ce lien s'ouvre dans un navigateur, ou se confirme par son bouton.")


@csrf_exempt
@never_cache
def page(request, token):
    if request.method not in ("GET", "HEAD", "POST"):
        response = render(request, TEMPLATE, {"refused": gettext(METHOD_REFUSED)}, status=405)
        response["Allow"] = "GET, HEAD, POST"
        return response
    try:
        registration = unsubscribe.registration_for(token)
    except unsubscribe.Refused as refused:
        return render(request, TEMPLATE, {"refused": refused.message}, status=refused.status)
    stopped_now = request.method == "POST" and unsubscribe.stop(registration)
    context = {
        "registration": registration,
        "edition": registration.edition,
        "refused_at": unsubscribe.refused_at(registration),
        "stopped_now": stopped_now,
    }
    return render(request, TEMPLATE, context)
