"""People of every role, for the tests of materials, the speakers' space and evaluations."""

from django.contrib.auth.models import Group

from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM
from inscriptions.tests.factories import make_user
from intervenants.models import SpeakerAccount


def make_in_group(group, email=None, **fields):
    user = make_user(email, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def make_organizer(email=None):
    return make_in_group(ORGANIZERS_GROUP, email, is_staff=True)


def make_teacher(email=None):
    return make_in_group(TEACHING_TEAM, email)


def make_speaker_account(speaker, email=None, user=None):
    """An account speaking for `speaker` (a new speaker's account, unless `user` is given)."""
    user = user or make_in_group(SPEAKERS, email, first_name=speaker.given_name, last_name=speaker.family_name)
    SpeakerAccount.objects.create(user=user, speaker=speaker)
    return user
