"""The group « Équipe pédagogique » (reads shared cahiers), and the cahier's structure for organizers.

Names are written out here so that this migration keeps doing what it did when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEACHING_TEAM = "Équipe pédagogique"
ORGANIZERS = "Organisateurs"
# The structure only: organizers never get a permission on participants' answers.
STRUCTURE = ("level", "page", "prompt", "guidingquestion")
ACTIONS = ("view", "add", "change", "delete")


def create_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=TEACHING_TEAM)

    app_config = apps.get_app_config("cahier")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in STRUCTURE for action in ACTIONS]
    permissions = Permission.objects.filter(content_type__app_label="cahier", codename__in=codenames)
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS)
    organizers.permissions.add(*permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=TEACHING_TEAM).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cahier", "0001_initial"),
        ("programme", "0002_organisateurs_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_group)]
