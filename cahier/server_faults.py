"""The autosave's answer when the server fails (the disk full, the database unreachable or locked): JSON, 503,
« réessai automatique », never an HTML 500 the page cannot read (audit F11).

The text is not lost: the page keeps it in the browser and sends it again, with a growing delay
(static/js/cahier-autosave.js). The fault is logged once, with its traceback, where Django logs every 5xx
(django.request, mailed to ADMINS).
"""

import functools

from django.http import JsonResponse
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

RETRY = gettext_noop(
    "Le serveur n'a pas pu enregistrer ce texte pour le moment (incident de notre côté) : il reste dans "
    "ce navigateur, réessai automatique dans quelques secondes."
)
RETRY_AFTER_SECONDS = 5


def answered_in_json(view):
    """Any fault of `view` becomes a JSON 503 the page acts on."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Exception as fault:  # whatever failed, the page needs an answer it can read
            response = JsonResponse({"error": _(RETRY), "code": "reessai"}, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            log_response(
                "Enregistrement automatique en échec : %s",
                request.path,
                response=response,
                request=request,
                exception=fault,
            )
            return response

    return wrapper
