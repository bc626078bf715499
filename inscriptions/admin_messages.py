"""What the organizers read after a bulk action on registrations, in their words."""

from django.contrib import messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM

# The roles as the admin names them: the groups keep their French names in the database (automne/roles.py).
ROLE_LABELS = {
    TEACHING_TEAM: _("Équipe pédagogique"),
    ORGANIZERS_GROUP: _("Organisateurs"),
    SPEAKERS: _("Intervenant·e·s"),
}


def role_label(role):
    """A role's name in the reader's language (a group of another name: as it is)."""
    return str(ROLE_LABELS.get(role, role))


def confirmation_messages(result):
    """What a confirmation did, in the organizers' words: who was confirmed and e-mailed, and why
    the others were left as they were."""
    found = []
    if result.confirmed:
        found.append(
            (
                messages.SUCCESS,
                ngettext(
                    "%(count)s inscription(s) confirmée(s) et prévenue(s) par courriel.",
                    "%(count)s inscription(s) confirmée(s) et prévenue(s) par courriel.",
                    len(result.confirmed),
                )
                % {"count": len(result.confirmed)},
            )
        )
    else:
        found.append((messages.WARNING, gettext("Aucune inscription confirmée.")))
    if result.already:
        found.append(
            (
                messages.INFO,
                ngettext(
                    "%(count)s inscription(s) laissée(s) telles quelles : déjà confirmée(s).",
                    "%(count)s inscription(s) laissée(s) telles quelles : déjà confirmée(s).",
                    len(result.already),
                )
                % {"count": len(result.already)},
            )
        )
    if result.cancelled:
        found.append(
            (
                messages.WARNING,
                ngettext(
                    "%(count)s inscription(s) laissée(s) telles quelles : annulée(s).",
                    "%(count)s inscription(s) laissée(s) telles quelles : annulée(s).",
                    len(result.cancelled),
                )
                % {"count": len(result.cancelled)},
            )
        )
    if result.no_seat:
        found.append(
            (
                messages.WARNING,
                ngettext(
                    "%(count)s inscription(s) laissée(s) sur la liste d'attente : il n'y a plus de place.",
                    "%(count)s inscription(s) laissée(s) sur la liste d'attente : il n'y a plus de place.",
                    len(result.no_seat),
                )
                % {"count": len(result.no_seat)},
            )
        )
    return found
