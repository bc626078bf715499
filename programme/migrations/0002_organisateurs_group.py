"""The group « Organisateurs »: everything needed to run the programme, nothing on accounts.

The names are written out here (not imported from programme.roles) so that this
migration keeps doing what it did when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Organisateurs"
MODELS = ("edition", "partner", "day", "timeslot", "room", "speaker", "session", "sessionspeaker", "occurrence")
ACTIONS = ("view", "add", "change", "delete")


def create_group(apps, schema_editor):
    # On a fresh database, permissions are only created after all migrations
    # (post_migrate): create this app's now. The stub app config has no models
    # module, which create_permissions takes as "no models": say it has some.
    app_config = apps.get_app_config("programme")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = Permission.objects.filter(content_type__app_label="programme", codename__in=codenames)
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
