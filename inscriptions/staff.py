"""Staff accounts: organizers and the teaching team. They hold no registration (so no seat, no
check-in line, no export row); who may invite them, and where each lands after logging in."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM

# The groups an invitation may give, in the order the form offers them. A speaker's account is the
# team's too: it holds no seat (intervenants/accounts.py).
INVITABLE_ROLES = (TEACHING_TEAM, ORGANIZERS_GROUP, SPEAKERS)


def may_invite(user):
    """Superusers and organizers invite the teaching team and other organizers."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=ORGANIZERS_GROUP).exists())


def may_check_in(user):
    """Checking people in at the door is the organizers' (the permission on attendances)."""
    return user.is_active and user.has_perm("inscriptions.add_attendance")


def is_staff_account(user):
    """An organizer's or a teacher's account, which never registers for the school."""
    return user.is_staff or user.groups.filter(name__in=INVITABLE_ROLES).exists()


def with_team_flag(users):
    """Users, each with `in_teaching_team`, computed in the query that loads them: the header
    shows the shared cahiers to the teaching team without a query of its own on every page."""
    from django.contrib.auth.models import Group

    team = Group.objects.filter(name=TEACHING_TEAM, user=OuterRef("pk"))
    return users.annotate(in_teaching_team=Exists(team))


def landing_url(user):
    """Where a login leads: the teaching team to the shared cahiers, organizers to the admin, speakers
    to their space, participants to « Mon espace »."""
    if user.groups.filter(name=TEACHING_TEAM).exists():
        return reverse("cahier:team")
    if not user.is_staff and user.groups.filter(name=SPEAKERS).exists():
        return reverse("intervenants:space")
    if user.is_staff:
        return reverse("admin:index")
    return reverse("inscriptions:account")
