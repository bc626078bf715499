"""The group Organisateurs runs the registrations: it sees and changes them, checks people in
and sees attestations. It never gets the user accounts (nor the cahier).

The programme's own migration creates the group too: get_or_create, so order doesn't matter.
"""

from django.db import migrations

ORGANIZERS_GROUP = "Organisateurs"  # programme.roles.ORGANIZERS_GROUP; a migration keeps its own copy
PERMISSIONS = {
    "registration": ["view", "change"],
    "attendance": ["view", "add", "change", "delete"],
    "attestation": ["view"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations (post_migrate); this one needs
    # them now. The stub app config has no models module, which reads as "no models".
    app_config = apps.get_app_config("inscriptions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="inscriptions", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ORGANIZERS_GROUP).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="inscriptions"))


class Migration(migrations.Migration):
    dependencies = [
        ("inscriptions", "0002_registrations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
