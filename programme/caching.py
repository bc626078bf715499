"""Shared public pages: ETag and Last-Modified from the programme's version, 304 to
conditional GETs, and whole responses cached under a key that includes the version.

Invalidation: every save or deletion of programme data calls publication.programme_changed
(from programme/receivers.py), which advances the version and makes this process forget it:
the cache is never served stale after a save.

Only requests that carry no session and no pending message, without a query string,
share cached responses: whatever depends on the visitor is rendered for them.

The version is read from the database (ProgrammeStamp), so that every process and every
server agrees on it, and kept in the process for settings.PROGRAMME_VERSION_TTL seconds (1 s by
default): a cached page is then served without any query, as fast as a static file. The
process that saves forgets it at once; other processes see the change within that second.
"""

import hashlib
import time
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from programme.models import ProgrammeStamp

CACHE_SECONDS = 60 * 60 * 24
# Pages are kept by each process (settings.CACHES["pages"]): their key carries the version, so no
# process can serve a stale one, and a cached page costs no trip to a shared cache.
cache = ConnectionProxy(caches, "pages")
_memo = {"until": 0.0, "version": None}


def programme_version():
    """(revision, changed_at) of the programme, or None before any programme data:
    at most 1 query, none while the process remembers it."""
    ttl = settings.PROGRAMME_VERSION_TTL
    now = time.monotonic()
    if ttl and now < _memo["until"]:
        return _memo["version"]
    version = ProgrammeStamp.objects.filter(pk=1).values_list("revision", "changed_at").first()
    _memo.update(until=now + ttl, version=version)
    return version


def forget_version():
    """This process reads the version again at its next request."""
    _memo["until"] = 0.0


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


def page_key(request, version):
    return f"programme:page:{version_tag(version)}:{request.get_host()}:{request.path}"


def is_shareable(request):
    return request.method in ("GET", "HEAD") and not request.META.get("QUERY_STRING") and is_shared(request)


def public_page(view):
    """For the views of shared pages: validators, 304, and the permission to cache the
    response (stored whole, with every header, by SharedPageMiddleware)."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not hasattr(request, "programme_version"):  # read already by SharedPageMiddleware
            request.programme_version = programme_version()
        version = request.programme_version
        pending_messages = "messages" in request.COOKIES
        etag = None if pending_messages else etag_for(request, version)
        # HTTP dates have whole seconds: compare and send the second of the change.
        last_modified = int(version[1].timestamp()) if version and not pending_messages else None
        if etag:
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return _with_validators(not_modified, request, etag, last_modified)
        response = view(request, *args, **kwargs)
        if is_shareable(request):
            request.shared_page_key = page_key(request, version)
        return _with_validators(response, request, etag, last_modified)

    wrapped.shared_page = True
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


@lru_cache(maxsize=1024)
def is_shared_page(path):
    """Whether the path is served by a @public_page view (other pages are left alone).
    Remembered: resolving is the most expensive step of serving a cached page."""
    try:
        return getattr(resolve(path).func, "shared_page", False)
    except Resolver404:
        return False


class SharedPageMiddleware:
    """Serves cached shared pages before sessions, authentication and the view (right after
    WhiteNoise), and stores them on the way out, with the headers every later middleware added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_shareable(request) and is_shared_page(request.path_info):
            request.programme_version = programme_version()
            cached = cache.get(page_key(request, request.programme_version))
            if cached is not None:
                return self.replay(request, *cached)
        response = self.get_response(request)
        key = getattr(request, "shared_page_key", None)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, list(response.items())), CACHE_SECONDS)
        return response

    def replay(self, request, content, headers):
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        last_modified = _seconds(response.get("Last-Modified"))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )


def _seconds(http_date_value):
    return parse_http_date_safe(http_date_value) if http_date_value else None
