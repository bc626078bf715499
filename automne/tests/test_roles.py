import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from automne.roles import ORGANIZERS_GROUP, TEACHING_TEAM


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db
def test_organizers_have_exactly_programme_registrations_and_cahier_structure():
    actions = ("view", "add", "change", "delete")
    programme = {
        ("programme", f"{action}_{model}")
        for model in (
            "edition",
            "partner",
            "day",
            "timeslot",
            "room",
            "speaker",
            "session",
            "sessionspeaker",
            "occurrence",
        )
        for action in actions
    }
    cahier = {
        ("cahier", f"{action}_{model}")
        for model in ("level", "page", "prompt", "guidingquestion")
        for action in actions
    }
    inscriptions = {
        ("inscriptions", "view_registration"),
        ("inscriptions", "change_registration"),
        ("inscriptions", "view_attestation"),
        ("inscriptions", "change_attestation"),  # correct or revoke, with a reason
    } | {("inscriptions", f"{action}_attendance") for action in actions}
    assert codenames(ORGANIZERS_GROUP) == programme | cahier | inscriptions


@pytest.mark.django_db
def test_organizers_get_no_accounts_and_no_answers():
    granted = {codename for _, codename in codenames(ORGANIZERS_GROUP)}
    private = ("_user", "_group", "_permission", "_answer", "_answerrevision", "_drawing", "_comment", "_notebook")
    assert {c for c in granted if c.endswith(private)} == set()


@pytest.mark.django_db
def test_teaching_team_has_no_admin_permission():
    assert codenames(TEACHING_TEAM) == set()


@pytest.mark.django_db(transaction=True)
def test_groups_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert sorted(Group.objects.values_list("name", flat=True)) == [ORGANIZERS_GROUP, TEACHING_TEAM]
    assert len(codenames(ORGANIZERS_GROUP)) == 36 + 16 + 8
