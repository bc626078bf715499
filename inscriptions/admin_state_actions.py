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

from automne.french import NBSP
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
    s = "s" if count > 1 else ""
    return f"{count} présence{s} notée{s}, retirée{s} avec la place"


def confirm_groups(result):
    promoted = [r for r in result.confirmed if r.pk in result.promoted]
    confirmed = [r for r in result.confirmed if r.pk not in result.promoted]
    return [
        Group("Seront confirmées et prévenues par courriel", confirmed, True),
        Group("Prendront une place libre, quittent la liste d'attente, prévenues par courriel", promoted, True),
        Group(f"Restent telles quelles{NBSP}: déjà confirmées", result.already, False),
        Group(
            f"Restent telles quelles{NBSP}: annulées (seule la personne peut se réinscrire)", result.cancelled, False
        ),
        Group(f"Restent sur la liste d'attente{NBSP}: il n'y a plus de place", result.no_seat, False),
    ]


def leaving_groups(result):
    cancelling = result.state == Registration.State.CANCELLED
    for registration in result.changed:
        count = result.presences_removed.get(registration.pk)
        registration.note = _presences_note(count) if count else ""
    verb = "annulées" if cancelling else "mises sur la liste d'attente"
    already = "annulées" if cancelling else "sur la liste d'attente"
    return [
        Group(f"Seront {verb} et prévenues par courriel", result.changed, True),
        Group(f"Restent telles quelles{NBSP}: déjà {already}", result.already, False),
        Group(
            f"Restent telles quelles{NBSP}: leur attestation est délivrée (révoquez-la d'abord, avec une raison)",
            result.attested,
            False,
        ),
    ]


def leaving_messages(result):
    cancelling = result.state == Registration.State.CANCELLED
    found = []
    if result.changed:
        verb = "annulée(s)" if cancelling else "mise(s) sur la liste d'attente"
        found.append((messages.SUCCESS, f"{len(result.changed)} inscription(s) {verb} et prévenue(s) par courriel."))
    else:
        found.append((messages.WARNING, "Aucune inscription modifiée."))
    if result.already:
        found.append(
            (messages.INFO, f"{len(result.already)} inscription(s) laissée(s) telles quelles{NBSP}: déjà ainsi.")
        )
    if result.attested:
        found.append(
            (
                messages.WARNING,
                f"{len(result.attested)} inscription(s) laissée(s) telles quelles{NBSP}: attestation délivrée "
                "(révoquez-la d'abord, avec une raison).",
            )
        )
    return found


class StateActionsMixin:
    """For RegistrationAdmin: confirm, promote, waiting list and cancel, each with its confirmation page."""

    @admin.action(description="Confirmer (dans la limite des places, courriel à chacun)", permissions=["change"])
    def confirm_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            return self._confirmation(
                request, "confirm_selected", "Confirmer", confirm_groups(seats.preview_confirm(chosen))
            )
        self._report(request, confirmation_messages(seats.confirm(chosen)))

    @admin.action(description="Promouvoir depuis la liste d'attente (courriel à chacun)", permissions=["change"])
    def promote_selected(self, request, queryset):
        if "post" not in request.POST:
            waiting = list(queryset.filter(state=Registration.State.WAITING).select_related("edition"))
            result = seats.preview_confirm(waiting)
            others = [r for r in queryset.select_related("edition") if r.state != Registration.State.WAITING]
            groups = [
                *confirm_groups(result),
                Group(f"Restent telles quelles{NBSP}: ne sont pas sur la liste d'attente", others, False),
            ]
            return self._confirmation(request, "promote_selected", "Promouvoir", groups)
        self._report(request, confirmation_messages(seats.promote(queryset)))

    @admin.action(description="Mettre sur la liste d'attente (courriel à chacun)", permissions=["change"])
    def waitlist_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            result = seats.preview_leaving(chosen, Registration.State.WAITING)
            return self._confirmation(
                request, "waitlist_selected", "Mettre sur la liste d'attente", leaving_groups(result)
            )
        self._report(request, leaving_messages(seats.move_to_waiting_list(chosen)))

    @admin.action(description="Annuler (libère les places, courriel à chacun)", permissions=["change"])
    def cancel_selected(self, request, queryset):
        chosen = list(queryset.select_related("edition"))
        if "post" not in request.POST:
            result = seats.preview_leaving(chosen, Registration.State.CANCELLED)
            return self._confirmation(request, "cancel_selected", "Annuler ces inscriptions", leaving_groups(result))
        self._report(request, leaving_messages(seats.cancel(chosen)))

    def _report(self, request, found):
        for level, text in found:
            self.message_user(request, text, level)

    def _confirmation(self, request, action, verb, groups):
        groups = [group for group in groups if group.people]
        changing = sum(len(group.people) for group in groups if group.changes)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{verb}{NBSP}: confirmation",
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
