"""The outgoing mail queue (django-mailer): messages wait in the database until delivered.

EMAIL_BACKEND puts every message in the queue, in the request's own transaction; `manage.py
send_mail_queue` delivers it through MAILER_EMAIL_BACKEND (EMAIL_URL). A message the server
refuses, or that fails for any other reason, is deferred (logged at ERROR, kept in the queue)
and retried every RETRY_EVERY seconds, at most MAILER_EMAIL_MAX_RETRIES times; what is left is
listed in the admin (Mailer › Messages).
"""

import logging
import time

from django.db import close_old_connections
from mailer import engine
from mailer.models import RESULT_FAILURE, Message, MessageLog

logger = logging.getLogger("automne.mail")

SLEEP = 5  # seconds between two looks at the queue
RETRY_EVERY = 10 * 60


def defer_on_error(connection, message, error):
    """MAILER_ERROR_HANDLER: any failure defers the message (django-mailer's own handler lets
    errors other than SMTP's stop the whole delivery) and is logged, never silent."""
    message.defer()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message=f"{type(error).__name__}: {error}")
    logger.error(
        "Courriel %s non envoyé, réessayé dans %d minutes : %s: %s",
        message.id,
        RETRY_EVERY // 60,
        type(error).__name__,
        error,
    )
    return None, "deferred"  # a new connection for the next message


def deliver():
    """Sends every message that is due; returns how many are still waiting (deferred included)."""
    if Message.objects.non_deferred().exists():
        engine.send_all()
    return Message.objects.count()


def queue_change_notices():
    """Participants' change e-mails whose batch is complete join the queue (programme/change_notices.py)."""
    from programme import change_notices

    return change_notices.send_due()


def queue_evaluation_work():
    """The questionnaires' reminders whose moment has come join the queue; questionnaires just closed
    and editions just over are sealed, so that their results can be read (appreciations/)."""
    from appreciations import anonymity, reminders

    anonymity.seal_due()
    return reminders.send_due()


def retry_deferred():
    count = Message.objects.retry_deferred()
    if count:
        logger.info("%d courriel(s) différé(s) remis dans la file.", count)
    return count


def run(stopping, sleep=time.sleep):
    """Delivers until `stopping()` is true: the queue every SLEEP seconds, deferred messages again
    every RETRY_EVERY seconds. A database that is briefly away only delays delivery."""
    next_retry = time.monotonic() + RETRY_EVERY
    while not stopping():
        try:
            if time.monotonic() >= next_retry:
                retry_deferred()
                next_retry = time.monotonic() + RETRY_EVERY
            queue_change_notices()
            queue_evaluation_work()
            deliver()
        except Exception:
            logger.exception("File de courriels : envoi interrompu, les messages restent dans la file.")
        close_old_connections()
        for _ in range(SLEEP * 10):
            if stopping():
                break
            sleep(0.1)
