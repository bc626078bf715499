"""Shared public pages: ETag and Last-Modified from the version of the edition a page shows,
304 to conditional GETs, and whole responses cached under a key that includes that version.

Invalidation: every save or deletion of programme data calls publication.programme_changed
(from programme/receivers.py) for the edition it belongs to, which advances that edition's
version and makes this process forget the versions it remembered: the cache is never served
stale after a save, and a save in one edition leaves every other edition's pages cached.

Pages of the site as a whole (the home page, « Éditions précédentes ») take a version made of
every edition's, of the registration phases and of the date.

Only requests that carry no session and no pending message, without a query string,
share cached responses (the exports, which never depend on the visitor, are shared with every
request without a query string); a logged-in person's page is kept for them by
programme/personal.py. Shared pages are stored compressed once (gzip) beside their plain bytes,
and served compressed to whoever accepts it; every other answer is compressed by
automne/compression.py, with the mitigations against BREACH it describes.

The versions are read from the database (ProgrammeStamp, one query for every edition), so that
every process and every server agrees on them, and kept in the process for
settings.PROGRAMME_VERSION_TTL seconds (1 s by default): a cached page is then served without
any query, as fast as a static file. The process that saves forgets them at once; other
processes see the change within that second.
"""

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from automne import compression
from programme.models import Edition, ProgrammeChange

CACHE_SECONDS = 60 * 60 * 24
EDITION, SITE = "edition", "site"
# Pages are kept by each process (settings.CACHES["pages"]), and in the shared cache when there is
# one (Redis): their key carries the version, so no process can serve a stale one, and a page this
# process has costs no trip to the shared cache.
cache = ConnectionProxy(caches, "pages")
logger = logging.getLogger(__name__)


def shared_cache():
    """The cache every worker and server shares for the programme (settings.CACHES["programme"], set
    with Redis), or None."""
    return caches["programme"] if "programme" in settings.CACHES else None


def kept(key):
    """What one worker rendered under `key` (a key that says what it holds: a version, a digest):
    from this process's cache, else from the shared one (then kept here too), else None."""
    found = cache.get(key)
    shared = shared_cache()
    if found is None and shared is not None:
        try:
            found = shared.get(key)
        except Exception:  # noqa: BLE001 — the shared cache down: render, as without it
            logger.warning("Cache partagé injoignable (lecture de %s)", key, exc_info=True)
        if found is not None:
            cache.set(key, found, CACHE_SECONDS)
    return found


def keep(key, value):
    """Keeps `value` in this process's cache and in the shared one."""
    cache.set(key, value, CACHE_SECONDS)
    shared = shared_cache()
    if shared is not None:
        try:
            shared.set(key, value, CACHE_SECONDS)
        except Exception:  # noqa: BLE001 — the shared cache down: this process keeps it
            logger.warning("Cache partagé injoignable (écriture de %s)", key, exc_info=True)


_memo = {"until": 0.0, "editions": None}


@dataclass(frozen=True)
class EditionVersion:
    """What the pages of one edition depend on, as remembered by the process."""

    pk: int
    slug: str
    is_current: bool
    revision: int
    changed_at: datetime.datetime
    edition: Edition  # unsaved, with only the fields its registration phase and its dates need

    @property
    def tag(self):
        return f"{self.pk}.{int(self.is_current)}.{self.revision}.{int(self.changed_at.timestamp() * 1_000_000)}"


@dataclass(frozen=True)
class PageVersion:
    tag: str  # in the ETag and the cache key
    changed_at: datetime.datetime | None  # Last-Modified, and the exports' DTSTAMP
    revision: int | None = None  # of the edition's programme, for the exports that show one


def edition_versions():
    """{slug: EditionVersion} of every edition: 1 query, none while the process remembers them."""
    ttl = settings.PROGRAMME_VERSION_TTL
    now = time.monotonic()
    if ttl and now < _memo["until"]:
        return _memo["editions"]
    rows = Edition.objects.values_list(
        "pk",
        "slug",
        "is_current",
        "programme_stamp__revision",
        "programme_stamp__changed_at",
        "registration_opens_at",
        "registration_closes_at",
        "starts_on",
        "ends_on",
        "updated_at",
    )
    editions = {}
    for pk, slug, is_current, revision, changed_at, opens, closes, starts_on, ends_on, updated_at in rows:
        edition = Edition(
            pk=pk, registration_opens_at=opens, registration_closes_at=closes, starts_on=starts_on, ends_on=ends_on
        )
        editions[slug] = EditionVersion(pk, slug, is_current, revision or 0, changed_at or updated_at, edition)
    _memo.update(until=now + ttl, editions=editions)
    return editions


def forget_version():
    """This process reads the versions again at its next request."""
    _memo["until"] = 0.0


def edition_version(scope=EDITION, edition_slug=None, editions=None):
    """The EditionVersion of the edition a page shows (`edition_slug`, or the current one); None for
    a page of the whole site, or an edition that does not exist. `editions`: edition_versions(),
    when read already."""
    if scope == SITE:
        return None
    editions = edition_versions() if editions is None else editions
    if edition_slug is None:
        return next((v for v in editions.values() if v.is_current), None)
    return editions.get(edition_slug)


def page_version(scope=EDITION, edition_slug=None, editions=None):
    """The version of a page: of the edition it shows (`edition_slug`, or the current one), or of
    the whole site. None when the page shows no edition (no validators, nothing cached)."""
    editions = edition_versions() if editions is None else editions
    if scope == SITE:
        moment = timezone.now()
        parts = [f"{v.tag}.{v.edition.registration_phase(moment)}" for v in editions.values()]
        digest = hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()[:16]
        return PageVersion(f"s.{timezone.localdate(moment).isoformat()}.{digest}", None)
    found = edition_version(scope, edition_slug, editions)
    if found is None:
        return None
    tag, moment = found.tag, timezone.localtime()
    if found.edition.ends_on >= moment.date():  # its pages say « Aujourd'hui »: a new version every day
        tag = f"{tag}.{moment.date().isoformat()}"
    if moment - found.changed_at < ProgrammeChange.RECENT:
        # Its cards may carry a « Modifié » badge (fragments.py): a new version every hour, so that
        # a badge leaves the pages within the hour after its 48 hours.
        tag = f"{tag}.{moment.hour}h"
    return PageVersion(tag, found.changed_at, found.revision)


def has_messages(request):
    """Messages wait in the visitor's cookie (an emptied cookie, as a browser may still send it, holds none)."""
    return bool(request.COOKIES.get("messages"))


def is_shared(request):
    """A visitor without session or pending messages sees exactly what everyone sees."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not has_messages(request)


def page_key(request, version):
    return f"programme:page:{version.tag}:{request.get_host()}:{request.path}"


def is_shareable(request, visitor_independent=False):
    """Whether the answer to `request` is everyone's: a GET without query string, from a visitor
    without session (or for a page that never depends on the visitor, such as the exports)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and (visitor_independent or is_shared(request))
    )


def public_page(view=None, *, scope=EDITION, visitor_independent=False):
    """For the views of shared pages: validators, 304, and the permission to cache the
    response (stored whole, with every header, by SharedPageMiddleware). The view shows the
    edition its `edition` argument names (the current one without it), or the whole site.

    Pages that show who is logged in (every page but the exports, `visitor_independent`) are
    rendered for a logged-in person, kept per person by programme/personal.py, whose ETag they
    carry (it changes with everything the page shows of them); without it, they carry none."""
    if view is None:
        return lambda view: public_page(view, scope=scope, visitor_independent=visitor_independent)

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not hasattr(request, "programme_version"):  # read already by SharedPageMiddleware
            request.programme_version = page_version(scope, kwargs.get("edition"))
        version = request.programme_version
        if version is None:  # no such edition: the view answers (404), nothing is cached
            return view(request, *args, **kwargs)
        shared = visitor_independent or is_shared(request)
        personal = None if shared else getattr(request, "personal", None)
        etag = last_modified = None
        if shared and (visitor_independent or not has_messages(request)):
            etag = f'"{version.tag}"'
            # HTTP dates have whole seconds: compare and send the second of the change.
            last_modified = int(version.changed_at.timestamp()) if version.changed_at else None
        elif personal is not None:
            etag = personal.etag  # no Last-Modified: the person's state changes without the programme
        if etag:
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return _with_validators(not_modified, shared, etag, last_modified)
        response = view(request, *args, **kwargs)
        request.personal_page_rendered = True
        if is_shareable(request, visitor_independent):
            request.shared_page_key = page_key(request, version)
        return _with_validators(response, shared, etag, last_modified)

    wrapped.shared_page = scope
    wrapped.visitor_independent = visitor_independent
    return wrapped


def _with_validators(response, shared, etag, last_modified):
    if etag:
        response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    # Browsers and proxies may keep the page, but ask each time whether it changed.
    patch_cache_control(response, no_cache=True, **({"public": True} if shared else {"private": True}))
    patch_vary_headers(response, ["Cookie"])
    return response


@lru_cache(maxsize=1024)
def shared_page_of(path):
    """(scope, edition slug, visitor independent) when the path is served by a @public_page view,
    else None (other pages are left alone). Remembered: resolving is the most expensive step of
    serving a cached page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    scope = getattr(match.func, "shared_page", None)
    return (scope, match.kwargs.get("edition"), match.func.visitor_independent) if scope else None


def stored(response):
    """What the cache keeps of a shared page: its bytes, once compressed (gzip, chunk by chunk: a
    new version compresses only the chunks it changed), and its headers. Shared pages carry no
    secret (no session, no CSRF token), so compressing them once, without padding, is safe (BREACH)."""
    content = response.content
    compressible = compression.is_compressible(response)
    patch_vary_headers(response, ["Accept-Encoding"])
    return content, compression.gzipped(content) if compressible else None, list(response.items())


def served(request, content, gzipped, headers):
    """The page as this request takes it: compressed when it accepts gzip, with a weak ETag then
    (the same page in another encoding), plain otherwise."""
    use_gzip = gzipped is not None and compression.accepts_gzip(request)
    response = HttpResponse(gzipped if use_gzip else content)
    for name, value in headers:
        response[name] = value
    if use_gzip:
        response["Content-Encoding"] = "gzip"
        compression.weak_etag(response)
    response["Content-Length"] = str(len(response.content))
    return response


class SharedPageMiddleware:
    """Serves cached shared pages before sessions, authentication and the view (right after
    WhiteNoise), and stores them on the way out, with the headers every later middleware added,
    compressed once (not once per request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared_page = None
        if is_shareable(request, visitor_independent=True):
            shared_page = shared_page_of(request.path_info)
            if shared_page and not (shared_page[2] or is_shared(request)):
                shared_page = None
        if shared_page:
            request.programme_version = page_version(*shared_page[:2])
            cached = request.programme_version and kept(page_key(request, request.programme_version))
            if cached:
                return self.replay(request, *cached)
        response = self.get_response(request)
        key = getattr(request, "shared_page_key", None)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            page = stored(response)
            keep(key, page)
            return served(request, *page)
        return response

    def replay(self, request, content, gzipped, headers):
        response = served(request, content, gzipped, headers)
        last_modified = _seconds(response.get("Last-Modified"))
        not_modified = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        if not_modified is not response and "Access-Control-Allow-Origin" in response:
            # A 304 keeps only some headers: open data stays open (programme/open_data.py).
            not_modified["Access-Control-Allow-Origin"] = response["Access-Control-Allow-Origin"]
        return not_modified


def _seconds(http_date_value):
    return parse_http_date_safe(http_date_value) if http_date_value else None
