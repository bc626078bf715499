"""Announcements: the organizers write to the people of chosen registrations (for example everyone
confirmed). A subject and a text, refused when empty; each person gets one e-mail, greeted by name
and signed by the edition's team, built like every other e-mail (automne/emails.py) and queued.

An announcement is written by a person, so it is not marked automatic (no Auto-Submitted); it carries
a one-click unsubscribe (List-Unsubscribe, inscriptions/unsubscribe.py), and a registration whose
person unsubscribed is skipped."""

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy

from automne import emails
from automne.french import sort_key
from inscriptions import unsubscribe

TEMPLATE = "inscriptions/emails/announcement.txt"


class AnnouncementForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Objet"),
        max_length=150,
        error_messages={"required": gettext_lazy("Indiquez l'objet du courriel.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Texte"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        help_text=gettext_lazy(
            "« Bonjour » suivi du prénom de chaque personne est ajouté au début, la signature à la fin."
        ),
        error_messages={"required": gettext_lazy("Écrivez le texte de l'annonce.")},
    )

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(gettext("L'objet tient sur une seule ligne."))
        return subject


def recipients(registrations):
    """One registration for each address (a person registered to two chosen editions is written to
    once), in the order of their names; registrations that unsubscribed are left out."""
    by_address = {}
    chosen = registrations.filter(announcement_refusal__isnull=True).select_related("edition")
    for registration in chosen.order_by("created_at", "pk"):
        by_address.setdefault(registration.email.lower(), registration)
    return sorted(by_address.values(), key=lambda r: (sort_key(r.last_name), sort_key(r.first_name), r.pk))


def message(registration, subject, body):
    """The e-mail one person gets."""
    edition = registration.edition
    text = render_to_string(TEMPLATE, {"registration": registration, "edition": edition, "body": body}).rstrip() + "\n"
    reply_to = [edition.contact_email] if edition.contact_email else None
    return emails.message(
        [registration.email],
        subject,
        text,
        edition=edition,
        automatic=False,
        unsubscribe_url=unsubscribe.address(registration),
        reply_to=reply_to,
    )


def send(registrations, subject, body):
    """Queues one e-mail for each person; returns how many."""
    return emails.send_all(message(registration, subject, body) for registration in recipients(registrations))
