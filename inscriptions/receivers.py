"""The inscriptions' signal receivers: a login forgets the account's failed tries (counted by the login
backend, inscriptions/backends.py), whatever logged it in; a deleted account's sessions end.
Connected by `connect()`, from InscriptionsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete

from inscriptions import sessions, throttle
from inscriptions.models import User


def forget_failures(sender, request, user, **kwargs):
    throttle.record_success(user)


def end_sessions_of_deleted_account(sender, instance, **kwargs):
    sessions.end_sessions(instance.pk)


def connect():
    user_logged_in.connect(forget_failures, dispatch_uid="inscriptions.forget_failures")
    post_delete.connect(end_sessions_of_deleted_account, sender=User, dispatch_uid="inscriptions.end_sessions")
