"""Who may read a notebook: its owner, and the teaching team once the owner shared it. The sharing page
names each reader (`readers`); only a superuser makes someone a reader (inscriptions/staff.py)."""

from django.contrib.auth import get_user_model

from automne.roles import TEACHING_TEAM


def is_teaching_team(user):
    return user.is_authenticated and user.groups.filter(name=TEACHING_TEAM).exists()


def shared_notebook_owner_or_none(reader, owner_id, edition):
    """The owner of the notebook of `edition` that `reader` may read: their own, or one shared with
    the teaching team."""
    owners = get_user_model().objects.filter(pk=owner_id)
    if reader.pk == owner_id:
        return owners.first()
    if not is_teaching_team(reader):
        return None
    return owners.filter(notebooks__edition=edition, notebooks__shared_with_team=True).first()


def readers():
    """Who reads a notebook shared with the teaching team: its active members, by name, each with the
    date the role was given (inscriptions/staff.py keeps it), in one query."""
    from django.db.models import OuterRef, Subquery

    from inscriptions.models import RoleGrant

    given = RoleGrant.objects.filter(user=OuterRef("pk"), role=TEACHING_TEAM, action=RoleGrant.Action.GRANTED)
    return list(
        get_user_model()
        .objects.filter(groups__name=TEACHING_TEAM, is_active=True)
        .annotate(member_since=Subquery(given.order_by("-at").values("at")[:1]))
        .order_by("last_name", "first_name", "email")
    )
