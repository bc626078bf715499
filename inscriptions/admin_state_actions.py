"""The organizers' actions on registrations' states — confirm, promote from the waiting list, move to the
waiting list, cancel — each in two steps, as Django's own deletion: the action first shows a
confirmation page saying, person by person, what will happen (and who will be e-mailed); « Oui » posts
the same selection back, and the change is made by inscriptions/seats.py, which decides again under the
edition's lock (a page left open while someone else acted changes only what is still to change) and
e-mails, through the mail queue, each person whose state changed."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from inscriptions import seats
from inscriptions.admin_messages import confirmation_messages
from inscriptions.models import Registration


@dataclass
class Group:
    """People to whom the same thing will happen, as the confirmation page lists them."""

    title: str
    people: list
    changes: bool  # their state changes (and they are e-mailed)


def _presences_note(count):
    # French writes 0 and 1 in the singular: the choice stays here, the English catalogue follows it.
    if count > 1:
        return gettext("%(count)s présences notées, retirées avec la place") % {"count": count}
    return gettext("%(count)s présence notée, retirée avec la place") % {"count": count}


def confirm_groups(result):
    promoted = [r for r in result.confirmed if r.pk in result.promoted]
    confirmed = [r for r in result.confirmed if r.pk not in result.promoted]
    return [
        Group(gettext("Seront confirmées et prévenues par courriel"), confirmed, True),
        Group(
            gettext("Prendront une place libre, quittent la liste d'attente, prévenues par courriel"), promoted, True
        ),
        Group(gettext("Restent telles quelles : déjà confirmées"), result.already, False),
        Group(
            gettext("Restent telles quelles : annulées (seule la personne peut se réinscrire)"),
            result.cancelled,
            False,
        ),
        Group(gettext("Restent sur la liste d'attente : il n'y a plus de place"), result.no_seat, False),
    ]


def leaving_groups(result):
    cancelling = result.state == Registration.State.CANCELLED
    for registration in result.changed:
        count = result.presences_removed.get(registration.pk)
        registration.note = _presences_note(count) if count else ""
    if cancelling:
        changing = gettext("Seront annulées et prévenues par courriel")
        already = gettext("Restent telles quelles : déjà annulées")
    else:
        changing = gettext("Seront mises sur la liste d'attente et prévenues par courriel")
        already = gettext("Restent telles quelles : déjà sur la liste d'attente")
    return [
        Group(changing, result.changed, True),
        Group(already, result.already, False),
        Group(
            gettext("Restent telles quelles : leur attestation est délivrée (révoquez-la d'abord, avec une raison)"),
            result.attested,
            False,
        ),
    ]


def leaving_messages(result):
    cancelling = result.state == Registration.State.CANCELLED
    found = []
    if result.changed:
        count = len(result.changed)
        if cancelling:
            text = ngettext(
                "%(count)s inscription(s) annulée(s) et prévenue(s) par courriel.",
                "%(count)s inscription(s) annulée(s) et prévenue(s) par courriel.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s inscription(s) mise(s) sur la liste d'attente et prévenue(s) par courriel.",
                "%(count)s inscription(s) mise(s) sur la liste d'attente et prévenue(s) par courriel.",
                count,
            )
        found.append((messages.SUCCESS, text % {"count": count}))
    else:
        found.append((messages.WARNING, gettext("Aucune inscription modifiée.")))
    if result.already:
        count = len(result.already)
        text = ngettext(
            "%(count)s inscription(s) laissée(s) telles quelles : déjà ainsi.",
            "%(count)s inscription(s) laissée(s) telles quelles : déjà ainsi.",
            count,
        )
        found.append((messages.INFO, text % {"count": count}))
    if result.attested:
        count = len(result.attested)
        text = ngettext(
            "%(count)s inscription(s) laissée(s) telles quelles : attestation délivrée "
            "(révoquez-la d'abord, avec une raison).",
            "%(count)s inscription(s) laissée(s) telles quelles : attestation délivrée "
            "(révoquez-la d'abord, avec une raison).",
            count,
        )
        found.append((messages.WARNING, text % {"count": count}))
    return found


class StateActionsMixin:
    """For RegistrationAdmin: confirm, promote, waiting list and cancel, each with its confirmation page."""

    @admin.action(description=_("Confirmer (dans la limite des places, courriel à chacun)"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            return self._confirmation(
                request, "confirm_selected", gettext("Confirmer"), confirm_groups(seats.preview_confirm(chosen))
            )
        self._report(request, confirmation_messages(seats.confirm(chosen)))

    @admin.action(description=_("Promouvoir depuis la liste d'attente (courriel à chacun)"), permissions=["change"])
    def promote_selected(self, request, queryset):
        if "post" not in request.POST:
            waiting = list(queryset.filter(state=Registration.State.WAITING).select_related("edition"))
            result = seats.preview_confirm(waiting)
            others = [r for r in queryset.select_related("edition") if r.state != Registration.State.WAITING]
            groups = [
                *confirm_groups(result),
                Group(gettext("Restent telles quelles : ne sont pas sur la liste d'attente"), others, False),
            ]
            return self._confirmation(request, "promote_selected", gettext("Promouvoir"), groups)
        self._report(request, confirmation_messages(seats.promote(queryset)))

    @admin.action(description=_("Mettre sur la liste d'attente (courriel à chacun)"), permissions=["change"])
    def waitlist_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            result = seats.preview_leaving(chosen, Registration.State.WAITING)
            return self._confirmation(
                request, "waitlist_selected", gettext("Mettre sur la liste d'attente"), leaving_groups(result)
            )
        self._report(request, leaving_messages(seats.move_to_waiting_list(chosen)))

    @admin.action(description=_("Annuler (libère les places, courriel à chacun)"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            result = seats.preview_leaving(chosen, Registration.State.CANCELLED)
            return self._confirmation(
                request, "cancel_selected", gettext("Annuler ces inscriptions"), leaving_groups(result)
            )
        self._report(request, leaving_messages(seats.cancel(chosen)))

    def _report(self, request, found):
        for level, text in found:
            self.message_user(request, text, level)

    def _confirmation(self, request, action, verb, groups):
        groups = [group for group in groups if group.people]
        changing = sum(len(group.people) for group in groups if group.changes)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("%(verb)s : confirmation") % {"verb": verb},
            "opts": self.model._meta,
            "action": action,
            "verb": verb,
            "groups": groups,
            "changing": changing,
            "selected": [r.pk for group in groups for r in group.people],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/inscriptions/registration/state_confirmation.html", context)
