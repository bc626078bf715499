"""Shared public pages: ETag and Last-Modified from the programme's version, 304 to
conditional GETs, and the rendered bytes cached under a key that includes the version
(an organizer's save bumps it, so the cache is never stale).

Only requests that carry no session and no pending message, without a query string,
share the cached bytes: whatever depends on the visitor is rendered for them.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from programme.models import ProgrammeStamp

CACHE_SECONDS = 60 * 60 * 24
CACHED_HEADERS = ("Content-Type", "Content-Disposition")


def programme_version():
    """(revision, changed_at) of the programme, or None before any programme data: 1 query."""
    return ProgrammeStamp.objects.filter(pk=1).values_list("revision", "changed_at").first()


def version_tag(version):
    if version is None:
        return "0"
    revision, changed_at = version
    return f"{revision}.{int(changed_at.timestamp() * 1_000_000)}"


def is_shared(request):
    """A visitor without session or pending messages sees exactly what everyone sees."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "messages" not in request.COOKIES


def etag_for(request, version):
    tag = version_tag(version)
    if not is_shared(request):
        # The header shows who is logged in: the tag follows the session.
        session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
        tag += "-" + hashlib.sha256(session.encode()).hexdigest()[:12]
    return f'"{tag}"'


def public_page(view):
    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        version = request.programme_version = programme_version()
        pending_messages = "messages" in request.COOKIES
        etag = None if pending_messages else etag_for(request, version)
        # HTTP dates have whole seconds: compare and send the second of the change.
        last_modified = int(version[1].timestamp()) if version and not pending_messages else None
        if etag:
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return _with_validators(not_modified, request, etag, last_modified)
        shareable = is_shared(request) and not request.GET
        key = f"programme:page:{version_tag(version)}:{request.get_host()}:{request.path}"
        cached = cache.get(key) if shareable else None
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if shareable and response.status_code == 200 and not response.streaming:
                headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
                cache.set(key, (response.content, headers), CACHE_SECONDS)
        return _with_validators(response, request, etag, last_modified)

    return wrapped


def _with_validators(response, request, etag, last_modified):
    if etag:
        response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies may keep the page, but ask each time whether it changed.
    patch_cache_control(response, no_cache=True, **({"public": True} if is_shared(request) else {"private": True}))
    patch_vary_headers(response, ["Cookie"])
    return response
