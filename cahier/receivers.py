"""The cahier's signal receivers, connected by CahierConfig.ready()."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete

from cahier.models import Drawing
from cahier.sharing import TEAM_SESSION_KEY, is_teaching_team


def delete_drawing_file(sender, instance, **kwargs):
    # Also when the account is deleted (cascade): no orphan image stays on disk.
    if instance.image:
        instance.image.delete(save=False)


def remember_teaching_team(sender, request, user, **kwargs):
    # For the header's « Cahiers partagés » link, without a query on every page; access is checked on each request.
    if request is not None and hasattr(request, "session"):
        request.session[TEAM_SESSION_KEY] = is_teaching_team(user)


def connect():
    post_delete.connect(delete_drawing_file, sender=Drawing, dispatch_uid="cahier.delete_drawing_file")
    user_logged_in.connect(remember_teaching_team, dispatch_uid="cahier.remember_teaching_team")
