"""A material's file, served only to whom its visibility allows (supports/access.py): a visitor
who is not logged in is asked to log in; an account that may not see it gets a 403 that says why;
an id that is not a file of this edition's sessions, a 404."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from supports import access, files
from supports.models import Material, Visibility

FOR_PARTICIPANTS = gettext_lazy("Ce support est réservé aux personnes inscrites à « {edition} ».")
FOR_TEAM = gettext_lazy("Ce support est réservé à l'équipe pédagogique de « {edition} ».")


@require_safe
def serve(request, edition, pk):
    material = (
        Material.objects.select_related("session__edition")
        .filter(pk=pk, session__edition__slug=edition)
        .exclude(file="")
        .first()
    )
    if material is None:
        raise Http404("Ce support n'existe pas dans cette édition.")
    session_edition = material.session.edition
    if not access.viewer(request.user, session_edition).may_see(material):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        reason = FOR_TEAM if material.visibility == Visibility.TEAM else FOR_PARTICIPANTS
        return render(request, "refused.html", {"message": reason.format(edition=session_edition.name)}, status=403)
    etag = f'"{material.digest}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _headers(not_modified, material, etag)
    with material.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=files.content_type(material.file_type))
    # Downloaded, never shown as a page of this origin: a browser's PDF viewer may refuse a sandboxed
    # document, and a file opened from the downloads is outside the site altogether.
    name = f"{slugify(material.title) or 'support'}.{material.file_type}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _headers(response, material, etag)


def _headers(response, material, etag):
    response["ETag"] = etag
    if material.visibility == Visibility.PUBLIC:
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        response["X-Robots-Tag"] = "noindex"
    # A file is shown as a document, never as a page of this site: no script, no form, no plug-in.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return response
