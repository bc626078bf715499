"""The inscriptions' signal receivers: login throttling counts failures and forgets them at the
next success, for every login form (the site's and the admin's); a deleted account's sessions end.
Connected by `connect()`, from InscriptionsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete

from inscriptions import sessions, throttle
from inscriptions.backends import client_address
from inscriptions.models import User


def count_failure(sender, credentials, request=None, **kwargs):
    throttle.record_failure(credentials.get("username", ""), client_address(request))


def forget_failures(sender, request, user, **kwargs):
    throttle.record_success(user.email)


def end_sessions_of_deleted_account(sender, instance, **kwargs):
    sessions.end_sessions(instance.pk)


def connect():
    user_login_failed.connect(count_failure, dispatch_uid="inscriptions.count_failure")
    user_logged_in.connect(forget_failures, dispatch_uid="inscriptions.forget_failures")
    post_delete.connect(end_sessions_of_deleted_account, sender=User, dispatch_uid="inscriptions.end_sessions")
