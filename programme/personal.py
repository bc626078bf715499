"""The personal layer of the programme's pages: a logged-in participant's page kept whole, per person,
and served again without Django's session, authentication and view machinery, as fast as a shared page.

A personal page is one of the public pages (caching.public_page: the week, a day, a session, the
speakers…) asked for with a session, or « Mon programme » (personal_page). For such a request,
PersonalPageMiddleware, right after SharedPageMiddleware:
1. validates the session on every request, as Django would (automne/session_user.py): the session
   row, unexpired (a logout elsewhere deletes it), and its account, active, whose password still
   gives the session's hash (a password change elsewhere changes it), with its role (for the
   header): 1 query, 2 for a session this process has not seen yet;
2. reads what the page shows of the person, in the edition it shows (1 query): their registration's
   states (a seat or the waiting list), their chosen occurrences, their calendar's secret address, the
   sessions they speak in (`State`);
3. looks for the page under a key made of all of it, with the address and the edition's version
   (caching.page_version: every save of the programme makes a new one): a page rendered for this
   person in this very state. Found, it is answered with a CSRF token masked anew, compressed without
   compressing it again (automne/compression.Pieces: the tokens and the calendar's address sit in
   blocks of their own, never compressed), under an ETag made of the same key and the CSRF cookie.
   Not found, the view renders it from that same state (`known_state`), and it is kept.

Anything else goes the ordinary way, rendered for the visitor: a query string, pending messages, a
session Django would not accept here (another engine, an older secret key), no CSRF cookie yet.
The person's pages live in the process's "pages" cache (caching.cache), like the shared ones.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache, wraps

from django.apps import apps
from django.conf import settings
from django.db.models import BigIntegerField, CharField, Subquery, Value
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.crypto import salted_hmac

from automne import compression, session_user
from programme import caching, choices
from programme.models import Choice, PersonalCalendar, SessionSpeaker

CSRF_SECRET_PATTERN = re.compile(rf"[A-Za-z0-9]{{{CSRF_SECRET_LENGTH}}}")
CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(">)')
KEPT_HEADERS_LEFT_OUT = {"content-length", "content-encoding", "etag", "last-modified"}


def personal_page(view=None, *, moment_key=None):
    """Marks a view whose page depends only on the person and on the edition it shows (the `edition`
    argument, or the current one): kept per person by PersonalPageMiddleware. `moment_key(version,
    now)`, when given, says what of the moment the page shows (« Maintenant » during the event)."""
    if view is None:
        return lambda view: personal_page(view, moment_key=moment_key)
    view.personal_page = moment_key or (lambda version, now: "")
    return view


@dataclass(frozen=True)
class PageSpec:
    scope: str  # caching.EDITION or caching.SITE
    edition_slug: str | None
    moment_key: object  # (version, now) -> str, or None: not kept at that moment


@lru_cache(maxsize=1024)
def spec_of(path):
    """How the page at `path` is kept per person, or None (not a personal page)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    moment_key = getattr(match.func, "personal_page", None)
    scope = getattr(match.func, "shared_page", None)
    if moment_key is not None:
        return PageSpec(caching.EDITION, match.kwargs.get("edition"), moment_key)
    if scope and not getattr(match.func, "visitor_independent", False):
        moment_key = getattr(match.func, "personal_moment", None) or (lambda version, now: "")
        return PageSpec(scope, match.kwargs.get("edition"), moment_key)
    return None


def rendered_each_time_during_the_week(view):
    """For a public page that shows, during its edition's week, what the person does then (the session
    page's « Évaluer la séance »: their presence and their rating, appreciations/): that week it is
    rendered for them on every request, neither kept nor answered 304; kept the rest of the year."""

    def moment(version, now):
        edition = version.edition if version else None
        during = edition is not None and edition.starts_at() <= now <= edition.ends_at()
        return None if during else ""

    view.personal_moment = moment
    return view


# What the pages show of a person -------------------------------------------------------------


def _state_query(user_id, edition_id, calendar_column="token"):
    """The person's registration states in the edition, chosen occurrences and calendar token (or,
    with `calendar_column="user_id"`, their id: `user_id` may be a subquery)."""
    registration = apps.get_model("inscriptions", "Registration")
    number, text = BigIntegerField(), CharField()
    states = registration.objects.filter(user_id=user_id, edition_id=edition_id).values_list(
        Value("r", output_field=text), "state", Value(None, output_field=number)
    )
    chosen = Choice.objects.filter(user_id=user_id, occurrence__time_slot__day__edition_id=edition_id).values_list(
        Value("c", output_field=text), Value("", output_field=text), "occurrence_id"
    )
    calendar = PersonalCalendar.objects.filter(user_id=user_id).values_list(
        *(
            (Value("k", output_field=text), "token", Value(None, output_field=number))
            if calendar_column == "token"
            else (Value("u", output_field=text), Value("", output_field=text), "user_id")
        )
    )
    # The sessions they speak in: what a page shows them of its materials (supports/access.py).
    speaking = SessionSpeaker.objects.filter(
        speaker__account_link__user_id=user_id, session__edition_id=edition_id
    ).values_list(Value("s", output_field=text), Value("", output_field=text), "session_id")
    # Without their default orderings: SQL allows none inside a UNION.
    return states.order_by().union(chosen.order_by(), calendar.order_by(), speaking.order_by(), all=True)


STATE_ROWS = session_user.Prepared(
    _state_query, user_id=session_user.SENTINEL_ID, edition_id=session_user.SENTINEL_ID - 1
)


def _state_by_calendar_query(token, edition_id):
    """The same rows for the owner of the calendar `token`, with their id instead of the token."""
    owner = PersonalCalendar.objects.filter(token=token).values("user_id")[:1]
    return _state_query(Subquery(owner), edition_id, calendar_column="user_id")


STATE_BY_CALENDAR_ROWS = session_user.Prepared(
    _state_by_calendar_query, token="sentinel-of-a-calendar-token", edition_id=session_user.SENTINEL_ID - 1
)


# Who is asking, and what their page shows of them ---------------------------------------------


@dataclass(frozen=True)
class Visitor:
    user_id: int
    is_staff: bool
    in_teaching_team: bool
    account: object = field(compare=False, repr=False)  # session_user.Account: the account, when asked for


@dataclass(frozen=True)
class State:
    """What the programme's pages show of a person in one edition."""

    registration: str | None  # choices.registration_state's answer: "active", "cancelled" or None
    chosen_ids: frozenset
    calendar_token: str | None
    # What else a page shows differently: the registrations' own states (a seat or the waiting list)
    # and the sessions they speak in (the materials they see, supports/access.py).
    registration_states: frozenset = frozenset()
    speaking_ids: frozenset = frozenset()


NOBODY = State(None, frozenset(), None)


def visitor(request):
    """Who asks: the request's account, validated on every request (automne/session_user.py: the
    session row unexpired, the account active, its password's hash), in 1 or 2 queries; None when
    Django's ordinary path decides."""
    account = session_user.account_of(request)
    return Visitor(account.pk, account.is_staff, account.in_teaching_team, account) if account is not None else None


def state(user_id, edition_pk):
    """What the pages of edition `edition_pk` show of the person: 1 query."""
    return _state_of(STATE_ROWS.rows(user_id=user_id, edition_id=edition_pk))


def calendar_owner_state(token, edition_pk):
    """(owner's id, their State in edition `edition_pk`) of the calendar `token`, or None when no
    calendar has it: 1 query (the personal feed, programme/personal_calendar.py)."""
    rows = STATE_BY_CALENDAR_ROWS.rows(token=token, edition_id=edition_pk)
    owner = next((number for kind, _, number in rows if kind == "u"), None)
    if owner is None:
        return None
    return owner, replace(_state_of([row for row in rows if row[0] != "u"]), calendar_token=token)


def _state_of(rows):
    states, chosen, speaking, token = set(), set(), set(), None
    for kind, text, number in rows:
        if kind == "r":
            states.add(text)
        elif kind == "c":
            chosen.add(number)
        elif kind == "s":
            speaking.add(number)
        else:
            token = text
    return State(choices.state_from(states), frozenset(chosen), token, frozenset(states), frozenset(speaking))


@dataclass(frozen=True)
class Visit:
    """A personal page asked for: who, in what state, under which key and ETag."""

    visitor: Visitor
    edition_pk: int | None
    state: State
    version: caching.PageVersion
    key: str
    etag: str
    csrf_secret: str | None


def visit(request, spec):
    """The Visit of a request for a personal page, or None when this layer does not serve it."""
    editions = caching.edition_versions()
    version = caching.page_version(spec.scope, spec.edition_slug, editions)
    if version is None:
        return None
    person = visitor(request)
    if person is None:
        return None
    edition = caching.edition_version(spec.scope, spec.edition_slug, editions)
    moment = spec.moment_key(edition, timezone.now())
    if moment is None:  # rendered for the person on every request at this moment
        return None
    found = state(person.user_id, edition.pk) if edition else NOBODY
    shown = (
        request.scheme,
        request.get_host(),
        request.path,
        version.tag,
        moment,
        person,
        found.registration,
        sorted(found.chosen_ids),
        found.calendar_token,
        sorted(found.registration_states),
        sorted(found.speaking_ids),
    )
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    secret = secret if CSRF_SECRET_PATTERN.fullmatch(secret) else None
    # The CSRF cookie is in the ETag: a page kept by the browser holds tokens of that cookie only.
    tag = salted_hmac("programme.personal.etag", f"{digest}:{secret}", algorithm="sha256").hexdigest()[:24]
    key = f"programme:personal:{digest}"
    return Visit(person, edition.pk if edition else None, found, version, key, f'"p{tag}"', secret)


def known_state(request, edition):
    """The State the personal layer read for this request's page of `edition`, or None (then the
    view reads it itself). A page kept under a key is rendered from the very state in the key."""
    found = getattr(request, "personal", None)
    if found is None or edition is None or found.edition_pk != edition.pk:
        return None
    return found.state


# The page kept, and served again ------------------------------------------------------------


class KeptPage:
    """A personal page as kept: its pieces (CSRF tokens left as holes, the calendar's address a
    secret of its own) and its headers."""

    def __init__(self, response, visit):
        secrets = [visit.state.calendar_token.encode()] if visit.state.calendar_token else []
        self.pieces = compression.Pieces(_pieces(response.content, secrets))
        self.headers = [(name, value) for name, value in response.items() if name.lower() not in KEPT_HEADERS_LEFT_OUT]

    def answer(self, request, visit):
        # A token masked anew for this answer, in every form of the page, as Django's {% csrf_token %}.
        fills = [masked_token(visit.csrf_secret).encode()] * self.pieces.kinds.count(compression.HOLE)
        gzipped = compression.accepts_gzip(request)
        response = HttpResponse(self.pieces.gzipped(fills) if gzipped else self.pieces.content(fills))
        for name, value in self.headers:
            response[name] = value
        patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
        response["ETag"] = visit.etag
        if gzipped:
            response["Content-Encoding"] = "gzip"
            compression.weak_etag(response)
        response["Content-Length"] = str(len(response.content))
        return get_conditional_response(request, etag=response["ETag"], response=response)


CHARS = CSRF_ALLOWED_CHARS
INDEX = {char: number for number, char in enumerate(CHARS)}
UNBIASED = 256 - 256 % len(CHARS)  # bytes at or above it would favour some letters


def masked_token(secret):
    """A CSRF token of `secret` as django.middleware.csrf._mask_cipher_secret makes it (a random mask
    of its letters, added to the secret letter by letter), the mask drawn from the system's random
    bytes in one call rather than one per letter."""
    picks = []
    while len(picks) < CSRF_SECRET_LENGTH:
        picks += [byte % len(CHARS) for byte in os.urandom(2 * CSRF_SECRET_LENGTH) if byte < UNBIASED]
    picks = picks[:CSRF_SECRET_LENGTH]
    cipher = "".join(CHARS[(INDEX[char] + pick) % len(CHARS)] for char, pick in zip(secret, picks, strict=True))
    return "".join(CHARS[pick] for pick in picks) + cipher


def _pieces(content, secrets):
    """[(kind, bytes)]: the page cut at each CSRF token (a hole) and each secret."""
    pieces = []
    for number, part in enumerate(CSRF_INPUT.split(content)):
        if number % 3 == 0:
            pieces.extend(_with_secrets(part, secrets))
        elif number % 3 == 1:
            pieces.extend([(compression.TEXT, part), (compression.HOLE, None)])
        else:
            pieces.append((compression.TEXT, part))
    return pieces


def _with_secrets(part, secrets):
    if not secrets:
        return [(compression.TEXT, part)]
    found = []
    for number, piece in enumerate(re.split(b"(" + b"|".join(map(re.escape, secrets)) + b")", part)):
        found.append((compression.SECRET if number % 2 else compression.TEXT, piece))
    return found


def _may_keep(request, response, visit):
    """Whether the ordinary path's answer is this person's page, as a later request would get it."""
    user = getattr(request, "user", None)
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Encoding")
        and getattr(request, "personal_page_rendered", False)
        and user is not None
        and user.is_authenticated
        and user.pk == visit.visitor.user_id
        and not (storage is not None and len(storage))
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
    )


def content_etag(view):
    """For a page rendered for its visitor each time (« Mon espace »): an ETag made of what it shows
    (its bytes, CSRF tokens set aside) and of the CSRF cookie its forms' tokens come from, so that it
    changes with everything the page shows of the person; a 304 when the browser has that page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if caching.has_messages(request) or response.has_header("ETag"):
            return response  # a message shown once is not a state to validate
        shown = CSRF_INPUT.sub(rb"\1\2", response.content)
        secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        digest = hashlib.sha256(shown + b"\x00" + secret.encode()).hexdigest()
        response["ETag"] = f'"c{digest[:24]}"'
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped


class PersonalPageMiddleware:
    """Serves a logged-in person's page kept for them (see the module's docstring); keeps the page
    the ordinary path renders for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spec = None
        if (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and not caching.has_messages(request)
        ):
            spec = spec_of(request.path_info)
        found = visit(request, spec) if spec else None
        if found is not None:
            request.personal = found
            request.programme_version = found.version
            kept = caching.cache.get(found.key) if found.csrf_secret else None
            if kept is not None:
                return kept.answer(request, found)
            # The account validated here is the request's user: AuthenticationMiddleware keeps a
            # user it finds on the request, so the ordinary path loads neither session nor account.
            request._cached_user = found.visitor.account.user()
        response = self.get_response(request)
        if found is not None and _may_keep(request, response, found):
            caching.cache.set(found.key, KeptPage(response, found), caching.CACHE_SECONDS)
        return response
