"""The site's groups and exactly what each may do, in one place.

Kept in step after every `migrate` and every `flush` (post_migrate): a new database,
a test database emptied between tests and a newly added model all end up with the
same groups. Organizers run the programme and the registrations and edit the cahier's
structure; they never get accounts nor participants' answers. The teaching team
reads only the cahiers shared with it, through the site, not the admin. Speakers (« intervenant·e·s »)
have no permission in the admin: their space on the site (intervenants/) is the only place they
write, and only in their own sessions and profile.

Organizers add sessions' materials and write the questionnaire of each edition; they read the
evaluations' results (`appreciations.results_questionnaire`, a permission of its own), never an
answer as a row: answers, ratings and who has answered have no admin page and no permission.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

ORGANIZERS_GROUP = "Organisateurs"
TEACHING_TEAM = "Équipe pédagogique"
SPEAKERS = "Intervenant·e·s"

ALL = ("view", "add", "change", "delete")
PROGRAMME_MODELS = (
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
CAHIER_STRUCTURE = ("level", "page", "prompt", "guidingquestion")
# The hand-in's rules, scale and rubric (remises/admin.py); never the hand-ins nor the assessments.
HAND_IN_RULES = ("assignment", "gradeband", "criterion", "criterionlevel")

PERMISSIONS = {
    ORGANIZERS_GROUP: {
        "programme": dict.fromkeys(PROGRAMME_MODELS, ALL),
        "inscriptions": {
            "registration": ("view", "change"),
            "attendance": ALL,
            # Correct or revoke, with a reason (inscriptions/attestations.py); never add nor delete one.
            "attestation": ("view", "change"),
        },
        "cahier": dict.fromkeys(CAHIER_STRUCTURE, ALL),
        "remises": dict.fromkeys(HAND_IN_RULES, ALL),
        "supports": {"material": ALL},
        "intervenants": {"speakeraccount": ("view", "delete")},
        "appreciations": {"questionnaire": (*ALL, "results"), "question": ALL},
    },
    TEACHING_TEAM: {},
    SPEAKERS: {},
}


def sync_groups(using=DEFAULT_DB_ALIAS, apps=global_apps):
    """Creates the groups and gives each exactly its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in {label for grants in PERMISSIONS.values() for label in grants}:
        # Permissions may not exist yet: post_migrate reaches this before auth creates them.
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps)
    available = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.using(using).select_related("content_type")
    }
    for name, grants in PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(
            [
                available[(app_label, f"{action}_{model}")]
                for app_label, models in grants.items()
                for model, actions in models.items()
                for action in actions
            ]
        )


def sync_groups_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    sync_groups(using=using, apps=apps)
