"""Which edition a public address shows, and the addresses of an edition's pages.

Each edition's pages live for good under /editions/<slug>/… (its week, days, sessions, people,
exports, changes). The short addresses (/programme/, /seances/<slug>/, …) show the current
edition. A short address naming a session, a person or a day of another edition redirects to
that edition's permanent address: every address the site has served keeps working once the
next edition becomes current.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from programme.models import Edition

NO_EDITION = "Aucune édition n'est publiée."
UNKNOWN_EDITION = "Cette édition n'existe pas."


def shown(slug=None):
    """The edition an address shows: the one it names, or the current one (404 if none)."""
    if slug is None:
        edition = Edition.objects.current()
        if edition is None:
            raise Http404(NO_EDITION)
        return edition
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404(UNKNOWN_EDITION)
    return edition


def address_kwargs(edition, **kwargs):
    """The URL arguments of a page of `edition`: its short address when it is current."""
    if edition and not edition.is_current:
        kwargs["edition"] = edition.slug
    return kwargs


def url(edition, name, **kwargs):
    """The address of page `name` of `edition`, short when it is the current edition."""
    return reverse(name, kwargs=address_kwargs(edition, **kwargs))


def permanent_url(edition, name, **kwargs):
    """The address that stays the same whatever edition is current."""
    return reverse(name, kwargs={"edition": edition.slug, **kwargs})


def redirect_to_other_edition(name, candidates, **kwargs):
    """A short address whose object is not in the current edition: to the newest edition that
    has it (`candidates`, a queryset of editions), for good; 404 when none has it."""
    edition = candidates.exclude(is_current=True).order_by("-starts_on").first()
    if edition is None:
        raise Http404("Cette page n'existe pas.")
    return redirect(permanent_url(edition, name, **kwargs), permanent=True)


def archives(today=None):
    """« Éditions précédentes »: every edition whose last day has passed, newest first."""
    return Edition.objects.past(today or timezone.localdate())


def upcoming_besides(current, today):
    """The other editions not over yet (a summer school while the autumn one is current)."""
    others = Edition.objects.filter(ends_on__gte=today).order_by("starts_on")
    return list(others.exclude(pk=current.pk) if current else others)
