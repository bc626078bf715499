"""The inscriptions' signal receivers: login throttling counts failures and forgets them at the
next success, for every login form (the site's and the admin's). Connected by `connect()`, from
InscriptionsConfig.ready()."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from inscriptions import throttle
from inscriptions.backends import client_address


def count_failure(sender, credentials, request=None, **kwargs):
    throttle.record_failure(credentials.get("username", ""), client_address(request))


def forget_failures(sender, request, user, **kwargs):
    throttle.record_success(user.email)


def connect():
    user_login_failed.connect(count_failure, dispatch_uid="inscriptions.count_failure")
    user_logged_in.connect(forget_failures, dispatch_uid="inscriptions.forget_failures")
