import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from automne.roles import ORGANIZERS_GROUP, SPEAKERS, TEACHING_TEAM


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
    remises = {
        ("remises", f"{action}_{model}")
        for model in ("assignment", "gradeband", "criterion", "criterionlevel")
        for action in actions
    }
    # Sessions' materials, the links of speakers to their accounts (seen and removed, made by invitation),
    # the questionnaires and the results of the evaluations (supports/, intervenants/, appreciations/).
    evaluations = (
        {("supports", f"{action}_material") for action in actions}
        | {("intervenants", "view_speakeraccount"), ("intervenants", "delete_speakeraccount")}
        | {("appreciations", f"{action}_{model}") for action in actions for model in ("questionnaire", "question")}
        | {("appreciations", "results_questionnaire")}
    )
    assert codenames(ORGANIZERS_GROUP) == programme | cahier | inscriptions | remises | evaluations


@pytest.mark.django_db
def test_organizers_get_no_accounts_and_no_answers():
    granted = {codename for _, codename in codenames(ORGANIZERS_GROUP)}
    private = (
        "_user",
        "_group",
        "_permission",
        "_answer",
        "_answerrevision",
        "_drawing",
        "_comment",
        "_notebook",
        "_handin",
        "_handinanswer",
        "_handindrawing",
        "_assessment",
        "_criterionscore",
        "_publication",
        "_extension",
    )
    private += ("_respondent", "_sessionrating", "_ratingauthor", "_ratingseal", "_speakerphoto")
    assert {c for c in granted if c.endswith(private)} == set()


@pytest.mark.django_db
def test_teaching_team_has_no_admin_permission():
    assert codenames(TEACHING_TEAM) == set()


@pytest.mark.django_db
def test_speakers_have_no_admin_permission():
    assert codenames(SPEAKERS) == set()


@pytest.mark.django_db(transaction=True)
def test_groups_come_back_after_a_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert sorted(Group.objects.values_list("name", flat=True)) == [SPEAKERS, ORGANIZERS_GROUP, TEACHING_TEAM]
    assert len(codenames(ORGANIZERS_GROUP)) == 36 + 16 + 8 + 16 + 4 + 2 + 9
