"""The e-mails a registration sends: received or on the waiting list, then confirmed by the organizers,
taken off the waiting list, put back on it or cancelled by them. Each goes through the mail queue
(django-mailer, settings.EMAIL_BACKEND): an organizer's action never fails because the mail server is down."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from automne import emails, languages
from automne.site import absolute
from inscriptions.models import Registration


def _mail(registration, template, topic):
    context = {"registration": registration, "edition": registration.edition, "site_url": absolute("/").rstrip("/")}
    emails.send([registration.email], topic, render_to_string(template, context), edition=registration.edition)


@languages.writes_to(lambda registration, *args, **kwargs: registration.user)
def send_confirmation(registration):
    topic = _("Liste d'attente") if registration.state == Registration.State.WAITING else _("Inscription reçue")
    _mail(registration, "inscriptions/emails/registered.txt", topic)


@languages.writes_to(lambda registration, *args, **kwargs: registration.user)
def send_confirmed(registration):
    _mail(registration, "inscriptions/emails/confirmed.txt", _("Inscription confirmée"))


@languages.writes_to(lambda registration, *args, **kwargs: registration.user)
def send_promotion(registration):
    _mail(registration, "inscriptions/emails/promoted.txt", _("Une place pour vous"))


@languages.writes_to(lambda registration, *args, **kwargs: registration.user)
def send_left(registration):
    """An organizer cancelled the registration or moved it to the waiting list."""
    if registration.state == Registration.State.CANCELLED:
        topic, template = _("Inscription annulée"), "inscriptions/emails/cancelled.txt"
    else:
        topic, template = _("Liste d'attente"), "inscriptions/emails/waitlisted.txt"
    _mail(registration, template, topic)


@languages.writes_to(lambda edition, email: email)
def send_account_exists(edition, email):
    """To the owner of an address someone tried to register with: how to log in or reset the password."""
    context = {"edition": edition, "email": email, "site_url": absolute("/").rstrip("/")}
    body = render_to_string("inscriptions/emails/account_exists.txt", context)
    emails.send([email], _("Votre compte"), body, edition=edition)
