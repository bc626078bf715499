"""A participant's live calendar feed: what « Mon programme » shows of an edition (their chosen
sessions and the plenary ones), at a secret address (`/editions/<slug>/mon-programme/<token>.ics`),
offered as webcal:// and https://.

The token is 256 random bits; a malformed or unknown token gets 404, never 500, and tells nothing
about who exists. Renewing the address makes a new token: the old one answers 404 from then on.
Each event carries the occurrence's SEQUENCE and LAST-MODIFIED (programme/calendar_revisions.py),
so a subscribed calendar sees a time or room change at its next refresh.
"""

import re
import secrets

from django.utils import timezone

from programme import choices, editions, exports, my_programme
from programme.models import PersonalCalendar

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


def owner(token):
    """The user whose feed `token` is, or None (malformed or unknown)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    calendar = PersonalCalendar.objects.filter(token=token).select_related("user").first()
    return calendar.user if calendar else None


def addresses(request, edition, calendar):
    """(https, webcal) addresses of the feed of `edition`: the permanent one, which never changes
    when another edition becomes current."""
    url = request.build_absolute_uri(editions.permanent_url(edition, "programme:personal_ics", token=calendar.token))
    return url, re.sub(r"^https?://", "webcal://", url)


def feed(user, edition, absolute_url):
    """The iCalendar bytes of what « Mon programme » shows `user` of `edition` (my_programme.shown):
    their chosen sessions and the plenary ones; none without a registration, as the page."""
    registered = choices.registration_state(user, edition) is not None
    occurrences = my_programme.shown(user, edition).occurrences if registered else []
    stamp = max((o.revised_at for o in occurrences), default=timezone.now()).replace(microsecond=0)
    return exports.calendar(occurrences, edition, absolute_url, stamp, name=f"Mon programme — {edition.name}")
