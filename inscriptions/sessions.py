"""The sessions of an account: ended when the account is deleted (by its owner, an organizer or the
retention), so that no browser stays logged in as it and no session row keeps its id."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user_id):
    """Deletes every unexpired session logged in as `user_id` (expired ones go with clearsessions)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
