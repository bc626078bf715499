"""The e-mails a registration sends: received or on the waiting list, then confirmed by the organizers,
taken off the waiting list, put back on it or cancelled by them. Each goes through the mail queue
(django-mailer, settings.EMAIL_BACKEND): an organizer's action never fails because the mail server is down."""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from automne.site import absolute
from inscriptions.models import Registration


def _mail(registration, template, subject):
    context = {"registration": registration, "edition": registration.edition, "site_url": absolute("/").rstrip("/")}
    body = render_to_string(template, context)
    send_mail(subject, body, None, [registration.email])


def send_confirmation(registration):
    if registration.state == Registration.State.WAITING:
        subject = f"Liste d'attente — {registration.edition.name}"
    else:
        subject = f"Inscription reçue — {registration.edition.name}"
    _mail(registration, "inscriptions/emails/registered.txt", subject)


def send_confirmed(registration):
    subject = f"Inscription confirmée — {registration.edition.name}"
    _mail(registration, "inscriptions/emails/confirmed.txt", subject)


def send_promotion(registration):
    subject = f"Une place pour vous — {registration.edition.name}"
    _mail(registration, "inscriptions/emails/promoted.txt", subject)


def send_left(registration):
    """An organizer cancelled the registration or moved it to the waiting list."""
    if registration.state == Registration.State.CANCELLED:
        subject = f"Inscription annulée — {registration.edition.name}"
        template = "inscriptions/emails/cancelled.txt"
    else:
        subject = f"Liste d'attente — {registration.edition.name}"
        template = "inscriptions/emails/waitlisted.txt"
    _mail(registration, template, subject)


def send_account_exists(edition, email):
    """To the owner of an address someone tried to register with: how to log in or reset the password."""
    context = {"edition": edition, "email": email, "site_url": absolute("/").rstrip("/")}
    body = render_to_string("inscriptions/emails/account_exists.txt", context)
    send_mail(f"Votre compte — {edition.name}", body, None, [email])
