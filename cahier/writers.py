"""Who may write in an edition's cahier: the one rule every write of a notebook goes through — an
answer (autosave and the « Enregistrer » button), restoring a version, the case study chosen, a
drawing added or deleted.

A person writes in an edition's notebook when they hold a registration in that edition that is not
cancelled (received, confirmed, or on the waiting list: they may still get a seat, and the cahier
starts before the week). Reading stays open to the owner in any case (their words are theirs: export,
print, a cancelled registration's notebook), and sharing may always be stopped.

The teaching team and the organizers write nothing in a notebook. The team's part is to read what
participants share and to comment (cahier/team.py, its own permission); its accounts hold no
registration, and answers written by one would be a journal of nobody's, kept outside the rules that
keep and delete a participant's cahier with their registration (inscriptions/retention.py). Anyone
else — an account registered to another edition only, or to none — gets a 403 in French.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from inscriptions import staff
from inscriptions.models import Registration

# In French here (tests and callers compare them); refusal() gives them in the language of the request.
TEAM = gettext_noop(
    "Les comptes de l'équipe n'écrivent pas dans les cahiers : l'équipe pédagogique lit ceux que les "
    "participant·e·s partagent et les commente. Rien n'a été enregistré."
)
CANCELLED = gettext_noop(
    "Votre inscription à cette édition est annulée : son cahier se lit encore, mais ne s'écrit plus. "
    "Rien n'a été enregistré."
)
NOT_REGISTERED = gettext_noop(
    "Ce cahier est celui d'une édition à laquelle vous n'êtes pas inscrit·e : seules les personnes inscrites "
    "y écrivent. Rien n'a été enregistré."
)


# The states of a registration whose holder writes in the edition's notebook: all but cancelled.
WRITING_STATES = tuple(state for state in Registration.State if state != Registration.State.CANCELLED)


class NotAWriter(PermissionDenied):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def refusal(user, edition_id):
    """Why `user` may not write in the notebook of the edition `edition_id`, in the request's language; None when
    they may.
    One query for a participant who may."""
    return _refusal(user, {"edition_id": edition_id})


def refusal_in_page(user, page_id):
    """The same rule for the notebook page `page_id`, its edition found in the same query (the autosave)."""
    return _refusal(user, {"edition__cahier_pages": page_id})


def _refusal(user, edition):
    reason = _reason(user, edition)
    return _(reason) if reason else None


def writing_registrations(user_id, **edition):
    """The registrations that let the account `user_id` write in an edition's notebook: those not cancelled.
    As a queryset, so that the autosave asks it inside its own query (cahier/api.py)."""
    return Registration.objects.filter(user_id=user_id, state__in=WRITING_STATES, **edition)


def _reason(user, edition):
    if not user.is_authenticated:
        return NOT_REGISTERED
    states = set(Registration.objects.filter(user=user, **edition).values_list("state", flat=True))
    if states.intersection(WRITING_STATES):
        return None
    if staff.is_staff_account(user) or user.is_superuser:
        return TEAM
    if states:
        return CANCELLED
    return NOT_REGISTERED


def check(user, edition_id):
    """Raises NotAWriter (a PermissionDenied: 403) when `user` may not write in that notebook."""
    message = refusal(user, edition_id)
    if message:
        raise NotAWriter(message)
