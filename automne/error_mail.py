"""Server errors e-mailed to ADMINS, never lost because the mail queue is.

Django's AdminEmailHandler sends through EMAIL_BACKEND, here the queue in the database. When the
error is the database itself, queuing fails too: the report then goes straight through EMAIL_URL's
backend (MAILER_EMAIL_BACKEND), and a failure there is swallowed as Django swallows it, the error
being in the log already (the console handler runs first).
"""

from django.conf import settings
from django.core import mail
from django.utils import log


class AdminEmailHandler(log.AdminEmailHandler):
    def send_mail(self, subject, message, *args, **kwargs):
        try:
            super().send_mail(subject, message, *args, **kwargs)
        except Exception:
            direct = mail.get_connection(backend=settings.MAILER_EMAIL_BACKEND, fail_silently=True)
            mail.mail_admins(subject, message, *args, connection=direct, **kwargs)
