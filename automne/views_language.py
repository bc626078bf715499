"""The language switch (issue 24): the same page in the other language, the choice kept on the account."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from automne import languages


@require_POST
def switch(request, language):
    """POST /langue/en/ (next=/programme/) → /en/programme/. A signed-in person's account remembers the
    language (their e-mails and attestation follow it); a visitor's page links straight to the other
    address and never comes here. `next` outside this site leads to the home page."""
    if language not in languages.LANGUAGES:
        raise Http404("Langue inconnue.")
    if request.user.is_authenticated:
        languages.remember(request.user, language)
    response = redirect(languages.safe_next(request, request.POST.get("next", ""), language))
    add_never_cache_headers(response)
    return response
