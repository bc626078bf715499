"""Participants choose the sessions they will attend: who may choose, adding and removing a
choice, and which chosen sessions run at the same time (« En même temps que … »).

A participant logged in with a registration to the edition that is not cancelled may add and
remove choices; with a cancelled registration they still see the choices they made, and may
remove them, but add none. Choices are personal data: in the participant's export
(programme/user_data.py), deleted with the account, never shown to anyone else by name.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext_lazy

from programme import personal
from programme.models import Choice, Occurrence

ADD, REMOVE = "ajouter", "retirer"
UNKNOWN_OCCURRENCE = "Cette séance n'est pas au programme de cette édition."
# Shown to the participant (choice_refused.html, or the enhanced button's JSON): in their language.
NOT_REGISTERED = gettext_lazy("Seules les personnes inscrites à cette édition peuvent choisir leurs séances.")
CANCELLED = gettext_lazy(
    "Votre inscription à cette édition est annulée : vous voyez vos choix, mais ne pouvez plus en ajouter."
)
BAD_ACTION = gettext_lazy("Demande invalide : choisissez « ajouter » ou « retirer » une séance.")
LOGISTICS = gettext_lazy("Les pauses, repas et l'accueil ne se choisissent pas.")


class Refused(Exception):
    """A choice that cannot be made: `status` (400 or 403) and a message for the participant."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def registration_state(user, edition):
    """ "active", "cancelled" or None: whether `user` may choose in `edition` (1 query, none if anonymous)."""
    if not user.is_authenticated:
        return None
    Registration = apps.get_model("inscriptions", "Registration")
    return state_from(set(Registration.objects.filter(user=user, edition=edition).values_list("state", flat=True)))


def state_from(states):
    """registration_state's answer for a person whose registrations to the edition are in `states`."""
    if not states:
        return None
    return "cancelled" if states == {apps.get_model("inscriptions", "Registration").State.CANCELLED} else "active"


def occurrence_of(edition, occurrence_id):
    """The occurrence `occurrence_id` of the edition, else 404 (another edition's, or none)."""
    occurrence = (
        Occurrence.objects.filter(pk=occurrence_id, time_slot__day__edition=edition)
        .select_related("session", "time_slot__day", "room")
        .first()
    )
    if occurrence is None:
        raise Http404(UNKNOWN_OCCURRENCE)
    return occurrence


def apply(user, edition, occurrence, action):
    """Adds (ADD) or removes (REMOVE) `user`'s choice of `occurrence` (of `edition`, see occurrence_of),
    and returns whether it is chosen after. Refused: an unknown action, a break or meal, no registration,
    or adding with a cancelled one."""
    if action not in (ADD, REMOVE):
        raise Refused(BAD_ACTION)
    state = registration_state(user, edition)
    if state is None:
        raise Refused(NOT_REGISTERED, status=403)
    if action == REMOVE:
        Choice.objects.filter(user=user, occurrence=occurrence).delete()
        return False
    if state == "cancelled":
        raise Refused(CANCELLED, status=403)
    if occurrence.session.is_logistics:
        raise Refused(LOGISTICS)
    Choice.objects.get_or_create(user=user, occurrence=occurrence)
    return True


def chosen_occurrences(user, edition):
    """The occurrences `user` chose in `edition`, in schedule order, with their session and time
    (what their marks and « En même temps que … » need): 1 query."""
    return list(
        Occurrence.objects.filter(choices__user=user, time_slot__day__edition=edition)
        .select_related("session", "time_slot__day")
        .in_schedule_order()
    )


def chosen_session_ids(user, edition):
    """The ids of the sessions `user` chose an occurrence of in `edition`: what « in their programme »
    means wherever the site marks it (1 query; none, and an empty set, for an anonymous visitor)."""
    if not user.is_authenticated:
        return set()
    return set(
        Choice.objects.filter(user=user, occurrence__time_slot__day__edition=edition).values_list(
            "occurrence__session_id", flat=True
        )
    )


def overlap(a, b):
    """Whether two spans (start, end) share some moment (one ending as the other starts does not)."""
    return a[0] < b[1] and b[0] < a[1]


def same_time(chosen):
    """{occurrence id: [the other chosen occurrences running at the same time]}."""
    spans = {o.pk: (o.start_datetime(), o.end_datetime()) for o in chosen}  # each computed once
    return {
        o.pk: [other for other in chosen if other.pk != o.pk and overlap(spans[o.pk], spans[other.pk])] for o in chosen
    }


@dataclass
class PageChoices:
    """What a logged-in participant's page shows of their choices."""

    state: str  # "active" or "cancelled"
    chosen: list = field(default_factory=list)

    @property
    def can_add(self):
        return self.state == "active"

    @cached_property
    def chosen_ids(self):
        return {o.pk for o in self.chosen}

    @cached_property
    def same_time(self):
        return same_time(self.chosen)

    def overlapping(self):
        """{occurrence id: [the other chosen occurrences at the same time]}, for those that have some."""
        return {pk: others for pk, others in self.same_time.items() if others}

    def mark(self, occurrences):
        """Sets `is_chosen` and `same_time` (titles of the chosen sessions at the same time) on each."""
        ids, overlapping = self.chosen_ids, self.same_time
        for occurrence in occurrences:
            occurrence.is_chosen = occurrence.pk in ids
            occurrence.same_time = overlapping.get(occurrence.pk, [])
        return occurrences


def for_request(request, edition, occurrences=()):
    """for_page for the request's visitor, from the state the personal layer read for the page
    (programme/personal.py) when it did: the page kept under that state is rendered from it."""
    known = personal.known_state(request, edition)
    if known is None:
        return for_page(request.user, edition, occurrences)
    if known.registration is None:
        return None
    chosen = []
    if known.chosen_ids:
        chosen = list(
            Occurrence.objects.filter(pk__in=known.chosen_ids)
            .select_related("session", "time_slot__day")
            .in_schedule_order()
        )
    page = PageChoices(known.registration, chosen)
    page.mark(occurrences)
    return page


def for_page(user, edition, occurrences=()):
    """The participant's choices for a page showing `occurrences`, marked; None for anyone who
    may not choose (anonymous: no query)."""
    state = registration_state(user, edition)
    if state is None:
        return None
    page = PageChoices(state, chosen_occurrences(user, edition))
    page.mark(occurrences)
    return page
