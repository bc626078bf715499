"""A participant's live calendar feed: what « Mon programme » shows of an edition (their chosen
sessions and the plenary ones), at a secret address (`/editions/<slug>/mon-programme/<token>.ics`),
offered as webcal:// and https://.

The token is 256 random bits; a malformed or unknown token gets 404, never 500, and tells nothing
about who exists. Renewing the address makes a new token: the old one answers 404 from then on.
Each event carries the occurrence's SEQUENCE and LAST-MODIFIED (programme/calendar_revisions.py),
so a subscribed calendar sees a time or room change at its next refresh; a session they had chosen
(or a plenary one) taken off the programme stays in it, cancelled, until the edition ends.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language, gettext

from automne import compression
from automne.site import absolute
from programme import caching, calendar_revisions, choices, editions, exports, my_programme, personal, pieces
from programme.models import Edition, PersonalCalendar

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token():
    return secrets.token_urlsafe(32)  # 43 characters


def of(user):
    """The participant's address, or None if they have not asked for one: 1 query."""
    return PersonalCalendar.objects.filter(user=user).first()


def renew(user):
    """A new address for the participant (the first, or one replacing the old, which stops working)."""
    calendar, _ = PersonalCalendar.objects.update_or_create(user=user, defaults={"token": new_token()})
    return calendar


def owner_and_state(token, edition_pk):
    """(the id of the account whose feed `token` is, what it shows of them in edition `edition_pk`:
    personal.State), or None (malformed or unknown): 1 query."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    return personal.calendar_owner_state(token, edition_pk)


def addresses(request, edition, token):
    """(https, webcal) addresses of the feed of `edition` at its secret `token`: the permanent one,
    which never changes when another edition becomes current."""
    url = absolute(editions.permanent_url(edition, "programme:personal_ics", token=token))
    return url, re.sub(r"^https?://", "webcal://", url)


def feed(user, edition, absolute_url, known=None):
    """The iCalendar bytes of what « Mon programme » shows `user` (an account, or its id with `known`)
    of `edition` (my_programme.listed_ids): their chosen sessions and the plenary ones, and those of
    them cancelled (calendar_revisions.shown_to); none without a registration, as the page. Made of
    the exports' cached events (programme/pieces.py). `known`: the person's personal.State, when read."""
    user_id = user if known else user.pk
    registered = (known.registration if known else choices.registration_state(user, edition)) is not None
    found, cancelled = [], []
    if registered:
        chosen = known.chosen_ids if known else my_programme.listed_ids(user, edition)[0]
        # The plenary sessions from the edition's rows themselves (the query the public feed makes).
        everything = pieces.contents(edition)
        rows = [(c.pk, c.row.time_slot_id, c.row.session_id, c.row.session__kind) for c in everything]
        listed = set(chosen) | my_programme.plenary_ids(rows)
        found = [content for content in everything if content.pk in listed]
        cancelled = list(calendar_revisions.shown_to(user_id, edition))
    moments = [content.row.revised_at for content in found] + [record.cancelled_at for record in cancelled]
    stamp = max(moments, default=timezone.now()).replace(microsecond=0)
    name = gettext("Mon programme — %(name)s") % {"name": edition.name}
    return exports.calendar_of(found, edition, absolute_url, stamp, name=name, cancelled=cancelled)


@dataclass(frozen=True)
class KeptFeed:
    etag: str
    content: bytes
    gzipped: bytes
    made_at: int  # Last-Modified: the second it was made, when its key (all it shows) last changed


def kept_feed(user_id, state, version, page_version):
    """The feed of edition `version` (caching.EditionVersion, its pages' caching.PageVersion) for the person `user_id` in `state`
    (personal.State), kept under a key of all it shows (the edition's version, their registration and choices, the address it
    links to) with its ETag, and the moment it was made as its Last-Modified (made again only when
    something it shows changed, or once forgotten: never earlier than its content): a calendar app
    asking again, with either, gets a 304, and a feed already made costs no query."""
    shown = (page_version.tag, absolute("/"), version.slug, get_language(), user_id, state.registration)
    digest = hashlib.sha256(repr((*shown, sorted(state.chosen_ids))).encode()).hexdigest()
    key = f"programme:feed:{digest}"
    found = caching.cache.get(key)
    if found is None:
        content = feed(user_id, Edition.objects.get(pk=version.pk), absolute, known=state)
        found = (content, compression.gzipped(content), int(timezone.now().timestamp()))
        caching.cache.set(key, found, caching.CACHE_SECONDS)
    return KeptFeed(f'"f{digest[:24]}"', *found)
