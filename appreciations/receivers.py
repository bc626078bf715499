"""The evaluations' signal receivers, connected by AppreciationsConfig.ready().

An account deleted while its ratings may still be changed takes them with it: they are still its
data. Once sealed, a rating belongs to nobody and stays. Answers to the questionnaire never belong
to anybody: only the « has answered » row goes (by cascade)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete

from appreciations.models import SessionRating


def delete_own_ratings(sender, instance, **kwargs):
    SessionRating.objects.filter(author__user=instance).delete()


def connect():
    pre_delete.connect(delete_own_ratings, sender=get_user_model(), dispatch_uid="appreciations.own-ratings")
