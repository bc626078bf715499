"""Unsubscribing from announcements in one click (RFC 8058), without logging in.

Every announcement (inscriptions/announcements.py) carries, in its `List-Unsubscribe` header and at
its foot, an address holding a signed token (django.core.signing, its own salt) naming the
registration it was sent for, valid for VALID_DAYS. Opening it shows a page that asks to confirm;
a POST to it — the page's button, or the mail client's own one-click request, which carries no
session nor CSRF token — records an AnnouncementRefusal for that registration, and the next
announcements skip it. A forged or expired token, or one whose registration is gone, changes
nothing and is told in French; a token used again keeps the first date.
"""

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from automne.site import absolute
from inscriptions.models import AnnouncementRefusal, Registration

SALT = "inscriptions.unsubscribe"
VALID_DAYS = 90

# The messages in French (tests compare pages with them); translated where they are given (gettext).
FORGED = gettext_noop("Ce lien de désabonnement n'est pas valide : il a sans doute été mal copié. Rien n'a été changé.")
EXPIRED_TEXT = gettext_noop(
    "Ce lien de désabonnement a expiré (il vaut %(days)s jours) : utilisez celui d'une annonce plus récente, "
    "ou écrivez aux organisateurs. Rien n'a été changé."
)
EXPIRED = EXPIRED_TEXT % {"days": VALID_DAYS}
GONE = gettext_noop("Cette inscription n'existe plus : elle ne reçoit plus aucune annonce.")


class Refused(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.message, self.status = message, status


def token(registration):
    return signing.dumps(registration.pk, salt=SALT)


def address(registration):
    """The unsubscribe address of an announcement sent for `registration`, on the site (SITE_URL)."""
    return absolute(reverse("inscriptions:unsubscribe", kwargs={"token": token(registration)}))


def registration_for(value):
    """The registration a token names; Refused (400 forged or expired, 404 gone) otherwise."""
    try:
        pk = signing.loads(value, salt=SALT, max_age=VALID_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise Refused(gettext(EXPIRED_TEXT) % {"days": VALID_DAYS}, 400) from error
    except signing.BadSignature as error:
        raise Refused(gettext(FORGED), 400) from error
    if not isinstance(pk, int):
        raise Refused(gettext(FORGED), 400)
    registration = Registration.objects.select_related("edition", "announcement_refusal").filter(pk=pk).first()
    if registration is None:
        raise Refused(gettext(GONE), 404)
    return registration


def refused_at(registration):
    """When the registration's person unsubscribed, or None."""
    try:
        return registration.announcement_refusal.refused_at
    except AnnouncementRefusal.DoesNotExist:
        return None


def stop(registration, now=None):
    """Records the refusal; True if it is new (a second use, even at the same moment, keeps the first date)."""
    refusal, created = AnnouncementRefusal.objects.get_or_create(
        registration=registration, defaults={"refused_at": now or timezone.now()}
    )
    registration.announcement_refusal = refusal
    return created
