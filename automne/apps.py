from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AutomneConfig(AppConfig):
    name = "automne"
    verbose_name = "Site"

    def ready(self):
        from automne.roles import sync_groups_after_migrate

        # Once per migrate or flush: auth's signal comes after every app of ours has its tables.
        post_migrate.connect(
            sync_groups_after_migrate, sender=self.apps.get_app_config("auth"), dispatch_uid="automne.sync_groups"
        )
