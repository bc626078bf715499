"""The questionnaire's one reminder: at `reminder_at`, an e-mail to each participant holding a seat
in the edition who has not answered, through the mail queue (django-mailer). Run by the mail loop
(automne/mail_queue.py) every few seconds; the questionnaire's row is locked and marked in the same
transaction as the e-mails are queued, so that two servers never send it twice, and nothing is
marked sent unless the e-mails are in the queue."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from appreciations.models import Questionnaire, Respondent
from automne import emails, languages
from automne.site import absolute

TOPIC = gettext_lazy("Rappel : questionnaire de fin d'école")


@languages.writes_to(lambda registration, questionnaire: registration.user)
def reminder(registration, questionnaire):
    """One participant's reminder, in their language (its link too: /en/… in English)."""
    link = absolute(reverse("appreciations:questionnaire", kwargs={"edition": questionnaire.edition.slug}))
    return emails.message(
        [registration.user.email],
        str(TOPIC),
        render_to_string(
            "appreciations/emails/reminder.txt",
            {"registration": registration, "questionnaire": questionnaire, "link": link},
        ),
        edition=questionnaire.edition,
    )


def not_answered(questionnaire):
    """The participants (holding a seat) of the questionnaire's edition who have not answered."""
    from inscriptions.models import Registration

    answered = Respondent.objects.filter(questionnaire=questionnaire).values("user_id")
    return (
        Registration.objects.filter(edition=questionnaire.edition_id, state__in=Registration.SEATED)
        .exclude(user_id__in=answered)
        .select_related("user")
        .order_by("pk")
    )


def send_due(moment=None):
    """Queues the reminders whose moment has come; returns how many e-mails were queued."""
    moment = moment or timezone.now()
    due = Questionnaire.objects.filter(
        reminder_at__lte=moment, closes_at__gt=moment, reminder_sent_at__isnull=True, sealed_at__isnull=True
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            questionnaire = (
                Questionnaire.objects.select_for_update(skip_locked=True)
                .select_related("edition")
                .filter(pk=pk, reminder_sent_at__isnull=True)
                .first()
            )
            if questionnaire is None:
                continue
            messages = [reminder(registration, questionnaire) for registration in not_answered(questionnaire)]
            sent += emails.send_all(messages)
            questionnaire.reminder_sent_at = moment
            questionnaire.save(update_fields=["reminder_sent_at"])
    return sent
