"""Staff accounts: organizers and the teaching team. They hold no registration (so no seat, no
check-in line, no export row); who may give them their role, where each lands after logging in.

A role is given or taken back only by `grant` and `revoke`, which the invitations, the admin's
account actions and the commands call: each one is kept (RoleGrant) with who did it and when.
Who reads the shared cahiers is the teaching team: only a superuser gives that role, so an
organizer cannot make an address they control a reader of every shared cahier; the participant
who shares sees the readers by name (cahier/sharing.py)."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM
from inscriptions.models import RoleGrant

# The groups an invitation may give, in the order the form offers them. A speaker's account is the
# team's too: it holds no seat (intervenants/accounts.py).
INVITABLE_ROLES = (TEACHING_TEAM, ORGANIZERS_GROUP, SPEAKERS)


def _is_organizer(user):
    return user.groups.filter(name=ORGANIZERS_GROUP).exists()


def may_invite(user):
    """Superusers and organizers invite (organizers: other organizers only, see `roles_given_by`)."""
    return user.is_active and (user.is_superuser or _is_organizer(user))


def roles_given_by(user):
    """The roles `user` may give: every one for a superuser; an organizer, the organizers' and the
    speakers' roles (the teaching team reads participants' cahiers: a superuser's decision)."""
    if user is None:  # a command run on the server
        return INVITABLE_ROLES
    if not user.is_active:
        return ()
    if user.is_superuser:
        return INVITABLE_ROLES
    return (ORGANIZERS_GROUP, SPEAKERS) if _is_organizer(user) else ()


def _by_name(by):
    return (by.get_full_name() or by.email) if by else "Commande sur le serveur"


def grant(user, role, *, by, by_name=None):
    """Gives `role` to `user`, kept with who and when. `by`: the account that decides (None: a command
    on the server). Raises PermissionDenied, changing nothing, when `by` may not give that role."""
    if role not in roles_given_by(by):
        raise PermissionDenied(role)
    with transaction.atomic():
        user.groups.add(Group.objects.get(name=role))
        if role == ORGANIZERS_GROUP and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        RoleGrant.objects.create(
            user=user,
            user_email=user.email,
            role=role,
            action=RoleGrant.Action.GRANTED,
            by=by,
            by_name=by_name or _by_name(by),
            at=timezone.now(),
        )


def revoke(user, role, *, by, by_name=None):
    """Takes `role` back from `user`, kept with who and when (the same rule as `grant`)."""
    if role not in roles_given_by(by):
        raise PermissionDenied(role)
    with transaction.atomic():
        user.groups.remove(Group.objects.get(name=role))
        RoleGrant.objects.create(
            user=user,
            user_email=user.email,
            role=role,
            action=RoleGrant.Action.REVOKED,
            by=by,
            by_name=by_name or _by_name(by),
            at=timezone.now(),
        )


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
